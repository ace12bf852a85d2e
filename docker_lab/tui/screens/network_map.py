"""The network map (G or F4): networks and containers, expected against actual, and the matrix.

Drawn from the live snapshot by :mod:`docker_lab.lab.maptext` (the same text as
``docker-lab map``). Thread workers read the engine and run the matrix's probes; they
talk to the screen only through its messages (DESIGN.md habit 2). While the screen is
open a worker follows the engine's events: the map is read again 0.1 s after each one,
then the matrix is probed again (its previous answers stay shown until the new ones come).
Read-only: nothing here changes the engine.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer, Vertical
from textual.events import Resize
from textual.message import Message
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Static

from docker_lab.course.models import Exercise
from docker_lab.engine.errors import EngineError
from docker_lab.engine.models import ProbeRequest, ProbeResult, Snapshot
from docker_lab.lab.maptext import Line, map_lines, matrix_lines
from docker_lab.lab.matrix import Matrix, MatrixPlan, plan_matrix, read_matrix
from docker_lab.lab.netmap import MapView, read_map
from docker_lab.tui.slidetext import display_safe

if TYPE_CHECKING:
    from docker_lab.engine.gateway import DockerGateway

#: Colours of the map's styles (the signs carry the meaning without them).
STYLES = {"ok": "green", "missing": "red", "extra": "yellow", "differs": "magenta",
          "title": "bold", "dim": "dim"}
#: Wait this long after an engine event for more before reading the map again.
DEBOUNCE = 0.1


class MapSource(Protocol):
    """What the map reads: a snapshot, and the probes of the matrix."""

    def snapshot(self) -> Snapshot: ...

    def run_probes(self, requests: Sequence[ProbeRequest], parallel: int = 4
                   ) -> list[ProbeResult]: ...


def rich_text(lines: Sequence[Line]) -> Text:
    """The map's lines as a Rich text with the map's colours."""
    text = Text(no_wrap=True, overflow="crop")
    for i, line in enumerate(lines):
        if i:
            text.append("\n")
        for part, style in line:
            text.append(part, STYLES.get(style, ""))
    return text


class NetworkMapScreen(ModalScreen[None]):
    """The live map of the engine's networks for the exercise shown, and its matrix."""

    DEFAULT_CSS = """
    NetworkMapScreen { align: center middle; background: $background 60%; }
    #netmap { width: 100%; height: 100%; border: round $accent; background: $surface;
              border-title-align: left; border-subtitle-align: right; }
    #netmap-help { height: 1; padding: 0 1; color: $text-muted; }
    #netmap-error { display: none; background: $error 20%; padding: 0 1; }
    #netmap-scroll { height: 1fr; padding: 0 1; scrollbar-size-vertical: 1; }
    #netmap-scroll > Static { width: auto; }
    #netmap-matrix { margin-top: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,g,f4,q", "close", "Fermer"),
        Binding("r,f5", "reload", "Relire", tooltip="Relire le moteur et refaire les sondes"),
    ]

    class Read(Message):
        """A worker read the map."""

        def __init__(self, view: MapView, seq: int) -> None:
            super().__init__()
            self.view, self.seq = view, seq

    class Probed(Message):
        """A worker filled the matrix."""

        def __init__(self, matrix: Matrix, seq: int) -> None:
            super().__init__()
            self.matrix, self.seq = matrix, seq

    class Failed(Message):
        """The engine could not be read (French reason)."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    class Changed(Message):
        """An engine event arrived."""

    def __init__(self, exercise: Exercise | None, workdir: Path | None,
                 source: Callable[[], MapSource] | None,
                 events: Callable[[], DockerGateway] | None = None) -> None:
        """Build the screen.

        Args:
            exercise: the exercise shown (``None``: the engine without comparison).
            workdir: its working directory (its Compose project is found there).
            source: returns the gateway to read (called in a worker; may raise
                :class:`EngineError`); ``None``: the engine is not followed (tests).
            events: builds a fresh gateway for the events stream; ``None``: no live updates.
        """
        super().__init__()
        self.exercise = exercise
        self.workdir = workdir
        self.source = source
        self.events = events
        self.view: MapView | None = None
        self.matrix: Matrix | None = None
        self._stop = threading.Event()
        self._seq = 0
        self._probing = False
        self._probe_again = False
        self._debounce: Timer | None = None
        self.following = False  # the events stream is open

    def compose(self) -> ComposeResult:
        """The frame, a help line, the map and the matrix."""
        with Vertical(id="netmap"):
            yield Static("Échap, G ou F4 : fermer · R : relire · ↑↓ PgPréc/PgSuiv : défiler",
                         id="netmap-help")
            yield Static("", id="netmap-error")
            with ScrollableContainer(id="netmap-scroll", can_focus=True):
                yield Static("Lecture du moteur…", id="netmap-body")
                yield Static("", id="netmap-matrix")

    def on_mount(self) -> None:
        """Title the frame, read the map, follow the engine."""
        frame = self.query_one("#netmap")
        frame.border_title = "🗺  Réseaux" + (
            f" — {display_safe(self.exercise.title)}" if self.exercise else " du moteur")
        frame.border_subtitle = "attendu / réel" if self.exercise else "sans exercice"
        self.query_one("#netmap-scroll").focus()
        if self.source is None:
            self._fail("Le moteur n'est pas suivi dans ce mode.")
            return
        self.reload()
        if self.events is not None:
            self.follow()

    def on_unmount(self) -> None:
        """End the events stream."""
        self._stop.set()

    def show(self, view: MapView, matrix: Matrix | None = None) -> None:
        """Draw *view* (and *matrix*, else the matrix as known before its probes)."""
        self.view = view
        self.query_one("#netmap-error").display = False
        self.matrix = matrix if matrix is not None else plan_matrix(view.snapshot,
                                                                     view.expected).matrix
        self._draw()

    def _draw(self) -> None:
        if self.view is None:
            return
        room = self.query_one("#netmap-scroll").size.width
        width = max(50, room - 2 if room else 98)
        self.query_one("#netmap-body", Static).update(
            rich_text(map_lines(self.view.topology, width)))
        matrix = self.query_one("#netmap-matrix", Static)
        matrix.display = self.exercise is not None and self.matrix is not None
        if self.exercise is not None and self.matrix is not None:
            matrix.update(rich_text(matrix_lines(self.matrix)))

    def on_resize(self, event: Resize) -> None:
        """Lay the boxes out again for the new width."""
        self.call_after_refresh(self._draw)

    # -- workers -------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the map again (in a worker)."""
        if self.source is None:
            return
        self._seq += 1
        self.read(self._seq)

    @work(thread=True, exclusive=True, exit_on_error=False, group="netmap-read")
    def read(self, seq: int) -> None:
        """Take one snapshot and build the map (runs in a thread)."""
        assert self.source is not None
        try:
            view = read_map(self.source(), self.exercise, self.workdir)
        except EngineError as error:
            self.post_message(self.Failed(f"Docker injoignable : {error.french()}"))
            return
        except Exception as error:  # a bug must not close the app
            self.post_message(self.Failed(f"Carte impossible : {error}"))
            return
        self.post_message(self.Read(view, seq))

    @work(thread=True, exclusive=True, exit_on_error=False, group="netmap-probe")
    def probe(self, plan: MatrixPlan, seq: int) -> None:
        """Run the matrix's probes (runs in a thread)."""
        import time

        assert self.source is not None
        start = time.monotonic()
        try:
            results = self.source().run_probes(list(plan.requests),
                                               parallel=max(4, len(plan.sources)))
        except Exception as error:  # the engine went away: keep the cells pending
            self.post_message(self.Failed(f"Sondes impossibles : {error}"))
            results = []
        self.post_message(self.Probed(read_matrix(plan, results, time.monotonic() - start),
                                      seq))

    @work(thread=True, exclusive=True, exit_on_error=False, group="netmap-events")
    def follow(self) -> None:
        """Follow the engine's events while the screen is open (runs in a thread)."""
        from docker_lab.engine.events import follow_events

        assert self.events is not None
        for event in follow_events(self.events, self._stop):
            if event.type == "daemon":
                self.following = event.action in ("connected", "reconnected")
            if event.type != "daemon" or event.action == "reconnected":
                self.post_message(self.Changed())

    # -- messages ------------------------------------------------------------------------
    @on(Read)
    def _read(self, message: Read) -> None:
        if message.seq != self._seq:
            return  # an older read
        self.show(message.view, self._kept(message.view))
        if self.exercise is not None:
            self._probe()

    def _kept(self, view: MapView) -> Matrix | None:
        """The matrix shown, while the new probes run, if the layout did not change."""
        old = self.matrix
        if old is None or not old.filled:
            return None
        fresh = plan_matrix(view.snapshot, view.expected).matrix
        same = old.containers == fresh.containers and all(
            old.cells[k].shared == c.shared for k, c in fresh.cells.items() if k in old.cells)
        return old if same else None

    def _probe(self) -> None:
        if self._probing:
            self._probe_again = True
            return
        if self.view is None:
            return
        plan = plan_matrix(self.view.snapshot, self.view.expected)
        if not plan.requests:
            self.matrix = read_matrix(plan, [])
            self._draw()
            return
        self._probing = True
        self.probe(plan, self._seq)

    @on(Probed)
    def _probed(self, message: Probed) -> None:
        self._probing = False
        if message.seq == self._seq:
            self.matrix = message.matrix
            self._draw()
        if self._probe_again or message.seq != self._seq:
            self._probe_again = False
            self._probe()

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self._fail(message.reason)

    def _fail(self, reason: str) -> None:
        error = self.query_one("#netmap-error", Static)
        error.update(Text(reason))
        error.display = True
        if self.view is None:
            self.query_one("#netmap-body", Static).update("")

    @on(Changed)
    def _changed(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE, self.reload)

    # -- actions -------------------------------------------------------------------------
    def action_close(self) -> None:
        """Close the map."""
        self.dismiss(None)

    def action_network_map(self) -> None:
        """F4 again (the app's key, even from here): close the map."""
        self.dismiss(None)

    def action_reload(self) -> None:
        """Read the engine again and probe again."""
        self.reload()

