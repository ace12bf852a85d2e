"""The learning screen's layout rules: widths, the lesson's share, the pane « z » zooms.

>>> pane_sizes(50, narrow=False, zoomed=False).lesson
('50fr', '100%')
>>> pane_sizes(50, narrow=False, zoomed=True).lesson     # a zoomed lesson fills the screen
('100%', '100%')
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from textual.widget import Widget

#: Below this width the panes are stacked instead of side by side.
NARROW_WIDTH = 90
#: From this width the lessons are listed in a sidebar.
WIDE_WIDTH = 150
#: Below this width the footer has no room for « g Réseaux » beside « a Répondre ».
FOOTER_ROOM = 110
#: The panes « z » can zoom (the one holding the focus; the lesson by default).
ZOOM_ORDER = ("#lesson", "#exercise", "#console-box")


class PaneSizes(NamedTuple):
    """The lesson pane's (width, height) and the right-hand side's width."""

    lesson: tuple[str, str]
    side_width: str


def pane_sizes(split: int, narrow: bool, zoomed: bool) -> PaneSizes:
    """The sizes for a lesson taking *split* percent (its share is a size of its own: zoomed,
    it would overflow the screen, so it fills it instead)."""
    if zoomed:
        return PaneSizes(("100%", "100%"), "100%" if narrow else f"{100 - split}fr")
    if narrow:
        return PaneSizes(("100%", f"{split}%"), "100%")
    return PaneSizes((f"{split}fr", "100%"), f"{100 - split}fr")


def zoom_target(focused: Widget | None, panes: Sequence[Widget]) -> Widget:
    """The pane holding *focused* (the first pane when none does)."""
    chain = set(focused.ancestors_with_self) if focused is not None else set()
    return next((pane for pane in panes if pane in chain), panes[0])
