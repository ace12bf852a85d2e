"""Loading a whole course: every lesson and exercise file, plus cross-file checks.

:func:`load_course` reads ``lessons/*.yaml|yml`` and ``exercises/*.yaml|yml``
(files starting with ``.`` are ignored; a folder named ``x.yaml``, a broken link,
a FIFO, an unreadable folder or an ``exercises`` that is a file are problems,
named) and returns ``(Course, problems)``. It
never raises and never prints: the course holds every file that parsed
cleanly (lessons sorted by ``order``), and the problems list says what is wrong,
as :class:`~docker_lab.spec.problems.Problem` values to show as
``path:line:column: message``. Callers decide what to do with a partial course.

Cross-file checks: a lesson or exercise id used twice (reported on the later
file, pointing at the first), two lessons with the same ``order``, a lesson
citing an exercise that does not exist, an exercise whose ``lesson`` does not
exist or does not cite it back in a conflicting way. An exercise naming its
lesson is added to that lesson's ``exercises`` even when the lesson does not list
it (instructors need not write the link twice).

Exercises are parsed by :func:`docker_lab.course.exercises.parse_exercise_file`
when that module exists; without it, exercise files are skipped.
"""

from __future__ import annotations

import difflib
import os
import stat
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from docker_lab.course.exercises import parse_exercise_file
from docker_lab.course.lessons import parse_lesson
from docker_lab.course.models import Course, Exercise, Lesson
from docker_lab.paths import CourseDirs
from docker_lab.spec.problems import Problem, display_path, file_problem
from docker_lab.spec.textfile import os_reason_fr
from docker_lab.spec.yamlpos import YamlDoc, load_yaml

ExerciseParser = Callable[[Path], tuple[Exercise | None, list[Problem]]]

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class _Entry:
    """One file of the course: its parsed document (for positions) and result."""

    path: Path
    doc: YamlDoc | None
    item: Any  # Lesson | Exercise | None

    @property
    def raw_id(self) -> str | None:
        data = self.doc.data if self.doc is not None else None
        value = data.get("id") if isinstance(data, dict) else None
        return value if isinstance(value, str) else None

    def where(self, *keys: Any) -> str:
        line = self.doc.value_pos(*keys)[0] if self.doc is not None else 0
        return f"{display_path(self.path, Path.cwd())}:{line}"

    def problem(self, keys: Sequence[Any], message: str) -> Problem:
        if self.doc is None:
            return file_problem(self.path, message)
        return self.doc.problem(keys, message)


def yaml_files(folder: Path) -> list[Path]:
    """Return the ``*.yaml`` and ``*.yml`` entries of a folder, sorted, hidden ones skipped.

    Entries that are not regular files (a folder named ``x.yaml``, a broken link)
    are kept: loading them reports what they are. An unreadable folder gives ``[]``
    (:func:`scan_folder` says why).
    """
    return scan_folder(folder)[0]


def scan_folder(folder: Path) -> tuple[list[Path], list[Problem]]:
    """Return the YAML entries of a folder (see :func:`yaml_files`) and why it cannot be read."""
    try:
        entries = sorted(p for p in folder.iterdir()
                         if p.suffix in YAML_SUFFIXES and not p.name.startswith("."))
        if entries:
            os.lstat(entries[0])  # a folder readable but not searchable (no « x »)
    except NotADirectoryError:
        return [], [file_problem(folder, "n'est pas un dossier")]
    except FileNotFoundError:
        return [], [file_problem(folder, "dossier introuvable")]
    except PermissionError:
        return [], [file_problem(folder, "dossier illisible : permission refusée (il faut les "
                                         "droits de lecture et de traversée, chmod u+rx)")]
    except OSError as exc:
        return [], [file_problem(folder, f"dossier illisible : {os_reason_fr(exc)}")]
    return entries, []


def is_folder(path: Path) -> bool:
    """``path.is_dir()`` that answers ``False`` instead of raising (permission refused …)."""
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def lexists(path: Path) -> bool:
    """Whether something (even a broken link, even unreadable) is at ``path``."""
    try:
        os.lstat(path)
    except FileNotFoundError:
        return False
    except (OSError, ValueError):
        return True
    return True


def exercise_parser() -> ExerciseParser:
    """Return the exercise parser (a seam: the loader's tests put a fake in its place)."""
    return parse_exercise_file


def load_course(dirs: CourseDirs, *, check_bodies: bool = False) -> tuple[Course, list[Problem]]:
    """Load and check the course in ``dirs``.

    Args:
        dirs: the lessons and exercises folders (``docker_lab.paths.course_dirs()``).

    Returns:
        The course (every file that parsed cleanly) and every problem found.
    """
    message = _not_a_folder(dirs.lessons)
    if message is not None:
        return Course(lessons=()), [file_problem(dirs.lessons, message)]
    lesson_files, problems = scan_folder(dirs.lessons)
    exercise_files: list[Path] = []
    has_exercises = lexists(dirs.exercises)
    if has_exercises:
        exercise_files, found = scan_folder(dirs.exercises)
        problems += found
    # A course without an exercises/ folder (a freshly imported deck) may already name the
    # exercises its lessons will get: those references are checked once the folder exists.
    course, found = load_files(lesson_files, exercise_files, check_bodies=check_bodies,
                               check_exercise_refs=is_folder(dirs.exercises))
    problems += found
    if not lesson_files and not problems:
        problems.append(file_problem(dirs.lessons, "aucune leçon (*.yaml) dans ce dossier"))
    return course, problems


def _not_a_folder(path: Path) -> str | None:
    """Why ``path`` cannot serve as the lessons folder, or ``None``."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "dossier des leçons introuvable (un cours contient un dossier lessons/)"
    except (OSError, ValueError) as exc:
        reason = os_reason_fr(exc) if isinstance(exc, OSError) else "chemin invalide"
        return f"dossier des leçons inaccessible : {reason}"
    if not stat.S_ISDIR(mode):
        return "n'est pas un dossier : un cours range ses leçons dans un dossier lessons/"
    return None


def load_files(
    lesson_files: Iterable[Path],
    exercise_files: Iterable[Path],
    *,
    check_lesson_refs: bool = True,
    check_exercise_refs: bool = True,
    check_bodies: bool = False,
) -> tuple[Course, list[Problem]]:
    """Load the given lesson and exercise files as one course and cross-check them.

    Args:
        lesson_files: lesson files, in the order that decides which duplicate is "first".
        exercise_files: exercise files.
        check_lesson_refs: check that each exercise's ``lesson`` exists among the lessons.
        check_exercise_refs: check that each exercise a lesson cites exists.
        check_bodies: check the slides' Markdown too (unclosed code, Mermaid): what
            ``validate`` reports; the app draws such slides anyway (a diagram it cannot
            draw is shown as text), so loading a course for use does not refuse them.
    """
    problems: list[Problem] = []
    lessons = [_load_lesson(path, problems, check_bodies) for path in lesson_files]
    parse_exercise = exercise_parser()
    exercises = [_load_exercise(path, parse_exercise, problems) for path in exercise_files]
    lessons = _unique(lessons, "la leçon", problems)
    exercises = _unique(exercises, "l'exercice", problems)
    _check_orders(lessons, problems)
    lesson_ids = _by_id(lessons)
    exercise_ids = _by_id(exercises)
    if check_exercise_refs:
        for entry in lessons:
            refs = entry.doc.data.get("exercises") if entry.doc and entry.raw_id else None
            for index, ref in enumerate(refs if isinstance(refs, list) else []):
                if isinstance(ref, str) and ref not in exercise_ids:
                    problems.append(entry.problem(
                        ("exercises", index), f"exercice « {ref} » introuvable"
                        + _suggest(ref, exercise_ids)))
    extra: dict[str, list[str]] = {}
    for entry in exercises:
        lesson_id = entry.doc.data.get("lesson") if entry.doc and entry.raw_id else None
        if not isinstance(lesson_id, str) or not entry.raw_id:
            continue
        if lesson_id not in lesson_ids:
            if check_lesson_refs:
                problems.append(entry.problem(("lesson",), f"leçon « {lesson_id} » introuvable"
                                              + _suggest(lesson_id, lesson_ids)))
            continue
        extra.setdefault(lesson_id, []).append(entry.raw_id)
        _check_back_reference(entry, lesson_ids, problems)
        _check_step_slides(entry, lesson_ids[lesson_id], problems)
    built = [_with_exercises(e.item, extra) for e in lessons if isinstance(e.item, Lesson)]
    built.sort(key=lambda lesson: (lesson.order, lesson.id))
    by_id = {e.item.id: e.item for e in exercises if isinstance(e.item, Exercise)}
    return Course(lessons=tuple(built), exercises=by_id), problems


def _load_lesson(path: Path, problems: list[Problem], check_bodies: bool) -> _Entry:
    doc, found = load_yaml(path)
    lesson = None
    if doc is not None:
        lesson, more = parse_lesson(doc, check_bodies=check_bodies)
        found.extend(more)
    problems.extend(found)
    return _Entry(path, doc, lesson if not found else None)


def _load_exercise(path: Path, parse: ExerciseParser, problems: list[Problem]) -> _Entry:
    try:
        exercise, found = parse(path)
    except Exception:  # a parser bug must not hide the other files' problems
        exercise, found = None, [file_problem(path, "erreur interne du lecteur d'exercices : "
                                                    "merci de signaler ce fichier")]
    problems.extend(found)
    doc, _ = load_yaml(path)  # positions for cross-file messages
    return _Entry(path, doc, exercise if not found else None)


def _unique(entries: list[_Entry], what: str, problems: list[Problem]) -> list[_Entry]:
    """Drop (and report) entries whose id an earlier file already uses."""
    first: dict[str, _Entry] = {}
    kept: list[_Entry] = []
    for entry in entries:
        ident = entry.raw_id
        if ident is not None and ident in first:
            problems.append(entry.problem(("id",), (
                f"id « {ident} » en double : déjà utilisé par {what} "
                f"de {first[ident].where('id')}")))
            continue
        if ident is not None:
            first[ident] = entry
        kept.append(entry)
    return kept


def _check_orders(lessons: list[_Entry], problems: list[Problem]) -> None:
    first: dict[int, _Entry] = {}
    for entry in lessons:
        data = entry.doc.data if entry.doc is not None else None
        order = data.get("order") if isinstance(data, dict) else None
        if not isinstance(order, int) or isinstance(order, bool):
            continue
        if order in first:
            other = first[order]
            problems.append(entry.problem(("order",), (
                f"ordre {order} en double : déjà utilisé par la leçon « {other.raw_id} » "
                f"({other.where('order')})")))
        else:
            first[order] = entry


def _check_back_reference(
    exercise: _Entry, lesson_ids: dict[str, _Entry], problems: list[Problem]
) -> None:
    """An exercise cited by a lesson other than its own ``lesson`` is a contradiction."""
    ex_id = exercise.raw_id
    own = exercise.doc.data.get("lesson") if exercise.doc is not None else None
    for lesson_id, entry in lesson_ids.items():
        refs = entry.doc.data.get("exercises") if entry.doc is not None else None
        if lesson_id != own and isinstance(refs, list) and ex_id in refs:
            problems.append(exercise.problem(("lesson",), (
                f"l'exercice indique la leçon « {own} » mais la leçon « {lesson_id} » "
                f"le cite ({entry.where('exercises')})")))


def _check_step_slides(exercise: _Entry, lesson: _Entry, problems: list[Problem]) -> None:
    """Each step's ``slides`` are slides of the exercise's lesson (numbered from 1)."""
    if not isinstance(lesson.item, Lesson) or exercise.doc is None:
        return
    total = len(lesson.item.slides)
    steps = exercise.doc.data.get("steps")
    for index, step in enumerate(steps if isinstance(steps, list) else []):
        numbers = step.get("slides") if isinstance(step, dict) else None
        for position, number in enumerate(numbers if isinstance(numbers, list) else []):
            if isinstance(number, int) and not isinstance(number, bool) and not (
                    1 <= number <= total):
                problems.append(exercise.problem(("steps", index, "slides", position), (
                    f"diapo {number} introuvable : la leçon « {lesson.item.id} » a {total} "
                    f"diapos, numérotées de 1 à {total}")))


def _by_id(entries: list[_Entry]) -> dict[str, _Entry]:
    return {e.raw_id: e for e in entries if e.raw_id is not None}


def _with_exercises(lesson: Lesson, extra: dict[str, list[str]]) -> Lesson:
    ids = list(lesson.exercises)
    ids += [ex for ex in extra.get(lesson.id, []) if ex not in ids]
    return replace(lesson, exercises=tuple(ids)) if len(ids) != len(lesson.exercises) else lesson


def _suggest(value: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(known), n=1)
    return f" : vouliez-vous dire « {close[0]} » ?" if close else ""
