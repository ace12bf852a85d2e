"""Each command-based misconception played on the real engine: the wrong command typed in a
real shell (bash -c), its real output and exit status, the engine's real state, then
the detector must name it."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from typing import Any

import pytest

from docker_lab.engine.gateway import DockerGateway
from docker_lab.lab.feedback import command_feedback
from docker_lab.lab.misconceptions import PING_SECONDS, LastCommand, detect_all
from tests.conftest import EngineResources
from tests.engine.exercise_support import course_images  # noqa: F401 (fixture)
from tests.helpers import unique_name, wait_until
from tests.helpers_lock import engine_lock
from tests.sweep import test_labels

pytestmark = pytest.mark.engine
LABELS = " ".join(f"--label {key}={value}" for key, value in test_labels().items())


@pytest.fixture
def gateway(docker_client: Any) -> Iterator[DockerGateway]:
    gw = DockerGateway()
    yield gw
    gw.close()


@pytest.fixture
def made(docker_client: Any) -> Iterator[list[str]]:
    """Names of the containers the typed commands create (removed at the end)."""
    names: list[str] = []
    yield names
    for name in names:
        subprocess.run(["docker", "rm", "-f", name], capture_output=True, timeout=60)


def typed(command: str) -> LastCommand:
    """Run *command* as the student would, in bash; its output and status."""
    began = time.monotonic()
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=120)
    return LastCommand(command, done.returncode, done.stdout + done.stderr,
                       time.monotonic() - began)


def named(gateway: DockerGateway, last: LastCommand) -> dict[str, str]:
    return {item.id: text for item, text in detect_all(gateway.snapshot(), last)}


def test_publish_written_the_wrong_way_round(gateway: DockerGateway, made: list[str],
                                             course_images: None) -> None:  # noqa: F811
    with engine_lock():  # host port 80 is a fixed resource
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", 80)) == 0:
                pytest.skip("le port 80 de l'hôte est déjà pris")
        name = unique_name("dlt-mc-web-")
        made.append(name)
        last = typed(f"docker run -d {LABELS} --name {name} -p 127.0.0.1:80:8080 nginx:alpine")
        assert last.status == 0, last.output
        found = named(gateway, last)
        assert "port-inverse" in found and "`-p 8080:80`" in found["port-inverse"]
        # and indeed nothing answers: the host's port 80 leads to the container's 8080
        answer = typed("curl -sS --max-time 3 http://127.0.0.1:80/")
        assert answer.status != 0


def test_network_after_the_image(gateway: DockerGateway, made: list[str],
                                 engine_resources: EngineResources,
                                 course_images: None) -> None:  # noqa: F811
    network = engine_resources.network("dlt-mc-net-").name
    name = unique_name("dlt-mc-late-")
    made.append(name)
    last = typed(f"docker run -d {LABELS} --name {name} nginx:alpine --network {network}")
    found = named(gateway, last)
    assert "network-apres-image" in found, (last, found)
    container = gateway.snapshot().container(name)
    assert container is not None and network not in container.endpoints
    assert "bridge" in found["network-apres-image"] or container.status != "running"


def test_network_connect_with_its_arguments_swapped(
        gateway: DockerGateway, engine_resources: EngineResources) -> None:
    network = engine_resources.network("dlt-mc-net-").name
    container = engine_resources.container("dlt-mc-ctr-").name
    last = typed(f"docker network connect {container} {network}")
    assert last.status != 0
    found = named(gateway, last)
    assert f"docker network connect {network} {container}" in found["connect-inverse"]
    text = command_feedback(gateway.snapshot(), last)
    assert text.startswith(f"Votre commande `docker network connect {container} {network}` "
                           f"a échoué (code {last.status})")


def test_a_container_name_used_from_the_host(gateway: DockerGateway,
                                             engine_resources: EngineResources) -> None:
    container = engine_resources.container("dlt-mc-ctr-").name
    last = typed(f"curl -sS --max-time 3 http://{container}/")
    assert last.status != 0
    found = named(gateway, last)
    assert "nom-depuis-hote" in found and "DNS de Docker" in found["nom-depuis-hote"]


def test_ping_without_count_never_ends(gateway: DockerGateway,
                                       engine_resources: EngineResources) -> None:
    container = engine_resources.container("dlt-mc-ctr-").name
    command = f"docker exec {container} ping 127.0.0.1"
    began = time.monotonic()
    process = subprocess.Popen(["bash", "-c", command], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_until(lambda: time.monotonic() - began > PING_SECONDS or process.poll() is not None,
                   timeout=PING_SECONDS + 10, interval=0.2)
        assert process.poll() is None, "ping without -c is still running"
        last = LastCommand(command, None, "", time.monotonic() - began)
        found = named(gateway, last)
        assert "Ctrl+C" in found["ping-sans-fin"]
    finally:
        process.kill()
        process.wait(timeout=10)
