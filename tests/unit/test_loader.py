"""Loading a course: lessons, order, cross-file checks between lessons and exercises."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from docker_lab.course import loader
from docker_lab.course.exercises import parse_exercise_file
from docker_lab.course.lessons import parse_lesson_file
from docker_lab.course.loader import load_course
from docker_lab.course.models import Exercise
from docker_lab.paths import CourseDirs
from docker_lab.spec.problems import Problem
from docker_lab.spec.yamlpos import load_yaml


def lesson(ident: str, order: int, exercises: str = "", slides: int = 1) -> str:
    slide_text = "".join(f"  - title: D{i}\n    body: Texte {i}\n" for i in range(slides))
    refs = f"exercises: [{exercises}]\n" if exercises else ""
    return (f"format_version: 1\nid: {ident}\ntitle: Leçon {ident}\norder: {order}\n{refs}"
            f"slides:\n{slide_text}")


def exercise(ident: str, lesson_id: str) -> str:
    return f"id: {ident}\ntitle: E\nlesson: {lesson_id}\nsteps: []\n"


def fake_parse_exercise(path: Path) -> tuple[Exercise | None, list[Problem]]:
    """A minimal stand-in for H5's parser: only what the loader's cross-checks need."""
    doc, problems = load_yaml(path)
    if doc is None or problems:
        return None, problems
    data: dict[str, Any] = doc.data
    return Exercise(id=data["id"], title=data["title"], lesson=data["lesson"],
                    introduction="", steps=(), path=path), []


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CourseDirs:
    monkeypatch.setattr(loader, "exercise_parser", lambda: fake_parse_exercise)
    dirs = CourseDirs(tmp_path / "lessons", tmp_path / "exercises")
    dirs.lessons.mkdir()
    dirs.exercises.mkdir()
    return dirs


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def messages(problems: list[Problem]) -> list[tuple[str, int, str]]:
    return sorted((p.path.name, p.line, p.message) for p in problems)


def test_lessons_sorted_by_order_and_exercises_linked(course: CourseDirs) -> None:
    write(course.lessons, "a.yaml", lesson("deux", 2, slides=3))
    write(course.lessons, "b.yml", lesson("un", 1, exercises="ex-a"))
    write(course.lessons, ".#tmp.yaml", "not: [valid")
    write(course.exercises, "a.yaml", exercise("ex-a", "un"))
    write(course.exercises, "b.yaml", exercise("ex-b", "un"))
    loaded, problems = load_course(course)
    assert problems == []
    assert [lesson.id for lesson in loaded.lessons] == ["un", "deux"]
    assert loaded.lessons[0].exercises == ("ex-a", "ex-b")  # ex-b names its lesson
    assert [s.title for s in loaded.lessons[1].slides] == ["D0", "D1", "D2"]
    assert sorted(loaded.exercises) == ["ex-a", "ex-b"]


def test_cross_file_problems(course: CourseDirs) -> None:
    write(course.lessons, "1.yaml", lesson("un", 1, exercises="ex-a, exx-b"))
    write(course.lessons, "2.yaml", lesson("un", 2))
    write(course.lessons, "3.yaml", lesson("trois", 1, exercises="ex-c"))
    write(course.exercises, "a.yaml", exercise("ex-a", "un"))
    write(course.exercises, "a2.yaml", exercise("ex-a", "trois"))
    write(course.exercises, "b.yaml", exercise("ex-b", "trios"))
    write(course.exercises, "c.yaml", exercise("ex-c", "un"))
    loaded, problems = load_course(course)
    assert messages(problems) == [
        ("1.yaml", 5, "exercice « exx-b » introuvable : vouliez-vous dire « ex-b » ?"),
        ("2.yaml", 2, "id « un » en double : déjà utilisé par la leçon de "
                      f"{course.lessons}/1.yaml:2"),
        ("3.yaml", 4, "ordre 1 en double : déjà utilisé par la leçon « un » "
                      f"({course.lessons}/1.yaml:4)"),
        ("a2.yaml", 1, "id « ex-a » en double : déjà utilisé par l'exercice de "
                       f"{course.exercises}/a.yaml:1"),
        ("b.yaml", 3, "leçon « trios » introuvable : vouliez-vous dire « trois » ?"),
        ("c.yaml", 3, "l'exercice indique la leçon « un » mais la leçon « trois » le cite "
                      f"({course.lessons}/3.yaml:5)"),
    ]
    assert [lesson.id for lesson in loaded.lessons] == ["trois", "un"]


def test_missing_or_empty_lessons_folder(tmp_path: Path) -> None:
    _, problems = load_course(CourseDirs(tmp_path / "lessons", tmp_path / "exercises"))
    assert [p.format() for p in problems] == [
        f"{tmp_path}/lessons: dossier des leçons introuvable "
        "(un cours contient un dossier lessons/)"
    ]
    (tmp_path / "lessons").mkdir()
    loaded, problems = load_course(CourseDirs(tmp_path / "lessons", tmp_path / "exercises"))
    assert loaded.lessons == () and "aucune leçon" in problems[0].message


def test_lesson_fields(tmp_path: Path) -> None:
    path = write(tmp_path, "l.yaml", (
        "format_version: 1\nid: reseaux\ntitle: '  Réseaux  '\norder: 0\nslides:\n"
        "  - title: A\n    body: |\n      ligne\n\n    notes: |\n      note\n"
    ))
    parsed, problems = parse_lesson_file(path)
    assert problems == [] and parsed is not None
    assert (parsed.id, parsed.title, parsed.order, parsed.path) == ("reseaux", "Réseaux", 0, path)
    assert (parsed.slides[0].body, parsed.slides[0].notes) == ("ligne", "note")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("format_version: 1\nid: Bad_Id\ntitle: T\norder: 1\nslides: []\n", [
            (2, "« id » doit ne contenir que des minuscules sans accent, des chiffres et des "
                "tirets (ex. « mon-id ») (trouvé : « Bad_Id »)"),
            (5, "« slides » est vide"),
        ]),
        ("format_version: 1\nid: a\ntitle: T\norder: 1\nexercises: [a, a, É]\nslides:\n  -\n", [
            (5, "exercice « a » cité deux fois"),
            (5, "l'id d'exercice doit ne contenir que des minuscules sans accent, des chiffres "
                "et des tirets (ex. « mon-id ») (trouvé : « É »)"),
            (7, "diapo vide (diapo 1) : ajoutez un « title » et un « body »"),
        ]),
        ("format_version: 1\nid: a\ntitle: T\norder: 1\nslides:\n  - title: T\n    body: ' '\n"
         "    note: x\n", [
             (7, "« body » est vide (diapo 1)"),
             (8, "clé inconnue « note » : vouliez-vous dire « notes » ?"),
         ]),
        ("[1, 2]\n", [(1, "le document doit être un dictionnaire (clé: valeur), trouvé : liste")]),
        ("", [(1, "fichier vide : une leçon est attendue (format_version, id, title, order, "
                  "slides)")]),
    ],
)
def test_lesson_problems(tmp_path: Path, text: str, expected: list[tuple[int, str]]) -> None:
    parsed, problems = parse_lesson_file(write(tmp_path, "l.yaml", text))
    assert parsed is None
    assert sorted((p.line, p.message) for p in problems) == expected


def test_a_crashing_exercise_parser_is_a_problem_not_a_crash(
    course: CourseDirs, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(path: Path) -> tuple[Exercise | None, list[Problem]]:
        raise KeyError("steps")

    monkeypatch.setattr(loader, "exercise_parser", lambda: broken)
    write(course.lessons, "a.yaml", lesson("un", 1))
    write(course.exercises, "e.yaml", exercise("ex", "un"))
    loaded, problems = load_course(course)
    assert [p.format() for p in problems] == [
        f"{course.exercises}/e.yaml: erreur interne du lecteur d'exercices : "
        "merci de signaler ce fichier"
    ]
    assert [lesson.id for lesson in loaded.lessons] == ["un"]


def test_shipped_course_with_the_real_exercise_parser() -> None:
    from docker_lab import paths

    assert loader.exercise_parser() is parse_exercise_file
    loaded, problems = load_course(paths.course_dirs(paths.shipped_course_root()))
    assert problems == []
    assert sum(len(lesson.slides) for lesson in loaded.lessons) == 74
    assert [lesson.order for lesson in loaded.lessons] == sorted(
        lesson.order for lesson in loaded.lessons)
    linked = {ex: lesson.id for lesson in loaded.lessons for ex in lesson.exercises}
    assert linked == {ex_id: ex.lesson for ex_id, ex in loaded.exercises.items()}
    assert {"types-de-reseaux", "gestion-des-reseaux", "dns-interne", "multi-tiers"} <= set(linked)


def test_exercise_references_wait_for_an_exercises_folder(course: CourseDirs) -> None:
    """A freshly imported deck names exercises that do not exist yet: not a problem
    until the course has an exercises/ folder, then each missing one is reported."""
    write(course.lessons, "a.yaml", lesson("a", 1, exercises="ex-a"))
    course.exercises.rmdir()
    loaded, problems = load_course(course)
    assert problems == [] and [le.id for le in loaded.lessons] == ["a"]
    course.exercises.mkdir()
    _, problems = load_course(course)
    assert messages(problems) == [("a.yaml", 5, "exercice « ex-a » introuvable")]


def test_step_slides_exist_in_the_exercise_lesson(course: CourseDirs) -> None:
    write(course.lessons, "a.yaml", lesson("un", 1, slides=3))
    write(course.exercises, "a.yaml", (
        "id: ex-a\ntitle: E\nlesson: un\nsteps:\n"
        "  - id: s1\n    slides: [1, 3]\n"
        "  - id: s2\n    slides: [2, 4, 0]\n"))
    _, problems = load_course(course)
    assert [p.format().split("/")[-1] for p in problems] == [
        "a.yaml:8:17: diapo 4 introuvable : la leçon « un » a 3 diapos, numérotées de 1 à 3",
        "a.yaml:8:20: diapo 0 introuvable : la leçon « un » a 3 diapos, numérotées de 1 à 3",
    ]


def test_every_shipped_step_names_its_slides() -> None:
    from docker_lab import paths

    loaded, problems = load_course(paths.course_dirs(paths.shipped_course_root()))
    assert problems == []
    unnamed = [f"{ex.id}/{step.id}" for ex in loaded.exercises.values() for step in ex.steps
               if not step.slides]
    assert unnamed == []
    assert len(loaded.exercises) == 9
