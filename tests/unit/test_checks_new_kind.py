"""A new check kind is one module: a kind defined here runs through the loader and the runner.

Nothing outside this file knows the kind ``essai_ping``: registering it is enough for
exercise files to use it (validated with positions, parsed once into its params
class), for the runner to send its probes and evaluate it, and for reset to see
the names it refers to.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from docker_lab.checks import registry
from docker_lab.checks.base import failed, passed
from docker_lab.checks.model import CheckResult, Status
from docker_lab.checks.params import name_value
from docker_lab.checks.refs import Refs, refs
from docker_lab.checks.registry import CheckKind, ProbeResults, register
from docker_lab.course.exercises import parse_exercise_file
from docker_lab.engine.models import ProbeKind, ProbeRequest, ProbeResult, Snapshot
from docker_lab.lab.resources import exercise_refs
from docker_lab.lab.runner import evaluate_checks, needed_probes
from docker_lab.spec.schema import Field, at_least
from tests.unit.checks_support import ctr, net, snap

NAME = "essai_ping"


@dataclass(frozen=True)
class PingParams:
    """``from`` (a Python keyword) becomes ``from_``."""

    from_: str
    to: str
    count: int = 1


def _request(p: PingParams) -> ProbeRequest:
    return ProbeRequest(ProbeKind.PING, p.from_, p.to)


def _probes(p: PingParams, snapshot: Snapshot) -> list[ProbeRequest]:
    return [_request(p)] if snapshot.container(p.from_) is not None else []


def _evaluate(p: PingParams, snapshot: Snapshot, probes: ProbeResults, answer: str | None
              ) -> CheckResult:
    result = probes.get(_request(p))
    if result is not None and result.ok:
        return passed(NAME, f"« {p.from_} » reçoit {p.count} réponse(s) de « {p.to} ».")
    return failed(NAME, f"« {p.from_} » ne reçoit pas de réponse de « {p.to} ».",
                  f"docker exec {p.from_} ping -c{p.count} {p.to}")


def _rules(p: PingParams) -> list[str]:
    return ["« from » et « to » doivent différer"] if p.from_ == p.to else []


def _refs(p: PingParams) -> Refs:
    return refs(containers=[p.from_, p.to])


KIND = CheckKind(
    name=NAME,
    summary="depuis un container, un autre répond au ping (kind de test)",
    params=PingParams,
    fields=(Field("from", str, required=True, validator=name_value(), doc="texte : la source"),
            Field("to", str, required=True, validator=name_value(), doc="texte : la cible"),
            Field("count", int, validator=at_least(1), doc="entier : le nombre de pings")),
    evaluate=_evaluate, probes=_probes, references=_refs, validate=_rules,
)

EXERCISE = """\
format_version: 1
id: essai
title: Essai
lesson: essai
introduction: Lancez `web` et `api`.
steps:
  - id: ping
    title: Ping
    instructions: Faites répondre api.
    solution:
      - docker run -d --name web alpine sleep 3600
      - docker run -d --name api alpine sleep 3600
    checks:
      - kind: essai_ping
        from: web
        to: api
        count: 2
"""


@pytest.fixture
def registered(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    registry.kinds()  # the shipped kinds first
    monkeypatch.setitem(registry._KINDS, NAME, KIND)  # removed again after the test
    register(KIND)
    yield


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "essai.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.usefixtures("registered")
def test_a_kind_defined_here_is_loaded_and_run(tmp_path: Path) -> None:
    exercise, problems = parse_exercise_file(write(tmp_path, EXERCISE))
    assert problems == [] and exercise is not None
    [spec] = exercise.steps[0].checks
    assert spec.kind == NAME and spec.line == 14
    assert spec.params == PingParams(from_="web", to="api", count=2)
    assert exercise_refs(exercise).containers == {"web", "api"}

    state = snap(net("app"), ctr("web", networks={"app": "10.0.0.2"}),
                 ctr("api", networks={"app": "10.0.0.3"}))
    [request] = needed_probes(exercise.steps[0], state)
    assert request == ProbeRequest(ProbeKind.PING, "web", "api")
    answered = evaluate_checks(exercise.steps[0], state, {request: ProbeResult(request, True)})
    assert answered.status is Status.PASS
    assert answered.checks[0].message == "« web » reçoit 2 réponse(s) de « api »."
    silent = evaluate_checks(exercise.steps[0], state, {request: ProbeResult(request, False)})
    assert silent.status is Status.FAIL
    assert "Essayez : docker exec web ping -c2 api" in silent.checks[0].message


@pytest.mark.usefixtures("registered")
def test_a_kind_defined_here_is_validated_with_positions(tmp_path: Path) -> None:
    text = EXERCISE.replace("to: api", "too: api").replace("count: 2", "count: 0")
    _, problems = parse_exercise_file(write(tmp_path, text))
    assert [f"{p.line}:{p.column}: {p.message}" for p in problems] == [
        "16:9: clé inconnue « too » : vouliez-vous dire « to » ?",
        "17:16: « count » doit valoir au moins 1 (trouvé : 0) (étape « ping », "
        "vérification essai_ping)",
    ]
    same = EXERCISE.replace("to: api", "to: web")
    _, problems = parse_exercise_file(write(tmp_path, same))
    assert [f"{p.line}:{p.column}: {p.message}" for p in problems] == [
        "14:9: vérification essai_ping : « from » et « to » doivent différer (étape « ping »)"]


def test_a_params_class_must_match_the_fields() -> None:
    @dataclass(frozen=True)
    class Wrong:
        from_: str
        to: str = ""  # required field declared with a default

    with pytest.raises(TypeError, match="to must be declared without a default"):
        register(CheckKind(name="essai_faux", summary="", params=Wrong, fields=KIND.fields[:2],
                           evaluate=lambda p, s, r, a: passed("essai_faux", "")))
    assert registry.get_kind("essai_faux") is None


def test_every_shipped_kind_documents_its_parameters() -> None:
    shipped = registry.kinds()
    assert {"network", "container", "reaches", "answer", "published"} <= set(shipped)
    for kind in shipped.values():
        assert kind.summary, kind.name
        assert all(f.doc for f in kind.fields), (kind.name, [f.name for f in kind.fields
                                                             if not f.doc])
