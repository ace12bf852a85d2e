"""Helpers for Pilot tests that drive a real console (used by the console's and the app's tests).

They poll with a timeout and let the app run between polls: never a fixed sleep.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from docker_lab.tui.widgets.console import Console
from docker_lab.tui.widgets.terminal_pty import is_alive

TEST_PROMPT = "dlt$ "


def shell_env_for_tests() -> dict[str, str]:
    """Environment for a deterministic test shell (fixed prompt, no history file)."""
    return {"PS1": TEST_PROMPT, "PS2": "> ", "HISTFILE": "/dev/null", "PROMPT_COMMAND": ""}


def shell_for_tests() -> list[str]:
    """A bash that reads no startup files."""
    return ["bash", "--norc", "--noprofile"]


async def wait_for(
    pilot: Pilot[Any],
    predicate: Callable[[], bool],
    timeout: float = 10.0,
    message: str = "",
) -> None:
    """Let the app run until ``predicate()`` is true.

    Args:
        pilot: The running test's pilot.
        predicate: Condition to reach.
        timeout: Seconds before giving up.
        message: Extra text for the failure.

    Raises:
        AssertionError: When the condition is not reached in time.
    """
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not reached in {timeout} s. {message}")
        await pilot.pause(0.02)


async def wait_for_text(
    pilot: Pilot[Any], console: Console, text: str, timeout: float = 10.0
) -> None:
    """Wait until ``text`` shows on the console's screen."""
    await wait_for(
        pilot,
        lambda: text in console.screen_text(),
        timeout,
        f"{text!r} not on screen:\n{console.screen_text()}",
    )


async def wait_for_prompt(pilot: Pilot[Any], console: Console, timeout: float = 10.0) -> None:
    """Wait until the last non-empty screen line is the test prompt."""

    def at_prompt() -> bool:
        lines = [line for line in console.display_lines() if line.strip()]
        return bool(lines) and lines[-1] == TEST_PROMPT.rstrip()

    await wait_for(pilot, at_prompt, timeout, f"no prompt:\n{console.screen_text()}")


def pid_gone(pid: int) -> bool:
    """True when the process no longer exists or is a zombie."""
    return not is_alive(pid)


async def wait_until_gone(pid: int, timeout: float = 5.0) -> bool:
    """Poll (outside any app) until ``pid`` has ended."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pid_gone(pid):
            return True
        await asyncio.sleep(0.02)
    return pid_gone(pid)
