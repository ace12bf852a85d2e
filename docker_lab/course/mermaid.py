"""Draw Mermaid diagrams as text with termaid (pure: no Textual here).

The course's diagrams put ``<br/>`` inside node labels; termaid reads a
literal ``\\n`` as a line break inside a label, so the adapter rewrites the
HTML break first. When termaid cannot draw a diagram, callers show its
source instead: :func:`draw` never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


@dataclass(frozen=True)
class Diagram:
    """The outcome of drawing one diagram.

    Attributes:
        source: the Mermaid source as written in the lesson.
        text: the drawing, or the source itself when it could not be drawn.
        drawn: True when ``text`` is a drawing.
        error: a short French reason when the diagram could not be drawn.
    """

    source: str
    text: str
    drawn: bool
    error: str = ""

    @property
    def width(self) -> int:
        """The widest line of :attr:`text`, in characters."""
        return max((len(line) for line in self.text.splitlines()), default=0)


def prepare(source: str) -> str:
    """Return *source* with HTML line breaks turned into termaid's ``\\n``."""
    return _BR.sub(r"\\n", source.strip())


_VERTICAL_ONLY = frozenset(" │┊┆║")
_DIRECTION = re.compile(r"^\s*(?:graph|flowchart)\s+(TD|TB|BT|LR|RL)\b", re.IGNORECASE)


def _trim(text: str) -> str:
    """Strip blank edges and squeeze runs of identical pure-vertical lines to one.

    termaid stretches edges over many rows of bare ``│``; one row says the same
    and keeps more of the diagram on screen.
    """
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    squeezed: list[str] = []
    for line in lines:
        if squeezed and line == squeezed[-1] and set(line) <= _VERTICAL_ONLY:
            continue
        squeezed.append(line)
    return "\n".join(squeezed)


def focus_column(diagram: Diagram) -> int:
    """The column to show first: the top node's centre for top-down diagrams, else 0.

    A wide top-down diagram starts with its root in the middle; showing the
    left edge first would show mostly blank space.
    """
    match = _DIRECTION.match(diagram.source)
    if not diagram.drawn or match is None or match.group(1).upper() not in ("TD", "TB"):
        return 0
    first = diagram.text.splitlines()[0] if diagram.text else ""
    content = first.strip()
    if not content:
        return 0
    start = len(first) - len(first.lstrip())
    return start + len(content) // 2


def draw(source: str) -> Diagram:
    """Draw a Mermaid diagram as Unicode box art.

    Args:
        source: the Mermaid source (without the fence).

    Returns:
        A :class:`Diagram`; when termaid fails or draws nothing, ``drawn`` is
        False and ``text`` is the original source.
    """
    try:
        import termaid

        text = _trim(str(termaid.render(prepare(source), padding_x=2, padding_y=0)))
    except Exception:  # termaid may raise anything on input it does not know (in English)
        return Diagram(source, source.strip(), False, "diagramme non dessinable (syntaxe non "
                                                      "reconnue)")
    if not text.strip():
        return Diagram(source, source.strip(), False, "diagramme non dessinable (résultat vide)")
    return Diagram(source, text, True)
