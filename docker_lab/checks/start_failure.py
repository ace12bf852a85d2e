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
#: Code 127 at start without more to say: docker run takes what follows the image as the
#: container's command (``docker run -d --name api mon-api --network app`` runs « --network »).
_AFTER_IMAGE = (" Ce qui suit le nom de l'image dans docker run est la commande du container : "
                "une option écrite après l'image (--network, -p, -e…) est prise pour la "
                "commande. Les options se placent avant l'image.")


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
    if not text and c.status == "created" and c.exit_code == 127:
        text = _AFTER_IMAGE
    return text


def refused_to_start(c: ContainerInfo) -> bool:
    """Whether the engine's own reason for not starting *c* is known (its options, its
    error): recreating it is then the fix, not starting it again."""
    return bool(misplaced_options(c) or engine_error(c))


def start_failure_fix(c: ContainerInfo) -> str:
    """What to try instead of « docker start » (which would fail the same way); ``""`` if
    nothing is known of a failed start."""
    options = misplaced_options(c)
    if options:
        return f"docker rm {c.name} puis relancez-le avec « {options} » placé avant l'image"
    if engine_error(c):
        return f"docker rm {c.name} puis relancez-le avec une commande docker run corrigée"
    if c.status == "created" and c.exit_code == 127:
        return (f"docker rm -f {c.name} puis relancez-le, les options avant l'image : "
                "docker run [OPTIONS] IMAGE [COMMANDE]")
    if c.status == "created" and c.exit_code:
        return (f"docker inspect -f '{{{{.State.Error}}}}' {c.name} dit pourquoi ; puis "
                f"docker rm -f {c.name} et relancez-le avec une commande corrigée")
    return ""
