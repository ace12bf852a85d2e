"""The exercise panel: steps, the current step's checks with live ✓/✗, hints, solution."""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.markup import escape
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Input, Markdown, Static

from docker_lab.checks.model import CheckResult, Status, StepResult
from docker_lab.course.models import Exercise, Step
from docker_lab.tui.slidetext import display_safe

#: How a check that passed earlier and fails now is introduced (as the checker says it).
REGRESSION_PREFIX = "Cassé à nouveau : "

ICONS = {Status.PASS: "[green]✓[/]", Status.FAIL: "[red]✗[/]", Status.ERROR: "[yellow]⚠[/]",
         Status.PENDING: "[dim]…[/]"}


def inline(text: str) -> str:
    """Return *text* as markup: escaped, with Markdown ``code`` spans highlighted."""
    parts = escape(display_safe(text)).split("`")
    return "".join(f"[b $accent]{p}[/]" if i % 2 else p for i, p in enumerate(parts))


def is_answer_step(step: Step) -> bool:
    """True when the step waits for a value typed by the student."""
    return any(check.kind == "answer" for check in step.checks)


@dataclass
class PanelState:
    """What the panel shows; the screen mutates it and calls :meth:`ExercisePanel.render_state`."""

    exercise: Exercise | None = None
    completed: set[str] = field(default_factory=set)
    result: StepResult | None = None
    hints: int = 0
    answer: str | None = None  # last value typed for the current answer step
    solution_shown: bool = False
    engine_ok: bool = True
    engine_message: str = ""
    engine_fix: str = ""
    note: str = ""  # transient line: « vérification… », « étape validée »
    broken: dict[str, str] = field(default_factory=dict)  # completed steps failing now
    regressed: set[tuple[str, int]] = field(default_factory=set)  # (step, check) broken again
    outline: str = ""  # the course outline (markup), shown when no exercise is open

    @property
    def current(self) -> Step | None:
        """The first step not completed yet, or ``None`` when all are."""
        if self.exercise is None:
            return None
        return next((s for s in self.exercise.steps if s.id not in self.completed), None)


class ExercisePanel(VerticalScroll, can_focus=True):
    """Shows the exercise's current step and its live verdict."""

    ALLOW_MAXIMIZE = True

    class AnswerSubmitted(Message):
        """The student typed an answer for an answer step."""

        def __init__(self, answer: str) -> None:
            super().__init__()
            self.answer = answer

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.state = PanelState()
        self._shown_step: str | None = None

    def compose(self) -> ComposeResult:
        """Lay out the panel's parts."""
        yield Static("", id="ex-engine")
        yield Static("", id="ex-steps")
        yield Markdown("", id="ex-instructions")
        yield Static("", id="ex-checks")
        yield Input(placeholder="Votre réponse, puis Entrée", id="ex-answer")
        yield Static("", id="ex-hints")
        yield Static("", id="ex-solution")
        yield Static("", id="ex-outline")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Forward an answer to the screen."""
        event.stop()
        if event.value.strip():
            self.post_message(self.AnswerSubmitted(event.value.strip()))

    def record(self, result: StepResult) -> None:
        """Take a new verdict for the current step; remember checks broken again.

        A check flagged ``regressed`` stays « cassé à nouveau » until it passes.
        """
        self.state.result = result
        for index, check in enumerate(result.checks):
            key = (result.id, index)
            if check.status is Status.PASS:
                self.state.regressed.discard(key)
            elif check.regressed:
                self.state.regressed.add(key)

    def render_state(self) -> None:
        """Redraw every part from :attr:`state`."""
        state = self.state
        exercise = state.exercise
        engine = self.query_one("#ex-engine", Static)
        engine.display = not state.engine_ok
        if not state.engine_ok:
            engine.update(
                f"[b]🔌 Docker injoignable[/b]\n{escape(state.engine_message)}\n"
                f"[b]Pour corriger :[/b] {escape(state.engine_fix)}\n"
                "[dim]Les leçons restent lisibles ; reconnexion automatique.[/dim]"
            )
        self.set_class(exercise is None, "-empty")
        sidebar = self.is_attached and self.screen.has_class("-wide")  # lessons listed there
        self.query_one("#ex-outline").display = exercise is None and not sidebar
        if exercise is None:
            self.border_title = "📚 Le cours"
            self._show_empty()
            return
        done = sum(1 for s in exercise.steps if s.id in state.completed)
        self.border_title = f"🧪 {display_safe(exercise.title)}"
        self.border_subtitle = f"{done}/{len(exercise.steps)} étapes"
        self.query_one("#ex-steps", Static).update(self._steps_text(exercise))
        step = state.current
        if step is None:
            self._show_finished()
            return
        if self._shown_step != step.id:
            self._shown_step = step.id
            number = exercise.steps.index(step) + 1
            intro = ""
            if number == 1 and exercise.introduction.strip():
                lines = display_safe(exercise.introduction.strip()).splitlines()
                intro = "\n".join(f"> {line}" for line in lines) + "\n\n"
            self.query_one("#ex-instructions", Markdown).update(
                f"{intro}### Étape {number}/{len(exercise.steps)} · {display_safe(step.title)}\n\n"
                f"{display_safe(step.instructions)}"
            )
            self.query_one("#ex-answer", Input).value = ""
        self.query_one("#ex-instructions", Markdown).display = True
        self.query_one("#ex-checks").display = self.query_one("#ex-hints").display = True
        self.query_one("#ex-checks", Static).update(self._checks_text(step))
        self.query_one("#ex-answer", Input).display = is_answer_step(step)
        self.query_one("#ex-hints", Static).update(self._hints_text(step))
        solution = self.query_one("#ex-solution", Static)
        solution.display = state.solution_shown
        if state.solution_shown:
            commands = "\n".join(f"  $ {escape(c)}" for c in step.solution) or "  (aucune commande)"
            solution.update(f"[b]🔑 Solution de référence[/b]\n{commands}")

    def _steps_text(self, exercise: Exercise) -> str:
        """One line: a mark and a number per step (titles: course map and header)."""
        current = self.state.current
        marks = []
        warnings = []
        for number, step in enumerate(exercise.steps, 1):
            if step.id in self.state.broken:
                marks.append(f"[yellow]⚠ {number}[/]")
                warnings.append(f"[yellow]⚠ Étape {number} cassée à nouveau : "
                                f"{inline(self.state.broken[step.id])}[/]")
            elif step.id in self.state.completed:
                marks.append(f"[green]✓ {number}[/]")
            elif current is not None and step.id == current.id:
                marks.append(f"[b reverse] ▶ {number} [/]")
            else:
                marks.append(f"[dim]· {number}[/]")
        return "\n".join(["Étapes : " + "  ".join(marks), *warnings])

    def _checks_text(self, step: Step) -> str:
        state = self.state
        result = state.result if state.result and state.result.id == step.id else None
        if result is None:
            head = "[dim]… pas encore vérifié (V pour vérifier)[/dim]" if state.engine_ok else ""
            return "\n".join(x for x in ("[b]Contrôles[/b]", head, state.note) if x)
        lines = ["[b]Contrôles[/b]"]
        for index, check in enumerate(result.checks):
            lines.append(self._check_line(check, (step.id, index) in state.regressed))
        if state.note:
            lines.append(state.note)
        return "\n".join(lines)

    def _check_line(self, check: CheckResult, regressed: bool) -> str:
        if check.status is not Status.PASS and (regressed or check.regressed):
            message = check.message  # passed earlier, fails now: say so, and why
            if not message.startswith(REGRESSION_PREFIX):
                message = REGRESSION_PREFIX + message
            return f"[yellow]⚠ {inline(message)}[/]"
        return f"{ICONS[check.status]} {inline(check.message)}"

    def _hints_text(self, step: Step) -> str:
        if not step.hints:
            return "[dim]Pas d'indice pour cette étape.[/dim]"
        shown = min(self.state.hints, len(step.hints))
        lines = [f"[b]💡 Indices ({shown}/{len(step.hints)})[/b]"]
        lines += [f"{n}. {inline(h)}" for n, h in enumerate(step.hints[:shown], 1)]
        if shown < len(step.hints):
            lines.append("[dim]H : indice suivant[/dim]")
        return "\n".join(lines)

    def _show_empty(self) -> None:
        self.border_subtitle = "pas d'exercice ici"
        self.query_one("#ex-steps", Static).update(
            "[dim]Pas d'exercice dans cette leçon. Clic : ouvrir une leçon · M : carte.[/dim]"
        )
        self.query_one("#ex-outline", Static).update(self.state.outline)
        for selector in ("#ex-instructions", "#ex-answer", "#ex-solution", "#ex-checks",
                         "#ex-hints"):
            self.query_one(selector).display = False

    def _show_finished(self) -> None:
        self.query_one("#ex-instructions", Markdown).display = False
        self.query_one("#ex-answer", Input).display = False
        self.query_one("#ex-solution", Static).display = False
        self.query_one("#ex-hints", Static).update("")
        self.query_one("#ex-checks", Static).update(
            "[b green]🎉 Exercice terminé : toutes les étapes sont validées ![/]"
        )
