"""``docker-lab`` without a sub-command: open the learning app."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docker_lab.engine.gateway import DockerGateway


def _gateway_factory() -> DockerGateway:
    from docker_lab.engine.gateway import DockerGateway

    return DockerGateway()


def run_app(args: argparse.Namespace) -> int:
    """Load the course and the progress, then run the app.

    Returns:
        0 after a normal exit; 1 when the course has errors; 2 when the app
        cannot start (no course, unknown lesson or exercise id).
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
    app.run()
    store.close()
    return 0
