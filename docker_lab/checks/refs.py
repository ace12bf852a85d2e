"""Which engine resources shell commands and a setup block name (pure, no engine).

Reset removes these (plus what carries the exercise's label); validation flags a
check that names a container or network nothing in the exercise creates or
mentions; live checking filters engine events by these names.

Solution commands are read with :mod:`shlex`, looking for ``docker run/create
--name``, ``--network``, ``-v VOLUME:/path``, ``docker network create NAME``,
``docker network connect NET CTR`` and ``docker volume create NAME``. The text of a
here-document (``cat > f <<'EOF' … EOF``) is data, not commands; when it writes a
Compose file, :func:`compose_refs` reads the services, networks and volumes it
declares (names of the Compose file, not engine names: Compose prefixes them).
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

import yaml

from docker_lab.checks import composefile


@dataclass(frozen=True)
class Refs:
    """Names of engine resources a check (or an exercise) refers to.

    ``aliases`` are DNS names that are not a container's own name: in what commands
    create, the network aliases (``--network-alias``, ``network connect --alias``) and
    Compose's services and their aliases; in what a check names, a DNS name that may be
    any of these or a container's name (``resolves``'s ``name``).
    """

    containers: frozenset[str] = frozenset()
    networks: frozenset[str] = frozenset()
    volumes: frozenset[str] = frozenset()
    aliases: frozenset[str] = frozenset()

    def __or__(self, other: Refs) -> Refs:
        return Refs(
            self.containers | other.containers,
            self.networks | other.networks,
            self.volumes | other.volumes,
            self.aliases | other.aliases,
        )


def refs(
    containers: object = (), networks: object = (), volumes: object = (), aliases: object = ()
) -> Refs:
    """Build :class:`Refs` from names or iterables of names, ignoring ``None`` and non-text.

    Raises:
        TypeError: a value is neither a name, nor empty, nor iterable.
    """

    def clean(values: object) -> frozenset[str]:
        if isinstance(values, str):
            values = (values,)
        if not values:
            return frozenset()
        if not isinstance(values, Iterable):
            raise TypeError(f"noms attendus : {values!r}")
        return frozenset(v for v in values if isinstance(v, str) and v)

    return Refs(clean(containers), clean(networks), clean(volumes), clean(aliases))


SEPARATORS = {";", "&&", "||", "|", "&", "(", ")", "\n"}
NETWORK_CREATE_VALUED = {"-d", "--driver", "--subnet", "--ip-range", "--gateway", "-o", "--opt",
                         "--label", "--aux-address", "--ipam-driver", "--ipam-opt", "--scope",
                         "--config-from"}
CONNECT_VALUED = {"--alias", "--ip", "--ip6", "--link", "--link-local-ip", "--driver-opt"}
MODES = {"host", "none", "bridge", "default"}
RUN_BOOLEAN = {"--rm", "--privileged", "--init", "--read-only", "--detach", "--interactive",
               "--tty", "--publish-all", "--no-healthcheck", "--oom-kill-disable", "--sig-proxy",
               "--disable-content-trust", "--help", "-q", "--quiet"}


#: ``<<'EOF'`` / ``<<-EOF`` / ``<< "EOF"``: a here-document and its end word.
_HEREDOC = re.compile(r"<<-?\s*(['\"]?)(\w+)\1")
_REDIRECT = re.compile(r"(?:^|[\s;&|])>\s*(['\"]?)([^\s'\";&|<>]+)\1")


def heredocs(command: str) -> Iterator[tuple[str, str | None, str]]:
    """(command line, file written with ``>`` or ``None``, body) of each here-document."""
    lines = command.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        found = _HEREDOC.search(line)
        i += 1
        if found is None:
            continue
        end = found.group(2)
        body: list[str] = []
        while i < len(lines) and lines[i].strip() != end:
            body.append(lines[i])
            i += 1
        i += 1
        target = _REDIRECT.search(line)
        yield line, (target.group(2) if target else None), "\n".join(body)


def _without_heredocs(command: str) -> str:
    kept: list[str] = []
    end: str | None = None
    for line in command.split("\n"):
        if end is not None:
            end = None if line.strip() == end else end
            continue
        kept.append(line)
        found = _HEREDOC.search(line)
        end = found.group(2) if found else None
    return "\n".join(kept)


def compose_refs(commands: Iterable[str]) -> Refs:
    """The services (as containers), networks and volumes of Compose files the commands
    write with a here-document (``cat > docker-compose.yml <<'EOF' … EOF``)."""
    total = Refs()
    for command in commands:
        for _, target, body in heredocs(command):
            if target is None or PurePosixPath(target).name not in composefile.COMPOSE_FILES:
                continue
            try:
                data = yaml.safe_load(body)
            except yaml.YAMLError:
                continue
            services = composefile.services(data)
            total = total | refs(list(services), list(composefile.networks(data)),
                                 list(composefile.volumes(data)),
                                 [*services, *composefile.aliases(services)])
    return total


def _tokens(command: str) -> list[str]:
    text = command.replace("\\\n", " ").replace("\n", " ; ")
    lexer = shlex.shlex(text, posix=True, punctuation_chars=";&|()")
    lexer.whitespace_split = True
    lexer.commenters = "#"
    try:
        return list(lexer)
    except ValueError:  # unbalanced quotes: fall back to a plain split
        return command.split()


def _segments(tokens: list[str]) -> list[list[str]]:
    segments: list[list[str]] = [[]]
    for token in tokens:
        if token in SEPARATORS:
            segments.append([])
        else:
            segments[-1].append(token)
    return [s for s in segments if s]


def _volume_name(spec: str) -> str | None:
    source = spec.split(":", 1)[0] if ":" in spec else ""
    if not source or source[0] in "/.~$" or "/" in source:
        return None
    return source


def _mount_volume(spec: str) -> str | None:
    fields = dict(part.split("=", 1) for part in spec.split(",") if "=" in part)
    if fields.get("type", "volume") != "volume":
        return None
    return fields.get("source") or fields.get("src")


def _run(args: list[str], found: dict[str, set[str]]) -> None:
    i = 0
    while i < len(args):
        token = args[i]
        if not token.startswith("-"):
            return  # the image: what follows is the container's command
        if "=" in token or token in RUN_BOOLEAN or (
                not token.startswith("--") and set(token[1:]) <= set("dit")):
            value, i = (token.split("=", 1)[1] if "=" in token else None), i + 1
            flag = token.split("=", 1)[0]
        else:
            flag, value, i = token, (args[i + 1] if i + 1 < len(args) else None), i + 2
        if value is None:
            continue
        if flag == "--name":
            found["containers"].add(value)
        elif flag in ("--network-alias", "--net-alias"):
            found["aliases"].add(value)
        elif flag in ("--network", "--net") and value not in MODES and not value.startswith(
                "container:"):
            found["networks"].add(value)
        elif flag in ("-v", "--volume") and _volume_name(value):
            found["volumes"].add(str(_volume_name(value)))
        elif flag == "--mount" and _mount_volume(value):
            found["volumes"].add(str(_mount_volume(value)))


def _segment(words: list[str], found: dict[str, set[str]]) -> None:
    if "docker" not in words:
        return
    args = words[words.index("docker") + 1:]
    if args[:1] == ["container"]:
        args = args[1:]
    if args[:1] in (["run"], ["create"]):
        _run(args[1:], found)
    elif args[:2] == ["network", "create"]:
        positional = _positional(args[2:], NETWORK_CREATE_VALUED)
        found["networks"].update(positional[-1:])
    elif args[:2] in (["network", "connect"], ["network", "disconnect"]):
        positional = _positional(args[2:], CONNECT_VALUED)
        if len(positional) >= 2:
            found["networks"].add(positional[0])
            found["containers"].add(positional[1])
        if args[1] == "connect":
            found["aliases"].update(_option_values(args[2:], "--alias"))
    elif args[:2] == ["volume", "create"]:
        valued = {"-d", "--driver", "--label", "-o", "--opt"}
        found["volumes"].update(_positional(args[2:], valued)[-1:])


def _positional(args: Sequence[str], valued: set[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(args):
        token = args[i]
        if token in valued:
            i += 2
            continue
        if not token.startswith("-") and "$" not in token:
            out.append(token)
        i += 1
    return out


def _option_values(args: Sequence[str], flag: str) -> list[str]:
    """The values of *flag* (``--flag V`` or ``--flag=V``) among *args*."""
    values = [a.split("=", 1)[1] for a in args if a.startswith(flag + "=")]
    values += [args[i + 1] for i, a in enumerate(args[:-1]) if a == flag]
    return values


def command_refs(commands: Iterable[str]) -> Refs:
    """The containers, networks, volumes and network aliases these shell commands create
    or name."""
    found: dict[str, set[str]] = {
        "containers": set(), "networks": set(), "volumes": set(), "aliases": set()}
    for command in commands:
        for words in _segments(_tokens(_without_heredocs(command))):
            _segment(words, found)
    return refs(found["containers"], found["networks"], found["volumes"], found["aliases"])


def setup_refs(setup: Any) -> Refs:
    """The resources an exercise's ``setup`` block creates (any shape: wrong parts are skipped)."""
    if not isinstance(setup, dict):
        return Refs()

    def items(key: str) -> list[dict[Any, Any]]:
        value = setup.get(key)
        return [i for i in value if isinstance(i, dict)] if isinstance(value, list) else []

    def names(key: str) -> list[str]:
        return [i["name"] for i in items(key) if isinstance(i.get("name"), str)]

    volumes = names("volumes")
    nets = names("networks")
    for container in items("containers"):
        mounts = container.get("volumes")
        volumes += [v for v in mounts if isinstance(v, str)] if isinstance(mounts, dict) else []
        attached = container.get("networks")
        nets += [n for n in attached if isinstance(n, str) and n not in MODES] \
            if isinstance(attached, list) else []
    return refs(names("containers"), nets, volumes)
