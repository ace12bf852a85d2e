"""A container that has just started is not judged yet (pure parts of lab/settle.py)."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime

from docker_lab.course.models import Step
from docker_lab.lab.settle import SETTLE, settling, settling_text
from tests.unit.checks_support import check, ctr, snap

NOW = time.time()


def started(seconds_ago: float) -> str:
    return datetime.fromtimestamp(NOW - seconds_ago, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f000Z")


def test_a_container_started_just_now_is_settling_until_it_has_run_a_while() -> None:
    step = Step("db", "Base", "…", (check("container", {"name": "database"}),))
    young = snap(replace(ctr("database"), started_at=started(0.5)))
    found = settling(step, young, now=NOW)
    assert found.names == ("database",) and abs(found.seconds - (SETTLE - 0.5)) < 0.05
    assert settling(step, snap(replace(ctr("database"), started_at=started(5))), now=NOW) == (
        (), 0.0)
    stopped = replace(ctr("database", status="exited"), started_at=started(0.5))
    assert settling(step, snap(stopped), now=NOW).names == (), "a stopped one is judged now"
    assert settling(step, snap(ctr("database")), now=NOW).names == (), "unknown start: judged"


def test_only_containers_the_step_wants_running() -> None:
    wants_stopped = Step("s", "Arrêt", "…", (check("container", {"name": "web",
                                                                   "state": "stopped"}),))
    other = Step("n", "Réseau", "…", (check("network", {"name": "app-net"}),))
    young = snap(replace(ctr("web"), started_at=started(0.2)))
    assert settling(wants_stopped, young, now=NOW).names == ()
    assert settling(other, young, now=NOW).names == ()


def test_the_note_says_who_and_how_long_in_french() -> None:
    assert settling_text(("database",), 1.6) == (
        "⏳ « database » vient de démarrer : l'étape sera validée s'il tourne encore dans 2 s "
        "(un container qui s'arrête aussitôt ne compte pas).")
    assert "« a », « b » viennent de démarrer" in settling_text(("a", "b"), 0.1)
    assert "s'ils tournent encore dans 1 s" in settling_text(("a", "b"), 0.1)


def test_a_pass_seen_while_settling_is_forgotten_not_broken_again() -> None:
    from docker_lab.checks.model import CheckResult, Status, StepResult
    from docker_lab.lab.regressions import RegressionTracker

    step = Step("db", "Base", "…", (check("container", {"name": "database"}),))
    tracker = RegressionTracker()

    def verdict(status: Status) -> StepResult:
        return StepResult("db", "Base", status, (CheckResult("container", status, "…"),))

    tracker.mark(step, verdict(Status.PASS), False)
    tracker.unsettled(step)  # it had just started: that pass does not count
    assert not tracker.mark(step, verdict(Status.FAIL), False).checks[0].regressed
    tracker.mark(step, verdict(Status.PASS), False)  # a pass that counts
    assert tracker.mark(step, verdict(Status.FAIL), False).checks[0].regressed


def test_postgres_without_its_password_is_named_in_a_compose_project() -> None:
    from docker_lab.lab.misconceptions_state import detect_all

    services = {"postgres": {"networks": ["data"]}}
    step = Step("up", "Lancer", "…", (check("compose", {"services": services}),))
    db = replace(ctr("stack_postgres_1", image="postgres:13", status="exited", exit_code=1,
                     log_tail=("Error: Database is uninitialized and superuser password is "
                               "not specified.", "You must specify POSTGRES_PASSWORD to a "
                               "non-empty value")),
                 compose_project="stack", compose_service="postgres")
    assert [d.id for d in detect_all(snap(db), None, step)] == ["postgres-sans-mot-de-passe"]
