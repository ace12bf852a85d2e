"""What ``docker-lab doctor`` says about the engine and the images (engine kind, setup's way,
and which exercises each missing image blocks).

The exercises an image blocks are read from the course itself: the image names
that appear in an exercise's setup, its steps' reference solutions and its
checks' parameters (``postgres:13``; ``alpine`` stands for ``alpine:latest``).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from docker_lab.course.models import Exercise


def engine_summary(info: Mapping[str, Any], version: Mapping[str, Any], api: str) -> str:
    """« Docker Desktop … » or « Docker Engine … »: OS, architecture, API, rootless or not."""
    system = str(info.get("OperatingSystem") or "?")
    kind = "Docker Desktop" if "docker desktop" in system.lower() else "Docker Engine"
    options = " ".join(str(o) for o in info.get("SecurityOptions") or [])
    rootless = "rootless" if "rootless" in options else "pas rootless (démon root)"
    return (f"Moteur : {kind} {version.get('Version', '?')} sur {system} "
            f"({info.get('OSType', '?')}/{info.get('Architecture', '?')}), API {api}, {rootless}")


def _pattern(name: str) -> re.Pattern[str]:
    repo, _, tag = name.rpartition(":")
    forms = [re.escape(name)]
    if tag == "latest":
        forms.append(re.escape(repo))
    return re.compile(r"(?<![\w/.:-])(?:" + "|".join(forms) + r")(?![\w/.:-])")


def _text(exercise: Exercise) -> str:
    """Setup, solutions and check parameters of *exercise*, as one searchable text."""
    parts = [json.dumps(exercise.setup, default=str, ensure_ascii=False)]
    for step in exercise.steps:
        parts.extend(step.solution)
        for spec in step.checks:
            params = spec.params
            data = dataclasses.asdict(params) if dataclasses.is_dataclass(params) and \
                not isinstance(params, type) else params
            parts.append(json.dumps(data, default=str, ensure_ascii=False))
    return "\n".join(parts)


def blocked_exercises(exercises: Iterable[Exercise], names: Iterable[str]) -> dict[str, list[str]]:
    """For each image name, the ids of the exercises that use it (pure)."""
    texts = {ex.id: _text(ex) for ex in exercises}
    return {name: sorted(i for i, text in texts.items() if _pattern(name).search(text))
            for name in names}
