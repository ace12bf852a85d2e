"""Slide bodies checked by validate: code blocks never closed, Mermaid diagrams (pure)."""

from __future__ import annotations

from pathlib import Path

import pytest

from docker_lab.course.lessons import parse_lesson
from docker_lab.course.slidecheck import check_body
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
