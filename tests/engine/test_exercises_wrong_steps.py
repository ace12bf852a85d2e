"""More wrong states, for the steps of the first exercises that had fewer than three.

Issue 11 (item 5): every step has at least three realistic wrong states played on the
engine, each named in its message. Made with plain docker commands, as students do.
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
    says,
    sh,
)

pytestmark = pytest.mark.engine
#: A macvlan network on the uplink: creating it sends nothing (docs/DESIGN « Network safety »).
UPLINK = "$(ip route show default | awk '{print $5; exit}')"


def one_network_step(ex: Lab, step: str, name: str, typo: str, capitals: str) -> None:
    """A step asking for one bridge network *name*: a typo, capitals, the macvlan driver."""
    for wrong in (typo, capitals):
        sh(f"docker network create --label docker-lab.exercise={ex.exercise.id} {wrong}")
        says(ex, step, f"« {name} » n'existe pas", f"« {wrong} » existe : faute de frappe")
        sh(f"docker network rm {wrong}")
    sh(f"docker network create -d macvlan -o parent={UPLINK} {name}")
    says(ex, step, "pilote « macvlan » au lieu de « bridge »")
    sh(f"docker network rm {name}")


def test_gestion_des_reseaux_creer(home: Path) -> None:  # noqa: F811
    with lab("gestion-des-reseaux", home) as ex:
        one_network_step(ex, "creer", "mon-app-network", "mon-app-netwrok", "Mon-App-Network")


def test_dns_interne_reseau(home: Path) -> None:  # noqa: F811
    with lab("dns-interne", home) as ex:
        one_network_step(ex, "reseau", "app-network", "app_network", "App-Network")


def test_multi_tiers_reseaux(home: Path) -> None:  # noqa: F811
    with lab("multi-tiers", home) as ex:
        sh("docker network create frontend-net && docker network create backend-net && "
           "docker network create data-net")
        says(ex, "reseaux", "« monitoring-net » n'existe pas")
        sh("docker network create --label docker-lab.exercise=multi-tiers monitoring-network")
        says(ex, "reseaux", "« monitoring-network » existe : faute de frappe")
        sh("docker network rm monitoring-network frontend-net && docker network create "
           "monitoring-net && docker network create --internal frontend-net")
        says(ex, "reseaux", "frontend-net", "interne")


def test_multi_tiers_web_and_api(home: Path, course_images: None) -> None:  # noqa: F811
    with lab("multi-tiers", home) as ex:
        ex.solve("reseaux")
        # web: the second network forgotten; started on the default bridge; the API's image
        sh("docker run -d --name web-1 --network frontend-net mon-webapp:latest")
        says(ex, "web", "« web-1 »", "backend-net")
        sh("docker rm -fv web-1 && docker run -d --name web-1 mon-webapp:latest && "
           "docker network connect frontend-net web-1 && docker network connect backend-net web-1")
        says(ex, "web", "« bridge »")
        sh("docker rm -fv web-1 && docker run -d --name web-1 --network frontend-net "
           "mon-api:latest && docker network connect backend-net web-1")
        says(ex, "web", "« mon-api:latest » au lieu de « mon-webapp:latest »")
        # api: on backend-net only; also on frontend-net (where the load balancer is); not started
        sh("docker run -d --name api-1 --network backend-net mon-api:latest")
        says(ex, "api", "« api-1 »", "data-net")
        sh("docker network connect data-net api-1 && docker network connect frontend-net api-1")
        says(ex, "api", "« frontend-net »")
        sh("docker rm -fv api-1 && docker create --name api-1 --network backend-net "
           "mon-api:latest && docker network connect data-net api-1")
        says(ex, "api", "« api-1 » est créé mais n'a jamais démarré")
