"""What the console shows: the live screen or a part of the history, as cached Strips."""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from docker_lab.tui.widgets.terminal_render import render_cells
from docker_lab.tui.widgets.terminal_screen import TerminalScreen

BADGE = " ↑ historique : {count} lignes (Maj+PgDn) "
_BADGE_STYLE = Style(reverse=True, bold=True)


class TerminalView:
    """Scroll position, cursor and a per-line cache of rendered strips.

    Live lines are cached and dropped when pyte marks them dirty; history views are
    rendered on demand.

    Args:
        screen: The emulator screen to show.
    """

    def __init__(self, screen: TerminalScreen) -> None:
        self.screen = screen
        self.offset = 0
        self._cache: dict[int, Strip] = {}
        self._cursor_row: int | None = None
        self._seen_history = screen.history_added

    def invalidate(self) -> None:
        """Forget every cached line (size, focus, theme or scroll changed)."""
        self._cache.clear()
        self._seen_history = self.screen.history_added

    def scroll(self, lines: int) -> bool:
        """Scroll back (negative) or forward (positive); True if the view moved."""
        limit = 0 if self.screen.in_alternate_screen else len(self.screen.history)
        offset = max(0, min(limit, self.offset - lines))
        if offset == self.offset:
            return False
        self.offset = offset
        self.invalidate()
        return True

    def to_live(self) -> bool:
        """Back to the live screen; True if the view moved."""
        return self.scroll(self.offset)

    def take_changes(self) -> None:
        """Drop the cached lines the emulator changed since the last frame.

        While scrolled back, the view follows the lines it shows as new output
        pushes them further into the history.
        """
        screen = self.screen
        added = screen.history_added - self._seen_history
        self._seen_history = screen.history_added
        if self.offset and added:
            self.offset = min(len(screen.history), self.offset + added)
            self._cache.clear()
        for y in screen.dirty:
            self._cache.pop(y, None)
        screen.dirty.clear()
        if self._cursor_row is not None:
            self._cache.pop(self._cursor_row, None)
        self._cache.pop(screen.cursor.y, None)

    def text(self, base: Style) -> str:
        """The text of the rows shown, as drawn (the basis for mouse selection)."""
        lines = (self.line(y, base, False).text.rstrip() for y in range(self.screen.lines))
        return "\n".join(lines)

    def selected(self, strip: Strip, span: tuple[int, int] | None, style: Style) -> Strip:
        """``strip`` with the characters ``span`` (end -1: to the end) in ``style``."""
        if span is None:
            return strip
        start, end = span
        end = len(strip.text) if end < 0 else end
        if end <= start:
            return strip
        left, right = cell_len(strip.text[:start]), cell_len(strip.text[:end])
        middle = Strip(Segment.apply_style(strip.crop(left, right), post_style=style))
        return Strip.join([strip.crop(0, left), middle, strip.crop(right)])

    def line(self, y: int, base: Style, show_cursor: bool) -> Strip:
        """The strip for row ``y`` (``screen.columns`` cells wide).

        Args:
            y: Row in the view.
            base: The widget's style (default colours) under the cells' own.
            show_cursor: Draw the cursor (the widget has focus, the shell runs).

        Returns:
            The rendered line.
        """
        screen = self.screen
        live = self.offset == 0
        strip = self._cache.get(y) if live else None
        if strip is not None:
            return strip
        cursor_x = None
        if live and show_cursor and not screen.cursor.hidden and y == screen.cursor.y:
            cursor_x = min(screen.cursor.x, screen.columns - 1)
            self._cursor_row = y
        segments = render_cells(screen.view_line(y, self.offset), screen.columns, cursor_x)
        strip = Strip(segments).apply_style(base)
        if live:
            self._cache[y] = strip
        elif y == 0:
            strip = self._with_badge(strip, base)
        return strip

    def _with_badge(self, strip: Strip, base: Style) -> Strip:
        badge = BADGE.format(count=self.offset)
        width = self.screen.columns
        if len(badge) >= width:
            return strip
        badge_strip = Strip([Segment(badge, base + _BADGE_STYLE)])
        return Strip.join([strip.crop(0, width - len(badge)), badge_strip])
