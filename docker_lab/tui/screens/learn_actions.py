"""The learning screen's exercise actions: answer, hints, solution, map, zoom, split."""

from __future__ import annotations

from typing import Any

from docker_lab.course.models import Course
from docker_lab.tui.messages import Navigate
from docker_lab.tui.screens.course_map import CourseMapScreen
from docker_lab.tui.screens.dialogs import ConfirmScreen
from docker_lab.tui.screens.live_checks import LiveChecks
from docker_lab.tui.widgets.exercise_panel import is_answer_step


class ExerciseActions(LiveChecks):
    """Key actions of the learning screen that act on the exercise and the layout."""

    course: Course
    store: Any
    lesson_pos: int
    split: int
    _zoom: int

    async def goto(self, target: Navigate) -> None:
        """Show a slide and its exercise (the learning screen does it)."""
        raise NotImplementedError

    def _apply_split(self) -> None:
        """Apply :attr:`split` to the panes (the learning screen does it)."""
        raise NotImplementedError

    def action_answer(self) -> None:
        """Focus the answer field of an answer step."""
        step = self.panel.state.current
        if step is None or not is_answer_step(step):
            self.notify("Cette étape n'attend pas de réponse.", severity="warning")
            return
        self.query_one("#ex-answer").focus()

    def action_hint(self) -> None:
        """Reveal the next hint of the current step (saved)."""
        state = self.panel.state
        step = state.current
        if state.exercise is None or step is None:
            self.notify("Pas d'étape en cours.", severity="warning")
            return
        if state.hints >= len(step.hints):
            self.notify("Tous les indices de cette étape sont affichés.", severity="information")
            return
        state.hints = self.store.reveal_hint(state.exercise.id, step.id)
        self.panel.render_state()
        self.panel.scroll_end(animate=False)

    def action_solution(self) -> None:
        """Show the reference solution after a confirmation."""
        if self.panel.state.current is None:
            self.notify("Pas d'étape en cours.", severity="warning")
            return

        def shown(yes: bool | None) -> None:
            if yes:
                self.panel.state.solution_shown = True
                self.panel.render_state()
                self.panel.scroll_end(animate=False)

        self.app.push_screen(ConfirmScreen(
            "Afficher la solution de référence ?",
            "Essayez d'abord avec les indices (H) : chercher fait apprendre.",
        ), shown)

    def action_course_map(self) -> None:
        """Open the course map."""
        completed = {ex: set(self.store.completed_steps(ex)) for ex in self.course.exercises}
        lesson = self.course.lessons[self.lesson_pos].id

        async def chosen(target: Navigate | None) -> None:
            if target is not None:
                await self.goto(target)

        self.app.push_screen(CourseMapScreen(self.course, completed, lesson), chosen)

    def action_zoom(self) -> None:
        """Zoom the lesson, the panel, the console in turn, then none."""
        order = ["#lesson", "#exercise", "#console-box"]
        self._zoom = (self._zoom + 1) % (len(order) + 1)
        if self._zoom == 0:
            self.minimize()
        else:
            self.maximize(self.query_one(order[self._zoom - 1]), container=False)

    def action_split(self, delta: int) -> None:
        """Give the lesson pane more or less room."""
        self.split = max(25, min(75, self.split + delta))
        self._apply_split()
