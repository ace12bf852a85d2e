"""Pulling upstream images, never silently: a registry check and French progress lines.

``docker-lab setup`` pulls only when a registry answers, and then shows every
layer's progress (:class:`PullProgress` turns the daemon's JSON stream into
French lines). The check asks the daemon for the image's manifest
(``GET /distribution/NAME/json``): it uses the daemon's own network, proxy and
mirrors, downloads no layer, and is bounded by a short timeout.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

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


@dataclass
class PullProgress:
    """Turns the daemon's pull events into French progress lines.

    A line is produced when a layer changes phase, and at every quarter of a
    download or an extraction, so a slow pull shows it is moving without
    flooding a log.
    """

    name: str
    _last: dict[str, tuple[str, int]] = field(default_factory=dict)

    def feed(self, event: dict[str, Any]) -> list[str]:
        """Return the lines (maybe none) for one decoded pull event.

        Raises:
            PullFailed: when the event carries an error.
        """
        if event.get("error"):
            raise PullFailed(
                f"Le téléchargement de {self.name} a échoué : {event['error']}",
                "Vérifiez l'accès au registre, ou utilisez : docker-lab setup --offline",
            )
        status = str(event.get("status") or "")
        layer = str(event.get("id") or "")
        if not layer or layer == self.name.split(":")[-1] or status.startswith(("Pulling from",)):
            return self._general(status)
        detail = event.get("progressDetail") or {}
        phase, bucket = status, -1
        if status in ("Downloading", "Extracting"):
            cur, total = float(detail.get("current") or 0), float(detail.get("total") or 0)
            if total <= 0:
                return []
            pct = int(100 * cur / total)
            bucket = pct // 25
            verb = "téléchargement" if status == "Downloading" else "extraction"
            text = f"{verb} {_mb(cur)} / {_mb(total)} ({pct} %)"
        elif status in _PHASES:
            text = _PHASES[status]
        else:
            return []
        if self._last.get(layer) == (phase, bucket):
            return []
        self._last[layer] = (phase, bucket)
        return [f"couche {layer[:12]} : {text}"]

    def _general(self, status: str) -> list[str]:
        if status.startswith("Pulling from"):
            return [f"téléchargement de {self.name} depuis {status[len('Pulling from '):]}"]
        if status.startswith("Digest:"):
            return [f"empreinte : {status.split(':', 1)[1].strip()}"]
        if status.startswith("Status: Downloaded newer image"):
            return [f"image {self.name} téléchargée"]
        if status.startswith("Status: Image is up to date"):
            return [f"image {self.name} déjà à jour"]
        return []


def pull(client: Any, name: str, emit: Callable[[str], None]) -> str:
    """Pull *name*, calling *emit* with each French progress line; return the image id.

    Raises:
        PullFailed: the daemon reported an error.
    """
    repo, _, tag = name.rpartition(":")
    progress = PullProgress(name)
    stream: Iterable[dict[str, Any]] = client.api.pull(repo, tag=tag, stream=True, decode=True)
    for event in stream:
        for line in progress.feed(event):
            emit(line)
    image_id: str = client.api.inspect_image(name)["Id"]
    return image_id
