"""Which engine events may change a step's verdict: the one filter of live checking."""

from __future__ import annotations

from pathlib import Path

from docker_lab.checks.refs import Refs
from docker_lab.engine.models import EngineEvent
from docker_lab.lab.compose import same_dir

#: Event types that never change a verdict, whatever they name.
IGNORED_ACTIONS = frozenset({
    "exec_create", "exec_start", "exec_die", "exec_detach", "top", "attach",
    "resize", "commit", "export", "copy", "archive-path", "extract-to-dir",
})
WATCHED_TYPES = frozenset({"container", "network", "volume", "daemon"})


def is_relevant(event: EngineEvent, watched: Refs | None = None,
                workdir: Path | None = None) -> bool:
    """Whether *event* may change the verdict of a step watching *watched*.

    Daemon events (connection, reconnection) and network events always are (a
    network event names the network, not the container connected or
    disconnected); exec and other read-only events never are; container and
    volume events are when they name a watched resource (probe side-cars are
    not watched). With *watched* ``None`` (no step known yet), every container
    and volume event is. A container of the Compose project started from the
    exercise's *workdir* is watched whatever its name (``p-api-1``, ``p_api_1``).
    """
    if event.type == "daemon":
        return True
    action = event.action.split(":")[0].strip()
    if event.type not in WATCHED_TYPES or action in IGNORED_ACTIONS or action.startswith("exec_"):
        return False
    if event.type == "network" or watched is None:
        return True
    if workdir is not None and event.compose_dir and same_dir(event.compose_dir, workdir):
        return True
    if event.type == "container" and watched.aliases:
        return True  # which container a DNS name stands for is known only from the engine
    pool = watched.containers if event.type == "container" else watched.volumes
    return event.name in pool
