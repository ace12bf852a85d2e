"""Split a Markdown slide deck into slides (pure).

The deck format is the common one (Slidev, Marp, reveal.js Markdown):

- slides are separated by lines holding only ``---``; a ``---`` inside a
  fenced code block (```` ``` ```` or ``~~~``) is code, not a separator, unless
  the block is never closed and a heading follows: it is then closed before that
  separator, with a note;
- an optional front matter opens the deck: a first ``---`` … ``---`` block of
  ``key: value`` lines (e.g. ``routeAlias``); a later block made only of
  ``key: value`` lines is that slide's own front matter and is skipped;
- HTML anchors (``<a name="…" id="…"></a>``) are removed;
- a slide's title is its first ``# `` heading outside code (else its first
  heading of any level, else « Diapositive N »); the body is the rest, verbatim
  (a slide with only a title gets the body :data:`TITLE_ONLY_BODY`).

Whitespace: outside code blocks, trailing spaces are removed (a Markdown hard
break, two trailing spaces, becomes a trailing ``\\``); inside code blocks, lines
are kept verbatim except that lines holding only spaces become empty. Blank
lines around the title and at both ends of the body are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
ANCHOR = re.compile(r"<a\s+(?:(?:name|id)\s*=\s*(?:\"[^\"]*\"|'[^']*')\s*)+>\s*</a>", re.I)
HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
#: Body given to a slide that holds only its title (the lesson format wants a body).
TITLE_ONLY_BODY = "*(diapositive de titre)*"
KEY_VALUE = re.compile(r"^[A-Za-z_][\w-]*\s*:(\s|$)")


class DeckError(Exception):
    """The input is not a usable slide deck (the message is French)."""


@dataclass(frozen=True)
class DeckSlide:
    """One slide of a deck: its title, Markdown body and first line in the file."""

    number: int
    title: str
    body: str
    line: int


@dataclass(frozen=True)
class Deck:
    """A parsed deck: front matter, slides in order, and French remarks."""

    front_matter: dict[str, Any]
    slides: tuple[DeckSlide, ...]
    notes: tuple[str, ...] = field(default=())


def _is_separator(line: str) -> bool:
    return line.rstrip() == "---"


def fence_step(fence: str | None, line: str) -> tuple[str | None, bool]:
    """Fence state after ``line``, and whether ``line`` is part of a code block.

    ``fence`` is the marker of the open block (```` ``` ````, ``~~~~`` …) or ``None``.
    """
    match = FENCE.match(line)
    if fence is None:
        return (match.group(1), True) if match else (None, False)
    if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence) \
            and not line.strip()[len(match.group(1)):].strip():
        return None, True
    return fence, True


class _Ends:
    """The fence state at the end of the deck, read on from a line in a given state.

    Memoized over ``(line, state)``: asking at every separator costs linear time
    overall, not a pass over the rest of the deck each time.
    """

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.memo: dict[tuple[int, str | None], str | None] = {}

    def final(self, start: int, fence: str | None) -> str | None:
        visited: list[tuple[int, str | None]] = []
        index, state = start, fence
        result: str | None = None
        while True:
            key = (index, state)
            if key in self.memo:
                result = self.memo[key]
                break
            if index >= len(self.lines):
                result = state
                break
            visited.append(key)
            state = fence_step(state, self.lines[index])[0]
            index += 1
        for key in visited:
            self.memo[key] = result
        return result


def _swallows(lines: list[str], start: int, fence: str, ends: _Ends) -> bool:
    """Whether a block still open at a separator would swallow the next slide.

    It does when the separator is followed by a heading (a slide's title) and,
    read on from there (``lines[start:]``), the deck ends inside a code block:
    the fences of the following slides would otherwise pair up wrongly, open for closed.
    """
    following = next((line for line in lines[start:start + 1000] if line.strip()), "")
    if not HEADING.match(following):
        return False
    return ends.final(start, fence) is not None


def _chunks(lines: list[str]) -> tuple[list[tuple[int, list[str]]], list[str]]:
    """Split lines on separators outside fences: ``(first line number, lines)``, and notes.

    A code block never closed would swallow the following slides: it is closed
    at the separator before the next slide's title instead (or at the end of the
    deck), and a note says where it opened. A separator followed by a title that
    stays inside a code block (the block is closed further on) is noted too.
    """
    chunks: list[tuple[int, list[str]]] = []
    notes: list[str] = []
    current: list[str] = []
    start = opened = 1
    fence: str | None = None
    ends = _Ends(lines)
    for number, line in enumerate(lines, start=1):
        if fence is not None and _is_separator(line):
            if _swallows(lines, number, fence, ends):
                notes.append(_unclosed_note(opened, fence, f"avant la ligne « --- » {number} "
                                            "pour ne pas avaler les diapositives suivantes"))
                _close(current, fence)
                fence = None
            elif HEADING.match(next((x for x in lines[number:number + 1000] if x.strip()), "")):
                notes.append(f"ligne {number} : « --- » suivi d'un titre, mais dans le bloc de "
                             f"code « {fence} » ouvert ligne {opened} : gardé comme du code ; "
                             "ce bloc n'est-il pas refermé trop tard ?")
        before = fence
        fence, in_code = fence_step(fence, line)
        if before is None and fence is not None:
            opened = number
        if not in_code and _is_separator(line):
            chunks.append((start, current))
            current, start = [], number + 1
            continue
        current.append(line)
    if fence is not None:
        notes.append(_unclosed_note(opened, fence, "à la fin du deck"))
        _close(current, fence)
    chunks.append((start, current))
    return chunks, notes


def _close(lines: list[str], fence: str) -> None:
    """Close a code block at the end of ``lines`` (blank lines before the fence dropped)."""
    while lines and not lines[-1].strip():
        lines.pop()
    lines.append(fence)


def _unclosed_note(line: int, fence: str, where: str) -> str:
    return f"ligne {line} : bloc de code « {fence} » jamais refermé : refermé {where} ; relisez-le"


def _as_front_matter(lines: list[str]) -> dict[str, Any] | None:
    """The mapping a block of ``key: value`` lines holds, or ``None``."""
    content = [line for line in lines if line.strip()]
    if not content or not KEY_VALUE.match(content[0]):
        return None
    if any(not (KEY_VALUE.match(line) or line.startswith((" ", "\t", "#"))) for line in content):
        return None
    try:
        data = yaml.safe_load("\n".join(lines))
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) else None


def _clean(lines: list[str]) -> list[str]:
    """Remove anchors and trailing spaces outside code, blank-only lines in code."""
    out: list[str] = []
    fence: str | None = None
    for index, line in enumerate(lines):
        fence, in_code = fence_step(fence, line)
        if in_code:
            out.append("" if not line.strip() else line)
            continue
        stripped = ANCHOR.sub("", line)
        if stripped != line and not stripped.strip():
            continue  # a line that held only an anchor
        following = lines[index + 1] if index + 1 < len(lines) else ""
        hard_break = stripped.endswith("  ") and stripped.strip() and following.strip()
        stripped = stripped.rstrip()
        out.append(stripped + "\\" if hard_break else stripped)
    return out


def _trim(lines: list[str]) -> list[str]:
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


def _title(lines: list[str]) -> tuple[str, list[str], bool]:
    """Find the title heading: ``(title, remaining lines, was it a « # » heading)``."""
    best: tuple[int, str] | None = None
    fence: str | None = None
    for index, line in enumerate(lines):
        fence, in_code = fence_step(fence, line)
        heading = None if in_code else HEADING.match(line)
        if heading is None or not heading.group(2):
            continue
        if len(heading.group(1)) == 1:
            best = (index, heading.group(2))
            break
        if best is None:
            best = (index, heading.group(2))
    if best is None:
        return "", lines, False
    index, title = best
    level_one = HEADING.match(lines[index]).group(1) == "#"  # type: ignore[union-attr]
    return title, lines[:index] + lines[index + 1:], level_one


def parse_deck(text: str) -> Deck:
    """Parse a deck's (already repaired) text.

    Args:
        text: the whole deck, newlines ``\\n``.

    Returns:
        The deck; slides without any content are skipped and mentioned in ``notes``.

    Raises:
        DeckError: when no slide has a heading (not a Markdown slide deck).
    """
    chunks, notes = _chunks(text.split("\n"))
    front: dict[str, Any] = {}
    if len(chunks) > 2 and not "".join(chunks[0][1]).strip():
        data = _as_front_matter(chunks[1][1])
        if data is not None:
            front = data
            chunks = chunks[2:]
    slides: list[DeckSlide] = []
    headings = 0
    for start, raw in chunks:
        if _as_front_matter(raw) is not None and not any(HEADING.match(x) for x in raw):
            notes.append(f"ligne {start} : métadonnées de diapositive ignorées")
            continue
        lines = _trim(_clean(raw))
        if not lines:
            if "".join(raw).strip():
                notes.append(f"ligne {start} : bloc sans contenu ignoré")
            continue
        number = len(slides) + 1
        title, rest, level_one = _title(lines)
        if title:
            headings += 1
            if not level_one:
                notes.append(f"ligne {start} : diapositive {number} sans titre « # », "
                             f"titre pris du premier intertitre : « {title} »")
        else:
            title = f"Diapositive {number}"
            notes.append(f"ligne {start} : diapositive {number} sans titre, nommée « {title} »")
        body = "\n".join(_trim(rest))
        if not body:  # the lesson format wants a body: say what the slide is
            body = TITLE_ONLY_BODY
            notes.append(f"ligne {start} : diapositive {number} « {title} » sans contenu : "
                         f"corps « {TITLE_ONLY_BODY} » ajouté")
        slides.append(DeckSlide(number, title, body, start))
    if headings == 0:
        raise DeckError(
            "aucune diapositive trouvée : un deck Markdown titre ses diapositives par "
            "« # Titre » et les sépare par des lignes « --- »"
        )
    return Deck(front_matter=front, slides=tuple(slides), notes=tuple(notes))
