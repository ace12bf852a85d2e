"""The parameters and comparisons behind the ``compose`` check kind (pure).

A service's expectations (:class:`ServiceSpec`) and a network's
(:class:`NetworkSpec`) are parsed from the validated YAML mappings; each ``*_gaps``
function compares one aspect of a :class:`~docker_lab.checks.composeinfo.Project`
and returns French sentences (an empty list: the aspect is right).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from docker_lab.checks.base import quoted, stopped_description
from docker_lab.checks.composeinfo import Project
from docker_lab.checks.params import NAME_RULE
from docker_lab.engine.models import ContainerInfo
from docker_lab.spec.problems import shown

SERVICE_KEYS = ("networks", "exact_networks", "aliases", "ports", "volumes")
NETWORK_KEYS = ("internal",)


@dataclass(frozen=True)
class ServiceSpec:
    """What a service of the project must be (empty: only present and running)."""

    networks: tuple[str, ...] = ()
    exact_networks: bool = False
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    ports: tuple[int, ...] = ()
    volumes: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class NetworkSpec:
    """What a network of the project must be (``None``: not asked)."""

    internal: bool | None = None


def parse_services(value: object) -> dict[str, ServiceSpec]:
    """The validated ``services`` mapping, parsed."""
    out: dict[str, ServiceSpec] = {}
    for name, raw in (value.items() if isinstance(value, dict) else ()):
        item: Mapping[str, Any] = raw if isinstance(raw, dict) else {}
        out[str(name)] = ServiceSpec(
            networks=tuple(str(n) for n in item.get("networks") or ()),
            exact_networks=bool(item.get("exact_networks")),
            aliases={str(k): tuple(str(a) for a in v)
                     for k, v in (item.get("aliases") or {}).items()},
            ports=tuple(int(p) for p in item.get("ports") or ()),
            volumes={str(k): str(v) for k, v in (item.get("volumes") or {}).items()},
        )
    return out


def parse_networks(value: object) -> dict[str, NetworkSpec]:
    """The validated ``networks`` mapping, parsed."""
    out: dict[str, NetworkSpec] = {}
    for name, raw in (value.items() if isinstance(value, dict) else ()):
        internal = raw.get("internal") if isinstance(raw, dict) else None
        out[str(name)] = NetworkSpec(internal if isinstance(internal, bool) else None)
    return out


def _names_problem(value: object, what: str) -> str | None:
    if not isinstance(value, list) or not all(isinstance(v, str) and NAME_RULE.fullmatch(v)
                                              for v in value):
        return f"{what} doit être une liste de noms (trouvé : « {shown(value)} »)"
    return None


def _service_problem(name: str, item: object) -> str | None:
    if item is None:
        return None
    if not isinstance(item, dict):
        return f"le service « {name} » doit valoir un dictionnaire (ou rien)"
    unknown = sorted(map(shown, set(item) - set(SERVICE_KEYS)))
    if unknown:
        return (f"le service « {name} » a une clé inconnue « {unknown[0]} » (clés permises : "
                f"{', '.join(SERVICE_KEYS)})")
    checks: list[str | None] = []
    if "networks" in item:
        checks.append(_names_problem(item["networks"], f"« networks » de « {name} »"))
    if "exact_networks" in item and not isinstance(item["exact_networks"], bool):
        checks.append(f"« exact_networks » de « {name} » doit être true ou false")
    if item.get("exact_networks") and not item.get("networks"):
        checks.append(f"« exact_networks » de « {name} » demande la liste « networks »")
    ports = item.get("ports", [])
    if not isinstance(ports, list) or not all(
            isinstance(p, int) and not isinstance(p, bool) and 1 <= p <= 65535 for p in ports):
        checks.append(f"« ports » de « {name} » doit être une liste de ports du container "
                      "(entiers 1–65535)")
    aliases = item.get("aliases", {})
    if not isinstance(aliases, dict) or not all(
            isinstance(v, list) and all(isinstance(a, str) and a for a in v)
            for v in aliases.values()):
        checks.append(f"« aliases » de « {name} » doit associer un réseau à une liste de noms "
                      "(par ex. {data: [base.local]})")
    volumes = item.get("volumes", {})
    if not isinstance(volumes, dict) or not all(isinstance(v, str) and v.startswith("/")
                                                for v in volumes.values()):
        checks.append(f"« volumes » de « {name} » doit associer un volume à un chemin absolu "
                      "du container (par ex. {db_data: /var/lib/postgresql/data})")
    return next((c for c in checks if c), None)


def services_value(value: Any) -> str | None:
    """Validator of ``services``: service name -> null or its expectations."""
    for name, item in value.items():
        if not isinstance(name, str) or not NAME_RULE.fullmatch(name):
            return f"a un nom de service invalide : « {shown(name)} »"
        problem = _service_problem(name, item)
        if problem:
            return f": {problem}"
    return None


def networks_value(value: Any) -> str | None:
    """Validator of ``networks``: short network name -> null or ``{internal: bool}``."""
    for name, item in value.items():
        if not isinstance(name, str) or not NAME_RULE.fullmatch(name):
            return f"a un nom de réseau invalide : « {shown(name)} »"
        if item is None:
            continue
        if not isinstance(item, dict) or set(item) - set(NETWORK_KEYS) or not isinstance(
                item.get("internal", False), bool):
            return f": le réseau « {name} » vaut rien ou {{internal: true|false}}"
    return None


def short_networks(project: Project, c: ContainerInfo) -> list[str]:
    """The networks of a service's container, by their short name when the project's."""
    return sorted(project.short_network(n) for n in c.endpoints if n not in ("host", "none"))


def full_name(project: Project, short: str) -> str:
    """``<project>_<short>`` as the engine names it (the real name when it exists)."""
    net = project.networks.get(short)
    return net.name if net is not None else f"{project.name}_{short}"


def service_gaps(project: Project, name: str, spec: ServiceSpec) -> list[str]:
    """What is wrong with service *name* (missing, stopped, its networks, ports, volumes)."""
    c = project.service(name)
    if c is None:
        return [f"Le service « {name} » n'existe pas dans le projet « {project.name} » "
                f"(services lancés : {quoted(project.services)}) : ajoutez-le sous "
                "« services: » puis relancez « up -d »."]
    if not c.running:
        return [f"Service « {name} » : {stopped_description(c)}"]
    gaps: list[str] = []
    have = short_networks(project, c)
    missing = [n for n in spec.networks if n not in have]
    if missing:
        gaps.append(f"Le service « {name} » n'est pas sur {quoted(missing)} "
                    f"({quoted(full_name(project, n) for n in missing)} pour le moteur) ; il est "
                    f"sur {quoted(have)}.")
    extra = [n for n in have if n not in spec.networks] if spec.exact_networks else []
    if extra:
        gaps.append(f"Le service « {name} » est aussi sur {quoted(extra)} : il ne doit être que "
                    f"sur {quoted(spec.networks)} (chaque réseau en trop est un chemin de plus "
                    "vers lui).")
    for network, wanted in spec.aliases.items():
        endpoint = c.endpoints.get(full_name(project, network))
        if endpoint is None:
            if network not in missing:
                gaps.append(f"Le service « {name} » n'est pas sur « {network} » : ses alias "
                            "y sont impossibles.")
            continue
        absent = [a for a in wanted if a not in endpoint.aliases]
        if absent:
            shown = quoted(a for a in endpoint.aliases if not c.id.startswith(a))
            gaps.append(f"Sur le réseau « {network} », le service « {name} » n'a pas l'alias "
                        f"{quoted(absent)} (ses noms : {shown}) : « networks: {{{network}: "
                        f"{{aliases: [{absent[0]}]}}}} ».")
    published = sorted({b.container_port for b in c.ports})
    unpublished = [p for p in spec.ports if p not in published]
    if unpublished:
        gaps.append(f"Le port {', '.join(map(str, unpublished))} du service « {name} » n'est pas "
                    f"publié (publiés : {', '.join(map(str, published)) or 'aucun'}) : "
                    "« ports: » du service, par ex. \"8000:80\".")
    for volume, destination in spec.volumes.items():
        real = project.volumes.get(volume)
        mount = next((m for m in c.mounts if m.destination.rstrip("/") ==
                      destination.rstrip("/")), None)
        if real is None or mount is None or mount.type != "volume" or mount.source != real.name:
            found = "rien" if mount is None else f"{mount.type} {mount.source}"
            gaps.append(f"Le volume « {volume} » du projet n'est pas monté sur {destination} dans "
                        f"« {name} » (trouvé : {found}) : « volumes: [{volume}:{destination}] » "
                        "et le volume déclaré sous « volumes: » en bas du fichier.")
    return gaps


def network_gaps(project: Project, name: str, spec: NetworkSpec) -> list[str]:
    """What is wrong with network *name* of the project (missing, internal or not)."""
    net = project.networks.get(name)
    if net is None:
        return [f"Le réseau « {name} » n'existe pas dans le projet « {project.name} » "
                f"(réseaux : {quoted(project.networks)}) : déclarez-le sous « networks: » et "
                "rattachez-y un service (Compose ne crée que les réseaux utilisés)."]
    if spec.internal is True and not net.internal:
        return [f"Le réseau « {name} » ({net.name}) n'est pas interne : ses containers peuvent "
                f"sortir vers l'extérieur. Ajoutez « internal: true » sous « networks: {name}: » "
                "puis « down » et « up -d » (un réseau existant n'est pas modifié)."]
    if spec.internal is False and net.internal:
        return [f"Le réseau « {name} » ({net.name}) est interne alors qu'il doit rester "
                "accessible : retirez « internal: true »."]
    return []


def everywhere_gaps(project: Project, name: str) -> list[str]:
    """Service *name* is on every network of the project."""
    c = project.service(name)
    if c is None or not c.running:
        return []
    have = short_networks(project, c)
    missing = sorted(n for n in project.networks if n not in have)
    if not missing:
        return []
    return [f"Le service « {name} » doit voir tous les réseaux du projet : il lui manque "
            f"{quoted(missing)}."]


def health_gaps(project: Project) -> tuple[list[str], list[str]]:
    """(failures, still starting) for the healthcheck of every service of the project."""
    failures: list[str] = []
    starting: list[str] = []
    for service, container in project.services.items():
        c = next(x for x in project.containers if x.name == container)
        if not c.running:
            failures.append(f"Service « {service} » : {stopped_description(c)}")
        elif c.health is None:
            failures.append(f"Le service « {service} » n'a pas de healthcheck : ajoutez-lui "
                            "« healthcheck: » avec « test: [\"CMD-SHELL\", \"…\"] » (une "
                            "commande qui réussit quand le service répond) et « interval: ».")
        elif c.health == "starting":
            starting.append(service)
        elif c.health != "healthy":
            lines = "\n".join(f"    {line}" for line in c.health_log) or "    (journal vide)"
            failures.append(f"Le healthcheck du service « {service} » échoue ({c.health}). "
                            f"Derniers essais :\n{lines}")
    return failures, starting
