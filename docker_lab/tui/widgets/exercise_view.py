"""What the exercise panel shows: its state (a frozen value) and the texts drawn from it."""

from __future__ import annotations

from dataclasses import dataclass

from docker_lab.checks.model import CheckResult, Status, StepResult
from docker_lab.course.models import Exercise, Step
from docker_lab.lab.attempts import Feedback
from docker_lab.lab.goals import step_goals
from docker_lab.lab.misconceptions import LEAD
from docker_lab.lab.misconceptions_state import Detected
from docker_lab.lab.settle import settling_text
from docker_lab.tui.markup import escape
from docker_lab.tui.slidetext import display_safe
from docker_lab.tui.widgets.exercise_console import NO_INTEGRATION_LEAD

ICONS = {Status.PASS: "[green]✓[/]", Status.FAIL: "[red]✗[/]", Status.ERROR: "[yellow]⚠[/]",
         Status.PENDING: "[dim]…[/]"}


def inline(text: str) -> str:
    """Return *text* as markup: escaped, with Markdown ``code`` spans highlighted."""
    parts = escape(display_safe(text)).split("`")
    return "".join(f"[b $accent]{p}[/]" if i % 2 else p for i, p in enumerate(parts))


@dataclass(frozen=True)
class PanelState:
    """What the panel shows; replace it (``dataclasses.replace``) to redraw the panel."""

    exercise: Exercise | None = None
    completed: frozenset[str] = frozenset()
    result: StepResult | None = None
    hints: int = 0
    answer: str | None = None  # last value typed for the current answer step
    solution_shown: bool = False
    engine_ok: bool = True
    engine_message: str = ""
    engine_fix: str = ""
    note: str = ""  # transient line: « vérification… », « étape validée »
    broken: tuple[tuple[str, str], ...] = ()  # (step, reason): completed steps failing now
    outline: str = ""  # the course outline (markup), shown when no exercise is open
    outline_elsewhere: bool = False  # the outline is listed beside (wide terminal)
    console_note: str = ""  # about the last console command (exercise_console.py)
    feedback: Feedback = Feedback.FULL  # goals only until the step is attempted
    misconceptions: tuple[Detected, ...] = ()  # named by lab/ for the current step

    @property
    def current(self) -> Step | None:
        """The first step not completed yet, or ``None`` when all are."""
        if self.exercise is None:
            return None
        return next((s for s in self.exercise.steps if s.id not in self.completed), None)


def engine_text(state: PanelState) -> str:
    """« Docker injoignable », why and how to fix it."""
    return (
        f"[b]🔌 Docker injoignable[/b]\n{escape(state.engine_message)}\n"
        f"[b]Pour corriger :[/b] {escape(state.engine_fix)}\n"
        "[dim]Les leçons restent lisibles ; reconnexion automatique.[/dim]"
    )


def missing_images_text(names: list[str]) -> str:
    """« 📦 Image(s) absente(s) » before the first step: which, why it matters, the key."""
    listed = ", ".join(f"[b]{escape(n)}[/b]" for n in names)
    return (
        f"[b]📦 Image(s) du cours absente(s) de Docker :[/b] {listed}\n"
        "Sans elle(s), les commandes de cet exercice échouent (« pull access denied »).\n"
        "[b]i[/b] (hors console) : la/les préparer maintenant — ou : docker-lab setup"
    )


def instructions_markdown(exercise: Exercise, step: Step) -> str:
    """The step's heading and instructions (after the exercise's introduction on step 1)."""
    number = exercise.steps.index(step) + 1
    intro = ""
    if number == 1 and exercise.introduction.strip():
        lines = display_safe(exercise.introduction.strip()).splitlines()
        intro = "\n".join(f"> {line}" for line in lines) + "\n\n"
    return (f"{intro}### Étape {number}/{len(exercise.steps)} · {display_safe(step.title)}\n\n"
            f"{display_safe(step.instructions)}")


def steps_text(state: PanelState, exercise: Exercise) -> str:
    """One line: a mark and a number per step (titles: course map and header)."""
    current = state.current
    broken = dict(state.broken)
    marks = []
    warnings = []
    for number, step in enumerate(exercise.steps, 1):
        if step.id in broken:
            marks.append(f"[yellow]⚠ {number}[/]")
            warnings.append(f"[yellow]⚠ Étape {number} cassée à nouveau : "
                            f"{inline(broken[step.id])}[/]")
        elif step.id in state.completed:
            marks.append(f"[green]✓ {number}[/]")
        elif current is not None and step.id == current.id:
            marks.append(f"[b reverse] ▶ {number} [/]")
        else:
            marks.append(f"[dim]· {number}[/]")
    return "\n".join(["Étapes : " + "  ".join(marks), *warnings])


def checks_text(state: PanelState, step: Step) -> str:
    """The verdict of each check of *step* (or « pas encore vérifié »), then the note."""
    result = state.result if state.result and state.result.id == step.id else None
    if result is None:
        head = "[dim]… pas encore vérifié (V pour vérifier)[/dim]" if state.engine_ok else ""
        return "\n".join(x for x in ("[b]Contrôles[/b]", head, state.note) if x)
    if state.feedback is Feedback.GOALS:
        return goals_text(step, result, state.note)
    with_fix = state.feedback is Feedback.FULL
    lines = ["[b]Contrôles[/b]", *(check_line(check, with_fix) for check in result.checks),
             *misconception_lines(state.misconceptions)]
    if state.note:
        lines.append(state.note)
    return "\n".join(lines)


def check_line(check: CheckResult, with_fix: bool = True) -> str:
    """One check's verdict; a check broken again is shown as the lab marked it.

    Without *with_fix* (asked to check before any attempt), the message stops before
    its « Essayez : … ».
    """
    message = check.message if with_fix else check.diagnosis
    if check.regressed and check.status is not Status.PASS:
        return f"[yellow]⚠ {inline(message)}[/]"
    return f"{ICONS[check.status]} {inline(message)}"


def misconception_lines(found: tuple[Detected, ...]) -> list[str]:
    """Each misconception seen: its name, what was seen and why it does not work."""
    return [f"[b $warning]{inline(LEAD + d.title)}[/]\n{inline(d.text())}" for d in found]


def goals_text(step: Step, result: StepResult, note: str = "") -> str:
    """A step not attempted yet: each check as a goal, ✓ when already reached, no ✗."""
    lines = ["[b]Objectifs[/b]"]
    for index, goal in enumerate(step_goals(step)):
        check = result.checks[index] if index < len(result.checks) else None
        done = check is not None and check.status is Status.PASS
        lines.append(f"{ICONS[Status.PASS] if done else '[dim]○[/]'} {inline(goal)}")
    lines.append("[dim]Vérifié à chaque changement · V : vérifier · H : un indice[/dim]")
    if note:
        lines.append(note)
    return "\n".join(lines)


def settling_note(names: tuple[str, ...], seconds: float) -> str:
    """The note of a step passing with containers that have just started (« » when none)."""
    return f"[dim]{inline(settling_text(names, seconds))}[/dim]" if names else ""


def console_text(state: PanelState) -> str:
    """What the panel says about the last console command (« » when nothing)."""
    if not state.console_note:
        return ""
    lines = [f"[b $warning]{inline(line)}[/]" if line.startswith(LEAD) else inline(line)
             for line in state.console_note.splitlines()]
    about = "la console" if state.console_note.startswith(NO_INTEGRATION_LEAD) else \
        "votre dernière commande"
    return "\n".join([f"[b]💬 {about[:1].upper()}{about[1:]}[/b]", *lines])


def hints_text(state: PanelState, step: Step) -> str:
    """The hints revealed so far, and how to get the next one."""
    if not step.hints:
        return "[dim]Pas d'indice pour cette étape.[/dim]"
    shown = min(state.hints, len(step.hints))
    lines = [f"[b]💡 Indices ({shown}/{len(step.hints)})[/b]"]
    lines += [f"{n}. {inline(h)}" for n, h in enumerate(step.hints[:shown], 1)]
    if shown < len(step.hints):
        lines.append("[dim]H : indice suivant[/dim]")
    return "\n".join(lines)


def solution_text(step: Step) -> str:
    """The reference solution's commands."""
    commands = "\n".join(f"  $ {escape(c)}" for c in step.solution) or "  (aucune commande)"
    return f"[b]🔑 Solution de référence[/b]\n{commands}"


EMPTY_TEXT = "[dim]Pas d'exercice dans cette leçon. Clic : ouvrir une leçon · M : carte.[/dim]"
FINISHED_TEXT = "[b green]🎉 Exercice terminé : toutes les étapes sont validées ![/]"


#: The exercise panel's own CSS (its ``DEFAULT_CSS``), kept here beside what it draws.
PANEL_CSS = """
    ExercisePanel {
        border: round $primary;
        border-subtitle-align: right;
        padding: 0 1;
        scrollbar-size-vertical: 1;
    }
    ExercisePanel:focus-within { border: round $accent; }
    ExercisePanel > * { height: auto; }
    #ex-engine {
        display: none;
        background: $error 20%;
        border-left: thick $error;
        padding: 0 1;
        margin-bottom: 1;
    }
    #ex-images {
        display: none;
        background: $warning 15%;
        border-left: thick $warning;
        padding: 0 1;
        margin-bottom: 1;
    }
    #ex-steps { margin-bottom: 1; }
    #ex-instructions { margin: 0; padding: 0; }
    #ex-instructions MarkdownHeader { margin: 1 0 1 0; }
    #ex-instructions MarkdownBlockQuote { margin: 0 0 1 0; }
    #ex-checks { margin-bottom: 1; }
    #ex-console { display: none; border-left: thick $warning; padding: 0 1; margin-bottom: 1; }
    #ex-answer { margin-bottom: 1; }
    #ex-solution { border-left: thick $warning; padding: 0 1; margin-top: 1; }
    #ex-outline { text-wrap: nowrap; text-overflow: ellipsis; }
    #ex-outline:hover { background: $boost; }
    """
