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

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


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
        if self.line <= 0:
            return f"{shown}: {self.message}"
        return f"{shown}:{self.line}:{max(self.column, 1)}: {self.message}"

    def __str__(self) -> str:
        return self.format()


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
