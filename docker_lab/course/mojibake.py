"""Repair double-encoded UTF-8 ("mojibake") and restore truncated emoji (pure).

A deck that was UTF-8, decoded as a Windows code page (cp1252 or cp1254) and
encoded to UTF-8 again reads ``RÃ©seaux`` for ``Réseaux`` and ``ğŸ”’`` for ``🔒``.

Two passes, line by line (line numbers never change):

1. This module decodes each implausible run of characters (ftfy's own detector,
   :func:`ftfy.badness.is_bad`, decides what is implausible) back to bytes of
   the code page and then to UTF-8. Where the code page had no character for a
   byte (0x81, 0x8D, 0x8F, 0x90, 0x9D, plus 0x8E and 0x9E for cp1254) the byte
   was *lost*: the sequence is truncated (``ğŸŒ``, ``ï¸``). Each possible lost
   byte is re-inserted at each possible place and the results that decode to an
   assigned character (:mod:`unicodedata`) are the candidates; :mod:`._emoji`
   chooses one. Every restoration is reported as a guess; a sequence with no
   usable candidate is removed and reported as ambiguous.
2. :func:`ftfy.fix_text` then repairs whatever else it recognises (other code
   pages, text encoded more than twice, C1 controls). It runs second because on
   a truncated sequence followed by a space its "inconsistent UTF-8" fixer
   silently takes the space for byte 0xA0 (``ğŸŒ ok`` → ``🌠ok``). Its options
   that would change the text beyond the encoding (curly quotes, ligatures,
   widths, HTML entities, normalisation) are off: code must stay verbatim.

Only sequences that ftfy's own detector (:func:`ftfy.badness.is_bad`) finds
implausible are touched, so correct French (``âge``, ``naïf``, ``sécurité\xa0:``)
is never altered.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass

import ftfy
from ftfy.badness import is_bad

from docker_lab.course._emoji import choose

#: Bytes that have no character in each code page (so were lost on decoding).
LOST_BYTES = {
    "cp1252": (0x81, 0x8D, 0x8F, 0x90, 0x9D),
    "cp1254": (0x81, 0x8D, 0x8E, 0x8F, 0x90, 0x9D, 0x9E),
}

#: Characters that betray mojibake left in a text (used by checks and tests).
MOJIBAKE_PATTERN = re.compile(
    "Ã[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
    "|Â[\u0080-\u00bf]|â€|â[œš„Œ]|ğŸ|Ÿ[\u0080-\u00bf\u0152-\u2122]|ï¸|\ufffd"
)

# cp1254-only characters that, followed by a continuation byte, are mojibake leads.
_CP1254_LEADS = "ğĞİ"

_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=False,  # would also take a space for 0xA0
    replace_lossy_sequences=False,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=False,
    normalization=None,
)


@dataclass(frozen=True)
class RepairNote:
    """What the repair had to guess or could not repair, on one line.

    Attributes:
        line: 1-based line number in the text.
        fragment: the damaged characters as they appeared.
        chosen: the restored character(s), ``""`` when removed or left.
        candidates: every assigned character the lost bytes could give.
        message: the French explanation.
    """

    line: int
    fragment: str
    chosen: str
    candidates: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class Repair:
    """The repaired text, what was guessed, and whether anything was double-encoded."""

    text: str
    notes: tuple[RepairNote, ...]
    changed: bool


def find_mojibake(text: str) -> list[tuple[int, str]]:
    """Return ``(line, excerpt)`` for every mojibake trace left in ``text``."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        for match in MOJIBAKE_PATTERN.finditer(line):
            found.append((number, match.group(0)))
    return found


def repair(text: str) -> Repair:
    """Repair double encoding and truncated emoji in ``text``.

    Args:
        text: the decoded (UTF-8) text of a document.

    Returns:
        The repaired text (same number of lines), one note per guess or
        ambiguity, and whether the text changed.
    """
    code_page = _code_page(text)
    lines = text.split("\n")
    notes: list[RepairNote] = []
    for index, line in enumerate(lines):
        lines[index] = _repair_line(line, index + 1, code_page, notes)
    result = ftfy.fix_text("\n".join(lines), _FTFY_CONFIG)
    return Repair(text=result, notes=tuple(notes), changed=result != text)


def _code_page(text: str) -> str:
    """cp1254 when a Turkish-only letter leads a mojibake sequence, else cp1252."""
    for match in re.finditer(f"[{_CP1254_LEADS}]", text):
        after = _byte(text[match.end():match.end() + 1], "cp1254")
        if after is not None and 0x80 <= after <= 0xBF:
            return "cp1254"
    return "cp1252"


def _byte(char: str, code_page: str) -> int | None:
    if not char:
        return None
    try:
        encoded = char.encode(code_page)
    except UnicodeEncodeError:
        return None
    return encoded[0] if len(encoded) == 1 else None


def _needed(lead: int) -> int:
    """Total length of a UTF-8 sequence from its lead byte (0 if not a lead)."""
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


def _repair_line(line: str, number: int, code_page: str, notes: list[RepairNote]) -> str:
    out: list[str] = []
    i = 0
    while i < len(line):
        lead = _byte(line[i], code_page) if ord(line[i]) > 0x7F else None
        need = _needed(lead) if lead is not None else 0
        if lead is None or need == 0:
            out.append(line[i])
            i += 1
            continue
        cont: list[int] = []
        j = i + 1
        while j < len(line) and len(cont) < need - 1:
            value = _byte(line[j], code_page) if ord(line[j]) > 0x7F else None
            if value is None or not 0x80 <= value <= 0xBF:
                break
            cont.append(value)
            j += 1
        if not cont or not is_bad(_run(line, i, j)):
            out.append(line[i])  # correct text (« sécurité\xa0: », « voilà »)
            i += 1
            continue
        if len(cont) == need - 1:  # complete: a sequence ftfy left (next to a damaged one)
            whole = _decode(bytes([lead, *cont]))
            out.append(whole or line[i])
            i = j if whole else i + 1
            continue
        fragment = line[i:j]
        candidates = _candidates(bytes([lead, *cont]), need, LOST_BYTES[code_page])
        previous = out[-1] if out else ""
        chosen, why = choose(candidates, line, previous)
        notes.append(RepairNote(number, fragment, chosen, tuple(candidates),
                                _message(number, fragment, chosen, candidates, why)))
        out.append(chosen)
        i = j
    return "".join(out)


def _run(line: str, start: int, end: int) -> str:
    """The run of non-ASCII, non-space characters around ``line[start:end]``."""
    while start > 0 and ord(line[start - 1]) > 0x7F and not line[start - 1].isspace():
        start -= 1
    while end < len(line) and ord(line[end]) > 0x7F and not line[end].isspace():
        end += 1
    return line[start:end]


def _candidates(present: bytes, need: int, lost: tuple[int, ...]) -> list[str]:
    """Every assigned character obtained by inserting lost bytes into ``present``."""
    missing = need - len(present)
    found: list[str] = []
    for places in itertools.combinations(range(1, need), missing):
        for values in itertools.product(lost, repeat=missing):
            attempt = list(present)
            for place, value in zip(places, values, strict=True):
                attempt.insert(place, value)
            char = _decode(bytes(attempt))
            if char and char not in found:
                found.append(char)
    return found


def _decode(sequence: bytes) -> str:
    """The assigned character ``sequence`` encodes in UTF-8, or ``""``."""
    try:
        char = sequence.decode("utf-8")
    except UnicodeDecodeError:
        return ""
    return char if unicodedata.category(char) not in ("Cn", "Co", "Cs") else ""


def _show(char: str) -> str:
    if unicodedata.category(char) == "Mn":
        return f"U+{ord(char):04X}"
    return char


def _message(number: int, fragment: str, chosen: str, candidates: list[str], why: str) -> str:
    listed = " ".join(_show(c) for c in candidates[:12])
    more = " …" if len(candidates) > 12 else ""
    if chosen:
        others = [c for c in candidates if c != chosen]
        tail = f" ; autres possibles : {' '.join(_show(c) for c in others[:8])}" if others else ""
        return (f"ligne {number} : séquence tronquée « {fragment} » restaurée en "
                f"« {_show(chosen)} » (deviné : {why}{tail})")
    return (f"ligne {number} : séquence tronquée « {fragment} » ambiguë "
            f"({len(candidates)} caractères possibles : {listed}{more}) : supprimée, "
            "à corriger à la main")
