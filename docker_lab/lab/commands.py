"""The command log: what the student ran in the console, for the checks and the panel.

The app feeds it from its console's shell integration (each command line, its exit
status and the end of its output); ``docker-lab solve`` records the solution's
commands as if typed. It is kept beside the progress store
(:mod:`docker_lab.progress.commandlog`) so that ``docker-lab check`` sees it too.

A ``ran`` check looks at the commands that ended since its step became current:
since the exercise started, or since the previous step was completed, whichever is
later (:func:`step_began`).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import UTC, datetime

from docker_lab.course.models import Exercise, Step
from docker_lab.progress import ProgressStore
from docker_lab.progress.commandlog import CommandRecord, CommandStore


def step_began(store: ProgressStore, exercise: Exercise, step: Step) -> datetime | None:
    """When *step* became current: the exercise's start or the last earlier completion."""
    started = store.exercise_started_at(exercise.id)
    completed = store.completed_steps(exercise.id)
    index = exercise.steps.index(step) if step in exercise.steps else 0
    times = [completed[s.id] for s in exercise.steps[:index] if s.id in completed]
    moments = [m for m in (started, *times) if m is not None]
    return max(moments) if moments else None


class CommandLog:
    """The commands run for the exercises, kept in a file beside the progress store.

    Args:
        store: where they are kept (``CommandStore.beside(progress.path)``).
    """

    def __init__(self, store: CommandStore) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._last: CommandRecord | None = None

    @classmethod
    def beside(cls, progress: ProgressStore) -> CommandLog:
        """The log kept next to *progress*."""
        return cls(CommandStore.beside(progress.path))

    @property
    def last(self) -> CommandRecord | None:
        """The last command recorded through this log."""
        with self._lock:
            return self._last

    def record(self, command: str, status: int | None, output: str = "",
               exercise_id: str | None = None, source: str = "console",
               at: datetime | None = None) -> CommandRecord:
        """Keep one command that ended (now unless *at*)."""
        record = CommandRecord(command, status, at or datetime.now(UTC), output, exercise_id,
                               source)
        self.store.add(record)
        with self._lock:
            self._last = record
        return record

    def since(self, moment: datetime | None) -> Sequence[CommandRecord]:
        """The commands that ended at or after *moment*, oldest first."""
        return self.store.since(moment)

    def for_step(self, progress: ProgressStore, exercise: Exercise, step: Step
                 ) -> Sequence[CommandRecord]:
        """The commands run since *step* became current."""
        return self.since(step_began(progress, exercise, step))

    def close(self) -> None:
        """Close the file."""
        self.store.close()
