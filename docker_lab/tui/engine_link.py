"""The app's link to the engine and the checker (no Textual here).

Runs inside thread workers: :meth:`EngineLink.follow` blocks on the events
stream and reports through callbacks; :meth:`EngineLink.evaluate` checks the
current step of an exercise, records passing steps and moves on.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from docker_lab.checks.model import Status, StepResult
from docker_lab.course.models import Exercise
from docker_lab.engine.errors import EngineError
from docker_lab.engine.models import EngineEvent

StatusCallback = Callable[[bool, str, str], None]

#: Event types that never change a verdict.
_IGNORED_ACTIONS = frozenset({
    "exec_create", "exec_start", "exec_die", "exec_detach", "top", "attach",
    "resize", "commit", "export", "copy", "archive-path", "extract-to-dir",
})
_WATCHED_TYPES = frozenset({"container", "network", "volume", "daemon"})


@dataclass(frozen=True)
class Evaluation:
    """The outcome of one evaluation pass.

    Attributes:
        result: the verdict of the step now current (the first failing one, or
            the last step when all passed).
        completed: ids of all completed steps after the pass.
        newly_completed: the steps this pass recorded.
    """

    result: StepResult
    completed: tuple[str, ...]
    newly_completed: tuple[str, ...]


def is_relevant(event: EngineEvent) -> bool:
    """True when *event* may change a check's verdict."""
    action = event.action.split(":")[0].strip()
    return event.type in _WATCHED_TYPES and action not in _IGNORED_ACTIONS


class EngineLink:
    """Owns the Docker gateway; follows events and evaluates steps.

    Args:
        gateway_factory: builds a gateway; may raise :class:`EngineError`.
        store: the progress store.
    """

    def __init__(self, gateway_factory: Callable[[], Any], store: Any) -> None:
        self._factory = gateway_factory
        self._store = store
        self._gateway: Any = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._sessions: dict[str, Any] = {}
        self._stream: Any = None

    def gateway(self) -> Any:
        """Return the gateway, building it on first use (raises :class:`EngineError`)."""
        with self._lock:
            if self._gateway is None:
                self._gateway = self._factory()
            return self._gateway

    def stop(self) -> None:
        """Ask :meth:`follow` to return and close the events stream."""
        self._stop.set()
        stream = self._stream
        if stream is not None and hasattr(stream, "close"):
            with contextlib.suppress(Exception):  # a dead stream may raise anything
                stream.close()

    @property
    def stopped(self) -> bool:
        """True once :meth:`stop` was called."""
        return self._stop.is_set()

    def follow(self, on_event: Callable[[EngineEvent], None], on_status: StatusCallback) -> None:
        """Follow engine events until :meth:`stop`; reconnect with backoff.

        Args:
            on_event: called (in this thread) for every relevant event.
            on_status: called with ``(reachable, message, fix)`` when the daemon
                becomes reachable or unreachable.
        """
        delay = 0.5
        while not self._stop.is_set():
            try:
                gateway = self.gateway()
                gateway.ping()
                on_status(True, "", "")
                delay = 0.5
                for event in self._events(gateway):
                    if self._stop.is_set():
                        return
                    if event.type == "daemon" and event.action == "disconnected":
                        on_status(False, "Le démon Docker ne répond plus.", _default_fix())
                    elif event.type == "daemon" and event.action == "reconnected":
                        on_status(True, "", "")
                        on_event(event)
                    elif is_relevant(event):
                        on_event(event)
            except EngineError as error:
                on_status(False, error.message, error.fix or _default_fix())
            except Exception as error:  # the stream may end with any transport error
                if self._stop.is_set():
                    return
                on_status(False, f"Flux d'événements interrompu ({error}).", _default_fix())
            self._stop.wait(delay)
            delay = min(delay * 2, 4.0)

    def _events(self, gateway: Any) -> Iterator[EngineEvent]:
        from docker_lab.engine import events

        stream = events.follow_events(gateway, stop=self._stop)
        self._stream = stream
        yield from stream

    def session(self, exercise: Exercise) -> Any:
        """Return (and start) the checking session of *exercise*."""
        session = self._sessions.get(exercise.id)
        if session is None:
            from docker_lab.checks.session import ExerciseSession

            session = ExerciseSession(exercise, self.gateway(), self._store)
            session.start()
            self._sessions[exercise.id] = session
        return session

    def evaluate(self, exercise: Exercise, answer: str | None = None) -> Evaluation:
        """Evaluate from the first step not completed; record passing steps.

        An answer is only given to the first step evaluated. Raises
        :class:`EngineError` when the engine cannot be reached.
        """
        session = self.session(exercise)
        completed = set(self._store.completed_steps(exercise.id))
        newly: list[str] = []
        result: StepResult | None = None
        for step in exercise.steps:
            if step.id in completed:
                continue
            result = session.evaluate(step.id, answer=answer)
            answer = None
            if result.status is not Status.PASS:
                break
            self._store.complete_step(exercise.id, step.id)
            completed.add(step.id)
            newly.append(step.id)
        if result is None:  # everything was already done: show the last step
            last = exercise.steps[-1]
            result = StepResult(last.id, last.title, Status.PASS)
        order = [s.id for s in exercise.steps if s.id in completed]
        return Evaluation(result, tuple(order), tuple(newly))


def _default_fix() -> str:
    return (
        "Démarrez Docker (sudo systemctl start docker, ou lancez Docker Desktop), "
        "puis vérifiez avec : docker info"
    )
