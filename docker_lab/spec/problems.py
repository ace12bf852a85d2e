"""Problems found in instructor files, reported as ``path:line:column: message``.

A :class:`Problem` is a plain value: where (file, 1-based line and column) and
what (a French sentence). Every parser and validator of the course returns a
list of them instead of raising, so one run reports every problem at once.

Line ``0`` means "no position in the file" (a missing folder, an unreadable
file); such problems are formatted ``path: message``.

Example::

    problems = sorted(problems)               # by path, line, column, message
    for problem in problems:
        print(problem.format(relative_to=Path.cwd()))
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Longest quoted value (« … ») a message shows: a 200,000-character title is shortened.
MAX_QUOTED = 80
_QUOTED = re.compile(rf"« ([^»]{{{MAX_QUOTED + 1},}}?) »")


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one instructor file.

    Attributes:
        path: the file (or folder) concerned.
        line: 1-based line number, ``0`` when the problem has no position.
        column: 1-based column number, ``0`` when unknown.
        message: the French description, without a final period requirement.
    """

    path: Path
    line: int
    column: int
    message: str

    def format(self, relative_to: Path | None = None) -> str:
        """Return ``path:line:column: message`` (``path: message`` without a position).

        Args:
            relative_to: when given and the problem's path lies below it, the path
                is shown relative to this folder (shorter lines in a terminal).
        """
        shown = display_path(self.path, relative_to)
        message = shorten_quotes(self.message)
        if self.line <= 0:
            return f"{shown}: {message}"
        return f"{shown}:{self.line}:{max(self.column, 1)}: {message}"

    def __str__(self) -> str:
        return self.format()


def shorten_quotes(message: str) -> str:
    """``message`` with each quoted value (« … ») over :data:`MAX_QUOTED` characters cut short."""
    return _QUOTED.sub(lambda m: f"« {m.group(1)[:MAX_QUOTED - 1]}… »", message)


def shown(value: Any, limit: int = MAX_QUOTED) -> str:
    """A YAML value as an instructor writes it (``null``, ``true``, ``[a, b]``), cut short.

    Never Python's own spelling (``None``, ``True``, ``['a']``), which the instructor
    did not write.
    """
    if value is None:
        text = "null"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, _dt.date):
        text = value.isoformat(sep=" ") if isinstance(value, _dt.datetime) else value.isoformat()
    elif isinstance(value, bytes | bytearray):
        text = f"données binaires ({len(value)} octets)"
    elif isinstance(value, list | tuple | set | frozenset):
        items = [shown(item, limit) for item in list(value)[:5]]
        text = "[" + ", ".join(items + (["…"] if len(value) > 5 else [])) + "]"
    elif isinstance(value, dict):
        pairs = [f"{shown(k, limit)}: {shown(v, limit)}" for k, v in list(value.items())[:5]]
        text = "{" + ", ".join(pairs + (["…"] if len(value) > 5 else [])) + "}"
    else:
        text = str(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def display_path(path: Path, relative_to: Path | None = None) -> str:
    """Return ``path`` as text, relative to ``relative_to`` when it lies below it.

    A symbolic link is named as itself, not as the file it points to.
    """
    if relative_to is not None:
        try:
            where = (path.parent.resolve() / path.name if path.name not in ("", ".", "..")
                     else path.resolve())
            return str(where.relative_to(relative_to.resolve()))
        except (ValueError, OSError):
            pass
    return str(path)


def file_problem(path: Path, message: str) -> Problem:
    """Return a problem about a whole file or folder (no line, no column)."""
    return Problem(path, 0, 0, message)


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Return the problems sorted by path, line, column and message, duplicates removed."""
    return sorted(set(problems))
