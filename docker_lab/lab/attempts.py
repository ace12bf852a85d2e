"""Whether the student has attempted the current step: how much feedback to give.

A step not attempted yet is neutral — the panel shows what to reach (its goals), not
a failure and not the command. What counts as an attempt, precisely:

* a check of the step whose verdict changed since the step became current: its
  status, or what it found (``actual``, else its message without the suggestion).
  The first verdict seen for a step is its baseline — taken when the step becomes
  current (the exercise opened, or the step before it completed);
* a check marked broken again (it passed, it fails now);
* an answer typed for the step, or a docker command run in the console while it is
  current (:func:`is_attempt`; any command for a step that waits for one to be run:
  :func:`attempts_step`), reported through :meth:`AttemptTracker.tried`.

Asking for a check (« Vérifier ») without having attempted shows what is wrong, still
without the suggested command (:meth:`AttemptTracker.asked`). The suggestions
(« Essayez : … ») come with an attempt, or through the hints.

>>> tracker = AttemptTracker()
>>> tracker.observe(first_verdict)      # the baseline
<Feedback.GOALS: 'goals'>
>>> tracker.observe(after_a_change)     # a check found something else: attempted
<Feedback.FULL: 'full'>

Thread-safe: the app's worker observes while the UI thread reports asks and tries.
"""

from __future__ import annotations

import threading
from enum import StrEnum

from docker_lab.checks.cmdline import simple_commands
from docker_lab.checks.model import CheckResult, Status, StepResult
from docker_lab.course.models import Step

#: Programs whose commands may be attempts at a step.
ATTEMPT_PROGRAMS = frozenset({"docker", "docker-compose"})
#: Docker sub-commands that only read: looking is not attempting.
READ_ONLY = frozenset({"ps", "ls", "list", "inspect", "logs", "images", "version", "info",
                       "stats", "port", "top", "events", "help", "exec", "history", "config",
                       "diff", "search"})
#: Management commands whose own sub-command says whether they change something.
GROUPS = frozenset({"network", "container", "volume", "image", "compose"})


class Feedback(StrEnum):
    """How much the panel says about the current step."""

    GOALS = "goals"  # not attempted: what to reach
    DIAGNOSIS = "diagnosis"  # asked to check, not attempted: what is wrong, no command
    FULL = "full"  # attempted and still wrong: what is wrong and what to try


def is_attempt(command: str) -> bool:
    """Whether a console command is an attempt at the step: a docker command that acts
    (``run``, ``network create``, ``compose up`` …, whatever its outcome), not one that
    only reads (``ps``, ``network ls``, ``inspect``, ``logs``, ``exec`` …)."""
    for words in simple_commands(command):
        if not words or words[0].rsplit("/", 1)[-1] not in ATTEMPT_PROGRAMS:
            continue
        verbs = [w for w in words[1:] if not w.startswith("-")]
        while verbs and verbs[0] in GROUPS:
            verbs = verbs[1:]
        if verbs and verbs[0] not in READ_ONLY:
            return True
    return False


def attempts_step(command: str, step: Step) -> bool:
    """Whether a console command is an attempt at *step*: :func:`is_attempt`, or any command
    at all when the step waits for a command to be run (a ``ran`` check: looking is the
    work, and a wrong command must be told why it does not count)."""
    return is_attempt(command) or (bool(command.strip())
                                   and any(spec.kind == "ran" for spec in step.checks))


def fingerprint(check: CheckResult) -> tuple[str, str] | None:
    """What an attempt changes in a check's verdict (``None``: waiting for an answer)."""
    if check.status is Status.PENDING:
        return None
    return check.status.value, check.actual or check.diagnosis


class AttemptTracker:
    """Per step of one exercise: its baseline verdict and whether it was attempted."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._baselines: dict[str, tuple[tuple[str, str] | None, ...]] = {}
        self._tried: set[str] = set()
        self._asked: set[str] = set()

    def forget(self) -> None:
        """Start afresh (the exercise was reset): every step is neutral again."""
        with self._lock:
            self._baselines.clear()
            self._tried.clear()
            self._asked.clear()

    def tried(self, step_id: str) -> None:
        """The student did something for *step_id* (an answer, a console command)."""
        with self._lock:
            self._tried.add(step_id)

    def asked(self, step_id: str) -> None:
        """The student asked to check *step_id* (« Vérifier »)."""
        with self._lock:
            self._asked.add(step_id)

    def attempted(self, step_id: str) -> bool:
        """Whether *step_id* was attempted."""
        with self._lock:
            return step_id in self._tried

    def observe(self, result: StepResult) -> Feedback:
        """Compare *result* with its step's baseline (the first verdict seen: kept)."""
        prints = tuple(fingerprint(c) for c in result.checks)
        with self._lock:
            step = result.id
            baseline = self._baselines.setdefault(step, prints)
            if any(c.regressed for c in result.checks) or _changed(baseline, prints):
                self._tried.add(step)
            if step in self._tried:
                return Feedback.FULL
            return Feedback.DIAGNOSIS if step in self._asked else Feedback.GOALS


def _changed(baseline: tuple[tuple[str, str] | None, ...],
             now: tuple[tuple[str, str] | None, ...]) -> bool:
    """Whether a check's verdict differs from the baseline (checks waiting are skipped)."""
    if len(baseline) != len(now):
        return True
    return any(a is not None and b is not None and a != b for a, b in zip(baseline, now,
                                                                           strict=True))
