"""``docker-lab check EXERCICE [--step ÉTAPE] [--answer VALEUR] [--fresh] [--json]``.

Without ``--step``: from the first step not yet completed, evaluate; a passing
step is recorded completed and the next one evaluated; stop at the first step
that does not pass. With ``--step``: that step's checks, now (recorded when it
passes). Exit status: 0 all passed, 1 a check fails or an answer is awaited,
2 cannot check (Docker unreachable, unknown exercise or step).
"""

from __future__ import annotations

import argparse
import json
import shlex
from typing import Any

from docker_lab.checks.model import Status
from docker_lab.commands.exercise_cli import add_exercise_argument, opened_session, run_guarded
from docker_lab.lab.report import exercise_json, exercise_text, overall


def register(sub: Any) -> None:
    """Register the sub-command."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "check", help="vérifie un exercice sur le moteur Docker",
        description="Vérifie l'état réel du moteur Docker pour un exercice, à partir de la "
                    "première étape non validée (les étapes réussies sont enregistrées).\n"
                    "Code de sortie : 0 tout est validé, 1 une vérification échoue, "
                    "2 vérification impossible.")
    add_exercise_argument(parser)
    parser.add_argument("--step", metavar="ÉTAPE", help="vérifie seulement cette étape")
    parser.add_argument("--answer", metavar="VALEUR",
                        help="votre réponse, pour une étape qui demande une valeur")
    parser.add_argument("--fresh", action="store_true",
                        help="ignore la progression enregistrée (repart de la première étape)")
    parser.add_argument("--json", action="store_true", help="résultat en JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``check``."""
    return run_guarded(_check, args)


def _answer_needs_step(args: argparse.Namespace) -> None:
    """``--answer`` without ``--step``: say which step takes it (:class:`CannotRun`)."""
    from docker_lab.commands.exercise_cli import CannotRun, find_exercise, load_course
    from docker_lab.lab.steps import takes_answer

    if args.answer is None or args.step is not None:
        return
    exercise = find_exercise(load_course(args), args.exercise)
    asking = [s.id for s in exercise.steps if takes_answer(s)]
    if not asking:
        raise CannotRun(f"--answer ne sert à rien ici : aucune étape de « {exercise.id} » ne "
                        "demande de réponse. Relancez sans --answer.")
    raise CannotRun(f"--answer s'utilise avec --step, l'étape à laquelle vous répondez. Essayez : "
                    f"docker-lab check {exercise.id} --step {asking[0]} --answer "
                    f"{shlex.quote(args.answer)}" + (f" (étapes qui demandent une réponse : "
                                          f"{', '.join(asking)})" if len(asking) > 1 else ""))


def _check(args: argparse.Namespace) -> int:
    _answer_needs_step(args)
    with opened_session(args) as (exercise, step, session):
        if step is not None:
            result = session.evaluate(step.id, answer=args.answer)
            session.record(result)
            results = [result]
        else:
            results = session.advance_all(fresh=args.fresh)
        completed = {} if args.fresh else session.completed()
    only = step is not None
    if args.json:
        print(json.dumps(exercise_json(exercise, results, completed, only),
                         ensure_ascii=False, indent=2))
    else:
        print(exercise_text(exercise, results, completed, only))
    return 0 if overall(results, exercise, completed, only) is Status.PASS else 1
