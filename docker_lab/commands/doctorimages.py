"""What ``docker-lab doctor`` says about the engine (Desktop or Engine, rootless or not).

Which exercises a missing image blocks is :mod:`docker_lab.lab.imageneeds`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def engine_summary(info: Mapping[str, Any], version: Mapping[str, Any], api: str) -> str:
    """« Docker Desktop … » or « Docker Engine … »: OS, architecture, API, rootless or not."""
    system = str(info.get("OperatingSystem") or "?")
    kind = "Docker Desktop" if "docker desktop" in system.lower() else "Docker Engine"
    options = " ".join(str(o) for o in info.get("SecurityOptions") or [])
    rootless = "rootless" if "rootless" in options else "pas rootless (démon root)"
    return (f"Moteur : {kind} {version.get('Version', '?')} sur {system} "
            f"({info.get('OSType', '?')}/{info.get('Architecture', '?')}), API {api}, {rootless}")
