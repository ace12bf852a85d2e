"""Wrong states of ``dns-interne`` and ``multi-tiers``, played on the real engine (issue 11.5).

Every step has at least three realistic wrong states, made with plain docker commands as
students type them; each failing message must name what is wrong (the value found, in
French). A ``ran`` step is played by running the command in bash and logging it as the
console does. No probe nor typed command leaves the machine: a name is only looked up
from a container that shares a network with its owner (Docker's DNS answers it), or the
command fails at the daemon before any lookup.

Wrong states per step, all files together (W = test_exercises_wrong.py, here = this file):

dns-interne
  base-de-donnees  W: no POSTGRES_PASSWORD (exited, its log line, ``-e POSTGRES_PASSWORD``);
                   W: ``POSTGRES_PASWROD`` typo; here: ``--name databse`` typo; here: started
                   without ``--network`` (on ``bridge`` only).
  backend          W: on another network; here: ``--network`` written after the image (created,
                   code 127, the option taken for the command); here: ``--name backnd`` typo;
                   here: the web app's image.
  resolution       W: no common network (backend elsewhere); here: database on ``bridge`` only;
                   here: ``docker exec backnd nslookup database`` typed (the typo named); here:
                   backend stopped, so the typed nslookup failed (its code named); here:
                   database stopped.
  connectivite     here: ``nc … 5433`` typed (« 5433 » au lieu de « 5432 »); here: ``nc``
                   without the port; here: database on ``bridge`` only (no common network);
                   here: database exited for lack of POSTGRES_PASSWORD.
  adresse-ip       W: its address on another network; here: with its ``/16`` prefix; here:
                   backend's address; here: the network's gateway; here: database not
                   connected to app-network; here: database stopped.

multi-tiers
  load-balancer    W: 443 not published and also on data-net; W: published on 127.0.0.1 only;
                   here: image ``nginx`` and no port published; here: started without
                   ``--network`` (on ``bridge``).
  donnees          W: POSTGRES_DB wrong, anonymous volume, redis-data missing; here:
                   postgres-data mounted on the wrong path; here: a bind mount instead of the
                   redis-data volume; here: no POSTGRES_PASSWORD (exited; POSTGRES_USER is not
                   called a typo); here: redis-cache also on backend-net.
  monitoring       here: on monitoring-net only; here: ``-p 9090:19090`` (ports reversed);
                   here: no port published; here: created, never started, without ``--network``.
  isolation        W: nginx-lb also on data-net; W: api-1 off data-net; here: postgres-db also
                   on frontend-net and the typed ping answered (the fix takes postgres-db off,
                   not nginx-lb); here: web-1 off backend-net; here: redis-cache stopped.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.engine.exercise_support import (  # noqa: F401 (fixtures)
    Lab,
    course_images,
    failing_messages,
    home,
    lab,
    said,
    sh,
)

pytestmark = pytest.mark.engine
#: The networks prometheus joins after monitoring-net.
TIERS = ("frontend-net", "backend-net", "data-net")


def typed(ex: Lab, command: str) -> int:
    """Run *command* with bash as the student would, and log it as the console does."""
    done = sh(command, check=False)
    ex.session.commands.record(command, done.returncode, done.stdout + done.stderr,
                               ex.exercise.id)
    return done.returncode


def address(container: str, network: str) -> str:
    """*container*'s IP address on *network*, read as the hints say."""
    template = f"'{{{{(index .NetworkSettings.Networks \"{network}\").IPAddress}}}}'"
    return sh(f"docker inspect -f {template} {container}").stdout.strip()


def test_dns_interne_later_wrong_states(home: Path, course_images: None) -> None:  # noqa: F811
    with lab("dns-interne", home) as ex:
        sh("docker network create app-network && docker run -d --name databse "
           "--network app-network -e POSTGRES_PASSWORD=x postgres:13")
        said(ex, "base-de-donnees", "« database » n'existe pas",
             "« databse » existe : faute de frappe", "docker rename databse database")
        sh("docker rm -fv databse && "
           "docker run -d --name database -e POSTGRES_PASSWORD=x postgres:13")
        said(ex, "base-de-donnees", "« database » est connecté à « bridge » mais pas à "
             "« app-network »")

        # backend: the network option after the image (taken for the command), a name typo,
        # the web app's image
        for command, fragments in (
            ("docker run -d --name backend mon-api:latest --network app-network",
             ("« backend » a été créé mais n'a pas pu démarrer (code 127)",
              "se placent avant l'image", "docker rm -f backend")),
            ("docker run -d --name backnd --network app-network mon-api:latest",
             ("« backnd » existe : faute de frappe",)),
            ("docker run -d --name backend --network app-network mon-webapp:latest",
             ("l'image « mon-webapp:latest » au lieu de « mon-api:latest »",)),
        ):
            sh(command, check=False)
            said(ex, "backend", *fragments)
            sh("docker rm -fv backend backnd", check=False)
        sh("docker run -d --name backend --network app-network mon-api:latest")

        # resolution: database still on bridge only; then a typo in the typed command
        said(ex, "resolution", "« database » n'est pas connecté à « app-network » "
             "(connecté à « bridge »)")
        sh("docker network connect app-network database")
        assert typed(ex, "docker exec backnd nslookup database") != 0  # the daemon refuses
        text = said(ex, "resolution", "« docker exec backnd nslookup database » n'est pas tout "
                    "à fait celle demandée : « backnd » au lieu de « backend »")
        assert "Cette étape se vérifie" not in text
        assert ex.step("resolution").checks[0].status.value == "pass"  # only the command

        # adresse-ip: with its prefix, backend's, the gateway
        ip = address("database", "app-network")
        said(ex, "adresse-ip", "sans /préfixe", answer=f"{ip}/16")
        said(ex, "adresse-ip", f"« {address('backend', 'app-network')} » n'est pas l'adresse IP "
             "de « database »", "c'est l'adresse de « backend » sur « app-network »",
             answer=address("backend", "app-network"))
        gateway = sh("docker network inspect -f '{{range .IPAM.Config}}{{.Gateway}}{{end}}' "
                     "app-network").stdout.strip()
        said(ex, "adresse-ip", f"« {gateway} »", "c'est la passerelle du réseau « app-network »",
             answer=gateway)

        # connectivite: the wrong port typed, then the port forgotten
        assert typed(ex, "docker exec backend nc -zv -w 2 database 5433") != 0
        said(ex, "connectivite", "« 5433 » au lieu de « 5432 »")
        assert typed(ex, "docker exec backend nc -zv -w 2 database") != 0
        said(ex, "connectivite", "« docker exec backend nc -zv -w 2 database »",
             "il y manque « 5432 »")

        # resolution: backend stopped, so the right command failed
        sh("docker stop backend")
        assert typed(ex, "docker exec backend nslookup database") != 0
        said(ex, "resolution", "Le container « backend » est arrêté",
             "« docker exec backend nslookup database » a échoué (code 1)")
        sh("docker start backend")

        # database back on bridge only: no common network, no address on app-network
        sh("docker network disconnect app-network database")
        said(ex, "connectivite", "« backend » et « database » ne partagent aucun réseau",
             "« database » est connecté à « bridge »")
        said(ex, "adresse-ip", "« database » n'a pas d'adresse sur « app-network » : il n'y est "
             "pas connecté (connecté à « bridge »)", answer=ip)

        # database stopped
        sh("docker network connect app-network database && docker stop database")
        said(ex, "resolution", "Le container « database » est arrêté")
        said(ex, "adresse-ip", "il est arrêté (exited", answer=ip)

        # database without POSTGRES_PASSWORD: it exits, connectivite says why
        sh("docker rm -fv database && docker run -d --name database --network app-network "
           "postgres:13")
        said(ex, "connectivite", "Le container « database » est arrêté (code de sortie 1)",
             "POSTGRES_PASSWORD")


def test_multi_tiers_later_wrong_states(home: Path, course_images: None) -> None:  # noqa: F811
    with lab("multi-tiers", home) as ex:
        for step in ("reseaux", "web", "api"):
            assert ex.solve(step).status.value == "pass"

        # load-balancer: nginx (not nginx:alpine) and no -p; then no --network
        sh("docker run -d --name nginx-lb --network frontend-net nginx")
        said(ex, "load-balancer", "l'image « nginx » au lieu de « nginx:alpine »",
             "Les ports 80/tcp et 443/tcp du container « nginx-lb » ne sont pas publiés "
             "(ports publiés : aucun)", "Le port 80 de « nginx-lb » n'est pas publié sur l'hôte")
        sh("docker rm -fv nginx-lb && "
           "docker run -d --name nginx-lb -p 18080:80 -p 18443:443 nginx:alpine")
        said(ex, "load-balancer", "« nginx-lb » est connecté à « bridge » au lieu de "
             "« frontend-net »")
        sh("docker rm -fv nginx-lb && docker run -d --name nginx-lb --network frontend-net "
           "-p 18080:80 -p 18443:443 nginx:alpine")

        # donnees: the volume on the wrong path, a bind mount instead of the named volume
        sh("docker run -d --name postgres-db --network data-net -e POSTGRES_DB=ecommerce "
           "-e POSTGRES_USER=app -e POSTGRES_PASSWORD=x -v postgres-data:/var/lib/postgres "
           f"postgres:13 && docker run -d --name redis-cache --network data-net "
           f"-v {home}/redis-data:/data redis:alpine")
        said(ex, "donnees", "« postgres-data » est monté sur /var/lib/postgres au lieu de "
             "/var/lib/postgresql/data", f"c'est un montage bind de {home}/redis-data")
        # no POSTGRES_PASSWORD; redis-cache also on backend-net
        sh("docker rm -fv postgres-db redis-cache && docker run -d --name postgres-db "
           "--network data-net -e POSTGRES_DB=ecommerce -e POSTGRES_USER=app "
           "-v postgres-data:/var/lib/postgresql/data postgres:13 && docker run -d "
           "--name redis-cache --network data-net -v redis-data:/data redis:alpine && "
           "docker network connect backend-net redis-cache")
        text = said(ex, "donnees", "« postgres-db » est arrêté (code de sortie 1)",
                    "Le journal réclame la variable POSTGRES_PASSWORD, absente du container",
                    "« redis-cache » est aussi connecté à « backend-net »")
        assert "« POSTGRES_USER » (faute de frappe ?)" not in text
        sh("docker rm -fv postgres-db redis-cache")
        assert ex.solve("donnees").status.value == "pass"

        # monitoring: monitoring-net only; ports reversed; no port; created only, on bridge
        sh("docker run -d --name prometheus --network monitoring-net -p 9090:9090 "
           "prom/prometheus")
        said(ex, "monitoring", "« prometheus » est connecté à « monitoring-net » mais pas à "
             "« frontend-net », « backend-net » et « data-net »")
        connect = " && ".join(f"docker network connect {n} prometheus" for n in TIERS)
        sh("docker rm -fv prometheus && docker run -d --name prometheus --network "
           f"monitoring-net -p 9090:19090 prom/prometheus && {connect}")
        said(ex, "monitoring", "Le port 9090/tcp du container « prometheus » n'est pas publié "
             "(ports publiés : 19090/tcp → 0.0.0.0:9090",
             "Les ports sont inversés : -p 9090:19090 publie le port 19090 du container")
        sh("docker rm -fv prometheus && docker run -d --name prometheus --network "
           f"monitoring-net prom/prometheus && {connect}")
        said(ex, "monitoring", "Le port 9090/tcp du container « prometheus » n'est pas publié "
             "(ports publiés : aucun)")
        sh(f"docker rm -fv prometheus && docker create --name prometheus -p 9090:9090 "
           f"prom/prometheus && {connect}")
        said(ex, "monitoring", "« prometheus » est créé mais n'a jamais démarré",
             "mais pas à « monitoring-net »", "docker start prometheus")
        sh("docker rm -fv prometheus && docker run -d --name prometheus --network "
           f"monitoring-net -p 9090:9090 prom/prometheus && {connect}")

        # isolation: the database joined the front network, and the typed ping answered
        sh("docker network connect frontend-net postgres-db")
        assert typed(ex, "docker exec nginx-lb ping -c 1 -W 1 postgres-db") == 0
        said(ex, "isolation", "« nginx-lb » atteint « postgres-db »",
             "via le réseau commun « frontend-net »",
             "Essayez : docker network disconnect frontend-net postgres-db",
             "« docker exec nginx-lb ping -c 1 -W 1 postgres-db » a réussi alors qu'elle "
             "devrait échouer")
        sh("docker network disconnect frontend-net postgres-db && "
           "docker network disconnect backend-net web-1")
        said(ex, "isolation", "« web-1 » et « api-1 » ne partagent aucun réseau")
        sh("docker network connect backend-net web-1 && docker stop redis-cache")
        said(ex, "isolation", "Le container « redis-cache » est arrêté")
