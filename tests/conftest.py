"""Shared fixtures: the real Docker engine, labelled test resources, polling.

- ``docker_client`` (session): a ``docker.DockerClient``; fails loudly when no
  engine answers, unless ``DOCKER_LAB_SKIP_ENGINE=1`` (then engine tests skip).
  Its first use sweeps labelled test leftovers of crashed earlier runs.
- ``lab_image`` (session): the lab's busybox image, built locally if missing.
- ``engine_resources``: factory creating labelled containers/networks/volumes
  with unique names (``engine_resources.network("dlt-h3-")``), removed at teardown.
- ``wait_until``: the polling helper of :mod:`tests.helpers`.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # make ``tests.helpers`` importable whatever the runner
    sys.path.insert(0, str(ROOT))

from tests.helpers import unique_name, wait_until  # noqa: E402

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
    """Seconds since an engine timestamp like ``2024-11-28T00:38:12.123456789Z``."""
    m = re.match(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.\d+)?(Z|[+-]\d\d:\d\d)?", created or "")
    if not m:
        return 0.0
    tz = m.group(2) or "Z"
    stamp = datetime.fromisoformat(m.group(1) + ("+00:00" if tz == "Z" else tz))
    return time.time() - stamp.timestamp()


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


def _quietly(remove: Callable[..., Any], *args: Any, **kwargs: Any) -> bool:
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
            removed += _quietly(api.remove_container, c["Id"], force=True, v=True)
    for n in api.networks(filters=flt):
        if _stale(n.get("Labels"), _age(n.get("Created"))):
            removed += _quietly(api.remove_network, n["Id"])
    for v in api.volumes(filters=flt).get("Volumes") or []:
        if _stale(v.get("Labels"), _age(v.get("CreatedAt"))):
            removed += _quietly(api.remove_volume, v["Name"])
    return removed


@pytest.fixture(scope="session")
def docker_client() -> Iterator[Any]:
    """A ``docker.DockerClient`` on the real engine (``DOCKER_HOST`` honoured)."""
    import docker

    try:
        client = docker.from_env(timeout=60)
        client.ping()
    except Exception as exc:
        msg = (
            f"No Docker engine answers ({os.environ.get('DOCKER_HOST') or 'default socket'}): "
            f"{exc}. Start dockerd, or set DOCKER_LAB_SKIP_ENGINE=1 to skip engine tests."
        )
        if os.environ.get("DOCKER_LAB_SKIP_ENGINE") == "1":
            pytest.skip(msg)
        pytest.fail(msg, pytrace=False)
    sweep_test_resources(client)
    yield client
    client.close()


@pytest.fixture(scope="session")
def lab_image(docker_client: Any) -> str:
    """The lab's busybox image name (built locally when missing)."""
    from docker_lab.engine.labimage import ensure_lab_image

    return ensure_lab_image(docker_client)


class EngineResources:
    """Creates labelled, uniquely named engine resources and removes them all."""

    def __init__(self, client: Any, image: str) -> None:
        self.client = client
        self.image = image
        self.containers: list[str] = []
        self.networks: list[str] = []
        self.volumes: list[str] = []

    def network(self, prefix: str, **kwargs: Any) -> Any:
        """Create a network ``<prefix><random>`` (kwargs go to ``networks.create``)."""
        labels = {**test_labels(), **kwargs.pop("labels", {})}
        net = self.client.networks.create(unique_name(prefix), labels=labels, **kwargs)
        self.networks.append(net.id)
        return net

    def volume(self, prefix: str, **kwargs: Any) -> Any:
        """Create a named volume ``<prefix><random>``."""
        labels = {**test_labels(), **kwargs.pop("labels", {})}
        vol = self.client.volumes.create(name=unique_name(prefix), labels=labels, **kwargs)
        self.volumes.append(vol.name)
        return vol

    def container(
        self, prefix: str, image: str | None = None, command: Any = ("sleep", "600"),
        start: bool = True, **kwargs: Any,
    ) -> Any:
        """Create (and by default start) a container ``<prefix><random>``.

        Defaults: the lab image running ``sleep 600``. kwargs go to
        ``containers.create`` (``network=``, ``environment=``, ``ports=``...).
        """
        labels = {**test_labels(), **kwargs.pop("labels", {})}
        name = kwargs.pop("name", None) or unique_name(prefix)
        ctr = self.client.containers.create(
            image or self.image, command=list(command) if command else None,
            name=name, labels=labels, **kwargs,
        )
        self.containers.append(ctr.id)
        if start:
            ctr.start()
            ctr.reload()
        return ctr

    def cleanup(self) -> None:
        """Remove everything created, containers first."""
        api = self.client.api
        for cid in reversed(self.containers):
            _quietly(api.remove_container, cid, force=True, v=True)
        for nid in reversed(self.networks):
            _quietly(api.remove_network, nid)
        for vname in reversed(self.volumes):
            _quietly(api.remove_volume, vname, force=True)


@pytest.fixture
def engine_resources(docker_client: Any, lab_image: str) -> Iterator[EngineResources]:
    """Factory of labelled test resources, all removed at teardown."""
    res = EngineResources(docker_client, lab_image)
    yield res
    res.cleanup()


@pytest.fixture(name="wait_until")
def wait_until_fixture() -> Callable[..., Any]:
    """The polling helper (``wait_until(predicate, timeout=5, interval=0.05)``)."""
    return wait_until
