"""``docker-lab validate [CHEMIN ...]``: check lessons and exercises like a compiler.

Without a path, the course in use is checked (``--course``, ``DOCKER_LAB_COURSE``
or the shipped course). Every problem is printed on standard output as
``path:line:column: message`` (paths relative to the current folder when below
it), then a French summary line. Paths that do not exist are reported on
standard error. Exit status: 0 clean, 1 problems found, 2 a path does not exist
or the validation could not run.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docker_lab.course.validate import Report

from docker_lab import paths
from docker_lab.commands.unexpected import report_unexpected

DESCRIPTION = """\
Vérifie les leçons et les exercices : syntaxe YAML, clés inconnues, champs manquants
ou mal typés, identifiants en double, diapos vides, références entre leçons et exercices,
ressources qu'une vérification nomme sans que l'exercice les crée, réseaux que Docker
refuserait, blocs de code non refermés et diagrammes Mermaid que le terminal dessine mal.

Sans CHEMIN, vérifie le cours utilisé (--course, DOCKER_LAB_COURSE ou le cours fourni).
Un CHEMIN peut être un fichier, un dossier de fichiers YAML, ou la racine d'un cours
(un dossier qui contient lessons/ et exercises/).

Chaque problème est écrit sur la sortie standard sous la forme
« chemin:ligne:colonne: message », suivi d'un résumé.
Code de sortie : 0 cours valide, 1 problèmes trouvés, 2 chemin introuvable."""


def register(sub: Any) -> None:
    """Register the ``validate`` sub-command."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "validate", help="vérifie les leçons et exercices (chemin:ligne: message)",
        description=DESCRIPTION,
    )
    parser.add_argument(
        "paths", nargs="*", metavar="CHEMIN",
        help="fichiers ou dossiers à vérifier (par défaut : le cours utilisé)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Validate and print the problems; return the exit status."""
    try:
        report = _validate(args)
    except Exception as exc:  # never a traceback for the user
        return report_unexpected("validate", exc)
    cwd = Path.cwd()
    for problem in report.problems:
        print(problem.format(relative_to=cwd))
    for missing in report.missing:
        print(f"docker-lab validate : chemin introuvable : {missing}", file=sys.stderr)
    print(report.summary())
    if report.missing:
        return 2
    return 0 if report.ok else 1


def _validate(args: argparse.Namespace) -> Report:
    from docker_lab.course.loader import lexists
    from docker_lab.course.validate import Report, validate_course, validate_paths

    given = [Path(p).expanduser() for p in getattr(args, "paths", None) or []]
    if given:
        return validate_paths(given)
    dirs = paths.course_dirs(getattr(args, "course", None))
    if not lexists(dirs.lessons.parent):
        return Report(missing=[dirs.lessons.parent])
    return validate_course(dirs)
