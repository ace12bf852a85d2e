"""The first-run dialog: the course's images are missing; prepare them now, or later.

Shown at launch when the engine lacks some of the course's images (and the
student did not already say « plus tard » for those). It lists each missing
image with the exercises it blocks, says which way setup will take (registry,
stand-ins built here, or none and what to do), and answers True (« Préparer
maintenant ») or False (« Plus tard »: the lessons stay readable).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from docker_lab.lab.imageoffer import ImageOffer
from docker_lab.tui.markup import escape


def missing_text(offer: ImageOffer) -> str:
    """One line per missing image, with the exercises it blocks (markup)."""
    lines = []
    for name in offer.missing:
        users = offer.blocked.get(name) or []
        what = (f"bloque : {escape(', '.join(users))}" if users
                else "[dim]ne bloque aucun exercice (leçons, sondes)[/dim]")
        lines.append(f"  • [b]{escape(name)}[/b] — {what}")
    return "\n".join(lines)


class FirstRunScreen(ModalScreen[bool]):
    """Offer to prepare the missing images; True: now, False: later."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,o,p", "answer(True)", "Préparer"),
        Binding("escape,l", "answer(False)", "Plus tard"),
    ]

    def __init__(self, offer: ImageOffer) -> None:
        super().__init__(classes="dialog-screen")
        self.offer = offer

    def compose(self) -> ComposeResult:
        """The missing images, the way, the two answers."""
        offer = self.offer
        count = len(offer.missing)
        with Vertical(classes="dialog firstrun", id="firstrun"):
            yield Static(f"[b]📦 Premier lancement : {count} image(s) du cours absente(s) "
                         "de Docker[/b]", classes="dialog-question")
            with VerticalScroll(classes="firstrun-list"):
                yield Static(missing_text(offer), id="firstrun-missing")
            yield Static(f"[b]Voie :[/b] {escape(offer.way)}", id="firstrun-way",
                         classes="dialog-detail")
            if not offer.possible:
                yield Static("[b]Que faire :[/b]\n" + escape(offer.fix), id="firstrun-fix")
            yield Static("Sans ces images, les commandes des exercices échouent (« pull access "
                         "denied »). Les leçons restent lisibles ; la touche [b]i[/b] les "
                         "prépare plus tard (ou : docker-lab setup).", classes="dialog-detail")
            with Horizontal(classes="dialog-buttons"):
                label = "Préparer maintenant (Entrée)" if offer.possible else \
                    "Préparer ce qui peut l'être (Entrée)"
                yield Button(label, id="prepare", variant="primary")
                yield Button("Plus tard (Échap)", id="later")

    def on_mount(self) -> None:
        """Focus « Préparer »."""
        self.query_one("#prepare", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Answer with the button pressed."""
        event.stop()
        self.dismiss(event.button.id == "prepare")

    def action_answer(self, now: bool) -> None:
        """Answer from the keyboard."""
        self.dismiss(now)
