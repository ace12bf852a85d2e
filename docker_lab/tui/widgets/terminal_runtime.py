"""Process-wide bookkeeping for console shells: their environment and a last-resort cleanup.

Every running shell is registered; if the interpreter exits without the widget
being unmounted (a crash, an unhandled exception), an ``atexit`` hook still ends
the shells' sessions so no process is left behind.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import threading
from collections.abc import Mapping

from docker_lab.tui.widgets.terminal_pty import PtyProcess

_LIVE: set[PtyProcess] = set()
_LOCK = threading.Lock()
_UTF8_LOCALE = "C.UTF-8"


def build_env(extra: Mapping[str, str], columns: int, lines: int) -> dict[str, str]:
    """The environment of a console shell.

    Inherits the app's environment without Textual's own variables, declares an
    xterm with 256 colours and true colour, the size, a UTF-8 locale when none is
    set, then applies ``extra``.

    Args:
        extra: Variables that override everything else (e.g. PS1 in tests).
        columns: Terminal width.
        lines: Terminal height.

    Returns:
        The complete environment.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
    env.update(TERM="xterm-256color", COLORTERM="truecolor")
    env.update(COLUMNS=str(columns), LINES=str(lines))
    if not any(env.get(name) for name in ("LC_ALL", "LC_CTYPE", "LANG")):
        env["LC_CTYPE"] = _UTF8_LOCALE
    env.update(extra)
    return env


def register(process: PtyProcess) -> None:
    """Remember a running shell for the exit hook."""
    with _LOCK:
        _LIVE.add(process)


def unregister(process: PtyProcess) -> None:
    """Forget a shell that has been ended."""
    with _LOCK:
        _LIVE.discard(process)


def live_processes() -> list[PtyProcess]:
    """Shells started by consoles and not yet ended."""
    with _LOCK:
        return list(_LIVE)


@atexit.register
def end_all() -> None:
    """End every console's shell and what it started (exit hook, SIGHUP, SIGTERM)."""
    for process in live_processes():
        with contextlib.suppress(Exception):
            process.terminate(timeout=0.5)
        unregister(process)
