"""Labels of test resources, and the sweep of leftovers from dead test runs.

Every resource a test creates carries :func:`test_labels`
(``docker-lab.test=true``, ``docker-lab.managed=true`` and the owning pytest pid).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

TEST_LABEL = "docker-lab.test"
OWNER_PID_LABEL = "docker-lab.test.pid"  # the pytest process that created the resource
#: Leftovers without an owner pid are swept once older than this (seconds): other
#: helpers' sessions may be running at the same time on the same engine.
ORPHAN_AGE = 600.0


def test_labels() -> dict[str, str]:
    """Labels every resource a test creates must carry."""
    return {"docker-lab.managed": "true", TEST_LABEL: "true", OWNER_PID_LABEL: str(os.getpid())}


test_labels.__test__ = False  # type: ignore[attr-defined]  # not a test


def _age(created: str | None) -> float:
    """Seconds since an engine timestamp like ``2024-11-28T00:38:12.123456789Z`` (0 if unknown)."""
    from docker_lab.engine.snapshot import seconds_since

    return seconds_since(created) or 0.0


def _pid_alive(pid: str | None) -> bool:
    if not pid or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stale(labels: dict[str, str] | None, age: float) -> bool:
    labels = labels or {}
    if os.environ.get("DOCKER_LAB_TEST_SWEEP_ALL") == "1":
        return True
    pid = labels.get(OWNER_PID_LABEL)
    if pid:
        return pid != str(os.getpid()) and not _pid_alive(pid)
    return age > ORPHAN_AGE


def remove_quietly(remove: Callable[..., Any], *args: Any, **kwargs: Any) -> bool:
    """Call a remove function; return False when the engine refuses (gone, in use)."""
    import docker.errors

    try:
        remove(*args, **kwargs)
    except docker.errors.APIError:
        return False
    return True


def sweep_test_resources(client: Any) -> int:
    """Remove test-labelled containers, networks and volumes of dead test runs.

    Only resources labelled ``docker-lab.test=true`` are considered, never
    anything else; those of a still-running pytest process are left alone.
    Returns how many were removed.
    """
    api = client.api
    flt = {"label": f"{TEST_LABEL}=true"}
    removed = 0
    for c in api.containers(all=True, filters=flt):
        if _stale(c.get("Labels"), time.time() - float(c.get("Created") or 0)):
            removed += remove_quietly(api.remove_container, c["Id"], force=True, v=True)
    for n in api.networks(filters=flt):
        if _stale(n.get("Labels"), _age(n.get("Created"))):
            removed += remove_quietly(api.remove_network, n["Id"])
    for v in api.volumes(filters=flt).get("Volumes") or []:
        if _stale(v.get("Labels"), _age(v.get("CreatedAt"))):
            removed += remove_quietly(api.remove_volume, v["Name"])
    return removed
