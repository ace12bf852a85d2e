"""Known-wrong states that students really produce, made with plain docker commands.

Each must fail with a message naming the wrong value found.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from docker_lab.checks.model import Status
from tests.engine.exercise_support import (  # noqa: F401 (fixtures)
    TL,
    course_images,
    failing_messages,
    home,
    lab,
    sh,
)

pytestmark = pytest.mark.engine
FAIL = Status.FAIL
messages = failing_messages


def test_types_de_reseaux_wrong_states(home: Path, course_images: None) -> None:  # noqa: F811
    with lab("types-de-reseaux", home) as ex:
        assert "« 10.1.0.0/16 » n'est pas le sous-réseau" in messages(
            ex, "sous-reseau-bridge", "10.1.0.0/16")
        sh(f"docker network create {TL} --subnet 10.77.0.0/24 dlt-h5-autre")
        try:
            assert "c'est celui du réseau « dlt-h5-autre »" in messages(
                ex, "sous-reseau-bridge", "10.77.0.0/24")
        finally:
            sh("docker network rm dlt-h5-autre")
        # isole launched without --network none, and without a long-running command
        sh(f"docker network create {TL} dlt-h5-isole && "
           "docker run -d --name isole --network dlt-h5-isole alpine sleep 60")
        try:
            text = messages(ex, "none")
            assert "mode réseau « dlt-h5-isole »" in text and "au lieu de « none »" in text
        finally:
            sh("docker rm -fv isole; docker network rm dlt-h5-isole", check=False)
        sh("docker run -d --name isole --network none alpine")  # exits at once
        ex.wait("none", FAIL)
        assert "arrêté (code de sortie 0)" in messages(ex, "none")
        # web-host in bridge-like mode on a custom network
        sh(f"docker network create {TL} dlt-h5-web && "
           "docker run -d --name web-host --network dlt-h5-web alpine sleep 60")
        try:
            assert "au lieu de « host »" in messages(ex, "host")
        finally:
            sh("docker rm -fv web-host; docker network rm dlt-h5-web", check=False)
        # macvlan forgotten: a bridge network with the right subnet
        sh("docker network create --subnet=192.168.1.0/24 --gateway=192.168.1.1 macvlan-network")
        text = messages(ex, "macvlan")
        assert "pilote « bridge » au lieu de « macvlan »" in text
        assert "n'a pas l'option « parent »" in text


def test_gestion_des_reseaux_wrong_states(home: Path, course_images: None) -> None:  # noqa: F811
    with lab("gestion-des-reseaux", home) as ex:
        sh("docker network create --subnet=172.21.0.0/16 --gateway=172.21.0.1 mon-reseau-avance")
        text = messages(ex, "creer-avance")
        assert "172.21.0.0/16 au lieu de 172.20.0.0/16" in text
        assert "n'a pas de plage d'adresses (--ip-range) : attendu 172.20.240.0/20" in text
        sh(f"docker network create {TL} dlt-h5-autre && docker network create mon-app-network && "
           "docker run -d --name web-server --network dlt-h5-autre nginx:alpine")
        try:
            text = messages(ex, "lancer-connecte")
            assert "connecté à « dlt-h5-autre » mais pas à « mon-app-network »" in text
            sh("docker rm -fv web-server && "
               "docker run -d --name web-server --network mon-app-network nginx")
            assert "l'image « nginx » au lieu de « nginx:alpine »" in messages(
                ex, "lancer-connecte")
        finally:
            sh("docker rm -fv web-server; docker network rm dlt-h5-autre", check=False)
        # started directly on mon-app-network: no start network of its own to keep
        sh("docker run -d --name mon-container --network mon-app-network alpine sleep 60")
        assert "a été lancé directement sur « mon-app-network »" in messages(ex, "connecter")
        assert "encore connecté à « mon-app-network »" in messages(ex, "deconnecter")


def test_dns_interne_wrong_states(home: Path, course_images: None) -> None:  # noqa: F811
    with lab("dns-interne", home) as ex:
        sh("docker network create app-network && "
           "docker run -d --name database --network app-network postgres:13")
        ex.wait("base-de-donnees", FAIL)
        text = messages(ex, "base-de-donnees")
        assert "arrêté (code de sortie 1)" in text
        assert "You must specify POSTGRES_PASSWORD" in text  # the log line itself
        assert "-e POSTGRES_PASSWORD=VALEUR" in text
        sh("docker rm -fv database && docker run -d --name database --network app-network "
           "-e POSTGRES_PASWROD=x postgres:13")
        ex.wait("base-de-donnees", FAIL)
        assert "vous avez défini « POSTGRES_PASWROD » (faute de frappe ?)" in messages(
            ex, "base-de-donnees")
        sh(f"docker rm -fv database && docker network create {TL} dlt-h5-front && "
           "docker run -d --name database --network app-network -e POSTGRES_PASSWORD=x "
           "postgres:13 && docker network connect dlt-h5-front database && "
           "docker run -d --name backend --network dlt-h5-front mon-api:latest")
        try:
            assert "connecté à « dlt-h5-front » mais pas à « app-network »" in messages(
                ex, "backend")
            front_ip = sh("docker inspect -f "
                          "'{{(index .NetworkSettings.Networks \"dlt-h5-front\").IPAddress}}' "
                          "database").stdout.strip()
            text = messages(ex, "adresse-ip", front_ip)
            assert f"« {front_ip} »" in text
            assert "sur « dlt-h5-front », pas sur « app-network »" in text
            sh("docker network disconnect dlt-h5-front database")
            text = messages(ex, "resolution")
            assert "ne partagent aucun réseau" in text and "dlt-h5-front" in text
        finally:
            sh("docker rm -fv backend; docker network rm dlt-h5-front", check=False)


def test_multi_tiers_wrong_states(home: Path, course_images: None) -> None:  # noqa: F811
    with lab("multi-tiers", home) as ex:
        for step in ("reseaux", "web", "api"):
            assert ex.solve(step).status is Status.PASS
        sh("docker run -d --name nginx-lb --network frontend-net -p 18080:80 nginx:alpine && "
           "docker network connect data-net nginx-lb")
        text = messages(ex, "load-balancer")
        assert "Le port 443/tcp" in text and "80/tcp → 0.0.0.0:18080" in text
        assert "aussi connecté à « data-net »" in text
        sh("docker run -d --name postgres-db --network data-net -e POSTGRES_DB=shop "
           "-e POSTGRES_USER=app -e POSTGRES_PASSWORD=x postgres:13 && "
           "docker run -d --name redis-cache --network data-net redis:alpine")
        text = messages(ex, "donnees")
        assert "POSTGRES_DB de « postgres-db » vaut « shop » au lieu de « ecommerce »" in text
        assert "volume anonyme" in text
        assert "Le volume « redis-data » n'est pas monté sur /data" in text
        isolated = ex.step("isolation").checks[0]  # even before postgres listens
        assert isolated.kind == "isolated" and isolated.status is FAIL
        assert "« nginx-lb » atteint « postgres-db »" in isolated.message
        assert "via le réseau commun « data-net »" in isolated.message
        sh("docker rm -fv nginx-lb && docker run -d --name nginx-lb --network frontend-net "
           "-p 127.0.0.1:18080:80 -p 127.0.0.1:18443:443 nginx:alpine")
        assert "n'est publié que sur 127.0.0.1" in messages(ex, "load-balancer")
        sh("docker network disconnect data-net api-1")
        text = messages(ex, "isolation")
        assert "« api-1 » et « postgres-db » ne partagent aucun réseau" in text
