"""Small test images that ``run_setup`` really builds (a catalogue of their own).

Each image is ``FROM docker-lab/outils:latest`` plus a ``RUN`` step (a slow one
sleeps, so that a cancel can land in the middle of its build), labelled
``docker-lab.test=true`` and with the run's own label, and removed afterwards by
that label: nothing of the course's images is touched.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from docker_lab.engine.imagedockerfile import DockerRecipe
from docker_lab.engine.images import ImageSpec
from docker_lab.engine.labels import LAB_IMAGE, TEST
from tests.helpers import unique_name

RUN_LABEL = "docker-lab.test.run"


@dataclass(frozen=True)
class InlineRecipe(DockerRecipe):
    """A Dockerfile given as text instead of a folder of the package."""

    text: str = ""

    def files(self) -> dict[str, bytes]:
        """The build context: the Dockerfile alone."""
        return {"Dockerfile": self.text.encode()}


@dataclass(frozen=True)
class ImageSet:
    """A catalogue of test images and the label that finds them all."""

    run: str
    specs: tuple[ImageSpec, ...]

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.specs]


def make_images(prefix: str, count: int = 2, slow: float = 0.0) -> ImageSet:
    """*count* images; the last one's build sleeps *slow* seconds in a ``RUN`` step."""
    run = unique_name(prefix)
    labels = ((TEST, "true"), (RUN_LABEL, run))
    specs = []
    for i in range(count):
        pause = f"sleep {slow} && " if slow and i == count - 1 else ""
        text = f"FROM {LAB_IMAGE}\nRUN {pause}echo {run}-{i} > /marque\n"
        specs.append(ImageSpec(f"{run}-{i}:latest", None, f"Image de test {i}.",
                               labels=labels, dockerfile=InlineRecipe(f"test-{i}", text)))
    return ImageSet(run, tuple(specs))


def images_of(client: Any, run: str) -> list[dict[str, Any]]:
    """The engine's images carrying the run's label."""
    found: list[dict[str, Any]] = client.api.images(filters={"label": f"{RUN_LABEL}={run}"})
    return found


def tags_of(client: Any, run: str) -> set[str]:
    """Every name of the run's images."""
    return {t for image in images_of(client, run) for t in image.get("RepoTags") or []
            if t != "<none>:<none>"}


def remove_images(client: Any, run: str) -> None:
    """Remove the run's images (and their containers, which are the test's)."""
    for image in images_of(client, run):
        for container in client.api.containers(all=True, filters={"ancestor": image["Id"]}):
            client.api.remove_container(container["Id"], force=True)
        with contextlib.suppress(Exception):  # already gone with another tag
            client.api.remove_image(image["Id"], force=True)


@contextmanager
def scratch_images(client: Any, prefix: str, count: int = 2, slow: float = 0.0
                ) -> Iterator[ImageSet]:
    """:func:`make_images`, removed afterwards."""
    images = make_images(prefix, count, slow)
    try:
        yield images
    finally:
        remove_images(client, images.run)
