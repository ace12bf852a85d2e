"""Which engine resources an exercise names: in its setup, its checks and its solutions.

Reset removes these (plus what carries the exercise's label); live checking
filters engine events by them. The services, networks and volumes of a Compose file
a solution writes are not engine names (Compose names them ``<project>_<name>``):
they are left out, so that reset never removes the student's own ``api`` container
or ``data`` network; the Compose project itself is found by its labels.
"""

from __future__ import annotations

from docker_lab.checks.refs import MODES, Refs, command_refs, compose_refs, setup_refs
from docker_lab.course.models import Exercise


def check_refs(exercise: Exercise) -> Refs:
    """Every resource the exercise's checks refer to."""
    total = Refs()
    for step in exercise.steps:
        for spec in step.checks:
            total = total | spec.check.references()
    return total


def exercise_refs(exercise: Exercise) -> Refs:
    """Setup, checks and solutions together, without Docker's predefined networks.

    A DNS name a check names (``resolves``'s ``name``) counts as a container's: a
    container of that name made during the exercise is the exercise's.
    """
    checked = check_refs(exercise)
    total = setup_refs(exercise.setup) | checked
    composed = Refs()
    for step in exercise.steps:
        total = total | command_refs(step.solution)
        composed = composed | compose_refs(step.solution)
    return Refs((total.containers | checked.aliases) - composed.containers,
                total.networks - MODES - composed.networks, total.volumes - composed.volumes)
