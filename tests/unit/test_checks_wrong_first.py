"""Messages that name a near miss of the first exercises (pure): a subnet answer that is the
gateway or has another prefix, a mistyped network holding the subnet, and a container the
engine refused to start (``State.Error``), e.g. docker run's options after the image."""

from __future__ import annotations

from dataclasses import replace

from docker_lab.checks.model import Status
from docker_lab.engine.snapshot import container_from_api
from tests.unit.checks_support import ctr, net, run, snap

FAIL = Status.FAIL
BRIDGE = {"expect": "subnet", "network": "bridge"}
RUNC = ("failed to create shim task: OCI runtime create failed: runc create failed: unable to "
        "start container process: exec: \"--network\": executable file not found in $PATH: "
        "unknown")


def test_subnet_answer_that_is_the_gateway_is_named() -> None:
    result = run("answer", BRIDGE, snap(), answer="172.17.0.1")
    assert result.status is FAIL
    assert "c'est sa passerelle (Gateway), pas son sous-réseau" in result.message


def test_subnet_answer_with_another_prefix_names_the_prefix() -> None:
    result = run("answer", BRIDGE, snap(), answer="172.17.0.0/24")
    assert "l'adresse est la bonne, mais pas le préfixe /24" in result.message
    assert "/16" not in result.message  # the answer itself is never given
    unrelated = run("answer", BRIDGE, snap(), answer="10.1.0.0/16")
    assert "préfixe" not in unrelated.message and "passerelle" not in unrelated.message


def test_mistyped_network_holding_the_subnet_is_only_removed() -> None:
    params = {"name": "macvlan-network", "driver": "macvlan", "subnet": "192.168.1.0/24"}
    result = run("network", params, snap(net("macvlan-net", "macvlan", "192.168.1.0/24")))
    assert "« macvlan-net » existe : faute de frappe" in result.message
    assert "docker network rm macvlan-net (le nom mal tapé), puis docker network create" in (
        result.message)
    assert "recréez" not in result.message
    other = run("network", params, snap(net("lan", subnet="192.168.1.0/24")))
    assert "recréez « lan »" in other.message  # another network: moved, not lost


def test_options_after_the_image_are_named_and_the_fix_recreates() -> None:
    refused = replace(ctr("web-server", "nginx:alpine", status="created", exit_code=127),
                      command=("--network", "mon-app-network"), start_error=RUNC)
    params = {"name": "web-server", "image": "nginx:alpine", "networks": ["mon-app-network"]}
    result = run("container", params, snap(refused, net("mon-app-network")))
    assert "« exec: \"--network\": executable file not found in $PATH »" in result.message
    assert "Sa commande est « --network mon-app-network »" in result.message
    assert "docker start" not in result.message
    assert result.fix == ("docker rm -f web-server puis docker run -d --name web-server "
                          "--network mon-app-network nginx:alpine")
    # an image whose entrypoint script runs the command: exit 127, no engine error
    scripted = replace(refused, status="exited", start_error="")
    text = run("container", params, snap(scripted, net("mon-app-network"))).message
    assert "arrêté (code de sortie 127)" in text and "se placent avant l'image" in text


def test_a_command_starting_with_a_dash_that_ran_is_not_blamed() -> None:
    crashed = replace(ctr("db", "postgres:13", status="exited", exit_code=1),
                      command=("-c", "max_connections=50"))
    text = run("container", {"name": "db"}, snap(crashed)).message
    assert "avant l'image" not in text


def test_unknown_network_mode_is_named_not_shown_as_connected() -> None:
    refused = replace(ctr("web-host", status="created", exit_code=128, mode="hote",
                          networks={"hote": ""}), start_error="network hote not found")
    result = run("container", {"name": "web-host", "network_mode": "host"}, snap(refused))
    assert "mode réseau « hote » au lieu de « host »" in result.message
    assert "Le réseau « hote » n'existe pas" in result.message
    assert "connecté à" not in result.message and "docker start" not in result.message


def test_snapshot_reads_the_command_and_the_start_error() -> None:
    listed = {"Id": "abc", "Names": ["/web-server"], "State": "created", "Status": "Created",
              "HostConfig": {"NetworkMode": "default"}}
    inspected = {"State": {"Status": "created", "ExitCode": 127, "Error": RUNC},
                 "Config": {"Image": "nginx:alpine", "Cmd": ["--network", "mon-app-network"]}}
    c = container_from_api(listed, inspected)
    assert c.command == ("--network", "mon-app-network") and c.start_error == RUNC
    assert container_from_api(listed, None).command == ()


def test_an_option_written_short_is_named() -> None:
    from docker_lab.engine.models import NetworkInfo

    mtu = "com.docker.network.driver.mtu"
    short = NetworkInfo(id="id-lent", name="lent", driver="bridge", options={"mtu": "1450"})
    result = run("network", {"name": "lent", "options": {mtu: "1450"}}, snap(short))
    assert result.status is Status.FAIL
    assert "Vous avez écrit « -o mtu=1450 »" in result.message
    assert f"son nom complet est « {mtu} »" in result.message
