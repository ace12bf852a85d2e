"""Command palette provider: jump to any lesson, slide or exercise."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from docker_lab.course.models import Course
from docker_lab.tui.messages import Navigate
from docker_lab.tui.slidetext import display_safe


def targets(course: Course) -> list[tuple[str, str, Navigate]]:
    """Return ``(text, help, target)`` for every lesson, slide and exercise."""
    found: list[tuple[str, str, Navigate]] = []
    for number, lesson in enumerate(course.lessons, 1):
        title = display_safe(lesson.title)
        slides = f"{len(lesson.slides)} diapos"
        found.append((f"Leçon {number} : {title}", slides, Navigate(lesson.id)))
        for index, slide in enumerate(lesson.slides):
            found.append((
                f"Diapo {number}.{index + 1} : {display_safe(slide.title)}",
                f"leçon « {title} »",
                Navigate(lesson.id, index),
            ))
    for exercise in course.exercises.values():
        found.append((
            f"Exercice : {display_safe(exercise.title)}",
            f"{exercise.id} · {len(exercise.steps)} étapes",
            Navigate(exercise.lesson, 0, exercise.id),
        ))
    return found


class CoursePalette(Provider):
    """Finds lessons, slides and exercises of the app's course."""

    def _targets(self) -> list[tuple[str, str, Navigate]]:
        from docker_lab.tui.app import DockerLabApp  # that module imports this one

        return targets(self.app.course) if isinstance(self.app, DockerLabApp) else []

    def _go(self, target: Navigate) -> Callable[[], object]:
        focus = target.exercise_id is not None
        message = Navigate(target.lesson_id, target.slide_index, target.exercise_id, focus)
        return partial(self.screen.post_message, message)

    async def discover(self) -> Hits:
        """Offer the lessons and exercises before anything is typed."""
        for text, help_text, target in self._targets():
            if not text.startswith("Diapo"):
                yield DiscoveryHit(text, self._go(target), help=help_text)

    async def search(self, query: str) -> Hits:
        """Match *query* against every lesson, slide and exercise."""
        matcher = self.matcher(query)
        for text, help_text, target in self._targets():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), self._go(target), help=help_text)
