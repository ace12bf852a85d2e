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
    assert changes_state("docker-compose up -d") and changes_state("docker compose up -d")


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
    first, title, misconception = text.splitlines()
    assert first.startswith("Votre commande `docker network connect web front` a échoué")
    assert title == "💡 Idée reçue : docker network connect à l'envers"
    assert misconception.startswith("Les arguments sont inversés")
    # The error's general meaning (« create the network web ») would mislead: left out.
    assert "n’existe pas" not in text and "docker network create web" not in text
    unexplained = command_feedback(snap(), LastCommand("docker network inspect web", 1,
                                                       "Error: No such network: web"))
    assert unexplained.splitlines()[1].startswith("Le réseau « web » n’existe pas")
    assert command_feedback(None, LastCommand("docker ps", 0)) == ""


def test_an_overlap_refused_by_the_bridge_driver_is_explained_with_short_ids() -> None:
    output = ("Error response from daemon: cannot create network " + "8" * 64 + " (br-888888888888)"
              ": conflicts with network " + "4e4614099b12" + "a" * 52 + " (br-4e4614099b12): "
              "networks have overlapping IPv4")
    found = explain_failure("docker network create --subnet 172.20.0.0/16 net", 1, output)
    assert found is not None and found.error_id == "sous-reseau-chevauche"
    assert "conflicts with network 4e4614099b12 (br-4e4614099b12)" in found.headline
    assert "a" * 52 not in found.headline
    assert "libérez-le" in found.fix, "the step may need this very subnet: not only « another »"


def test_an_option_after_the_image_is_not_called_a_missing_program() -> None:
    output = ('docker: Error response from daemon: failed to create shim task: OCI runtime '
              'create failed: runc create failed: unable to start container process: exec: '
              '"--network": executable file not found in $PATH: unknown.')
    found = explain_failure("docker run -d --name web nginx --network front", 127, output)
    assert found is not None and found.error_id == "option-apres-image"
    assert "« --network » a été pris pour la commande du container" in found.meaning
    assert "`docker run [OPTIONS] IMAGE [COMMANDE]`" in found.fix


@pytest.mark.parametrize("output", ["bash: ping: command not found",
                                    "zsh: command not found: ping", "dash: 1: ping: not found"])
def test_a_program_missing_on_the_host_is_named(output: str) -> None:
    found = explain_failure("ping -c 1 database", 127, output)
    assert found is not None and found.error_id == "commande-introuvable"
    assert found.meaning.startswith("« ping » n’existe pas sur cette machine")
    assert "docker exec CONTAINER ping …" in found.fix


def test_a_ping_stopped_by_hand_is_named_even_when_it_ends_with_0() -> None:
    output = "64 bytes from 172.18.0.2: seq=0\n--- database ping statistics ---\n1 packets"
    assert _ids(None, LastCommand("docker exec api ping database", 0, output, 2.0)) == [
        "ping-sans-fin"]
    assert _ids(None, LastCommand("docker exec api ping database", 0, "", 7.0)) == [
        "ping-sans-fin"]
    assert _ids(None, LastCommand("docker exec api ping -c 2 database", 0, output, 7.0)) == []
    assert _ids(None, LastCommand("docker exec api ping -w 3 database", 0, output, 3.0)) == []
    [(_, text)] = detect_all(None, LastCommand("docker exec api ping db", 130, "", 2.0))
    assert "arrêté à la main" in text and "`ping -c 2 …`" in text


def test_a_container_given_to_network_is_named() -> None:
    state = snap(net("shop-front"), ctr("shop-api"))
    last = LastCommand("docker run -d --name debug --network shop-api diag sleep 3600", 125,
                       "docker: Error response from daemon: network shop-api not found.")
    [(item, text)] = detect_all(state, last)
    assert item.id == "network-est-un-container" and "`--network container:shop-api`" in text
    text = command_feedback(state, last)
    assert "docker network create shop-api" not in text, "not « create the network »"
    assert _ids(state, LastCommand("docker run --network shop-front diag", 0)) == []


def test_the_state_of_a_container_is_said_in_french() -> None:
    state = snap(net("front"), ctr("web", status="created", networks={"bridge": "172.17.0.3"}))
    [(_, text)] = detect_all(state, LastCommand("docker run -d --name web nginx --network front",
                                                127, ""))
    assert "« web » est sur : bridge (créé, jamais démarré)" in text and "(created)" not in text


def test_success_without_progress_says_what_is_awaited_without_the_fix() -> None:
    waiting = CheckResult("container", Status.FAIL, "« web » n'est pas sur « front ». "
                          "Essayez : docker network connect front web",
                          fix="docker network connect front web")
    text = success_without_progress("docker run -d --name web nginx", 0,
                                    StepResult("web", "Web", Status.FAIL, (waiting,)))
    assert text is not None and text.endswith("attend encore : « web » n'est pas sur « front ».")
    broken = CheckResult("container", Status.FAIL, "Cassé à nouveau : « web » a quitté « bridge ».",
                         regressed=True)
    text = success_without_progress("docker network disconnect bridge web", 0,
                                    StepResult("web", "Web", Status.FAIL, (waiting, broken)))
    assert text == ("Votre commande `docker network disconnect bridge web` a réussi, mais elle "
                    "a défait ce qui était déjà en place : « web » a quitté « bridge ».")


def test_an_overlap_says_to_free_the_subnet_when_the_step_needs_it() -> None:
    from docker_lab.lab.misconceptions_state import STATE_MISCONCEPTIONS

    [overlap] = [m for m in STATE_MISCONCEPTIONS if m.id == "sous-reseau-chevauche"]
    assert "Si l'étape demande ce sous-réseau, libérez-le" in overlap.explanation


def test_a_misconception_replaces_only_the_errors_it_explains() -> None:
    state = snap(ctr("mon-app", status="created"))
    last = LastCommand("docker run -d --name mon-app -p 80:8081 nginx:alpine", 125,
                       OUTPUTS["nom-pris"].replace("/web", "/mon-app"))
    text = command_feedback(state, last)
    assert "💡 Idée reçue : Les ports de -p à l'envers" in text
    assert "`docker rm -f mon-app`" in text, "the name conflict is still explained"


def test_success_without_progress_quotes_one_line_of_a_long_diagnosis() -> None:
    stopped = CheckResult("compose", Status.FAIL, "Service « postgres » : arrêté (code 1). "
                          "Dernières lignes de son journal :\n    Error: …\n    You must …")
    text = success_without_progress("docker compose up -d", 0,
                                    StepResult("up", "Up", Status.FAIL, (stopped,)))
    assert text == ("Votre commande `docker compose up -d` a réussi, mais l'étape attend encore :"
                    " Service « postgres » : arrêté (code 1). Le détail est dans les contrôles,"
                    " ci-dessus.")
