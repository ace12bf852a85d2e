"""Parameter validators and parsers shared by the check kinds (pure)."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Any

from docker_lab.spec.problems import shown
from docker_lab.spec.schema import Validator

NAME_RULE = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9_.-]+")


def name_value() -> Validator:
    """A Docker container/network/volume name (two characters or more)."""

    def validate(value: Any) -> str | None:
        if isinstance(value, str) and NAME_RULE.fullmatch(value):
            return None
        return (f"doit être un nom Docker valide (lettres, chiffres, « _ . - », deux caractères "
                f"au moins ; trouvé : « {value} »)")

    return validate


def names_value() -> Validator:
    """A list of Docker names."""
    one = name_value()

    def validate(value: Any) -> str | None:
        for item in value:
            problem = one(item)
            if problem:
                return problem
        return None

    return validate


def cidr_value() -> Validator:
    """A network in CIDR notation (``172.20.0.0/16``)."""

    def validate(value: Any) -> str | None:
        try:
            ipaddress.ip_network(str(value), strict=False)
        except ValueError:
            return ("doit être un réseau en notation CIDR, par ex. 172.20.0.0/16 "
                    f"(trouvé : « {value} »)")
        return None if "/" in str(value) else f"doit indiquer le préfixe, par ex. {value}/16"

    return validate


def ip_value() -> Validator:
    """An IP address (``172.20.0.1``)."""

    def validate(value: Any) -> str | None:
        try:
            ipaddress.ip_address(str(value))
        except ValueError:
            return f"doit être une adresse IP, par ex. 172.20.0.1 (trouvé : « {value} »)"
        return None

    return validate


def address_rules(subnet: object, ip_range: object, gateway: object) -> list[str]:
    """What Docker refuses in a network's address pool (French phrases; ``[]`` when sound).

    The gateway must lie in the subnet and the ip range within it, both of the
    subnet's IP version: ``docker network create`` refuses anything else, so a
    check asking for it could never pass. Values that do not parse are left to
    their own validators; without a subnet there is nothing to compare with.
    """
    try:
        net = ipaddress.ip_network(str(subnet), strict=False) if subnet else None
        gate = ipaddress.ip_address(str(gateway)) if gateway else None
        pool = ipaddress.ip_network(str(ip_range), strict=False) if ip_range else None
    except ValueError:
        return []
    if net is None:
        return []
    problems = []
    if gate is not None and gate.version != net.version:
        problems.append(f"la passerelle « {gateway} » est une adresse IPv{gate.version} et le "
                        f"sous-réseau « {subnet} » un réseau IPv{net.version} : Docker refuse "
                        "ce réseau")
    elif gate is not None and gate not in net:
        problems.append(f"la passerelle « {gateway} » n'est pas dans le sous-réseau « {subnet} » "
                        ": Docker refuse ce réseau")
    if pool is not None and pool.version != net.version:
        problems.append(f"la plage « ip_range » {ip_range} est IPv{pool.version} et le "
                        f"sous-réseau « {subnet} » IPv{net.version} : Docker refuse ce réseau")
    elif pool is not None and not pool.subnet_of(net):  # type: ignore[arg-type]
        problems.append(f"la plage « ip_range » {ip_range} n'est pas dans le sous-réseau "
                        f"« {subnet} » : Docker refuse ce réseau")
    return problems


def port_number() -> Validator:
    """A port number 1–65535."""

    def validate(value: Any) -> str | None:
        if 1 <= value <= 65535:
            return None
        return f"doit être un port entre 1 et 65535 (trouvé : {value})"

    return validate


@dataclass(frozen=True)
class PortSpec:
    """A port a container must publish: ``[host_ip:][host_port:]container_port[/proto]``."""

    container_port: int
    protocol: str = "tcp"
    host_port: int | None = None
    host_ip: str | None = None

    def text(self) -> str:
        """``80/tcp`` or ``8080:80/tcp``."""
        host = f"{self.host_port}:" if self.host_port else ""
        ip = f"{self.host_ip}:" if self.host_ip else ""
        return f"{ip}{host}{self.container_port}/{self.protocol}"

    def flag(self) -> str:
        """The ``-p`` option that publishes it."""
        host = self.host_port or self.container_port
        ip = f"{self.host_ip}:" if self.host_ip else ""
        proto = "" if self.protocol == "tcp" else f"/{self.protocol}"
        return f"-p {ip}{host}:{self.container_port}{proto}"


def parse_port(value: object) -> PortSpec | None:
    """Parse ``80``, ``"443/tcp"``, ``"8080:80"``, ``"127.0.0.1:8080:80"``; ``None`` if invalid."""
    if isinstance(value, bool):
        return None
    text = str(value).strip()
    proto = "tcp"
    if "/" in text:
        text, proto = text.rsplit("/", 1)
        if proto not in ("tcp", "udp", "sctp"):
            return None
    parts = text.split(":")
    if not all(p.isdigit() for p in parts[-2:]) or len(parts) > 3:
        return None
    numbers = [int(p) for p in parts[-2:]]
    if not all(1 <= n <= 65535 for n in numbers):
        return None
    host_ip = parts[0] if len(parts) == 3 else None
    if len(numbers) == 2:
        return PortSpec(numbers[1], proto, numbers[0], host_ip)
    return PortSpec(numbers[0], proto)


def port_specs(value: object) -> tuple[PortSpec, ...]:
    """The validated ``ports`` list, parsed (an item that does not parse is left out)."""
    items = value if isinstance(value, list) else ()
    return tuple(spec for spec in map(parse_port, items) if spec is not None)


def ports_value() -> Validator:
    """A list of port specifications (``80``, ``"8080:80"``, ``"53/udp"``)."""

    def validate(value: Any) -> str | None:
        for item in value:
            if parse_port(item) is None:
                return (f"contient « {item} » : un port s'écrit 80, \"443/tcp\" ou \"8080:80\" "
                        "(port de l'hôte:port du container)")
        return None

    return validate


def text_map(allow_null: bool = True) -> Validator:
    """A mapping of text keys to text values (``null`` allowed when ``allow_null``)."""

    def validate(value: Any) -> str | None:
        for key, item in value.items():
            if not isinstance(key, str):
                return (f"a une clé qui n'est pas un texte : « {shown(key)} » (entourez-la de "
                        "guillemets)")
            if item is None and allow_null:
                continue
            if isinstance(item, bool) or not isinstance(item, str | int | float):
                return f"« {key} » doit valoir un texte (mettez-le entre guillemets)"
        return None

    return validate
