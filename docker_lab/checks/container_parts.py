"""The comparisons behind the ``container`` check kind, one aspect each (pure).

Each function returns a list of :class:`Gap` (a French sentence, what to try,
expected and actual in short form); an empty list means the aspect is right.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field

from docker_lab.checks.base import (
    ENV_TYPO_CUTOFF,
    attached_networks,
    network_mode,
    networks_text,
    normalize_image,
    quoted,
    state_text,
    stopped_description,
    stopped_fix,
)
from docker_lab.checks.params import PortSpec, port_specs
from docker_lab.checks.parsing import nullable_texts, parsed_by, texts
from docker_lab.checks.sharing import reversed_binding, reversed_sentence, shared_with
from docker_lab.checks.start_failure import engine_error, refused_to_start
from docker_lab.engine.labels import DIAGNOSTIC_IMAGE
from docker_lab.engine.models import ContainerInfo, PortBinding


@dataclass(frozen=True)
class MountSpec:
    """A mount a container must have (``None``: any)."""

    destination: str
    type: str | None = None
    source: str | None = None
    read_only: bool | None = None
    shown: str = ""  # as written in the exercise, for messages


def parse_mounts(value: object) -> tuple[MountSpec, ...]:
    """The validated ``mounts`` list, parsed."""
    items = [i for i in value if isinstance(i, dict)] if isinstance(value, list) else []
    return tuple(MountSpec(
        destination=str(item.get("destination", "")),
        type=str(item["type"]) if item.get("type") else None,
        source=str(item["source"]) if item.get("source") else None,
        read_only=bool(item["read_only"]) if "read_only" in item else None,
        shown=str(dict(item)),
    ) for item in items)


@dataclass(frozen=True)
class ContainerParams:
    """Parameters of the ``container`` kind (``None``, ``False`` or empty: not asked)."""

    name: str
    state: str | None = None  # running (default) | exists | stopped
    image: str | None = None
    network_mode: str | None = None
    networks: tuple[str, ...] = ()
    exact_networks: bool = False
    keeps_start_network: bool = False
    on_start_network: bool = False
    ports: tuple[PortSpec, ...] = field(default=(), metadata=parsed_by(port_specs))
    env: Mapping[str, str | None] = field(default_factory=dict,
                                          metadata=parsed_by(nullable_texts))
    volumes: Mapping[str, str] = field(default_factory=dict, metadata=parsed_by(texts))
    mounts: tuple[MountSpec, ...] = field(default=(), metadata=parsed_by(parse_mounts))
    healthy: bool = False
    public_ports: bool = False


@dataclass(frozen=True)
class Gap:
    """One difference between what a check asks and what a container is."""

    sentence: str
    fix: str
    expected: str
    actual: str


def run_command(params: ContainerParams) -> str:
    """A ``docker run`` command matching the check's parameters (image and flags)."""
    parts = ["docker run -d", f"--name {params.name}"]
    mode = params.network_mode
    nets = list(params.networks)
    if mode and mode != "bridge":
        parts.append(f"--network {mode}")
    elif nets:
        parts.append(f"--network {nets[0]}")
    for spec in params.ports:
        parts.append(spec.flag())
    for key, value in params.env.items():
        parts.append(f"-e {key}={'VALEUR' if value is None else value}")
    for volume, destination in params.volumes.items():
        parts.append(f"-v {volume}:{destination}")
    # No image asked: a small one that stays up, so the suggested command works as typed.
    # The diagnosis image's command is a shell: it too needs one that stays up.
    image = params.image or "alpine"
    shell_only = not params.image or normalize_image(image) == DIAGNOSTIC_IMAGE
    parts.append(f"{image} sleep 3600" if shell_only else image)
    command = " ".join(parts)
    for extra in nets[1:] if not (mode and mode != "bridge") else []:
        command += f" ; docker network connect {extra} {params.name}"
    return command


def recreate(c: ContainerInfo, params: ContainerParams) -> str:
    """« docker rm -f NAME puis docker run … »."""
    return f"docker rm -f {c.name} puis {run_command(params)}"


def image_gaps(c: ContainerInfo, params: ContainerParams) -> list[Gap]:
    want = params.image
    if not want or normalize_image(c.image) == normalize_image(want):
        return []
    return [Gap(f"Le container « {c.name} » utilise l'image « {c.image} » au lieu de « {want} ».",
                recreate(c, params), f"image={want}", f"image={c.image}")]


def mode_gaps(c: ContainerInfo, params: ContainerParams) -> list[Gap]:
    want = params.network_mode
    if not want:
        return []
    have = network_mode(c)
    if have in ("host", "none") or want in ("host", "none"):
        if have != want:
            # refused at start (« network hote not found »): it is connected to nothing
            where = "" if have in ("host", "none") or engine_error(c) else f" ({networks_text(c)})"
            alone = (" Le déconnecter de ses réseaux ne suffit pas : le" if want == "none"
                     and not attached_networks(c) else " Le")
            return [Gap(f"Le container « {c.name} » est en mode réseau « {have} »{where} "
                        f"au lieu de « {want} ».{alone} mode réseau se choisit au lancement "
                        f"(--network {want}).",
                        recreate(c, params), f"network_mode={want}", f"network_mode={have}")]
        if want == "none" and attached_networks(c):
            return [Gap(f"Le container « {c.name} » devrait n'avoir que l'interface lo, mais "
                        f"il est connecté à {quoted(attached_networks(c))}.", recreate(c, params),
                        "interfaces=lo", f"réseaux={','.join(attached_networks(c))}")]
    if (shared_with(want) or shared_with(have)) and have != want:
        return [_shared_gap(c, params, want, have)]
    return []


def _shared_gap(c: ContainerInfo, params: ContainerParams, want: str, have: str) -> Gap:
    """A container that should share another's network stack and does not (or vice versa)."""
    target, current = shared_with(want), shared_with(have)
    if target and current and len(current) >= 12 and current.isalnum():
        found = "partage la pile réseau d'un container qui n'existe plus"
    elif current:
        found = f"partage la pile réseau de « {current} »"
    else:
        found = f"a sa propre pile réseau ({networks_text(c)})"
    wanted = (f"partager celle de « {target} » (--network container:{target}) : il verrait "
              "alors ses interfaces, ses ports et son trafic") if target else (
              f"être en mode « {want} »")
    return Gap(f"Le container « {c.name} » {found} au lieu de {wanted}. Le mode réseau se "
               "choisit au lancement.", recreate(c, params), f"network_mode={want}",
               f"network_mode={have}")


def state_gaps(c: ContainerInfo, params: ContainerParams) -> list[Gap]:
    want = params.state or "running"
    if want == "running" and not c.running:
        fix = recreate(c, params) if refused_to_start(c) else stopped_fix(c)
        return [Gap(stopped_description(c), fix, "running", state_text(c))]
    if want == "stopped" and c.running:
        return [Gap(f"Le container « {c.name} » tourne encore.", f"docker stop {c.name}",
                    "stopped", "running")]
    return []


def network_gaps(c: ContainerInfo, params: ContainerParams) -> list[Gap]:
    wanted = list(params.networks)
    mode = network_mode(c)
    have = attached_networks(c)
    gaps: list[Gap] = []
    if wanted and mode in ("host", "none"):
        return [Gap(f"Le container « {c.name} » est en mode réseau « {mode} » : il ne peut pas "
                    f"être connecté à {quoted(wanted)}.", recreate(c, params),
                    f"réseaux={','.join(wanted)}", f"network_mode={mode}")]
    missing = [n for n in wanted if n not in have]
    extra = [n for n in have if n not in wanted]
    if missing and extra and params.exact_networks:
        fix = " ; ".join([f"docker network connect {n} {c.name}" for n in missing]
                         + [f"docker network disconnect {n} {c.name}" for n in extra])
        return [Gap(f"Le container « {c.name} » est {networks_text(c)} au lieu de "
                    f"{quoted(wanted)} : il ne doit être que sur {quoted(wanted)}.", fix,
                    f"réseaux={','.join(wanted)}", f"réseaux={','.join(have) or 'aucun'}")]
    if missing:
        gaps.append(Gap(f"Le container « {c.name} » est {networks_text(c)} mais pas à "
                        f"{quoted(missing)}.",
                        " ; ".join(f"docker network connect {n} {c.name}" for n in missing),
                        f"réseaux ⊇ {','.join(wanted)}", f"réseaux={','.join(have) or 'aucun'}"))
    if params.exact_networks and extra:
        gaps.append(Gap(f"Le container « {c.name} » est aussi connecté à {quoted(extra)} : il ne "
                        f"doit être que sur {quoted(wanted)}.",
                        " ; ".join(f"docker network disconnect {n} {c.name}" for n in extra),
                        f"réseaux={','.join(wanted)}", f"réseaux={','.join(have)}"))
    if params.keeps_start_network:
        start = mode if mode not in ("host", "none") else ""
        if start and start not in have:
            gaps.append(Gap(f"Le container « {c.name} » a quitté son réseau de départ « {start} » "
                            f"(il est {networks_text(c)}).",
                            f"docker network connect {start} {c.name}",
                            f"réseaux ∋ {start}", f"réseaux={','.join(have) or 'aucun'}"))
        elif start and len(have) < 2 and start != "bridge":
            gaps.append(Gap(f"Le container « {c.name} » a été lancé directement sur « {start} » "
                            "(docker run --network) et n'a pas d'autre réseau : il doit garder "
                            "son réseau de départ et en avoir un second.",
                            f"docker rm -f {c.name} puis lancez-le sans --network et connectez-le "
                            f"ensuite (docker network connect {start} {c.name})",
                            "deux réseaux au moins", f"réseaux={','.join(have)}"))
        elif start and len(have) < 2:
            gaps.append(Gap(f"Le container « {c.name} » n'est connecté qu'à son réseau de départ "
                            f"« {start} » : il doit être aussi sur un second réseau.",
                            f"docker network connect <réseau> {c.name}",
                            "deux réseaux au moins", f"réseaux={','.join(have)}"))
    if params.on_start_network:
        gaps += _start_network_gaps(c, mode, have)
    return gaps


def _start_network_gaps(c: ContainerInfo, mode: str, have: list[str]) -> list[Gap]:
    """Still on the network it was started on (``docker run`` without ``--network``: bridge).

    A container started directly on a user network may have left it on purpose (the
    step asks for that): then only "no network at all" is a gap.
    """
    if mode in ("host", "none") or mode.startswith("container:") or mode in have:
        return []
    if mode == "bridge":
        return [Gap(f"Le container « {c.name} » n'est plus sur son réseau de départ « bridge » "
                    f"(il est {networks_text(c)}).", f"docker network connect bridge {c.name}",
                    "réseaux ∋ bridge", f"réseaux={','.join(have) or 'aucun'}")]
    if not have:
        return [Gap(f"Le container « {c.name} » n'est plus connecté à aucun réseau.",
                    f"docker network connect bridge {c.name}", "un réseau au moins",
                    "réseaux=aucun")]
    return []


def _binding_text(b: PortBinding) -> str:
    return f"{b.container_port}/{b.protocol} → {b.host_ip or '0.0.0.0'}:{b.host_port}"


def _port_matches(b: PortBinding, spec: PortSpec) -> bool:
    if b.container_port != spec.container_port or b.protocol != spec.protocol:
        return False
    if spec.host_port and b.host_port != spec.host_port:
        return False
    return not spec.host_ip or b.host_ip == spec.host_ip


def _loopback(host_ip: str) -> bool:
    return host_ip.startswith("127.") or host_ip == "::1"


def port_gaps(c: ContainerInfo, params: ContainerParams) -> list[Gap]:
    specs = list(params.ports)
    missing = [s for s in specs if not any(_port_matches(b, s) for b in c.ports)]
    if not missing and params.public_ports:
        local = [s for s in specs if all(_loopback(b.host_ip) for b in c.ports
                                          if _port_matches(b, s))]
        if local:
            what = ", ".join(s.text() for s in local)
            bound = ", ".join(_binding_text(b) for b in c.ports)
            return [Gap(f"Le port {what} de « {c.name} » n'est publié que sur 127.0.0.1 "
                        f"({bound}) : seule cette machine peut le joindre, alors qu'il doit "
                        "être public (toutes les interfaces, -p PORT_HÔTE:PORT).",
                        recreate(c, params), f"ports={what} sur 0.0.0.0", f"ports={bound}")]
    if not missing:
        return []
    published = ", ".join(_binding_text(b) for b in c.ports) or "aucun"
    texts = [s.text() for s in missing]
    what = " et ".join([", ".join(texts[:-1]), texts[-1]]) if len(texts) > 1 else texts[0]
    port, verb = ("Les ports", "ne sont pas publiés") if len(missing) > 1 else (
        "Le port", "n'est pas publié")
    swapped = next((b for b in (reversed_binding(c.ports, s.container_port, s.host_port)
                                for s in missing) if b is not None), None)
    why = reversed_sentence(swapped) if swapped else " Les ports se publient au lancement, avec -p."
    return [Gap(f"{port} {what} du container « {c.name} » {verb} (ports publiés : {published})."
                f"{why}", recreate(c, params),
                f"ports={','.join(s.text() for s in specs)}", f"ports={published}")]


def env_gaps(c: ContainerInfo, params: ContainerParams) -> list[Gap]:
    gaps: list[Gap] = []
    for key, want in params.env.items():
        have = c.env.get(key)
        if have is None:
            close = difflib.get_close_matches(key, [k for k in c.env if k not in params.env],
                                              n=1, cutoff=ENV_TYPO_CUTOFF)
            typo = f" (« {close[0]} » l'est : faute de frappe ?)" if close else ""
            gaps.append(Gap(f"La variable d'environnement {key} n'est pas définie dans "
                            f"« {c.name} »{typo}.",
                            recreate(c, params), f"{key}={'…' if want is None else want}",
                            f"{key} absente"))
        elif want is not None and have != str(want):
            gaps.append(Gap(f"La variable {key} de « {c.name} » vaut « {have} » au lieu de "
                            f"« {want} ».", recreate(c, params), f"{key}={want}", f"{key}={have}"))
    return gaps


def volume_gaps(c: ContainerInfo, params: ContainerParams) -> list[Gap]:
    gaps: list[Gap] = []
    for volume, destination in params.volumes.items():
        dest = destination.rstrip("/")
        at = next((m for m in c.mounts if m.destination.rstrip("/") == dest), None)
        if at is not None and at.type == "volume" and at.source == volume:
            continue
        elsewhere = next((m for m in c.mounts if m.type == "volume" and m.source == volume), None)
        if elsewhere is not None:
            found = f"« {volume} » est monté sur {elsewhere.destination} au lieu de {destination}"
        elif at is None:
            found = "rien n'y est monté"
        elif at.type == "volume" and len(at.source) == 64:
            found = f"c'est un volume anonyme ({at.source[:12]}…)"
        elif at.type == "volume":
            found = f"c'est le volume « {at.source} »"
        else:
            found = f"c'est un montage {at.type} de {at.source}"
        gaps.append(Gap(f"Le volume « {volume} » n'est pas monté sur {destination} dans "
                        f"« {c.name} » : {found}.", recreate(c, params),
                        f"{volume}:{destination}", found))
    return gaps


def mount_gaps(c: ContainerInfo, params: ContainerParams) -> list[Gap]:
    gaps: list[Gap] = []
    for spec in params.mounts:
        dest = spec.destination.rstrip("/")
        at = next((m for m in c.mounts if m.destination.rstrip("/") == dest), None)
        wrong = at is None or (spec.type and at.type != spec.type) or (
            spec.source and at.source != spec.source) or (
            spec.read_only is not None and at.read_only != spec.read_only)
        if wrong:
            ro = " (lecture seule)" if at is not None and at.read_only else ""
            found = "rien" if at is None else f"{at.type} {at.source}{ro}"
            gaps.append(Gap(f"Le montage attendu sur {dest} dans « {c.name} » n'y est pas "
                            f"(trouvé : {found}).", recreate(c, params),
                            f"montage {spec.shown}", found))
    return gaps


def health_gaps(c: ContainerInfo, params: ContainerParams) -> list[Gap]:
    if not params.healthy or c.health == "healthy":
        return []
    if c.health is None:
        sentence = (f"Le container « {c.name} » n'a pas de healthcheck (HEALTHCHECK dans l'image "
                    "ou --health-cmd au lancement).")
        fix = recreate(c, params) + " --health-cmd …"
    elif c.health == "starting":
        sentence = f"Le healthcheck de « {c.name} » est encore en cours (starting)."
        fix = f"patientez puis docker inspect -f '{{{{.State.Health.Status}}}}' {c.name}"
    else:
        sentence = f"Le container « {c.name} » est en mauvaise santé ({c.health})."
        fix = f"docker inspect -f '{{{{json .State.Health}}}}' {c.name}"
    return [Gap(sentence, fix, "healthy", c.health or "aucun healthcheck")]
