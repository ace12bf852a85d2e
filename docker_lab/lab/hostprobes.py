"""Probes made from the host, never leaving the machine.

- TCP: a connect to ``127.0.0.1:port`` (a published port answers);
- TLS: a handshake on ``127.0.0.1:port``; the request's ``target`` is only the name sent
  in SNI (the connection always goes to 127.0.0.1); ``detail`` is JSON with the names
  of the certificate presented (``subject_cn``, ``san``, ``issuer_cn``);
- FILE: a regular file of the exercise's working directory (``target`` relative, no
  ``..``), at most :data:`MAX_FILE` bytes; ``detail`` is its text.
- COMMANDS: the commands run in the app's console since the step became current (the
  session gives them, from :mod:`docker_lab.lab.commands`); ``detail`` is JSON.
"""

from __future__ import annotations

import json
import socket
import ssl
import stat
from collections.abc import Callable, Sequence
from pathlib import Path, PurePosixPath

from docker_lab.engine.models import ProbeKind, ProbeRequest, ProbeResult
from docker_lab.progress.commandlog import CommandRecord

#: Gives the commands run since the step being checked became current.
CommandSource = Callable[[], Sequence[CommandRecord]]

#: The largest file a FILE probe reads (a Compose file is a few kilobytes).
MAX_FILE = 256 * 1024
LOOPBACK = "127.0.0.1"


def _result(request: ProbeRequest, ok: bool, detail: str, error: bool = False) -> ProbeResult:
    return ProbeResult(request, ok, detail=detail, error=error, method="host")


def tcp_probe(request: ProbeRequest) -> ProbeResult:
    """TCP connect from the host to ``127.0.0.1:port`` (never another address)."""
    if request.target != LOOPBACK or not request.port:
        return _result(request, False, "sonde hôte limitée à TCP sur 127.0.0.1", error=True)
    try:
        with socket.create_connection((LOOPBACK, request.port), timeout=request.timeout):
            return _result(request, True, "connexion acceptée")
    except TimeoutError:
        return _result(request, False, "délai dépassé")
    except OSError as exc:
        detail = "connexion refusée" if isinstance(exc, ConnectionRefusedError) else str(exc)
        return _result(request, False, detail)


def certificate_names(der: bytes) -> dict[str, object]:
    """The names a DER certificate carries: subject CN, DNS SANs, issuer CN."""
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    cert = x509.load_der_x509_certificate(der)

    def common_names(name: x509.Name) -> list[str]:
        return [str(a.value) for a in name.get_attributes_for_oid(NameOID.COMMON_NAME)]

    try:
        extension = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName)
        san = [str(n) for n in extension.value.get_values_for_type(x509.DNSName)]
    except x509.ExtensionNotFound:
        san = []
    return {"subject_cn": common_names(cert.subject), "san": san,
            "issuer_cn": common_names(cert.issuer)}


def tls_probe(request: ProbeRequest) -> ProbeResult:
    """A TLS handshake on ``127.0.0.1:port`` (no verification: the student's own certificate)."""
    if not request.port:
        return _result(request, False, "sonde TLS sans numéro de port", error=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    server_name = request.target if request.target and request.target != LOOPBACK else None
    try:
        with socket.create_connection((LOOPBACK, request.port), timeout=request.timeout) as raw, \
                context.wrap_socket(raw, server_hostname=server_name) as tls:
            der = tls.getpeercert(binary_form=True)
    except TimeoutError:
        return _result(request, False, "délai dépassé pendant la poignée de main TLS")
    except ConnectionRefusedError:
        return _result(request, False, "connexion refusée")
    except ssl.SSLError as exc:
        return _result(request, False, f"poignée de main TLS refusée ({exc.reason or exc})")
    except OSError as exc:
        return _result(request, False, f"connexion impossible ({exc})")
    if not der:
        return _result(request, False, "le serveur n'a présenté aucun certificat")
    try:
        names = certificate_names(der)
    except ValueError as exc:
        return _result(request, False, f"certificat illisible ({exc})")
    return _result(request, True, json.dumps(names, ensure_ascii=False))


def file_probe(request: ProbeRequest, workdir: Path | None) -> ProbeResult:
    """Read file ``target`` of the working directory *workdir* (text, bounded)."""
    relative = PurePosixPath(request.target)
    if workdir is None or relative.is_absolute() or ".." in relative.parts:
        return _result(request, False, "fichier hors du dossier de l'exercice", error=True)
    path = workdir / relative
    try:
        info = path.stat()
    except FileNotFoundError:
        return _result(request, False, "fichier absent")
    except OSError as exc:
        return _result(request, False, f"fichier illisible ({exc.strerror or exc})")
    if not stat.S_ISREG(info.st_mode):
        return _result(request, False, "ce n'est pas un fichier ordinaire")
    if info.st_size > MAX_FILE:
        return _result(request, False, f"fichier trop gros ({info.st_size} octets)")
    try:
        return _result(request, True, path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return _result(request, False, "fichier qui n'est pas du texte UTF-8")
    except OSError as exc:
        return _result(request, False, f"fichier illisible ({exc.strerror or exc})")


def commands_probe(request: ProbeRequest, commands: CommandSource | None) -> ProbeResult:
    """The commands run since the step became current, as JSON (oldest first)."""
    if commands is None:
        return _result(request, False, "journal des commandes indisponible", error=True)
    listed = [{"command": c.command, "status": c.status} for c in commands()]
    return _result(request, True, json.dumps(listed, ensure_ascii=False))


def host_probe(request: ProbeRequest, workdir: Path | None = None,
               commands: CommandSource | None = None) -> ProbeResult:
    """Run one host probe (TCP, TLS, FILE or COMMANDS)."""
    if request.kind is ProbeKind.TCP:
        return tcp_probe(request)
    if request.kind is ProbeKind.TLS:
        return tls_probe(request)
    if request.kind is ProbeKind.FILE:
        return file_probe(request, workdir)
    if request.kind is ProbeKind.COMMANDS:
        return commands_probe(request, commands)
    return _result(request, False, f"la sonde « {request.kind} » ne se fait pas depuis l'hôte",
                   error=True)
