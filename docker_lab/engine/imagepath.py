"""Which way ``docker-lab setup`` gets the official images, and why (pure, plus host facts).

Three ways, in order of preference:

- ``registry``: a registry answers (Docker Hub, a mirror): the official images
  are pulled; nothing is taken from the host.
- ``standins``: no registry (or ``--offline``) on a Debian-like Linux host whose
  architecture is the engine's: labelled stand-ins are assembled from Debian
  programs of the host.
- ``blocked``: no registry and no way to make stand-ins (macOS, Windows, another
  Linux): the images must come from an instructor's bundle
  (``docker-lab setup --import FICHIER``) or from a machine with internet.

``ready`` means nothing has to be fetched: every official image is there.
"""

from __future__ import annotations

import platform
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REGISTRY = "registry"
STANDINS = "standins"
BLOCKED = "blocked"
READY = "ready"

#: What to do when no image can be fetched or made here (French, shown as is).
BLOCKED_FIX = (
    "Demandez à votre formateur l'archive d'images du cours, puis : "
    "docker-lab setup --import FICHIER\n"
    "ou lancez docker-lab setup sur une machine reliée à Internet (puis "
    "docker-lab setup --export FICHIER pour l'apporter ici)."
)

_ARCH = {"x86_64": "x86_64", "amd64": "x86_64", "aarch64": "aarch64", "arm64": "aarch64"}


@dataclass(frozen=True)
class SetupPath:
    """The way chosen, with the French reason (« pourquoi »).

    ``can_standin`` tells whether stand-ins can be made here (a fallback when
    one pull fails, and the way to refresh stand-ins already present).
    """

    kind: str
    reason: str
    can_standin: bool = False

    @property
    def fix(self) -> str:
        """What the user can do when the way is ``blocked`` (else empty)."""
        return BLOCKED_FIX if self.kind == BLOCKED else ""


def choose_path(
    offline: bool, to_fetch: list[str], absent: list[str], registry_error: str | None,
    standin_problem: str | None,
) -> SetupPath:
    """Choose the way to get the official images (pure).

    Args:
        offline: ``--offline`` was given (the registry is not asked).
        to_fetch: official images absent or present only as stand-ins.
        absent: official images not present at all (a subset of *to_fetch*).
        registry_error: None when a registry answers, else why not
            (ignored when *offline*).
        standin_problem: None when stand-ins can be made here, else why not.
    """
    can = standin_problem is None
    if not to_fetch:
        return SetupPath(READY, "toutes les images officielles sont déjà présentes", can)
    if not offline and registry_error is None:
        return SetupPath(REGISTRY, "un registre répond : les images officielles sont "
                         "téléchargées, rien n'est pris sur cette machine", can)
    why = "mode hors ligne demandé" if offline else f"aucun registre ne répond ({registry_error})"
    if not absent:
        return SetupPath(READY, f"{why} : les remplaçants locaux déjà présents sont gardés", can)
    if can:
        return SetupPath(STANDINS, f"{why} : remplaçants construits à partir des programmes "
                         "Debian de cette machine (étiquette docker-lab.standin=true)", can)
    return SetupPath(BLOCKED, f"{why}, et {standin_problem}", can)


def host_arch() -> str:
    """This machine's architecture, in the engine's words (``x86_64``, ``aarch64``)."""
    machine = platform.machine().lower()
    return _ARCH.get(machine, machine)


def standin_problem(engine_info: dict[str, Any], root: Path = Path("/")) -> str | None:
    """Why stand-ins cannot be made for this engine here, or None when they can.

    Stand-ins copy Debian programs of this machine into images: the host must be
    a Debian-like Linux and the engine must run this machine's architecture.
    """
    if platform.system() != "Linux" or not (root / "etc/debian_version").exists():
        return ("cette machine n'est pas une Debian ou une Ubuntu (les remplaçants locaux "
                "copient des programmes Debian de la machine)")
    engine_arch = _ARCH.get(str(engine_info.get("Architecture", "")).lower(), "?")
    if engine_arch != host_arch():
        return (f"le moteur Docker ({engine_arch}) n'a pas l'architecture de cette machine "
                f"({host_arch()})")
    if str(engine_info.get("OSType", "linux")) != "linux":
        return "le moteur Docker ne fait pas tourner de containers Linux"
    return None
