"""``docker-lab setup --remove``: remove the images setup built, and nothing else.

Only images setup made are candidates: labelled ``docker-lab.image`` with one of
their own names (older versions: ``docker-lab.setup=true``), under a name of the
course (the lab's own images, the tools image, the stand-ins). Images pulled
from a registry carry no label and stay, like any image the user built or
pulled — even one built ``FROM`` a lab image, which inherits the label under
another name. An image a container
still uses (running or stopped) is refused, naming the containers; with
``force`` those containers are removed first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from docker_lab.engine.connection import engine_errors
from docker_lab.engine.imagebuild import containers_using
from docker_lab.engine.images import CATALOGUE, normalise, select
from docker_lab.engine.labels import IMAGE, SETUP, made_by_setup


@dataclass(frozen=True)
class Removal:
    """What happened to one image: ``removed``, ``refused`` (in use) or ``failed``."""

    names: tuple[str, ...]
    status: str
    detail: str
    containers: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The image's names for display (``<sans nom>`` when untagged)."""
        return ", ".join(self.names) or "<sans nom>"


def setup_images(
    client: Any, only: list[str] | None = None, tags: Sequence[str] | None = None
) -> list[tuple[str, tuple[str, ...]]]:
    """Return ``(id, tags)`` of the images setup built under the course's names.

    Restricted to the catalogue names in *only*, or to the exact *tags*.
    """
    if only:
        wanted = {n for s in select(only) for n in (s.name, *s.aliases)}
    elif tags is None:
        wanted = {n for s in CATALOGUE for n in (s.name, *s.aliases)}
    else:
        wanted = set()
    if tags is not None:
        wanted |= {normalise(t) for t in tags}
    found: dict[str, tuple[str, ...]] = {}
    with engine_errors():
        images = [*client.api.images(filters={"label": IMAGE}),
                  *client.api.images(filters={"label": f"{SETUP}=true"})]
    for img in images:
        names = tuple(t for t in (img.get("RepoTags") or ()) if t != "<none>:<none>")
        if not {normalise(t) for t in names} & wanted:
            continue
        if made_by_setup(img.get("Labels") or {}, names):
            found[str(img["Id"])] = names
    return sorted(found.items(), key=lambda item: item[1])


def remove_setup_images(
    client: Any, only: list[str] | None = None, force: bool = False,
    tags: Sequence[str] | None = None,
) -> list[Removal]:
    """Remove the images setup built; return one :class:`Removal` per image.

    Args:
        client: a ``docker.DockerClient``.
        only: restrict to these image names.
        force: remove the containers that still use an image, then the image.
        tags: restrict to images with one of these exact names (tests).

    Raises:
        UnknownImage: *only* names an image the course does not use.
        EngineError: the daemon cannot be used.
    """
    import docker.errors

    results = []
    for image_id, names in setup_images(client, only, tags):
        with engine_errors():
            users = containers_using(client, image_id)
        if users and not force:
            quoted = ", ".join(f"« {u} »" for u in users)
            results.append(Removal(names, "refused", f"utilisée par {quoted}", tuple(users)))
            continue
        try:
            with engine_errors():
                for name in users:
                    client.api.remove_container(name, force=True)
                client.api.remove_image(image_id, force=True)
        except docker.errors.APIError as exc:
            results.append(Removal(names, "failed", str(exc.explanation or exc), tuple(users)))
            continue
        detail = "supprimée"
        if users:
            detail += " (containers supprimés : " + ", ".join(users) + ")"
        results.append(Removal(names, "removed", detail, tuple(users)))
    return results
