"""Slide bodies checked by validate: code blocks never closed, Mermaid diagrams (pure)."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import pytest

from docker_lab.course.bounded import Overrun, bounded
from docker_lab.course.lessons import parse_lesson
from docker_lab.course.mermaid import DRAW_SECONDS
from docker_lab.course.slidecheck import check_body, drawing_budget
from docker_lab.spec.yamlpos import parse_yaml


def test_sound_bodies_have_no_finding() -> None:
    body = ("Texte.\n\n```bash\nls\n```\n\n~~~~\n```\n~~~~\n\n```mermaid\ngraph LR\n"
            "  A[client] --> B[\"labo-outil\"]\n  B --> C(rond)\n  C --> D{a b ?}\n```\n")
    assert check_body(body) == []


@pytest.mark.parametrize(
    ("body", "where", "words"),
    [
        ("Texte.\n\n  ```bash\nls\n", (2, 2), "bloc de code « ``` » jamais refermé"),
        ("~~~\nx\n```\n", (0, 0), "« ~~~ » jamais refermé"),
        ("```mermaid\ngraph LR\n    A[client] --> B[labo-outil]\n```", (2, 20),
         "le libellé « labo-outil » du nœud « B » est coupé dans le dessin (termaid y lit un "
         "lien) : mettez-le entre guillemets, B[\"labo-outil\"]"),
        ("```mermaid\nflowchart TD\n  A(go-on) --> B\n```", (2, 4), "A(\"go-on\")"),
        ("```mermaid\ngraph LR\n  A[x-xy] --> B{lo-op}\n```", (2, 4), "A[\"x-xy\"]"),
        ("```mermaid\nsequenceDiagram\n  ((((\n```", (0, 0), "ne sait pas dessiner"),
    ],
)
def test_findings(body: str, where: tuple[int, int], words: str) -> None:
    findings = check_body(body)
    assert len(findings) == (2 if "lo-op" in body else 1), findings  # each cut label named
    line, column, message = findings[0]
    assert (line, column) == where and words in message


def test_findings_are_placed_in_the_lesson_file() -> None:
    text = """\
format_version: 1
id: lecon
title: Leçon
order: 1
slides:
  - title: Un
    body: |

      Texte.
      ```mermaid
      graph LR
        A --> B[labo-outil]
      ```
  - title: Deux
    body: "```bash\\nls"
"""
    doc, problems = parse_yaml(text, Path("l.yaml"))
    assert doc is not None and problems == []
    lesson, problems = parse_lesson(doc, check_bodies=True)
    assert parse_lesson(doc)[1] == []  # loading for use draws such slides anyway
    assert lesson is None
    assert [(p.line, p.column, p.message[:40]) for p in problems] == [
        (12, 17, "diagramme Mermaid : le libellé « labo-ou"),
        (15, 11, "bloc de code « ``` » jamais refermé : la"),
    ]
    assert all(p.message.endswith(f"(diapo {n})") for n, p in zip((1, 2), problems, strict=True))


def _star(leaves: int) -> str:
    return "graph TD\n" + "\n".join(f"  R --> X{n}" for n in range(leaves))


def test_a_diagram_termaid_would_take_minutes_to_draw_is_abandoned_in_time() -> None:
    """A star of 200 leaves: termaid's router runs for minutes (and a dense graph eats
    gigabytes); the drawing is abandoned at its bound and said « trop complexe »."""
    started = time.monotonic()
    found = check_body(f"```mermaid\n{_star(200)}\n```\n")
    assert time.monotonic() - started < DRAW_SECONDS + 1.5
    assert len(found) == 1 and "diagramme Mermaid trop complexe à dessiner" in found[0][2]
    assert "texte brut" in found[0][2]


def test_many_heavy_diagrams_share_one_budget() -> None:
    body = "\n\n".join(f"```mermaid\n{_star(150 + n)}\n```" for n in range(6))
    started = time.monotonic()
    with drawing_budget(seconds=1.5):
        found = check_body(body)
    assert time.monotonic() - started < 1.5 + DRAW_SECONDS + 1.0
    assert len(found) == 6
    assert "non vérifié" in found[-1][2], found


def test_bounded_gives_the_result_or_overruns() -> None:
    assert bounded(lambda: 2 + 2, seconds=1.0) == 4

    def forever() -> int:
        while True:
            with contextlib.suppress(Exception):  # the bound is no Exception: not swallowed
                sum(range(1000))

    started = time.monotonic()
    with pytest.raises(Overrun, match=r"plus de 0\.3 s"):
        bounded(forever, seconds=0.3)
    assert time.monotonic() - started < 2.0
    assert bounded(lambda: "encore", seconds=1.0) == "encore", "nothing left pending"
