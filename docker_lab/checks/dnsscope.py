"""Whether Docker's own DNS answers a name for a container, read from the state (pure).

On a user network, Docker's embedded DNS (127.0.0.11) answers the names and network
aliases (Compose services included) of the running containers of the asker's networks;
any other name it forwards to the host's resolvers — off the machine. On the default
bridge there is no embedded DNS at all: the container asks the host's resolvers
directly. A probe that looks a name up (``nslookup web``, ``nc web 80``) is therefore
run only when the state says Docker itself will answer; otherwise the verdict comes
from the state alone and nothing leaves the machine (DESIGN.md, « Network safety »).
"""

from __future__ import annotations

import ipaddress

from docker_lab.checks.base import attached_networks, common_networks, quoted
from docker_lab.engine.models import ContainerInfo, Snapshot

#: Docker's default bridge: no DNS by name there.
DEFAULT_BRIDGE = "bridge"


def is_address(name: str) -> bool:
    """Whether *name* is an IP address (looking it up asks no DNS)."""
    try:
        ipaddress.ip_address(name.strip())
    except ValueError:
        return False
    return True


def _named(c: ContainerInfo, network: str, name: str) -> bool:
    endpoint = c.endpoints.get(network)
    if endpoint is None:
        return False
    wanted = name.rstrip(".").lower()
    return wanted in {n.lower() for n in (c.name, *endpoint.aliases)}  # services: aliases


def dns_networks(c: ContainerInfo) -> list[str]:
    """The networks whose embedded DNS answers *c* (its user networks)."""
    return [n for n in attached_networks(c) if n != DEFAULT_BRIDGE]


def answered_locally(snapshot: Snapshot, src: ContainerInfo, name: str) -> bool:
    """Whether looking *name* up from *src* gets its answer from Docker itself.

    True for an address, or for the name or alias of a running container on one of
    *src*'s user networks; False when the question would go to the host's resolvers.
    """
    if is_address(name):
        return True
    networks = dns_networks(src)
    return any(c.running and _named(c, n, name)
               for c in snapshot.containers.values() for n in networks)


def why_unanswered(src: ContainerInfo, dst: ContainerInfo, name: str) -> str:
    """Why Docker does not answer *name* for *src* (a French clause), knowing that *dst*
    is the container the name should designate."""
    shared = common_networks(src, dst)
    users = [n for n in shared if n != DEFAULT_BRIDGE]
    if shared and not users:
        return ("leur seul réseau commun est le bridge par défaut, où Docker ne fournit pas "
                "de DNS par nom")
    elsewhere = [n for n in dst.endpoints if _named(dst, n, name) and n not in users]
    if users and elsewhere:
        return (f"« {name} » n'est le nom de « {dst.name} » que sur {quoted(elsewhere)}, pas sur "
                f"leur réseau commun {quoted(users)}")
    where = f"leur réseau commun {quoted(users)}" if users else "ses réseaux"
    return f"aucun container démarré de {where} ne porte le nom ou l'alias « {name} »"


def dns_fix(src: ContainerInfo, dst: ContainerInfo, name: str) -> str:
    """What to try so that *src* can ask Docker for *dst* by *name*."""
    users = [n for n in common_networks(src, dst) if n != DEFAULT_BRIDGE]
    if users:  # a network in common: the name is what is missing
        network = users[0]
        if dst.compose_service:
            short = network.split("_", 1)[-1]
            return (f"dans le fichier Compose, donnez au service « {dst.compose_service} » "
                    f"l'alias « {name} » sur le réseau « {short} » (networks: → {short}: → "
                    "aliases:), puis relancez la pile")
        return (f"docker network disconnect {network} {dst.name} puis docker network connect "
                f"--alias {name} {network} {dst.name}")
    theirs = dns_networks(dst)
    if theirs:
        return f"docker network connect {theirs[0]} {src.name}"
    return (f"docker network create mon-reseau, puis docker network connect mon-reseau "
            f"{src.name} et docker network connect mon-reseau {dst.name}")
