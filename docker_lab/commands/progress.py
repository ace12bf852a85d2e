"""``docker-lab progress [--json]``: show the student's recorded progress.

The text report (French) lists the current position, then each exercise with
its start time and its completed steps (id, title when the course knows it,
time), and the hints revealed. ``--json`` prints :meth:`ProgressStore.to_json`:
``{"exercises": {id: {"started_at", "steps": {step_id: completed_at}}},
"position", "hints"}`` with ISO 8601 UTC times, for instructors and graders.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import Any

from docker_lab import paths
from docker_lab.commands.unexpected import report_unexpected
from docker_lab.course.models import Course
from docker_lab.progress import ProgressError, ProgressStore

DESCRIPTION = """\
Affiche la progression enregistrée : position dans le cours, exercices commencés,
étapes terminées (avec leur heure) et indices révélés. Elle est rangée dans le dossier
de données (DOCKER_LAB_HOME pour le changer).

--json donne {"exercises": {id: {"started_at", "steps": {étape: heure}}}, "position", "hints"},
heures en ISO 8601 (UTC)."""


def register(sub: Any) -> None:
    """Register the ``progress`` sub-command."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "progress", help="affiche la progression (étapes terminées, position)",
        description=DESCRIPTION,
    )
    parser.add_argument("--json", action="store_true", help="sortie JSON (enseignants)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the progress; 0 on success, 2 when the store cannot be read."""
    try:
        store = ProgressStore.open()
    except Exception as exc:  # never a traceback for the user
        return report_unexpected("progress", exc)
    try:
        if store.warning:
            print(f"Attention : {store.warning}", file=sys.stderr)
        data = store.to_json()
    except ProgressError as exc:
        print(f"docker-lab progress : {exc}", file=sys.stderr)
        return 2
    finally:
        store.close()
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(render(data, _course(getattr(args, "course", None)), str(store.path)))
    return 0


def _course(override: str | None) -> Course | None:
    """The course, for titles only: any problem with it is ignored here."""
    try:
        from docker_lab.course.loader import load_course

        course, _ = load_course(paths.course_dirs(override))
        return course
    except Exception:
        return None


def _when(iso: str | None) -> str:
    if not iso:
        return "?"
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%d/%m/%Y à %H:%M:%S")
    except (ValueError, OverflowError, OSError):  # year 1 or 9999 moved to the local time zone
        return iso


def render(data: dict[str, Any], course: Course | None, where: str) -> str:
    """Return the French text report of :meth:`ProgressStore.to_json` data."""
    lines = [f"Progression ({where})"]
    position = data.get("position")
    if position:
        lesson = course.lesson(position["lesson_id"]) if course else None
        title = f" — {lesson.title}" if lesson else ""
        text = (f"Position : leçon « {position['lesson_id']} »{title}, "
                f"diapo {position['slide_index'] + 1}")
        if position.get("exercise_id"):
            text += f", exercice « {position['exercise_id']} »"
        lines.append(text)
    else:
        lines.append("Position : début du cours")
    exercises: dict[str, Any] = data.get("exercises", {})
    hints: dict[str, dict[str, int]] = data.get("hints", {})
    if not exercises and not hints:
        lines.append("Aucun exercice commencé.")
    for ex_id in sorted(set(exercises) | set(hints)):
        entry = exercises.get(ex_id, {"started_at": None, "steps": {}})
        exercise = course.exercises.get(ex_id) if course else None
        total = f"/{len(exercise.steps)}" if exercise else ""
        title = f" — {exercise.title}" if exercise else ""
        lines.append("")
        lines.append(f"Exercice « {ex_id} »{title} : {len(entry['steps'])}{total} étape(s) "
                     f"terminée(s), commencé le {_when(entry['started_at'])}")
        for step_id, at in entry["steps"].items():
            step = exercise.step(step_id) if exercise else None
            name = f" ({step.title})" if step else ""
            lines.append(f"  ✓ {step_id}{name} — terminée le {_when(at)}")
        for step_id, count in hints.get(ex_id, {}).items():
            lines.append(f"  indices révélés pour « {step_id} » : {count}")
    return "\n".join(lines)
