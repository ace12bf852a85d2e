"""Draw Mermaid diagrams as text with termaid (pure: no Textual here).

The course's diagrams put ``<br/>`` inside node labels; termaid reads a
literal ``\\n`` as a line break inside a label, so the adapter rewrites the
HTML break first. When termaid cannot draw a diagram, callers show its
source instead: :func:`draw` never raises.

termaid's edge router takes time and memory that grow very fast with some
graphs (a 7×7 bipartite graph: 11 s and 3 GB; a star of 200 leaves: minutes),
so each drawing is bounded (:mod:`.bounded`): past :data:`DRAW_SECONDS` or
:data:`DRAW_MEMORY`, it is abandoned and the diagram is shown as its source.
Drawings are cached by source, so a diagram is drawn (or abandoned) once.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from docker_lab.course.bounded import Overrun, bounded

#: Longest time one diagram may take to draw (the course's draw in under 20 ms).
DRAW_SECONDS = 1.0
#: Most memory one drawing may add.
DRAW_MEMORY = 512 * 1024 * 1024

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


def draw(source: str, seconds: float = DRAW_SECONDS) -> Diagram:
    """Draw a Mermaid diagram as Unicode box art, in at most ``seconds``.

    Args:
        source: the Mermaid source (without the fence).
        seconds: the time the drawing may take (at most :data:`DRAW_SECONDS` is cached).

    Returns:
        A :class:`Diagram`; when termaid fails, draws nothing or takes too long,
        ``drawn`` is False and ``text`` is the original source.
    """
    if seconds >= DRAW_SECONDS:
        return _draw_cached(source)
    return _draw(source, seconds)


@functools.lru_cache(maxsize=256)
def _draw_cached(source: str) -> Diagram:
    return _draw(source, DRAW_SECONDS)


def _draw(source: str, seconds: float) -> Diagram:
    try:
        import termaid

        text = _trim(str(bounded(
            lambda: termaid.render(prepare(source), padding_x=2, padding_y=0),
            seconds=seconds, memory=DRAW_MEMORY)))
    except Overrun as over:
        return Diagram(source, source.strip(), False, (
            f"diagramme trop complexe à dessiner ({over.reason}) : simplifiez-le ou "
            "découpez-le en plusieurs diagrammes"))
    except Exception:  # termaid may raise anything on input it does not know (in English)
        return Diagram(source, source.strip(), False, "diagramme non dessinable (syntaxe non "
                                                      "reconnue)")
    if not text.strip():
        return Diagram(source, source.strip(), False, "diagramme non dessinable (résultat vide)")
    return Diagram(source, text, True)
