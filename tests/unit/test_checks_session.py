"""ExerciseSession, the runner and the reports, with a fake gateway (pure logic)."""

from __future__ import annotations

import socket
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from docker_lab.checks.model import Status
from docker_lab.checks.registry import HOST_SOURCE
from docker_lab.course.models import Exercise, Step
from docker_lab.engine.models import EngineEvent, ProbeKind, ProbeRequest, ProbeResult, Snapshot
from docker_lab.lab.hostprobes import host_probe
from docker_lab.lab.report import exercise_json, exercise_text
from docker_lab.lab.runner import evaluate_step, needed_probes
from docker_lab.lab.session import ExerciseSession
from docker_lab.progress import ProgressStore
from tests.unit.checks_support import check, ctr, net, snap

STEPS = (
    Step("reseau", "Réseau", "…", (check("network", {"name": "app-network"}),)),
    Step("db", "Base", "…", (check("container", {"name": "database"}),
                             check("attached", {"container": "database",
                                                "network": "app-network"}))),
    Step("ip", "Adresse", "…", (check("answer", {"expect": "ip", "container": "database",
                                                 "network": "app-network"}),)),
    Step("ping", "Ping", "…", (check("reaches", {"from": "database", "to": "web"}),)),
)
EXERCISE = Exercise("ex", "Exercice", "lecon", "intro", STEPS)


class FakeGateway:
    """Serves a settable snapshot; probes answer ``ok`` and are recorded."""

    def __init__(self, state: Snapshot) -> None:
        self.state = state
        self.probed: list[ProbeRequest] = []

    def snapshot(self) -> Snapshot:
        return self.state

    def run_probes(self, requests: Sequence[ProbeRequest], parallel: int = 4
                   ) -> list[ProbeResult]:
        self.probed += requests
        return [ProbeResult(r, True, method="fake") for r in requests]


@pytest.fixture
def store(tmp_path: Path) -> Any:
    s = ProgressStore.open(tmp_path / "progress.sqlite3")
    yield s
    s.close()


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKER_LAB_HOME", str(tmp_path / "home"))


def test_start_records_preexisting_once(store: Any) -> None:
    gw = FakeGateway(snap(net("app-network"), ctr("database"), ctr("unrelated")))
    ExerciseSession(EXERCISE, gw, store).start()
    assert store.preexisting("ex")["networks"] == ["app-network"]
    assert store.preexisting("ex")["containers"] == ["database"]
    gw.state = snap()
    ExerciseSession(EXERCISE, gw, store).start()  # a second start changes nothing
    assert store.preexisting("ex")["containers"] == ["database"]


def test_advance_all_records_and_stops_at_pending(store: Any) -> None:
    gw = FakeGateway(snap(net("app-network"),
                          ctr("database", networks={"app-network": "172.18.0.2"})))
    session = ExerciseSession(EXERCISE, gw, store)
    session.start()
    results = session.advance_all()
    assert [(r.id, r.status) for r in results] == [
        ("reseau", Status.PASS), ("db", Status.PASS), ("ip", Status.PENDING)]
    assert set(store.completed_steps("ex")) == {"reseau", "db"}
    assert session.current_step() is STEPS[2]
    results = session.advance_all({"": "172.18.0.2"})
    assert (results[0].id, results[0].status) == ("ip", Status.PASS)
    assert results[-1].id == "ping" and results[-1].status is Status.FAIL  # web is missing


def test_regression_is_flagged_with_why(store: Any) -> None:
    gw = FakeGateway(snap(net("app-network"),
                          ctr("database", networks={"app-network": "172.18.0.2"})))
    session = ExerciseSession(EXERCISE, gw, store)
    first = session.evaluate("db")
    assert first.status is Status.PASS and first.regressions == ()
    gw.state = snap(net("app-network"), ctr("database"))
    again = session.evaluate("db")
    assert [c.kind for c in again.regressions] == ["attached"]
    assert again.checks[1].message.startswith("Cassé à nouveau : Le container « database » est "
                                              "connecté à « bridge » mais pas à « app-network »")
    assert not again.checks[0].regressed
    # a step recorded completed in an earlier run counts as having passed
    store.complete_step("ex", "reseau")
    gw.state = snap()
    fresh = ExerciseSession(EXERCISE, gw, store).evaluate("reseau")
    assert fresh.checks[0].regressed


def test_relevance_filter(store: Any) -> None:
    session = ExerciseSession(EXERCISE, FakeGateway(snap()), store)
    assert session.is_relevant(EngineEvent("container", "start", "database"), "db")
    assert not session.is_relevant(EngineEvent("container", "start", "dlt-probe-x"), "db")
    assert not session.is_relevant(EngineEvent("container", "exec_start: sh", "database"), "db")
    assert session.is_relevant(EngineEvent("network", "disconnect", "other"), "db")
    assert session.is_relevant(EngineEvent("daemon", "reconnected"), "db")
    assert not session.is_relevant(EngineEvent("image", "pull", "database"), "db")


def test_a_dns_name_makes_every_container_event_relevant() -> None:
    from docker_lab.checks.refs import refs
    from docker_lab.lab.relevance import is_relevant

    # « outil » may be the alias of any container: its stop changes what the name gives
    stop = EngineEvent("container", "stop", "labo-outil")
    assert is_relevant(stop, refs(containers="labo-web", aliases="outil"))
    assert not is_relevant(stop, refs(containers="labo-web"))


def test_runner_collects_probes_once_and_only_when_useful() -> None:
    state = snap(net("n"), ctr("database", networks={"n": "10.0.0.2"}),
                 ctr("web", networks={"n": "10.0.0.3"}))
    double = Step("s", "S", "…", STEPS[3].checks * 2)
    assert len(needed_probes(double, state)) == 1
    gw = FakeGateway(state)
    result = evaluate_step(double, gw)
    assert result.status is Status.PASS and len(gw.probed) == 1
    gw.state = snap(ctr("database"))
    assert needed_probes(double, gw.state) == []  # web missing: the verdict needs no probe


def test_host_probe_only_loopback() -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    try:
        assert host_probe(ProbeRequest(ProbeKind.TCP, HOST_SOURCE, "127.0.0.1", port)).ok
    finally:
        server.close()
    assert not host_probe(ProbeRequest(ProbeKind.TCP, HOST_SOURCE, "127.0.0.1", port)).ok
    refused = host_probe(ProbeRequest(ProbeKind.TCP, HOST_SOURCE, "10.0.0.1", 80))
    assert refused.error


def test_reports_json_and_text(store: Any) -> None:
    gw = FakeGateway(snap(net("app-network"), ctr("database", status="exited", exit_code=1,
                                                  log_tail=["boom"])))
    session = ExerciseSession(EXERCISE, gw, store)
    session.start()
    results = session.advance_all()
    doc = exercise_json(EXERCISE, results, session.completed(), only_step=False)
    assert doc["exercise"] == "ex" and doc["status"] == "fail"
    assert [(s["id"], s["status"]) for s in doc["steps"]] == [
        ("reseau", "pass"), ("db", "fail"), ("ip", "pending"), ("ping", "pending")]
    check = doc["steps"][1]["checks"][0]
    assert set(check) == {"kind", "status", "message", "expected", "actual"}
    assert check["actual"] == "exited (1)" and "boom" in check["message"]
    text = exercise_text(EXERCISE, results, session.completed(), only_step=False)
    assert "✗ db — Base" in text and "2 étapes à venir." in text


def test_nothing_is_recorded_under_an_exercise_without_a_start(store: Any) -> None:
    gw = FakeGateway(snap(net("app-network")))
    session = ExerciseSession(EXERCISE, gw, store)
    results = session.advance_all()
    assert results[0].status.value == "pass"
    assert session.completed() == {}, "no start record: nothing recorded"
    assert session.ensure_started() is True
    assert session.ensure_started() is False
    session.advance_all()
    assert list(session.completed()) == ["reseau"]
