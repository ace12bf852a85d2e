"""Which Compose project is the exercise's: the one started from its working directory.

The lab scopes every snapshot it evaluates (:func:`scope`): the checks may then name a
Compose service where they name a container, and the ``compose`` kind knows which
project to look at, whatever name the student gave it.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from docker_lab.checks.composeinfo import PROJECT, WORKING_DIR, Project, project
from docker_lab.engine.models import Snapshot


def same_dir(a: str, b: str | Path) -> bool:
    """Whether two paths name the same folder (symlinks resolved; text compared if gone)."""
    try:
        return os.path.realpath(a) == os.path.realpath(b)
    except (OSError, ValueError):
        return str(a) == str(b)


def projects_in(snapshot: Snapshot, workdir: str | Path) -> list[str]:
    """Names of the projects whose containers were started from *workdir*."""
    names = {c.labels[PROJECT] for c in snapshot.containers.values()
             if PROJECT in c.labels and same_dir(c.labels.get(WORKING_DIR, ""), workdir)}
    return sorted(names)


def project_of(snapshot: Snapshot, workdir: str | Path) -> Project | None:
    """The exercise's project: the one started from *workdir* with the most containers."""
    found = [project(snapshot, name) for name in projects_in(snapshot, workdir)]
    if not found:
        return None
    return max(found, key=lambda p: (sum(c.running for c in p.containers), p.name))


def scope(snapshot: Snapshot, workdir: str | Path | None) -> Snapshot:
    """*snapshot* where the exercise's Compose services may be named like containers."""
    if workdir is None:
        return snapshot
    found = project_of(snapshot, workdir)
    if found is None:
        return snapshot
    return replace(snapshot, services=found.services, compose_project=found.name)
