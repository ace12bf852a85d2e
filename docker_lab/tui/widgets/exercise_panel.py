"""The exercise panel: steps, the current step's checks with live ✓/✗, hints, solution.

The panel owns the exercise shown: its state is one reactive value
(:class:`~docker_lab.tui.widgets.exercise_view.PanelState`) redrawn by
:meth:`ExercisePanel.watch_state`; the actions on it (hint, solution, answer,
check); and live checking, in two thread workers — one follows the engine's
events (reconnecting by itself), one evaluates the current step. The workers
talk to the panel only through the messages of :mod:`docker_lab.tui.messages`;
the UI never waits on the daemon.
"""

from __future__ import annotations

from dataclasses import replace

from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Input, Markdown, Static

from docker_lab.course.models import Exercise, Step
from docker_lab.engine.errors import EngineError
from docker_lab.lab.link import EngineLink
from docker_lab.lab.steps import takes_answer
from docker_lab.progress import ProgressStore
from docker_lab.tui.messages import EngineChanged, EngineStatus, EvaluationFailed, StepEvaluated
from docker_lab.tui.screens.dialogs import ConfirmScreen
from docker_lab.tui.slidetext import display_safe
from docker_lab.tui.widgets import exercise_view as view
from docker_lab.tui.widgets.exercise_console import CHECKING, CommandExplained, ConsoleFeedback
from docker_lab.tui.widgets.exercise_view import PanelState

#: Wait this long after an event for more before evaluating (``docker run`` emits several).
DEBOUNCE = 0.05
#: Wait before retrying an evaluation the engine refused.
RETRY_DELAY = 0.5


class ExercisePanel(VerticalScroll, can_focus=True):
    """Shows the exercise's current step and its live verdict."""

    DEFAULT_CSS = view.PANEL_CSS

    ALLOW_MAXIMIZE = True

    state: reactive[PanelState] = reactive(PanelState)

    class StepsCompleted(Message):
        """Steps were recorded completed: the course outline changed."""

    class StepChanged(Message):
        """Progress made another step current (not the opening of an exercise)."""

        def __init__(self, exercise: Exercise, step: Step) -> None:
            super().__init__()
            self.exercise = exercise
            self.step = step

    def __init__(self, store: ProgressStore, link: EngineLink, *, live: bool = True,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.store = store
        self.link = link
        self.live = live
        self._shown_step: tuple[str, str] | None = None
        self._answerable = False
        self._eval_seq = 0
        self._eval_shown = 0
        self._eval_running = False
        self._eval_pending: str | bool | None = False
        self._debounce: Timer | None = None
        self._missing_images: frozenset[str] = frozenset()
        self.console_feedback = ConsoleFeedback(self)

    def compose(self) -> ComposeResult:
        """Lay out the panel's parts."""
        yield Static("", id="ex-engine")
        yield Static("", id="ex-images")
        yield Static("", id="ex-steps")
        yield Markdown("", id="ex-instructions")
        yield Static("", id="ex-checks")
        yield Static("", id="ex-console")
        yield Input(placeholder="Votre réponse, puis Entrée", id="ex-answer")
        yield Static("", id="ex-hints")
        yield Static("", id="ex-solution")
        yield Static("", id="ex-outline")

    # -- what is shown -------------------------------------------------------------------
    def open(self, exercise: Exercise | None) -> bool:
        """Show *exercise* (``None``: the course outline); False when it already was."""
        shown = self.state.exercise
        if (exercise is None and shown is None) or (
                exercise is not None and shown is not None and exercise.id == shown.id):
            return False
        completed = frozenset(self.store.completed_steps(exercise.id)) if exercise else frozenset()
        self.state = self._with_hints(replace(
            self.state, exercise=exercise, completed=completed, result=None, answer=None,
            solution_shown=False, note="", broken=()))
        self.link.watch(exercise)
        self._show_missing_images()
        self.check_now()
        return True

    def _with_hints(self, state: PanelState) -> PanelState:
        """*state* with the number of hints revealed for its current step."""
        step = state.current
        hints = (self.store.hints_revealed(state.exercise.id, step.id)
                 if state.exercise and step else 0)
        return replace(state, hints=hints)

    def show_outline(self, outline: str, elsewhere: bool) -> None:
        """Take the course outline (markup) and whether it is listed beside the panel."""
        self.state = replace(self.state, outline=outline, outline_elsewhere=elsewhere)

    def watch_state(self, state: PanelState) -> None:
        """Redraw every part from *state*; refresh the keys only when « Répondre » changes.

        (Refreshing the bindings recomposes the footer: doing it at every verdict made the
        app grow by about 300 KB per evaluation.)
        """
        answerable = state.current is not None and takes_answer(state.current)
        if answerable != self._answerable:
            self._answerable = answerable
            self.refresh_bindings()
        engine = self.query_one("#ex-engine", Static)
        engine.display = not state.engine_ok
        if not state.engine_ok:
            engine.update(view.engine_text(state))
        exercise = state.exercise
        self.set_class(exercise is None, "-empty")
        self.query_one("#ex-outline").display = exercise is None and not state.outline_elsewhere
        if exercise is None:
            self.border_title = "📚 Le cours"
            self._show_empty(state)
            return
        done = sum(1 for s in exercise.steps if s.id in state.completed)
        self.border_title = f"🧪 {display_safe(exercise.title)}"
        self.border_subtitle = f"{done}/{len(exercise.steps)} étapes"
        self.query_one("#ex-steps", Static).update(view.steps_text(state, exercise))
        step = state.current
        if step is None:
            self._show_finished()
            return
        instructions = self.query_one("#ex-instructions", Markdown)
        answer = self.query_one("#ex-answer", Input)
        if self._shown_step != (exercise.id, step.id):
            self._shown_step = (exercise.id, step.id)
            instructions.update(view.instructions_markdown(exercise, step))
            answer.value = ""
        instructions.display = True
        self.query_one("#ex-checks").display = self.query_one("#ex-hints").display = True
        self.query_one("#ex-checks", Static).update(view.checks_text(state, step))
        self._show_console_note(state)
        answer.display = takes_answer(step)
        self.query_one("#ex-hints", Static).update(view.hints_text(state, step))
        solution = self.query_one("#ex-solution", Static)
        solution.display = state.solution_shown
        if state.solution_shown:
            solution.update(view.solution_text(step))

    def _show_console_note(self, state: PanelState) -> None:
        note = self.query_one("#ex-console", Static)
        note.display = bool(state.console_note)
        note.update(view.console_text(state))
        self.console_feedback.reveal_news(state, note, self.query_one("#ex-checks"))

    def _show_empty(self, state: PanelState) -> None:
        self.border_subtitle = "pas d'exercice ici"
        self.query_one("#ex-steps", Static).update(view.EMPTY_TEXT)
        self.query_one("#ex-outline", Static).update(state.outline)
        for selector in ("#ex-instructions", "#ex-answer", "#ex-solution", "#ex-checks",
                         "#ex-hints"):
            self.query_one(selector).display = False

    def _show_finished(self) -> None:
        for selector in ("#ex-instructions", "#ex-answer", "#ex-solution"):
            self.query_one(selector).display = False
        self.query_one("#ex-hints", Static).update("")
        self.query_one("#ex-checks", Static).update(view.FINISHED_TEXT)

    # -- the course's images -------------------------------------------------------------
    def show_missing_images(self, missing: frozenset[str]) -> None:
        """Take the course's images the engine lacks; say which the exercise needs."""
        self._missing_images = missing
        self._show_missing_images()

    def missing_for_exercise(self) -> list[str]:
        """The missing images the exercise shown uses (in their course order)."""
        from docker_lab.lab.imageneeds import images_used

        exercise = self.state.exercise
        if exercise is None or not self._missing_images:
            return []
        return images_used(exercise, sorted(self._missing_images))

    def _show_missing_images(self) -> None:
        notice = self.query_one("#ex-images", Static)
        names = self.missing_for_exercise()
        notice.display = bool(names)
        if names:
            notice.update(view.missing_images_text(names))

    # -- the student's actions -----------------------------------------------------------
    def focus_answer(self) -> None:
        """Focus the answer field of an answer step."""
        step = self.state.current
        if step is None or not takes_answer(step):
            self.notify("Cette étape n'attend pas de réponse.", severity="warning")
            return
        self.query_one("#ex-answer").focus()

    def reveal_hint(self) -> None:
        """Reveal the next hint of the current step (saved)."""
        state, step = self.state, self.state.current
        if state.exercise is None or step is None:
            self.notify("Pas d'étape en cours.", severity="warning")
            return
        if state.hints >= len(step.hints):
            self.notify("Tous les indices de cette étape sont affichés.", severity="information")
            return
        self.state = replace(state, hints=self.store.reveal_hint(state.exercise.id, step.id))
        self.scroll_end(animate=False)

    def show_solution(self) -> None:
        """Show the reference solution after a confirmation."""
        if self.state.current is None:
            self.notify("Pas d'étape en cours.", severity="warning")
            return

        def shown(yes: bool | None) -> None:
            if yes:
                self.state = replace(self.state, solution_shown=True)
                self.scroll_end(animate=False)

        self.app.push_screen(ConfirmScreen(
            "Afficher la solution de référence ?",
            "Essayez d'abord avec les indices (H) : chercher fait apprendre.",
        ), shown)

    def check(self) -> None:
        """« Vérifier »: evaluate the current step now."""
        exercise, step = self.state.exercise, self.state.current
        if exercise is None:
            self.notify("Pas d'exercice ouvert : M pour la carte du cours.", severity="warning")
            return
        self.state = replace(self.state, note=CHECKING)
        if step is not None:  # not attempted: say what is wrong (not yet what to try)
            self.link.attempts(exercise.id).asked(step.id)
        self.check_now()

    @on(Input.Submitted, "#ex-answer")
    def _answered(self, event: Input.Submitted) -> None:
        """Check an answer step with the value typed (kept for later re-checks)."""
        event.stop()
        answer = event.value.strip()
        if answer:
            self.state = replace(self.state, answer=answer)
            self.check_now(answer)

    # -- live checking -------------------------------------------------------------------
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

    @on(EngineChanged)
    def _engine_changed(self) -> None:
        """Re-evaluate shortly after an event that concerns the exercise (debounced)."""
        if self.state.exercise is None:
            return
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE, self.check_now)

    @on(EngineStatus)
    def _engine_status(self, message: EngineStatus) -> None:
        """Show or clear « Docker injoignable »; re-check once the daemon is back."""
        was_ok = self.state.engine_ok
        self.state = replace(self.state, engine_ok=message.reachable,
                             engine_message=message.message, engine_fix=message.fix)
        if message.reachable and not was_ok:
            self.notify("Docker est de nouveau joignable.", title="Docker")
            self.check_now()

    @property
    def evaluations_begun(self) -> int:
        """How many evaluations were begun (the number of the last one)."""
        return self._eval_seq

    def check_now(self, answer: str | None = None) -> None:
        """Evaluate the current exercise in a worker; one evaluation at a time."""
        exercise = self.state.exercise
        if exercise is None or not self.live:
            return
        if answer is None:
            answer = self.state.answer
        if self._eval_running:
            self._eval_pending = answer if answer is not None else (self._eval_pending or True)
            return
        self._eval_running = True
        self._eval_seq += 1
        self.evaluate(exercise, answer, self._eval_seq)

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
            exercise.id, done.result, done.completed, done.newly_completed, seq, done.broken,
            done.feedback, done.misconceptions, done.settling, done.recheck_in))

    def _finished(self) -> None:
        self._eval_running = False
        pending, self._eval_pending = self._eval_pending, False
        if pending is not False:
            self.check_now(pending if isinstance(pending, str) else None)

    @on(EvaluationFailed)
    def _evaluation_failed(self, message: EvaluationFailed) -> None:
        """Show why an evaluation could not run."""
        self._finished()
        if message.message:
            self.state = replace(self.state, note=f"[yellow]⚠ {message.message}[/yellow]")

    @on(StepEvaluated)
    def _step_evaluated(self, message: StepEvaluated) -> None:
        """Show a verdict; a passing step is recorded and the next one shown."""
        self._finished()
        exercise = self.state.exercise
        if exercise is None or message.exercise_id != exercise.id:
            return
        if message.seq < self._eval_shown:
            return
        self._eval_shown = message.seq
        before = self.state.current if self.state.result is not None else None
        state = replace(self.state, engine_ok=True, completed=frozenset(message.completed),
                        broken=message.broken, note=view.settling_note(message.settling,
                                                                       message.recheck_in),
                        result=message.result, feedback=message.feedback,
                        misconceptions=message.misconceptions)
        if message.recheck_in:  # a container has just started: judged once it has run a while
            self.set_timer(message.recheck_in + 0.1, self.check_now)
        if message.newly_completed:
            self.post_message(self.StepsCompleted())
            state = self._with_hints(replace(state, solution_shown=False, answer=None))
            titles = [s.title for s in exercise.steps if s.id in message.newly_completed]
            for title in titles:
                self.notify(f"✓ Étape validée : {title}", title="Bravo !")
        self.state = state
        self._tell_step_changed(exercise, before)
        self.console_feedback.command_progress(message.result, message.newly_completed,
                                               message.seq)

    def on_command_explained(self, message: CommandExplained) -> None:
        """What to say about a console command: shown in the console note."""
        self.console_feedback.explained(message)

    def _tell_step_changed(self, exercise: Exercise, before: Step | None) -> None:
        """Say that progress made another step current (its slide can be shown).

        Only after a verdict was shown for this exercise: opening an exercise whose
        first steps are already done moves its current step without the student
        working on it, and must not move the lesson they are reading.
        """
        now = self.state.current
        if before is not None and now is not None and now.id != before.id:
            self.post_message(self.StepChanged(exercise, now))
