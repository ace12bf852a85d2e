"""Wrong states students really produce in securite-isolation, diagnostic and conflit-de-ports,
made with plain docker commands on the real engine: each fails, named in its message.
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
    skip_unless_port_free_for_docker,
)

pytestmark = pytest.mark.engine
FAIL, PASS = Status.FAIL, Status.PASS
messages = failing_messages


def test_securite_isolation_networks(home: Path, course_images: None) -> None:  # noqa: F811
    with lab("securite-isolation", home) as ex:
        # secure-backend without --internal, then coffre on it: its way out is named
        sh("docker network create secure-backend")
        assert "« secure-backend » n'est pas interne (--internal)" in messages(
            ex, "reseau-interne")
        sh("docker run -d --name coffre --network secure-backend alpine sleep 300")
        text = messages(ex, "sans-sortie")
        assert "peut sortir par le réseau « secure-backend »" in text
        assert "docker network create --internal secure-backend" in text
        sh("docker rm -fv coffre && docker network rm secure-backend")
        # -o internal is a driver option, not the flag
        sh("docker network create -o internal secure-backend")
        assert "n'est pas interne" in messages(ex, "reseau-interne")
        sh("docker network rm secure-backend && docker network create --internal secure-backnd")
        assert "(« secure-backnd » existe : faute de frappe ?)" in messages(ex, "reseau-interne")
        sh("docker network rm secure-backnd && docker network create --internal secure-backend")
        assert ex.step("reseau-interne").status is PASS
        # coffre started without --network, then connected: still on bridge
        sh("docker run -d --name coffre alpine sleep 300 && "
           "docker network connect secure-backend coffre")
        text = messages(ex, "sans-sortie")
        assert "peut sortir par le réseau « bridge »" in text
        assert "docker network disconnect bridge coffre" in text
        # coffre without a command that lasts: alpine's shell exits at once
        sh("docker rm -fv coffre && docker run -d --name coffre --network secure-backend alpine")
        ex.wait("sans-sortie", FAIL)
        assert "arrêté (code de sortie 0)" in messages(ex, "sans-sortie")
        # coffre on the host's network
        sh("docker rm -fv coffre && docker run -d --name coffre --network host alpine sleep 300")
        assert "utilise le réseau de l'hôte (mode host)" in messages(ex, "sans-sortie")


def test_securite_isolation_subnet(home: Path, course_images: None) -> None:  # noqa: F811
    with lab("securite-isolation", home) as ex:
        sh("docker network create --subnet=10.0.1.0/24 --gateway=10.0.1.254 isolated-network")
        assert "passerelle 10.0.1.254 au lieu de 10.0.1.1" in messages(ex, "sous-reseau")
        sh("docker network rm isolated-network && "
           "docker network create --subnet=10.0.0.0/16 --gateway=10.0.1.1 isolated-network")
        assert "10.0.0.0/16 au lieu de 10.0.1.0/24" in messages(ex, "sous-reseau")
        sh(f"docker network rm isolated-network && docker network create {TL} "
           "--subnet=10.0.1.0/25 dlt-h8-occupe")
        try:
            refused = sh("docker network create --subnet=10.0.1.0/24 --gateway=10.0.1.1 "
                         "isolated-network", check=False)
            assert refused.returncode != 0 and "overlap" in refused.stderr
            assert "chevauche celui du réseau « dlt-h8-occupe »" in messages(ex, "sous-reseau")
        finally:
            sh("docker network rm dlt-h8-occupe")


def test_securite_isolation_worker(home: Path, course_images: None) -> None:  # noqa: F811
    with lab("securite-isolation", home) as ex:
        sh("docker run -d --name isolated-worker mon-worker:latest")
        text = messages(ex, "worker-isole")
        assert "mode réseau « bridge »" in text and "au lieu de « none »" in text
        assert "avez-vous compté lo" in messages(ex, "preuve", "1")  # lo and eth0 here
        sh("docker network disconnect bridge isolated-worker")
        assert "Le déconnecter de ses réseaux ne suffit pas" in messages(ex, "worker-isole")
        sh("docker rm -fv isolated-worker && "
           "docker run -d --name isolated-worker --network none alpine sleep 300")
        assert "l'image « alpine » au lieu de « mon-worker:latest »" in messages(
            ex, "worker-isole")
        sh("docker rm -fv isolated-worker && "
           "docker run -d --name isolated-worker --network none mon-worker:latest")
        assert ex.step("worker-isole").status is PASS
        assert "aucune interface eth0" in messages(ex, "preuve", "2")
        assert "l'interface de bouclage lo" in messages(ex, "preuve", "0")
        assert "répondez par un nombre" in messages(ex, "preuve", "lo")
        assert ex.step("preuve", "1").status is PASS
        sh("docker stop -t 1 isolated-worker")
        assert "arrêté" in messages(ex, "worker-isole")


def test_diagnostic_wrong_states(home: Path, course_images: None) -> None:  # noqa: F811
    with lab("diagnostic", home) as ex:
        assert "« shop-db » n'est pas connecté à « shop-front »" in messages(
            ex, "constat", "shop-front")
        assert "n'est pas connecté à « bridge »" in messages(ex, "constat", "bridge")
        assert "aucun réseau ne s'appelle « shop_data »" in messages(ex, "constat", "shop_data")
        # the tools container on its own network stack, or exited, or in the wrong namespace
        sh("docker run -d --name debug --network shop-front docker-lab/diagnostic:latest "
           "sleep 300")
        text = messages(ex, "outil")
        assert "a sa propre pile réseau (connecté à « shop-front »)" in text
        assert "--network container:shop-api" in text
        sh("docker rm -fv debug && "
           "docker run -d --name debug --network container:shop-api docker-lab/diagnostic")
        ex.wait("outil", FAIL)
        text = messages(ex, "outil")
        assert "arrêté (code de sortie 0)" in text and "sleep 3600" in text
        sh("docker rm -fv debug && docker run -d --name debug --network container:shop-db "
           "docker-lab/diagnostic:latest sleep 300")
        assert "partage la pile réseau de « shop-db » au lieu de partager celle de « shop-api »" \
            in messages(ex, "outil")
        # the database exposed on the front network instead of the API joining the data one
        sh("docker network connect shop-front shop-db")
        ex.wait("reparation", FAIL)
        text = messages(ex, "reparation")
        assert "« shop-db » est aussi connecté à « shop-front »" in text
        # both on the default bridge: no DNS by name there
        sh("docker network disconnect shop-front shop-db && "
           "docker network connect bridge shop-db && docker network connect bridge shop-api")
        text = messages(ex, "reparation")
        assert "le nom « shop-db » ne se résout pas" in text
        assert "aussi connecté à « bridge »" in text
        sh("docker network disconnect bridge shop-db && docker network disconnect bridge shop-api"
           " && docker network connect shop-data shop-api && docker stop -t 1 shop-db")
        assert "« shop-db » est arrêté" in messages(ex, "reparation")
        sh("docker start shop-db")
        ex.wait("reparation", PASS)
        assert "valeur par défaut" in messages(ex, "mtu", "1500")
        assert "MTU de lo" in messages(ex, "mtu", "65536")
        assert "n'est pas la MTU" in messages(ex, "mtu", "9000")
        assert ex.step("mtu", "1450 octets").status is PASS


def test_diagnostic_mtu_of_a_recreated_api(home: Path, course_images: None) -> None:  # noqa: F811
    """Read from the network's option, 1450 is wrong once eth0 is on shop-data."""
    with lab("diagnostic", home) as ex:
        sh("docker rm -fv shop-api && docker run -d --name shop-api --network shop-data "
           "mon-api:latest && docker network connect shop-front shop-api")
        text = messages(ex, "mtu", "1450")
        assert "c'est l'option MTU du réseau « shop-front »" in text
        assert ex.step("mtu", "1500").status is PASS


def test_conflit_de_ports_wrong_states(home: Path, course_images: None) -> None:  # noqa: F811
    skip_unless_port_free_for_docker(8080, 8081)
    with lab("conflit-de-ports", home) as ex:
        assert "c'est l'image du container" in messages(ex, "diagnostic", "nginx:alpine")
        assert "aucun container ne s'appelle « 8080 »" in messages(ex, "diagnostic", "8080")
        # the deck's first attempt: same port, refused, mon-app left created
        refused = sh("docker run -d --name mon-app -p 8080:80 nginx:alpine", check=False)
        assert refused.returncode != 0 and "already allocated" in refused.stderr
        assert "« mon-app » demande ce port mais il est arrêté" in messages(
            ex, "diagnostic", "mon-app")
        text = messages(ex, "contournement")
        assert "port 8080 de l'hôte, déjà pris par le container « occupant »" in text
        assert "docker start" not in text
        # host and container ports swapped (host port 80 may be busy: refused, then named)
        sh("docker rm -fv mon-app && docker run -d --name mon-app -p 80:8081 nginx:alpine",
           check=False)
        assert "Les ports sont inversés : -p 80:8081" in messages(ex, "contournement")
        sh("docker rm -fv mon-app && docker run -d --name mon-app -p 8081:80 nginx:alpine")
        ex.wait("contournement", PASS)
        sh("docker stop -t 1 mon-app")
        assert "« mon-app » est arrêté" in messages(ex, "contournement")


def test_conflit_de_ports_network(home: Path, course_images: None) -> None:  # noqa: F811
    skip_unless_port_free_for_docker(8080, 8081)
    with lab("conflit-de-ports", home) as ex:
        # the deck's command: a bridge name and masquerade, no MTU
        sh("docker network create --opt com.docker.network.bridge.name=docker1 "
           "--opt com.docker.network.bridge.enable_ip_masquerade=true optimized-network")
        assert "n'a pas l'option « com.docker.network.driver.mtu »" in messages(
            ex, "reseau-optimise")
        sh("docker network rm optimized-network && docker network create "
           "-o com.docker.network.bridge.name=docker1 -o mtu=1450 optimized-network")
        assert "n'a pas l'option « com.docker.network.driver.mtu »" in messages(
            ex, "reseau-optimise")
        sh("docker network rm optimized-network && docker network create "
           "-o com.docker.network.bridge.name=docker1 -o com.docker.network.driver.mtu=1500 "
           "optimized-network")
        assert "vaut « 1500 » au lieu de « 1450 »" in messages(ex, "reseau-optimise")
        sh("docker network rm optimized-network && docker network create "
           "-o com.docker.network.bridge.name=br-optim -o com.docker.network.driver.mtu=1450 "
           "optimized-network")
        assert "vaut « br-optim » au lieu de « docker1 »" in messages(ex, "reseau-optimise")
