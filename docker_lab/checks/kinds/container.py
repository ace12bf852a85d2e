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
    - kind: container
      name: debug
      network_mode: container:shop-api    # shares shop-api's network stack

Other parameters: ``keeps_start_network`` (still on the network it was started
on, plus another), ``on_start_network`` (still on the network it was started on),
``mounts`` (list of ``{destination, type, source, read_only}``),
``healthy`` (its healthcheck says healthy), ``public_ports`` (the ports are not
published on 127.0.0.1 only).
"""

from __future__ import annotations

from docker_lab.checks.base import failed, missing_container, networks_text, passed, state_text
from docker_lab.checks.container_parts import (
    ContainerParams,
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
from docker_lab.checks.registry import CheckKind, ProbeResults, register
from docker_lab.checks.sharing import (
    conflict_fix,
    conflict_sentence,
    mode_value,
    port_conflict,
    shared_with,
    with_named_mode,
)
from docker_lab.engine.models import Snapshot
from docker_lab.spec.schema import Field, one_of

KIND = "container"

ASPECTS = (image_gaps, mode_gaps, state_gaps, network_gaps, port_gaps, env_gaps, volume_gaps,
           mount_gaps, health_gaps)


def evaluate(params: ContainerParams, snapshot: Snapshot, probes: ProbeResults,
             answer: str | None) -> CheckResult:
    """The container exists and matches every asked aspect."""
    name = params.name
    c = snapshot.container(name)
    if c is None:
        return missing_container(KIND, name, snapshot, run_command(params))
    c = with_named_mode(c, snapshot)
    gaps: list[Gap] = [gap for aspect in ASPECTS for gap in aspect(c, params)]
    conflict = port_conflict(c, snapshot)
    if conflict is not None:  # it could not start: say why instead of « docker start »
        binding, holder = conflict
        gaps = [Gap(conflict_sentence(c, binding, holder), conflict_fix(c, binding),
                    "running", state_text(c)) if g.expected == "running" else g for g in gaps]
    if not gaps:
        summary = [state_text(c)]
        if params.image:
            summary.append(f"image {c.image}")
        if params.networks or params.network_mode:
            summary.append(networks_text(c))
        return passed(KIND, f"Le container « {name} » est conforme ({', '.join(summary)}).",
                      expected=f"container « {name} »", actual=", ".join(summary))
    sentences = [g.sentence for g in gaps]
    message = ("\n" if any("\n" in s for s in sentences) else " ").join(sentences)
    fix = next((g.fix for g in gaps if "docker rm -f" in g.fix), "") or " ; ".join(
        dict.fromkeys(g.fix for g in gaps))
    return failed(KIND, message, fix, expected="; ".join(g.expected for g in gaps),
                  actual="; ".join(g.actual for g in gaps))


def _mounts_rule(value: object) -> str | None:
    for item in value if isinstance(value, list) else ():
        if not isinstance(item, dict) or "destination" not in item:
            return ": chaque montage est un dictionnaire avec au moins « destination »"
        unknown = set(item) - {"destination", "type", "source", "read_only"}
        if unknown:
            return (f": clé inconnue « {sorted(unknown)[0]} » (clés permises : destination, type, "
                    "source, read_only)")
    return None


def _rules(params: ContainerParams) -> list[str]:
    problems = []
    if params.exact_networks and not params.networks:
        problems.append("« exact_networks » demande la liste « networks »")
    mode = params.network_mode or ""
    if (mode in ("host", "none") or shared_with(mode)) and params.networks:
        problems.append("un container en mode host, none ou container:NOM ne peut pas avoir "
                        "de « networks »")
    return problems


def _refs(params: ContainerParams) -> Refs:
    nets = list(params.networks)
    mode = params.network_mode or ""
    shared = shared_with(mode)
    return refs(containers=[params.name, shared or ""], networks=nets,
                volumes=list(params.volumes.keys())) | refs(
        networks=[mode] if mode and not shared else [])


register(CheckKind(
    name=KIND,
    summary="le container existe, tourne, et a l'image, le mode réseau, les réseaux, les ports "
            "publiés, les variables, les volumes et la santé demandés",
    params=ContainerParams,
    fields=(
        Field("name", str, required=True, validator=name_value(),
              doc="texte : le nom du container"),
        Field("state", str, validator=one_of(("running", "exists", "stopped")),
              doc="texte : running (il tourne ; par défaut), exists (il existe, arrêté ou "
                  "non) ou stopped (il est arrêté)"),
        Field("image", str, doc="texte : l'image (postgres:13 ; sans étiquette, :latest)"),
        Field("network_mode", str, validator=mode_value(),
              doc="texte : bridge, host, none (none : la seule interface lo) ou "
                  "container:NOM (il partage la pile réseau du container NOM)"),
        Field("networks", list, items=str, validator=names_value(),
              doc="liste de noms : les réseaux auxquels il doit être connecté (au moins "
                  "ceux-là)"),
        Field("exact_networks", bool,
              doc="booléen : true, il ne doit être connecté qu'aux réseaux de « networks »"),
        Field("keeps_start_network", bool,
              doc="booléen : true, il doit garder le réseau où il a été lancé et être aussi "
                  "sur un second réseau"),
        Field("on_start_network", bool,
              doc="booléen : true, il doit être encore sur le réseau où il a été lancé "
                  "(bridge sans --network)"),
        Field("ports", list, items=(int, str), validator=ports_value(),
              doc="liste de ports publiés : 80, \"443/tcp\", \"8080:80\" (hôte:container) "
                  "ou \"127.0.0.1:8080:80\""),
        Field("env", dict, validator=text_map(),
              doc="dictionnaire VARIABLE: valeur ; une valeur null demande la variable avec "
                  "n'importe quelle valeur"),
        Field("volumes", dict, validator=text_map(allow_null=False),
              doc="dictionnaire volume: chemin : les volumes nommés montés à ces chemins"),
        Field("mounts", list, items=dict, validator=_mounts_rule,
              doc="liste de montages {destination, type, source, read_only} ; seule "
                  "« destination » est obligatoire"),
        Field("healthy", bool,
              doc="booléen : true, son healthcheck doit dire healthy"),
        Field("public_ports", bool,
              doc="booléen : true, ses ports doivent être publiés sur toutes les interfaces, "
                  "pas seulement sur 127.0.0.1"),
    ),
    evaluate=evaluate,
    references=_refs,
    validate=_rules,
))
