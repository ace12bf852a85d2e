"""The progress store's API (see :mod:`docker_lab.progress`).

``ProgressStore.open()`` opens ``paths.data_dir() / "progress.sqlite3"`` (so
``DOCKER_LAB_HOME`` moves it). What it keeps: when each exercise was started and
which resources existed before (``reset`` spares them), completed steps with
their time (sticky: the first completion is kept), hints revealed per step, and
the current lesson / slide / exercise, so the app reopens where the student left.

Durability and sharing: WAL journal, every action is its own committed
transaction (a ``kill -9`` loses at most the action in flight), and a busy
timeout lets the CLI and the app use the store at the same time. One store
object may be used from several threads (calls are serialised by a lock).

A store that is not a database or has a schema docker-lab does not know is
renamed aside (``progress.sqlite3.corrompu-<date>``) and a fresh one created;
``store.warning`` then holds a French message for the caller to show. When no
file can be written at all, the store lives in memory, also with a warning.
Errors while using an opened store raise :class:`ProgressError` (French message).

Example::

    store = ProgressStore.open()
    if store.warning:
        print(store.warning, file=sys.stderr)
    store.start_exercise("dns-interne", {"containers": ["web"], "networks": [], "volumes": []})
    store.complete_step("dns-interne", "reseau")
    store.set_position("communication-inter-containers", 3, "dns-interne")
"""

from __future__ import annotations

import errno
import json
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from docker_lab import paths
from docker_lab.progress.database import (
    FILE_NAME,
    Unusable,
    connect,
    create,
    french_sqlite,
    set_aside,
)


class ProgressError(Exception):
    """The progress store could not be read or written (French message)."""


@dataclass(frozen=True)
class Position:
    """Where the student was: a lesson, a slide (0-based) and maybe an exercise."""

    lesson_id: str
    slide_index: int
    exercise_id: str | None = None


class _NotRegular(OSError):
    """The store's path is a device, a FIFO or a socket."""


def _reason(exc: Exception) -> str:
    """Why the store could not be opened, in French."""
    if isinstance(exc, IsADirectoryError):
        return "c'est un dossier, pas un fichier de progression"
    if isinstance(exc, _NotRegular):
        return ("ce n'est pas un fichier ordinaire (un périphérique, un tube ?) : supprimez-le "
                "ou choisissez un autre dossier avec DOCKER_LAB_HOME")
    if isinstance(exc, OSError):
        return paths.os_reason(exc)
    return french_sqlite(exc) if isinstance(exc, sqlite3.Error) else str(exc)


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    """ISO 8601 in UTC (naive times are taken as UTC), so text order is time order."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat()


class ProgressStore:
    """Progress of one student, stored in SQLite. Create it with :meth:`open`."""

    def __init__(self, conn: sqlite3.Connection, path: Path, warning: str | None = None) -> None:
        self._conn = conn
        self._lock = threading.RLock()
        self.path = path
        self.warning = warning

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | None = None) -> ProgressStore:
        """Open (creating if needed) the store; never raises for a bad file.

        Args:
            path: the database file; default ``paths.data_dir() / "progress.sqlite3"``.
        """
        warning: str | None = None
        try:
            target = path if path is not None else paths.data_dir() / FILE_NAME
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.is_dir():
                raise IsADirectoryError(errno.EISDIR, "dossier", str(target))
            if target.exists() and not target.is_file():  # /dev/null, a FIFO: never opened
                raise _NotRegular(errno.EINVAL, "spécial", str(target))
            try:
                return cls(connect(target), target)
            except Unusable as exc:
                aside = set_aside(target)
                warning = (f"La progression enregistrée était illisible ({exc}) : le fichier a "
                           f"été mis de côté sous « {aside.name} » et une progression neuve "
                           "commence.")
                return cls(connect(target), target, warning)
        except (OSError, sqlite3.Error, Unusable) as exc:
            where = path if path is not None else FILE_NAME
            memory = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
            create(memory)
            message = (f"Impossible d'enregistrer la progression dans « {where} » "
                       f"({_reason(exc)}) : elle sera perdue en quittant.")
            return cls(memory, Path(":memory:"), f"{warning} {message}" if warning else message)

    def close(self) -> None:
        """Close the database (further calls raise :class:`ProgressError`)."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One committed transaction (taken for writing at once: no upgrade deadlock)."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self._conn
                except BaseException:
                    self._conn.execute("ROLLBACK")
                    raise
                self._conn.execute("COMMIT")
            except sqlite3.Error as exc:
                raise ProgressError(f"Progression inaccessible ({self.path}) : "
                                    f"{french_sqlite(exc)}") from exc

    def _query(self, sql: str, args: Sequence[Any] = ()) -> list[Any]:
        with self._lock:
            try:
                return self._conn.execute(sql, args).fetchall()
            except sqlite3.Error as exc:
                raise ProgressError(f"Progression inaccessible ({self.path}) : "
                                    f"{french_sqlite(exc)}") from exc

    # -- exercises -------------------------------------------------------------------------
    def start_exercise(
        self, exercise_id: str, preexisting: Mapping[str, Sequence[str]] | None = None
    ) -> datetime:
        """Record that an exercise started (first call only) and return when it started.

        Args:
            exercise_id: the exercise.
            preexisting: names of the resources that existed before, by kind
                (``"containers"``, ``"networks"``, ``"volumes"``); kept from the first call.
        """
        kept = {kind: sorted(set(names)) for kind, names in (preexisting or {}).items()}
        with self._tx() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO exercises (exercise_id, started_at, preexisting) "
                "VALUES (?, ?, ?)", (exercise_id, _iso(_now()), json.dumps(kept)))
            row = conn.execute("SELECT started_at FROM exercises WHERE exercise_id = ?",
                               (exercise_id,)).fetchone()
        return datetime.fromisoformat(row[0])

    def exercise_started_at(self, exercise_id: str) -> datetime | None:
        """Return when the exercise was first started, or ``None``."""
        rows = self._query("SELECT started_at FROM exercises WHERE exercise_id = ?",
                           (exercise_id,))
        return datetime.fromisoformat(rows[0][0]) if rows else None

    def preexisting(self, exercise_id: str) -> dict[str, list[str]]:
        """Return the resources that existed before the exercise started, by kind."""
        rows = self._query("SELECT preexisting FROM exercises WHERE exercise_id = ?",
                           (exercise_id,))
        found: dict[str, list[str]] = json.loads(rows[0][0]) if rows else {}
        return {kind: found.get(kind, []) for kind in ("containers", "networks", "volumes")} | found

    def complete_step(self, exercise_id: str, step_id: str, at: datetime | None = None) -> None:
        """Record a completed step; the first completion time is kept."""
        with self._tx() as conn:
            conn.execute("INSERT OR IGNORE INTO steps VALUES (?, ?, ?)",
                         (exercise_id, step_id, _iso(at or _now())))

    def completed_steps(self, exercise_id: str) -> dict[str, datetime]:
        """Return the completed steps of an exercise with their times, oldest first."""
        rows = self._query("SELECT step_id, completed_at FROM steps WHERE exercise_id = ? "
                           "ORDER BY completed_at, rowid", (exercise_id,))
        return {step: datetime.fromisoformat(at) for step, at in rows}

    def forget_exercise(self, exercise_id: str) -> None:
        """Forget an exercise's start, completed steps and hints (used by reset)."""
        with self._tx() as conn:
            for table in ("exercises", "steps", "hints"):
                conn.execute(f"DELETE FROM {table} WHERE exercise_id = ?", (exercise_id,))

    # -- hints -----------------------------------------------------------------------------
    def reveal_hint(self, exercise_id: str, step_id: str) -> int:
        """Count one more revealed hint for a step and return the new count."""
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO hints VALUES (?, ?, 1) ON CONFLICT (exercise_id, step_id) "
                "DO UPDATE SET revealed = revealed + 1", (exercise_id, step_id))
            row = conn.execute("SELECT revealed FROM hints WHERE exercise_id = ? AND step_id = ?",
                               (exercise_id, step_id)).fetchone()
        return int(row[0])

    def hints_revealed(self, exercise_id: str, step_id: str) -> int:
        """Return how many hints of a step were revealed."""
        rows = self._query("SELECT revealed FROM hints WHERE exercise_id = ? AND step_id = ?",
                           (exercise_id, step_id))
        return int(rows[0][0]) if rows else 0

    # -- position --------------------------------------------------------------------------
    def set_position(self, lesson_id: str, slide_index: int,
                     exercise_id: str | None = None) -> None:
        """Remember the current lesson, slide (0-based) and exercise."""
        with self._tx() as conn:
            conn.execute("INSERT OR REPLACE INTO position VALUES (1, ?, ?, ?, ?)",
                         (lesson_id, slide_index, exercise_id, _iso(_now())))

    def position(self) -> Position | None:
        """Return where the student was, or ``None`` the first time."""
        rows = self._query("SELECT lesson_id, slide_index, exercise_id FROM position")
        return Position(rows[0][0], int(rows[0][1]), rows[0][2]) if rows else None

    # -- export ----------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        """Return everything as JSON-ready data (times in ISO 8601, UTC).

        Shape: ``{"exercises": {id: {"started_at": str | None, "steps": {step_id: str}}},
        "position": {"lesson_id", "slide_index", "exercise_id"} | None,
        "hints": {exercise_id: {step_id: int}}}``.
        """
        exercises: dict[str, dict[str, Any]] = {}
        for ex_id, started in self._query("SELECT exercise_id, started_at FROM exercises "
                                          "ORDER BY started_at, exercise_id"):
            exercises[ex_id] = {"started_at": started, "steps": {}}
        for ex_id, step_id, at in self._query("SELECT exercise_id, step_id, completed_at "
                                              "FROM steps ORDER BY completed_at, rowid"):
            exercises.setdefault(ex_id, {"started_at": None, "steps": {}})["steps"][step_id] = at
        hints: dict[str, dict[str, int]] = {}
        for ex_id, step_id, count in self._query("SELECT exercise_id, step_id, revealed FROM "
                                                 "hints ORDER BY exercise_id, step_id"):
            hints.setdefault(ex_id, {})[step_id] = int(count)
        where = self.position()
        position = None if where is None else {
            "lesson_id": where.lesson_id, "slide_index": where.slide_index,
            "exercise_id": where.exercise_id,
        }
        return {"exercises": exercises, "position": position, "hints": hints}
