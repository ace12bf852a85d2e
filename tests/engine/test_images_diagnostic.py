"""The diagnosis image (lesson 8): every tool the slides name, run as the course runs it.

Each tool runs in ``docker-lab/diagnostic`` beside a labelled target container
(``--network container:TARGET``, or on the target's user network), and the test
checks what the tool really answers. The image is the stand-in ``docker-lab
setup --offline`` builds from the host's Debian packages.
"""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from docker_lab.engine.imagebuild import build_over, inspect
from docker_lab.engine.imageremove import remove_setup_images
from docker_lab.engine.images import ImageSpec, labels_over, run_setup
from docker_lab.engine.imagetools import diagnostic
from docker_lab.engine.labels import DIAGNOSTIC_IMAGE
from tests.helpers import unique_name
from tests.sweep import test_labels

pytestmark = pytest.mark.engine

DIAG = DIAGNOSTIC_IMAGE
WEB_PORT = 8080
#: The target: busybox httpd serving a known page on 8080 (nothing listens on 8081).
SERVE = ("sh", "-c", f"mkdir -p /www && echo bonjour-diagnostic > /www/index.html "
         f"&& exec httpd -f -p {WEB_PORT} -h /www")


@pytest.fixture(scope="module")
def diag_image(docker_client: Any) -> str:
    """Build (or find up to date) the diagnosis stand-in, as ``setup --offline`` does."""
    [result] = run_setup(docker_client, offline=True, only=[DIAG])
    assert result.ok, result.detail
    facts = inspect(docker_client, DIAG)
    assert facts is not None
    if facts.labels.get("docker-lab.fingerprint", "").startswith("from:"):
        pytest.skip("docker-lab/diagnostic is nicolaka/netshoot here, not the stand-in")
    assert facts.labels["docker-lab.standin"] == "true"
    assert facts.labels["docker-lab.image"] == DIAG
    return DIAG


@pytest.fixture
def target(engine_resources: Any, wait_until: Callable[..., Any]) -> Iterator[tuple[Any, Any]]:
    """A labelled user network and a web server on it; yields ``(network, container)``."""
    net = engine_resources.network("dlt-diag-net-")
    web = engine_resources.container("dlt-diag-web-", command=SERVE, network=net.name)
    wait_until(lambda: web.exec_run(["nc", "-w1", "127.0.0.1", str(WEB_PORT)]).exit_code == 0,
               timeout=10, message="target httpd listens")
    yield net, web


def run_tool(resources: Any, *cmd: str, timeout: float = 60, **kwargs: Any) -> tuple[int, str]:
    """Run *cmd* in the diagnosis image to its end; return (exit status, output)."""
    ctr = resources.container("dlt-diag-run-", image=DIAG, command=cmd, **kwargs)
    status = ctr.wait(timeout=timeout)
    return int(status["StatusCode"]), ctr.logs().decode("utf-8", "replace")


def beside(web: Any) -> dict[str, str]:
    """The options of ``--network container:WEB``."""
    return {"network_mode": f"container:{web.id}"}


def ip_of(web: Any, net: Any) -> str:
    web.reload()
    return str(web.attrs["NetworkSettings"]["Networks"][net.name]["IPAddress"])


def test_nc_z_exits_0_on_a_listening_port_and_1_on_a_closed_one(
    diag_image: str, engine_resources: Any, target: tuple[Any, Any]
) -> None:
    net, web = target
    assert run_tool(engine_resources, "nc", "-z", "-w1", "127.0.0.1", "8080",
                    **beside(web))[0] == 0
    assert run_tool(engine_resources, "nc", "-z", "-w1", "127.0.0.1", "8081",
                    **beside(web))[0] == 1
    # By name from the user network, and through /bin/sh (no busybox nc applet).
    code, out = run_tool(engine_resources, "sh", "-c", f"nc -zv -w1 {web.name} {WEB_PORT}",
                         network=net.name)
    assert code == 0 and "succeeded" in out, out


def test_a_probe_from_the_image_tells_a_closed_port_from_an_open_one(
    diag_image: str, engine_resources: Any, target: tuple[Any, Any]
) -> None:
    from docker_lab.engine.gateway import DockerGateway
    from docker_lab.engine.models import ProbeKind, ProbeRequest

    net, web = target
    tools = engine_resources.container("dlt-diag-src-", image=DIAG, command=("sleep", "600"),
                                       network=net.name)
    with DockerGateway() as gateway:
        opened, closed = gateway.run_probes([
            ProbeRequest(ProbeKind.TCP, tools.name, web.name, WEB_PORT),
            ProbeRequest(ProbeKind.TCP, tools.name, web.name, WEB_PORT + 1)])
    assert opened.ok and opened.method == "exec", opened
    # netcat-openbsd's nc -z says nothing without -v: the refusal must still be named
    assert not closed.ok and closed.detail == "connexion refusée", closed


def test_dig_nslookup_and_host_resolve_a_container_name(
    diag_image: str, engine_resources: Any, target: tuple[Any, Any]
) -> None:
    net, web = target
    address = ip_of(web, net)
    code, out = run_tool(engine_resources, "dig", "+short", web.name, **beside(web))
    assert (code, out.strip()) == (0, address)
    code, out = run_tool(engine_resources, "nslookup", web.name, **beside(web))
    assert code == 0 and f"Address: {address}" in out and "127.0.0.11" in out, out
    code, out = run_tool(engine_resources, "host", web.name, network=net.name)
    assert code == 0 and f"has address {address}" in out, out


def test_tcpdump_captures_traffic_with_the_default_capabilities(
    diag_image: str, engine_resources: Any, target: tuple[Any, Any],
    wait_until: Callable[..., Any],
) -> None:
    net, web = target
    sniffer = engine_resources.container(
        "dlt-diag-tcpdump-", image=DIAG, command=("tcpdump", "-c1", "-n", "-i", "eth0",
                                                  "tcp", "port", str(WEB_PORT)), **beside(web))
    assert not sniffer.attrs["HostConfig"].get("CapAdd"), "no capability added"
    client = engine_resources.container("dlt-diag-client-", network=net.name)

    def captured() -> bool:
        client.exec_run(["wget", "-qO-", f"http://{web.name}:{WEB_PORT}/"])
        sniffer.reload()
        return bool(sniffer.status == "exited")

    wait_until(captured, timeout=20, interval=0.2, message="tcpdump saw one packet")
    out = sniffer.logs().decode()
    assert sniffer.attrs["State"]["ExitCode"] == 0, out
    assert "listening on eth0" in out and "1 packet captured" in out, out
    assert re.search(rf"IP \S+ > {re.escape(ip_of(web, net))}\.{WEB_PORT}:", out), out


def test_nmap_tells_open_from_closed_ports(
    diag_image: str, engine_resources: Any, target: tuple[Any, Any]
) -> None:
    net, web = target
    code, out = run_tool(engine_resources, "nmap", "-p", "8080,8081", web.name,
                         network=net.name)
    assert code == 0, out
    assert re.search(r"8080/tcp\s+open", out) and re.search(r"8081/tcp\s+closed", out), out
    assert "1 host up" in out


def test_iperf3_measures_between_two_containers(
    diag_image: str, engine_resources: Any, target: tuple[Any, Any],
    wait_until: Callable[..., Any],
) -> None:
    net, _web = target
    assert "iperf 3." in run_tool(engine_resources, "iperf3", "--version",
                                       network_mode="none")[1]
    server = engine_resources.container("dlt-diag-iperf-", image=DIAG, network=net.name,
                                        command=("iperf3", "-s", "-1", "--forceflush"))
    wait_until(lambda: "Server listening" in server.logs().decode(), timeout=10)
    code, out = run_tool(engine_resources, "iperf3", "-c", server.name, "-t", "1",
                         network=net.name)
    assert code == 0 and "receiver" in out and "bits/sec" in out, out


def test_curl_ip_ss_and_ping_see_the_target(
    diag_image: str, engine_resources: Any, target: tuple[Any, Any]
) -> None:
    net, web = target
    code, out = run_tool(engine_resources, "curl", "-s", f"http://{web.name}:{WEB_PORT}/",
                         network=net.name)
    assert (code, out) == (0, "bonjour-diagnostic\n")
    code, out = run_tool(engine_resources, "ip", "-o", "link", **beside(web))
    web.reload()
    mac = web.attrs["NetworkSettings"]["Networks"][net.name]["MacAddress"]
    assert code == 0 and "eth0" in out and mac in out, out
    code, out = run_tool(engine_resources, "ss", "-ltn", **beside(web))
    assert code == 0 and re.search(rf"LISTEN\s.*:{WEB_PORT}\s", out), out
    code, out = run_tool(engine_resources, "ping", "-c1", "-W2", web.name, network=net.name)
    assert code == 0 and "1 packets received" in out, out


def test_openssl_makes_a_certificate_in_the_mounted_folder(
    diag_image: str, engine_resources: Any, tmp_path: Path
) -> None:
    version = run_tool(engine_resources, "openssl", "version", network_mode="none")[1]
    assert version.startswith("OpenSSL 3"), version
    # The lesson's command: docker run --rm -v "$PWD":/w -w /w <image> openssl req -x509 ...
    code, out = run_tool(
        engine_resources, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
        "-days", "30", "-subj", "/CN=monsite.local/O=docker-lab", "-keyout", "cle.pem",
        "-out", "cert.pem", volumes={str(tmp_path): {"bind": "/w", "mode": "rw"}},
        working_dir="/w", network_mode="none",
    )
    assert code == 0, out
    subject = subprocess.run(["openssl", "x509", "-in", str(tmp_path / "cert.pem"), "-noout",
                              "-subject"], capture_output=True, text=True, check=True).stdout
    assert "CN = monsite.local" in subject and "O = docker-lab" in subject
    assert "PRIVATE KEY" in (tmp_path / "cle.pem").read_text()


def _pty_session(argv: list[str], script: str, until: str, timeout: float) -> str:
    """Run *argv* on a real pseudo-terminal, type *script*, read until *until* shows."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, close_fds=True)
    os.close(slave)
    out = b""
    deadline = time.monotonic() + timeout
    typed = False
    try:
        while until.encode() not in out and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    out += os.read(master, 65536)
                except OSError:
                    break
            if not typed and b"diagnostic:" in out:  # the prompt: the shell is ready
                os.write(master, script.encode())
                typed = True
    finally:
        proc.kill()
        proc.wait(timeout=10)
        os.close(master)
    return out.decode("utf-8", "replace")


def test_interactive_shell_beside_a_container(
    diag_image: str, target: tuple[Any, Any]
) -> None:
    """``docker run --rm -it --network container:X docker-lab/diagnostic``, on a real PTY."""
    _net, web = target
    name = unique_name("dlt-diag-it-")
    labels = [arg for k, v in test_labels().items() for arg in ("--label", f"{k}={v}")]
    argv = ["docker", "run", "--rm", "-it", "--name", name, *labels,
            "--network", f"container:{web.name}", DIAG]
    script = f"nc -z -w1 127.0.0.1 {WEB_PORT} && echo PORT-$((40+2))-OUVERT\nexit\n"
    try:
        out = _pty_session(argv, script, "PORT-42-OUVERT", timeout=30)
    finally:
        subprocess.run(["docker", "rm", "-f", name], capture_output=True, check=False)
    assert "Outils réseau : tcpdump" in out, out
    assert "PORT-42-OUVERT" in out, out


def test_built_over_a_pulled_image_it_is_kept_even_offline(
    docker_client: Any, diag_image: str
) -> None:
    """The registry path's last step: a name over a pulled image, never replaced offline.

    ``alpine:latest`` stands for the pulled ``nicolaka/netshoot`` (no registry here).
    """
    name = unique_name("dlt-diag-over-") + ":latest"
    spec = ImageSpec(name, diagnostic, "Diagnostic (test).", upstream=True,
                     pull_from="alpine:latest", labels=(("docker-lab.test", "true"),))
    try:
        image_id = build_over(docker_client, "alpine:latest", name, labels_over(spec))
        facts = inspect(docker_client, name)
        assert facts is not None and facts.id == image_id
        assert facts.labels["docker-lab.image"] == name
        base = inspect(docker_client, "alpine:latest")
        assert base is not None  # its stand-in label, if any, is inherited: nothing added
        assert facts.labels.get("docker-lab.standin") == base.labels.get("docker-lab.standin")
        assert facts.labels["docker-lab.description"].startswith("alpine:latest (image offici")
        [again] = run_setup(docker_client, offline=True, catalogue=[spec])
        assert again.status == "uptodate" and "alpine:latest" in again.detail
        assert inspect(docker_client, name).id == image_id  # type: ignore[union-attr]
        assert inspect(docker_client, "alpine:latest") is not None
    finally:
        remove_setup_images(docker_client, tags=[name], force=True)
    assert inspect(docker_client, name) is None
    assert inspect(docker_client, "alpine:latest") is not None, "the pulled image stays"
