"""The student's progress: an embedded SQLite store in the data directory (no Textual).

Public API (see :mod:`docker_lab.progress.store` for the details)::

    from docker_lab.progress import ProgressStore, Position, ProgressError

    store = ProgressStore.open()          # paths.data_dir()/progress.sqlite3
    if store.warning:                     # a corrupt store was set aside
        print(store.warning, file=sys.stderr)
    started = store.start_exercise("dns-interne", {"containers": ["web"]})
    store.complete_step("dns-interne", "reseau")
    store.completed_steps("dns-interne")  # {"reseau": datetime(...)}
    store.reveal_hint("dns-interne", "reseau")        # -> 1
    store.set_position("communication-inter-containers", 3, "dns-interne")
    store.position()                      # Position(lesson_id, slide_index, exercise_id)
    store.to_json()                       # what `docker-lab progress --json` prints
    store.close()
"""

from __future__ import annotations

from docker_lab.progress.database import FILE_NAME
from docker_lab.progress.store import Position, ProgressError, ProgressStore

__all__ = ["FILE_NAME", "Position", "ProgressError", "ProgressStore"]
