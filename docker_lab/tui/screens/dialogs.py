"""Small modal screens: a yes/no confirmation and the key help (F1)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from docker_lab.tui.markup import escape


class ConfirmScreen(ModalScreen[bool]):
    """Ask a yes/no question; dismisses with the answer."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o,y", "answer(True)", "Oui"),
        Binding("n,escape", "answer(False)", "Non"),
    ]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__(classes="dialog-screen")
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        """Lay out the question and the two buttons."""
        with Vertical(classes="dialog"):
            yield Static(f"[b]{escape(self.question)}[/b]", classes="dialog-question")
            if self.detail:
                yield Static(escape(self.detail), classes="dialog-detail")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Oui (O)", id="yes", variant="warning")
                yield Button("Non (N)", id="no", variant="primary")

    def on_mount(self) -> None:
        """Focus « Non »: the safe answer."""
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Answer with the button pressed."""
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        """Answer from the keyboard."""
        self.dismiss(value)


def describe_keys(bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
    """Return ``(keys, description)`` rows for bindings that have a description."""
    rows: list[tuple[str, str]] = []
    for binding in bindings:
        if not isinstance(binding, Binding) or not binding.description:
            continue
        if binding.action.startswith("send_block(") and binding.key != "1":
            continue  # the number keys are one row
        if binding.action.startswith("send_block("):
            rows.append(("1 … 9", "Taper le bloc n° 1 à 9 de la diapo dans la console"))
            continue
        keys = " / ".join(_pretty(k) for k in binding.key.split(","))
        rows.append((keys, binding.tooltip or binding.description))
    return rows


_NAMES = {"left": "←", "right": "→", "up": "↑", "down": "↓", "escape": "Échap",
          "left_square_bracket": "[", "right_square_bracket": "]", "less_than_sign": "<",
          "greater_than_sign": ">", "ctrl+q": "Ctrl+Q", "ctrl+p": "Ctrl+P", "enter": "Entrée"}


def _pretty(key: str) -> str:
    key = key.strip()
    return _NAMES.get(key, key.upper() if key.startswith("f") and key[1:].isdigit() else key)


class HelpScreen(ModalScreen[None]):
    """Every key of the app, by group (F1)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f1,q", "dismiss_help", "Fermer")]

    def __init__(self, groups: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__(classes="dialog-screen")
        self.groups = groups

    def compose(self) -> ComposeResult:
        """List the keys group by group."""
        with VerticalScroll(classes="dialog help"):
            yield Static("[b]❓ Aide : toutes les touches[/b]  "
                         "[dim](Échap ou F1 pour fermer)[/dim]")
            for title, rows in self.groups:
                yield Static(Text(title, style="bold"), classes="help-title")
                table = Table.grid(padding=(0, 2))
                table.add_column(style="bold orange1", no_wrap=True)
                table.add_column(ratio=1)  # long descriptions wrap in their own column
                for keys, description in rows:
                    table.add_row(keys, description)
                yield Static(table, classes="help-keys")

    def action_dismiss_help(self) -> None:
        """Close the help."""
        self.dismiss(None)
