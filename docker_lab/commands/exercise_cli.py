"""What ``check``, ``solve`` and ``reset`` share: finding the exercise, opening the engine.

Every failure to run becomes a French message on stderr and exit status 2
(:class:`CannotRun`); no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from docker_lab.course.models import Course, Exercise
from docker_lab.engine.errors import EngineError


class CannotRun(Exception):
    """The command cannot run; ``str(exc)`` is the French message (exit status 2)."""


def add_exercise_argument(parser: argparse.ArgumentParser) -> None:
    """The positional ``EXERCICE`` argument."""
    parser.add_argument("exercise", metavar="EXERCICE",
                        help="identifiant de l'exercice (ex. dns-interne)")


def load_course(args: argparse.Namespace) -> Course:
    """Load the course's exercises (``--course`` or the shipped course).

    Lessons are not read: checking needs only the exercises (reading the 74
    slides would double the command's start-up time).
    """
    from docker_lab.course.loader import load_files, yaml_files
    from docker_lab.paths import course_dirs

    dirs = course_dirs(getattr(args, "course", None))
    if not dirs.exercises.is_dir():
        raise CannotRun(f"Dossier d'exercices introuvable : {dirs.exercises} "
                        "(--course attend un dossier qui contient lessons/ et exercises/).")
    files = yaml_files(dirs.exercises)
    course, _problems = load_files([], files, check_lesson_refs=False)
    return course


def find_exercise(course: Course, exercise_id: str) -> Exercise:
    """The exercise, or :class:`CannotRun` listing the known ids."""
    exercise = course.exercises.get(exercise_id)
    if exercise is not None:
        return exercise
    known = ", ".join(sorted(course.exercises)) or "aucun"
    raise CannotRun(f"Exercice inconnu « {exercise_id} ». Exercices disponibles : {known}.\n"
                    "(Un exercice dont le fichier a des erreurs n'est pas chargé : "
                    "docker-lab validate les liste.)")


def find_step(exercise: Exercise, step_id: str | None) -> Any:
    """The step (``None`` when ``step_id`` is ``None``), or :class:`CannotRun`."""
    if step_id is None:
        return None
    step = exercise.step(step_id)
    if step is None:
        known = ", ".join(s.id for s in exercise.steps)
        raise CannotRun(f"Étape inconnue « {step_id} » dans « {exercise.id} ». "
                        f"Étapes : {known}.")
    return step


def open_store() -> Any:
    """Open the progress store; its warning (a corrupt store set aside) goes to stderr."""
    from docker_lab.progress import ProgressError, ProgressStore

    try:
        store = ProgressStore.open()
    except ProgressError as exc:
        raise CannotRun(str(exc)) from exc
    if store.warning:
        print(store.warning, file=sys.stderr)
    return store


def open_gateway() -> Any:
    """Open the Docker gateway (``DOCKER_HOST`` honoured)."""
    from docker_lab.engine.gateway import DockerGateway

    return DockerGateway()


@contextmanager
def opened_session(args: argparse.Namespace) -> Iterator[tuple[Exercise, Any, Any]]:
    """``(exercise, step or None, started ExerciseSession)``; store and gateway closed after."""
    from docker_lab.lab.session import ExerciseSession

    exercise = find_exercise(load_course(args), args.exercise)
    step = find_step(exercise, getattr(args, "step", None))
    store = open_store()
    try:
        gateway = open_gateway()
        try:
            session = ExerciseSession(exercise, gateway, store)
            session.start()
            yield exercise, step, session
        finally:
            gateway.close()
    finally:
        store.close()


@contextmanager
def french_errors() -> Iterator[None]:
    """Turn engine and setup problems into :class:`CannotRun`."""
    try:
        yield
    except EngineError as exc:
        raise CannotRun(f"Docker injoignable : {exc.french()}") from exc


def run_guarded(func: Any, args: argparse.Namespace) -> int:
    """Call ``func(args)``; :class:`CannotRun` and engine errors print French and give 2."""
    import docker.errors

    from docker_lab.paths import DataDirError, os_reason

    try:
        with french_errors():
            result: int = func(args)
            return result
    except CannotRun as exc:
        message = str(exc)
    except docker.errors.APIError as exc:
        message = f"Docker a refusé l'opération : {exc.explanation or exc}"
    except DataDirError as exc:
        message = str(exc)
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        message = f"erreur système{where} : {os_reason(exc)}"
    print(f"docker-lab : {message}", file=sys.stderr)
    if getattr(args, "json", False):  # autograders read stdout
        print(json.dumps({"exercise": args.exercise, "status": "error", "error": message,
                          "steps": []}, ensure_ascii=False))
    return 2
