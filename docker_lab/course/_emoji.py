"""Choosing the character a truncated mojibake sequence most likely was (pure).

A lost byte can usually be re-inserted in several ways: ``ğŸŒ`` gives 14 assigned
characters (🌁 🌍 🌐 🍌 🐌 …), so "exactly one assigned candidate" almost never
happens for an emoji. The choice is therefore made in steps, and the caller
reports every choice as a guess:

1. a single assigned candidate is taken;
2. a variation selector after a symbol is the emoji selector U+FE0F;
3. among the candidates found in :data:`USUAL` — emoji common in technical
   slides, one per idea, best first — one whose hint word appears on the same
   line wins (« ping » → 🏓), else the best ranked;
4. otherwise nothing is chosen (the sequence is ambiguous).
"""

from __future__ import annotations

import unicodedata

#: Emoji common in technical decks, most usual first (one per idea).
USUAL = (
    "✅❌⚠🚀🔒🔑🌐🏠🏢🏗🎯📝📋📊📈📉📌📦📂📄📚💡💬💾💻🖥🔧🔨🛠⚙🔍🔗🔄🔥✨⭐⚡"
    "⚖🐳🐛🧪🧩🧱🧰🛡🚫🛑🚦🚧🚨🔔📡🗄🗂🗑🤔👉👍💪🤝🧠🎉🎓🏓⏱⌛☁📱"
)

#: Words that, on the same line, make a less usual emoji the better guess.
HINTS = {
    "🏓": ("ping",),
    "🎓": ("formation", "diplôme", "étudiant"),
    "🐳": ("docker ", "baleine"),
}

EMOJI_SELECTOR = "\ufe0f"


def choose(candidates: list[str], line: str, previous: str) -> tuple[str, str]:
    """Pick the most likely candidate.

    Args:
        candidates: the assigned characters the lost bytes could give, in order.
        line: the whole line (for hint words).
        previous: the character just before the damaged sequence.

    Returns:
        ``(chosen, reason)``; ``chosen`` is ``""`` when nothing fits well enough.
    """
    if len(candidates) == 1:
        return candidates[0], "seul caractère possible"
    if (EMOJI_SELECTOR in candidates and previous
            and unicodedata.category(previous) == "So"):
        return EMOJI_SELECTOR, f"sélecteur de présentation emoji après « {previous} »"
    usual = sorted((c for c in candidates if c in USUAL), key=USUAL.index)
    if not usual:
        return "", ""
    lowered = line.lower()
    for char in usual:
        for word in HINTS.get(char, ()):
            if word in lowered:
                return char, f"le mot « {word.strip()} » sur la ligne"
    if len(usual) == 1:
        return usual[0], f"seul emoji usuel parmi {len(candidates)} candidats"
    return usual[0], f"emoji usuel le mieux classé parmi {len(candidates)} candidats"
