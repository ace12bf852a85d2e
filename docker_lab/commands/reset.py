"""``docker-lab reset EXERCICE [--force]``: remove what the exercise created, forget its progress.

Removes the containers, networks and volumes the exercise names (setup,
checks, solutions) and those labelled ``docker-lab.exercise=<id>``, except a
resource that existed before the exercise started (kept, with a message) and,
for an exercise never started, anything unlabelled — unless ``--force``.
Docker's ``bridge``, ``host`` and ``none`` networks are never touched.
Exit status: 0 done, 1 something could not be removed, 2 cannot run.
"""

from __future__ import annotations

import argparse
from typing import Any

from docker_lab.commands.exercise_cli import (
    add_exercise_argument,
    find_exercise,
    load_course,
    open_gateway,
    open_store,
    run_guarded,
)


def register(sub: Any) -> None:
    """Register the sub-command."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "reset", help="remet un exercice à zéro (supprime ce qu'il a créé)",
        description="Supprime les containers, réseaux et volumes de l'exercice et efface sa "
                    "progression. Ce qui existait avant le début de l'exercice est conservé, "
                    "sauf avec --force.")
    add_exercise_argument(parser)
    parser.add_argument("--force", action="store_true",
                        help="supprime aussi les ressources du même nom qui existaient avant "
                             "l'exercice")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``reset``."""
    return run_guarded(_reset, args)


def _reset(args: argparse.Namespace) -> int:
    from docker_lab.lab.sandbox import reset_exercise
    from docker_lab.paths import workdir_for

    exercise = find_exercise(load_course(args), args.exercise)
    store = open_store()
    try:
        gateway = open_gateway()
        try:
            started = store.exercise_started_at(exercise.id) is not None
            report = reset_exercise(exercise, gateway.client, gateway.snapshot(),
                                    store.preexisting(exercise.id), started, force=args.force,
                                    workdir=workdir_for(exercise.id))
        finally:
            gateway.close()
        if not report.errors:  # a partial reset keeps the record, so that a retry ends it
            store.forget_exercise(exercise.id)
    finally:
        store.close()
    for line in report.lines():
        print(line)
    if not report.removed and not report.errors:
        print(f"Rien à supprimer pour « {exercise.id} ».")
    if report.errors:
        print(f"Progression de « {exercise.id} » gardée, avec ce qui existait avant l'exercice : "
              f"une fois le problème réglé, relancez docker-lab reset {exercise.id} pour "
              "supprimer le reste.")
        return 1
    print(f"Progression de « {exercise.id} » effacée.")
    return 0
