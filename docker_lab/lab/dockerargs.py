"""The parts of a ``docker run`` / ``docker network connect`` line a detector needs (pure).

>>> run = parse_run("docker run -d --name web -p 80:8080 nginx:alpine --network x".split())
>>> run.image, run.name, run.publish, run.after_image
('nginx:alpine', 'web', ['80:8080'], ['--network', 'x'])
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docker_lab.checks.cmdline import simple_commands

#: ``docker run`` options followed by a value (when not written ``--opt=value``).
VALUE_OPTIONS = frozenset({
    "-p", "--publish", "-e", "--env", "--name", "--network", "--net", "-v", "--volume",
    "--ip", "--ip6", "--network-alias", "--alias", "-w", "--workdir", "--entrypoint", "-u",
    "--user", "-l", "--label", "--restart", "-h", "--hostname", "--mount", "--env-file",
    "--add-host", "--dns", "--dns-search", "--cpus", "-m", "--memory", "--health-cmd",
    "--health-interval", "--health-retries", "--health-timeout", "--platform", "--pull",
    "--log-driver", "--log-opt", "--cap-add", "--cap-drop", "--device", "--expose",
    "--link", "--stop-signal", "--tmpfs", "--ulimit", "--volumes-from", "--mac-address",
    "--pid", "--ipc", "--shm-size", "--sysctl", "--security-opt", "--cidfile", "--gpus",
})


@dataclass(frozen=True)
class RunLine:
    """A ``docker run`` command: its options, its image, what follows the image."""

    image: str | None
    name: str | None = None
    network: str | None = None
    publish: list[str] = field(default_factory=list)
    after_image: list[str] = field(default_factory=list)


def parse_run(words: list[str]) -> RunLine:
    """Read ``docker run …`` (or ``docker container run …``) words."""
    rest = words[2:] if words[1:2] == ["run"] else words[3:]
    options: dict[str, list[str]] = {}
    index = 0
    while index < len(rest) and rest[index].startswith("-") and rest[index] != "-":
        word = rest[index]
        key, equal, value = word.partition("=")
        if equal:
            options.setdefault(key, []).append(value)
        elif word in VALUE_OPTIONS and index + 1 < len(rest):
            index += 1
            options.setdefault(word, []).append(rest[index])
        elif word.startswith("-") and not word.startswith("--") and len(word) > 2 \
                and f"-{word[-1]}" in VALUE_OPTIONS and index + 1 < len(rest):
            index += 1  # -dp 80:80: the last letter takes the value
            options.setdefault(f"-{word[-1]}", []).append(rest[index])
        index += 1
    image = rest[index] if index < len(rest) else None
    networks = options.get("--network") or options.get("--net") or []
    names = options.get("--name") or []
    return RunLine(image, names[-1] if names else None, networks[-1] if networks else None,
                   [*options.get("-p", []), *options.get("--publish", [])], rest[index + 1:])


def docker_runs(line: str) -> list[RunLine]:
    """Every ``docker run`` of a command line."""
    return [parse_run(words) for words in simple_commands(line)
            if words[0] == "docker" and (words[1:2] == ["run"] or words[1:3] == ["container",
                                                                                 "run"])]


def network_connects(line: str) -> list[tuple[str, str]]:
    """``(first, second)`` argument of each ``docker network connect`` (options skipped)."""
    found = []
    for words in simple_commands(line):
        if words[:3] == ["docker", "network", "connect"]:
            args, skip = [], False
            for word in words[3:]:
                if skip:
                    skip = False
                elif word.startswith("-"):
                    skip = "=" not in word and word in ("--ip", "--ip6", "--alias", "--link",
                                                        "--driver-opt")
                else:
                    args.append(word)
            if len(args) >= 2:
                found.append((args[0], args[1]))
    return found


def image_base(image: str) -> str:
    """``nginx`` for ``docker.io/library/nginx:alpine``; ``prom/prometheus`` kept."""
    name = image.split("@", 1)[0]
    last = name.rsplit("/", 1)
    if ":" in last[-1]:
        name = name.rsplit(":", 1)[0]
    for prefix in ("docker.io/", "library/"):
        name = name.removeprefix(prefix)
    return name
