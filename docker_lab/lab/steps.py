"""What a step asks of the student: the one place that says whether it takes an answer."""

from __future__ import annotations

from docker_lab.checks.registry import get_kind
from docker_lab.course.models import Step


def kind_takes_answer(kind_name: str) -> bool:
    """Whether checks of kind *kind_name* judge a value typed by the student."""
    kind = get_kind(kind_name)
    return kind is not None and kind.uses_answer


def takes_answer(step: Step) -> bool:
    """Whether *step* asks the student for a value (one of its checks takes an answer)."""
    return any(kind_takes_answer(check.kind) for check in step.checks)
