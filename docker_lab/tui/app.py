"""The docker-lab Textual app and its factory (used by the CLI and the tests)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.widget import Widget

from docker_lab.course.models import Course
from docker_lab.engine.images import CATALOGUE, ImageSpec
from docker_lab.engine.interactive import Interactive
from docker_lab.lab.link import EngineLink
from docker_lab.progress import ProgressStore
from docker_lab.progress.firstrun import FirstRunMemory
from docker_lab.tui.focus import CONSOLE_ID, console_focused
from docker_lab.tui.imagecare import IMAGE_KEYS, ImageCare
from docker_lab.tui.messages import Navigate
from docker_lab.tui.palette import CoursePalette
from docker_lab.tui.quitting import QuitGuard, question, stop_on_hang_up
from docker_lab.tui.screens.dialogs import ConfirmScreen, HelpScreen, describe_keys
from docker_lab.tui.screens.learn import LearnScreen

if TYPE_CHECKING:
    from docker_lab.engine.gateway import DockerGateway

ConsoleFactory = Callable[[Path], Widget]
GatewayFactory = Callable[[], "DockerGateway"]

#: Signals that end the app cleanly (terminal closed, ``kill``): no shell left behind.
HANGUP_SIGNALS = (signal.SIGHUP, signal.SIGTERM)
#: Seconds a hung-up app may take to shut down before it exits anyway.
HANGUP_GRACE = 2.0


class StartError(ValueError):
    """An unknown lesson or exercise id was asked for (French message)."""


def real_console(cwd: Path) -> Widget:
    """Build the live console (a real shell in a PTY) starting in *cwd*."""
    from docker_lab.tui.widgets.console import Console

    return Console(cwd=cwd, id=CONSOLE_ID)


#: Hidden keys that work everywhere, the console included: key, action, label, tooltip.
_EVERYWHERE = (
    ("f2", "screen.course_map", "Carte", "Carte du cours"),
    ("f3", "open_palette", "Aller à",
     "Palette : aller à une leçon, une diapo, un exercice (aussi Ctrl+P)"),
    ("f4", "screen.network_map", "Réseaux", "Carte des réseaux (marche aussi depuis la console)"),
    ("f5", "screen.check", "Vérifier", "Vérifier l'étape (marche aussi depuis la console)"),
    ("f7", "screen.previous_slide", "Diapo préc.",
     "Diapo précédente (marche aussi depuis la console)"),
    ("f8", "screen.next_slide", "Diapo suiv.", "Diapo suivante (marche aussi depuis la console)"),
    ("f9", "screen.zoom", "Zoom",
     "Zoom du panneau qui a le focus, puis retour (aussi depuis la console)"),
    ("ctrl+q", "quit", "Quitter", "Quitter (marche aussi depuis la console)"),
)
#: The keys that work everywhere, the console included (F1 shown in the footer).
APP_KEYS: list[BindingType] = [
    Binding("f1", "help", "Aide", key_display="F1", priority=True,
            tooltip="Toutes les touches (cette aide)"),
    *(Binding(key, action, label, show=False, priority=True, tooltip=tip)
      for key, action, label, tip in _EVERYWHERE),
]


class DockerLabApp(App[int]):
    """Lessons, exercises and a live console in one screen (the images: :class:`ImageCare`)."""

    # The default screen's own CSS_PATH is not loaded by Textual: list it here.
    CSS_PATH: ClassVar = ["app.tcss", "screens/learn.tcss"]
    TITLE = "docker-lab"
    SUB_TITLE = "Les réseaux Docker"
    COMMANDS: ClassVar = {CoursePalette}  # Textual's own commands are in English
    COMMAND_PALETTE_DISPLAY = "Ctrl+P"
    BINDINGS: ClassVar[list[BindingType]] = [*APP_KEYS, *IMAGE_KEYS]

    def __init__(
        self,
        course: Course,
        gateway_factory: GatewayFactory,
        store: ProgressStore,
        *,
        start: Navigate,
        console_factory: ConsoleFactory = real_console,
        workdir_for: Callable[[str], Path] | None = None,
        live: bool = True,
        images: Sequence[ImageSpec] | None = None,
    ) -> None:
        super().__init__()
        from docker_lab import paths

        self.course = course
        self.store = store
        self.gateway_factory = gateway_factory
        self.image_care = ImageCare(self, course, gateway_factory,
                                    CATALOGUE if images is None else images, FirstRunMemory())
        self.link = EngineLink(gateway_factory, store)
        self.start = start
        self.console_factory = console_factory
        self.workdir_for = workdir_for or paths.workdir_for
        self.live = live
        self.quit_guard = QuitGuard(self.link)
        self._quitting = False

    @property
    def missing_images(self) -> frozenset[str] | None:
        """The course's images the engine lacks (None until the launch check answered)."""
        return self.image_care.missing

    def action_prepare_images(self) -> None:
        """« i »: prepare the images the exercise shown needs (else every missing one)."""
        self.image_care.prepare_shown()

    def on_course_image_absent(self) -> None:
        """A console command failed for want of a course image: look at the images again."""
        self.image_care.check(offer=False)

    def get_default_screen(self) -> LearnScreen:
        """The learning screen is the app's only base screen."""
        return LearnScreen(self.course, self.store, self.link, self.console_factory,
                           self.workdir_for, self.start, self.live, self.gateway_factory)

    def on_mount(self) -> None:
        """Handle hang-ups; say so when the progress store had to be set aside."""
        loop = asyncio.get_running_loop()
        for signum in HANGUP_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self.hang_up)
        if self.store.warning:
            self.notify(self.store.warning, title="Progression", severity="warning", timeout=15)
        if self.live:  # are the course's images there? (one API call, in a worker)
            self.image_care.check()

    def on_unmount(self) -> None:
        """Give the hang-up signals back."""
        loop = asyncio.get_running_loop()
        for signum in HANGUP_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.remove_signal_handler(signum)

    def hang_up(self) -> None:
        """The terminal went away (SIGHUP) or we were asked to stop: end the shells, quit."""
        with contextlib.suppress(ImportError):
            from docker_lab.tui.widgets.terminal_runtime import end_all

            end_all()
        if self.live:  # the console's « docker run -it » lost its terminal: stop it
            threading.Thread(target=stop_on_hang_up(self.quit_guard, HANGUP_GRACE / 2),
                             daemon=True).start()
        # With the terminal gone, Textual's shutdown can block on the dead TTY:
        # the shells are ended and progress is already saved, so never linger.
        timer = threading.Timer(HANGUP_GRACE, os._exit, args=(0,))
        timer.daemon = True
        timer.start()
        self.exit(0)

    async def action_quit(self) -> None:
        """Quit; first offer to stop the console's interactive containers, if any."""
        if not self.live or self._quitting:
            self.exit(0)
            return
        self._quitting = True
        self._look_before_quitting()

    @work(thread=True, exclusive=True, exit_on_error=False, group="quit")
    def _look_before_quitting(self) -> None:
        found = self.quit_guard.left_running()
        self.call_from_thread(self._ask_before_quitting, found)

    def _ask_before_quitting(self, found: list[Interactive]) -> None:
        if not found:
            self.exit(0)
            return

        def answered(stop_them: bool | None) -> None:
            if stop_them:
                self.notify("Arrêt des containers…", title="Quitter")
                self._stop_then_quit(found)
            else:
                self.exit(0)

        self.push_screen(ConfirmScreen(*question(found)), answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="quit")
    def _stop_then_quit(self, found: list[Interactive]) -> None:
        self.quit_guard.stop(found)
        self.call_from_thread(self.exit, 0)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Leave Ctrl+P to the shell, and F-keys to full-screen programs, in the console."""
        if action == "command_palette" and console_focused(self):
            return False  # bash's previous command; F3 opens the palette from the console
        # In a full-screen program (htop, vim), F1 and F3 belong to the program.
        fkey = action in ("help", "open_palette")
        return not (fkey and console_focused(self, fullscreen=True))

    def action_open_palette(self) -> None:
        """F3: the command palette, also from the console."""
        self.action_command_palette()

    def action_command_palette(self) -> None:
        """Open the command palette (French placeholder)."""
        from textual.command import CommandPalette

        if not isinstance(self.screen, CommandPalette):
            self.push_screen(CommandPalette(
                placeholder="Aller à une leçon, une diapo ou un exercice…", id="--command-palette"))

    def action_help_quit(self) -> None:
        """Ctrl+C outside the console: say how to quit, in French."""
        self.notify("Ctrl+Q (ou q hors de la console) pour quitter ; Ctrl+C interrompt "
                    "la commande en cours dans la console.", title="Quitter ?")

    def action_help(self) -> None:
        """Open the key help."""
        console_keys = [
            ("F6", "Sortir de la console (c ou F6 pour y revenir)"),
            ("Ctrl+C", "Interrompre la commande (ou copier la sélection)"),
            ("Ctrl+P", "Dans la console : commande précédente du shell (palette : F3)"),
            ("Maj+PgPréc/Suiv", "Remonter / redescendre dans l'historique de la console"),
            ("souris", "Cliquer un bloc de commandes l'envoie ; molette : défiler"),
            ("plein écran", "Dans htop, vim, less… seuls F6 et Ctrl+Q restent à docker-lab"),
            ("", "(les autres touches F vont au programme)"),
        ]
        groups = [
            ("Leçon et exercice", describe_keys(LearnScreen.BINDINGS)
             + describe_keys(IMAGE_KEYS)),
            ("Partout, même dans la console", describe_keys(APP_KEYS)),
            ("Console et souris", console_keys),
            ("Palette de commandes", [
                ("Ctrl+P", "Aller à une leçon, une diapo ou un exercice (hors console)"),
                ("F3", "La même palette, depuis partout (console comprise)"),
            ]),
        ]
        self.push_screen(HelpScreen(groups))


def resolve_start(course: Course, store: ProgressStore, lesson_id: str | None,
                  exercise_id: str | None) -> Navigate:
    """Return where the app opens.

    ``--exercise`` wins, then ``--lesson``, then the saved position, then the
    first slide of the course. Raises :class:`StartError` for an unknown id.
    """
    if exercise_id is not None:
        exercise = course.exercises.get(exercise_id)
        if exercise is None:
            known = ", ".join(sorted(course.exercises)) or "aucun"
            raise StartError(f"Exercice inconnu : « {exercise_id} ». Exercices : {known}.")
        return Navigate(exercise.lesson, 0, exercise.id, focus_console=True)
    if lesson_id is not None:
        if course.lesson(lesson_id) is None:
            known = ", ".join(lesson.id for lesson in course.lessons)
            raise StartError(f"Leçon inconnue : « {lesson_id} ». Leçons : {known}.")
        return Navigate(lesson_id, 0)
    saved = _saved_position(store)
    if saved is not None and course.lesson(saved.lesson_id or "") is not None:
        if saved.exercise_id not in course.exercises:
            saved.exercise_id = None
        return saved
    return Navigate(course.lessons[0].id, 0)


def _saved_position(store: ProgressStore) -> Navigate | None:
    try:
        position = store.position()
    except Exception:  # an unreadable position is not worth a crash
        return None
    if position is None:
        return None
    return Navigate(position.lesson_id, position.slide_index, position.exercise_id)


def make_app(
    course: Course,
    gateway_factory: GatewayFactory,
    store: ProgressStore,
    *,
    lesson_id: str | None = None,
    exercise_id: str | None = None,
    console_factory: ConsoleFactory = real_console,
    workdir_for: Callable[[str], Path] | None = None,
    live: bool = True,
    images: Sequence[ImageSpec] | None = None,
) -> DockerLabApp:
    """Build the app for the CLI and for tests.

    Args:
        course: the loaded course (at least one lesson).
        gateway_factory: builds the Docker gateway; called in a worker, may
            raise :class:`~docker_lab.engine.errors.EngineError`.
        store: the progress store.
        lesson_id: open this lesson (``--lesson``).
        exercise_id: open this exercise, console focused (``--exercise``).
        console_factory: builds the console widget for a working directory.
        workdir_for: the working directory of an exercise.
        live: follow the engine and evaluate steps (False in snapshot tests).
        images: the images the course needs (default: setup's catalogue); at
            launch the app offers to prepare those the engine lacks.

    Raises:
        StartError: an unknown lesson or exercise id.
    """
    start = resolve_start(course, store, lesson_id, exercise_id)
    return DockerLabApp(course, gateway_factory, store, start=start,
                        console_factory=console_factory, workdir_for=workdir_for, live=live,
                        images=images)
