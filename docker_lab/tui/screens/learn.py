"""The learning screen: lesson pane, exercise panel and live console side by side."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.widget import Widget
from textual.widgets import Footer, Static

from docker_lab.course.models import Course, Exercise
from docker_lab.paths import FREE_WORKDIR
from docker_lab.tui.messages import Navigate
from docker_lab.tui.screens.learn_actions import ExerciseActions
from docker_lab.tui.widgets.exercise_panel import ExercisePanel, is_answer_step
from docker_lab.tui.widgets.lesson_pane import LessonPane
from docker_lab.tui.widgets.slide_parts import ShellBlock

#: Actions of the app's F-keys: left to full-screen programs run in the console.
FKEY_ACTIONS = frozenset({"course_map", "check", "previous_slide", "next_slide", "zoom"})

#: Actions bound to letters only: hidden from the footer while the console has the focus.
LETTER_ONLY_ACTIONS = frozenset({"send_block", "focus_console", "hint", "solution", "answer"})

#: Below this width the panes are stacked instead of side by side.
NARROW_WIDTH = 90
#: From this width the lessons are listed in a sidebar.
WIDE_WIDTH = 150


class ConsoleBox(Vertical):
    """Holds the console; can be zoomed."""

    ALLOW_MAXIMIZE = True


class LearnScreen(ExerciseActions):
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
        Binding("z", "zoom", "Zoom", show=False,
                tooltip="Agrandir un panneau à tour de rôle (aussi F9)"),
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
        store: Any,
        link: Any,
        console_factory: Callable[[Path], Widget],
        workdir_for: Callable[[str], Path],
        start: Navigate,
        live: bool = True,
    ) -> None:
        super().__init__()
        self.course = course
        self.store = store
        self.link = link
        self.console_factory = console_factory
        self.workdir_for = workdir_for
        self.start = start
        self.live = live
        self.lesson_pos = 0
        self.exercise: Exercise | None = None
        self.split = 50
        self._zoom = 0

    def compose(self) -> ComposeResult:
        """Lay out the three panes and the footer."""
        with Horizontal(id="main"):
            yield Static("", id="sidebar")
            yield LessonPane(id="lesson")
            with Vertical(id="side"):
                yield ExercisePanel(id="exercise")
                with ConsoleBox(id="console-box"):
                    start = self.start.exercise_id or self._lesson_exercise(self.start.lesson_id)
                    yield self.console_factory(self.workdir_for(start) if start else
                                               self.workdir_for(FREE_WORKDIR))
        yield Footer(compact=True, show_command_palette=False)

    @property
    def console(self) -> Widget:
        """The console widget (H6's Console, or a stand-in in snapshot tests)."""
        return self.query_one("#console-box").children[0]

    async def on_mount(self) -> None:
        """Open the start position, then follow the engine."""
        self.query_one("#console-box").border_title = "💻 Console"
        self.query_one("#sidebar").border_title = "📚 Leçons"
        await self.goto(self.start)
        if self.start.focus_console:
            self.console.focus()
        else:
            self.query_one("#slide").focus()
        if self.live:
            self.start_live()

    def _lesson_exercise(self, lesson_id: str | None) -> str | None:
        lesson = self.course.lesson(lesson_id) if lesson_id else None
        if lesson is None:
            return None
        known = [e for e in lesson.exercises if e in self.course.exercises]
        return known[0] if known else None

    async def goto(self, target: Navigate) -> None:
        """Show a slide and the exercise that goes with it; save the position."""
        lessons = self.course.lessons
        lesson = self.course.lesson(target.lesson_id) if target.lesson_id else None
        if lesson is None:
            lesson = lessons[self.lesson_pos]
        self.lesson_pos = lessons.index(lesson)
        pane = self.query_one(LessonPane)
        await pane.show(lesson, target.slide_index, self.lesson_pos + 1, len(lessons))
        exercise_id = target.exercise_id
        if exercise_id is None:
            # A lesson without exercise keeps the one being done open.
            current = self.exercise
            own = self._lesson_exercise(lesson.id)
            keep = current is not None and (current.id in lesson.exercises or own is None)
            exercise_id = current.id if keep and current else own
        self.panel.state.outline = self.outline(lesson.id)
        self.refresh_sidebar()
        self.open_exercise(self.course.exercises.get(exercise_id) if exercise_id else None)
        self.store.set_position(lesson.id, pane.index, self.exercise.id if self.exercise else None)
        if target.focus_console:
            self.console.focus()

    def outline(self, here: str) -> str:
        """The course outline (markup) with *here* marked as the lesson shown."""
        from docker_lab.tui.outline import outline_markup

        completed = {ex: set(self.store.completed_steps(ex)) for ex in self.course.exercises}
        return outline_markup(self.course, completed, here)

    def refresh_outline(self) -> None:
        """Redraw the outline (panel and sidebar) after progress."""
        lesson = self.course.lessons[self.lesson_pos].id
        self.panel.state.outline = self.outline(lesson)
        self.refresh_sidebar()

    def refresh_sidebar(self) -> None:
        """Redraw the lessons sidebar (shown on wide terminals)."""
        if self.has_class("-wide"):
            self.query_one("#sidebar", Static).update(self.panel.state.outline)

    async def action_open_lesson(self, lesson_id: str) -> None:
        """Open the first slide of a lesson (a click in the outline)."""
        await self.goto(Navigate(lesson_id, 0))

    def open_exercise(self, exercise: Exercise | None) -> None:
        """Show *exercise* in the panel (no-op when it is already shown)."""
        if exercise is not None and self.exercise is not None and exercise.id == self.exercise.id:
            return
        if exercise is None and self.exercise is None and self.panel.state.exercise is None:
            self.panel.render_state()
            return
        previous = self.exercise
        self.exercise = exercise
        state = self.panel.state
        state.exercise, state.result = exercise, None
        state.solution_shown, state.note, state.answer = False, "", None
        state.broken, state.regressed = {}, set()
        state.completed = set(self.store.completed_steps(exercise.id)) if exercise else set()
        self._load_hints()
        self.panel.render_state()
        self.refresh_bindings()
        if exercise is not None:
            if previous is not None and exercise.files and hasattr(self.console, "send_text"):
                path = shlex.quote(str(self.workdir_for(exercise.id)))
                self.console.send_text(f"cd {path}", execute=True)
            self.check_now()

    def _load_hints(self) -> None:
        state = self.panel.state
        step = state.current
        state.hints = self.store.hints_revealed(state.exercise.id, step.id) if (
            state.exercise and step) else 0

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show « Répondre » only on answer steps; hide letter-only keys in the console."""
        if action in LETTER_ONLY_ACTIONS and self.is_mounted and self.console_focused():
            return False  # the console takes letters: these keys would not work from there
        if action == "answer":
            step = self.panel.state.current if self.is_mounted else None
            return step is not None and is_answer_step(step)
        # In a full-screen program (htop, mc...), the F-keys belong to the program.
        return not (action in FKEY_ACTIONS and self.is_mounted and self.console_fullscreen())

    def console_focused(self) -> bool:
        """True when the console has the focus."""
        focused = self.app.focused
        return focused is not None and focused.id == "console"

    def console_fullscreen(self) -> bool:
        """True when the focused console runs a full-screen program."""
        return self.console_focused() and bool(getattr(self.app.focused, "fullscreen", False))

    def on_resize(self, event: Resize) -> None:
        """Stack the panes when the terminal is narrow."""
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")
        wide = event.size.width >= WIDE_WIDTH
        if wide != self.has_class("-wide"):
            self.set_class(wide, "-wide")
            self.refresh_sidebar()
            self.panel.render_state()
        self._apply_split()

    def _apply_split(self) -> None:
        lesson = self.query_one(LessonPane)
        if self.has_class("-narrow"):
            lesson.styles.width, lesson.styles.height = "100%", f"{self.split}%"
            self.query_one("#side").styles.width = "100%"
        else:  # shares what the sidebar leaves with the right-hand side
            lesson.styles.width, lesson.styles.height = f"{self.split}fr", "100%"
            self.query_one("#side").styles.width = f"{100 - self.split}fr"

    async def on_navigate(self, message: Navigate) -> None:
        """Go where the palette or the map asked."""
        await self.goto(message)

    async def action_next_slide(self) -> None:
        """Next slide (the next lesson's first after the last)."""
        pane = self.query_one(LessonPane)
        if pane.index < pane.slide_count - 1:
            await self.goto(Navigate(pane.lesson.id if pane.lesson else None, pane.index + 1))
        elif self.lesson_pos < len(self.course.lessons) - 1:
            await self.goto(Navigate(self.course.lessons[self.lesson_pos + 1].id, 0))

    async def action_previous_slide(self) -> None:
        """Previous slide (the previous lesson's last before the first)."""
        pane = self.query_one(LessonPane)
        if pane.index > 0:
            await self.goto(Navigate(pane.lesson.id if pane.lesson else None, pane.index - 1))
        elif self.lesson_pos > 0:
            previous = self.course.lessons[self.lesson_pos - 1]
            await self.goto(Navigate(previous.id, len(previous.slides) - 1))

    async def action_next_lesson(self) -> None:
        """First slide of the next lesson."""
        if self.lesson_pos < len(self.course.lessons) - 1:
            await self.goto(Navigate(self.course.lessons[self.lesson_pos + 1].id, 0))

    async def action_previous_lesson(self) -> None:
        """First slide of the previous lesson (of this one, in the first lesson)."""
        target = self.course.lessons[max(self.lesson_pos - 1, 0)]
        await self.goto(Navigate(target.id, 0))

    def action_send_block(self, number: int = 0) -> None:
        """Type shell block *number* (0: the next one) into the console."""
        pane = self.query_one(LessonPane)
        blocks = pane.blocks()
        if not blocks:
            self.notify("Cette diapo n'a pas de commande à envoyer.", severity="warning")
            return
        if number == 0:
            number = pane.selected_block % len(blocks) + 1
        if number > len(blocks):
            self.notify(f"Cette diapo n'a que {len(blocks)} bloc(s).", severity="warning")
            return
        self.send_block(blocks[number - 1])

    def on_shell_block_send(self, message: ShellBlock.Send) -> None:
        """A block was clicked."""
        self.send_block(message.block)

    def send_block(self, block: ShellBlock) -> None:
        """Type *block* into the console as the student would, then focus the console."""
        from docker_lab.tui.slidetext import typed_text

        pane = self.query_one(LessonPane)
        pane.selected_block = block.part.number
        for other in pane.blocks():
            other.set_class(other is block, "-sent")
        send = getattr(self.console, "send_text", None)
        if send is None:
            self.notify("La console n'est pas disponible.", severity="error")
            return
        send(typed_text(block.part.text), execute=True)
        self.console.focus()

    def action_focus_console(self) -> None:
        """Move the focus into the console."""
        self.console.focus()
