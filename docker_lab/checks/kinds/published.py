"""Check kind ``published``: a container port is published and answers on 127.0.0.1.

Example::

    - kind: published
      container: prometheus
      port: 9090                 # the container port
      host_port: 9090            # optional: this host port

The probe is a TCP connect from the host to ``127.0.0.1`` only (never another
address), so nothing leaves the machine.
"""

from __future__ import annotations

from dataclasses import dataclass

from docker_lab.checks.base import errored, failed, missing_container, not_running, passed
from docker_lab.checks.model import CheckResult
from docker_lab.checks.params import name_value, port_number
from docker_lab.checks.refs import Refs, refs
from docker_lab.checks.registry import (
    HOST_SOURCE,
    CheckKind,
    ProbeResults,
    register,
)
from docker_lab.checks.sharing import (
    conflict_fix,
    conflict_sentence,
    port_conflict,
    reversed_binding,
    reversed_sentence,
)
from docker_lab.engine.models import PortBinding, ProbeKind, ProbeRequest, Snapshot
from docker_lab.spec.schema import Field

KIND = "published"
LOOPBACK_OK = ("", "0.0.0.0", "127.0.0.1", "::", "::1")


@dataclass(frozen=True)
class PublishedParams:
    """Parameters of ``published``."""

    container: str
    port: int
    host_port: int | None = None


def _binding(params: PublishedParams, snapshot: Snapshot) -> PortBinding | None:
    c = snapshot.container(params.container)
    if c is None:
        return None
    port, host_port = params.port, params.host_port
    candidates = [b for b in c.ports if b.container_port == port and b.protocol == "tcp"
                  and (not host_port or b.host_port == host_port)]
    usable = [b for b in candidates if b.host_ip in LOOPBACK_OK]
    found = usable or candidates
    return found[0] if found else None


def _request(binding: PortBinding) -> ProbeRequest:
    return ProbeRequest(ProbeKind.TCP, HOST_SOURCE, "127.0.0.1", binding.host_port)


def probes(params: PublishedParams, snapshot: Snapshot) -> list[ProbeRequest]:
    """One TCP connect from the host to 127.0.0.1 on the published port, if there is one."""
    c = snapshot.container(params.container)
    binding = _binding(params, snapshot)
    if c is None or not c.running or binding is None or binding.host_ip not in LOOPBACK_OK:
        return []
    return [_request(binding)]


def evaluate(params: PublishedParams, snapshot: Snapshot, results: ProbeResults,
             answer: str | None) -> CheckResult:
    """The port is published on the host and a TCP connect to 127.0.0.1 succeeds."""
    name, port = params.container, params.port
    host_port = params.host_port
    expected = f"127.0.0.1:{host_port or '<port>'} → {name}:{port}"
    c = snapshot.container(name)
    if c is None:
        return missing_container(KIND, name, snapshot, f"docker run -d --name {name} "
                                 f"-p {host_port or port}:{port} …")
    conflict = port_conflict(c, snapshot)
    if conflict is not None:
        return failed(KIND, conflict_sentence(c, *conflict), conflict_fix(c, conflict[0]),
                      expected=expected, actual=f"port {conflict[0].host_port} déjà pris")
    if not c.running:
        return not_running(KIND, c)
    binding = _binding(params, snapshot)
    if binding is None:
        shown = ", ".join(f"{b.container_port}/{b.protocol} → {b.host_ip or '0.0.0.0'}:"
                          f"{b.host_port}" for b in c.ports) or "aucun"
        swapped = reversed_binding(c.ports, port, host_port)
        why = reversed_sentence(swapped) if swapped else " Les ports se publient au lancement."
        return failed(KIND, f"Le port {port} de « {name} » n'est pas publié sur l'hôte"
                      f"{f' au port {host_port}' if host_port else ''} (ports publiés : {shown})."
                      f"{why}",
                      f"docker rm -f {name} puis docker run -d --name {name} "
                      f"-p {host_port or port}:{port} …", expected=expected, actual=shown)
    if binding.host_ip not in LOOPBACK_OK:
        return failed(KIND, f"Le port {port} de « {name} » est publié seulement sur "
                      f"{binding.host_ip}:{binding.host_port}, pas sur 127.0.0.1.",
                      f"publiez-le avec -p {binding.host_port}:{port}",
                      expected=expected, actual=f"{binding.host_ip}:{binding.host_port}")
    result = results.get(_request(binding))
    where = f"127.0.0.1:{binding.host_port}"
    if result is None or result.error:
        why = result.detail if result is not None else "la sonde n'a pas pu être lancée"
        return errored(KIND, f"Impossible de tester {where} : {why}", expected)
    if not result.ok:
        return failed(KIND, f"Le port {port} de « {name} » est publié sur {where} mais rien n'y "
                      f"répond ({result.detail or 'connexion refusée'}) : le service démarre "
                      "peut-être encore ou écoute sur un autre port.",
                      f"docker logs {name} puis curl -s http://{where}/",
                      expected=expected, actual=f"{where} ne répond pas")
    return passed(KIND, f"Le port {port} de « {name} » répond sur {where}.",
                  expected=expected, actual=f"{where} répond")


def _refs(params: PublishedParams) -> Refs:
    return refs(containers=params.container)


register(CheckKind(
    name=KIND,
    summary="un port du container est publié et répond sur 127.0.0.1 (connexion TCP depuis l'hôte)",
    params=PublishedParams,
    fields=(Field("container", str, required=True, validator=name_value(),
                  doc="texte : le nom du container"),
            Field("port", int, required=True, validator=port_number(),
                  doc="entier 1–65535 : le port du container (TCP)"),
            Field("host_port", int, validator=port_number(),
                  doc="entier 1–65535 : le port de l'hôte où il doit être publié ; absent, "
                      "n'importe lequel")),
    evaluate=evaluate, probes=probes, references=_refs,
))
