"""A child process (the shell) on a pseudo-terminal, and how to end it cleanly.

The shell runs in its own session with the PTY as its controlling terminal, so
Ctrl-C written to the PTY reaches the foreground job as SIGINT, and every process
it starts (background jobs included) can be found again through its session id
and ended when the console closes.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Mapping, Sequence
from pathlib import Path


def default_shell() -> list[str]:
    """The user's ``$SHELL`` when it exists, else bash, else sh."""
    shell = os.environ.get("SHELL", "")
    if shell and os.path.isfile(shell) and os.access(shell, os.X_OK):
        return [shell]
    for name in ("bash", "sh"):
        found = shutil.which(name)
        if found:
            return [found]
    return ["/bin/sh"]


def set_winsize(fd: int, columns: int, lines: int) -> None:
    """Tell the terminal (and, through SIGWINCH, its programs) its size."""
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))


def get_winsize(fd: int) -> tuple[int, int]:
    """The terminal size as (columns, lines)."""
    lines, columns, _, _ = struct.unpack("HHHH", fcntl.ioctl(fd, termios.TIOCGWINSZ, b"\0" * 8))
    return columns, lines


def session_members(sid: int) -> list[int]:
    """Processes whose session id is ``sid`` (Linux /proc; empty elsewhere)."""
    members = []
    try:
        names = os.listdir("/proc")
    except OSError:
        return []
    for name in names:
        if name.isdigit():
            with contextlib.suppress(OSError):
                if os.getsid(int(name)) == sid:
                    members.append(int(name))
    return members


def is_alive(pid: int) -> bool:
    """True unless the process is gone or a zombie."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (FileNotFoundError, ProcessLookupError):
        return False
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True


class PtyProcess:
    """A program running on a new pseudo-terminal.

    Args:
        argv: The program and its arguments.
        cwd: Working directory (ignored when it does not exist).
        env: Complete environment for the program.
        columns: Initial width.
        lines: Initial height.
    """

    def __init__(
        self,
        argv: Sequence[str],
        *,
        cwd: Path | None,
        env: Mapping[str, str],
        columns: int,
        lines: int,
    ) -> None:
        master, slave = os.openpty()
        try:
            set_winsize(master, columns, lines)
            workdir = str(cwd) if cwd is not None and cwd.is_dir() else None
            self._popen = subprocess.Popen(
                list(argv),
                stdin=slave,
                stdout=slave,
                stderr=slave,
                cwd=workdir,
                env=dict(env),
                start_new_session=True,
                preexec_fn=_take_controlling_tty,
                close_fds=True,
            )
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)
        os.set_blocking(master, False)
        self.fd = master
        self.pid = self._popen.pid
        self.returncode: int | None = None
        self._pending = b""

    # -- I/O ---------------------------------------------------------------------------
    def read(self, size: int = 65536) -> bytes | None:
        """Read what the program wrote; b"" if nothing yet, None at end of output."""
        try:
            data = os.read(self.fd, size)
        except BlockingIOError:
            return b""
        except OSError as error:
            if error.errno == errno.EIO:  # every slave end closed: the program is gone
                return None
            raise
        return data or None

    def write(self, data: bytes) -> bool:
        """Queue bytes for the program; True when some are still waiting to be written."""
        self._pending += data
        return self.flush()

    def flush(self) -> bool:
        """Write as much of the queue as the PTY accepts; True if some is left."""
        while self._pending:
            try:
                written = os.write(self.fd, self._pending)
            except BlockingIOError:
                return True
            except OSError:
                self._pending = b""
                return False
            self._pending = self._pending[written:]
        return False

    def resize(self, columns: int, lines: int) -> None:
        """Change the terminal size; the kernel sends SIGWINCH to the foreground job."""
        with contextlib.suppress(OSError):
            set_winsize(self.fd, columns, lines)

    # -- life and death ----------------------------------------------------------------
    def poll(self) -> int | None:
        """The exit code (128+N when killed by signal N) once the program has ended."""
        if self.returncode is None:
            code = self._popen.poll()
            if code is not None:
                self.returncode = 128 - code if code < 0 else code
        return self.returncode

    def wait(self, timeout: float) -> int | None:
        """Wait up to ``timeout`` seconds for the program to end; its exit code or None."""
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._popen.wait(timeout=timeout)
        return self.poll()

    def terminate(self, timeout: float = 1.0) -> int | None:
        """End the program and everything it started, close the PTY, reap the child.

        Sends SIGHUP to every process of the session (what closing a terminal
        window does), waits up to ``timeout`` seconds, then SIGKILLs what is left.

        Args:
            timeout: Seconds to wait after SIGHUP before SIGKILL.

        Returns:
            The program's exit code.
        """
        sid = self.pid
        self._signal_session(sid, signal.SIGHUP)
        with contextlib.suppress(OSError):
            os.killpg(sid, signal.SIGCONT)
        if not self._wait_session(sid, timeout):
            self._signal_session(sid, signal.SIGKILL)
            self._wait_session(sid, timeout)
        self.close_fd()
        return self.wait(timeout)

    def close_fd(self) -> None:
        """Close the PTY master (idempotent)."""
        if self.fd >= 0:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = -1

    def _signal_session(self, sid: int, signum: int) -> None:
        targets = set(session_members(sid))
        if self.returncode is None:
            targets.add(self.pid)
        for pid in targets:
            with contextlib.suppress(OSError):
                os.kill(pid, signum)
        with contextlib.suppress(OSError):
            os.killpg(sid, signum)

    def _wait_session(self, sid: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while True:
            self.poll()
            alive = [pid for pid in session_members(sid) if is_alive(pid)]
            if not alive:
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.01)  # polling the kernel, not synchronising with a test


def _take_controlling_tty() -> None:
    """In the child, after setsid(): make stdin (the PTY slave) the controlling terminal."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
