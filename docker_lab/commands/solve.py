"""``docker-lab solve EXERCICE [--step ÉTAPE]``: apply the reference solution.

For instructors and CI. Each step not yet completed is checked first (already
done: nothing is run); otherwise its solution commands run one by one with
``bash -c`` in the exercise's working directory, shown as they run and recorded in
the command log as if typed in the console (``ran`` checks), then the step is
checked again (waiting a little for servers that start) and recorded.
An answer step's solution prints the value, which is given as the answer.
Exit status: 0 solved, 1 a step still fails, 2 cannot run.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docker_lab.checks.model import Status, StepResult
from docker_lab.commands.exercise_cli import (
    CannotRun,
    add_exercise_argument,
    opened_session,
    run_guarded,
)
from docker_lab.course.models import Step
from docker_lab.lab.guard import SolutionBlocked, guard_env, guarded, read_blocked
from docker_lab.lab.report import step_lines
from docker_lab.lab.steps import takes_answer

if TYPE_CHECKING:
    from docker_lab.lab.session import ExerciseSession

COMMAND_TIMEOUT = 180.0
SETTLE_TIMEOUT = 60.0


def register(sub: Any) -> None:
    """Register the sub-command."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "solve", help="applique la solution de référence d'un exercice",
        description="Applique la solution de référence (formateurs, intégration continue) : "
                    "chaque étape non validée est vérifiée, puis ses commandes sont lancées "
                    "avec bash dans le dossier de travail de l'exercice.")
    add_exercise_argument(parser)
    parser.add_argument("--step", metavar="ÉTAPE", help="applique seulement cette étape")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``solve``."""
    return run_guarded(_solve, args)


#: What may make dockerd drop its default ``bridge`` network: a bridge network named
#: docker0 or flagged default, or a macvlan/ipvlan whose parent is docker0.
_DEFAULT_BRIDGE = re.compile(r"docker0\b|default_bridge|bridge\.name=docker0")


def touches_default_bridge(command: str) -> bool:
    """Whether a command names the default bridge's interface or its default flag."""
    return bool(_DEFAULT_BRIDGE.search(command))


def run_command(command: str, workdir: Path,
                env: dict[str, str] | None = None) -> tuple[int, str]:
    """Run one solution command with ``bash -c``; print it and its output; return (rc, stdout).

    With *env* (:func:`docker_lab.lab.guard.guard_env`), the command runs behind the guard
    that refuses to remove what existed before the exercise.
    """
    print(f"$ {command.strip()}", flush=True)
    if touches_default_bridge(command):
        print("  (refusée : elle toucherait l'interface docker0 du réseau bridge par défaut, "
              "que Docker supprimerait alors — plus aucun docker run sans --network ne marcherait)")
        return 1, ""
    try:
        done = subprocess.run(["bash", "-c", guarded(command) if env else command], cwd=workdir,
                              capture_output=True, text=True, timeout=COMMAND_TIMEOUT,
                              check=False, env=env)
    except FileNotFoundError as exc:
        raise CannotRun("bash est introuvable : il exécute les solutions.") from exc
    except subprocess.TimeoutExpired:
        print(f"  (interrompue après {COMMAND_TIMEOUT:.0f} s)")
        return 124, ""
    for stream in (done.stdout, done.stderr):
        for line in stream.splitlines():
            print(f"  {line}")
    if done.returncode:
        print(f"  (code de sortie {done.returncode})")
    return done.returncode, done.stdout


def solve_step(session: ExerciseSession, step: Step, workdir: Path) -> StepResult:
    """Run a step's solution then wait for its checks to pass (or time out).

    Raises:
        SolutionBlocked: the solution would have removed a resource the student had
            before the exercise began (nothing of it was touched).
    """
    from docker_lab.lab.runner import wait_for_step

    answer: str | None = None
    with tempfile.TemporaryDirectory(prefix="docker-lab-solve-") as folder:
        blocked_file = Path(folder) / "bloque"
        env = guard_env(session.store.preexisting(session.exercise.id), blocked_file)
        for command in step.solution:
            code, out = run_command(command, workdir, env)
            blocked = read_blocked(blocked_file)
            if blocked:
                raise SolutionBlocked(blocked)
            # as if typed in the console: the ``ran`` checks see it
            session.commands.record(command.strip(), code, out, session.exercise.id, "solve")
            lines = [ln.strip() for ln in out.splitlines() if ln.strip()]
            answer = lines[-1] if lines else answer
    given = answer if takes_answer(step) else None
    return wait_for_step(step, session.gateway, answer=given, timeout=SETTLE_TIMEOUT,
                         workdir=workdir, commands=lambda: session.commands_for(step))


def _solve(args: argparse.Namespace) -> int:
    from docker_lab.paths import workdir_for

    with opened_session(args) as (exercise, only, session):
        workdir = workdir_for(exercise.id)
        done = session.completed()
        for step in [only] if only is not None else exercise.steps:
            if only is None and step.id in done:
                print(f"✓ {step.id} — {step.title} (déjà validée)")
                continue
            if not takes_answer(step):
                before = session.evaluate(step.id)
                if before.status is Status.PASS:
                    session.record(before)
                    print(f"✓ {step.id} — {step.title} (déjà réalisée)")
                    continue
            print(f"▶ {step.id} — {step.title}")
            try:
                result = solve_step(session, step, workdir)
            except SolutionBlocked as blocked:
                print(str(blocked))
                return 1
            session.record(result)
            print("\n".join(step_lines(result)))
            if result.status is not Status.PASS:
                print(f"La solution de l'étape « {step.id} » ne passe pas ses vérifications.")
                return 1
    print("Solution appliquée.")
    return 0
