"""The lessons sidebar and the console's box: the learning screen's plain containers."""

from __future__ import annotations

from textual.containers import Vertical
from textual.widgets import Static


class LessonsSidebar(Static):
    """The course outline, listed beside the lesson on wide terminals."""

    DEFAULT_CSS = """
    LessonsSidebar {
        border: round $primary;
        border-title-color: $text-primary;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """


class ConsoleBox(Vertical):
    """Holds the console; can be zoomed."""

    DEFAULT_CSS = """
    ConsoleBox { border: round $primary; }
    ConsoleBox:focus-within { border: round $accent; }
    ConsoleBox > * { height: 1fr; }
    """

    ALLOW_MAXIMIZE = True
