"""The Docker gateway: one object that reads the engine for everybody else.

>>> gw = DockerGateway()            # DOCKER_HOST honoured; raises EngineError subclasses
>>> snap = gw.snapshot()           # networks, containers, volumes in a few API calls
>>> gw.run_probes([ProbeRequest(ProbeKind.PING, "backend", "database")])

Every method raises only :class:`~docker_lab.engine.errors.EngineError` subclasses
for a missing daemon (never a raw ``requests``/``urllib3`` exception). The
instance is safe to share between threads.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from docker_lab.engine.connection import connect, docker_host, engine_errors
from docker_lab.engine.models import ContainerInfo, ProbeRequest, ProbeResult, Snapshot
from docker_lab.engine.probes import sweep_listed_sidecars
from docker_lab.engine.snapshot import (
    build_snapshot,
    cache_key,
    container_from_api,
    seconds_since,
)

#: How many log lines a stopped container's record carries.
LOG_TAIL_LINES = 10
#: States whose last log lines explain what happened (postgres without a password...).
STOPPED_STATES = ("exited", "dead", "restarting")
#: Right after an exit the last log lines may not be stored yet: no caching then.
LOG_SETTLE_SECONDS = 2.0

_Cached = tuple[tuple[Any, ...], dict[str, Any], tuple[str, ...]]


def decode_log_tail(raw: bytes | str, lines: int = LOG_TAIL_LINES) -> tuple[str, ...]:
    """The last *lines* non-empty lines of a log payload, decoded leniently."""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    kept = [ln.rstrip("\r") for ln in text.splitlines() if ln.strip()]
    return tuple(kept[-lines:])


class DockerGateway:
    """Reads the Docker engine: snapshots, probes; exposes ``client`` for writers.

    Args:
        client: an existing ``docker.DockerClient`` (tests); else one is opened.
        base_url: daemon address (default: ``DOCKER_HOST`` or the local socket).
        timeout: seconds before a silent daemon counts as unreachable.

    Raises:
        DaemonUnreachable, PermissionDenied, ApiTooOld: on construction.
    """

    def __init__(
        self, client: Any | None = None, *, base_url: str | None = None, timeout: float = 10.0
    ) -> None:
        self.host = docker_host(base_url)
        self.client: Any = client if client is not None else connect(base_url, timeout)
        self.api_version = str(self.client.api.api_version)
        self._cache: dict[str, _Cached] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="docker-lab-engine")
        self.probe_tools: dict[str, frozenset[str]] = {}  # container id -> probe tools
        self.sidecars_swept = False  # stale probe side-cars removed once per gateway

    # -- lifecycle -------------------------------------------------------------
    def close(self) -> None:
        """Release the HTTP connections and worker threads."""
        self._pool.shutdown(wait=False, cancel_futures=True)
        self.client.close()

    def __enter__(self) -> DockerGateway:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ping(self) -> None:
        """Check that the daemon answers (raises :class:`DaemonUnreachable` if not)."""
        with engine_errors(self.host):
            self.client.api.ping()

    def server_version(self) -> dict[str, Any]:
        """The daemon's ``GET /version`` payload (Version, ApiVersion, Os...)."""
        with engine_errors(self.host):
            version: dict[str, Any] = self.client.api.version()
        return version

    # -- snapshot --------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        """Read networks, containers and volumes as one :class:`Snapshot`.

        Three list calls, plus an inspect (and, for stopped containers, the
        last log lines) only for containers that changed since the previous
        snapshot of this gateway. The first snapshot also removes probe side-cars
        left by a process killed before it could start them.
        """
        api = self.client.api
        with engine_errors(self.host):
            nets_future = self._pool.submit(api.networks)
            vols_future = self._pool.submit(api.volumes)
            listed: list[dict[str, Any]] = api.containers(all=True)
            if not self.sidecars_swept:
                self.sidecars_swept = True
                listed = sweep_listed_sidecars(api, listed)
            containers = self._containers(listed)
            networks = nets_future.result()
            volumes = vols_future.result().get("Volumes") or []
        return build_snapshot(containers, networks, volumes, self.api_version)

    def _containers(self, listed: list[dict[str, Any]]) -> list[ContainerInfo]:
        with self._lock:
            for gone in set(self._cache) - {c["Id"] for c in listed}:
                del self._cache[gone]
            cached = {c["Id"]: self._cache.get(c["Id"]) for c in listed}
        stale = [c for c in listed if (hit := cached[c["Id"]]) is None or hit[0] != cache_key(c)]
        if len(stale) > 1:
            fresh = list(self._pool.map(self._inspect, stale))
        else:
            fresh = [self._inspect(c) for c in stale]
        with self._lock:
            for c, entry in zip(stale, fresh, strict=True):
                cached[c["Id"]] = entry
                if entry is not None:
                    self._cache[c["Id"]] = entry
        return [
            container_from_api(c, entry[1], entry[2])
            for c in listed
            if (entry := cached[c["Id"]]) is not None  # removed between list and inspect
        ]

    def _inspect(self, listed: dict[str, Any]) -> _Cached | None:
        import docker.errors

        api = self.client.api
        try:
            inspected: dict[str, Any] = api.inspect_container(listed["Id"])
        except docker.errors.NotFound:
            return None  # removed between the list and now
        except docker.errors.APIError:  # e.g. removal in progress: list data only
            return (), {}, ()
        tail: tuple[str, ...] = ()
        if listed.get("State") in STOPPED_STATES:
            try:
                tail = self._log_tail(listed["Id"])
            except docker.errors.APIError:  # no logs for this driver (none, syslog...)
                return (), inspected, ()
        key: tuple[Any, ...] = cache_key(listed)
        since = seconds_since((inspected.get("State") or {}).get("FinishedAt"))
        if tail and since is not None and since < LOG_SETTLE_SECONDS:
            key = ()  # the engine may still be copying the last lines: read them again next time
        if listed.get("State") == "created":
            key = ()  # its start may fail right after this read (State.Error): read it again
        return key, inspected, tail

    def _log_tail(self, cid: str) -> tuple[str, ...]:
        """Last lines of stdout+stderr, always with the last stderr lines.

        The engine copies stdout and stderr separately, so a crash message may
        be stored before earlier stdout lines: it is kept even then.
        """
        api = self.client.api
        merged = decode_log_tail(api.logs(cid, stdout=True, stderr=True, tail=LOG_TAIL_LINES))
        # ``tail`` counts entries of both streams before filtering: look a bit further back.
        errors = decode_log_tail(api.logs(cid, stdout=False, stderr=True, tail=50), 3)
        missing = tuple(line for line in errors if line not in merged)
        return (merged + missing)[-LOG_TAIL_LINES:]

    def container(self, name: str) -> ContainerInfo | None:
        """One container's record (a full snapshot is usually what you want)."""
        return self.snapshot().container(name)

    # -- probes ----------------------------------------------------------------
    def run_probes(
        self, requests: Sequence[ProbeRequest], parallel: int = 4
    ) -> list[ProbeResult]:
        """Run probes from inside their source containers; see :mod:`.probes`."""
        from docker_lab.engine.probes import run_probes

        return run_probes(self, requests, parallel=parallel)
