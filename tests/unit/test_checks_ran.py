"""The ``ran`` check kind, its tolerant matching, and the command log it reads (pure + SQLite)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from docker_lab.checks.cmdline import matches, simple_commands
from docker_lab.checks.model import Status
from docker_lab.course.models import Exercise, Step
from docker_lab.engine.models import ProbeKind
from docker_lab.lab.commands import CommandLog, step_began
from docker_lab.lab.hostprobes import host_probe
from docker_lab.progress import ProgressStore
from docker_lab.progress.commandlog import KEEP, CommandRecord, CommandStore
from tests.unit.checks_support import check, probe, run, snap

INSPECT = "docker network inspect app-network"


@pytest.mark.parametrize(("model", "line"), [
    (INSPECT, INSPECT),
    (INSPECT, "docker network inspect --format '{{json .Containers}}' app-network"),
    (INSPECT, "sudo docker network inspect app-network | jq ."),
    (INSPECT, "clear; docker network inspect app-network"),
    ("docker exec backend nslookup database", "docker exec -it backend nslookup database"),
    ("docker exec backend ping -c database", "docker exec backend ping -c 3 database"),
    ("docker exec backend ping -c database", "docker exec backend ping -c3 database"),
    ("docker exec backend nc database 5432",
     "until docker exec backend nc -zv -w 2 database 5432; do sleep 1; done"),
    ("docker run -d --name web nginx", "docker run --name web -d nginx"),
])
def test_matches(model: str, line: str) -> None:
    assert matches(model, line)


@pytest.mark.parametrize(("model", "line"), [
    (INSPECT, "docker network inspect bridge"),
    (INSPECT, "docker network ls"),
    (INSPECT, "echo docker network inspect app-network"),
    ("docker exec backend ping -c database", "docker exec backend ping database"),
    ("docker exec backend nslookup database", "docker exec database nslookup backend"),
    (INSPECT, ""),
])
def test_does_not_match(model: str, line: str) -> None:
    assert not matches(model, line)


def test_simple_commands_handle_quotes_prefixes_and_bad_quoting() -> None:
    assert simple_commands("A=1 docker ps -a && echo 'a;b'") == [["docker", "ps", "-a"],
                                                                  ["echo", "a;b"]]
    assert simple_commands("echo 'pas fini") == [["echo", "'pas", "fini"]]


def _commands(*pairs: tuple[str, int | None]) -> list:  # type: ignore[type-arg]
    detail = json.dumps([{"command": c, "status": s} for c, s in pairs])
    return [probe(ProbeKind.COMMANDS, "@hôte", "console", True, detail=detail)]


def test_ran_passes_on_a_successful_matching_command() -> None:
    result = run("ran", {"command": INSPECT}, snap(), _commands(("docker ps", 0), (INSPECT, 0)))
    assert result.status is Status.PASS and INSPECT in result.message


def test_ran_fails_until_the_command_is_run_and_says_where() -> None:
    result = run("ran", {"command": INSPECT}, snap(), _commands(("docker ps", 0)))
    assert result.status is Status.FAIL
    assert "console de docker-lab" in result.message and f"Essayez : {INSPECT}" in result.message


def test_ran_names_the_failed_attempt() -> None:
    result = run("ran", {"command": [INSPECT, "docker inspect app-network"]}, snap(),
                 _commands(("docker network inspect app-network", 1)))
    assert result.status is Status.FAIL
    assert "« docker network inspect app-network » a échoué (code 1)" in result.message


def test_ran_outcome_failure_wants_a_failing_command() -> None:
    params = {"command": "docker exec nginx-lb ping -c postgres-db", "outcome": "failure"}
    line = "docker exec nginx-lb ping -c 1 -W 1 postgres-db"
    ok = run("ran", params, snap(), _commands((line, 1)))
    assert ok.status is Status.PASS
    still = run("ran", params, snap(), _commands((line, 0)))
    assert still.status is Status.FAIL and "a réussi alors qu'elle devrait échouer" in still.message


def test_ran_without_a_log_is_an_error() -> None:
    error = probe(ProbeKind.COMMANDS, "@hôte", "console", False, detail="x", error=True)
    assert run("ran", {"command": INSPECT}, snap(), [error]).status is Status.ERROR


def test_ran_refuses_a_model_with_several_commands() -> None:
    spec = check("ran", {"command": INSPECT})
    assert spec.check.rules() == []  # type: ignore[attr-defined]
    from docker_lab.course.exercises import parse_check

    _, problems = parse_check({"kind": "ran", "command": "docker ps && docker network ls"})
    assert any("une seule commande simple" in p.format() for p in problems)


def test_host_probe_answers_from_the_command_source() -> None:
    request = check("ran", {"command": INSPECT}).check.probes(snap())[0]
    at = datetime.now(UTC)
    answered = host_probe(request, None, lambda: [CommandRecord(INSPECT, 0, at)])
    assert json.loads(answered.detail) == [{"command": INSPECT, "status": 0}]
    assert host_probe(request, None, None).error


def test_command_store_keeps_the_last_commands_and_reads_since(tmp_path: Path) -> None:
    store = CommandStore.beside(tmp_path / "progress.sqlite3")
    assert store.path == tmp_path / "commands.sqlite3"
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for n in range(KEEP + 5):
        store.add(CommandRecord(f"echo {n}", 0, start + timedelta(seconds=n), "x" * 10))
    everything = store.since(None)
    assert len(everything) == KEEP and everything[-1].command == f"echo {KEEP + 4}"
    later = store.since(start + timedelta(seconds=KEEP + 3))
    assert [r.command for r in later] == [f"echo {KEEP + 3}", f"echo {KEEP + 4}"]
    store.close()
    again = CommandStore.beside(tmp_path / "progress.sqlite3")
    assert len(again.since(None)) == KEEP, "kept on disk for docker-lab check"
    assert CommandStore.beside(Path(":memory:")).path == Path(":memory:")
    assert CommandStore.open(tmp_path / "absent" / "x.sqlite3").path == Path(":memory:")


def test_step_began_is_the_last_earlier_completion(tmp_path: Path) -> None:
    steps = tuple(Step(id=i, title=i, instructions="", checks=()) for i in ("a", "b", "c"))
    exercise = Exercise(id="ex", title="Ex", lesson="l", introduction="", steps=steps)
    progress = ProgressStore.open(tmp_path / "progress.sqlite3")
    assert step_began(progress, exercise, steps[0]) is None
    started = progress.start_exercise("ex")
    assert step_began(progress, exercise, steps[1]) == started
    done = started + timedelta(minutes=3)
    progress.complete_step("ex", "a", at=done)
    assert step_began(progress, exercise, steps[2]) == done
    log = CommandLog.beside(progress)
    log.record("avant", 0, at=done - timedelta(seconds=1))
    log.record("après", 0, at=done + timedelta(seconds=1))
    assert [r.command for r in log.for_step(progress, exercise, steps[2])] == ["après"]
    assert log.last is not None and log.last.command == "après"
