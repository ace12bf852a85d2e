"""Check kind ``container``: it exists, runs, and is configured as asked.

Example::

    - kind: container
      name: postgres-db
      image: postgres:13
      state: running               # running (default) | exists | stopped
      networks: [data-net]         # at least these networks…
      exact_networks: true         # …and no other
      env: {POSTGRES_DB: ecommerce, POSTGRES_USER: app, POSTGRES_PASSWORD: null}
      volumes: {postgres-data: /var/lib/postgresql/data}
    - kind: container
      name: isole
      network_mode: none           # bridge | host | none (none: only the lo interface)
    - kind: container
      name: nginx-lb
      ports: [80, "443/tcp", "8080:80"]   # container ports published (host port optional)

Other parameters: ``keeps_start_network`` (still on the network it was started
on, plus another), ``on_start_network`` (still on the network it was started on),
``mounts`` (list of ``{destination, type, source, read_only}``),
``healthy`` (its healthcheck says healthy), ``public_ports`` (the ports are not
published on 127.0.0.1 only).
"""

from __future__ import annotations

from typing import Any

from docker_lab.checks.base import failed, missing_container, networks_text, passed, state_text
from docker_lab.checks.container_parts import (
    Gap,
    env_gaps,
    health_gaps,
    image_gaps,
    mode_gaps,
    mount_gaps,
    network_gaps,
    port_gaps,
    run_command,
    state_gaps,
    volume_gaps,
)
from docker_lab.checks.model import CheckResult
from docker_lab.checks.params import name_value, names_value, ports_value, text_map
from docker_lab.checks.refs import Refs, refs
from docker_lab.checks.registry import CheckKind, Params, ProbeResults, register
from docker_lab.engine.models import Snapshot
from docker_lab.spec.schema import Field, one_of

KIND = "container"

ASPECTS = (image_gaps, mode_gaps, state_gaps, network_gaps, port_gaps, env_gaps, volume_gaps,
           mount_gaps, health_gaps)


def evaluate(params: Params, snapshot: Snapshot, probes: ProbeResults, answer: str | None
             ) -> CheckResult:
    """The container exists and matches every asked aspect."""
    name = str(params["name"])
    c = snapshot.container(name)
    if c is None:
        return missing_container(KIND, name, snapshot, run_command(params))
    gaps: list[Gap] = [gap for aspect in ASPECTS for gap in aspect(c, params)]
    if not gaps:
        summary = [state_text(c)]
        if params.get("image"):
            summary.append(f"image {c.image}")
        if params.get("networks") or params.get("network_mode"):
            summary.append(networks_text(c))
        return passed(KIND, f"Le container « {name} » est conforme ({', '.join(summary)}).",
                      expected=f"container « {name} »", actual=", ".join(summary))
    sentences = [g.sentence for g in gaps]
    message = ("\n" if any("\n" in s for s in sentences) else " ").join(sentences)
    fix = next((g.fix for g in gaps if "docker rm -f" in g.fix), "") or " ; ".join(
        dict.fromkeys(g.fix for g in gaps))
    return failed(KIND, message, fix, expected="; ".join(g.expected for g in gaps),
                  actual="; ".join(g.actual for g in gaps))


def _mounts_rule(value: Any) -> str | None:
    for item in value:
        if not isinstance(item, dict) or "destination" not in item:
            return ": chaque montage est un dictionnaire avec au moins « destination »"
        unknown = set(item) - {"destination", "type", "source", "read_only"}
        if unknown:
            return (f": clé inconnue « {sorted(unknown)[0]} » (clés permises : destination, type, "
                    "source, read_only)")
    return None


def _rules(params: Params) -> list[str]:
    problems = []
    if params.get("exact_networks") and not params.get("networks"):
        problems.append("« exact_networks » demande la liste « networks »")
    if params.get("network_mode") in ("host", "none") and params.get("networks"):
        problems.append("un container en mode host ou none ne peut pas avoir de « networks »")
    return problems


def _refs(params: Params) -> Refs:
    nets = list(params.get("networks") or [])
    mode = params.get("network_mode")
    return refs(containers=params.get("name"), networks=nets,
                volumes=list((params.get("volumes") or {}).keys())) | refs(
        networks=[mode] if mode else [])


register(CheckKind(
    name=KIND,
    summary="le container existe, tourne, et a l'image, le mode réseau, les réseaux, les ports "
            "publiés, les variables, les volumes et la santé demandés",
    fields=(
        Field("name", str, required=True, validator=name_value()),
        Field("state", str, validator=one_of(("running", "exists", "stopped"))),
        Field("image", str),
        Field("network_mode", str, validator=one_of(("bridge", "host", "none"))),
        Field("networks", list, items=str, validator=names_value()),
        Field("exact_networks", bool),
        Field("keeps_start_network", bool),
        Field("on_start_network", bool),
        Field("ports", list, items=(int, str), validator=ports_value()),
        Field("env", dict, validator=text_map()),
        Field("volumes", dict, validator=text_map(allow_null=False)),
        Field("mounts", list, items=dict, validator=_mounts_rule),
        Field("healthy", bool),
        Field("public_ports", bool),
    ),
    evaluate=evaluate,
    references=_refs,
    validate=_rules,
))
