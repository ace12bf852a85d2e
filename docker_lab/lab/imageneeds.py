"""Which of the course's images each exercise uses (read from the course itself).

An exercise uses an image when its name appears in the exercise's setup, its
steps' reference solutions or its checks' parameters (``postgres:13``;
``alpine`` stands for ``alpine:latest``). ``docker-lab doctor`` says which
exercises a missing image blocks; the app says it before an exercise's first
step, and in its first-run dialog.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable

from docker_lab.course.models import Exercise


def name_pattern(name: str) -> re.Pattern[str]:
    """*name* as a whole word (``alpine:latest`` also as ``alpine``)."""
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


def images_used(exercise: Exercise, names: Iterable[str]) -> list[str]:
    """The *names* that *exercise* uses, in their order (pure)."""
    text = _text(exercise)
    return [name for name in names if name_pattern(name).search(text)]


def blocked_exercises(exercises: Iterable[Exercise], names: Iterable[str]) -> dict[str, list[str]]:
    """For each image name, the ids of the exercises that use it (pure)."""
    texts = {ex.id: _text(ex) for ex in exercises}
    return {name: sorted(i for i, text in texts.items() if name_pattern(name).search(text))
            for name in names}
