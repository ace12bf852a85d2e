"""Which of the course's images the engine has: one API call (``GET /images/json``).

The app asks this at launch, off the UI thread; ``docker-lab doctor`` prints it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def present_images(client: Any) -> dict[str, dict[str, str]]:
    """Every local image name (``repo:tag``) with its labels, in one API call.

    Raises:
        docker.errors.APIError, requests exceptions: the daemon cannot be used
            (wrap the call in :func:`~docker_lab.engine.connection.engine_errors`).
    """
    present: dict[str, dict[str, str]] = {}
    for image in client.api.images():
        for tag in image.get("RepoTags") or []:
            present[str(tag)] = dict(image.get("Labels") or {})
    return present


def missing_from(present: Iterable[str], names: Iterable[str]) -> list[str]:
    """The *names* that are not in *present*, in their order (pure)."""
    have = set(present)
    return [name for name in names if name not in have]


def missing_images(client: Any, names: Iterable[str]) -> list[str]:
    """The *names* the engine lacks (one API call)."""
    return missing_from(present_images(client), names)
