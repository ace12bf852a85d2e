"""Misconceptions: named wrong ideas recognised from the engine's state and the last command.

Each entry is one :class:`Misconception`: an id, a French title and explanation, and a
pure ``detect(snapshot, last_command)`` that returns the French sentence for this case
(or ``None``). The panel shows what :func:`detect_all` finds, title first: naming the
wrong idea teaches more than « ne résout pas ».

This module holds the detectors that read the last console command; those that read
the state only (default bridge DNS, 127.0.0.1 publish, ``none``, ``--internal``, subnet
overlap, postgres password…) are added to :data:`MISCONCEPTIONS` the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from docker_lab.checks.cmdline import simple_commands
from docker_lab.engine.models import Snapshot
from docker_lab.lab.dockerargs import docker_runs, image_base, network_connects

#: Ports the course's images listen on (their ``EXPOSE``).
IMAGE_PORTS: dict[str, frozenset[int]] = {
    "nginx": frozenset({80, 443}), "httpd": frozenset({80}), "postgres": frozenset({5432}),
    "redis": frozenset({6379}), "prom/prometheus": frozenset({9090}),
    "mon-api": frozenset({8080}), "mon-webapp": frozenset({80, 3000}),
}
#: A ``ping`` without ``-c`` running this long is shown how to stop.
PING_SECONDS = 5.0
#: Programs that name a host, run on the host itself.
_HOST_TOOLS = frozenset({"ping", "curl", "wget", "nslookup", "dig", "host", "nc", "telnet"})


@dataclass(frozen=True)
class LastCommand:
    """The last console command: ``status`` is ``None`` while it still runs."""

    command: str
    status: int | None
    output: str = ""
    seconds: float = 0.0


Detector = Callable[[Snapshot | None, LastCommand | None], str | None]
#: What a misconception's detector looks at (the command-based ones here; the state-based
#: ones of :mod:`docker_lab.lab.misconceptions_state` also look at the current step).
D = TypeVar("D")


@dataclass(frozen=True)
class Misconception(Generic[D]):
    """One named wrong idea (see the module docstring); ``D`` is its detector's type."""

    id: str
    title: str
    explanation: str
    detect: D
    #: The docker CLI errors (:data:`docker_lab.lab.feedback.KNOWN_ERRORS` ids) this wrong
    #: idea explains better than their general meaning (« create the network » after a
    #: swapped ``network connect``): named, it takes their place.
    replaces: frozenset[str] = frozenset()


def _port_reversed(snapshot: Snapshot | None, last: LastCommand | None) -> str | None:
    if last is None:
        return None
    for run in docker_runs(last.command):
        ports = IMAGE_PORTS.get(image_base(run.image or ""), frozenset())
        for spec in run.publish:
            parts = spec.split("/")[0].split(":")
            if len(parts) < 2 or not (parts[-1].isdigit() and parts[-2].isdigit()):
                continue
            host, inside = int(parts[-2]), int(parts[-1])
            if inside not in ports and host in ports:
                return (f"`-p {spec}` envoie le port {host} de l'hôte vers le port {inside} du "
                        f"container, où rien n'écoute : {image_base(run.image or '')} écoute sur "
                        f"{host}. L'ordre est `-p HÔTE:CONTAINER` : écrivez "
                        f"`-p {inside}:{host}`.")
    return None


#: A container's state, in French.
_STATES = {"created": "créé, jamais démarré", "running": "en marche", "exited": "arrêté",
           "restarting": "redémarre en boucle", "paused": "en pause", "dead": "hors service"}


def _network_is_container(snapshot: Snapshot | None, last: LastCommand | None) -> str | None:
    if last is None or last.status in (0, None) or snapshot is None:
        return None
    for run in docker_runs(last.command):
        name = run.network or ""
        if snapshot.container(name) is not None and snapshot.network(name) is None:
            return (f"`--network {name}` cherche un réseau nommé « {name} », et « {name} » est "
                    "un container. Pour que le nouveau container partage sa pile réseau (mêmes "
                    f"interfaces, même adresse), écrivez `--network container:{name}` ; pour "
                    "le mettre sur le même réseau que lui, donnez le nom de ce réseau "
                    f"(`docker inspect {name}` le montre).")
    return None


def _network_after_image(snapshot: Snapshot | None, last: LastCommand | None) -> str | None:
    if last is None:
        return None
    for run in docker_runs(last.command):
        late = [w for w in run.after_image if w.split("=")[0] in ("--network", "--net")]
        if late and run.network is None:
            where = ""
            found = snapshot.container(run.name) if snapshot and run.name else None
            if found is not None:
                nets = ", ".join(sorted(found.endpoints)) or "aucun réseau"
                state = _STATES.get(found.status, found.status)
                where = f" « {found.name} » est sur : {nets} ({state})."
            return (f"`{late[0]}` est écrit après l'image `{run.image}` : tout ce qui suit "
                    "l'image est passé au container comme sa commande, pas à docker. Le "
                    "container reçoit donc ces mots en arguments (il s'arrête ou les ignore) "
                    f"et se retrouve sur le bridge par défaut.{where} Les options vont avant "
                    "l'image : `docker run [OPTIONS] IMAGE`.")
    return None


def _connect_swapped(snapshot: Snapshot | None, last: LastCommand | None) -> str | None:
    if last is None or last.status in (0, None):
        return None
    for first, second in network_connects(last.command):
        if snapshot is not None:
            swapped = snapshot.container(first) is not None and \
                snapshot.network(second) is not None and snapshot.network(first) is None
        else:
            swapped = "No such network" in last.output or f"network {first} not found" in \
                last.output
        if swapped:
            return (f"Les arguments sont inversés : c'est `docker network connect RÉSEAU "
                    f"CONTAINER`. Ici « {first} » est un container et « {second} » un réseau : "
                    f"`docker network connect {second} {first}`.")
    return None


_UNRESOLVED = ("Name or service not known", "bad address", "unknown host",
               "Could not resolve host", "can't resolve", "server can't find",
               "Temporary failure in name resolution", "NXDOMAIN")


def _name_from_host(snapshot: Snapshot | None, last: LastCommand | None) -> str | None:
    if last is None or last.status in (0, None):
        return None
    for words in simple_commands(last.command):
        if words[0] not in _HOST_TOOLS:
            continue
        names = [w.split("://")[-1].split("/")[0].split(":")[0] for w in words[1:]
                 if not w.startswith("-")]
        for name in names:
            known = snapshot is not None and snapshot.container(name) is not None
            unresolved = any(text in last.output for text in _UNRESOLVED)
            if known or (snapshot is None and unresolved and name):
                return (f"`{words[0]}` est lancé sur l'hôte, qui ne connaît pas le nom "
                        f"« {name} » : le DNS de Docker ne répond qu'aux containers d'un même "
                        "réseau personnalisé. Testez depuis un container : "
                        f"`docker exec CLIENT {words[0]} … {name}`, ou utilisez l'adresse IP "
                        f"(`docker inspect {name}`) et un port publié.")
    return None


def _ping_never_ends(snapshot: Snapshot | None, last: LastCommand | None) -> str | None:
    if last is None:
        return None
    endless = [words for words in simple_commands(last.command) if "ping" in words
               and not any(w.startswith(("-c", "-w")) or w in ("--count", "--deadline")
                           for w in words)]
    if not endless:
        return None
    if last.status is None and last.seconds >= PING_SECONDS:
        return (f"`ping` sans `-c` tourne depuis {last.seconds:.0f} s : il ne s'arrête jamais "
                "de lui-même. Appuyez sur Ctrl+C dans la console, puis relancez avec un nombre "
                "d'envois : `ping -c 2 …`.")
    if last.status is not None and (last.status == 130 or last.seconds >= PING_SECONDS
                                    or "ping statistics" in last.output):
        # Stopped by hand: through `docker exec`, ping gets the Ctrl+C and ends with 0.
        return ("Ce `ping` sans `-c` a été arrêté à la main (Ctrl+C) : une commande qu'on "
                "interrompt ne prouve rien et ne valide pas une étape. Relancez-la avec "
                "`ping -c 2 …` : elle s'arrête toute seule, et son code de sortie dit si "
                "l'hôte a répondu.")
    return None


MISCONCEPTIONS: list[Misconception[Detector]] = [
    Misconception("port-inverse", "Les ports de -p à l'envers",
                  "-p HÔTE:CONTAINER : le port de l'hôte d'abord, celui où le service écoute "
                  "dans le container ensuite.", _port_reversed),
    Misconception("network-apres-image", "--network placé après l'image",
                  "Tout ce qui suit l'image est la commande du container : les options de "
                  "docker run vont avant l'image.", _network_after_image,
                  frozenset({"option-apres-image", "programme-absent"})),
    Misconception("network-est-un-container", "Un container donné à --network",
                  "--network attend un réseau ; la pile réseau d'un container se partage avec "
                  "--network container:NOM.", _network_is_container, frozenset({"reseau-absent"})),
    Misconception("connect-inverse", "docker network connect à l'envers",
                  "docker network connect prend le réseau d'abord, le container ensuite.",
                  _connect_swapped, frozenset({"reseau-absent", "container-absent"})),
    Misconception("nom-depuis-hote", "Un nom de container utilisé depuis l'hôte",
                  "L'hôte n'utilise pas le DNS de Docker : les noms de containers ne s'y "
                  "résolvent pas.", _name_from_host,
                  frozenset({"nom-non-resolu", "commande-introuvable"})),
    Misconception("ping-sans-fin", "ping sans -c ne s'arrête pas",
                  "Sans -c, ping envoie des paquets jusqu'à Ctrl+C.", _ping_never_ends),
]


def detect_all(snapshot: Snapshot | None, last: LastCommand | None
               ) -> list[tuple[Misconception[Detector], str]]:
    """Every misconception recognised, with its sentence for this case."""
    found = []
    for item in MISCONCEPTIONS:
        try:
            text = item.detect(snapshot, last)
        except Exception:  # a detector bug must not hide the others
            continue
        if text:
            found.append((item, text))
    return found


#: How a misconception is introduced (the panel shows the state-based ones the same way).
LEAD = "💡 Idée reçue : "


def describe(found: list[tuple[Misconception[Detector], str]]) -> str:
    """« 💡 Idée reçue : <titre> » then its sentence on the next line, for each one."""
    return "\n".join(f"{LEAD}{item.title}\n{text}" for item, text in found)
