"""Check kinds ``attached`` and ``not_attached``: a container on (or off) a network.

Example::

    - kind: attached
      container: backend
      network: app-network
      aliases: [api]            # optional: these aliases on that network
      ip: 172.20.0.10           # optional: this fixed address (--ip)
    - kind: not_attached
      container: mon-container
      network: mon-app-network
"""

from __future__ import annotations

from dataclasses import dataclass

from docker_lab.checks.base import (
    failed,
    missing_container,
    missing_network,
    network_mode,
    networks_text,
    passed,
    quoted,
    same_address,
)
from docker_lab.checks.model import CheckResult
from docker_lab.checks.params import ip_value, name_value, names_value
from docker_lab.checks.refs import Refs, refs
from docker_lab.checks.registry import CheckKind, ProbeResults, register
from docker_lab.engine.models import Snapshot
from docker_lab.spec.schema import Field

ATTACHED = "attached"
NOT_ATTACHED = "not_attached"


@dataclass(frozen=True)
class NotAttachedParams:
    """Parameters of ``not_attached``: a container and a network."""

    container: str
    network: str


@dataclass(frozen=True)
class AttachedParams(NotAttachedParams):
    """Parameters of ``attached``: also the aliases and the fixed address asked."""

    aliases: tuple[str, ...] = ()
    ip: str | None = None


def _connect(params: AttachedParams, container: str, network: str) -> str:
    flags = "".join(f" --alias {a}" for a in params.aliases)
    if params.ip:
        flags += f" --ip {params.ip}"
    return f"docker network connect{flags} {network} {container}"


def evaluate_attached(params: AttachedParams, snapshot: Snapshot, probes: ProbeResults,
                      answer: str | None) -> CheckResult:
    """The container is attached to the network (with the aliases and IP asked)."""
    name, network = params.container, params.network
    c = snapshot.container(name)
    if c is None:
        return missing_container(ATTACHED, name, snapshot, f"docker run -d --name {name} "
                                 f"--network {network} …")
    if snapshot.network(network) is None and network not in c.endpoints:
        return missing_network(ATTACHED, network, snapshot)
    expected = f"« {name} » connecté à « {network} »"
    endpoint = c.endpoints.get(network)
    if endpoint is None:
        mode = network_mode(c)
        if mode in ("host", "none") or mode.startswith("container:"):
            return failed(ATTACHED, f"Le container « {name} » est en mode réseau « {mode} » : "
                          f"il ne peut pas être connecté à « {network} ».",
                          f"docker rm -f {name} puis docker run -d --name {name} --network "
                          f"{network} …", expected=expected, actual=f"network_mode={mode}")
        return failed(ATTACHED, f"Le container « {name} » est {networks_text(c)} mais pas à "
                      f"« {network} ».", _connect(params, name, network),
                      expected=expected, actual=networks_text(c))
    redo = f"docker network disconnect {network} {name} puis {_connect(params, name, network)}"
    missing = [a for a in params.aliases if a not in endpoint.aliases]
    if missing:
        have = [a for a in endpoint.aliases if len(a) != 12 or a not in c.id]
        return failed(ATTACHED, f"Le container « {name} » est connecté à « {network} » sans "
                      f"l'alias {quoted(missing)} (alias actuels : {quoted(have)}).", redo,
                      expected=f"alias {','.join(missing)}", actual=",".join(have) or "aucun")
    want_ip = params.ip
    if want_ip:
        have_ip = endpoint.ip or endpoint.requested_ip or ""
        if not have_ip or not same_address(have_ip, want_ip):
            shown = have_ip or "aucune adresse (container arrêté ?)"
            return failed(ATTACHED, f"Le container « {name} » a l'adresse {shown} sur "
                          f"« {network} » au lieu de {want_ip}.", redo,
                          expected=f"ip={want_ip}", actual=f"ip={have_ip or 'aucune'}")
    ip = f" (adresse {endpoint.ip})" if endpoint.ip else ""
    return passed(ATTACHED, f"Le container « {name} » est connecté à « {network} »{ip}.",
                  expected=expected, actual=networks_text(c))


def evaluate_not_attached(params: NotAttachedParams, snapshot: Snapshot, probes: ProbeResults,
                          answer: str | None) -> CheckResult:
    """The container exists and is not attached to the network."""
    name, network = params.container, params.network
    c = snapshot.container(name)
    if c is None:
        return missing_container(NOT_ATTACHED, name, snapshot)
    expected = f"« {name} » non connecté à « {network} »"
    if network in c.endpoints:
        others = [n for n in c.endpoints if n != network]
        also = f" (et aussi à {quoted(sorted(others))})" if others else " (son seul réseau)"
        return failed(NOT_ATTACHED, f"Le container « {name} » est encore connecté à "
                      f"« {network} »{also}.",
                      f"docker network disconnect {network} {name}",
                      expected=expected, actual=networks_text(c))
    return passed(NOT_ATTACHED, f"Le container « {name} » n'est pas connecté à « {network} » "
                  f"({networks_text(c)}).", expected=expected, actual=networks_text(c))


def _refs(params: NotAttachedParams) -> Refs:
    return refs(containers=params.container, networks=params.network)


BASE = (
    Field("container", str, required=True, validator=name_value(),
          doc="texte : le nom du container"),
    Field("network", str, required=True, validator=name_value(),
          doc="texte : le nom du réseau"),
)

register(CheckKind(
    name=ATTACHED,
    summary="le container est connecté au réseau (avec les alias ou l'adresse IP fixe demandés)",
    params=AttachedParams,
    fields=(*BASE, Field("aliases", list, items=str, validator=names_value(),
                         doc="liste de noms : les alias que le container doit avoir sur ce "
                             "réseau (--alias)"),
            Field("ip", str, validator=ip_value(),
                  doc="texte, adresse IP : l'adresse fixe qu'il doit avoir sur ce réseau "
                      "(--ip)")),
    evaluate=evaluate_attached,
    references=_refs,
))

register(CheckKind(
    name=NOT_ATTACHED,
    summary="le container existe et n'est pas connecté au réseau",
    params=NotAttachedParams,
    fields=BASE,
    evaluate=evaluate_not_attached,
    references=_refs,
))
