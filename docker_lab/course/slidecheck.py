"""Checks of a slide's Markdown body that validate runs (pure).

- A code block never closed: everything after it in the slide would show as code.
- A Mermaid diagram termaid cannot draw (the app then shows its source), or that
  takes it too long to draw (bounded one by one, and all together inside
  :func:`drawing_budget`).
- A Mermaid node label termaid cuts: it reads ``-o``, ``--``, ``->`` … inside an
  unquoted label as an edge, so ``B[labo-outil]`` is drawn as two boxes « B[lab »
  and « util] ». A label is sound when each of its words appears in the drawing;
  quoting it (``B["labo-outil"]``) always is.

:func:`check_body` returns ``(line, column, message)`` with 0-based positions in
the body, for the caller to place in the lesson file.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from docker_lab.course.deck import fence_step
from docker_lab.course.mermaid import DRAW_SECONDS, draw

#: A node with its label: ``ID[texte]``, ``ID(texte)``, ``ID{texte}``, ``ID>texte]`` and the
#: doubled shapes (``[[…]]``, ``((…))``, ``[(…)]`` …); quoted labels are left out.
_NODE = re.compile(r"\b([A-Za-z0-9_]+)(\[\[|\[\(|\(\[|\(\(|\{\{|\[/|\[\\|[\[({>])([^\"\]\)}]*)")
_CLOSERS = {"[[": "]]", "[(": ")]", "([": "])", "((": "))", "{{": "}}", "[/": "/]",
             "[\\": "\\]", "[": "]", "(": ")", "{": "}", ">": "]"}
_FLOWCHART = re.compile(r"^\s*(?:graph|flowchart)\b", re.IGNORECASE)
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
#: Largest diagram drawn to check it (termaid's layout is slow on huge graphs).
MAX_DIAGRAM_CHARS = 20_000

#: Longest time the diagrams of one validation or import may take to draw, all together.
TOTAL_DRAW_SECONDS = 5.0

Finding = tuple[int, int, str]


@dataclass
class _Budget:
    seconds: float
    left: float


_BUDGET: ContextVar[_Budget | None] = ContextVar("docker_lab_draw_budget", default=None)


@contextmanager
def drawing_budget(seconds: float = TOTAL_DRAW_SECONDS) -> Iterator[None]:
    """Bound the time all diagrams checked inside the ``with`` block take to draw.

    Each diagram is bounded anyway (:data:`~docker_lab.course.mermaid.DRAW_SECONDS`);
    this bounds a file holding many of them. Once spent, the next diagrams are
    reported as not checked.
    """
    token = _BUDGET.set(_Budget(seconds, seconds))
    try:
        yield
    finally:
        _BUDGET.reset(token)


def check_body(body: str) -> list[Finding]:
    """Return the problems of one slide body: ``(line, column, French message)``, 0-based."""
    lines = body.split("\n")
    findings: list[Finding] = []
    fence: str | None = None
    opened = 0
    language = ""
    for number, line in enumerate(lines):
        before = fence
        fence, _ = fence_step(fence, line)
        if before is None and fence is not None:
            opened = number
            language = line.strip()[len(fence):].strip().split(" ")[0].lower()
        elif before is not None and fence is None and language == "mermaid":
            findings += _diagram(lines[opened + 1:number], opened)
    if fence is not None:
        column = len(lines[opened]) - len(lines[opened].lstrip())
        findings.append((opened, column, (
            f"bloc de code « {fence} » jamais refermé : la suite de la diapo serait montrée "
            f"comme du code ; ajoutez une ligne « {fence} » à la fin du bloc")))
    return findings


def _diagram(source_lines: list[str], fence_line: int) -> list[Finding]:
    source = "\n".join(source_lines)
    if len(source) > MAX_DIAGRAM_CHARS:
        return [(fence_line, 0, f"diagramme Mermaid trop grand pour être dessiné (plus de "
                                f"{MAX_DIAGRAM_CHARS} caractères) : il sera montré en texte")]
    budget = _BUDGET.get()
    if budget is not None and budget.left <= 0:
        return [(fence_line, 0, (
            f"diagramme Mermaid non vérifié : dessiner les diagrammes a déjà pris plus de "
            f"{budget.seconds:g} s ; simplifiez-les, ou vérifiez moins de fichiers à la fois"))]
    started = time.monotonic()
    diagram = draw(source, DRAW_SECONDS if budget is None else min(DRAW_SECONDS, budget.left))
    if budget is not None:
        budget.left -= time.monotonic() - started
    if not diagram.drawn and diagram.error.startswith("diagramme trop complexe"):
        return [(fence_line, 0, diagram.error.replace("diagramme", "diagramme Mermaid", 1)
                 + " (le terminal le montrera en texte brut)")]
    if not diagram.drawn:
        return [(fence_line, 0, "diagramme Mermaid que le terminal ne sait pas dessiner : il "
                                "sera montré en texte brut (vérifiez sa syntaxe)")]
    if not _FLOWCHART.match(source):
        return []
    words = set(diagram.text.split())
    findings: list[Finding] = []
    for offset, line in enumerate(source_lines):
        for found in _NODE.finditer(line):
            label = found.group(3).strip().strip("()[]/\\")
            if not label or all(any(w in drawn for drawn in words)
                                for w in _BREAK.sub(" ", label).split()):
                continue
            node, opener = found.group(1), found.group(2)
            quoted = f'{node}{opener}"{label}"{_CLOSERS[opener]}'
            findings.append((fence_line + 1 + offset, found.start(3), (
                f"diagramme Mermaid : le libellé « {label} » du nœud « {node} » est coupé dans "
                f"le dessin (termaid y lit un lien) : mettez-le entre guillemets, {quoted}")))
    return findings
