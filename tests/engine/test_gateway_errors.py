"""Error mapping: a missing daemon, a refused socket or an old API become typed French errors."""

from __future__ import annotations

import contextlib
import json
import os
import socketserver
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any

import docker
import pytest
import requests
import urllib3

from docker_lab.engine.connection import translate, unreachable
from docker_lab.engine.errors import ApiTooOld, DaemonUnreachable, PermissionDenied
from docker_lab.engine.gateway import DockerGateway
from docker_lab.engine.models import ProbeKind, ProbeRequest
from tests.engine.socket_proxy import SocketProxy


def test_unreachable_message_default_socket() -> None:
    err = unreachable("unix:///var/run/docker.sock")
    assert err.message == "Le démon Docker ne répond pas (unix:///var/run/docker.sock)."
    assert err.fix == "Démarrez-le : sudo systemctl start docker (ou dockerd)"


def test_nonexistent_socket_is_daemon_unreachable() -> None:
    with pytest.raises(DaemonUnreachable) as info:
        DockerGateway(base_url="unix:///nonexistent")
    assert info.value.message == "Le démon Docker ne répond pas (unix:///nonexistent)."
    assert "sudo systemctl start docker" in info.value.fix
    assert "DOCKER_HOST" in info.value.fix


def test_docker_host_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")
    with pytest.raises(DaemonUnreachable) as info:
        DockerGateway()
    assert "unix:///nonexistent/docker.sock" in info.value.message


@pytest.mark.parametrize("host", ["garbage", "tcp://", "http://x:y"])
def test_unusable_docker_host_is_named(monkeypatch: pytest.MonkeyPatch, host: str) -> None:
    monkeypatch.setenv("DOCKER_HOST", host)
    with pytest.raises(DaemonUnreachable) as info:
        DockerGateway()
    assert info.value.message.startswith(f"Adresse du démon Docker inutilisable : {host} (")
    assert "DOCKER_HOST" in info.value.fix


def test_permission_error_chain_maps_to_permission_denied() -> None:
    # The chain the SDK raises when the socket refuses this user.
    root = PermissionError(13, "Permission denied")
    transport = requests.exceptions.ConnectionError(
        urllib3.exceptions.ProtocolError("Connection aborted.", root))
    try:
        try:
            raise transport
        except requests.exceptions.ConnectionError as exc:
            raise docker.errors.DockerException(
                f"Error while fetching server API version: {exc}") from exc
    except docker.errors.DockerException as exc:
        mapped = translate(exc, "unix:///var/run/docker.sock")
    assert isinstance(mapped, PermissionDenied)
    assert "usermod -aG docker" in mapped.fix
    assert "Permission refusée" in mapped.message


def test_http_errors_are_not_daemon_errors() -> None:
    response = requests.Response()
    response.status_code = 404
    assert translate(docker.errors.NotFound("No such container", response=response)) is None


class _OldDaemon(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = json.dumps({"Version": "17.03.0", "ApiVersion": "1.26",
                           "MinAPIVersion": "1.12"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def address_string(self) -> str:
        return "unix"

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def old_daemon() -> Iterator[str]:
    path = f"/tmp/dlt-h3-old-{uuid.uuid4().hex[:8]}.sock"
    server = socketserver.UnixStreamServer(path, _OldDaemon)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"unix://{path}"
    server.shutdown()
    server.server_close()
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def test_api_too_old(old_daemon: str) -> None:
    with pytest.raises(ApiTooOld) as info:
        DockerGateway(base_url=old_daemon)
    assert "1.26" in info.value.message and "1.41" in info.value.message


@pytest.mark.engine
def test_daemon_gone_mid_session(docker_client: Any, engine_resources: Any) -> None:
    net = engine_resources.network("dlt-h3-gone-")
    ctr = engine_resources.container("dlt-h3-gone-", network=net.name)
    proxy = SocketProxy(f"/tmp/dlt-h3-{uuid.uuid4().hex[:8]}.sock")
    proxy.start()
    try:
        gw = DockerGateway(base_url=proxy.url, timeout=5)
        assert ctr.name in gw.snapshot().containers
        proxy.stop()
        with pytest.raises(DaemonUnreachable):
            gw.snapshot()
        with pytest.raises(DaemonUnreachable):
            gw.run_probes([ProbeRequest(ProbeKind.PING, ctr.name, ctr.name)])
        with pytest.raises(DaemonUnreachable):
            gw.ping()
        proxy.start()  # the daemon is back: the same gateway works again
        assert ctr.name in gw.snapshot().containers
        gw.close()
    finally:
        proxy.stop()


def test_other_sdk_errors_become_french_engine_errors() -> None:
    from docker_lab.engine.connection import engine_errors
    from docker_lab.engine.errors import EngineError

    response = requests.Response()
    response.status_code = 500
    with pytest.raises(EngineError) as info, engine_errors("unix:///var/run/docker.sock"):
        raise docker.errors.APIError("boom", response=response, explanation="disque plein")
    assert not isinstance(info.value, DaemonUnreachable)
    assert info.value.message == "Le démon Docker a refusé la requête : disque plein"
