"""The live console: a real shell on a PTY, drawn by a pyte terminal emulator.

Keys go to the shell (Ctrl-C included; it copies a mouse selection if there is one)
except F6 (« Sortir de la console », in the footer), ``Console.PASSTHROUGH_KEYS`` and
the app's *priority* bindings. Shift+PgUp/PgDn and the wheel scroll the history.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import ClassVar

from textual import events, on
from textual.binding import Binding, BindingType
from textual.selection import Selection
from textual.strip import Strip
from textual.widget import Widget

from docker_lab.paths import os_reason
from docker_lab.tui.widgets import terminal_messages as messages
from docker_lab.tui.widgets.terminal_keys import key_to_bytes, pasted_text, typed_text
from docker_lab.tui.widgets.terminal_marks import FinishedCommand
from docker_lab.tui.widgets.terminal_pty import default_shell
from docker_lab.tui.widgets.terminal_screen import TerminalScreen
from docker_lab.tui.widgets.terminal_session import TerminalSession
from docker_lab.tui.widgets.terminal_shellrc import ShellLaunch, prepare, scripts_folder
from docker_lab.tui.widgets.terminal_view import TerminalView


class Console(Widget, can_focus=True):
    """A terminal emulator widget running a shell.

    Args:
        shell: Command to run; defaults to ``$SHELL``, else bash, else sh.
        cwd: Working directory of the shell (the exercise's directory).
        env: Extra environment variables (override the inherited ones).
        autostart: Start the shell when the widget is mounted.
        integration: Start bash and zsh with the shell integration, so that the console
            reports each command run (:mod:`~docker_lab.tui.widgets.terminal_shellrc`).
        history: Lines of scrollback kept.
        name: Widget name.
        id: Widget id.
        classes: CSS classes.
    """

    DEFAULT_CSS = """
    Console { width: 1fr; height: 1fr; min-height: 3; background: #121212; color: #d0d0d0; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "f6", "leave", "Sortir", key_display="F6", show=True, priority=True,
            tooltip="Sortir de la console (c ou F6 pour y revenir)",
        ),
        Binding("shift+pageup", "scroll_history(-1)", "Historique ↑", show=False, priority=True),
        Binding("shift+pagedown", "scroll_history(1)", "Historique ↓", show=False, priority=True),
    ]
    PASSTHROUGH_KEYS: ClassVar[frozenset[str]] = frozenset({"f1"})
    """Keys left to the app's bindings even while the console has focus."""
    FRAME_INTERVAL: ClassVar[float] = 1 / 60
    OUTPUT_INTERVAL: ClassVar[float] = 0.25

    Exited = messages.ConsoleExited
    Output = messages.ConsoleOutput
    ShellStarted = messages.ConsoleShellStarted
    CommandStarted = messages.ConsoleCommandStarted
    CommandFinished = messages.ConsoleCommandFinished

    def __init__(
        self,
        shell: Sequence[str] | None = None,
        cwd: Path | None = None,
        env: Mapping[str, str] | None = None,
        *,
        autostart: bool = True,
        integration: bool = True,
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
        self.integration = integration
        self.launch: ShellLaunch | None = None
        self._screen = TerminalScreen(80, 24, history=history)
        self._session = TerminalSession(
            self._screen, self._on_output, self._on_exit,
            on_command_started=lambda command: self.post_message(
                self.CommandStarted(self, command)),
            on_command_finished=self._command_finished)
        self._view = TerminalView(self._screen)
        self._return_code: int | None = None
        throttle = messages.Throttle
        self._frame = throttle(self.FRAME_INTERVAL, self._paint, self.set_timer)
        self._signal_output = throttle(self.OUTPUT_INTERVAL, self._post_output, self.set_timer)

    @property
    def shell_running(self) -> bool:
        """True while the shell is alive."""
        return self._session.running

    @property
    def pid(self) -> int | None:
        """Process id of the shell (also its session and process group id)."""
        process = self._session.process
        return process.pid if process is not None else None

    @property
    def return_code(self) -> int | None:
        """Exit code of the last shell that ended; None while running or before start."""
        return self._return_code

    @property
    def history_offset(self) -> int:
        """How many lines the view is scrolled back into the history (0 = live)."""
        return self._view.offset

    @property
    def fullscreen(self) -> bool:
        """True while a full-screen program (less, vim, top) uses the alternate screen."""
        return self._screen.in_alternate_screen

    @property
    def running_command(self) -> str | None:
        """The command line running now (shell integration); None at the prompt."""
        return self._session.tracker.command

    @property
    def terminal_size(self) -> tuple[int, int]:
        """The emulated terminal's (columns, lines)."""
        return self._screen.columns, self._screen.lines

    def start(self) -> None:
        """Start the shell in ``cwd`` (no-op when one already runs)."""
        if self._session.process is not None:
            return
        self.on_resize()
        folder = scripts_folder() if self.integration else None
        launch = prepare(self.shell, {**os.environ, **self.env}, folder)
        try:
            self._session.start(launch.argv, self.cwd, {**self.env, **launch.env})
        except OSError as error:
            shell, reason = " ".join(self.shell), os_reason(error)
            self._on_exit(127, messages.START_FAILED.format(shell=shell, error=reason))
            return
        self._return_code = None
        self.launch = launch
        self.post_message(self.ShellStarted(self, launch.name, launch.integrated))

    def restart(self) -> None:
        """End the current shell (if any) and start a new one on the same screen."""
        self.close()
        self._screen.soft_reset()
        self._view.invalidate()
        self.refresh()
        self.start()

    def close(self) -> None:
        """End the shell and every process it started; close the PTY. Idempotent."""
        self._session.close()

    def send_text(self, text: str, execute: bool = True) -> None:
        """Type text into the shell as the student would, line by line (see ``typed_text``).

        Args:
            text: The command(s), e.g. a code block from a slide.
            execute: Press Enter after the last line too.
        """
        if self._session.process is None:
            self.start()
        self._to_live()
        self._session.write(typed_text(text, execute).encode())

    def display_lines(self) -> list[str]:
        """The emulator's current screen, one string per line (trailing spaces removed)."""
        return self._screen.text_lines()

    def screen_text(self) -> str:
        """The emulator's current screen as text."""
        return "\n".join(self.display_lines())

    def history_lines(self) -> list[str]:
        """The scrollback (oldest first), without the current screen."""
        return self._screen.history_text()

    def scroll_history(self, lines: int) -> None:
        """Scroll the view back (negative) or forward (positive) by ``lines``."""
        if self._view.scroll(lines):
            self.refresh()

    def action_leave(self) -> None:
        """Move focus to the next widget (out of the console)."""
        target = self.screen.focus_next()
        if target is None or target is self:
            self.screen.set_focus(None)

    def action_scroll_history(self, pages: int) -> None:
        """Scroll the history by pages (Shift+PgUp / Shift+PgDn)."""
        self.scroll_history(pages * max(1, self._screen.lines - 1))

    def on_mount(self) -> None:
        """Start the shell once the widget has its size."""
        if self.autostart:
            self.call_after_refresh(self._autostart)

    def _autostart(self) -> None:
        if self._session.process is None and self._return_code is None and self.is_attached:
            self.start()

    def on_unmount(self) -> None:
        """Quitting leaves no shell behind."""
        self.close()

    def on_resize(self, event: events.Resize | None = None) -> None:
        """The PTY follows the widget's size (the shell gets SIGWINCH)."""
        width, height = self.size
        size = (width, height)
        if width >= 2 and height >= 1 and size != self.terminal_size:
            self._session.resize(*size)
            self._view.invalidate()

    async def on_key(self, event: events.Key) -> None:
        """Send the key to the shell as a terminal would."""
        if event.key in self.PASSTHROUGH_KEYS:
            return
        if event.key in ("ctrl+c", "ctrl+shift+c") and self.text_selection is not None:
            event.stop()  # like a terminal: Ctrl+C copies a selection, else interrupts
            self.app.copy_to_clipboard(self.screen.get_selected_text() or "")
            self.screen.clear_selection()
            self.notify("Sélection copiée.", timeout=2)
            return
        if not self._session.running:
            if event.key == "enter" and self._return_code is not None:
                event.stop()
                self.restart()
            return
        data = key_to_bytes(event.key, event.character, app_cursor=self._screen.app_cursor_keys)
        if data is None:
            return
        event.stop()
        event.prevent_default()
        self._to_live()
        self._session.write(data)

    def on_paste(self, event: events.Paste) -> None:
        """Pasted text goes to the shell (bracketed when the program asked for it)."""
        if not self._session.running:
            return
        event.stop()
        self._to_live()
        self._session.write(pasted_text(event.text, self._screen.bracketed_paste).encode())

    @on(events.MouseScrollUp)
    @on(events.MouseScrollDown)
    def _wheel(self, event: events.MouseScrollUp | events.MouseScrollDown) -> None:
        """The wheel scrolls the history, or sends arrow keys to a full-screen program."""
        event.stop()
        lines = 3 if isinstance(event, events.MouseScrollDown) else -3
        if not self._screen.in_alternate_screen:
            self.scroll_history(lines)
        elif self._session.running:
            key = "down" if lines > 0 else "up"
            data = key_to_bytes(key, None, app_cursor=self._screen.app_cursor_keys) or b""
            self._session.write(data * abs(lines))

    @on(events.Focus)
    @on(events.Blur)
    def _show_or_hide_cursor(self) -> None:
        self._view.invalidate()
        self.refresh()

    def notify_style_update(self) -> None:
        """Theme or CSS changed: redraw every line."""
        super().notify_style_update()
        self._view.invalidate()

    def render_line(self, y: int) -> Strip:
        """Render one line of the emulated screen."""
        width = self.size.width
        if y >= self._screen.lines:
            return Strip.blank(width, self.rich_style)
        show_cursor = self.has_focus and self._session.running
        strip = self._view.line(y, self.rich_style, show_cursor)
        if (selection := self.text_selection) is not None:
            style = self.screen.get_component_rich_style("screen--selection")
            strip = self._view.selected(strip, selection.get_span(y), style)
        return strip.adjust_cell_length(width, self.rich_style).apply_offsets(0, y)

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The text selected with the mouse (copied with Ctrl+C, see ``on_key``)."""
        text = selection.extract(self._view.text(self.rich_style))
        return "\n".join(line.rstrip() for line in text.split("\n")), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        """Redraw with (or without) the selection highlighted."""
        self.refresh()

    def _on_output(self) -> None:
        self._frame()
        self._signal_output()

    def _command_finished(self, finished: FinishedCommand) -> None:
        self.post_message(self.CommandFinished(self, finished))

    def _post_output(self) -> None:
        self.post_message(self.Output(self))

    def _on_exit(self, code: int, notice: str | None = None) -> None:
        self._return_code = code
        self._screen.soft_reset()
        text = notice or messages.EXIT_MESSAGE.format(code=code)
        self._session.feed(f"\r\n\x1b[0;1;7m {text} \x1b[0m\r\n".encode())
        self._frame()
        self.post_message(self.Exited(self, code))

    def _to_live(self) -> None:
        if self._view.to_live():
            self.refresh()

    def _paint(self) -> None:
        self._view.take_changes()
        self.refresh()
