"""A generated suite of broken lessons, exercises, decks, plans and progress stores.

Every shipped lesson and exercise, the seed deck and a sound progress store are
broken in a few hundred ways, deterministically (:mod:`tests.unit.hostile_cases`,
:mod:`tests.unit.hostile_inputs`), and the function each command calls runs on
them in a forked child bounded to 20 s (:mod:`tests.unit.hostile_support`).
Whatever the input: no hang, no exception, no English, no Python value; the
exit status promised; a ``path:line:column`` where the problem is in a YAML file,
at the line that was broken; and a second, independent problem added to the file
is reported along with every problem the first one gave (no problem hides another).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from docker_lab.course.validate import validate_course
from docker_lab.paths import CourseDirs
from tests.unit.hostile_cases import ROOT, STRANGER, Case, all_cases
from tests.unit.hostile_exercises import all_exercise_cases
from tests.unit.hostile_inputs import Scenario, all_scenarios
from tests.unit.hostile_support import (
    POSITION,
    STARTED,
    Outcome,
    app_call,
    complaints,
    run_bounded,
    validate_call,
    warm_up,
)

warm_up()

CASES = [*all_cases(), *all_exercise_cases()]
SCENARIOS = all_scenarios()


def _write(root: Path, relative: str, content: str | bytes) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path


def _validate(root: Path, relative: str, content: str | bytes) -> Outcome:
    path = _write(root, relative, content)
    return run_bounded(validate_call(path), root)


def _judge(case: Case, outcome: Outcome) -> list[str]:
    found = complaints(outcome, case.codes)
    shown = outcome.problem_lines
    if outcome.code == 1 and case.position and not shown:
        found.append("aucune position chemin:ligne:colonne")
    if outcome.code == 1 and case.line is not None and not any(
            line.startswith(f"{case.relative}:{case.line}:") for line in shown):
        found.append(f"aucun problème à la ligne {case.line}")
    if outcome.code == 0 and (shown or "Cours valide" not in outcome.out):
        found.append("code 0 sans « Cours valide »")
    found += [f"« {word} » absent" for word in case.words if word not in outcome.out]
    return found


def _with_stranger(content: str | bytes) -> str | bytes:
    line = f"{STRANGER}: 1\n"
    if isinstance(content, bytes):
        return content + (b"" if content.endswith((b"\n", b"\r")) else b"\n") + line.encode()
    return content + ("" if content.endswith(("\n", "\r")) else "\n") + line


def _hidden(single: Outcome, double: Outcome) -> list[str]:
    """What the variant with a second problem fails to report."""
    lost = [f"problème perdu : {line}" for line in single.problem_lines
            if line not in double.problem_lines]
    fatal = any("syntaxe YAML" in line or "imbrication" in line or "alias" in line
                for line in single.problem_lines)
    if not fatal and not any(f"« {STRANGER} »" in line for line in double.problem_lines):
        lost.append(f"la clé inconnue « {STRANGER} » n'est pas signalée")
    return lost


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_generated_variant(case: Case, tmp_path: Path) -> None:
    outcome = _validate(tmp_path / "a", case.relative, case.content)
    found = _judge(case, outcome)
    if case.combine and not found and outcome.code == 1:
        double = _validate(tmp_path / "b", case.relative, _with_stranger(case.content))
        found += complaints(double, (1,)) + _hidden(outcome, double)
    assert not found, "\n".join([*found, "--- sortie :", outcome.out[:3000]])


def _scenario(scenario: Scenario, root: Path) -> tuple[Outcome, list[str]]:
    env = {"DOCKER_LAB_HOME": str(root / "home"), "NO_COLOR": "1", **scenario.env}
    outcome = run_bounded(scenario.build(root), root, env)
    found = complaints(outcome, scenario.codes)
    found += [f"« {word} » absent" for word in scenario.words if word not in outcome.out]
    if scenario.then is not None and outcome.code == 0:
        after = run_bounded(scenario.then(root), root, env)
        found += [f"ensuite : {c}" for c in complaints(after, (0, 1))]
    return outcome, found


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_generated_input(scenario: Scenario, tmp_path: Path) -> None:
    outcome, found = _scenario(scenario, tmp_path)
    assert not found, "\n".join([*found, "--- sortie :", outcome.out[:3000]])


#: One case in so many is also run inside a whole course, with validate --course and the app.
COURSE_EVERY = 20
COURSE_CASES = CASES[::COURSE_EVERY]


def _course(root: Path, case: Case) -> Path:
    course = root / "cours"
    for folder in ("lessons", "exercises"):
        shutil.copytree(ROOT / folder, course / folder)
    _write(course, case.relative, case.content)
    return course


@pytest.mark.parametrize("case", COURSE_CASES, ids=[case.name for case in COURSE_CASES])
def test_generated_variant_in_the_course(case: Case, tmp_path: Path) -> None:
    """In the shipped course: validate --course says it, and the app refuses to start
    (the loader's problems; without a terminal, the slides' too)."""
    course = _course(tmp_path, case)
    env = {"DOCKER_LAB_HOME": str(tmp_path / "home")}
    checked = run_bounded(validate_call(course=course), tmp_path, env)
    found = complaints(checked, case.codes if case.codes == (1,) else (0, 1))
    problems = validate_course(CourseDirs(course / "lessons", course / "exercises")).problems
    started = run_bounded(app_call(course), tmp_path, env)  # no terminal here: never runs
    found += [f"application : {c}" for c in complaints(started, (1,) if problems else (2,))]
    if STARTED in started.out:
        found.append("l'application a démarré sans terminal")
    if problems and not POSITION.search(started.out.replace("  ", "")) and any(
            p.line for p in problems):
        found.append("l'application ne dit pas où est le problème (chemin:ligne:colonne)")
    assert not found, "\n".join([*found, "--- validate :", checked.out[:2000],
                                  "--- application :", started.out[:2000]])


def _pairs() -> list[tuple[Case, Case]]:
    """Broken cases of two different files, taken in turn, to break one course twice."""
    broken = [case for case in CASES[7::9] if case.codes == (1,) and case.combine]
    return [(a, b) for a, b in zip(broken, broken[1:] + broken[:1], strict=True)
            if a.relative != b.relative][::2]


PAIRS = _pairs()


@pytest.mark.parametrize("pair", PAIRS, ids=[f"{a.name}+{b.name}" for a, b in PAIRS])
def test_two_broken_files_in_one_course_report_both(pair: tuple[Case, Case],
                                                    tmp_path: Path) -> None:
    """Every problem each file has alone is still reported when both are in the course."""
    first, second = pair
    course = _course(tmp_path, first)
    _write(course, second.relative, second.content)
    both = run_bounded(validate_call(course=course), tmp_path)
    found = complaints(both, (1,))
    for number, case in enumerate(pair):
        alone = _validate(tmp_path / f"seul-{number}", case.relative, case.content)
        found += [f"perdu dans le cours : {line}" for line in alone.problem_lines
                  if f"cours/{line}" not in both.problem_lines]
    assert not found, "\n".join([*found, "--- cours :", both.out[:3000]])
