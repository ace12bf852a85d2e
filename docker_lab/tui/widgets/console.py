"""The live console: a real shell on a PTY, drawn by a pyte terminal emulator.

Keys typed while the console has focus go to the shell (Ctrl-C included), except
F6, which moves focus out of the console (« Sortir de la console », shown in the
footer), the keys in ``Console.PASSTHROUGH_KEYS`` (F1, the help screen) and the
app's *priority* bindings (Textual's Ctrl+Q quit and Ctrl+P command palette).
Shift+PgUp/PgDn and the mouse wheel scroll back through the history.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import ClassVar

import pyte
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget

from docker_lab.tui.widgets.terminal_keys import key_to_bytes
from docker_lab.tui.widgets.terminal_pty import PtyProcess, default_shell
from docker_lab.tui.widgets.terminal_render import render_cells
from docker_lab.tui.widgets.terminal_runtime import build_env, register, unregister
from docker_lab.tui.widgets.terminal_screen import TerminalScreen

EXIT_MESSAGE = "Le shell s'est terminé (code {code}). Entrée pour relancer."
START_FAILED = "Impossible de lancer le shell {shell} : {error}"


class Console(Widget, can_focus=True):
    """A terminal emulator widget running a shell.

    Args:
        shell: Command to run; defaults to ``$SHELL``, else bash, else sh.
        cwd: Working directory of the shell (the exercise's directory).
        env: Extra environment variables (override the inherited ones).
        autostart: Start the shell when the widget is mounted.
        history: Lines of scrollback kept.
        name: Widget name.
        id: Widget id.
        classes: CSS classes.
    """

    DEFAULT_CSS = """
    Console {
        width: 1fr;
        height: 1fr;
        min-height: 3;
        background: #121212;
        color: #d0d0d0;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "f6", "leave", "Sortir de la console", key_display="F6", show=True, priority=True
        ),
        Binding("shift+pageup", "scroll_history(-1)", "Historique ↑", show=False, priority=True),
        Binding("shift+pagedown", "scroll_history(1)", "Historique ↓", show=False, priority=True),
    ]
    PASSTHROUGH_KEYS: ClassVar[frozenset[str]] = frozenset({"f1"})
    """Keys left to the app's bindings even while the console has focus."""
    FRAME_INTERVAL: ClassVar[float] = 1 / 60
    OUTPUT_INTERVAL: ClassVar[float] = 0.25
    READ_SIZE: ClassVar[int] = 32768

    class Exited(Message):
        """The shell ended (``return_code``: exit status, 128+N for signal N)."""

        def __init__(self, console: Console, return_code: int) -> None:
            super().__init__()
            self.console = console
            self.return_code = return_code

        @property
        def control(self) -> Console:
            """The console whose shell ended."""
            return self.console

    class Output(Message):
        """The shell printed something.

        Posted at most every ``OUTPUT_INTERVAL`` seconds, and once more after the
        last output of a burst.
        """

        def __init__(self, console: Console) -> None:
            super().__init__()
            self.console = console

        @property
        def control(self) -> Console:
            """The console that received output."""
            return self.console

    def __init__(
        self,
        shell: Sequence[str] | None = None,
        cwd: Path | None = None,
        env: Mapping[str, str] | None = None,
        *,
        autostart: bool = True,
        history: int = 5000,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.shell: list[str] = list(shell) if shell else default_shell()
        self.cwd: Path | None = cwd
        self.env: dict[str, str] = dict(env or {})
        self.autostart = autostart
        self._screen = TerminalScreen(80, 24, history=history)
        self._screen.on_response = self._write_text
        self._stream = pyte.ByteStream(self._screen)
        self._process: PtyProcess | None = None
        self._return_code: int | None = None
        self._scroll_offset = 0
        self._seen_history = 0
        self._cache: dict[int, Strip] = {}
        self._cursor_drawn: tuple[int, int] | None = None
        self._last_frame = 0.0
        self._frame_pending = False
        self._last_output = 0.0
        self._output_pending = False
        self._poll_timer: Timer | None = None

    # -- public API ------------------------------------------------------------------
    @property
    def shell_running(self) -> bool:
        """True while the shell is alive."""
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int | None:
        """Process id of the shell (also its session and process group id)."""
        return self._process.pid if self._process is not None else None

    @property
    def return_code(self) -> int | None:
        """Exit code of the last shell that ended, None while running or before start."""
        return self._return_code

    @property
    def history_offset(self) -> int:
        """How many lines the view is scrolled back into the history (0 = live)."""
        return self._scroll_offset

    @property
    def fullscreen(self) -> bool:
        """True while a full-screen program (less, vim, top) uses the alternate screen."""
        return bool(self._screen.in_alternate_screen)

    @property
    def terminal_size(self) -> tuple[int, int]:
        """The emulated terminal's (columns, lines)."""
        return self._screen.columns, self._screen.lines

    def start(self) -> None:
        """Start the shell (no-op when it already runs)."""
        if self._process is not None:
            return
        columns, lines = self._wanted_size() or self.terminal_size
        self._resize_screen(columns, lines)
        env = build_env(self.env, columns, lines)
        try:
            process = PtyProcess(self.shell, cwd=self.cwd, env=env, columns=columns, lines=lines)
        except OSError as error:
            shell = " ".join(self.shell)
            self._show_notice(START_FAILED.format(shell=shell, error=error.strerror or error))
            self._return_code = 127
            self.post_message(self.Exited(self, 127))
            return
        self._process = process
        self._return_code = None
        register(process)
        asyncio.get_running_loop().add_reader(process.fd, self._on_readable)
        self._poll_timer = self.set_interval(0.25, self._check_exit)

    def restart(self) -> None:
        """End the current shell (if any) and start a new one on the same screen."""
        self.close()
        self._screen.soft_reset()
        self._invalidate()
        self.start()

    def close(self) -> None:
        """End the shell and every process it started; close the PTY. Idempotent."""
        process = self._process
        if process is None:
            return
        self._unwatch(process)
        process.terminate(timeout=1.0)
        unregister(process)
        self._process = None

    def send_text(self, text: str, execute: bool = True) -> None:
        """Type text into the shell as the student would, line by line.

        Continuation lines (ending in ``\\``) and several commands are typed with
        an Enter after each line; tabs become spaces so they do not trigger
        completion.

        Args:
            text: The command(s), e.g. a code block from a slide.
            execute: Press Enter after the last line too.
        """
        lines = text.replace("\r\n", "\n").expandtabs(4).strip("\n").split("\n")
        typed = "\r".join(line.rstrip() for line in lines)
        if execute:
            typed += "\r"
        if self._process is None:
            self.start()
        self._scroll_to_live()
        self._write_text(typed)

    def display_lines(self) -> list[str]:
        """The emulator's current screen, one string per line (trailing spaces removed)."""
        return [line.rstrip() for line in self._screen.display]

    def screen_text(self) -> str:
        """The emulator's current screen as text."""
        return "\n".join(self.display_lines())

    def history_lines(self) -> list[str]:
        """The scrollback (oldest first), without the current screen."""
        columns = self._screen.columns
        return [
            "".join(line[x].data for x in range(columns)).rstrip() for line in self._screen.history
        ]

    def scroll_history(self, lines: int) -> None:
        """Scroll the view back (negative) or forward (positive) by ``lines``."""
        limit = 0 if self._screen.in_alternate_screen else len(self._screen.history)
        offset = max(0, min(limit, self._scroll_offset - lines))
        if offset != self._scroll_offset:
            self._scroll_offset = offset
            self._invalidate()

    # -- actions ---------------------------------------------------------------------
    def action_leave(self) -> None:
        """Move focus to the next widget (out of the console)."""
        target = self.screen.focus_next()
        if target is None or target is self:
            self.screen.set_focus(None)

    def action_scroll_history(self, pages: int) -> None:
        """Scroll the history by pages (Shift+PgUp / Shift+PgDn)."""
        self.scroll_history(pages * max(1, self._screen.lines - 1))

    # -- Textual events --------------------------------------------------------------
    def on_mount(self) -> None:
        """Start the shell once the widget has its size."""
        if self.autostart:
            self.call_after_refresh(self._autostart)

    def _autostart(self) -> None:
        if self._process is None and self._return_code is None and self.is_attached:
            self.start()

    def on_unmount(self) -> None:
        """Quitting leaves no shell behind."""
        self.close()

    def on_resize(self, event: events.Resize) -> None:
        """The PTY follows the widget's size (the shell gets SIGWINCH)."""
        size = self._wanted_size()
        if size is not None and size != self.terminal_size:
            self._resize_screen(*size)
            if self._process is not None:
                self._process.resize(*size)

    async def on_key(self, event: events.Key) -> None:
        """Send the key to the shell as a terminal would."""
        if event.key in self.PASSTHROUGH_KEYS:
            return
        if not self.shell_running:
            if event.key == "enter" and self._process is None and self._return_code is not None:
                event.stop()
                self.restart()
            return
        data = key_to_bytes(event.key, event.character, app_cursor=self._screen.app_cursor_keys)
        if data is None:
            return
        event.stop()
        event.prevent_default()
        self._scroll_to_live()
        self._write(data)

    def on_paste(self, event: events.Paste) -> None:
        """Pasted text goes to the shell (bracketed when the program asked for it)."""
        if not self.shell_running:
            return
        event.stop()
        text = event.text.replace("\r\n", "\r").replace("\n", "\r")
        if self._screen.bracketed_paste:
            text = f"\x1b[200~{text}\x1b[201~"
        self._scroll_to_live()
        self._write_text(text)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        """Wheel up: history, or arrow keys in a full-screen program."""
        event.stop()
        self._wheel(-3)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        """Wheel down: history, or arrow keys in a full-screen program."""
        event.stop()
        self._wheel(3)

    def on_focus(self) -> None:
        """Show the cursor."""
        self._invalidate()

    def on_blur(self) -> None:
        """Hide the cursor."""
        self._invalidate()

    def notify_style_update(self) -> None:
        """Theme or CSS changed: redraw every line."""
        super().notify_style_update()
        self._cache.clear()

    # -- rendering -------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        """Render one line of the emulated screen."""
        width = self.size.width
        screen = self._screen
        if y >= screen.lines:
            return Strip.blank(width, self.rich_style)
        live = self._scroll_offset == 0
        strip = self._cache.get(y) if live else None
        if strip is None:
            cursor_x = None
            if live and self._cursor_visible() and y == screen.cursor.y:
                cursor_x = min(screen.cursor.x, screen.columns - 1)
                self._cursor_drawn = (cursor_x, y)
            line = screen.view_line(y, self._scroll_offset)
            segments = render_cells(line, screen.columns, cursor_x)
            strip = Strip(segments).apply_style(self.rich_style)
            if y == 0 and not live:
                strip = self._with_scroll_badge(strip)
            if live:
                self._cache[y] = strip
        return strip.adjust_cell_length(width, self.rich_style)

    def _with_scroll_badge(self, strip: Strip) -> Strip:
        badge = f" ↑ historique : {self._scroll_offset} lignes (Maj+PgDn) "
        width = self._screen.columns
        if len(badge) >= width:
            return strip
        badge_strip = Strip([Segment(badge, self.rich_style + Style(reverse=True, bold=True))])
        return Strip.join([strip.crop(0, width - len(badge)), badge_strip])

    def _cursor_visible(self) -> bool:
        return self.has_focus and not self._screen.cursor.hidden and self.shell_running

    # -- PTY plumbing ----------------------------------------------------------------
    def _on_readable(self) -> None:
        process = self._process
        if process is None:
            return
        data = process.read(self.READ_SIZE)
        if data is None:
            self._finish()
            return
        if data:
            self._feed(data)

    def _feed(self, data: bytes) -> None:
        self._stream.feed(data)
        self._signal_output()
        self._schedule_frame()

    def _signal_output(self) -> None:
        """Post ``Output`` now, or once at the end of the interval (leading and trailing)."""
        if self._output_pending:
            return
        delay = self._last_output + self.OUTPUT_INTERVAL - time.monotonic()
        if delay > 0:
            self._output_pending = True
            self.set_timer(delay, self._post_output)
        else:
            self._post_output()

    def _post_output(self) -> None:
        self._output_pending = False
        self._last_output = time.monotonic()
        self.post_message(self.Output(self))

    def _check_exit(self) -> None:
        if self._process is not None and self._process.poll() is not None:
            self._finish()

    def _finish(self) -> None:
        """The shell ended: show its code, end what it left behind, tell the app."""
        process = self._process
        if process is None:
            return
        while data := process.read(self.READ_SIZE):
            self._stream.feed(data)
        self._unwatch(process)
        self._process = None
        code = process.wait(timeout=0.5)
        # End what the shell left running (background jobs) off the UI thread.
        task = asyncio.get_running_loop().run_in_executor(None, process.terminate, 1.0)
        task.add_done_callback(lambda _: unregister(process))
        if code is None:
            code = 0
        self._return_code = code
        self._screen.soft_reset()
        self._show_notice(EXIT_MESSAGE.format(code=code))
        self.post_message(self.Exited(self, code))

    def _unwatch(self, process: PtyProcess) -> None:
        if self._poll_timer is not None:
            self._poll_timer.stop()
            self._poll_timer = None
        if process.fd >= 0:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                return
            loop.remove_reader(process.fd)
            loop.remove_writer(process.fd)

    def _show_notice(self, text: str) -> None:
        self._stream.feed(f"\r\n\x1b[0;1;7m {text} \x1b[0m\r\n".encode())
        self._schedule_frame()

    def _write_text(self, text: str) -> None:
        self._write(text.encode("utf-8", "surrogateescape"))

    def _write(self, data: bytes) -> None:
        process = self._process
        if process is None or process.fd < 0:
            return
        if process.write(data):
            asyncio.get_running_loop().add_writer(process.fd, self._on_writable)

    def _on_writable(self) -> None:
        process = self._process
        if process is not None and process.fd >= 0 and not process.flush():
            asyncio.get_running_loop().remove_writer(process.fd)

    # -- screen bookkeeping ----------------------------------------------------------
    def _wanted_size(self) -> tuple[int, int] | None:
        width, height = self.size
        if width < 2 or height < 1:
            return None
        return width, height

    def _resize_screen(self, columns: int, lines: int) -> None:
        if (columns, lines) != self.terminal_size:
            self._screen.resize(lines, columns)
            self._invalidate()

    def _wheel(self, lines: int) -> None:
        if self._screen.in_alternate_screen:
            if self.shell_running:
                key = "down" if lines > 0 else "up"
                data = key_to_bytes(key, None, app_cursor=self._screen.app_cursor_keys) or b""
                self._write(data * abs(lines))
        else:
            self.scroll_history(lines)

    def _scroll_to_live(self) -> None:
        if self._scroll_offset:
            self._scroll_offset = 0
            self._invalidate()

    def _invalidate(self) -> None:
        self._cache.clear()
        self._seen_history = self._screen.history_added
        self.refresh()

    def _schedule_frame(self) -> None:
        """Coalesce repaints to at most one per FRAME_INTERVAL."""
        if self._frame_pending:
            return
        delay = self._last_frame + self.FRAME_INTERVAL - time.monotonic()
        if delay <= 0:
            self._frame()
        else:
            self._frame_pending = True
            self.set_timer(delay, self._frame)

    def _frame(self) -> None:
        self._frame_pending = False
        self._last_frame = time.monotonic()
        screen = self._screen
        added = screen.history_added - self._seen_history
        self._seen_history = screen.history_added
        if self._scroll_offset and added:  # keep the same lines in view while output flows
            self._scroll_offset = min(len(screen.history), self._scroll_offset + added)
            self._cache.clear()
        for y in screen.dirty:
            self._cache.pop(y, None)
        screen.dirty.clear()
        if self._cursor_drawn is not None:
            self._cache.pop(self._cursor_drawn[1], None)
        self._cache.pop(screen.cursor.y, None)
        self.refresh()
