"""One shell session: the PTY process wired to the emulator screen on the asyncio loop.

Reads never block the UI: the PTY's fd is watched with ``loop.add_reader`` and each
callback reads at most ``read_size`` bytes, so key presses and repaints interleave
with a flood of output. Writes are queued and flushed with ``loop.add_writer`` when
the PTY is full (a large paste into a busy program).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pyte

from docker_lab.tui.widgets.terminal_marks import CommandTracker, FinishedCommand, MarkFilter
from docker_lab.tui.widgets.terminal_pty import PtyProcess
from docker_lab.tui.widgets.terminal_runtime import build_env, register, unregister
from docker_lab.tui.widgets.terminal_screen import TerminalScreen

EXIT_POLL_SECONDS = 0.25


class TerminalSession:
    """Runs programs on a PTY and feeds their output to a :class:`TerminalScreen`.

    Args:
        screen: The emulator screen that receives the output.
        on_output: Called after each chunk of output was fed to the screen.
        on_exit: Called with the exit code when the program ended by itself.
        read_size: Most bytes read per loop callback.
        on_command_started: Called with a command line when the shell starts running it
            (shell integration, see :mod:`docker_lab.tui.widgets.terminal_marks`).
        on_command_finished: Called when that command ends.
    """

    def __init__(
        self,
        screen: TerminalScreen,
        on_output: Callable[[], None],
        on_exit: Callable[[int], None],
        read_size: int = 32768,
        on_command_started: Callable[[str], object] = lambda command: None,
        on_command_finished: Callable[[FinishedCommand], object] = lambda finished: None,
    ) -> None:
        self.screen = screen
        self.stream = pyte.ByteStream(screen)
        self.process: PtyProcess | None = None
        self.read_size = read_size
        self._on_output = on_output
        self._on_exit = on_exit
        self._poll_handle: asyncio.TimerHandle | None = None
        self._marks = MarkFilter()
        self._command_events = (on_command_started, on_command_finished)
        self.tracker = CommandTracker(*self._command_events)
        screen.on_response = lambda text: self.write(text.encode("utf-8", "surrogateescape"))

    @property
    def running(self) -> bool:
        """True while the program is alive."""
        return self.process is not None and self.process.poll() is None

    def start(
        self,
        argv: Sequence[str],
        cwd: Path | None,
        extra_env: Mapping[str, str],
    ) -> None:
        """Start ``argv`` at the screen's size (must be called from the running loop).

        Raises:
            OSError: When the program cannot be started.
        """
        if self.process is not None:
            return
        columns, lines = self.screen.columns, self.screen.lines
        env = build_env(extra_env, columns, lines)
        self._marks = MarkFilter()
        self.tracker = CommandTracker(*self._command_events)
        process = PtyProcess(argv, cwd=cwd, env=env, columns=columns, lines=lines)
        self.process = process
        register(process)
        loop = asyncio.get_running_loop()
        loop.add_reader(process.fd, self._on_readable)
        self._poll_handle = loop.call_later(EXIT_POLL_SECONDS, self._poll_exit)

    def resize(self, columns: int, lines: int) -> None:
        """Resize the screen and the PTY (the program gets SIGWINCH)."""
        self.screen.resize(lines, columns)
        if self.process is not None:
            self.process.resize(columns, lines)

    def feed(self, data: bytes) -> None:
        """Show bytes on the screen as if the program had written them."""
        self.stream.feed(data)

    def write(self, data: bytes) -> None:
        """Send bytes to the program (queued when the PTY is full)."""
        process = self.process
        if process is None or process.fd < 0:
            return
        if process.write(data):
            asyncio.get_running_loop().add_writer(process.fd, self._on_writable)

    def close(self) -> None:
        """End the program and all it started, close the PTY, reap. Idempotent."""
        process = self._detach()
        if process is not None:
            process.terminate(timeout=1.0)
            unregister(process)

    # -- loop callbacks ----------------------------------------------------------------
    def _take(self, data: bytes) -> None:
        """The program's output: marks to the tracker, the rest to the screen."""
        items = self._marks.feed(data)
        for item in items:
            if isinstance(item, bytes):
                self.stream.feed(item)
        self.tracker.feed(items)

    def _on_readable(self) -> None:
        process = self.process
        if process is None:
            return
        data = process.read(self.read_size)
        if data is None:
            self._finish()
        elif data:
            self._take(data)
            self._on_output()

    def _on_writable(self) -> None:
        process = self.process
        if process is not None and process.fd >= 0 and not process.flush():
            asyncio.get_running_loop().remove_writer(process.fd)

    def _poll_exit(self) -> None:
        """Catch a shell that exited while a background job keeps the PTY open."""
        self._poll_handle = None
        if self.process is None:
            return
        if self.process.poll() is not None:
            self._finish()
        else:
            loop = asyncio.get_running_loop()
            self._poll_handle = loop.call_later(EXIT_POLL_SECONDS, self._poll_exit)

    def _finish(self) -> None:
        """The program ended: show its last output, sweep its session, report its code."""
        process = self.process
        if process is None:
            return
        while data := process.read(self.read_size):
            self._take(data)
        self._detach()
        code = process.wait(timeout=0.5)
        # End what the shell left running (background jobs) off the UI thread.
        task = asyncio.get_running_loop().run_in_executor(None, process.terminate, 1.0)
        task.add_done_callback(lambda _: unregister(process))
        self._on_output()
        self._on_exit(0 if code is None else code)

    def _detach(self) -> PtyProcess | None:
        process, self.process = self.process, None
        if self._poll_handle is not None:
            self._poll_handle.cancel()
            self._poll_handle = None
        if process is not None and process.fd >= 0:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                return process
            loop.remove_reader(process.fd)
            loop.remove_writer(process.fd)
        return process
