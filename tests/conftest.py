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
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # make ``tests.helpers`` importable whatever the runner
    sys.path.insert(0, str(ROOT))

from tests.helpers import unique_name, wait_until  # noqa: E402
from tests.sweep import remove_quietly, sweep_test_resources, test_labels  # noqa: E402


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
            remove_quietly(api.remove_container, cid, force=True, v=True)
        for nid in reversed(self.networks):
            remove_quietly(api.remove_network, nid)
        for vname in reversed(self.volumes):
            remove_quietly(api.remove_volume, vname, force=True)


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
