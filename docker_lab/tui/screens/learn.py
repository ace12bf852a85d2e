"""The learning screen: lesson pane, exercise panel and live console side by side.

One screen composing widgets that own their behaviour: the lesson pane says
where navigation leads and which block to send, the exercise panel owns the
exercise shown and its live checks. The screen lays them out, goes where they
(or the palette, or the map) ask, and types blocks into the console.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget

from docker_lab.course.models import Course, Exercise, Step
from docker_lab.lab.link import EngineLink
from docker_lab.lab.steps import takes_answer
from docker_lab.paths import FREE_WORKDIR
from docker_lab.progress import ProgressStore
from docker_lab.tui.focus import Typist, console_focused
from docker_lab.tui.messages import Navigate
from docker_lab.tui.screens.course_map import CourseMapScreen
from docker_lab.tui.screens.layout import (
    FOOTER_ROOM,
    NARROW_WIDTH,
    WIDE_WIDTH,
    ZOOM_ORDER,
    pane_sizes,
    zoom_target,
)
from docker_lab.tui.widgets.exercise_panel import ExercisePanel
from docker_lab.tui.widgets.footer import LabFooter
from docker_lab.tui.widgets.lesson_pane import LessonPane
from docker_lab.tui.widgets.sidebar import ConsoleBox, LessonsSidebar
from docker_lab.tui.widgets.slide_parts import ShellBlock

if TYPE_CHECKING:
    from docker_lab.engine.gateway import DockerGateway

#: Actions of the app's F-keys: left to full-screen programs run in the console.
FKEY_ACTIONS = frozenset({"course_map", "check", "previous_slide", "next_slide", "zoom",
                          "network_map"})

#: Actions bound to letters only: hidden from the footer while the console has the focus.
LETTER_ONLY_ACTIONS = frozenset({"send_block", "focus_console", "hint", "solution", "answer"})



class LearnScreen(Screen[None]):
    """Read a slide, type its commands in the console, watch the step turn green."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right,n", "next_slide", "Suiv.", key_display="→",
                tooltip="Diapo suivante (aussi F8)"),
        Binding("left,p", "previous_slide", "Préc.", key_display="←", show=False,
                tooltip="Diapo précédente (aussi F7)"),
        Binding("right_square_bracket", "next_lesson", "Leçon suiv.", show=False,
                tooltip="Leçon suivante"),
        Binding("left_square_bracket", "previous_lesson", "Leçon préc.", show=False,
                tooltip="Leçon précédente"),
        Binding("e", "send_block", "Envoyer",
                tooltip="Taper le bloc de commandes suivant de la diapo dans la console"),
        *[Binding(str(n), f"send_block({n})", f"Bloc {n}", show=False,
                  tooltip=f"Taper le bloc {n} de la diapo dans la console") for n in range(1, 10)],
        Binding("c,f6", "focus_console", "Console", key_display="c",
                tooltip="Aller dans la console (F6 pour en sortir)"),
        Binding("v", "check", "Vérifier", tooltip="Vérifier l'étape maintenant (aussi F5)"),
        Binding("h", "hint", "Indice", tooltip="Révéler l'indice suivant"),
        Binding("s", "solution", "Solution", tooltip="Afficher la solution (avec confirmation)"),
        Binding("a", "answer", "Répondre", tooltip="Saisir la réponse d'une étape à réponse"),
        Binding("m", "course_map", "Carte", tooltip="Carte du cours (aussi F2)"),
        Binding("g", "network_map", "Réseaux",
                tooltip="Carte des réseaux : attendu / réel, et qui joint qui (aussi F4)"),
        Binding("g", "open_network_map", "", show=False),  # the same, when the footer is full
        Binding("z", "zoom", "Zoom", show=False,
                tooltip="Agrandir le panneau qui a le focus ; z encore pour revenir (aussi F9)"),
        Binding("less_than_sign", "split(-5)", "Réduire", show=False,
                tooltip="Réduire le panneau de la leçon"),
        Binding("greater_than_sign", "split(5)", "Agrandir", show=False,
                tooltip="Agrandir le panneau de la leçon"),
        Binding("q", "app.quit", "Quitter", key_display="q",
                tooltip="Quitter docker-lab (aussi Ctrl+Q)"),
    ]

    def __init__(
        self,
        course: Course,
        store: ProgressStore,
        link: EngineLink,
        console_factory: Callable[[Path], Widget],
        workdir_for: Callable[[str], Path],
        start: Navigate,
        live: bool = True,
        gateway_factory: Callable[[], DockerGateway] | None = None,
    ) -> None:
        super().__init__()
        self.gateway_factory = gateway_factory
        self.course = course
        self.store = store
        self.link = link
        self.console_factory = console_factory
        self.workdir_for = workdir_for
        self.start = start
        self.live = live
        self.split = 50
        self._tight_footer = False  # narrower than FOOTER_ROOM

    def compose(self) -> ComposeResult:
        """Lay out the three panes and the footer."""
        with Horizontal(id="main"):
            yield LessonsSidebar("", id="sidebar")
            yield LessonPane(self.course, id="lesson")
            with Vertical(id="side"):
                yield ExercisePanel(self.store, self.link, live=self.live, id="exercise")
                with ConsoleBox(id="console-box"):
                    start = self.start.exercise_id or self._lesson_exercise(self.start.lesson_id)
                    yield self.console_factory(self.workdir_for(start) if start else
                                               self.workdir_for(FREE_WORKDIR))
        yield LabFooter(compact=True, show_command_palette=False)

    @property
    def console(self) -> Widget:
        """The console widget (the live console, or a stand-in in tests)."""
        return self.query_one(ConsoleBox).children[0]

    @property
    def panel(self) -> ExercisePanel:
        """The exercise panel."""
        return self.query_one(ExercisePanel)

    @property
    def lesson_pane(self) -> LessonPane:
        """The lesson pane."""
        return self.query_one(LessonPane)

    @property
    def exercise(self) -> Exercise | None:
        """The exercise shown in the panel."""
        return self.panel.state.exercise

    async def on_mount(self) -> None:
        """Open the start position, then follow the engine."""
        self.query_one(ConsoleBox).border_title = "💻 Console"
        self.query_one(LessonsSidebar).border_title = "📚 Leçons"
        await self.goto(self.start)
        if self.start.focus_console:
            self.console.focus()
        else:
            self.query_one("#slide").focus()
        if self.live:
            self.panel.start_live()

    def _lesson_exercise(self, lesson_id: str | None) -> str | None:
        lesson = self.course.lesson(lesson_id) if lesson_id else None
        if lesson is None:
            return None
        known = [e for e in lesson.exercises if e in self.course.exercises]
        return known[0] if known else None

    @on(Navigate)
    async def goto(self, target: Navigate) -> None:
        """Show a slide and the exercise that goes with it; save the position."""
        pane = self.lesson_pane
        lesson = self.course.lesson(target.lesson_id) if target.lesson_id else None
        await pane.show(lesson or pane.lesson, target.slide_index)
        lesson = pane.lesson
        exercise_id = target.exercise_id
        if exercise_id is None:
            # A lesson without exercise keeps the one being done open.
            current = self.exercise
            own = self._lesson_exercise(lesson.id)
            keep = current is not None and (current.id in lesson.exercises or own is None)
            exercise_id = current.id if keep and current else own
        self.refresh_outline()
        opened = self.open_exercise(self.course.exercises.get(exercise_id) if exercise_id else None)
        if opened and target.exercise_id is not None and target.slide_index == 0:
            await self.show_step_slide(self.panel.state.current)  # « open this exercise »
        self.store.set_position(lesson.id, pane.index, self.exercise.id if self.exercise else None)
        if target.focus_console:
            self.console.focus()

    def _completed(self) -> dict[str, set[str]]:
        return {ex: set(self.store.completed_steps(ex)) for ex in self.course.exercises}

    @on(ExercisePanel.StepsCompleted)
    def refresh_outline(self) -> None:
        """Redraw the course outline (panel and sidebar) after moving or progress."""
        from docker_lab.tui.outline import outline_markup

        outline = outline_markup(self.course, self._completed(), self.lesson_pane.lesson.id)
        wide = self.has_class("-wide")
        self.panel.show_outline(outline, wide)
        if wide:
            self.query_one(LessonsSidebar).update(outline)

    def open_exercise(self, exercise: Exercise | None) -> bool:
        """Show *exercise* in the panel; in the console, go to its folder if it has files.

        Returns whether an exercise was opened (False: it already was, or none).
        """
        previous = self.exercise
        if not self.panel.open(exercise) or exercise is None:
            return False
        console = self.console
        if previous is not None and exercise.files and isinstance(console, Typist):
            path = shlex.quote(str(self.workdir_for(exercise.id)))
            console.send_text(f"cd {path}", execute=True)
        return True

    # -- the slide of the current step ---------------------------------------------------
    @on(ExercisePanel.StepChanged)
    async def _step_changed(self, message: ExercisePanel.StepChanged) -> None:
        """Another step became current: show the slide it practises (once, not per verdict)."""
        if self.exercise is not None and message.exercise.id == self.exercise.id:
            await self.show_step_slide(message.step)
            self.store.set_position(self.lesson_pane.lesson.id, self.lesson_pane.index,
                                    self.exercise.id)

    async def show_step_slide(self, step: Step | None) -> None:
        """Show the first slide *step* practises (the student may browse away after)."""
        exercise = self.exercise
        lesson = self.course.lesson(exercise.lesson) if exercise is not None else None
        if step is None or not step.slides or lesson is None:
            return
        index = step.slides[0] - 1
        pane = self.lesson_pane
        if pane.lesson.id == lesson.id and pane.index + 1 in step.slides:
            return  # already on one of its slides
        await pane.show(lesson, index)
        self.refresh_outline()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show « Répondre » only on answer steps; hide letter-only keys in the console."""
        if not self.is_mounted:
            return action != "answer"
        if action in LETTER_ONLY_ACTIONS and console_focused(self.app):
            return False  # the console takes letters: these keys would not work from there
        if action == "answer":
            return self._answerable()
        if action == "network_map" and self._tight_footer and self._answerable():
            return False  # the footer is full: « g » still opens the map (open_network_map)
        # In a full-screen program (htop, mc...), the F-keys belong to the program.
        return not (action in FKEY_ACTIONS and console_focused(self.app, fullscreen=True))

    def _answerable(self) -> bool:
        step = self.panel.state.current
        return step is not None and takes_answer(step)

    def on_resize(self, event: Resize) -> None:
        """Stack the panes when the terminal is narrow; list the lessons when it is wide."""
        if (event.size.width < FOOTER_ROOM) != self._tight_footer:
            self._tight_footer = event.size.width < FOOTER_ROOM
            self.refresh_bindings()
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")
        wide = event.size.width >= WIDE_WIDTH
        if wide != self.has_class("-wide"):
            self.set_class(wide, "-wide")
            self.refresh_outline()
        self._apply_split()

    def watch_maximized(self) -> None:
        """A zoomed lesson fills the screen; back from the zoom, it takes its share again."""
        self._apply_split()

    def _apply_split(self) -> None:
        lesson, side = self.lesson_pane, self.query_one("#side")
        sizes = pane_sizes(self.split, self.has_class("-narrow"), self.maximized is lesson)
        lesson.styles.width, lesson.styles.height = sizes.lesson
        side.styles.width = sizes.side_width

    # -- slides --------------------------------------------------------------------------
    async def _go(self, target: Navigate | None) -> None:
        if target is not None:
            await self.goto(target)

    async def action_next_slide(self) -> None:
        """Next slide (the next lesson's first after the last)."""
        await self._go(self.lesson_pane.next_slide())

    async def action_previous_slide(self) -> None:
        """Previous slide (the previous lesson's last before the first)."""
        await self._go(self.lesson_pane.previous_slide())

    async def action_next_lesson(self) -> None:
        """First slide of the next lesson."""
        await self._go(self.lesson_pane.next_lesson())

    async def action_previous_lesson(self) -> None:
        """First slide of the previous lesson (of this one, in the first lesson)."""
        await self._go(self.lesson_pane.previous_lesson())

    async def action_open_lesson(self, lesson_id: str) -> None:
        """Open the first slide of a lesson (a click in the outline)."""
        await self.goto(Navigate(lesson_id, 0))

    def action_send_block(self, number: int = 0) -> None:
        """Type shell block *number* (0: the next one) into the console."""
        block = self.lesson_pane.block(number)
        if block is not None:
            self.send_block(block)

    @on(ShellBlock.Send)
    def _block_clicked(self, message: ShellBlock.Send) -> None:
        self.send_block(message.block)

    def send_block(self, block: ShellBlock) -> None:
        """Type *block* into the console as the student would, then focus the console."""
        from docker_lab.tui.slidetext import typed_text

        self.lesson_pane.mark_sent(block)
        console = self.console
        if not isinstance(console, Typist):
            self.notify("La console n'est pas disponible.", severity="error")
            return
        console.send_text(typed_text(block.part.text), execute=True)
        console.focus()

    def action_focus_console(self) -> None:
        """Move the focus into the console."""
        self.console.focus()

    # -- the console's commands, for the panel's feedback ------------------------------------
    def on_console_shell_started(self, message: Message) -> None:
        """The console's shell started (with or without its integration)."""
        self.panel.console_feedback.shell_started(
            getattr(message, "shell", ""), bool(getattr(message, "integrated", False)))

    def on_console_command_started(self, message: Message) -> None:
        """A command started in the console."""
        self.panel.console_feedback.command_started(getattr(message, "command", ""))

    def on_console_command_finished(self, message: Message) -> None:
        """A command ended in the console."""
        done = getattr(message, "finished", None)
        if done is not None:
            self.panel.console_feedback.command_finished(done.command, done.status,
                                                         done.output, done.seconds)

    # -- the exercise --------------------------------------------------------------------
    def action_check(self) -> None:
        """« Vérifier »: evaluate the current step now."""
        self.panel.check()

    def action_answer(self) -> None:
        """Focus the answer field of an answer step."""
        self.panel.focus_answer()

    def action_hint(self) -> None:
        """Reveal the next hint of the current step (saved)."""
        self.panel.reveal_hint()

    def action_solution(self) -> None:
        """Show the reference solution after a confirmation."""
        self.panel.show_solution()

    # -- map and layout ------------------------------------------------------------------
    def action_course_map(self) -> None:
        """Open the course map."""
        self.app.push_screen(
            CourseMapScreen(self.course, self._completed(), self.lesson_pane.lesson.id),
            self._go)

    def action_network_map(self) -> None:
        """Open the network map of the exercise shown (live unless in tests)."""
        from docker_lab.tui.screens.network_map import NetworkMapScreen

        exercise = self.exercise
        self.app.push_screen(NetworkMapScreen(
            exercise, self.workdir_for(exercise.id) if exercise else None,
            self.link.gateway if self.live else None,
            self.gateway_factory if self.live else None))

    def action_open_network_map(self) -> None:
        """« g » while the footer has no room to show it."""
        self.action_network_map()

    def action_zoom(self) -> None:
        """Zoom the pane that has the focus; « z » again (or F9) comes back."""
        if self.maximized is not None:
            self.minimize()
        else:
            panes = [self.query_one(selector) for selector in ZOOM_ORDER]
            self.maximize(zoom_target(self.focused, panes), container=False)

    def action_split(self, delta: int) -> None:
        """Give the lesson pane more or less room."""
        self.split = max(25, min(75, self.split + delta))
        self._apply_split()
