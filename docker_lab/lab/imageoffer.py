"""What the app's first-run dialog says: missing images, the exercises they block, setup's way.

Computed in a worker (it asks the engine, and maybe a registry, up to a few
seconds); the dialog only draws it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from docker_lab.course.models import Exercise
from docker_lab.engine.imagepath import BLOCKED, READY, SetupPath
from docker_lab.engine.images import ImageSpec, plan_path, select, with_bases
from docker_lab.lab.imageneeds import blocked_exercises
from docker_lab.lab.setuptext import way_text


@dataclass(frozen=True)
class ImageOffer:
    """The missing images and how setup would make them.

    Attributes:
        missing: the course's images the engine lacks, in catalogue order.
        blocked: for each of them, the ids of the exercises that use it.
        path: the way setup will take for the official images among them.
    """

    missing: tuple[str, ...]
    blocked: dict[str, list[str]]
    path: SetupPath

    @property
    def way(self) -> str:
        """French: the way setup will take, and why (or what to do when there is none)."""
        if self.path.kind == READY:
            return ("les images officielles sont déjà là : les images du cours seront "
                    "construites sur ce moteur à partir de leur Dockerfile")
        if self.path.kind == BLOCKED:
            return f"aucune possible ici — {self.path.reason}"
        return way_text(self.path)

    @property
    def possible(self) -> bool:
        """False when no image can be fetched or made here (then :attr:`fix` says what to do)."""
        return self.path.kind != BLOCKED

    @property
    def fix(self) -> str:
        """What to do when no way is possible (empty otherwise)."""
        return self.path.fix


def image_offer(client: Any, exercises: Iterable[Exercise], missing: Sequence[str],
                catalogue: Sequence[ImageSpec] | None = None) -> ImageOffer:
    """Describe *missing* for the dialog: the exercises they block and setup's way.

    Asks the engine (and, for official images, whether a registry answers: at
    most a few seconds). Run it in a worker.
    """
    specs = with_bases(client, select(list(missing), catalogue), catalogue)
    path = plan_path(client, specs, offline=False)
    return ImageOffer(tuple(missing), blocked_exercises(exercises, missing), path)
