"""EngineLink.evaluate with a fake gateway: one snapshot per evaluation (pure logic)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from docker_lab.checks.model import Status
from docker_lab.engine.models import Snapshot
from docker_lab.lab.link import EngineLink
from docker_lab.progress import ProgressStore
from tests.unit.checks_support import ctr, net, snap
from tests.unit.test_checks_session import EXERCISE, FakeGateway


class CountingGateway(FakeGateway):
    """Counts the snapshots taken."""

    snapshots = 0

    def snapshot(self) -> Snapshot:
        self.snapshots += 1
        return super().snapshot()

    def close(self) -> None:
        pass


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("DOCKER_LAB_HOME", str(tmp_path / "home"))
    s = ProgressStore.open(tmp_path / "progress.sqlite3")
    yield s
    s.close()


def test_one_snapshot_serves_the_steps_and_the_broken_ones(store: Any) -> None:
    gw = CountingGateway(snap(net("app-network"),
                              ctr("database", networks={"app-network": "172.18.0.2"})))
    link = EngineLink(lambda: gw, store)
    link.session(EXERCISE)  # first start takes its own snapshot
    before = gw.snapshots
    first = link.evaluate(EXERCISE)
    assert gw.snapshots - before == 1
    assert first.newly_completed == ("reseau", "db")
    assert first.result.id == "ip" and first.result.status is Status.PENDING
    gw.state = snap(net("app-network"))  # database gone: « db » is broken
    before = gw.snapshots
    again = link.evaluate(EXERCISE, "172.18.0.2")
    assert gw.snapshots - before == 1
    assert again.newly_completed == ()
    assert again.completed == ("reseau", "db")
    assert [step for step, _ in again.broken] == ["db"]


def test_an_answer_completes_its_step_and_all_done_takes_no_snapshot(store: Any) -> None:
    gw = CountingGateway(snap(net("app-network"),
                              ctr("web", networks={"app-network": "172.18.0.3"}),
                              ctr("database", networks={"app-network": "172.18.0.2"})))
    link = EngineLink(lambda: gw, store)
    done = link.evaluate(EXERCISE, "172.18.0.2")
    assert done.newly_completed == ("reseau", "db", "ip", "ping")
    assert done.result.id == "ping" and done.broken == ()
    before = gw.snapshots
    last = link.evaluate(EXERCISE)
    assert gw.snapshots == before and last.newly_completed == ()
    assert last.result.status is Status.PASS
    assert last.completed == tuple(s.id for s in EXERCISE.steps)
