"""``docker-lab`` without a sub-command: open the learning app."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docker_lab.engine.gateway import DockerGateway
    from docker_lab.paths import CourseDirs


def _gateway_factory() -> DockerGateway:
    from docker_lab.engine.gateway import DockerGateway

    return DockerGateway()


def run_app(args: argparse.Namespace) -> int:
    """Load the course and the progress, then run the app.

    Returns:
        0 after a normal exit; 1 when the course has errors; 2 when the app
        cannot start (no course, unknown lesson or exercise id, no terminal). Without
        a terminal the app is not started (it would wait for ever): the course is
        validated as ``docker-lab validate`` does, slides included.
    """
    from docker_lab import paths
    from docker_lab.course.loader import load_course

    dirs = paths.course_dirs(getattr(args, "course", None))
    try:
        if not dirs.lessons.is_dir():
            print(f"docker-lab : dossier de leçons introuvable : {dirs.lessons}", file=sys.stderr)
            return 2
        course, problems = load_course(dirs)
    except OSError as error:  # a folder without search permission, for instance
        print(f"docker-lab : impossible de lire le cours « {error.filename or dirs.lessons} » : "
              f"{paths.os_reason(error)}", file=sys.stderr)
        return 2
    except Exception as error:  # a loader bug must not show a traceback
        print(f"docker-lab : impossible de lire le cours : {error}", file=sys.stderr)
        return 2
    if problems or course is None or not course.lessons:
        print("docker-lab : le cours contient des erreurs :", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        if course is None or not course.lessons:
            print("  (aucune leçon chargée)", file=sys.stderr)
        print("Corrigez-les (docker-lab validate), puis relancez.", file=sys.stderr)
        return 1
    try:  # the console starts in a working folder: say now when none can be made
        paths.workdir_for(paths.FREE_WORKDIR)
    except OSError as error:
        print(f"docker-lab : {error}", file=sys.stderr)
        return 2
    from docker_lab.progress import ProgressStore
    from docker_lab.tui.app import StartError, make_app

    try:
        store = ProgressStore.open()
    except Exception as error:
        print(f"docker-lab : progression illisible : {error}", file=sys.stderr)
        return 2
    try:
        app = make_app(course, _gateway_factory, store,
                       lesson_id=getattr(args, "lesson", None),
                       exercise_id=getattr(args, "exercise", None))
    except StartError as error:
        print(f"docker-lab : {error}", file=sys.stderr)
        return 2
    if not _interactive():
        store.close()
        return _without_terminal(dirs)
    app.run()
    store.close()
    return 0


def _interactive() -> bool:
    """Whether standard input and output are a terminal (the app cannot run otherwise)."""
    return sys.stdin is not None and sys.stdin.isatty() and sys.stdout.isatty()


def _without_terminal(dirs: CourseDirs) -> int:
    """No terminal: the app would wait for ever. Say what validate says, or why it stops.

    Returns:
        1 when the course has problems (its slides' too, which the app would show as
        text), 2 otherwise.
    """
    from docker_lab.course.validate import validate_course

    report = validate_course(dirs)
    if report.problems:
        print("docker-lab : le cours contient des erreurs :", file=sys.stderr)
        for problem in report.problems:
            print(f"  {problem}", file=sys.stderr)
        print("Corrigez-les (docker-lab validate), puis relancez.", file=sys.stderr)
        return 1
    print("docker-lab : l'application a besoin d'un terminal (entrée et sortie) ; ouvrez-la "
          "dans un terminal, ou utilisez une commande (docker-lab --help).", file=sys.stderr)
    return 2
