"""Where docker-lab finds its course and keeps its data.

The shipped course lives inside the installed package (``docker_lab/_course``,
put there by the wheel build) or, when running from a source checkout, in the
``lessons/`` and ``exercises/`` folders at the top of the tree.

An instructor's course directory (``--course DIR`` or ``DOCKER_LAB_COURSE``)
*replaces* the shipped course: it must hold ``lessons/`` and may hold
``exercises/``.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path

COURSE_ENV = "DOCKER_LAB_COURSE"
HOME_ENV = "DOCKER_LAB_HOME"
#: The console's working folder when no exercise is open.
FREE_WORKDIR = "libre"


#: French reasons for the common file-system errors.
_OS_REASONS = {
    errno.EEXIST: "un fichier (pas un dossier) porte déjà ce nom",
    errno.ENOTDIR: "un élément du chemin est un fichier, pas un dossier",
    errno.EISDIR: "c'est un dossier",
    errno.EACCES: "permission refusée",
    errno.EPERM: "opération non permise",
    errno.EROFS: "système de fichiers en lecture seule",
    errno.ENOENT: "chemin introuvable",
    errno.ENOSPC: "disque plein",
    errno.EDQUOT: "quota disque dépassé",
    errno.ENAMETOOLONG: "nom trop long",
    errno.EIO: "erreur d'entrée-sortie",
}


def os_reason(exc: OSError) -> str:
    """A short French reason for *exc* (the system's own text when unknown)."""
    return _OS_REASONS.get(exc.errno or 0) or exc.strerror or str(exc)


class DataDirError(OSError):
    """The data folder cannot be created; ``str(exc)`` is the French message."""


def _make_dir(path: Path) -> None:
    """``mkdir -p`` *path*, or :class:`DataDirError` naming it and ``DOCKER_LAB_HOME``."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataDirError(
            f"Impossible de créer le dossier « {path} » : {os_reason(exc)}. Choisissez un dossier "
            f"où écrire avec la variable {HOME_ENV} (ex. {HOME_ENV}=~/docker-lab).") from exc


@dataclass(frozen=True)
class CourseDirs:
    """The two folders a course is read from."""

    lessons: Path
    exercises: Path


def shipped_course_root() -> Path:
    """Return the folder that holds the shipped ``lessons/`` and ``exercises/``."""
    here = Path(__file__).resolve().parent
    packaged = here / "_course"
    if (packaged / "lessons").is_dir():
        return packaged
    return here.parent


def course_dirs(override: str | os.PathLike[str] | None = None) -> CourseDirs:
    """Return the course folders to use.

    Args:
        override: a course directory given on the command line; when ``None``
            the ``DOCKER_LAB_COURSE`` environment variable is consulted, then
            the shipped course.
    """
    chosen = override if override is not None else os.environ.get(COURSE_ENV) or None
    root = Path(chosen).expanduser() if chosen is not None else shipped_course_root()
    return CourseDirs(lessons=root / "lessons", exercises=root / "exercises")


def data_dir() -> Path:
    """Return (and create) the per-user data directory.

    ``DOCKER_LAB_HOME`` overrides the platform default; tests and graders use it.

    Raises:
        DataDirError: the folder cannot be created (French message).
    """
    env = os.environ.get(HOME_ENV)
    if env:
        path = Path(env).expanduser()
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir("docker-lab", appauthor=False))
    _make_dir(path)
    return path


def workdir_for(exercise_id: str) -> Path:
    """Return (and create) the working directory of one exercise (:class:`DataDirError`)."""
    path = data_dir() / "work" / exercise_id
    _make_dir(path)
    return path
