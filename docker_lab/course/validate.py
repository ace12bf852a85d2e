"""Validation of a course, of course folders or of single lesson/exercise files (pure).

:func:`validate_course` checks a course (``CourseDirs``); :func:`validate_paths`
checks what an instructor names on the command line:

- a folder holding ``lessons/`` or ``exercises/`` is a course root, checked as
  a whole (cross-file checks included);
- any other folder contributes its ``*.yaml`` / ``*.yml`` files;
- a file is a lesson when it has ``slides`` (or ``order``, or sits in a
  ``lessons/`` folder), an exercise when it has ``steps`` (or ``lesson``,
  ``introduction``, or sits in ``exercises/``); anything else is a problem.

Slide bodies are checked too (:mod:`.slidecheck`: code blocks never closed,
Mermaid diagrams termaid cannot draw or cuts), which loading a course for use
does not do. All loose files are checked together: duplicate ids among them are reported;
references (a lesson's exercises, an exercise's lesson) are checked only when
the other kind of file is part of the set.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docker_lab.course.loader import is_folder, lexists, load_course, load_files, scan_folder
from docker_lab.course.models import Course
from docker_lab.course.slidecheck import drawing_budget
from docker_lab.paths import CourseDirs
from docker_lab.spec.problems import Problem, file_problem, sorted_problems
from docker_lab.spec.yamlpos import load_yaml


@dataclass
class Report:
    """The result of a validation run.

    Attributes:
        problems: every problem, sorted.
        missing: paths given that do not exist.
        lessons: lessons read without problem.
        slides: slides in those lessons.
        exercises: exercises read without problem.
    """

    problems: list[Problem] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)
    lessons: int = 0
    slides: int = 0
    exercises: int = 0

    def add(self, course: Course, problems: list[Problem]) -> None:
        """Add one loaded course (or set of files) to the report."""
        self.problems = sorted_problems([*self.problems, *problems])
        self.lessons += len(course.lessons)
        self.slides += sum(len(lesson.slides) for lesson in course.lessons)
        self.exercises += len(course.exercises)

    @property
    def ok(self) -> bool:
        """Whether nothing is wrong."""
        return not self.problems and not self.missing

    def summary(self) -> str:
        """Return the French one-line summary."""
        counts = (f"{plural(self.lessons, 'leçon')}, {plural(self.slides, 'diapo')}, "
                  f"{plural(self.exercises, 'exercice')}")
        if self.ok:
            return f"Cours valide : {counts}"
        files = len({p.path for p in self.problems})
        parts = []
        if self.problems:
            parts.append(f"{plural(len(self.problems), 'problème')} dans "
                         f"{plural(files, 'fichier')}")
        if self.missing:
            parts.append(plural(len(self.missing), "chemin introuvable", "chemins introuvables"))
        return f"Cours invalide : {', '.join(parts)} (lus sans problème : {counts})"


def plural(count: int, word: str, plural_form: str | None = None) -> str:
    """Return ``"0 leçon"``, ``"1 leçon"``, ``"3 leçons"`` (French: singular below 2)."""
    return f"{count} {word if abs(count) < 2 else plural_form or word + 's'}"


def validate_course(dirs: CourseDirs) -> Report:
    """Validate a whole course."""
    report = Report()
    with drawing_budget():
        report.add(*load_course(dirs, check_bodies=True))
    return report


def is_course_root(folder: Path) -> bool:
    """Return whether a folder holds ``lessons`` or ``exercises`` (folders or not)."""
    return lexists(folder / "lessons") or lexists(folder / "exercises")


def validate_paths(paths: Sequence[Path]) -> Report:
    """Validate the given files and folders (see the module documentation)."""
    with drawing_budget():
        return _validate_paths(paths)


def _validate_paths(paths: Sequence[Path]) -> Report:
    report = Report()
    lessons: list[Path] = []
    exercises: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if not lexists(path):
            report.missing.append(path)
        elif is_folder(path) and is_course_root(path):
            dirs = CourseDirs(lessons=path / "lessons", exercises=path / "exercises")
            if lexists(dirs.lessons):
                report.add(*load_course(dirs, check_bodies=True))
            else:
                files, found = scan_folder(dirs.exercises)
                course, more = load_files([], files, check_lesson_refs=False, check_bodies=True)
                report.add(course, [*found, *more])
        elif is_folder(path):
            files, found = scan_folder(path)
            problems += found
            if not files and not found:
                problems.append(file_problem(path, "aucun fichier de leçon ou d'exercice "
                                                   "(*.yaml, *.yml) dans ce dossier"))
            for file in files:
                _classify(file, lessons, exercises, problems)
        else:
            _classify(path, lessons, exercises, problems)
    if lessons or exercises or problems:
        course, found = load_files(
            _unique_paths(lessons), _unique_paths(exercises),
            check_lesson_refs=bool(lessons), check_exercise_refs=bool(exercises),
            check_bodies=True,
        )
        report.add(course, [*problems, *found])
    if report.ok and not (report.lessons or report.exercises) and paths:
        report.add(Course(lessons=()), [file_problem(paths[0], "aucune leçon ni aucun exercice "
                                                               "trouvé")])
    return report


def _classify(path: Path, lessons: list[Path], exercises: list[Path],
              problems: list[Problem]) -> None:
    doc, found = load_yaml(path)
    problems.extend(found)  # the loader finds them again: duplicates are dropped
    if doc is None:
        return
    data = doc.data if isinstance(doc.data, dict) else {}
    folder = path.parent.name
    if "slides" in data:
        lessons.append(path)
    elif "steps" in data:
        exercises.append(path)
    elif folder == "lessons" or "order" in data:
        lessons.append(path)
    elif folder == "exercises" or {"lesson", "introduction"} & data.keys():
        exercises.append(path)
    elif doc.data is None:
        problems.append(file_problem(path, "fichier vide : une leçon ou un exercice est attendu"))
    else:
        problems.append(doc.problem((), "ni une leçon (clé « slides ») ni un exercice "
                                        "(clé « steps ») : type de fichier inconnu"))


def _unique_paths(paths: list[Path]) -> list[Path]:
    seen: set[Path] = set()
    result = []
    for path in paths:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            result.append(path)
    return result
