"""Why a container does not run when the engine itself refused to start it (pure).

``docker run`` creates the container, then starts it. When the start fails, the
container stays « created » and the engine keeps the reason in ``State.Error``:
« network hote not found », or runc's « exec: "--network": executable file not
found in $PATH » when docker run's options were written after the image and so
became the container's command (an image with an entrypoint script runs and
exits with code 127 instead).
"""

from __future__ import annotations

import re

from docker_lab.engine.models import ContainerInfo

#: The head of runc's long error, before the part worth showing (« exec: … »).
_RUNC_HEAD = re.compile(r"^.*unable to start container process:\s*")
_UNKNOWN_NETWORK = re.compile(r"network (\S+) not found")


def engine_error(c: ContainerInfo) -> str:
    """The engine's reason for not starting *c*, shortened; ``""`` if it has none."""
    if c.running or not c.start_error.strip():
        return ""
    return _RUNC_HEAD.sub("", c.start_error.strip()).removesuffix(": unknown")


def misplaced_options(c: ContainerInfo) -> str:
    """« --network mon-app-network » when docker run's options, written after the image,
    became the command the container could not find; else ``""``."""
    if c.running or not c.command or not c.command[0].startswith("-"):
        return ""
    not_found = c.exit_code == 127 or "executable file not found" in c.start_error
    return " ".join(c.command) if not_found else ""


def start_failure(c: ContainerInfo) -> str:
    """Sentences naming why *c* could not start, each after a space; ``""`` if none."""
    text = ""
    error = engine_error(c)
    if error:
        text += f" Docker a refusé de le démarrer : « {error} »."
        unknown = _UNKNOWN_NETWORK.fullmatch(error)
        if unknown:
            text += (f" Le réseau « {unknown[1]} » n'existe pas : docker network ls liste "
                     "ceux qui existent.")
    options = misplaced_options(c)
    if options:
        text += (f" Sa commande est « {options} » : dans docker run, tout ce qui suit l'image "
                 "est passé au container comme commande. Les options de docker run "
                 "(--network, -p, -e…) se placent avant l'image.")
    return text


def start_failure_fix(c: ContainerInfo) -> str:
    """What to try instead of « docker start » (which would fail the same way); ``""`` if
    nothing is known of a failed start."""
    options = misplaced_options(c)
    if options:
        return f"docker rm {c.name} puis relancez-le avec « {options} » placé avant l'image"
    if engine_error(c):
        return f"docker rm {c.name} puis relancez-le avec une commande docker run corrigée"
    return ""
