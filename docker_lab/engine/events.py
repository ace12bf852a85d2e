"""Follow ``docker events`` for live checking, surviving daemon restarts.

>>> stop = threading.Event()
>>> for event in follow_events(DockerGateway, stop):   # in a worker thread
...     if event.type == "daemon": ...                 # connected/disconnected/reconnected
...     else: ...                                      # take a snapshot, re-check

Daemon events: ``connected`` once the stream is open for the first time,
``disconnected`` when it ends or cannot be opened (once per outage), then
``reconnected`` when it is open again: take a fresh snapshot then, events may
have been missed. Reconnection uses exponential backoff (0.2 s → 5 s) waiting on
*stop*, so setting *stop* ends the generator promptly (the blocking read is
interrupted by closing the stream from a watcher thread).

Noise is dropped: ``exec_*`` actions (probes run execs), the lab's own probe
side-cars, ``attach``/``resize``/``top``... and volume mount/unmount.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from docker_lab.engine.errors import EngineError
from docker_lab.engine.models import EngineEvent
from docker_lab.engine.probes import PROBE_LABEL

if TYPE_CHECKING:
    from docker_lab.engine.gateway import DockerGateway

EVENT_TYPES = ("container", "network", "volume")
RELEVANT: Mapping[str, frozenset[str]] = {
    "container": frozenset({
        "create", "start", "restart", "die", "stop", "kill", "pause", "unpause", "destroy",
        "rename", "update", "oom", "health_status",
    }),
    "network": frozenset({"create", "connect", "disconnect", "destroy", "remove"}),
    "volume": frozenset({"create", "destroy"}),
}
#: The label Compose (v1 and v2) puts on a service container: the project's folder.
COMPOSE_DIR = "com.docker.compose.project.working_dir"
BACKOFF_MIN = 0.2
BACKOFF_MAX = 5.0


def to_event(raw: Mapping[str, Any]) -> EngineEvent | None:
    """Reduce a raw Docker event to an :class:`EngineEvent`, or ``None`` for noise."""
    kind = str(raw.get("Type") or "")
    action = str(raw.get("Action") or raw.get("status") or "").split(":", 1)[0].strip()
    if action not in RELEVANT.get(kind, ()):
        return None
    attrs = (raw.get("Actor") or {}).get("Attributes") or {}
    if kind == "container" and attrs.get(PROBE_LABEL) == "true":
        return None
    nano = raw.get("timeNano")
    stamp = float(nano) / 1e9 if nano else float(raw.get("time") or time.time())
    return EngineEvent(type=kind, action=action, name=str(attrs.get("name") or ""), time=stamp,
                       compose_dir=str(attrs.get(COMPOSE_DIR) or ""))


def _daemon(action: str) -> EngineEvent:
    return EngineEvent(type="daemon", action=action, time=time.time())


def _close_quietly(closeable: Any) -> None:
    with contextlib.suppress(Exception):  # already closed, socket gone: nothing to release
        closeable.close()


def _watch(stream: Any, stop: threading.Event, done: threading.Event) -> None:
    """Close *stream* as soon as *stop* is set (unblocks the reading thread)."""
    while not done.is_set():
        if stop.wait(0.1):
            _close_quietly(stream)
            return


def _open(factory: Callable[[], DockerGateway]) -> tuple[DockerGateway, Any] | None:
    try:
        gateway = factory()
    except EngineError:
        return None
    try:
        stream = gateway.client.api.events(decode=True, filters={"type": list(EVENT_TYPES)})
    except Exception:  # daemon vanished between connect and the events call
        gateway.close()
        return None
    return gateway, stream


def follow_events(
    gateway_factory: Callable[[], DockerGateway],
    stop: threading.Event,
    backoff: tuple[float, float] = (BACKOFF_MIN, BACKOFF_MAX),
) -> Iterator[EngineEvent]:
    """Yield engine events until *stop* is set; reconnect when the daemon goes away.

    Args:
        gateway_factory: builds a fresh gateway (e.g. ``DockerGateway``); it
            raises :class:`EngineError` while the daemon is unreachable.
        stop: set it to end the generator (returns within about 0.1 s).
        backoff: first and largest wait between reconnection attempts.
    """
    delay = backoff[0]
    connected_once = False
    announced_down = False
    while not stop.is_set():
        opened = _open(gateway_factory)
        if opened is None:
            if not announced_down:
                announced_down = True
                yield _daemon("disconnected")
            stop.wait(delay)
            delay = min(delay * 2, backoff[1])
            continue
        gateway, stream = opened
        yield _daemon("reconnected" if connected_once else "connected")
        connected_once, announced_down, delay = True, False, backoff[0]
        done = threading.Event()
        watcher = threading.Thread(target=_watch, args=(stream, stop, done), daemon=True,
                                   name="docker-lab-events-watch")
        watcher.start()
        try:
            for raw in stream:
                if stop.is_set():
                    break
                event = to_event(raw)
                if event is not None:
                    yield event
        except Exception:  # stream cut (daemon stopped, socket closed by the watcher)
            pass
        finally:
            done.set()
            _close_quietly(stream)
            gateway.close()
        if stop.is_set():
            return
        announced_down = True
        yield _daemon("disconnected")
        stop.wait(delay)
