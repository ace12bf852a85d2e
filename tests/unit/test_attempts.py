"""A step not attempted is neutral: goals, then the diagnosis, then the suggestion (pure)."""

from __future__ import annotations

from docker_lab.checks.model import CheckResult, Status, StepResult
from docker_lab.course.models import Step
from docker_lab.lab.attempts import AttemptTracker, Feedback
from docker_lab.lab.goals import goal, step_goals
from docker_lab.lab.regressions import mark_regressed
from tests.unit.checks_support import check, net, run, snap


def verdict(*checks: CheckResult, step: str = "creer") -> StepResult:
    worst = Status.PASS if all(c.status is Status.PASS for c in checks) else Status.FAIL
    return StepResult(step, "Créer", worst, checks)


def missing() -> CheckResult:
    return run("network", {"name": "app-net"}, snap())


def test_the_fix_is_kept_apart_and_the_message_unchanged() -> None:
    result = missing()
    assert result.message == ("Le réseau « app-net » n'existe pas. "
                              "Essayez : docker network create app-net")
    assert result.fix == "docker network create app-net"
    assert result.diagnosis == "Le réseau « app-net » n'existe pas."
    assert "Essayez" not in mark_regressed(result).diagnosis
    assert result.to_json()["message"] == result.message  # docker-lab check: as today


def test_overlapping_subnet_keeps_its_fix_apart() -> None:
    taken = net("ancien", subnet="172.28.0.0/16")
    result = run("network", {"name": "app-net", "subnet": "172.28.5.0/24"}, snap(taken))
    assert "chevauche" in result.diagnosis and "Essayez" not in result.diagnosis
    assert result.fix.startswith("docker network rm ancien, puis docker network create")
    assert result.message.endswith("Essayez : " + result.fix)


def test_untouched_step_shows_goals_until_a_verdict_changes() -> None:
    tracker = AttemptTracker()
    assert tracker.observe(verdict(missing())) is Feedback.GOALS
    assert tracker.observe(verdict(missing())) is Feedback.GOALS  # same state: still neutral
    typo = run("network", {"name": "app-net"}, snap(net("app-nett")))
    assert typo.actual != missing().actual
    assert tracker.observe(verdict(typo)) is Feedback.FULL
    assert tracker.observe(verdict(missing())) is Feedback.FULL  # attempted stays attempted


def test_asking_gives_the_diagnosis_without_the_command() -> None:
    tracker = AttemptTracker()
    tracker.observe(verdict(missing()))
    tracker.asked("creer")
    assert tracker.observe(verdict(missing())) is Feedback.DIAGNOSIS
    tracker.asked("autre")
    assert tracker.observe(verdict(missing(), step="autre")) is Feedback.DIAGNOSIS


def test_each_step_has_its_own_baseline_and_reset_forgets() -> None:
    tracker = AttemptTracker()
    tracker.observe(verdict(missing(), step="un"))
    tracker.tried("un")
    assert tracker.observe(verdict(missing(), step="un")) is Feedback.FULL
    assert tracker.observe(verdict(missing(), step="deux")) is Feedback.GOALS
    tracker.forget()
    assert tracker.observe(verdict(missing(), step="un")) is Feedback.GOALS


def test_a_check_broken_again_counts_as_attempted() -> None:
    tracker = AttemptTracker()
    assert tracker.observe(verdict(mark_regressed(missing()))) is Feedback.FULL


def test_an_answer_waiting_is_not_a_change() -> None:
    pending = CheckResult("answer", Status.PENDING, "En attente de votre réponse")
    tracker = AttemptTracker()
    tracker.observe(verdict(pending))
    wrong = CheckResult("answer", Status.FAIL, "« 41 » n'est pas la valeur", actual="41")
    assert tracker.observe(verdict(wrong)) is Feedback.GOALS  # the answer is reported apart
    tracker.tried("creer")
    assert tracker.observe(verdict(wrong)) is Feedback.FULL


def test_goals_name_what_to_reach_never_a_command() -> None:
    assert goal(check("network", {"name": "app-net", "subnet": "172.28.0.0/16"})) == (
        "Le réseau « app-net » existe (sous-réseau 172.28.0.0/16)")
    assert goal(check("container", {"name": "web", "image": "nginx:alpine",
                                    "networks": ["front"]})) == (
        "Le container « web » tourne (image nginx:alpine, sur « front »)")
    assert goal(check("isolated", {"from": "web", "to": "db", "port": 5432})) == (
        "« web » ne peut pas joindre « db » (port 5432)")
    step = Step("s", "t", "i", (check("attached", {"container": "web", "network": "front"}),
                                check("published", {"container": "web", "port": 80})))
    goals = step_goals(step)
    assert goals == ("« web » est connecté au réseau « front »",
                     "Le port 80 de « web » répond depuis l'hôte")
    assert not any("docker " in g for g in goals)
    ran = goal(check("ran", {"command": "docker exec backend nslookup database"}))
    assert ran.startswith("L'étape se vérifie en lançant la commande vous-même")
    assert "nslookup" not in ran


def test_misconceptions_are_named_only_once_the_step_is_attempted() -> None:
    from docker_lab.course.models import Exercise
    from docker_lab.lab.link import misconceptions_for
    from tests.unit.checks_support import ctr

    step = Step("s", "t", "i", (check("resolves", {"from": "api", "name": "db"}),))
    exercise = Exercise("e", "E", "l", "", (step,))
    state = snap(ctr("api"), ctr("db", networks={"bridge": "172.17.0.3"}))
    failing = StepResult("s", "t", Status.FAIL, ())
    assert misconceptions_for(exercise, failing, state, Feedback.GOALS) == ()
    found = misconceptions_for(exercise, failing, state, Feedback.FULL)
    assert [d.id for d in found] == ["dns-bridge-defaut"]
    assert "DNS interne n'existe pas sur le bridge par défaut" in found[0].text()


def test_a_docker_command_is_an_attempt_other_commands_are_not() -> None:
    from docker_lab.lab.attempts import is_attempt

    assert is_attempt("docker network create mon-app-network")
    assert is_attempt("sudo docker rm -f web && ls")
    assert is_attempt("docker network connect app-net web")
    assert not is_attempt("docker ps -a")
    assert not is_attempt("docker network ls && docker network inspect bridge")
    assert not is_attempt("docker compose logs api")
    assert is_attempt("cd /tmp; docker-compose up -d")
    assert not is_attempt("ls -l")
    assert not is_attempt("echo docker")


def test_any_command_is_an_attempt_at_a_step_that_waits_for_a_command() -> None:
    from docker_lab.lab.attempts import attempts_step

    diagnose = Step("resolution", "Résolution", "", checks=(
        check("ran", {"command": "docker exec backend nslookup database"}),))
    create = Step("creer", "Créer", "", checks=(check("network", {"name": "app-net"}),))
    assert attempts_step("docker exec backend ping database", diagnose), "looking is the work"
    assert attempts_step("nslookup database", diagnose)
    assert not attempts_step("docker exec backend ping database", create)
    assert attempts_step("docker network create app-net", create)
    assert not attempts_step("  ", diagnose)
