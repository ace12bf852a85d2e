"""Course records: lessons with slides, exercises with steps and checks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docker_lab.checks.registry import Check


@dataclass(frozen=True)
class Slide:
    """One slide: a title, a Markdown body and optional speaker notes."""

    title: str
    body: str
    notes: str = ""


@dataclass(frozen=True)
class Lesson:
    """A lesson: ordered slides and the ids of its exercises."""

    id: str
    title: str
    order: int
    slides: tuple[Slide, ...]
    exercises: tuple[str, ...] = ()
    path: Path | None = None


@dataclass(frozen=True)
class CheckSpec:
    """A check from exercise YAML, validated: its kind with its parsed parameters.

    Attributes:
        check: the kind bound to its typed parameters (probes, evaluate, references).
        line: where the check starts in its exercise file.
    """

    check: Check
    line: int = 0

    @property
    def kind(self) -> str:
        """The kind's name (``network``, ``reaches`` …)."""
        return self.check.kind

    @property
    def params(self) -> object:
        """The parsed parameters (the kind's frozen dataclass)."""
        return self.check.params


@dataclass(frozen=True)
class Step:
    """One exercise step."""

    id: str
    title: str
    instructions: str
    checks: tuple[CheckSpec, ...]
    hints: tuple[str, ...] = ()
    solution: tuple[str, ...] = ()  # shell commands, run in order
    slides: tuple[int, ...] = ()  # slides of the exercise's lesson it practises (from 1)


@dataclass(frozen=True)
class Exercise:
    """An exercise: setup, steps, optional files."""

    id: str
    title: str
    lesson: str
    introduction: str
    steps: tuple[Step, ...]
    setup: Mapping[str, Any] = field(default_factory=dict)
    files: Mapping[str, str] = field(default_factory=dict)  # relative path -> content
    path: Path | None = None

    def step(self, step_id: str) -> Step | None:
        """Return the step with this id, or ``None``."""
        return next((s for s in self.steps if s.id == step_id), None)


@dataclass(frozen=True)
class Course:
    """The whole course: lessons in order and exercises by id."""

    lessons: tuple[Lesson, ...]
    exercises: Mapping[str, Exercise] = field(default_factory=dict)

    def lesson(self, lesson_id: str) -> Lesson | None:
        """Return the lesson with this id, or ``None``."""
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)
