"""Pulling upstream images, never silently: a registry check and French progress lines.

``docker-lab setup`` pulls only when a registry answers, and then shows every
layer's progress: :func:`read_event` turns the daemon's JSON stream into
:class:`LayerEvent` items (bars on a terminal), :class:`PullProgress` into
French lines for a log. The check asks the daemon for the image's manifest
(``GET /distribution/NAME/json``): it uses the daemon's own network, proxy and
mirrors, downloads no layer, and is bounded by a short timeout.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from docker_lab.engine.cancel import CancelToken, check
from docker_lab.engine.errors import EngineError

#: Seconds the registry check may take before setup goes offline.
REGISTRY_TIMEOUT = 5.0

_PHASES = {
    "Pulling fs layer": "en attente",
    "Waiting": "en attente",
    "Verifying Checksum": "vérification",
    "Download complete": "téléchargée",
    "Pull complete": "installée",
    "Already exists": "déjà présente",
}


class PullFailed(EngineError):
    """The daemon reported an error while pulling an image."""


def registry_answers(client: Any, name: str, timeout: float = REGISTRY_TIMEOUT) -> str | None:
    """Ask the daemon whether a registry serves *name*; return None if yes, else why not.

    Bounded by *timeout* seconds; downloads no layer.
    """
    import docker.errors
    import requests

    api = client.api
    saved = api.timeout
    api.timeout = timeout
    try:
        api.inspect_distribution(name)
    except docker.errors.APIError as exc:
        return str(getattr(exc, "explanation", None) or exc)
    except (requests.exceptions.RequestException, OSError) as exc:
        return f"pas de réponse en {timeout:.0f} s ({exc.__class__.__name__})"
    finally:
        api.timeout = saved
    return None


def _mb(n: float) -> str:
    return f"{n / 1e6:.1f} Mo".replace(".", ",")


@dataclass(frozen=True)
class LayerEvent:
    """One step of one layer of a pull, in French, for a progress display.

    ``phase`` is « en attente », « téléchargement », « vérification »,
    « téléchargée », « extraction », « installée » or « déjà présente »;
    ``current`` and ``total`` are bytes (0 when unknown).
    """

    image: str
    layer: str
    phase: str
    current: int = 0
    total: int = 0

    @property
    def done(self) -> bool:
        """True when the layer is in place."""
        return self.phase in ("installée", "déjà présente")


_MOVING = {"Downloading": "téléchargement", "Extracting": "extraction"}


def read_event(image: str, event: dict[str, Any]) -> LayerEvent | str | None:
    """Turn one decoded pull event into a :class:`LayerEvent`, a French line, or nothing.

    Raises:
        PullFailed: when the event carries an error.
    """
    if event.get("error"):
        raise PullFailed(
            f"Le téléchargement de {image} a échoué : {event['error']}",
            "Vérifiez l'accès au registre, ou utilisez : docker-lab setup --offline",
        )
    status = str(event.get("status") or "")
    layer = str(event.get("id") or "")
    if not layer or layer == image.split(":")[-1] or status.startswith("Pulling from"):
        return _general(image, status)
    if status in _MOVING:
        detail = event.get("progressDetail") or {}
        return LayerEvent(image, layer[:12], _MOVING[status], int(detail.get("current") or 0),
                          int(detail.get("total") or 0))
    if status in _PHASES:
        return LayerEvent(image, layer[:12], _PHASES[status])
    return None


def _general(image: str, status: str) -> str | None:
    if status.startswith("Pulling from"):
        return f"téléchargement de {image} depuis {status[len('Pulling from '):]}"
    if status.startswith("Digest:"):
        return f"empreinte : {status.split(':', 1)[1].strip()}"
    if status.startswith("Status: Downloaded newer image"):
        return f"image {image} téléchargée"
    if status.startswith("Status: Image is up to date"):
        return f"image {image} déjà à jour"
    return None


@dataclass
class PullProgress:
    """Turns layer events into French lines for a log (not a terminal).

    A line is produced when a layer changes phase, and at every quarter of a
    download or an extraction, so a slow pull shows it is moving without
    flooding a log.
    """

    _last: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)

    def lines(self, item: LayerEvent | str) -> list[str]:
        """Return the lines (maybe none) for one item of :func:`read_event`."""
        if isinstance(item, str):
            return [item]
        bucket = -1
        text = item.phase
        if item.phase in _MOVING.values():
            if item.total <= 0:
                return []
            pct = int(100 * item.current / item.total)
            bucket = pct // 25
            text = f"{item.phase} {_mb(item.current)} / {_mb(item.total)} ({pct} %)"
        key = (item.image, item.layer)
        if self._last.get(key) == (item.phase, bucket):
            return []
        self._last[key] = (item.phase, bucket)
        return [f"couche {item.layer} : {text}"]


def pull(client: Any, name: str, emit: Callable[[LayerEvent | str], None],
         cancel: CancelToken | None = None) -> str:
    """Pull *name*, calling *emit* with each layer event or French line; return the image id.

    The daemon names the image only once every layer is in place; a cancel
    closes the stream, and the daemon drops the pull.

    Raises:
        PullFailed: the daemon reported an error.
        SetupCancelled: *cancel* was set.
    """
    repo, _, tag = name.rpartition(":")
    stream: Iterable[dict[str, Any]] = client.api.pull(repo, tag=tag, stream=True, decode=True)
    try:
        for event in stream:
            check(cancel)
            item = read_event(name, event)
            if item is not None:
                emit(item)
    finally:
        close = getattr(stream, "close", None)
        if close is not None:
            close()
    image_id: str = client.api.inspect_image(name)["Id"]
    return image_id
