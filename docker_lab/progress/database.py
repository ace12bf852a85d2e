"""SQLite file handling for the progress store: open, create, check, set aside a bad file."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

FILE_NAME = "progress.sqlite3"
#: Longest identifier a store may hold (the course's ids are far shorter).
MAX_ID = 200
SCHEMA_VERSION = 1
BUSY_TIMEOUT_S = 10.0

_TABLES: dict[str, str] = {
    "meta": "key TEXT PRIMARY KEY, value TEXT NOT NULL",
    "exercises": "exercise_id TEXT PRIMARY KEY, started_at TEXT NOT NULL, "
                 "preexisting TEXT NOT NULL",
    "steps": "exercise_id TEXT NOT NULL, step_id TEXT NOT NULL, completed_at TEXT NOT NULL, "
             "PRIMARY KEY (exercise_id, step_id)",
    "hints": "exercise_id TEXT NOT NULL, step_id TEXT NOT NULL, revealed INTEGER NOT NULL, "
             "PRIMARY KEY (exercise_id, step_id)",
    "position": "slot INTEGER PRIMARY KEY CHECK (slot = 1), lesson_id TEXT NOT NULL, "
                "slide_index INTEGER NOT NULL, exercise_id TEXT, updated_at TEXT NOT NULL",
}
_COLUMNS = {
    "meta": ["key", "value"],
    "exercises": ["exercise_id", "started_at", "preexisting"],
    "steps": ["exercise_id", "step_id", "completed_at"],
    "hints": ["exercise_id", "step_id", "revealed"],
    "position": ["slot", "lesson_id", "slide_index", "exercise_id", "updated_at"],
}


class Unusable(Exception):
    """The file is not a docker-lab progress store (French reason)."""


def connect(path: Path) -> sqlite3.Connection:
    """Open and check (or create) the database; raise :class:`Unusable` if it is foreign."""
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                           check_same_thread=False)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        check = conn.execute("PRAGMA quick_check").fetchone()
        if check is None or check[0] != "ok":
            raise Unusable("base endommagée")
        create(conn)  # checks a foreign file before anything changes it
        check_values(conn)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: safe against kill -9
        return conn
    except sqlite3.OperationalError:
        conn.close()  # locked, unreadable, read-only: not the file's fault, keep it
        raise
    except sqlite3.DatabaseError as exc:  # not a database, malformed
        conn.close()
        raise Unusable(french_sqlite(exc)) from exc
    except Unusable:
        conn.close()
        raise


_SQLITE_FRENCH = {
    "file is not a database": "ce n'est pas une base SQLite",
    "database disk image is malformed": "base endommagée",
    "unable to open database file": "fichier impossible à ouvrir",
    "database is locked": "base verrouillée par un autre programme",
    "attempt to write a readonly database": "base en lecture seule",
    "disk I/O error": "erreur d'entrée-sortie",
    "database or disk is full": "disque plein",
}


def french_sqlite(exc: sqlite3.Error) -> str:
    """A short French reason for a SQLite error (never SQLite's English text)."""
    return _SQLITE_FRENCH.get(str(exc), "erreur de la base SQLite")


def _is_time(value: Any) -> bool:
    try:
        datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def _is_resources(value: Any) -> bool:
    try:
        found = json.loads(value)
    except (TypeError, ValueError):
        return False
    return isinstance(found, dict) and all(
        isinstance(names, list) and all(isinstance(n, str) for n in names)
        for names in found.values())


def _is_text(value: Any) -> bool:
    """An identifier the app wrote: printable (no terminal escape), of a sane length."""
    return isinstance(value, str) and 0 < len(value) <= MAX_ID and value.isprintable()


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and value >= 0


#: (table, column, rule, French name of what is expected).
_VALUE_RULES: tuple[tuple[str, str, Callable[[Any], bool], str], ...] = (
    ("exercises", "exercise_id", _is_text, "un identifiant"),
    ("exercises", "started_at", _is_time, "une date"),
    ("exercises", "preexisting", _is_resources, "une liste de ressources (JSON)"),
    ("steps", "exercise_id", _is_text, "un identifiant"),
    ("steps", "step_id", _is_text, "un identifiant"),
    ("steps", "completed_at", _is_time, "une date"),
    ("hints", "exercise_id", _is_text, "un identifiant"),
    ("hints", "step_id", _is_text, "un identifiant"),
    ("hints", "revealed", _is_count, "un nombre"),
    ("position", "lesson_id", _is_text, "un identifiant"),
    ("position", "slide_index", _is_count, "un numéro de diapo"),
    ("position", "exercise_id", lambda v: v is None or _is_text(v), "un identifiant"),
    ("position", "updated_at", _is_time, "une date"),
)


def shown(value: Any) -> str:
    """A stored value as SQL writes it (``NULL``, ``X'00ff'``, ``'texte'``, ``12``), cut short."""
    if value is None:
        return "NULL (vide)"
    if isinstance(value, bytes):
        return f"binaire de {len(value)} octets"
    if isinstance(value, str):
        text = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in value[:40])
        return f"« {text}{'…' if len(value) > 40 else ''} »"
    return str(value)


def check_values(conn: sqlite3.Connection) -> None:
    """Raise :class:`Unusable` when a stored value cannot be read (a date that is text …)."""
    for table, column, rule, expected in _VALUE_RULES:
        for (value,) in conn.execute(f"SELECT {column} FROM {table}"):
            if not rule(value):
                raise Unusable(f"valeur {shown(value)} dans la colonne « {column} » de la "
                               f"table « {table} », attendu : {expected}")


def create(conn: sqlite3.Connection) -> None:
    """Create the tables in an empty database, or check they are docker-lab's."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        existing = {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not existing:
            for name, spec in _TABLES.items():
                conn.execute(f"CREATE TABLE {name} ({spec})")
            conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        else:
            _check_schema(conn, existing)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _check_schema(conn: sqlite3.Connection, existing: set[str]) -> None:
    if not set(_TABLES) <= existing:
        raise Unusable("ce n'est pas une base de progression de docker-lab")
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is None or row[0] != str(SCHEMA_VERSION):
        raise Unusable(f"version de format inconnue : {shown(row[0]) if row else 'aucune'}")
    for name, columns in _COLUMNS.items():
        found = [r[1] for r in conn.execute(f"PRAGMA table_info({name})")]
        if found != columns:
            raise Unusable(f"table « {name} » inattendue")


def set_aside(path: Path) -> Path:
    """Rename a bad store (and its WAL files) to ``<name>.corrompu-<date>``; return the name."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.corrompu-{stamp}")
    counter = 1
    while aside.exists():
        counter += 1
        aside = path.with_name(f"{path.name}.corrompu-{stamp}-{counter}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{path}{suffix}")
        if source.exists():
            source.replace(Path(f"{aside}{suffix}"))
    return aside
