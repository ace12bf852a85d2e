"""The Compose exercises on the real engine, with Compose v1 and v2 both.

The replay (start state fails, each step's solution passes, reset leaves nothing) runs
once per Compose version, the solutions forced to use it. Then wrong states a student
really makes, played with Compose: each is named in the step's message.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from docker_lab.checks.composeinfo import PROJECT, WORKING_DIR
from docker_lab.checks.model import Status
from docker_lab.lab.sandbox import reset_exercise
from tests.engine.compose_support import (
    certificate,
    compose,
    expect,
    force,
    play,
    reference_file,
)
from tests.engine.exercise_support import (  # noqa: F401 (fixtures)
    course_images,
    home,
    lab,
    leftovers,
    sh,
)

pytestmark = pytest.mark.engine

COMPOSE_EXERCISES = ["stack-compose", "projet-final"]


@pytest.mark.parametrize("which", ["v1", "v2"])
@pytest.mark.parametrize("exercise_id", COMPOSE_EXERCISES)
def test_replay_with_each_compose_version(
    exercise_id: str, which: str, course_images: None, home: Path,  # noqa: F811
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    force(which, tmp_path / "compose", monkeypatch)
    with lab(exercise_id, home) as ex:
        for step in ex.exercise.steps:
            result = ex.step(step.id)
            assert result.status is Status.FAIL, (step.id, result)
            assert all(c.message and c.message != "échec" for c in result.checks)
        for step in ex.exercise.steps:
            result = ex.solve(step.id)
            assert result.status is Status.PASS, (step.id, [c.message for c in result.checks])
            ex.session.record(result)
        assert ex.session.current_step() is None
        snapshot = ex.gateway.snapshot()
        mine = [c.name for c in snapshot.containers.values()
                if c.labels.get(WORKING_DIR) == str(ex.workdir)]
        separator = "_" if which == "v1" else "-"
        assert mine and all(n.startswith(f"{exercise_id}{separator}") for n in mine), mine
        report = reset_exercise(ex.exercise, ex.gateway.client, ex.gateway.snapshot(),
                                ex.store.preexisting(exercise_id), started=True,
                                workdir=ex.workdir)
        assert report.errors == []
        assert leftovers(ex.exercise, ex.gateway) == {}
        after = ex.gateway.snapshot()
        assert not [n for n in after.networks.values() if n.labels.get(PROJECT) == exercise_id]
        assert not [v for v in after.volumes.values() if v.labels.get(PROJECT) == exercise_id]


def test_stack_compose_file_wrong_states(course_images: None, home: Path) -> None:  # noqa: F811
    with lab("stack-compose", home) as ex:
        good = reference_file(ex, "fichier")
        (ex.workdir / "autre").mkdir()
        (ex.workdir / "autre" / "docker-compose.yml").write_text(good)
        expect(ex, "fichier", "n'existe pas dans le dossier de l'exercice")
        target = ex.workdir / "docker-compose.yml"
        target.write_text(good.replace("  webapp:", "\twebapp:"))
        result = expect(ex, "fichier", "docker-compose.yml:", "YAML")
        assert "Traceback" not in result.checks[0].message
        target.write_text(good.replace("    internal: true", "    internal: false"))
        expect(ex, "fichier", "le réseau « data » n'est pas interne")
        target.write_text(good.replace("networks: [data]\n    environment:\n      - POSTGRES_DB",
                                       "networks: [data, backend]\n    environment:\n"
                                       "      - POSTGRES_DB"))
        expect(ex, "fichier", "le service « postgres » est sur data, backend au lieu de data")
        target.write_text(good)
        expect(ex, "fichier", status=Status.PASS)


def test_stack_compose_deployment_wrong_states(course_images: None, home: Path  # noqa: F811
                                               ) -> None:
    with lab("stack-compose", home) as ex:
        good, folder = reference_file(ex, "fichier"), ex.workdir
        other = folder.parent / "ailleurs"
        other.mkdir()
        play(other, good)
        try:
            expect(ex, "deploiement", "Aucun projet Compose", "lancé depuis")
        finally:
            compose(other, "down", "-v", "-t", "0", check=False)
        play(folder, good.replace("    internal: true  # pas d'accès externe", ""))
        expect(ex, "deploiement", "« data »", "n'est pas interne", "internal: true")
        play(folder, good.replace("networks: [data]\n    environment:\n      - POSTGRES_DB",
                                  "networks: [data, backend]\n    environment:\n"
                                  "      - POSTGRES_DB"))
        expect(ex, "deploiement", "« postgres » est aussi sur « backend »")
        without_redis = good.split("  redis:\n")[0] + "networks:" + good.split("\nnetworks:")[1]
        play(folder, without_redis.replace("depends_on: [postgres, redis]",
                                           "depends_on: [postgres]"))
        expect(ex, "deploiement", "« redis » n'existe pas")
        play(folder, good.replace("      - POSTGRES_PASSWORD=secret\n", ""))
        expect(ex, "deploiement", "Service « postgres »", "POSTGRES_PASSWORD")
        play(folder, good)
        expect(ex, "deploiement", status=Status.PASS)


def test_stack_compose_isolation_wrong_states(course_images: None, home: Path  # noqa: F811
                                              ) -> None:
    with lab("stack-compose", home) as ex:
        good, folder = reference_file(ex, "fichier"), ex.workdir
        play(folder, good.replace("    networks: [frontend]\n", "    networks: [frontend, data]\n"))
        expect(ex, "isolation", "atteint", "postgres")
        play(folder, good.replace("networks: [backend, data]", "networks: [backend]"))
        expect(ex, "isolation", "ne partagent aucun réseau")
        play(folder, good)
        compose(folder, "stop", "-t", "0", "redis")
        expect(ex, "isolation", "redis", "arrêté")
        compose(folder, "start", "redis")
        expect(ex, "isolation", status=Status.PASS)


def test_a_second_project_of_the_students_is_ignored_and_kept_by_reset(
    course_images: None, home: Path  # noqa: F811
) -> None:
    with lab("stack-compose", home) as ex:
        good = reference_file(ex, "fichier")
        perso = home / "perso"
        perso.mkdir()
        play(perso, good.replace('"8000:80"', '"8001:80"').replace(
            "networks: [data]\n    environment:\n      - POSTGRES_DB",
            "networks: [data, frontend]\n    environment:\n      - POSTGRES_DB"))
        try:
            assert ex.solve("fichier").status is Status.PASS
            assert ex.solve("deploiement").status is Status.PASS
            expect(ex, "isolation", status=Status.PASS)
            report = reset_exercise(ex.exercise, ex.gateway.client, ex.gateway.snapshot(),
                                    ex.store.preexisting("stack-compose"), started=True,
                                    workdir=ex.workdir)
            assert report.errors == []
            after = ex.gateway.snapshot()
            kept = [c for c in after.containers.values() if c.labels.get(PROJECT) == "perso"]
            assert len(kept) == 5 and all(c.running for c in kept)
            assert len([n for n in after.networks.values()
                        if n.labels.get(PROJECT) == "perso"]) == 3
            assert not [c for c in after.containers.values()
                        if c.labels.get(PROJECT) == "stack-compose"]
        finally:
            compose(perso, "down", "-v", "-t", "0", check=False)


DB_NETWORKS = "    networks: [data]\n    environment:"
CACHE_CHECK = ('    networks: [data]\n    healthcheck:\n      test: ["CMD", "redis-cli", "ping"]\n'
               "      interval: 2s\n      retries: 10\n")
API_CHECK = ('"wget -q -O /dev/null http://127.0.0.1:8080/health || exit 1"]\n'
             "      interval: 2s\n      retries: 10")
ALIAS = "      data:\n        aliases: [base.boutique.local]"


def test_projet_final_architecture_and_healthcheck_wrong_states(
    course_images: None, home: Path  # noqa: F811
) -> None:
    with lab("projet-final", home) as ex:
        plain, checked = reference_file(ex, "architecture"), reference_file(ex, "healthchecks")
        folder = ex.workdir
        play(folder, plain.replace(DB_NETWORKS, "    networks: [data, backend]\n    environment:"))
        expect(ex, "architecture", "« db » est aussi sur « backend »")
        play(folder, plain.replace("  backend: {internal: true}", "  backend: {}"))
        expect(ex, "architecture", "« backend »", "n'est pas interne")
        play(folder, plain.replace("networks: [frontend, backend, data]",
                                   "networks: [frontend, backend]"))
        expect(ex, "architecture", "« monitoring » doit voir tous les réseaux", "« data »")
        play(folder, checked.replace(CACHE_CHECK, "    networks: [data]\n"))
        expect(ex, "healthchecks", "« cache » n'a pas de healthcheck", "healthcheck:")
        play(folder, checked.replace(API_CHECK, '"exit 1"]\n      interval: 1s\n      retries: 1'),
             fresh=False)
        expect(ex, "healthchecks", "healthcheck du service « api » échoue", "code 1")
        play(folder, checked.replace(API_CHECK, API_CHECK.replace("interval: 2s",
                                                                  "interval: 120s")), fresh=False)
        expect(ex, "healthchecks", "« api »", "pas encore conclu", status=Status.PENDING)


def test_projet_final_dns_and_tls_wrong_states(course_images: None, home: Path  # noqa: F811
                                               ) -> None:
    with lab("projet-final", home) as ex:
        checked, aliased = reference_file(ex, "healthchecks"), reference_file(ex, "dns")
        final, folder = reference_file(ex, "tls"), ex.workdir
        play(folder, checked)
        expect(ex, "dns", "n'a pas l'alias « base.boutique.local »")
        play(folder, aliased.replace("aliases: [base.boutique.local]",
                                     "aliases: [base.boutique.locale]"), fresh=False)
        expect(ex, "dns", "n'a pas l'alias « base.boutique.local »", "ne se résout pas")
        play(folder, aliased, fresh=False)
        expect(ex, "dns", status=Status.PASS)
        compose(folder, "stop", "-t", "0", "db")
        expect(ex, "dns", "« db »", "arrêté")
        compose(folder, "start", "db")
        expect(ex, "tls", "certificat par défaut", "localhost")
        certificate(ex, "boutique.com")
        play(folder, final, fresh=False)
        expect(ex, "tls", "n'est pas fait pour boutique.local", "boutique.com")
        play(folder, final.replace('"8880:80", "8443:443"', '"8880:80"'), fresh=False)
        expect(ex, "tls", "n'est pas publié")
        certificate(ex, "boutique.local")
        play(folder, final, fresh=False)
        compose(folder, "restart", "-t", "0", "lb")
        expect(ex, "tls", status=Status.PASS)


def test_projet_final_isolation_wrong_states(course_images: None, home: Path  # noqa: F811
                                             ) -> None:
    with lab("projet-final", home) as ex:
        final, folder = reference_file(ex, "tls"), ex.workdir
        certificate(ex, "boutique.local")
        play(folder, final.replace("networks: [frontend, backend]\n",
                                   "networks: [frontend, backend, data]\n"))
        expect(ex, "isolation", "atteint", "-db-1")
        play(folder, final.replace("networks: [backend, data]", "networks: [backend]"),
             fresh=False)
        expect(ex, "isolation", "ne partagent aucun réseau")
        play(folder, final.replace(ALIAS, "      data: {}"), fresh=False)
        expect(ex, "isolation", "ne porte le nom ou l'alias « base.boutique.local »",
               "donnez au service « db » l'alias « base.boutique.local »")
        play(folder, final, fresh=False)
        expect(ex, "isolation", status=Status.PASS)
