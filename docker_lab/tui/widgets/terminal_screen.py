"""A pyte screen with scrollback, the alternate screen and a faster, safer ``draw``.

pyte 0.8.2's own ``HistoryScreen`` wraps every method call (about 4x slower on
``seq``-like output) and pages by mutating the live buffer; this screen keeps the
lines that scroll off the top in a bounded deque instead and leaves the live
buffer alone, so the widget can show any part of the history while output keeps
arriving. pyte also ignores the alternate screen (modes 47/1047/1049), which
full-screen programs such as ``less``, ``vim`` or ``top`` rely on to give the
shell's screen back when they quit; this screen implements it.
"""

from __future__ import annotations

import unicodedata
from collections import deque
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import pyte
from pyte import modes as mo
from pyte.screens import Char, Margins, StaticDefaultDict
from wcwidth import wcwidth

ALT_SCREEN_MODES = frozenset(m << 5 for m in (47, 1047, 1049))
DECCKM = 1 << 5
BRACKETED_PASTE = 2004 << 5
Line = StaticDefaultDict[int, Char]

_char_width: Callable[[str], int] = lru_cache(maxsize=4096)(wcwidth)


class TerminalScreen(pyte.Screen):
    """A pyte screen that keeps scrollback and supports the alternate screen.

    Args:
        columns: Width in cells.
        lines: Height in lines.
        history: Maximum number of lines kept in the scrollback.
    """

    def __init__(self, columns: int, lines: int, history: int = 5000) -> None:
        self.history: deque[Line] = deque(maxlen=history)
        self.history_added = 0
        self._saved_main: dict[int, Line] | None = None
        self.on_response: Callable[[str], None] | None = None
        super().__init__(columns, lines)

    # -- state -----------------------------------------------------------------------
    @property
    def in_alternate_screen(self) -> bool:
        """True while a full-screen program uses the alternate screen."""
        return self._saved_main is not None

    @property
    def app_cursor_keys(self) -> bool:
        """True when the program asked for application cursor keys (DECCKM)."""
        return DECCKM in self.mode

    @property
    def bracketed_paste(self) -> bool:
        """True when the program enabled bracketed paste (mode 2004)."""
        return BRACKETED_PASTE in self.mode

    def write_process_input(self, data: str) -> None:
        """Send terminal replies (cursor position, device attributes) to the program."""
        if self.on_response is not None:
            self.on_response(data)

    def reset(self) -> None:
        """Full reset (RIS, the ``reset`` command): also leaves the alternate screen."""
        self._saved_main = None
        super().reset()

    # -- scrollback ------------------------------------------------------------------
    def index(self) -> None:
        """Scroll up at the bottom margin, keeping the line that leaves the top."""
        top, bottom = self.margins or Margins(0, self.lines - 1)
        if self.cursor.y != bottom:
            self.cursor_down()
            return
        buffer = self.buffer
        gone = buffer.pop(top, None)
        if top == 0 and self._saved_main is None:
            self.history.append(gone if gone is not None else StaticDefaultDict(self.default_char))
            self.history_added += 1
        for y in range(top, bottom):  # shift without creating the missing (blank) lines
            line = buffer.pop(y + 1, None)
            if line is not None:
                buffer[y] = line
        self.dirty.update(range(self.lines))

    def erase_in_display(self, how: int = 0, *args: Any, **kwargs: Any) -> None:
        """Erase the display; ``how=3`` (``clear``) also forgets the scrollback."""
        super().erase_in_display(how, *args, **kwargs)
        if how == 3:
            self.history.clear()

    def text_lines(self) -> list[str]:
        """The current screen as text, trailing spaces removed."""
        return [line.rstrip() for line in self.display]

    def history_text(self) -> list[str]:
        """The scrollback as text (oldest first), trailing spaces removed."""
        columns = range(self.columns)
        return ["".join(line[x].data for x in columns).rstrip() for line in self.history]

    def view_line(self, y: int, offset: int) -> Line:
        """The line shown at row ``y`` when scrolled ``offset`` lines back."""
        if offset <= 0:
            return self.buffer[y]
        index = len(self.history) - offset + y
        if index < len(self.history):
            return self.history[index] if index >= 0 else StaticDefaultDict(self.default_char)
        return self.buffer[index - len(self.history)]

    # -- alternate screen ------------------------------------------------------------
    def set_mode(self, *modes: int, **kwargs: Any) -> None:
        """Set modes; entering the alternate screen saves the main one."""
        if kwargs.get("private") and self._saved_main is None:
            shifted = {m << 5 for m in modes}
            if shifted & ALT_SCREEN_MODES:
                if 1049 << 5 in shifted:
                    self.save_cursor()
                self._saved_main = dict(self.buffer)
                self.buffer.clear()
                self.dirty.update(range(self.lines))
        super().set_mode(*modes, **kwargs)

    def reset_mode(self, *modes: int, **kwargs: Any) -> None:
        """Reset modes; leaving the alternate screen restores the main one."""
        super().reset_mode(*modes, **kwargs)
        if kwargs.get("private") and self._saved_main is not None:
            shifted = {m << 5 for m in modes}
            if shifted & ALT_SCREEN_MODES:
                self.leave_alternate_screen(restore_cursor=1049 << 5 in shifted)

    def leave_alternate_screen(self, restore_cursor: bool = True) -> None:
        """Give the main screen back (also used when a program dies in full screen)."""
        if self._saved_main is None:
            return
        self.buffer.clear()
        for y, line in self._saved_main.items():
            if y < self.lines:
                for x in [x for x in line if x >= self.columns]:
                    line.pop(x)
                self.buffer[y] = line
        self._saved_main = None
        self.mode.difference_update(ALT_SCREEN_MODES)
        if restore_cursor:
            self.restore_cursor()
        self.dirty.update(range(self.lines))

    def soft_reset(self) -> None:
        """Return to a sane state after the program died (new shell on the same screen)."""
        self.leave_alternate_screen(restore_cursor=False)
        self.mode.difference_update({DECCKM, BRACKETED_PASTE, mo.IRM, mo.LNM})
        self.mode.update({mo.DECAWM, mo.DECTCEM})
        self.cursor.attrs = self.default_char
        self.cursor.hidden = False
        self.set_margins()
        if self.cursor.x:
            self.carriage_return()
            self.linefeed()

    # -- resize ----------------------------------------------------------------------
    def resize(self, lines: int | None = None, columns: int | None = None) -> None:
        """Resize, dropping lines at the top only as needed to keep the cursor visible."""
        lines = lines or self.lines
        columns = columns or self.columns
        if lines < self.lines:
            drop = max(0, self.cursor.y - (lines - 1))
            if drop:
                for y in range(drop):
                    if self._saved_main is None:
                        self.history.append(self.buffer[y])
                        self.history_added += 1
                moved = {y - drop: line for y, line in self.buffer.items() if y >= drop}
                self.buffer.clear()
                self.buffer.update(moved)
                self.cursor.y -= drop
            for y in [y for y in self.buffer if y >= lines]:
                del self.buffer[y]
            self.lines = lines
            self.dirty.update(range(lines))
        super().resize(lines, columns)
        self.set_margins()
        self.ensure_hbounds()
        self.ensure_vbounds()

    # -- drawing ---------------------------------------------------------------------
    def draw(self, data: str) -> None:
        """Draw text at the cursor.

        Fast path for printable ASCII (most output). Unlike pyte's own ``draw``, a
        zero-width character that is not a combining mark (variation selector,
        zero-width joiner) is attached to the previous cell instead of silently
        dropping the rest of the text.
        """
        data = data.translate(self.g1_charset if self.charset else self.g0_charset)
        fast = mo.DECAWM in self.mode and mo.IRM not in self.mode
        if fast and data.isascii() and data.isprintable():
            self._draw_ascii(data)
        else:
            for char in data:
                self._draw_char(char)
        self.dirty.add(self.cursor.y)

    def _wrap_if_needed(self) -> None:
        if self.cursor.x >= self.columns and mo.DECAWM in self.mode:
            self.dirty.add(self.cursor.y)
            self.carriage_return()
            self.linefeed()

    def _draw_ascii(self, data: str) -> None:
        cursor = self.cursor
        rest = tuple(cursor.attrs)[1:]
        new = tuple.__new__
        columns = self.columns
        while data:
            self._wrap_if_needed()
            room = columns - cursor.x
            chunk, data = data[:room], data[room:]
            line = self.buffer[cursor.y]
            x = cursor.x
            for ch in chunk:
                line[x] = new(Char, (ch, *rest))
                x += 1
            cursor.x = x

    def _draw_char(self, char: str) -> None:
        width = _char_width(char)
        cursor = self.cursor
        if width == 0 or (width < 0 and unicodedata.category(char) in ("Mn", "Me", "Cf")):
            self._combine(char)
            return
        if width < 0:
            return
        if cursor.x >= self.columns:
            if mo.DECAWM in self.mode:
                self._wrap_if_needed()
            else:
                cursor.x = self.columns - width
        if width == 2 and cursor.x == self.columns - 1:
            if mo.DECAWM in self.mode:  # a wide character never straddles the edge
                self.buffer[cursor.y][cursor.x] = cursor.attrs._replace(data=" ")
                cursor.x = self.columns
                self._wrap_if_needed()
            else:
                cursor.x -= 1
        if mo.IRM in self.mode:
            self.insert_characters(width)
        line = self.buffer[cursor.y]
        line[cursor.x] = cursor.attrs._replace(data=char)
        if width == 2 and cursor.x + 1 < self.columns:
            line[cursor.x + 1] = cursor.attrs._replace(data="")
        cursor.x = min(cursor.x + width, self.columns)

    def _combine(self, char: str) -> None:
        """Attach a zero-width character to the cell before the cursor."""
        x, y = self.cursor.x - 1, self.cursor.y
        if x < 0:
            if y == 0:
                return
            x, y = self.columns - 1, y - 1
        line = self.buffer[y]
        if x > 0 and line[x].data == "":  # second half of a wide character
            x -= 1
        last = line[x]
        data = last.data + char
        if unicodedata.combining(char):
            data = unicodedata.normalize("NFC", data)
        line[x] = last._replace(data=data)
        self.dirty.add(y)
