"""Preparing the course's images inside the app: ``docker-lab setup``'s own code, with bars.

The screen runs :func:`~docker_lab.engine.images.run_setup` (the code of
``docker-lab setup``) in a thread worker on its own connection to the engine;
each progress event comes back as a :class:`PrepareScreen.Progress` message and
feeds the bars (:class:`~docker_lab.tui.widgets.setup_progress.SetupProgress`).
« Annuler » sets a :class:`~docker_lab.engine.cancel.CancelToken`: setup stops
at its next step, and no course name is given to a half-made image. The screen
dismisses with a :class:`PrepareOutcome`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from docker_lab.engine.cancel import CancelToken
from docker_lab.engine.errors import EngineError
from docker_lab.engine.imageevents import Finished
from docker_lab.engine.images import ImageSpec
from docker_lab.tui.markup import escape
from docker_lab.tui.widgets.setup_progress import SetupProgress

if TYPE_CHECKING:
    from docker_lab.engine.gateway import DockerGateway

#: Seconds a silent daemon may take during a pull or a build (a long ``RUN``).
SETUP_TIMEOUT = 600


@dataclass(frozen=True)
class PrepareOutcome:
    """How the preparation ended.

    Attributes:
        ready: images now runnable.
        failed: ``(image, French reason)`` of the images setup could not make.
        cancelled: the student cancelled.
        error: French reason when setup could not run at all (Docker unreachable…).
    """

    ready: tuple[str, ...] = ()
    failed: tuple[tuple[str, str], ...] = ()
    cancelled: bool = False
    error: str = ""
    results: tuple[Finished, ...] = field(default=(), repr=False)


def outcome_text(outcome: PrepareOutcome) -> str:
    """The French summary under the bars (markup)."""
    ready = len(outcome.ready)
    if outcome.error:
        return f"[b red]✗ Préparation impossible :[/] {escape(outcome.error)}"
    if outcome.cancelled:
        return (f"[b yellow]Préparation annulée[/] : {ready} image(s) prête(s) ; les autres "
                "ne portent aucun nom du cours à moitié fait. La touche [b]i[/b] reprend.")
    if outcome.failed:
        lines = "\n".join(f"  ✗ {escape(n)} : {escape(why)}" for n, why in outcome.failed)
        return (f"[b yellow]{ready} image(s) prête(s), {len(outcome.failed)} en échec :[/]\n"
                f"{lines}\nDétails et solutions : docker-lab doctor")
    return f"[b green]✓ Tout est prêt[/] : {ready} image(s). Bon travail !"


class PrepareScreen(ModalScreen[PrepareOutcome]):
    """Prepare *names* (and their absent bases) with a bar per image and per layer."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "stop_or_close", "Annuler / Fermer"),
    ]

    class Progress(Message):
        """One event of setup (sent from the worker thread)."""

        def __init__(self, event: object) -> None:
            super().__init__()
            self.event = event

    class Ended(Message):
        """Setup returned (or could not run)."""

        def __init__(self, outcome: PrepareOutcome) -> None:
            super().__init__()
            self.outcome = outcome

    def __init__(self, names: Sequence[str], gateway_factory: Callable[[], DockerGateway],
                 catalogue: Sequence[ImageSpec] | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.names = list(names)
        self.gateway_factory = gateway_factory
        self.catalogue = catalogue
        self.token = CancelToken()
        self.outcome: PrepareOutcome | None = None

    def compose(self) -> ComposeResult:
        """The title, the bars, the summary and one button."""
        with Vertical(classes="dialog prepare", id="prepare"):
            yield Static("[b]📦 Préparation des images du cours[/b]  [dim](comme docker-lab "
                         "setup)[/dim]", classes="dialog-question")
            yield SetupProgress(self.names, id="setup-progress")
            yield Static("", id="prepare-summary")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Annuler (Échap)", id="prepare-stop", variant="warning")

    def on_mount(self) -> None:
        """Start setup at once."""
        self.query_one("#prepare-stop", Button).focus()
        self.run_setup()

    @work(thread=True, exclusive=True, exit_on_error=False, group="prepare")
    def run_setup(self) -> None:
        """Run setup (in a thread) and post its events, then its outcome."""
        from docker_lab.engine.connection import engine_errors
        from docker_lab.engine.images import run_setup

        def report(event: object) -> None:
            self.post_message(self.Progress(event))

        gateway: Any = None
        try:
            gateway = self.gateway_factory()
            gateway.client.api.timeout = SETUP_TIMEOUT
            with engine_errors():
                results = run_setup(gateway.client, only=self.names, report=report,
                                    catalogue=self.catalogue, cancel=self.token)
        except EngineError as error:
            self.post_message(self.Ended(PrepareOutcome(error=error.french())))
            return
        except Exception as error:  # a setup bug must not kill the app
            reason = f"{error.__class__.__name__}: {error}"
            self.post_message(self.Ended(PrepareOutcome(error=reason)))
            return
        finally:
            if gateway is not None:
                gateway.close()
        self.post_message(self.Ended(PrepareOutcome(
            ready=tuple(r.name for r in results if r.ok),
            failed=tuple((r.name, r.detail) for r in results if not r.ok),
            cancelled=self.token.cancelled, results=tuple(results))))

    @on(Progress)
    async def _progress(self, message: Progress) -> None:
        await self.query_one(SetupProgress).feed(message.event)

    @on(Ended)
    def _ended(self, message: Ended) -> None:
        self.outcome = message.outcome
        self.query_one("#prepare-summary", Static).update(outcome_text(message.outcome))
        button = self.query_one("#prepare-stop", Button)
        button.label, button.variant, button.disabled = "Fermer (Échap)", "primary", False
        button.focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """« Annuler » while setup runs, « Fermer » afterwards."""
        event.stop()
        self.action_stop_or_close()

    def action_stop_or_close(self) -> None:
        """Cancel setup (it stops at its next step), or close once it ended."""
        if self.outcome is not None:
            self.dismiss(self.outcome)
            return
        if not self.token.cancelled:
            self.token.cancel()
            self.query_one("#prepare-summary", Static).update(
                "[yellow]Annulation… l'étape en cours se termine, puis rien d'autre n'est "
                "fait.[/]")
            self.query_one("#prepare-stop", Button).disabled = True
