"""The instructors' reference of the check kinds, generated from the registry.

The README holds it between two markers; a test keeps the two equal. To rewrite it::

    python -m docker_lab.checks.doc README.md
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from docker_lab.checks.registry import CheckKind, kinds

BEGIN = "<!-- types de vérification : début (généré par python -m docker_lab.checks.doc) -->"
END = "<!-- types de vérification : fin -->"


def _kind_text(kind: CheckKind[Any]) -> list[str]:
    lines = [f"- **`{kind.name}`** : {kind.summary}."]
    if kind.uses_answer:
        lines[0] += " L'étudiant saisit une valeur (étape à réponse)."
    for field in kind.fields:
        mark = " (obligatoire)" if field.required else ""
        lines.append(f"  - `{field.name}`{mark} — {field.doc}")
    return lines


def reference() -> str:
    """The Markdown list of every check kind with its parameters (``*``: required)."""
    lines: list[str] = []
    for name in sorted(kinds()):
        lines += _kind_text(kinds()[name])
    return "\n".join(lines) + "\n"


def block() -> str:
    """The reference between its markers, as it stands in the README."""
    return f"{BEGIN}\n\n{reference()}\n{END}"


def replace_block(text: str) -> str:
    """*text* with its generated block replaced by the current reference.

    Raises:
        ValueError: the markers are missing.
    """
    start, end = text.index(BEGIN), text.index(END) + len(END)
    return text[:start] + block() + text[end:]


def main(argv: list[str]) -> int:
    """Rewrite the reference in the given Markdown file (README.md by default)."""
    path = Path(argv[0] if argv else "README.md")
    text = path.read_text(encoding="utf-8")
    try:
        new = replace_block(text)
    except ValueError:
        print(f"{path} : marqueurs absents ({BEGIN!r} … {END!r}).", file=sys.stderr)
        return 1
    if new != text:
        path.write_text(new, encoding="utf-8")
        print(f"{path} : référence des types de vérification mise à jour.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
