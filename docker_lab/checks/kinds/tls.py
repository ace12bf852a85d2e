"""Check kind ``tls``: a real TLS handshake on a published port, with the expected certificate.

Example::

    - kind: tls
      container: lb              # a container, or a service of the exercise's Compose project
      port: 443                  # the container port (443 by default)
      name: boutique.local       # the certificate's subject CN or one of its DNS SANs

The probe connects from the host to ``127.0.0.1`` on the host port published for the
container's port (sending *name* in SNI) and reads the certificate presented: a
handshake alone does not pass, the certificate must be made for *name* (so nginx's
built-in certificate for ``localhost`` does not pass for the student's).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from docker_lab.checks.base import errored, failed, missing_container, not_running, passed
from docker_lab.checks.kinds.published import LOOPBACK_OK
from docker_lab.checks.model import CheckResult
from docker_lab.checks.params import name_value, port_number
from docker_lab.checks.refs import Refs, refs
from docker_lab.checks.registry import HOST_SOURCE, CheckKind, ProbeResults, register
from docker_lab.engine.models import PortBinding, ProbeKind, ProbeRequest, Snapshot
from docker_lab.spec.schema import Field

KIND = "tls"


@dataclass(frozen=True)
class TlsParams:
    """Parameters of ``tls``."""

    container: str
    name: str
    port: int = 443


def _binding(params: TlsParams, snapshot: Snapshot) -> PortBinding | None:
    c = snapshot.container(params.container)
    if c is None:
        return None
    found = [b for b in c.ports if b.container_port == params.port and b.protocol == "tcp"]
    found.sort(key=lambda b: b.host_ip not in LOOPBACK_OK)
    return found[0] if found else None


def _request(params: TlsParams, binding: PortBinding) -> ProbeRequest:
    return ProbeRequest(ProbeKind.TLS, HOST_SOURCE, params.name, binding.host_port, timeout=3.0)


def probes(params: TlsParams, snapshot: Snapshot) -> list[ProbeRequest]:
    """One TLS handshake from the host on 127.0.0.1, when the port is published there."""
    c = snapshot.container(params.container)
    binding = _binding(params, snapshot)
    if c is None or not c.running or binding is None or binding.host_ip not in LOOPBACK_OK:
        return []
    return [_request(params, binding)]


def _names(detail: str) -> tuple[list[str], list[str]]:
    data = json.loads(detail)
    return [str(n) for n in data.get("subject_cn", [])], [str(n) for n in data.get("san", [])]


def _matches(expected: str, names: list[str]) -> bool:
    expected = expected.lower().rstrip(".")
    for name in (n.lower().rstrip(".") for n in names):
        if name == expected or (name.startswith("*.") and expected.endswith(name[1:])
                                and expected.count(".") == name.count(".")):
            return True
    return False


def evaluate(params: TlsParams, snapshot: Snapshot, results: ProbeResults,
             answer: str | None) -> CheckResult:
    """The handshake succeeds and the certificate is made for ``name``."""
    who, port, wanted = params.container, params.port, params.name
    expected = f"un certificat pour {wanted} sur le port publié pour {who}:{port}"
    c = snapshot.container(who)
    if c is None:
        return missing_container(KIND, who, snapshot, f"docker compose up -d (service {who})")
    if not c.running:
        return not_running(KIND, c)
    binding = _binding(params, snapshot)
    if binding is None:
        return failed(KIND, f"Le port {port} de « {who} » n'est pas publié sur l'hôte : aucun "
                      "client ne peut y faire de TLS.",
                      f"publiez-le : « - \"8443:{port}\" » sous « ports: » (ou -p 8443:{port})",
                      expected=expected, actual="port non publié")
    if binding.host_ip not in LOOPBACK_OK:
        return failed(KIND, f"Le port {port} de « {who} » est publié seulement sur "
                      f"{binding.host_ip}, pas sur 127.0.0.1.", f"publiez-le avec "
                      f"« {binding.host_port}:{port} »", expected=expected,
                      actual=f"{binding.host_ip}:{binding.host_port}")
    where = f"127.0.0.1:{binding.host_port}"
    result = results.get(_request(params, binding))
    if result is None or result.error:
        why = result.detail if result is not None else "la sonde n'a pas pu être lancée"
        return errored(KIND, f"Impossible de tester TLS sur {where} : {why}", expected)
    if not result.ok:
        return failed(KIND, f"Pas de TLS sur {where} ({result.detail}) : le serveur de « {who} » "
                      f"n'écoute pas en TLS sur son port {port}.",
                      f"dans la configuration nginx : « listen {port} ssl; » avec "
                      "ssl_certificate et ssl_certificate_key, puis vérifiez avec "
                      f"openssl s_client -connect {where} -servername {wanted}",
                      expected=expected, actual=result.detail)
    subjects, san = _names(result.detail)
    shown = ", ".join(dict.fromkeys(subjects + san)) or "aucun nom"
    if not _matches(wanted, subjects + san):
        return failed(KIND, f"Le certificat présenté sur {where} n'est pas fait pour {wanted} "
                      f"(il porte : {shown}) : c'est sans doute le certificat par défaut du "
                      "serveur, pas le vôtre.",
                      f"créez un certificat avec -subj /CN={wanted} (et -addext "
                      f"subjectAltName=DNS:{wanted}) puis montez-le dans le container",
                      expected=expected, actual=shown)
    return passed(KIND, f"TLS fonctionne sur {where} avec un certificat pour {wanted}.",
                  expected=expected, actual=shown)


def _refs(params: TlsParams) -> Refs:
    return refs(containers=params.container)


register(CheckKind(
    name=KIND,
    summary="une vraie poignée de main TLS sur le port publié (127.0.0.1) présente un certificat "
            "fait pour le nom demandé",
    params=TlsParams,
    fields=(Field("container", str, required=True, validator=name_value(),
                  doc="texte : le container (ou le service Compose de l'exercice)"),
            Field("name", str, required=True,
                  doc="texte : le nom que le certificat doit porter (CN ou SAN DNS), "
                      "par ex. boutique.local"),
            Field("port", int, validator=port_number(),
                  doc="entier 1–65535 : le port TLS du container (443 par défaut)")),
    evaluate=evaluate, probes=probes, references=_refs,
))
