"""What a step's checks ask, phrased as goals (French), for a step not attempted yet.

A step the student has not touched shows what to reach, not a failure:

>>> goal(spec)     # a ``network`` check on « app-net », subnet 172.28.0.0/16
'Le réseau « app-net » existe (sous-réseau 172.28.0.0/16)'

Goals name the resources and the properties asked, never a command.
"""

from __future__ import annotations

from collections.abc import Callable

from docker_lab.checks.registry import get_kind
from docker_lab.course.models import CheckSpec, Step


def _get(params: object, name: str) -> object:
    return getattr(params, name, None)


def _details(parts: list[str]) -> str:
    shown = [p for p in parts if p]
    return f" ({', '.join(shown)})" if shown else ""


def _network(p: object) -> str:
    parts = [f"pilote {_get(p, 'driver')}" if _get(p, "driver") else "",
             f"sous-réseau {_get(p, 'subnet')}" if _get(p, "subnet") else "",
             f"passerelle {_get(p, 'gateway')}" if _get(p, "gateway") else "",
             "interne" if _get(p, "internal") else ""]
    return f"Le réseau « {_get(p, 'name')} » existe{_details(parts)}"


def _container(p: object) -> str:
    state = _get(p, "state") or "running"
    verb = {"running": "tourne", "exists": "existe", "stopped": "est arrêté"}.get(
        str(state), "tourne")
    parts = [f"image {_get(p, 'image')}" if _get(p, "image") else "",
             f"mode réseau {_get(p, 'network_mode')}" if _get(p, "network_mode") else "",
             f"sur {_names(_get(p, 'networks'))}" if _get(p, "networks") else ""]
    return f"Le container « {_get(p, 'name')} » {verb}{_details(parts)}"


def _port(p: object) -> str:
    return f" (port {_get(p, 'port')})" if _get(p, "port") else ""


def _names(values: object) -> str:
    items = list(values) if isinstance(values, tuple | list | dict) else [values]
    return ", ".join(f"« {v} »" for v in items)


GOALS: dict[str, Callable[[object], str]] = {
    "network": _network,
    "network_absent": lambda p: f"Le réseau « {_get(p, 'name')} » n'existe plus",
    "container": _container,
    "attached": lambda p: (f"« {_get(p, 'container')} » est connecté au réseau "
                           f"« {_get(p, 'network')} »"),
    "not_attached": lambda p: (f"« {_get(p, 'container')} » n'est plus connecté au réseau "
                               f"« {_get(p, 'network')} »"),
    "published": lambda p: (f"Le port {_get(p, 'port')} de « {_get(p, 'container')} » répond "
                            "depuis l'hôte"),
    "resolves": lambda p: (f"Depuis « {_get(p, 'from_')} », le nom « {_get(p, 'name')} » "
                           "se résout"),
    "reaches": lambda p: (f"« {_get(p, 'from_')} » joint « {_get(p, 'host') or _get(p, 'to')} »"
                          f"{_port(p)}"),
    "isolated": lambda p: (f"« {_get(p, 'from_')} » ne peut pas joindre « {_get(p, 'to')} »"
                           f"{_port(p)}"),
    "healthy": lambda p: f"Le container « {_get(p, 'container')} » est en bonne santé",
    "no_way_out": lambda p: f"« {_get(p, 'container')} » n'a aucune sortie hors de ses réseaux",
    "tls": lambda p: (f"« {_get(p, 'container')} » présente en TLS un certificat pour "
                      f"« {_get(p, 'name')} »"),
    "file": lambda p: f"Le fichier {_names(_get(p, 'path'))} est écrit",
    "compose": lambda p: ("Le projet Compose de l'exercice tourne"
                          + (f" avec {_names(_get(p, 'services'))}" if _get(p, "services")
                             else "")),
    "ran": lambda p: ("L'étape se vérifie en lançant la commande vous-même, dans la console, "
                      "avec succès" if _get(p, "outcome") in (None, "success") else
                      "L'étape se vérifie en lançant la commande vous-même, dans la console"),
    "answer": lambda p: "Votre réponse, dans le champ ci-dessous",
}


def goal(spec: CheckSpec) -> str:
    """What *spec* asks, as a goal (the kind's summary when there is no phrase for it)."""
    phrase = GOALS.get(spec.kind)
    if phrase is not None:
        try:
            return phrase(spec.params)
        except Exception:  # an unexpected parameter shape: the summary still says it
            pass
    kind = get_kind(spec.kind)
    summary = kind.summary if kind is not None else spec.kind
    return summary[:1].upper() + summary[1:]


def step_goals(step: Step) -> tuple[str, ...]:
    """The goal of each check of *step*, in order."""
    return tuple(goal(spec) for spec in step.checks)
