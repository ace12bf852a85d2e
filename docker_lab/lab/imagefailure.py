"""Was a failed console command « a course image is absent »? (pure)

``docker run -d --name backend mon-api:latest`` on an engine without the
course's images fails with « Unable to find image 'mon-api:latest' locally »
then « pull access denied for mon-api » (no such image in any registry), or
with a registry error for an official image; ``docker create`` or
``docker image inspect`` say « No such image ». :func:`absent_course_image`
recognises these for one of the course's images and gives the French line
with the fix, for the exercise panel to show beside the command.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable
from dataclasses import dataclass

from docker_lab.lab.imageneeds import name_pattern

#: What Docker says when an image is absent locally and cannot be pulled.
ABSENT_MARKERS = ("unable to find image", "pull access denied", "no such image")

#: The app's key that prepares missing images (shown in the fix).
PREPARE_KEY = "i"


@dataclass(frozen=True)
class AbsentImage:
    """A course image the command needed and the engine lacks.

    Attributes:
        image: the course's name for it (``mon-api:latest``).
        message: French: what happened.
        fix: French: what to do.
    """

    image: str
    message: str
    fix: str

    @property
    def line(self) -> str:
        """Message and fix on one line."""
        return f"{self.message} {self.fix}"


def _words(command: str) -> list[str]:
    try:
        return shlex.split(command)
    except ValueError:  # an unclosed quote: still worth a look
        return command.split()


def _is_docker(command: str) -> bool:
    words = [w for w in _words(command) if w not in ("sudo", "command", "env")]
    return bool(words) and words[0].rsplit("/", 1)[-1] in ("docker", "docker-compose")


def absent_course_image(command: str, status: int, output: str,
                        images: Iterable[str]) -> AbsentImage | None:
    """The course image *command* failed for because the engine lacks it, or None.

    Args:
        command: the command line the student ran (``docker run … mon-api:latest``).
        status: its exit status (0: it did not fail, nothing to say).
        output: what it printed (stdout and stderr).
        images: the course's image names, with their tags.
    """
    lowered = output.lower()
    if status == 0 or not _is_docker(command) or not any(m in lowered for m in ABSENT_MARKERS):
        return None
    names = list(images)
    # Docker's own words name the image (with its tag, or its repository alone)...
    named = next((n for n in names if name_pattern(n).search(output)), None)
    if named is None:  # ... else the command line does (« pull access denied for postgres »)
        named = next((n for n in names if name_pattern(n).search(command)), None)
    if named is None:
        return None
    return AbsentImage(
        named,
        f"Docker ne trouve pas l'image {named} : c'est une image du cours, pas encore "
        "préparée sur ce moteur (aucun registre ne la fournit).",
        f"Préparez-la : touche {PREPARE_KEY} dans docker-lab (ou docker-lab setup --only "
        f"{named}), puis relancez la commande.",
    )
