"""Live checking for the learning screen: engine events in, verdicts out.

Two thread workers: one follows the engine's events (reconnecting by itself),
one evaluates the current step. They talk to the screen only through the
messages of :mod:`docker_lab.tui.messages`; the UI never waits on the daemon.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.screen import Screen
from textual.timer import Timer

from docker_lab.engine.errors import EngineError
from docker_lab.tui.messages import EngineChanged, EngineStatus, EvaluationFailed, StepEvaluated
from docker_lab.tui.widgets.exercise_panel import ExercisePanel

if TYPE_CHECKING:
    from docker_lab.course.models import Exercise

#: Wait this long after an event for more before evaluating (``docker run`` emits several).
DEBOUNCE = 0.05
#: Wait before retrying an evaluation the engine refused.
RETRY_DELAY = 0.5


class LiveChecks(Screen[None]):
    """Base of the learning screen: live checking of the exercise shown."""

    exercise: Exercise | None
    link: Any
    live: bool
    _eval_seq = 0
    _eval_shown = 0
    _eval_running = False
    _eval_pending: str | bool | None = False
    _eval_debounce: Timer | None = None

    @property
    def panel(self) -> ExercisePanel:
        """The exercise panel."""
        return self.query_one(ExercisePanel)

    def _load_hints(self) -> None:
        """Load the hints revealed for the current step (the screen does it)."""

    def refresh_outline(self) -> None:
        """Redraw the course outline after progress (the learning screen does it)."""

    def start_live(self) -> None:
        """Start following the engine."""
        self.follow_engine()

    def on_unmount(self) -> None:
        """Stop the events stream so its thread ends with the app."""
        self.link.stop()

    @work(thread=True, exclusive=True, exit_on_error=False, group="engine-events")
    def follow_engine(self) -> None:
        """Follow the engine's events (blocking; runs in a thread)."""
        self.link.follow(
            lambda event: self.post_message(EngineChanged(event)),
            lambda ok, message, fix: self.post_message(EngineStatus(ok, message, fix)),
        )

    def on_engine_changed(self, message: EngineChanged) -> None:
        """Re-evaluate shortly after a relevant event (debounced)."""
        if self.exercise is None or not self.link.relevant(self.exercise, message.event):
            return
        if self._eval_debounce is not None:
            self._eval_debounce.stop()
        self._eval_debounce = self.set_timer(DEBOUNCE, self.check_now)

    def on_engine_status(self, message: EngineStatus) -> None:
        """Show or clear « Docker injoignable »; re-check once the daemon is back."""
        state = self.panel.state
        was_ok = state.engine_ok
        state.engine_ok, state.engine_message, state.engine_fix = (
            message.reachable, message.message, message.fix)
        self.panel.render_state()
        if message.reachable and not was_ok:
            self.notify("Docker est de nouveau joignable.", title="Docker")
            self.check_now()

    def action_check(self) -> None:
        """« Vérifier »: evaluate the current step now."""
        if self.exercise is None:
            self.notify("Pas d'exercice ouvert : M pour la carte du cours.", severity="warning")
            return
        self.panel.state.note = "[dim]⏳ vérification…[/dim]"
        self.panel.render_state()
        self.check_now()

    def on_exercise_panel_answer_submitted(self, message: ExercisePanel.AnswerSubmitted) -> None:
        """Check an answer step with the value typed (kept for later re-checks)."""
        self.panel.state.answer = message.answer
        self.check_now(message.answer)

    def check_now(self, answer: str | None = None) -> None:
        """Evaluate the current exercise in a worker; one evaluation at a time."""
        if self.exercise is None or not self.live:
            return
        if answer is None:
            answer = self.panel.state.answer
        if self._eval_running:
            self._eval_pending = answer if answer is not None else (self._eval_pending or True)
            return
        self._eval_running = True
        self._eval_seq += 1
        self.evaluate(self.exercise, answer, self._eval_seq)

    @work(thread=True, exclusive=True, exit_on_error=False, group="evaluate")
    def evaluate(self, exercise: Exercise, answer: str | None, seq: int) -> None:
        """Evaluate *exercise* (runs in a thread) and post the verdict."""
        try:
            try:
                done = self.link.evaluate(exercise, answer)
            except EngineError:  # one retry: a busy daemon is not a missing one
                self.link.pause(RETRY_DELAY)
                done = self.link.evaluate(exercise, answer)
        except EngineError as error:
            self.post_message(EngineStatus(False, error.message, error.fix))
            self.post_message(EvaluationFailed(exercise.id, "", seq))
            return
        except Exception as error:  # a checker bug must not kill the app
            reason = f"Vérification impossible : {error}"
            self.post_message(EvaluationFailed(exercise.id, reason, seq))
            return
        self.post_message(StepEvaluated(
            exercise.id, done.result, done.completed, done.newly_completed, seq, done.broken))

    def _finished(self) -> None:
        self._eval_running = False
        pending, self._eval_pending = self._eval_pending, False
        if pending is not False:
            self.check_now(pending if isinstance(pending, str) else None)

    def on_evaluation_failed(self, message: EvaluationFailed) -> None:
        """Show why an evaluation could not run."""
        self._finished()
        if message.message:
            self.panel.state.note = f"[yellow]⚠ {message.message}[/yellow]"
            self.panel.render_state()

    def on_step_evaluated(self, message: StepEvaluated) -> None:
        """Show a verdict; a passing step is recorded and the next one shown."""
        self._finished()
        state = self.panel.state
        if self.exercise is None or message.exercise_id != self.exercise.id:
            return
        if message.seq < self._eval_shown:
            return
        self._eval_shown = message.seq
        if not state.engine_ok:
            state.engine_ok = True
        state.completed = set(message.completed)
        state.broken = dict(message.broken)
        state.note = ""
        if message.newly_completed:
            self.refresh_outline()
            state.solution_shown, state.answer = False, None
            self._load_hints()
            titles = [s.title for s in self.exercise.steps if s.id in message.newly_completed]
            for title in titles:
                self.notify(f"✓ Étape validée : {title}", title="Bravo !")
        self.panel.record(message.result)
        self.panel.render_state()
        self.refresh_bindings()
