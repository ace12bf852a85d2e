"""Connecting to the Docker daemon, and turning SDK failures into typed French errors.

Every exception of the docker SDK, ``requests`` or ``urllib3`` that means "the
daemon is not there" becomes :class:`DaemonUnreachable`; a refused socket
becomes :class:`PermissionDenied`; an API older than 1.41 :class:`ApiTooOld`.
Callers only ever see :class:`EngineError` subclasses.
"""

from __future__ import annotations

import http.client
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from docker_lab.engine.errors import ApiTooOld, DaemonUnreachable, EngineError, PermissionDenied

DEFAULT_HOST = "unix:///var/run/docker.sock"
MIN_API_VERSION = "1.41"  # Docker 20.10


def docker_host(base_url: str | None = None) -> str:
    """Return the daemon address in use: *base_url*, ``DOCKER_HOST`` or the default socket."""
    return base_url or os.environ.get("DOCKER_HOST") or DEFAULT_HOST


def version_tuple(version: str) -> tuple[int, ...]:
    """``"1.41"`` -> ``(1, 41)``; unparsable parts count as 0."""
    return tuple(int(p) if p.isdigit() else 0 for p in version.split("."))


def unreachable(host: str, detail: str = "") -> DaemonUnreachable:
    """The French error for a daemon that does not answer on *host*."""
    fix = "Démarrez-le : sudo systemctl start docker (ou dockerd)"
    if host != DEFAULT_HOST:
        fix += f".\nVérifiez aussi la variable DOCKER_HOST (actuellement {host})."
    err = DaemonUnreachable(f"Le démon Docker ne répond pas ({host}).", fix)
    err.detail = detail  # type: ignore[attr-defined]
    return err


def invalid_address(host: str, exc: BaseException) -> DaemonUnreachable:
    """The French error for a daemon address the SDK cannot use (``DOCKER_HOST=garbage``)."""
    return DaemonUnreachable(
        f"Adresse du démon Docker inutilisable : {host} ({exc}).",
        "Corrigez la variable DOCKER_HOST (ex. unix:///var/run/docker.sock ou "
        "tcp://127.0.0.1:2375), ou retirez-la : unset DOCKER_HOST",
    )


def permission_denied(host: str) -> PermissionDenied:
    """The French error for a socket this user may not open."""
    return PermissionDenied(
        f"Permission refusée sur le socket Docker ({host}).",
        "Ajoutez votre utilisateur au groupe docker : sudo usermod -aG docker $USER\n"
        "puis ouvrez une nouvelle session (ou lancez : newgrp docker).",
    )


def too_old(host: str, version: str) -> ApiTooOld:
    """The French error for a daemon older than Docker 20.10."""
    return ApiTooOld(
        f"Le démon Docker ({host}) parle l'API {version}, trop ancienne : "
        f"docker-lab demande l'API {MIN_API_VERSION} (Docker 20.10) ou plus récente.",
        "Mettez Docker à jour : https://docs.docker.com/engine/install/",
    )


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    stack: list[BaseException | None] = [exc]
    while stack:
        cur = stack.pop()
        if cur is None or id(cur) in seen:
            continue
        seen.add(id(cur))
        yield cur
        stack.extend([cur.__cause__, cur.__context__])
        # urllib3/requests keep the root cause in args (MaxRetryError.reason...)
        stack.extend(a for a in getattr(cur, "args", ()) if isinstance(a, BaseException))
        reason = getattr(cur, "reason", None)
        if isinstance(reason, BaseException):
            stack.append(reason)


_GONE_NAMES = {
    "ConnectionError", "ProtocolError", "MaxRetryError", "NewConnectionError",
    "ChunkedEncodingError", "ReadTimeout", "ConnectTimeout", "Timeout", "ReadTimeoutError",
    "ConnectTimeoutError", "TimeoutError", "IncompleteRead",
}


def _answered(exc: BaseException) -> bool:
    """True for an HTTP error response: the daemon is there and said no."""
    import docker.errors
    import requests

    return isinstance(exc, docker.errors.APIError | requests.HTTPError) and (
        getattr(exc, "response", None) is not None
    )


def translate(exc: BaseException, host: str | None = None) -> EngineError | None:
    """Map an SDK/transport exception to a typed :class:`EngineError`, or ``None``.

    ``None`` means the daemon answered (e.g. a 404 ``NotFound``): the caller
    handles it. Already typed errors are returned unchanged.
    """
    if isinstance(exc, EngineError):
        return exc
    host = docker_host(host)
    chain = list(_chain(exc))
    if any(isinstance(e, PermissionError) for e in chain) or any(
        "permission denied" in str(e).lower() and "socket" in str(e).lower() for e in chain
    ):
        return permission_denied(host)
    for e in chain:
        text = str(e)
        if "is too new" in text and "Maximum supported API version" in text:
            return too_old(host, text.rsplit(" ", 1)[-1])
    if _answered(exc):
        return None
    gone = (FileNotFoundError, ConnectionError, socket.timeout, http.client.HTTPException)
    for e in chain:
        if isinstance(e, gone) or type(e).__name__ in _GONE_NAMES:
            return unreachable(host, f"{type(e).__name__}: {e}")
        if "Error while fetching server API version" in str(e):
            return unreachable(host, str(e))
    return None


@contextmanager
def engine_errors(host: str | None = None) -> Iterator[None]:
    """Re-raise SDK exceptions raised inside the block as typed errors.

    "Daemon gone" becomes :class:`DaemonUnreachable` (etc.); any other docker
    SDK error becomes a plain :class:`EngineError` with a French message.
    """
    try:
        yield
    except EngineError:
        raise
    except Exception as exc:
        import docker.errors

        mapped = translate(exc, host)
        if mapped is None and isinstance(exc, docker.errors.DockerException):
            detail = getattr(exc, "explanation", None) or str(exc)
            mapped = EngineError(f"Le démon Docker a refusé la requête : {detail}",
                                 "Réessayez ; si l'erreur persiste, consultez : docker info")
        if mapped is None:
            raise
        raise mapped from exc


def connect(base_url: str | None = None, timeout: float = 10.0) -> Any:
    """Open a ``docker.DockerClient`` (``DOCKER_HOST`` honoured, API version negotiated).

    Raises:
        DaemonUnreachable: nothing answers.
        PermissionDenied: the socket refuses this user.
        ApiTooOld: the daemon's API is older than 1.41.
    """
    import docker
    import docker.errors

    host = docker_host(base_url)
    with engine_errors(host):
        try:
            if base_url:
                client = docker.DockerClient(base_url=base_url, version="auto", timeout=timeout)
            else:
                client = docker.from_env(version="auto", timeout=timeout)
        except (docker.errors.DockerException, ValueError) as exc:
            if isinstance(exc, docker.errors.APIError) or translate(exc, host) is not None:
                raise
            raise invalid_address(host, exc) from exc
        version = str(client.api.api_version)
    if version_tuple(version) < version_tuple(MIN_API_VERSION):
        client.close()
        raise too_old(host, version)
    return client
