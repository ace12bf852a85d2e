"""What the student answered to the app's first-run dialog (the course's images).

A small JSON file beside the progress database (``images-du-cours.json`` in the
data folder), not a table of the store: it holds the images the student chose
not to prepare now (« Plus tard », or a cancelled preparation). The dialog comes
back at launch only when an image outside that set is missing; the exercise
panel still says, before an exercise's first step, which of its images are
missing. An unreadable or unwritable file only means the dialog is offered again.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

from docker_lab import paths

FILE_NAME = "images-du-cours.json"
FORMAT = 1


class FirstRunMemory:
    """The first-run answer, read and written at *path* (default: the data folder)."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path

    @property
    def path(self) -> Path | None:
        """The file, or None when the data folder cannot be made."""
        if self._path is None:
            with contextlib.suppress(OSError):
                self._path = paths.data_dir() / FILE_NAME
        return self._path

    def declined(self) -> frozenset[str]:
        """The images the student chose not to prepare (empty when never asked)."""
        path = self.path
        try:
            data = json.loads(path.read_text(encoding="utf-8")) if path else {}
        except (OSError, ValueError):
            return frozenset()
        names = data.get("declined") if isinstance(data, dict) else None
        if not isinstance(names, list):
            return frozenset()
        return frozenset(n for n in names if isinstance(n, str))

    def should_offer(self, missing: Iterable[str]) -> bool:
        """True when some of *missing* was not declined already."""
        wanted = set(missing)
        return bool(wanted) and not wanted <= self.declined()

    def remember_declined(self, names: Iterable[str]) -> None:
        """Remember that the student left *names* unprepared (kept with earlier ones)."""
        self._write(sorted(self.declined() | set(names)))

    def forget(self) -> None:
        """Every image is ready: nothing is left declined."""
        self._write([])

    def _write(self, names: list[str]) -> None:
        path = self.path
        if path is None:
            return
        text = json.dumps({"format": FORMAT, "declined": names}, ensure_ascii=False, indent=1)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        with contextlib.suppress(OSError):
            temporary.write_text(text + "\n", encoding="utf-8")
            os.replace(temporary, path)
