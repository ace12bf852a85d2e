"""Results of checks and steps."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

#: What introduces a check's suggestion in its message.
FIX_LEAD = "Essayez : "


class Status(StrEnum):
    """Verdict of a check or a step."""

    PASS = "pass"
    FAIL = "fail"
    ERROR = "error"  # could not check (probe could not run, engine error)
    PENDING = "pending"  # waiting for the student (an answer not given yet)


@dataclass(frozen=True)
class CheckResult:
    """One check's verdict, with a French message that says what to try."""

    kind: str
    status: Status
    message: str
    expected: str = ""
    actual: str = ""
    regressed: bool = False  # passed earlier, fails now (« cassé à nouveau »)
    fix: str = ""  # what to try (a command or a sentence), also ending ``message``

    @property
    def diagnosis(self) -> str:
        """The message without its closing « Essayez : *fix* » (what is wrong, not the answer)."""
        if not self.fix:
            return self.message
        head, found, tail = self.message.rpartition(FIX_LEAD)
        return head.rstrip() if found and tail.strip() == self.fix.strip() else self.message

    def to_json(self) -> dict[str, str]:
        """Return the JSON form used by ``check --json``."""
        return {
            "kind": self.kind,
            "status": self.status.value,
            "message": self.message,
            "expected": self.expected,
            "actual": self.actual,
        }


@dataclass(frozen=True)
class StepResult:
    """A step's verdict: the worst of its checks."""

    id: str
    title: str
    status: Status
    checks: tuple[CheckResult, ...] = field(default_factory=tuple)

    @property
    def regressions(self) -> tuple[CheckResult, ...]:
        """The checks that passed earlier and fail now (« cassé à nouveau »)."""
        return tuple(c for c in self.checks if c.regressed)

    def to_json(self) -> dict[str, object]:
        """Return the JSON form used by ``check --json``."""
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status.value,
            "checks": [c.to_json() for c in self.checks],
        }
