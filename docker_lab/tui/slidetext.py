"""Cut a slide's Markdown into parts the lesson pane renders (pure, no Textual).

A slide becomes a list of :class:`Part`: runs of Markdown, Mermaid diagrams
(drawn as text) and shell code blocks (numbered, sendable to the console).
Other fenced blocks (YAML...) stay inside the Markdown runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from markdown_it import MarkdownIt

#: Fence languages whose blocks the student can send to the console.
SHELL_LANGUAGES = frozenset({"bash", "sh", "shell", "console", "zsh", "shell-session"})

PartKind = Literal["markdown", "mermaid", "shell"]


@dataclass(frozen=True)
class Part:
    """One piece of a slide.

    Attributes:
        kind: ``markdown``, ``mermaid`` or ``shell``.
        text: the Markdown, the Mermaid source or the shell code.
        language: the fence's language (shell parts).
        number: 1-based number of a shell block within the slide, else 0.
    """

    kind: PartKind
    text: str
    language: str = ""
    number: int = 0


_MD = MarkdownIt("commonmark")


def split_slide(body: str) -> list[Part]:
    """Split a slide body into Markdown, Mermaid and shell parts, in order."""
    lines = body.splitlines()
    parts: list[Part] = []
    cursor = 0
    shell_count = 0

    def flush(end: int) -> None:
        chunk = "\n".join(lines[cursor:end]).strip("\n")
        if chunk.strip():
            parts.append(Part("markdown", chunk))

    for token in _MD.parse(body):
        if token.type != "fence" or token.map is None or token.level != 0:
            continue
        language = token.info.strip().split(" ")[0].lower() if token.info.strip() else ""
        if language == "mermaid":
            kind: PartKind = "mermaid"
        elif language in SHELL_LANGUAGES:
            kind = "shell"
        else:
            continue
        start, end = token.map
        flush(start)
        code = token.content.rstrip("\n")
        if kind == "shell":
            shell_count += 1
            parts.append(Part("shell", code, language, shell_count))
        else:
            parts.append(Part("mermaid", code, language))
        cursor = end
    flush(len(lines))
    return parts


def typed_text(code: str) -> str:
    """Return a shell block as the student would type it.

    Comment-only and blank lines are left out (a student does not type them);
    every other line is kept verbatim, so ``\\`` continuation lines and
    here-documents arrive whole. A ``$ `` prompt in front of a command
    (console transcripts) is removed.
    """
    typed: list[str] = []
    continuing = False
    for raw in code.splitlines():
        line = raw.rstrip()
        if not continuing:
            stripped = line.lstrip()
            if not stripped or stripped.startswith("#"):
                continue
            if stripped.startswith("$ "):
                line = stripped[2:]
        typed.append(line)
        continuing = line.endswith("\\")
    return "\n".join(typed)


def display_safe(text: str) -> str:
    """Return *text* with emoji variation selectors removed.

    U+FE0F asks terminals to draw the previous character as a two-column
    emoji while width tables count it as one column: borders then shift.
    Without the selector every terminal and Textual agree on the width.
    """
    return text.replace("\ufe0f", "")
