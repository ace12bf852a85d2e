"""Checks broken again: the one place that decides and marks « cassé à nouveau »."""

from __future__ import annotations

from dataclasses import replace

from docker_lab.checks.model import CheckResult, Status, StepResult
from docker_lab.course.models import Step
from docker_lab.lab.steps import kind_takes_answer

#: How a check that passed earlier and fails now is introduced.
REGRESSION_PREFIX = "Cassé à nouveau : "


def mark_regressed(check: CheckResult) -> CheckResult:
    """*check* flagged ``regressed``, its message starting with :data:`REGRESSION_PREFIX`."""
    message = check.message
    if not message.startswith(REGRESSION_PREFIX):
        message = REGRESSION_PREFIX + message
    return replace(check, regressed=True, message=message)


class RegressionTracker:
    """Remembers each check's last status and which checks are broken again.

    A check that passed earlier (or whose step was recorded completed) and fails
    now is broken again; it stays so, whatever its next verdicts, until it passes.
    Checks that judge an answer never are: a new answer is not a broken state.
    """

    def __init__(self) -> None:
        self._last: dict[tuple[str, int], Status] = {}
        self._broken: set[tuple[str, int]] = set()

    def forget_broken(self) -> None:
        """Start afresh on what is broken again (the exercise was opened anew)."""
        self._broken.clear()

    def unsettled(self, step: Step) -> None:
        """Forget the passes just seen for *step*: a container it checks had just started
        (:mod:`docker_lab.lab.settle`), and one that stops at once never worked — failing
        next, it is not « cassé à nouveau »."""
        for index in range(len(step.checks)):
            if self._last.get((step.id, index)) is Status.PASS:
                del self._last[(step.id, index)]

    def mark(self, step: Step, result: StepResult, was_completed: bool) -> StepResult:
        """Return *result* with the checks broken again flagged and their message prefixed."""
        checks: list[CheckResult] = []
        for index, check in enumerate(result.checks):
            key = (step.id, index)
            before = self._last.get(key)
            asked = kind_takes_answer(check.kind)  # a new answer, not a broken state
            if check.status is Status.PASS:
                self._broken.discard(key)
            elif not asked and (check.regressed or (check.status is Status.FAIL and (
                    before is Status.PASS or (before is None and was_completed)))):
                self._broken.add(key)
            if check.status is not Status.PASS and key in self._broken:
                check = mark_regressed(check)
            if check.status is not Status.PENDING:
                self._last[key] = check.status
            checks.append(check)
        return replace(result, checks=tuple(checks))
