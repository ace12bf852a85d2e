"""Check kind ``answer``: the student types a value, compared with the live state.

Example::

    - kind: answer
      expect: subnet           # subnet | gateway (of « network ») | ip (of « container »
      network: bridge          #   on « network ») | value (the literal « value »)
    - kind: answer
      expect: ip
      container: database
      network: app-network
    - kind: answer
      expect: port_owner       # network | interfaces | mtu (of « container »)
      port: 8080               # port_owner: the container publishing this host port

Without an answer the verdict is ``pending``. The expected value is never put in
a message: the student must find it.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from docker_lab.checks.answer_facts import FACTS, clean, matches, question, reason, values
from docker_lab.checks.answer_facts import probes as fact_probes
from docker_lab.checks.answer_ip import no_address, whose_address
from docker_lab.checks.base import failed, missing_container, missing_network, passed, same_address
from docker_lab.checks.model import CheckResult, Status
from docker_lab.checks.params import name_value, port_number
from docker_lab.checks.refs import Refs, refs
from docker_lab.checks.registry import CheckKind, ProbeResults, register
from docker_lab.engine.models import IpamPool, ProbeRequest, Snapshot
from docker_lab.spec.schema import Field, one_of

KIND = "answer"


@dataclass(frozen=True)
class AnswerParams:
    """Parameters of ``answer``; which others are needed depends on ``expect``."""

    expect: str  # subnet | gateway | ip | value | network | interfaces | port_owner | mtu
    network: str | None = None
    container: str | None = None
    value: str | int | float | None = None
    port: int | None = None


def _pool_value(pool: IpamPool, expect: str) -> str | None:
    """A pool's subnet or gateway."""
    return pool.subnet if expect == "subnet" else pool.gateway


def _question(params: AnswerParams) -> tuple[str, str]:
    """(what is asked, a command that finds it)."""
    expect, net, ctr = params.expect, params.network, params.container
    if expect in FACTS:
        return question(expect, str(ctr), params.port)
    if expect == "subnet":
        return (f"le sous-réseau du réseau « {net} »",
                f"docker network inspect {net} --format '{{{{range .IPAM.Config}}}}"
                "{{.Subnet}}{{end}}'")
    if expect == "gateway":
        return (f"la passerelle du réseau « {net} »",
                f"docker network inspect {net} --format '{{{{range .IPAM.Config}}}}"
                "{{.Gateway}}{{end}}'")
    if expect == "ip":
        return (f"l'adresse IP de « {ctr} » sur « {net} »",
                f"docker inspect {ctr} --format '{{{{range .NetworkSettings.Networks}}}}"
                "{{.IPAddress}} {{end}}'")
    return "la valeur demandée", "relisez les consignes"


def _expected(params: AnswerParams, snapshot: Snapshot
              ) -> tuple[list[str], CheckResult | None]:
    expect, net, ctr = params.expect, str(params.network), str(params.container)
    if expect == "value":
        return [str(params.value)], None
    if expect in ("subnet", "gateway"):
        info = snapshot.network(net)
        if info is None:
            return [], missing_network(KIND, net, snapshot)
        return [str(_pool_value(p, expect)) for p in info.ipam if _pool_value(p, expect)], None
    c = snapshot.container(ctr)
    if c is None:
        return [], missing_container(KIND, ctr, snapshot)
    endpoint = c.endpoints.get(net)
    if endpoint is None or not endpoint.ip:
        return [], no_address(KIND, c, net)
    return [endpoint.ip], None


def _elsewhere(params: AnswerParams, snapshot: Snapshot, given: str) -> str:
    """Explain a wrong answer that is a value of another network or container."""
    expect = params.expect
    if expect == "ip":
        c = snapshot.container(str(params.container))
        for net, e in (c.endpoints.items() if c else ()):
            if e.ip and same_address(e.ip, given):
                return (f" : c'est l'adresse de « {params.container} » sur « {net} », "
                        f"pas sur « {params.network} »")
        if "/" in given:
            return " (donnez l'adresse seule, sans /préfixe)" if c and any(
                e.ip and same_address(e.ip, given.split("/")[0]) for e in c.endpoints.values()
            ) else ""
        return whose_address(snapshot, str(params.container), given)
    if expect in ("subnet", "gateway"):
        for other in snapshot.networks.values():
            if other.name != params.network and any(
                    same_address(_pool_value(p, expect) or "", given) for p in other.ipam):
                which = "celui" if expect == "subnet" else "celle"  # le sous-réseau
                return f" : c'est {which} du réseau « {other.name} »"
        if expect == "subnet":
            near = _near_subnet(snapshot, str(params.network), given)
            if near:
                return near
        if expect == "subnet" and "/" not in given:
            return " (un sous-réseau s'écrit avec son préfixe, par ex. 10.0.0.0/24)"
    return ""


def _near_subnet(snapshot: Snapshot, network: str, given: str) -> str:
    """Name a wrong subnet that is close to the network's own: its gateway given instead
    (what ``ip addr`` shows on the host), or its address with another prefix."""
    info = snapshot.network(network)
    for pool in info.ipam if info else ():
        if "/" not in given and pool.gateway and same_address(pool.gateway, given):
            return (" : c'est sa passerelle (Gateway), pas son sous-réseau (Subnet), qui "
                    "s'écrit avec son préfixe, par ex. 10.0.0.0/24")
        try:
            mine = ipaddress.ip_network(pool.subnet or "", strict=False)
            yours = ipaddress.ip_network(given, strict=False)
        except ValueError:
            continue
        if "/" in given and yours.network_address == mine.network_address and (
                yours.prefixlen != mine.prefixlen):
            return (f" : l'adresse est la bonne, mais pas le préfixe /{yours.prefixlen} (il dit "
                    "combien de bits fixent le réseau)")
    return ""


def normalize_answer(answer: str) -> str:
    """An address as typed, without spaces anywhere nor a final full stop."""
    return "".join(answer.split()).rstrip(".,;")


def _has_host_bits(given: str) -> bool:
    try:
        ipaddress.ip_network(given, strict=True)
    except ValueError:
        return True
    return False


def evaluate(params: AnswerParams, snapshot: Snapshot, probes: ProbeResults,
             answer: str | None) -> CheckResult:
    """Compare the student's answer with the value read from the engine."""
    what, how = _question(params)
    if answer is None or not answer.strip():
        return CheckResult(KIND, Status.PENDING, f"En attente de votre réponse : {what}. "
                           f"Pour la trouver : {how}", expected=what)
    given = normalize_answer(answer) if params.expect != "value" else answer.strip()
    if params.expect in FACTS:
        return _fact(params, snapshot, probes, clean(given), what, how)
    values, problem = _expected(params, snapshot)
    if problem is not None:
        return problem
    ok = any(same_address(v, given) if params.expect != "value"
             else v.strip().casefold() == given.casefold() for v in values)
    if params.expect == "subnet" and "/" not in given:
        ok = False
    host_bits = params.expect == "subnet" and ok and _has_host_bits(given)
    if host_bits:
        return failed(KIND, f"« {given} » est une adresse avec son préfixe (comme l'affiche "
                      "ip addr), pas un sous-réseau : un sous-réseau s'écrit avec sa première "
                      "adresse, celle du réseau.", how, expected=what, actual=given)
    if params.expect == "ip" and "/" in given:
        ok = False
    if ok:
        return passed(KIND, f"Bonne réponse : « {given} » est bien {what}.",
                      expected=what, actual=given)
    return failed(KIND, f"« {given} » n'est pas {what}{_elsewhere(params, snapshot, given)}.",
                  how, expected=what, actual=given)


def _fact(params: AnswerParams, snapshot: Snapshot, probes: ProbeResults, given: str,
          what: str, how: str) -> CheckResult:
    """A question about the live state: network, interfaces, port_owner, mtu."""
    expect, ctr = params.expect, str(params.container)
    accepted, problem = values(KIND, expect, ctr, params.port, snapshot, probes)
    if problem is not None:
        return problem
    if any(matches(expect, v, given, snapshot) for v in accepted):
        return passed(KIND, f"Bonne réponse : « {given} » est bien {what}.",
                      expected=what, actual=given)
    why = reason(expect, ctr, params.port, given, accepted, snapshot)
    return failed(KIND, f"« {given} » n'est pas {what}{why}.", how, expected=what, actual=given)


def _probes(params: AnswerParams, snapshot: Snapshot) -> list[ProbeRequest]:
    return fact_probes(params.expect, params.container, snapshot)


def _rules(params: AnswerParams) -> list[str]:
    expect = params.expect
    given = {"network": params.network, "container": params.container, "value": params.value,
             "port": params.port}
    needs = {"subnet": ("network",), "gateway": ("network",), "ip": ("container", "network"),
             "value": ("value",), "network": ("container",), "interfaces": ("container",),
             "mtu": ("container",), "port_owner": ("port",)}.get(expect, ())
    return [f"« expect: {expect} » demande « {key} »" for key in needs if not given[key]]


def _refs(params: AnswerParams) -> Refs:
    return refs(containers=params.container, networks=params.network)


register(CheckKind(
    name=KIND,
    summary="l'étudiant donne une valeur (sous-réseau, passerelle, adresse IP, réseau, nombre "
            "d'interfaces ou MTU d'un container, container qui publie un port, ou valeur "
            "fixe), comparée à l'état réel du moteur",
    params=AnswerParams,
    fields=(Field("expect", str, required=True,
                  validator=one_of(("subnet", "gateway", "ip", "value", *FACTS)),
                  doc="texte, ce qui est demandé : subnet (le sous-réseau de « network », "
                      "avec son préfixe), gateway (la passerelle de « network »), ip "
                      "(l'adresse de « container » sur « network »), value (la valeur fixe "
                      "« value »), network (un réseau de « container »), interfaces (le "
                      "nombre d'interfaces de « container » : lo plus une par réseau), "
                      "port_owner (le container qui publie le port « port » de l'hôte), mtu "
                      "(la MTU d'eth0 dans « container »)"),
            Field("network", str, validator=name_value(),
                  doc="texte : le réseau interrogé (pour subnet, gateway et ip)"),
            Field("container", str, validator=name_value(),
                  doc="texte : le container interrogé (pour ip, network, interfaces et mtu)"),
            Field("port", int, validator=port_number(),
                  doc="entier 1–65535 : le port de l'hôte (pour port_owner)"),
            Field("value", (str, int, float),
                  doc="texte ou nombre : la réponse attendue (pour value), comparée sans "
                      "tenir compte des majuscules")),
    evaluate=evaluate, probes=_probes, references=_refs, validate=_rules, uses_answer=True,
))
