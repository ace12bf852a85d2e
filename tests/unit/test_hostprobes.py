"""Host probes: files of the working directory and a real TLS handshake on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import json
import socket
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from docker_lab.checks.registry import HOST_SOURCE
from docker_lab.engine.models import ProbeKind, ProbeRequest
from docker_lab.lab.hostprobes import MAX_FILE, host_probe


def file_request(target: str) -> ProbeRequest:
    return ProbeRequest(ProbeKind.FILE, HOST_SOURCE, target)


def test_file_probe_reads_a_file_of_the_working_directory(tmp_path: Path) -> None:
    (tmp_path / "docker-compose.yml").write_text("services: {}\n")
    result = host_probe(file_request("docker-compose.yml"), tmp_path)
    assert result.ok and result.detail == "services: {}\n"
    missing = host_probe(file_request("compose.yaml"), tmp_path)
    assert not missing.ok and not missing.error and missing.detail == "fichier absent"


def test_file_probe_stays_in_the_working_directory(tmp_path: Path) -> None:
    (tmp_path / "secret").write_text("x")
    work = tmp_path / "work"
    work.mkdir()
    for target in ("../secret", "/etc/passwd"):
        result = host_probe(file_request(target), work)
        assert result.error and "hors du dossier" in result.detail
    assert host_probe(file_request("x.yml"), None).error


def test_file_probe_refuses_what_is_not_a_small_regular_text_file(tmp_path: Path) -> None:
    (tmp_path / "dossier.yml").mkdir()
    (tmp_path / "gros.yml").write_text("a" * (MAX_FILE + 1))
    (tmp_path / "utf16.yml").write_bytes("services:".encode("utf-16"))
    assert "ordinaire" in host_probe(file_request("dossier.yml"), tmp_path).detail
    assert "trop gros" in host_probe(file_request("gros.yml"), tmp_path).detail
    assert "UTF-8" in host_probe(file_request("utf16.yml"), tmp_path).detail


def make_certificate(folder: Path, common_name: str, san: list[str]) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = dt.datetime.now(dt.UTC)
    builder = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - dt.timedelta(minutes=1))
               .not_valid_after(now + dt.timedelta(days=1)))
    if san:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(n) for n in san]), critical=False)
    cert = builder.sign(key, hashes.SHA256())
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[int]:
    """A TLS server on 127.0.0.1 presenting CN=boutique.local, SAN www.boutique.local."""
    cert, key = make_certificate(tmp_path, "boutique.local", ["www.boutique.local"])
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            try:
                with context.wrap_socket(conn, server_side=True):
                    pass
            except (ssl.SSLError, OSError):
                conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield port
    stop.set()
    thread.join(timeout=5)
    listener.close()


def test_tls_probe_reports_the_names_of_the_certificate(tls_server: int) -> None:
    result = host_probe(ProbeRequest(ProbeKind.TLS, HOST_SOURCE, "boutique.local", tls_server))
    assert result.ok, result.detail
    names = json.loads(result.detail)
    assert names == {"subject_cn": ["boutique.local"], "san": ["www.boutique.local"],
                     "issuer_cn": ["boutique.local"]}


def test_tls_probe_on_a_plain_port_fails_in_french() -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def answer_plain() -> None:
        conn, _ = listener.accept()
        conn.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")
        conn.close()

    thread = threading.Thread(target=answer_plain, daemon=True)
    thread.start()
    result = host_probe(ProbeRequest(ProbeKind.TLS, HOST_SOURCE, "boutique.local", port,
                                     timeout=2.0))
    thread.join(timeout=5)
    listener.close()
    assert not result.ok and "TLS" in result.detail


def test_tls_probe_refused_port() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = host_probe(ProbeRequest(ProbeKind.TLS, HOST_SOURCE, "boutique.local", port))
    assert not result.ok and result.detail == "connexion refusée"
