"""A Compose file as written (parsed YAML): what it declares, and assertions on it (pure).

Both Compose syntaxes for a service's networks are read: a list
(``networks: [front, back]``) or a mapping (``networks: {data: {aliases: [db]}}``).
A service without ``networks:`` is on the project's ``default`` network.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from docker_lab.checks.params import NAME_RULE
from docker_lab.spec.problems import shown

#: The names Compose looks for, in its own order of preference.
COMPOSE_FILES = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")
KEYS = ("services", "networks", "service_networks", "internal", "healthchecks")


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def services(data: object) -> Mapping[str, Any]:
    """The ``services:`` mapping of a parsed Compose file (empty when absent or malformed)."""
    return _mapping(_mapping(data).get("services"))


def networks(data: object) -> Mapping[str, Any]:
    """The top-level ``networks:`` mapping."""
    return _mapping(_mapping(data).get("networks"))


def volumes(data: object) -> Mapping[str, Any]:
    """The top-level ``volumes:`` mapping."""
    return _mapping(_mapping(data).get("volumes"))


def service_networks(service: object) -> list[str]:
    """The networks a service is put on (a list or a mapping; ``default`` when none)."""
    raw = _mapping(service).get("networks")
    if isinstance(raw, list):
        return [str(n) for n in raw]
    if isinstance(raw, dict):
        return [str(n) for n in raw]
    return ["default"]


def aliases(services: Mapping[str, Any]) -> list[str]:
    """The network aliases the services declare (``networks: {net: {aliases: [...]}}``)."""
    found: list[str] = []
    for service in services.values():
        for attachment in _mapping(_mapping(service).get("networks")).values():
            names = _mapping(attachment).get("aliases")
            found += [str(n) for n in names] if isinstance(names, list) else []
    return found


def has_healthcheck(service: object) -> bool:
    """Whether a service declares a healthcheck with a test (and does not disable it)."""
    check = _mapping(service).get("healthcheck")
    return isinstance(check, dict) and bool(check.get("test")) and not check.get("disable")


@dataclass(frozen=True)
class ComposeFileSpec:
    """What a Compose file must declare (empty: nothing asked)."""

    services: tuple[str, ...] = ()
    networks: tuple[str, ...] = ()
    service_networks: Mapping[str, tuple[str, ...]] | None = None
    internal: tuple[str, ...] = ()
    healthchecks: tuple[str, ...] = ()
    all_healthchecks: bool = False


def parse_spec(value: object) -> ComposeFileSpec:
    """The validated ``compose`` mapping of the ``file`` kind, parsed."""
    raw = _mapping(value)

    def names(key: str) -> tuple[str, ...]:
        items = raw.get(key)
        return tuple(str(i) for i in items) if isinstance(items, list) else ()

    return ComposeFileSpec(
        services=names("services"), networks=names("networks"),
        service_networks={str(k): tuple(str(n) for n in v)
                          for k, v in _mapping(raw.get("service_networks")).items()},
        internal=names("internal"), healthchecks=names("healthchecks"),
        all_healthchecks=raw.get("healthchecks") == "all")


def _names_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and NAME_RULE.fullmatch(v)
                                           for v in value)


def spec_value(value: Any) -> str | None:
    """Validator of the ``compose`` parameter."""
    unknown = sorted(map(shown, set(value) - set(KEYS)))
    if unknown:
        return f": clé inconnue « {unknown[0]} » (clés permises : {', '.join(KEYS)})"
    for key in ("services", "networks", "internal"):
        if key in value and not _names_list(value[key]):
            return f": « {key} » doit être une liste de noms"
    if "healthchecks" in value and value["healthchecks"] != "all" and not _names_list(
            value["healthchecks"]):
        return ": « healthchecks » vaut « all » ou une liste de services"
    mapped = value.get("service_networks", {})
    if not isinstance(mapped, dict) or not all(_names_list(v) for v in mapped.values()):
        return ": « service_networks » associe un service à une liste de réseaux"
    return None


def file_gaps(data: object, spec: ComposeFileSpec) -> list[tuple[tuple[Any, ...], str]]:
    """What the parsed file lacks: (key path where it shows, French sentence) pairs."""
    if not isinstance(data, dict):
        return [((), "le fichier ne contient pas de dictionnaire Compose (services:, "
                     "networks: …)")]
    gaps: list[tuple[tuple[Any, ...], str]] = []
    declared, nets = services(data), networks(data)
    if "services" not in data:
        gaps.append(((), "pas de clé « services: » au premier niveau"))
    missing = [s for s in spec.services if s not in declared]
    if missing:
        gaps.append((("services",), f"service(s) absent(s) : {', '.join(missing)} (déclarés : "
                                    f"{', '.join(declared) or 'aucun'})"))
    absent = [n for n in (*spec.networks, *spec.internal) if n not in nets]
    if absent:
        gaps.append((("networks",) if "networks" in data else (), (
            f"réseau(x) non déclaré(s) sous « networks: » au premier niveau : "
            f"{', '.join(dict.fromkeys(absent))}")))
    for name in spec.internal:
        if name in nets and _mapping(nets[name]).get("internal") is not True:
            gaps.append((("networks", name), f"le réseau « {name} » n'est pas interne : "
                                             "ajoutez « internal: true » sous lui"))
    for name, wanted in (spec.service_networks or {}).items():
        if name not in declared:
            continue
        have = service_networks(declared[name])
        lacking = [n for n in wanted if n not in have]
        extra = [n for n in have if n not in wanted]
        if lacking or extra:
            gaps.append((("services", name), (
                f"le service « {name} » est sur {', '.join(have)} au lieu de "
                f"{', '.join(wanted)} (« networks: [{', '.join(wanted)}] »)")))
    wanted_checks = list(declared) if spec.all_healthchecks else spec.healthchecks
    for name in wanted_checks:
        if name in declared and not has_healthcheck(declared[name]):
            gaps.append((("services", name), (
                f"le service « {name} » n'a pas de « healthcheck: » (avec « test: »)")))
    return gaps
