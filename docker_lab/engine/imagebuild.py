"""Low-level image operations for setup: inspect, build a plan, tag, remove.

Every docker SDK error is turned into an :class:`~docker_lab.engine.errors.EngineError`
subclass with a French message; nothing here prints.
"""

from __future__ import annotations

import io
import tarfile
from dataclasses import dataclass
from typing import IO, Any

from docker_lab.engine.cancel import CancelToken, check, temporary_name
from docker_lab.engine.errors import EngineError
from docker_lab.engine.imagecontext import BuildPlan
from docker_lab.engine.labels import STANDIN, made_by_setup


class ImageBuildFailed(EngineError):
    """The daemon reported an error while building an image."""


@dataclass(frozen=True)
class ImageFacts:
    """What setup needs to know about a local image."""

    id: str
    size: int
    labels: dict[str, str]
    tags: tuple[str, ...]


def inspect(client: Any, name: str) -> ImageFacts | None:
    """Return the facts of the local image *name*, or None when it is absent."""
    import docker.errors

    try:
        data = client.api.inspect_image(name)
    except docker.errors.ImageNotFound:
        return None
    except docker.errors.APIError as exc:
        why = exc.explanation or exc
        raise EngineError(f"Impossible d'inspecter l'image {name} : {why}") from exc
    labels = (data.get("Config") or {}).get("Labels") or {}
    return ImageFacts(str(data["Id"]), int(data.get("Size") or 0), dict(labels),
                      tuple(data.get("RepoTags") or ()))


def _split(name: str) -> tuple[str, str]:
    repo, _, tag = name.rpartition(":")
    return repo, tag


def build_plan(
    client: Any, plan: BuildPlan, scratch: IO[bytes], labels: dict[str, str],
    aliases: tuple[str, ...] = (), cancel: CancelToken | None = None,
) -> str:
    """Build *plan* as ``plan.name`` (and *aliases*); return the new image id.

    The build context is written to the temporary file *scratch*. The image
    the name pointed to before, now untagged, is removed when nothing uses it.

    Raises:
        ImageBuildFailed: the daemon reported an error.
        SetupCancelled: *cancel* was set (the name is left as it was).
    """
    previous = inspect(client, plan.name)
    plan.write_context(scratch)
    scratch.seek(0)
    return _build(client, plan.name, scratch, labels, aliases, previous, cancel)


def build_over(client: Any, source: str, name: str, labels: dict[str, str],
               cancel: CancelToken | None = None) -> str:
    """Build *name* as ``FROM source`` plus *labels* (no layer added); return its id.

    Gives a pulled image (e.g. ``nicolaka/netshoot``) the course's name and the
    labels ``docker-lab setup`` relies on; *source* itself stays as pulled.

    Raises:
        ImageBuildFailed: the daemon reported an error.
        SetupCancelled: *cancel* was set (the name is left as it was).
    """
    previous = inspect(client, name)
    context = io.BytesIO()
    with tarfile.open(fileobj=context, mode="w") as tar:
        data = f"FROM {source}\n".encode()
        info = tarfile.TarInfo("Dockerfile")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    context.seek(0)
    return _build(client, name, context, labels, (), previous, cancel)


def build_context(client: Any, name: str, context: bytes, labels: dict[str, str],
                  cancel: CancelToken | None = None) -> str:
    """Build *name* from a tar build *context* (a Dockerfile and its files); return its id.

    Never pulls: the base image must be present.

    Raises:
        ImageBuildFailed: the daemon reported an error.
        SetupCancelled: *cancel* was set (the name is left as it was).
    """
    previous = inspect(client, name)
    return _build(client, name, io.BytesIO(context), labels, (), previous, cancel)


def _stream_build(client: Any, context: IO[bytes], temporary: str, labels: dict[str, str],
                  cancel: CancelToken | None) -> tuple[list[str], list[str]]:
    """Build under *temporary*; return the errors and the log (stops when cancelled)."""
    import docker.errors

    errors: list[str] = []
    log: list[str] = []
    stream = None
    try:
        stream = client.api.build(
            fileobj=context, custom_context=True, tag=temporary, labels=labels,
            rm=True, forcerm=True, pull=False, decode=True,
        )
        for item in stream:
            if cancel is not None and cancel.cancelled:
                break  # closing the stream below makes the daemon drop the build
            if "error" in item:
                errors.append(str(item["error"]).strip())
            elif "stream" in item:
                log.append(str(item["stream"]).rstrip())
    except docker.errors.APIError as exc:
        errors.append(str(exc.explanation or exc))
    finally:
        if stream is not None and hasattr(stream, "close"):
            stream.close()
    return errors, log


def _build(
    client: Any, name: str, context: IO[bytes], labels: dict[str, str],
    aliases: tuple[str, ...], previous: ImageFacts | None, cancel: CancelToken | None = None,
) -> str:
    """Build under a temporary name, then give *name* in one ``tag`` call (the last step)."""
    temporary = temporary_name()
    try:
        errors, log = _stream_build(client, context, temporary, labels, cancel)
        check(cancel)
        if errors:
            tail = "\n".join(x for x in log[-5:] if x)
            raise ImageBuildFailed(
                f"La construction de {name} a échoué : {errors[-1]}",
                f"Détails :\n{tail}" if tail else "Relancez : docker-lab setup",
            )
        built = inspect(client, temporary)
        if built is None:
            raise ImageBuildFailed(f"L'image {name} est introuvable après sa construction.")
        check(cancel)
        repo, tag = _split(name)
        client.api.tag(built.id, repo, tag, force=True)
    finally:  # with the name given, this only unnames; else the unnamed build goes
        remove_quietly(client, temporary)
    facts = inspect(client, name)
    if facts is None:
        raise ImageBuildFailed(f"L'image {name} est introuvable après sa construction.")
    for alias in aliases:
        repo, tag = _split(alias)
        current = inspect(client, alias)
        if current is None or made_by_setup(current.labels, current.tags):
            client.api.tag(facts.id, repo, tag, force=True)
    if previous is not None and previous.id != facts.id:
        remove_quietly(client, previous.id)
    return facts.id


def remove_quietly(client: Any, ref: str, only_standin: bool = False) -> bool:
    """Remove image *ref* unless a container uses it; return True when removed.

    With *only_standin*, only an image labelled ``docker-lab.standin=true`` goes.
    """
    import docker.errors

    if only_standin:
        facts = inspect(client, ref)
        if facts is None or facts.labels.get(STANDIN) != "true":
            return False
    try:
        client.api.remove_image(ref, noprune=False)
    except docker.errors.APIError:
        return False
    return True


def containers_using(client: Any, image_id: str) -> list[str]:
    """Return the names of containers (running or not) created from *image_id*."""
    names = []
    for c in client.api.containers(all=True):
        if c.get("ImageID") == image_id:
            names.append(str((c.get("Names") or ["?"])[0]).lstrip("/"))
    return sorted(names)
