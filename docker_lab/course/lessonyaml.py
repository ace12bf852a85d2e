"""Write a lesson as YAML in the instructors' format (format_version 1) (pure).

The output is written by hand rather than by ``yaml.dump`` so that bodies and
notes are literal block scalars (``|``): code blocks stay verbatim and readable.
Every value is checked by loading it back with ``yaml.safe_load``; a value a
block scalar cannot carry (control characters …) falls back to a double-quoted
string, and the whole file is checked again before it is returned.
"""

from __future__ import annotations

from typing import Any

import yaml

from docker_lab.course.models import Lesson

FORMAT_VERSION = 1

#: libyaml's loader where PyYAML has it: ten times faster (a 1 MB deck took 8 s to render).
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load(text: str) -> Any:
    """``yaml.safe_load``, with libyaml when available (what validate reads files with)."""
    return yaml.load(text, Loader=_LOADER)  # a safe loader, C or Python


_INDENT = "      "  # block content under "    body: |"


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON-style escapes, non-ASCII kept)."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif code < 0x20 or 0x7F <= code <= 0x9F or code in (0x2028, 0x2029, 0xFEFF):
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _plain_or_quoted(text: str) -> str:
    """A plain scalar when it reads back identically, else double-quoted."""
    if text and text == text.strip():
        try:
            if _load(f"k: {text}") == {"k": text}:
                return text
        except yaml.YAMLError:
            pass
    return _quoted(text)


def _block(text: str) -> str:
    """``|`` block scalar lines for ``text`` (without a trailing newline)."""
    lines = text.split("\n")
    header = "|2" if lines[0].startswith(" ") else "|"
    body = "\n".join(_INDENT + line if line else "" for line in lines)
    candidate = f"{header}\n{body}"
    probe = "k: " + header + "\n" + "\n".join("  " + x if x else "" for x in lines) + "\n"
    try:
        if _load(probe) == {"k": text + "\n"}:
            return candidate
    except yaml.YAMLError:
        pass
    return _quoted(text + "\n")


def lesson_data(lesson: Lesson) -> dict[str, Any]:
    """The plain data a lesson file holds (what ``yaml.safe_load`` gives back)."""
    slides: list[dict[str, str]] = []
    for slide in lesson.slides:
        item = {"title": slide.title, "body": slide.body + "\n" if slide.body else ""}
        if slide.notes:
            item["notes"] = slide.notes + "\n"
        slides.append(item)
    return {
        "format_version": FORMAT_VERSION,
        "id": lesson.id,
        "title": lesson.title,
        "order": lesson.order,
        "exercises": list(lesson.exercises),
        "slides": slides,
    }


def lesson_yaml(lesson: Lesson) -> str:
    """Render a lesson file.

    Raises:
        ValueError: if the rendered file would not load back to the lesson
            (a bug, never expected).
    """
    out = [
        f"format_version: {FORMAT_VERSION}",
        f"id: {lesson.id}",
        f"title: {_plain_or_quoted(lesson.title)}",
        f"order: {lesson.order}",
        f"exercises: [{', '.join(lesson.exercises)}]",
        "slides:",
    ]
    for slide in lesson.slides:
        out.append(f"  - title: {_quoted(slide.title)}")
        out.append(f"    body: {_block(slide.body) if slide.body else chr(34) * 2}")
        if slide.notes:
            out.append(f"    notes: {_block(slide.notes)}")
    text = "\n".join(out) + "\n"
    if _load(text) != lesson_data(lesson):
        raise ValueError(f"la leçon « {lesson.id} » ne se relit pas à l'identique")
    return text
