"""Probes on the real engine: exec where the tools are, a side-car where they are not."""

from __future__ import annotations

import contextlib
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from docker_lab.engine.errors import DaemonUnreachable
from docker_lab.engine.gateway import DockerGateway
from docker_lab.engine.labimage import build_image, find_busybox, tar_context
from docker_lab.engine.models import ProbeKind, ProbeRequest, ProbeResult
from docker_lab.engine.probes import PROBE_LABEL
from tests.helpers import wait_until

pytestmark = pytest.mark.engine
TEST_LABELS = {"docker-lab.test": "true", "docker-lab.managed": "true"}


def _libs(*binaries: str) -> dict[str, Path]:
    out = subprocess.run(["ldd", *binaries], capture_output=True, text=True, check=True).stdout
    libs = {tok for tok in out.split() if tok.startswith("/") and not tok.endswith(":")}
    return {lib.lstrip("/"): Path(lib) for lib in libs}


@pytest.fixture(scope="module")
def images(docker_client: Any) -> Iterator[dict[str, str]]:
    """Two tool-less images built locally, removed afterwards.

    - ``bare``: FROM scratch with only busybox renamed /sleep: no shell, no tools;
    - ``debian``: dash, bash, getent, timeout, sleep from the host (like postgres:13:
      name resolution and bash /dev/tcp, but no ping, nc or nslookup).
    """
    tag = uuid.uuid4().hex[:6]
    bare = f"dlt-h3-bare:{tag}"
    debian = f"dlt-h3-debian:{tag}"
    build_image(docker_client, bare, tar_context(
        'FROM scratch\nCOPY sleep /sleep\nCMD ["/sleep", "600"]\n', {"sleep": find_busybox()}),
        TEST_LABELS)
    bins = {"bin/sh": "/bin/dash", "bin/bash": "/bin/bash", "bin/getent": "/usr/bin/getent",
            "bin/timeout": "/usr/bin/timeout", "bin/sleep": "/bin/sleep"}
    files = {k: Path(v) for k, v in bins.items()} | _libs(*bins.values())
    build_image(docker_client, debian, tar_context(
        'FROM scratch\nCOPY . /\nENV PATH=/bin\nCMD ["/bin/sleep", "600"]\n', files), TEST_LABELS)
    yield {"bare": bare, "debian": debian}
    for image in (bare, debian):
        docker_client.api.remove_image(image, force=True)


@pytest.fixture
def gateway(docker_client: Any) -> Iterator[DockerGateway]:
    gw = DockerGateway()
    yield gw
    gw.close()


@pytest.fixture
def lab(engine_resources: Any, images: dict[str, str]) -> dict[str, Any]:
    """A network with a server (httpd on 8080) and three sources with different tools."""
    net = engine_resources.network("dlt-h3-pr-")
    make = engine_resources.container
    return {
        "net": net,
        "server": make("dlt-h3-srv-", command=["httpd", "-f", "-p", "8080"], network=net.name),
        "tools": make("dlt-h3-tools-", network=net.name),
        "bare": make("dlt-h3-bare-", image=images["bare"], command=None, network=net.name),
        "debian": make("dlt-h3-deb-", image=images["debian"], command=None, network=net.name),
    }


def _ip(ctr: Any, net: Any) -> str:
    ctr.reload()
    ip: str = ctr.attrs["NetworkSettings"]["Networks"][net.name]["IPAddress"]
    return ip


def _battery(source: str, server: str) -> list[ProbeRequest]:
    return [
        ProbeRequest(ProbeKind.RESOLVE, source, server),
        ProbeRequest(ProbeKind.TCP, source, server, 8080),
        ProbeRequest(ProbeKind.TCP, source, server, 8081),
        ProbeRequest(ProbeKind.PING, source, server),
    ]


def _check_battery(results: list[ProbeResult], server_ip: str, server: str) -> None:
    resolve, tcp_open, tcp_closed, ping = results
    assert resolve.ok and resolve.addresses == (server_ip,), resolve
    assert tcp_open.ok, tcp_open
    assert not tcp_open.error
    assert not tcp_closed.ok and not tcp_closed.error, tcp_closed
    assert tcp_closed.detail == "connexion refusée"
    assert tcp_open.detail == "connexion acceptée" and ping.detail == "réponse reçue"
    assert resolve.detail == f"résolu en {server_ip}"
    assert ping.ok, ping


def _probe_leftovers(client: Any, source_id: str) -> list[str]:
    found = client.api.containers(all=True, filters={"label": f"{PROBE_LABEL}=true"})
    return [c["Id"] for c in found
            if c.get("HostConfig", {}).get("NetworkMode") == f"container:{source_id}"]


def test_exec_when_the_source_has_the_tools(gateway: DockerGateway, lab: dict[str, Any]) -> None:
    server = lab["server"]
    results = gateway.run_probes(_battery(lab["tools"].name, server.name))
    _check_battery(results, _ip(server, lab["net"]), server.name)
    assert {r.method for r in results} == {"exec"}


def test_sidecar_when_the_source_has_no_shell(
    gateway: DockerGateway, lab: dict[str, Any], docker_client: Any
) -> None:
    server, bare = lab["server"], lab["bare"]
    results = gateway.run_probes(_battery(bare.name, server.name))
    _check_battery(results, _ip(server, lab["net"]), server.name)
    assert {r.method for r in results} == {"sidecar"}
    assert _probe_leftovers(docker_client, bare.id) == []


def test_mixed_exec_and_sidecar_like_postgres(gateway: DockerGateway, lab: dict[str, Any]) -> None:
    server = lab["server"]
    results = gateway.run_probes(_battery(lab["debian"].name, server.name))
    _check_battery(results, _ip(server, lab["net"]), server.name)
    # getent and bash /dev/tcp are there; ping is not
    assert [r.method for r in results] == ["exec", "exec", "exec", "sidecar"]


def test_isolated_container_cannot_reach(
    gateway: DockerGateway, lab: dict[str, Any], engine_resources: Any
) -> None:
    other_net = engine_resources.network("dlt-h3-iso-", internal=True)
    lonely = engine_resources.container("dlt-h3-iso-", network=other_net.name)
    server = lab["server"]
    start = time.monotonic()
    results = gateway.run_probes([
        ProbeRequest(ProbeKind.RESOLVE, lonely.name, server.name),
        ProbeRequest(ProbeKind.TCP, lonely.name, _ip(server, lab["net"]), 8080),
        ProbeRequest(ProbeKind.PING, lonely.name, _ip(server, lab["net"])),
    ])
    elapsed = time.monotonic() - start
    assert [r.ok for r in results] == [False, False, False], results
    assert not any(r.error for r in results)
    assert results[0].detail.startswith("nom inconnu"), results[0]
    assert results[1].detail == results[2].detail == "délai dépassé", results
    assert elapsed < 6, f"timeouts inside the commands should bound this ({elapsed:.1f} s)"


def test_source_missing_or_stopped(
    gateway: DockerGateway, lab: dict[str, Any], engine_resources: Any
) -> None:
    stopped = engine_resources.container("dlt-h3-stop-", start=False)
    missing = f"dlt-h3-absent-{uuid.uuid4().hex[:6]}"
    results = gateway.run_probes([
        ProbeRequest(ProbeKind.PING, stopped.name, lab["server"].name),
        ProbeRequest(ProbeKind.PING, missing, lab["server"].name),
        ProbeRequest(ProbeKind.PING, lab["tools"].name, lab["server"].name),
    ])
    assert results[0].error and not results[0].ok
    assert f"« {stopped.name} » n'est pas démarré" in results[0].detail
    assert results[1].error and f"« {missing} » n'existe pas" in results[1].detail
    assert results[2].ok and not results[2].error


def test_public_address_is_refused_without_sending(
    gateway: DockerGateway, lab: dict[str, Any]
) -> None:
    (result,) = gateway.run_probes([ProbeRequest(ProbeKind.PING, lab["tools"].name, "8.8.8.8")])
    assert result.error and not result.ok
    assert "hors de cette machine" in result.detail
    assert result.method == ""


def test_sidecar_removed_even_on_error(
    gateway: DockerGateway, lab: dict[str, Any], docker_client: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import requests

    def broken_wait(*args: Any, **kwargs: Any) -> None:
        raise requests.exceptions.ConnectionError("connection lost while waiting")

    monkeypatch.setattr(gateway.client.api, "wait", broken_wait)
    bare = lab["bare"]
    with pytest.raises(DaemonUnreachable):
        gateway.run_probes([ProbeRequest(ProbeKind.PING, bare.name, lab["server"].name)])
    # The side-car runs with auto-removal: the engine takes it away by itself, shortly.
    wait_until(lambda: _probe_leftovers(docker_client, bare.id) == [], timeout=15)


def test_a_sidecar_outlives_the_killed_process_only_until_its_script_ends(
    lab: dict[str, Any], docker_client: Any, tmp_path: Path,
) -> None:
    """SIGKILL during a side-car probe: the side-car removes itself (--rm); one left never
    started (killed between create and start) is swept by the next snapshot of any run."""
    import ipaddress
    import os
    import signal
    import sys

    from docker_lab.engine.probes import STALE_SIDECAR

    bare = lab["bare"]
    subnet = ipaddress.ip_network(_ip(bare, lab["net"]) + "/24", strict=False)
    nobody = str(subnet[250])  # on the lab network, no container: ARP fails, nothing leaves
    script = tmp_path / "probe.py"
    script.write_text(
        "from docker_lab.engine.gateway import DockerGateway\n"
        "from docker_lab.engine.models import ProbeKind, ProbeRequest\n"
        f"DockerGateway().run_probes([ProbeRequest(ProbeKind.TCP, {bare.name!r}, "
        f"{nobody!r}, 9, timeout=8.0)])\n")
    child = subprocess.Popen([sys.executable, str(script)])
    wait_until(lambda: _probe_leftovers(docker_client, bare.id) != [], timeout=30)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    wait_until(lambda: _probe_leftovers(docker_client, bare.id) == [], timeout=30)
    never_started = docker_client.api.create_container(
        "docker-lab/outils:latest", command=["true"],
        labels={PROBE_LABEL: "true", "docker-lab.test": "true"},
        host_config=docker_client.api.create_host_config(network_mode=f"container:{bare.id}"))
    try:
        wait_until(lambda: _age(docker_client, never_started["Id"]) > STALE_SIDECAR + 0.5,
                   timeout=15)
        DockerGateway().snapshot()  # any run: its first snapshot sweeps
        assert _probe_leftovers(docker_client, bare.id) == []
    finally:
        with contextlib.suppress(Exception):
            docker_client.api.remove_container(never_started["Id"], force=True)


def _age(client: Any, cid: str) -> float:
    from docker_lab.engine.snapshot import seconds_since

    return seconds_since(client.api.inspect_container(cid)["Created"]) or 0.0
