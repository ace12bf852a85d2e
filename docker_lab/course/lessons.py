"""Lesson files: parsing and validation of the instructors' lesson format.

One YAML file per lesson, format version 1::

    format_version: 1                 # required, must be 1
    id: types-de-reseaux              # required, [a-z0-9-]+, unique in the course
    title: Types de réseaux Docker    # required
    order: 2                          # required integer >= 0, unique; lessons are shown in order
    exercises: [types-de-reseaux]     # optional: ids of this lesson's exercises
    slides:                           # required, at least one
      - title: "Le réseau bridge"     # required
        body: |                       # required, Markdown (code blocks, mermaid …): a code
                                      #   block never closed, a Mermaid diagram termaid cannot
                                      #   draw or whose label it cuts are problems
          …
        notes: |                      # optional speaker notes (Markdown)
          …

:func:`parse_lesson_file` returns ``(Lesson | None, problems)``: the lesson is
built only when the file has no problem, and every problem of the file is
reported at once (see :mod:`docker_lab.spec.schema`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docker_lab.course.models import Lesson, Slide
from docker_lab.course.slidecheck import check_body
from docker_lab.spec.problems import Problem, shown
from docker_lab.spec.schema import Field, Schema, at_least, is_blank, matches
from docker_lab.spec.yamlpos import YamlDoc, load_yaml

#: The lesson format this version of docker-lab reads.
FORMAT_VERSION = 1

ID_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
ID_RULE = "ne contenir que des minuscules sans accent, des chiffres et des tirets (ex. « mon-id »)"


def _format_version(value: Any) -> str | None:
    if value == FORMAT_VERSION:
        return None
    return (
        f"vaut {shown(value)} : cette version de docker-lab lit le format {FORMAT_VERSION} "
        f"(écrivez « format_version: {FORMAT_VERSION} »)"
    )


LESSON_SCHEMA = Schema((
    Field("format_version", int, required=True, validator=_format_version),
    Field("id", str, required=True, validator=matches(ID_PATTERN, ID_RULE)),
    Field("title", str, required=True),
    Field("order", int, required=True, validator=at_least(0)),
    Field("exercises", list, items=str, allow_empty=True),
    Field("slides", list, required=True),
))

SLIDE_SCHEMA = Schema((
    Field("title", str, required=True),
    Field("body", str, required=True),
    Field("notes", str, allow_empty=True),
))


def parse_lesson_file(path: Path) -> tuple[Lesson | None, list[Problem]]:
    """Read, parse and validate one lesson file.

    Args:
        path: the lesson's YAML file.

    Returns:
        The lesson (``None`` when the file has any problem) and all its problems.
    """
    doc, problems = load_yaml(path)
    if doc is None:
        return None, problems
    lesson, more = parse_lesson(doc)
    problems.extend(more)
    return (lesson if not problems else None), problems


def parse_lesson(doc: YamlDoc, *, check_bodies: bool = False
                 ) -> tuple[Lesson | None, list[Problem]]:
    """Validate an already parsed lesson document and build the :class:`Lesson`.

    Args:
        doc: the parsed lesson file.
        check_bodies: also check the slides' Markdown (:mod:`.slidecheck`).
    """
    if doc.data is None:
        return None, [doc.problem((), "fichier vide : une leçon est attendue "
                                      "(format_version, id, title, order, slides)")]
    problems = LESSON_SCHEMA.check(doc)
    if not isinstance(doc.data, dict):
        return None, problems
    problems.extend(_check_exercise_refs(doc))
    slides_value = doc.get("slides")
    slides: list[Slide] = []
    if isinstance(slides_value, list):
        for index in range(len(slides_value)):
            slide, slide_problems = _parse_slide(doc, index, check_bodies)
            problems.extend(slide_problems)
            if slide is not None:
                slides.append(slide)
    if problems:
        return None, problems
    data = doc.data
    return Lesson(
        id=data["id"],
        title=data["title"].strip(),
        order=data["order"],
        slides=tuple(slides),
        exercises=tuple(data.get("exercises") or ()),
        path=doc.path,
    ), []


def _parse_slide(doc: YamlDoc, index: int, check_bodies: bool
                 ) -> tuple[Slide | None, list[Problem]]:
    path = ("slides", index)
    value = doc.get(*path)
    context = f"diapo {index + 1}"
    if value is None or value == {} or (
        isinstance(value, dict)
        and is_blank(value.get("title") or "")
        and is_blank(value.get("body") or "")
    ):
        message = f"diapo vide ({context}) : ajoutez un « title » et un « body »"
        problems = [doc.problem(path, message)]
        if isinstance(value, dict):  # still report typos next to the empty fields
            problems += [p for p in SLIDE_SCHEMA.check(doc, path, context=context)
                         if "clé inconnue" in p.message]
        return None, problems
    problems = SLIDE_SCHEMA.check(doc, path, context=context)
    if not problems and check_bodies:
        problems = [Problem(doc.path, *doc.text_pos((*path, "body"), line, column),
                            f"{message} ({context})")
                    for line, column, message in check_body(value["body"])]
    if problems:
        return None, problems
    return Slide(
        title=value["title"].strip(),
        body=value["body"].rstrip(),
        notes=(value.get("notes") or "").rstrip(),
    ), []


def _check_exercise_refs(doc: YamlDoc) -> list[Problem]:
    refs = doc.get("exercises")
    if not isinstance(refs, list):
        return []
    problems: list[Problem] = []
    seen: set[str] = set()
    check_id = matches(ID_PATTERN, ID_RULE)
    for index, ref in enumerate(refs):
        if not isinstance(ref, str):
            continue  # already reported by the schema
        complaint = check_id(ref)
        if complaint:
            problems.append(doc.problem(("exercises", index), f"l'id d'exercice {complaint}"))
        elif ref in seen:
            problems.append(doc.problem(("exercises", index), f"exercice « {ref} » cité deux fois"))
        seen.add(ref)
    return problems
