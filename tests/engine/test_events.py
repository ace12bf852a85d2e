"""Events: relevant changes are seen, noise is dropped, the stream survives a daemon restart."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from docker_lab.engine.events import follow_events, to_event
from docker_lab.engine.gateway import DockerGateway
from docker_lab.engine.models import EngineEvent
from tests.engine.socket_proxy import SocketProxy
from tests.helpers import wait_until


class Follower:
    """Runs follow_events in a thread and records what it yields."""

    def __init__(self, factory: Callable[[], DockerGateway], backoff: tuple[float, float]) -> None:
        self.stop = threading.Event()
        self.events: list[EngineEvent] = []
        self.thread = threading.Thread(target=self._run, args=(factory, backoff), daemon=True)
        self.thread.start()

    def _run(self, factory: Callable[[], DockerGateway], backoff: tuple[float, float]) -> None:
        for event in follow_events(factory, self.stop, backoff=backoff):
            self.events.append(event)

    def seen(self, type_: str, action: str, name: str = "") -> bool:
        return any(e.type == type_ and e.action == action and (not name or e.name == name)
                   for e in self.events)

    def count(self, type_: str, action: str) -> int:
        return sum(1 for e in self.events if e.type == type_ and e.action == action)

    def close(self) -> float:
        """Stop and return how long the thread took to end."""
        start = time.monotonic()
        self.stop.set()
        self.thread.join(timeout=5)
        return time.monotonic() - start


@pytest.fixture
def proxy() -> Iterator[SocketProxy]:
    p = SocketProxy(f"/tmp/dlt-h3-{uuid.uuid4().hex[:8]}.sock")
    p.start()
    yield p
    p.stop()


def test_to_event_drops_noise() -> None:
    raw = {"Type": "container", "Action": "exec_start: sh -c true",
           "Actor": {"Attributes": {"name": "web"}}}
    assert to_event(raw) is None
    probe = {"Type": "container", "Action": "start",
             "Actor": {"Attributes": {"name": "x", "docker-lab.probe": "true"}}}
    assert to_event(probe) is None
    health = {"Type": "container", "Action": "health_status: healthy", "timeNano": 2_000_000_000,
              "Actor": {"Attributes": {"name": "db"}}}
    assert to_event(health) == EngineEvent("container", "health_status", "db", 2.0)
    net = {"Type": "network", "Action": "connect", "time": 5,
           "Actor": {"Attributes": {"name": "app-network", "container": "abc"}}}
    assert to_event(net) == EngineEvent("network", "connect", "app-network", 5.0)


@pytest.mark.engine
def test_network_create_and_connect_are_seen(docker_client: Any, engine_resources: Any) -> None:
    follower = Follower(DockerGateway, (0.05, 0.5))
    try:
        wait_until(lambda: follower.seen("daemon", "connected"), 10)
        net = engine_resources.network("dlt-h3-ev-")
        wait_until(lambda: follower.seen("network", "create", net.name), 5)
        ctr = engine_resources.container("dlt-h3-ev-", network=net.name)
        wait_until(lambda: follower.seen("container", "start", ctr.name), 5)
        wait_until(lambda: follower.seen("network", "connect", net.name), 5)
        ctr.exec_run(["true"])  # exec noise must not show up
        ctr.kill()
        wait_until(lambda: follower.seen("container", "die", ctr.name), 5)
        assert not any(e.action.startswith("exec") for e in follower.events)
    finally:
        assert follower.close() < 1.0


@pytest.mark.engine
def test_stream_survives_daemon_restart(
    docker_client: Any, engine_resources: Any, proxy: SocketProxy
) -> None:
    follower = Follower(lambda: DockerGateway(base_url=proxy.url, timeout=5), (0.05, 0.4))
    try:
        wait_until(lambda: follower.seen("daemon", "connected"), 10)
        first = engine_resources.network("dlt-h3-ev1-")
        wait_until(lambda: follower.seen("network", "create", first.name), 5)

        proxy.stop()  # the "daemon" goes away: the stream ends
        wait_until(lambda: follower.seen("daemon", "disconnected"), 5)
        assert not follower.seen("daemon", "reconnected")

        proxy.start()  # and comes back: reconnect with backoff, say so
        wait_until(lambda: follower.seen("daemon", "reconnected"), 5)
        second = engine_resources.network("dlt-h3-ev2-")
        wait_until(lambda: follower.seen("network", "create", second.name), 5)
        assert follower.count("daemon", "disconnected") == 1
    finally:
        assert follower.close() < 1.0


@pytest.mark.engine
def test_unreachable_at_start_then_connected(proxy: SocketProxy) -> None:
    proxy.stop()
    follower = Follower(lambda: DockerGateway(base_url=proxy.url, timeout=5), (0.05, 0.2))
    try:
        wait_until(lambda: follower.seen("daemon", "disconnected"), 5)
        proxy.start()
        wait_until(lambda: follower.seen("daemon", "connected"), 5)
        assert follower.count("daemon", "disconnected") == 1  # announced once per outage
    finally:
        assert follower.close() < 1.0
