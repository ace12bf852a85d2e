"""Verdicts as text (a French report) and as JSON (``docker-lab check --json``).

JSON format::

    {
      "exercise": "dns-interne",
      "title": "Le DNS interne entre containers",
      "status": "fail",                      # pass only when every step passed
      "steps": [
        {"id": "reseau", "title": "…", "status": "pass", "checks": [],
         "completed_at": "2026-11-28T00:53:24+00:00"},   # recorded earlier, not re-checked
        {"id": "base-de-donnees", "title": "…", "status": "fail",
         "checks": [{"kind": "container", "status": "fail",
                     "message": "Le container « database » est arrêté (code de sortie 1) …",
                     "expected": "running", "actual": "exited (1)"}]},
        {"id": "backend", "title": "…", "status": "pending", "checks": []}   # not reached
      ]
    }

Statuses: ``pass``, ``fail``, ``error`` (could not check), ``pending`` (an
answer is awaited, or a step not reached because an earlier one fails).
When the check cannot run at all (exit status 2: Docker unreachable, unknown
exercise) ``--json`` prints ``{"exercise", "status": "error", "error", "steps": []}``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from docker_lab.checks.model import Status, StepResult
from docker_lab.course.models import Exercise

MARKS = {Status.PASS: "✓", Status.FAIL: "✗", Status.ERROR: "!", Status.PENDING: "…"}


def overall(results: Sequence[StepResult], exercise: Exercise,
            completed: Mapping[str, datetime], only_step: bool) -> Status:
    """``pass`` when the checked step (or every step of the exercise) passed."""
    if only_step:
        return results[0].status if results else Status.ERROR
    verdicts = {r.id: r.status for r in results}
    for step in exercise.steps:
        status = verdicts.get(step.id, Status.PASS if step.id in completed else Status.PENDING)
        if status is not Status.PASS:
            return status
    return Status.PASS


def exercise_json(exercise: Exercise, results: Sequence[StepResult],
                  completed: Mapping[str, datetime], only_step: bool) -> dict[str, Any]:
    """The JSON document of ``check --json`` (see the module docstring)."""
    by_id = {r.id: r for r in results}
    steps: list[dict[str, Any]] = []
    for step in exercise.steps:
        result = by_id.get(step.id)
        if result is not None:
            steps.append(result.to_json())
        elif only_step:
            continue
        elif step.id in completed:
            steps.append({"id": step.id, "title": step.title, "status": "pass", "checks": [],
                          "completed_at": completed[step.id].isoformat()})
        else:
            steps.append({"id": step.id, "title": step.title, "status": "pending", "checks": []})
    status = overall(results, exercise, completed, only_step)
    return {"exercise": exercise.id, "title": exercise.title, "status": status.value,
            "steps": steps}


def step_lines(result: StepResult) -> list[str]:
    """``✗ étape — titre`` then one indented line block per check."""
    lines = [f"{MARKS[result.status]} {result.id} — {result.title}"]
    for check in result.checks:
        text = check.message.replace("\n", "\n      ")
        lines.append(f"    {MARKS[check.status]} {text}")
    return lines


def exercise_text(exercise: Exercise, results: Sequence[StepResult],
                  completed: Mapping[str, datetime], only_step: bool) -> str:
    """The French report of ``check``."""
    by_id = {r.id: r for r in results}
    lines = [f"Exercice « {exercise.id} » — {exercise.title}", ""]
    waiting = 0
    for step in exercise.steps:
        result = by_id.get(step.id)
        if result is not None:
            lines += step_lines(result)
        elif only_step:
            continue
        elif step.id in completed:
            when = completed[step.id].astimezone().strftime("%d/%m/%Y %H:%M")
            lines.append(f"✓ {step.id} — {step.title} (validée le {when})")
        else:
            waiting += 1
    status = overall(results, exercise, completed, only_step)
    asking = next((r.id for r in results if r.status is Status.PENDING), "ÉTAPE")
    lines.append("")
    if waiting:
        lines.append(f"{waiting} étape{'s' if waiting > 1 else ''} à venir.")
    lines.append({
        Status.PASS: "Tout est validé." if not only_step else "Étape validée.",
        Status.FAIL: "Pas encore : lisez les messages ✗ ci-dessus.",
        Status.ERROR: "Vérification impossible pour l'instant (voir « ! » ci-dessus).",
        Status.PENDING: "En attente de votre réponse : docker-lab check "
                        f"{exercise.id} --step {asking} --answer VALEUR",
    }[status])
    return "\n".join(lines)
