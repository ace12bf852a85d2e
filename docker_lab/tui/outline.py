"""The course outline shown on the main screen: lessons, their exercise and progress."""

from __future__ import annotations

from collections.abc import Mapping, Set

from docker_lab.course.models import Course
from docker_lab.tui.markup import escape
from docker_lab.tui.slidetext import display_safe


def exercise_progress(course: Course, lesson_id: str,
                      completed: Mapping[str, Set[str]]) -> tuple[int, int]:
    """Return ``(steps done, steps)`` over the exercises of a lesson."""
    lesson = course.lesson(lesson_id)
    done = total = 0
    for exercise_id in lesson.exercises if lesson else ():
        exercise = course.exercises.get(exercise_id)
        if exercise is None:
            continue
        ids = {step.id for step in exercise.steps}
        total += len(ids)
        done += len(ids & set(completed.get(exercise_id, ())))
    return done, total


def outline_markup(course: Course, completed: Mapping[str, Set[str]], here: str | None) -> str:
    """Return the outline as Textual markup, one clickable line per lesson.

    Args:
        course: the course.
        completed: completed step ids by exercise id.
        here: the id of the lesson shown now (marked ▶).
    """
    lines = []
    for number, lesson in enumerate(course.lessons, 1):
        done, total = exercise_progress(course, lesson.id, completed)
        if not total:
            badge = ""
        elif done == total:
            badge = "  [green]🧪 ✓[/]"
        else:
            badge = f"  [dim]🧪 {done}/{total}[/]"
        title = escape(display_safe(lesson.title))
        action = f"screen.open_lesson('{lesson.id}')"
        if lesson.id == here:
            lines.append(f"[@click={action}][b $accent]▶ {number:>2}. {title}[/][/]{badge}")
        else:
            lines.append(f"[@click={action}]  {number:>2}. {title}[/]{badge}")
    return "\n".join(lines)
