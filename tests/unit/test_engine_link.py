"""EngineLink with a fake gateway: snapshots, regressions, relevance (pure logic)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from docker_lab.checks.model import Status
from docker_lab.engine.models import EngineEvent, Snapshot
from docker_lab.lab.link import EngineLink
from docker_lab.lab.steps import takes_answer
from docker_lab.progress import ProgressStore
from tests.unit.checks_support import ctr, net, snap
from tests.unit.test_checks_session import EXERCISE, FakeGateway

OTHER = replace(EXERCISE, id="autre")


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


def test_a_broken_check_stays_broken_until_it_passes(store: Any) -> None:
    gw = CountingGateway(snap(net("app-network")))
    link = EngineLink(lambda: gw, store)
    step = EXERCISE.steps[1]  # « db »: container + attached
    seen = []
    for state in (snap(net("app-network"), ctr("database", networks={})),  # container passes
                  snap(net("app-network")),  # gone: broken again
                  snap(net("app-network")),  # still gone: still says so
                  snap(net("app-network"), ctr("database", networks={})),  # back
                  snap(net("app-network"))):  # gone again, after passing
        gw.state = state
        seen.append(link.session(EXERCISE).evaluate(step.id, snapshot=state).checks[0])
    assert seen[0].status is Status.PASS
    assert seen[1].regressed and seen[1].message.startswith("Cassé à nouveau : ")
    assert seen[2].regressed and seen[2].message.startswith("Cassé à nouveau : "), "still says why"
    assert seen[3].status is Status.PASS and not seen[3].regressed
    assert seen[4].regressed and seen[4].message.count("Cassé à nouveau") == 1


def test_opening_another_exercise_forgets_what_was_broken_again(store: Any) -> None:
    gw = CountingGateway(snap(net("app-network"), ctr("database", networks={})))
    link = EngineLink(lambda: gw, store)
    link.evaluate(EXERCISE)  # « reseau » done; « db »: container passes, attachment fails
    gw.state = snap(net("app-network"))
    assert link.evaluate(EXERCISE).result.checks[0].regressed
    link.evaluate(OTHER)
    gw.state = snap(net("app-network"))
    again = link.evaluate(EXERCISE).result.checks[0]
    assert not again.regressed and again.status is Status.FAIL, "opened anew: a plain failure"


def test_events_are_filtered_for_the_exercise_watched(store: Any) -> None:
    gw = CountingGateway(snap(net("app-network")))
    link = EngineLink(lambda: gw, store)
    database = EngineEvent("container", "start", "database")
    assert not link.relevant(database), "no exercise watched"
    link.watch(EXERCISE)
    assert link.relevant(database), "no session yet: any container may matter"
    assert not link.relevant(EngineEvent("container", "exec_start: sh", "database"))
    assert not link.relevant(EngineEvent("image", "pull", "database"))
    link.evaluate(EXERCISE)  # current step: « db »
    assert link.relevant(database)
    assert not link.relevant(EngineEvent("container", "start", "dlt-probe-x"))
    assert link.relevant(EngineEvent("network", "disconnect", "other"))
    assert link.relevant(EngineEvent("daemon", "reconnected"))


def test_a_step_takes_an_answer_by_its_kind_alone() -> None:
    assert [takes_answer(step) for step in EXERCISE.steps] == [False, False, True, False]
    renamed = replace(EXERCISE.steps[2], id="valeur")  # no « answer » in its id or title
    assert takes_answer(renamed)
