"""The commands run in the app's console (and by ``solve``), kept for the ``ran`` checks.

A small SQLite file beside the progress store (``commands.sqlite3``), so that
``docker-lab check`` in another terminal sees what was typed in the app's console.
Only the last :data:`KEEP` commands are kept; each with its exit status, the end of
its output, when it finished (UTC) and the exercise open then.

Example::

    log = CommandStore.beside(store)      # store: the ProgressStore
    log.add(CommandRecord("docker network inspect app-network", 0, at, "[...]"))
    log.since(step_started)               # oldest first
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

FILE_NAME = "commands.sqlite3"
#: Commands kept (the oldest go first).
KEEP = 500
#: Characters of output kept per command (its end).
OUTPUT_CHARS = 4000
_SCHEMA = ("CREATE TABLE IF NOT EXISTS commands (id INTEGER PRIMARY KEY, at TEXT NOT NULL, "
           "command TEXT NOT NULL, status INTEGER, output TEXT NOT NULL, exercise_id TEXT, "
           "source TEXT NOT NULL)")


@dataclass(frozen=True)
class CommandRecord:
    """One command line run: its exit status (``None``: unknown), when it ended (UTC)."""

    command: str
    status: int | None
    at: datetime
    output: str = ""
    exercise_id: str | None = None
    source: str = "console"  # console | solve


def _iso(moment: datetime) -> str:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="microseconds")


class CommandStore:
    """The command log's file; usable from several threads. Open it with :meth:`open`."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self._lock = threading.Lock()
        self.path = path

    @classmethod
    def open(cls, path: Path | None) -> CommandStore:
        """Open (creating) the log at *path*; in memory when ``None`` or unusable."""
        if path is not None:
            try:
                conn = sqlite3.connect(path, timeout=5.0, isolation_level=None,
                                       check_same_thread=False)
                try:
                    conn.execute("PRAGMA journal_mode = WAL")
                    conn.execute(_SCHEMA)
                    return cls(conn, path)
                except sqlite3.Error:
                    conn.close()
                    raise
            except (OSError, sqlite3.Error):
                pass
        memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        memory.execute(_SCHEMA)
        return cls(memory, Path(":memory:"))

    @classmethod
    def beside(cls, store_path: Path) -> CommandStore:
        """The log next to the progress store at *store_path* (in memory beside a memory one)."""
        if str(store_path) == ":memory:":
            return cls.open(None)
        return cls.open(store_path.with_name(FILE_NAME))

    def close(self) -> None:
        """Close the file."""
        with self._lock:
            self._conn.close()

    def _run(self, sql: str, args: tuple[Any, ...] = ()) -> list[Any]:
        with self._lock:
            try:
                return self._conn.execute(sql, args).fetchall()
            except sqlite3.Error:
                return []  # the log helps; it must never stop the lab

    def add(self, record: CommandRecord) -> None:
        """Keep *record* (and forget the oldest beyond :data:`KEEP`)."""
        self._run("INSERT INTO commands (at, command, status, output, exercise_id, source) "
                  "VALUES (?, ?, ?, ?, ?, ?)",
                  (_iso(record.at), record.command, record.status,
                   record.output[-OUTPUT_CHARS:], record.exercise_id, record.source))
        self._run("DELETE FROM commands WHERE id <= (SELECT MAX(id) FROM commands) - ?", (KEEP,))

    def since(self, moment: datetime | None) -> list[CommandRecord]:
        """The commands that ended at or after *moment* (all when ``None``), oldest first."""
        rows = self._run("SELECT command, status, at, output, exercise_id, source FROM commands "
                         "WHERE at >= ? ORDER BY at, id",
                         (_iso(moment) if moment is not None else "",))
        return [CommandRecord(command, status, datetime.fromisoformat(at), output, exercise,
                              source) for command, status, at, output, exercise, source in rows]
