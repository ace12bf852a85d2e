"""The live console as the rest of the app sees it: has it the focus, can it be typed into."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from textual.app import App

from docker_lab.tui.widgets.console import Console

#: The id of the console widget (the real one and its stand-ins in tests).
CONSOLE_ID = "console"


@runtime_checkable
class Typist(Protocol):
    """A console that commands can be typed into (the live console, a test's recorder)."""

    def send_text(self, text: str, execute: bool = True) -> None:
        """Type *text*, then Enter when *execute*."""


def console_focused(app: App[Any], *, fullscreen: bool = False) -> bool:
    """Whether the console has the focus (and, with *fullscreen*, runs a full-screen program)."""
    focused = app.focused
    if focused is None or focused.id != CONSOLE_ID:
        return False
    return not fullscreen or (isinstance(focused, Console) and focused.fullscreen)
