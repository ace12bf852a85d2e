"""The console feedback's pure parts: the docker CLI error table and the misconception
detectors, on outputs copied from Docker 20.10."""

from __future__ import annotations

import re

import pytest

from docker_lab.checks.model import CheckResult, Status, StepResult
from docker_lab.lab.dockerargs import docker_runs, network_connects
from docker_lab.lab.feedback import (
    KNOWN_ERRORS,
    changes_state,
    command_feedback,
    explain_failure,
    success_without_progress,
)
from docker_lab.lab.misconceptions import MISCONCEPTIONS, LastCommand, detect_all
from tests.unit.checks_support import ctr, net, snap

OUTPUTS = {
    "nom-pris": 'docker: Error response from daemon: Conflict. The container name "/web" is '
                'already in use by container "9b1c". You have to remove (or rename) that '
                "container to be able to reuse that name.\nSee 'docker run --help'.",
    "reseau-existe": "Error response from daemon: network with name app-network already exists",
    "reseau-absent": "docker: Error response from daemon: network app-netwrk not found.",
    "container-absent": "Error: No such container: bakend",
    "container-arrete": "Error response from daemon: Container 4f2e is not running",
    "image-introuvable": "Unable to find image 'ngix:latest' locally\ndocker: Error response "
                         "from daemon: pull access denied for ngix, repository does not exist",
    "port-pris": "docker: Error response from daemon: driver failed programming external "
                 "connectivity on endpoint web2 (1a): Bind for 0.0.0.0:8080 failed: port is "
                 "already allocated.",
    "reference-invalide": "docker: invalid reference format.\nSee 'docker run --help'.",
    "reseau-occupe": "Error response from daemon: error while removing network: network "
                     "app-network id 3c1 has active endpoints",
    "sous-reseau-chevauche": "Error response from daemon: Pool overlaps with other one on "
                             "this address space",
    "demon-injoignable": "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. "
                         "Is the docker daemon running?",
    "ip-sans-subnet": "docker: Error response from daemon: user specified IP address is "
                      "supported only when connecting to networks with user configured subnets.",
    "nom-non-resolu": "ping: bad address 'database'",
}


@pytest.mark.parametrize(("error_id", "output"), sorted(OUTPUTS.items()))
def test_each_common_error_is_recognised_and_explained(error_id: str, output: str) -> None:
    found = explain_failure("docker run x", 125, output)
    assert found is not None and found.error_id == error_id
    assert found.headline.startswith("Votre commande `docker run x` a échoué (code 125) : ")
    assert found.meaning and found.fix
    assert not re.search(r"(?<!\{)\{[a-z0-9]+\}(?!\})", found.meaning + found.fix), "filled"


def test_the_headline_quotes_the_error_line_without_the_daemon_prefix() -> None:
    found = explain_failure('docker run -d --name web nginx', 125, OUTPUTS["nom-pris"])
    assert found is not None
    assert found.headline == ('Votre commande `docker run -d --name web nginx` a échoué '
                              '(code 125) : Conflict. The container name "/web" is already in '
                              'use by container "9b1c". You have to remove (or rename) that '
                              'container to be able to reuse that name.')
    assert "`docker rm -f web`" in found.fix


def test_unknown_errors_success_and_interruptions() -> None:
    found = explain_failure("docker frob", 1, "quelque chose de neuf")
    assert found is not None and found.error_id == "" and found.text().endswith("neuf")
    assert "\n" not in found.text()
    assert explain_failure("docker ps", 0, "") is None
    assert explain_failure("ping x", 130, "^C") is None
    assert explain_failure("ping x", None, "") is None
    assert len({k.id for k in KNOWN_ERRORS}) == len(KNOWN_ERRORS)


def test_success_without_progress_after_a_state_change_only() -> None:
    waiting = CheckResult("container", Status.FAIL, "Le container « web » n'est pas sur "
                          "« front ».")
    result = StepResult("web", "Web", Status.FAIL, (waiting,))
    text = success_without_progress("docker run -d --name web nginx", 0, result)
    assert text == ("Votre commande `docker run -d --name web nginx` a réussi, mais l'étape "
                    "attend encore : Le container « web » n'est pas sur « front ».")
    assert success_without_progress("docker ps", 0, result) is None
    assert success_without_progress("docker run x", 1, result) is None
    assert changes_state("sudo docker network connect a b") and not changes_state("docker ps")


def test_docker_args() -> None:
    [run] = docker_runs("docker run -dp 8080:80 --name=web -e A=1 nginx:alpine nginx -g x")
    assert (run.image, run.name, run.publish, run.after_image) == (
        "nginx:alpine", "web", ["8080:80"], ["nginx", "-g", "x"])
    assert network_connects("docker network connect --alias db web front") == [("web", "front")]


def _ids(state: object, last: LastCommand) -> list[str]:
    return [m.id for m, _ in detect_all(state, last)]  # type: ignore[arg-type]


def test_each_detector_is_named_and_explained() -> None:
    assert len({m.id for m in MISCONCEPTIONS}) == len(MISCONCEPTIONS) >= 5
    assert all(m.title and m.explanation for m in MISCONCEPTIONS)


def test_port_reversed() -> None:
    last = LastCommand("docker run -d --name web -p 80:8080 nginx", 0)
    assert _ids(None, last) == ["port-inverse"]
    assert _ids(None, LastCommand("docker run -d -p 8080:80 nginx", 0)) == []
    assert _ids(None, LastCommand("docker run -d -p 8080:8080 mon-api", 0)) == []


def test_network_after_image() -> None:
    state = snap(net("front"), ctr("web", networks={"bridge": "172.17.0.3"}))
    last = LastCommand("docker run -d --name web nginx --network front", 0)
    [(item, text)] = detect_all(state, last)
    assert item.id == "network-apres-image" and "« web » est sur : bridge" in text
    assert _ids(state, LastCommand("docker run --network front nginx", 0)) == []


def test_connect_swapped() -> None:
    state = snap(net("front"), ctr("web"))
    last = LastCommand("docker network connect web front", 1,
                       "Error response from daemon: network web not found")
    assert _ids(state, last) == ["connect-inverse"]
    assert _ids(state, LastCommand("docker network connect front web", 0)) == []


def test_name_from_host() -> None:
    state = snap(ctr("database"))
    last = LastCommand("ping -c 1 database", 2, "ping: database: Name or service not known")
    assert _ids(state, last) == ["nom-depuis-hote"]
    assert _ids(state, LastCommand("docker exec api ping -c 1 database", 1, "")) == []


def test_ping_never_ends() -> None:
    running = LastCommand("docker exec api ping database", None, "", 8.0)
    assert _ids(None, running) == ["ping-sans-fin"]
    assert _ids(None, LastCommand("docker exec api ping database", None, "", 1.0)) == []
    assert _ids(None, LastCommand("docker exec api ping -c 2 database", None, "", 9.0)) == []


def test_command_feedback_puts_the_error_first() -> None:
    last = LastCommand("docker network connect web front", 1,
                       "Error response from daemon: network web not found")
    text = command_feedback(snap(net("front"), ctr("web")), last)
    first, meaning, misconception = text.splitlines()
    assert first.startswith("Votre commande `docker network connect web front` a échoué")
    assert meaning.startswith("Le réseau « web » n’existe pas")
    assert misconception.startswith("Idée reçue — docker network connect à l'envers")
    assert command_feedback(None, LastCommand("docker ps", 0)) == ""
