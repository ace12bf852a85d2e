"""State-based misconceptions, each played on the real engine (issue 11, item 3).

Each test makes the state a student makes, takes a real snapshot, and asks the
detectors against a step that expects the opposite; a control state is not named.
Resources have unique ``dlt-ms-`` names and test labels; each test removes its own.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest

from docker_lab.course.models import Step
from docker_lab.engine.gateway import DockerGateway
from docker_lab.lab.misconceptions_state import STATE_MISCONCEPTIONS, detect_all
from tests.engine.exercise_support import TL, course_images, sh  # noqa: F401 (fixture)
from tests.helpers import wait_until
from tests.unit.checks_support import check

pytestmark = pytest.mark.engine
RUN = f"docker run -d {TL}"


@pytest.fixture
def made() -> Iterator[list[str]]:
    """Names of containers then networks the test creates; removed afterwards."""
    names: list[str] = []
    yield names
    containers = " ".join(n for n in names if not n.startswith("net:"))
    networks = " ".join(n[4:] for n in names if n.startswith("net:"))
    if containers:
        sh(f"docker rm -fv {containers}", check=False)
    if networks:
        sh(f"docker network rm {networks}", check=False)


def step(*checks: tuple[str, dict[str, Any]]) -> Step:
    return Step("s", "Étape", "…", tuple(check(kind, params) for kind, params in checks))


def seen(s: Step) -> dict[str, str]:
    gateway = DockerGateway()
    try:
        return {d.id: d.seen for d in detect_all(gateway.snapshot(), None, s)}
    finally:
        gateway.close()


def test_every_misconception_is_named_and_explained_in_french() -> None:
    ids = [m.id for m in STATE_MISCONCEPTIONS]
    assert len(ids) == len(set(ids)) >= 6
    for m in STATE_MISCONCEPTIONS:
        assert m.title and len(m.explanation) > 60, m.id


def test_names_expected_on_the_default_bridge(made: list[str]) -> None:
    made += ["dlt-ms-a", "dlt-ms-b", "net:dlt-ms-net"]
    sh(f"{RUN} --name dlt-ms-a alpine sleep 300 && {RUN} --name dlt-ms-b alpine sleep 300")
    s = step(("resolves", {"from": "dlt-ms-a", "name": "dlt-ms-b"}))
    found = seen(s)
    assert "ne partagent que le réseau « bridge »" in found["dns-bridge-defaut"]
    assert sh("docker exec dlt-ms-a nslookup dlt-ms-b", check=False).returncode != 0
    sh(f"docker network create {TL} dlt-ms-net && docker network connect dlt-ms-net dlt-ms-a "
       "&& docker network connect dlt-ms-net dlt-ms-b")
    assert "dns-bridge-defaut" not in seen(s), "a network of one's own has the DNS"


def test_a_container_on_none_expected_to_reach(made: list[str]) -> None:
    made += ["dlt-ms-n", "dlt-ms-t"]
    sh(f"{RUN} --name dlt-ms-n --network none alpine sleep 300 && "
       f"{RUN} --name dlt-ms-t alpine sleep 300")
    found = seen(step(("reaches", {"from": "dlt-ms-n", "to": "dlt-ms-t"})))
    assert found["none-joindre"] == "« dlt-ms-n » est en mode réseau « none »."
    assert "none-joindre" not in seen(step(("reaches", {"from": "dlt-ms-t", "to": "dlt-ms-t"})))


def test_internal_expected_to_isolate_containers_from_each_other(made: list[str]) -> None:
    made += ["dlt-ms-i1", "dlt-ms-i2", "net:dlt-ms-int"]
    sh(f"docker network create {TL} --internal dlt-ms-int && "
       f"{RUN} --name dlt-ms-i1 --network dlt-ms-int alpine sleep 300 && "
       f"{RUN} --name dlt-ms-i2 --network dlt-ms-int alpine sleep 300")
    assert sh("docker exec dlt-ms-i1 ping -c 1 -W 2 dlt-ms-i2").returncode == 0, "they talk"
    found = seen(step(("isolated", {"from": "dlt-ms-i1", "to": "dlt-ms-i2"})))
    assert "réseau interne « dlt-ms-int »" in found["internal-isole"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_port_published_on_loopback_or_everywhere(made: list[str]) -> None:
    made += ["dlt-ms-p1", "dlt-ms-p2"]
    sh(f"{RUN} --name dlt-ms-p1 -p 127.0.0.1::80 alpine sleep 300 && "
       f"{RUN} --name dlt-ms-p2 -p 80 alpine sleep 300")
    public = step(("container", {"name": "dlt-ms-p1", "ports": [80], "public_ports": True}))
    assert "publié sur 127.0.0.1:" in seen(public)["port-local-ou-public"]
    port = free_port()
    local = step(("container", {"name": "dlt-ms-p2", "ports": [f"127.0.0.1:{port}:80"]}))
    assert "publié sur toutes les interfaces" in seen(local)["port-local-ou-public"]
    ok = step(("container", {"name": "dlt-ms-p2", "ports": [80], "public_ports": True}))
    assert "port-local-ou-public" not in seen(ok)


def test_overlapping_subnet(made: list[str]) -> None:
    made += ["net:dlt-ms-old", "net:dlt-ms-new"]
    created = sh(f"docker network create {TL} --subnet 10.213.7.0/24 dlt-ms-old", check=False)
    if created.returncode != 0:
        pytest.skip(f"10.213.7.0/24 déjà pris sur ce moteur : {created.stderr.strip()}")
    refused = sh(f"docker network create {TL} --subnet 10.213.0.0/16 dlt-ms-new", check=False)
    assert refused.returncode != 0 and "overlap" in refused.stderr.lower()
    found = seen(step(("network", {"name": "dlt-ms-new", "subnet": "10.213.0.0/16"})))
    assert "chevauche celui du réseau « dlt-ms-old » (10.213.7.0/24)" in (
        found["sous-reseau-chevauche"])


def test_postgres_without_password(made: list[str], course_images: None) -> None:  # noqa: F811
    made += ["dlt-ms-pg"]
    sh(f"{RUN} --name dlt-ms-pg postgres:13")
    s = step(("container", {"name": "dlt-ms-pg", "image": "postgres:13"}))
    wait_until(lambda: "postgres-sans-mot-de-passe" in seen(s), timeout=30, interval=0.3)
    assert "réclame POSTGRES_PASSWORD" in seen(s)["postgres-sans-mot-de-passe"]
