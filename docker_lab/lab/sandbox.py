"""An exercise's sandbox: its resources, its setup, its files, and a safe reset.

The resources of an exercise are those it names (setup, checks, solutions: see
:func:`docker_lab.checks.refs.exercise_refs`) plus those labelled
``docker-lab.exercise=<id>``. Reset removes them, except:

- Docker's own ``bridge``, ``host`` and ``none`` networks, never;
- a resource recorded as pre-existing when the exercise started (the student's
  own ``web-server``), unless ``force``;
- for an exercise never started, anything without the exercise's label, unless
  ``force``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docker_lab.checks.composeinfo import PROJECT
from docker_lab.checks.refs import MODES, Refs
from docker_lab.course.models import Exercise
from docker_lab.engine.connection import engine_errors
from docker_lab.engine.labels import EXERCISE, managed_labels
from docker_lab.engine.models import Snapshot
from docker_lab.lab.compose import projects_in
from docker_lab.lab.resources import exercise_refs

KINDS = ("containers", "networks", "volumes")
_WHAT = {"containers": "le container", "networks": "le réseau", "volumes": "le volume"}


@dataclass
class ResetReport:
    """What a reset did, as French lines."""

    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Every line, removed first."""
        return self.removed + self.kept + self.errors


def named_resources(exercise: Exercise) -> Refs:
    """What the exercise names (setup, checks, solutions), Docker's networks excluded."""
    return exercise_refs(exercise)


def existing_named(exercise: Exercise, snapshot: Snapshot) -> dict[str, list[str]]:
    """The exercise's named resources present in ``snapshot``, by kind."""
    refs = named_resources(exercise)
    return {
        "containers": sorted(n for n in refs.containers if n in snapshot.containers),
        "networks": sorted(n for n in refs.networks if n in snapshot.networks),
        "volumes": sorted(n for n in refs.volumes if n in snapshot.volumes),
    }


def labelled(snapshot: Snapshot, exercise_id: str) -> dict[str, list[str]]:
    """Resources labelled ``docker-lab.exercise=<id>`` in ``snapshot``, by kind."""
    return {
        "containers": sorted(c.name for c in snapshot.containers.values()
                             if c.labels.get(EXERCISE) == exercise_id),
        "networks": sorted(n.name for n in snapshot.networks.values()
                           if n.labels.get(EXERCISE) == exercise_id),
        "volumes": sorted(v.name for v in snapshot.volumes.values()
                          if v.labels.get(EXERCISE) == exercise_id),
    }


def write_files(exercise: Exercise, workdir: Path) -> list[Path]:
    """Write the exercise's files into its working directory (existing files are kept)."""
    written = []
    for name, content in exercise.files.items():
        target = workdir / name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
            written.append(target)
    return written


def apply_setup(exercise: Exercise, client: Any, snapshot: Snapshot) -> list[str]:
    """Create the setup's missing networks, volumes and containers, labelled; French lines."""
    setup: Mapping[str, Any] = exercise.setup or {}
    labels = managed_labels(exercise.id)
    done: list[str] = []
    with engine_errors():
        for net in setup.get("networks") or []:
            if net["name"] in snapshot.networks:
                continue
            if touches_default_bridge(net):
                done.append(f"Réseau « {net['name']} » NON créé : ses options visent docker0, "
                            "l'interface du réseau bridge par défaut (Docker le supprimerait).")
                continue
            client.api.create_network(net["name"], **_network_args(net, labels, client))
            done.append(f"Réseau « {net['name']} » créé.")
        for vol in setup.get("volumes") or []:
            if vol["name"] not in snapshot.volumes:
                client.api.create_volume(vol["name"], labels=labels)
                done.append(f"Volume « {vol['name']} » créé.")
        for ctr in setup.get("containers") or []:
            if ctr["name"] not in snapshot.containers:
                done.append(_create_container(client, ctr, labels))
    return done


def touches_default_bridge(net: Mapping[str, Any]) -> bool:
    """Whether a setup network would take over docker0 (dockerd then drops ``bridge``)."""
    options = {str(k): str(v) for k, v in (net.get("options") or {}).items()}
    return (options.get("com.docker.network.bridge.name") == "docker0"
            or "com.docker.network.bridge.default_bridge" in options
            or options.get("parent", "").startswith(("docker0", "br-", "veth")))


def _network_args(net: Mapping[str, Any], labels: dict[str, str], client: Any) -> dict[str, Any]:
    import docker.types

    ipam = None
    if net.get("subnet"):
        pool = docker.types.IPAMPool(subnet=net["subnet"], gateway=net.get("gateway"),
                                     iprange=net.get("ip_range"))
        ipam = docker.types.IPAMConfig(pool_configs=[pool])
    return {"driver": net.get("driver") or "bridge", "ipam": ipam, "labels": labels,
            "internal": bool(net.get("internal")), "attachable": bool(net.get("attachable")),
            "options": dict(net.get("options") or {}) or None}


def _create_container(client: Any, ctr: Mapping[str, Any], labels: dict[str, str]) -> str:
    """Create and start one setup container; a start the engine refuses is a French line."""
    import docker.errors

    nets = list(ctr.get("networks") or [])
    ports: dict[str, Any] = {}
    for item in ctr.get("ports") or []:
        host, _, inner = str(item).rpartition(":")
        ports[inner if "/" in inner else f"{inner}/tcp"] = int(host) if host else None
    container = client.containers.create(
        ctr["image"], command=ctr.get("command"), name=ctr["name"], labels=labels,
        environment=dict(ctr.get("env") or {}), ports=ports or None,
        volumes={k: {"bind": v, "mode": "rw"} for k, v in (ctr.get("volumes") or {}).items()},
        network=nets[0] if nets else None, detach=True,
    )
    for extra in nets[1:]:
        client.api.connect_container_to_network(container.id, extra)
    try:
        container.start()
    except docker.errors.APIError as exc:  # e.g. a host port a program of this machine holds
        return f"Container « {ctr['name']} » créé mais NON démarré : {start_refusal(str(exc))}"
    return f"Container « {ctr['name']} » créé."


_PORT_TAKEN = re.compile(r"(?:0\.0\.0\.0|\[::\]|[\d.]+):(\d+): bind: address already in use"
                         r"|Bind for [\d.:\[\]]+:(\d+) failed: port is already allocated")


def start_refusal(error: str) -> str:
    """The engine's refusal to start a container, in French (a taken host port named)."""
    taken = _PORT_TAKEN.search(error)
    if taken:
        port = taken.group(1) or taken.group(2)
        return (f"le port {port} de l'hôte est déjà pris, par un programme de cette machine ou "
                f"un autre container (sur Linux : ss -ltnp | grep {port} ; docker ps). "
                "Libérez-le puis relancez l'exercice.")
    return f"le moteur a refusé de le démarrer ({error.strip()[:300]})."


def compose_owned(snapshot: Snapshot, workdir: Path | None) -> dict[str, list[str]]:
    """What the Compose projects started from the exercise's *workdir* made, by kind.

    Found by labels (``com.docker.compose.project.working_dir`` for containers, then
    ``com.docker.compose.project`` for networks and volumes): another Compose project
    of the student's, started elsewhere, is never part of it.
    """
    owned: dict[str, list[str]] = {kind: [] for kind in KINDS}
    if workdir is None:
        return owned
    for name in projects_in(snapshot, workdir):
        owned["containers"] += [c.name for c in snapshot.containers.values()
                                if c.labels.get(PROJECT) == name]
        owned["networks"] += [n.name for n in snapshot.networks.values()
                              if n.labels.get(PROJECT) == name]
        owned["volumes"] += [v.name for v in snapshot.volumes.values()
                             if v.labels.get(PROJECT) == name]
    return {kind: sorted(set(names)) for kind, names in owned.items()}


def reset_exercise(exercise: Exercise, client: Any, snapshot: Snapshot,
                   preexisting: Mapping[str, Sequence[str]] | None, started: bool,
                   force: bool = False, workdir: Path | None = None) -> ResetReport:
    """Remove the exercise's resources (see the module docstring); never raises for one item.

    Args:
        exercise: the exercise.
        client: a ``docker.DockerClient``.
        snapshot: the engine's current state.
        preexisting: names recorded when the exercise started, by kind.
        started: whether the exercise was ever started (progress store).
        force: remove pre-existing and unlabelled resources too.
        workdir: the exercise's working directory: what Compose projects started there
            made belongs to the exercise.
    """
    report = ResetReport()
    mine = labelled(snapshot, exercise.id)
    composed = compose_owned(snapshot, workdir)
    mine = {kind: sorted(set(mine[kind]) | set(composed[kind])) for kind in KINDS}
    named = existing_named(exercise, snapshot)
    before = {kind: set((preexisting or {}).get(kind, ())) for kind in KINDS}
    targets: dict[str, list[str]] = {}
    for kind in KINDS:
        chosen = []
        for name in sorted(set(named[kind]) | set(mine[kind])):
            if kind == "networks" and name in MODES:
                continue
            if force or name in mine[kind]:
                chosen.append(name)
            elif name in before[kind]:
                report.kept.append(f"« {name} » existait avant l'exercice : conservé "
                                   "(utilisez --force pour le supprimer).")
            elif not started:
                report.kept.append(f"« {name} » n'a pas été créé par docker-lab et l'exercice n'a "
                                   "jamais été commencé : conservé (utilisez --force pour le "
                                   "supprimer).")
            else:
                chosen.append(name)
        targets[kind] = chosen
    _remove(client, targets, snapshot, report)
    return report


def _remove(client: Any, targets: dict[str, list[str]], snapshot: Snapshot,
            report: ResetReport) -> None:
    import docker.errors

    api = client.api
    removers = {
        "containers": lambda n: api.remove_container(n, force=True, v=True),
        "networks": api.remove_network,
        "volumes": api.remove_volume,
    }
    with engine_errors():
        for kind in KINDS:
            for name in targets[kind]:
                try:
                    removers[kind](name)
                except docker.errors.NotFound:
                    continue
                except docker.errors.APIError as exc:
                    report.errors.append(_refusal(kind, name, snapshot, targets, exc))
                    continue
                report.removed.append(f"{_WHAT[kind][3:].capitalize()} « {name} » supprimé.")


def _refusal(kind: str, name: str, snapshot: Snapshot, targets: dict[str, list[str]],
             exc: Any) -> str:
    why = str(getattr(exc, "explanation", "") or exc)
    if kind == "networks":
        net = snapshot.network(name)
        others = [c for c in (net.containers if net else ()) if c not in targets["containers"]]
        if others:
            cmds = " ; ".join(f"docker network disconnect {name} {c}" for c in others)
            return (f"Le réseau « {name} » n'a pas été supprimé : {', '.join(others)} (hors "
                    f"exercice) y est encore connecté. Essayez : {cmds}")
    if kind == "volumes":
        return (f"Le volume « {name} » n'a pas été supprimé : un container l'utilise encore "
                f"({why}). Essayez : docker ps -a --filter volume={name}")
    return f"{_WHAT[kind].capitalize()} « {name} » n'a pas été supprimé : {why}"
