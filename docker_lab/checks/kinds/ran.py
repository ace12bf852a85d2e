"""Check kind ``ran``: a diagnostic command was run in the console since the step began.

Example::

    - kind: ran
      command: docker network inspect app-network   # or a list: any of them will do
      outcome: success                              # success (default) | failure | any

For the steps whose work leaves nothing in the engine's state (inspect, nslookup,
ping): the step asks for the command itself. The commands come from the app's console
(its shell integration) through a host probe the lab answers from its command log
(:mod:`docker_lab.lab.commands`); ``docker-lab solve`` records the solution's commands
there too. Matching is tolerant (:mod:`docker_lab.checks.cmdline`): options anywhere,
``sudo`` and ``-it`` ignored; write options without their value when any will do
(``docker exec backend ping -c database``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from docker_lab.checks.base import errored, failed, passed
from docker_lab.checks.cmdline import Miss, matches, near_miss, simple_commands
from docker_lab.checks.model import CheckResult
from docker_lab.checks.parsing import parsed_by
from docker_lab.checks.registry import HOST_SOURCE, CheckKind, ProbeResults, register
from docker_lab.engine.models import ProbeKind, ProbeRequest, Snapshot
from docker_lab.spec.schema import Field, one_of

KIND = "ran"
OUTCOMES = ("success", "failure", "any")
REQUEST = ProbeRequest(ProbeKind.COMMANDS, HOST_SOURCE, "console")
CONSOLE_ONLY = ("Seules les commandes tapées dans la console de docker-lab comptent "
                "(F6/c pour y aller).")


def _texts(value: object) -> tuple[str, ...]:
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value)
    return (str(value),)


@dataclass(frozen=True)
class RanParams:
    """Parameters of ``ran``."""

    command: tuple[str, ...] = field(metadata=parsed_by(_texts))
    outcome: str = "success"


def probes(params: RanParams, snapshot: Snapshot) -> list[ProbeRequest]:
    """The commands run since the step became current."""
    return [REQUEST]


def _outcome_ok(params: RanParams, status: int | None) -> bool:
    if params.outcome == "any":
        return True
    return (status == 0) == (params.outcome == "success")


def evaluate(params: RanParams, snapshot: Snapshot, probes: ProbeResults,
             answer: str | None) -> CheckResult:
    """Pass when a command run since the step began matches, with the outcome asked."""
    wanted = params.command[0]
    expected = f"« {wanted} » lancée dans la console"
    result = probes.get(REQUEST)
    if result is None or result.error:
        why = result.detail if result is not None else "pas de journal"
        return errored(KIND, f"Impossible de savoir quelles commandes ont été lancées ({why}).",
                       expected)
    try:
        commands = [(str(c["command"]), c.get("status")) for c in json.loads(result.detail)]
    except (ValueError, TypeError, KeyError, AttributeError):
        return errored(KIND, "Journal des commandes illisible.", expected)
    seen = [(line, status) for line, status in commands
            if any(matches(model, line) for model in params.command)]
    good = [(line, status) for line, status in seen if _outcome_ok(params, status)]
    if good:
        line, status = good[-1]
        return passed(KIND, f"Commande lancée : « {line} » (code {status}).", expected, line)
    if seen:
        line, status = seen[-1]
        if params.outcome == "failure":
            return failed(KIND, f"Votre commande « {line} » a réussi alors qu'elle devrait "
                          "échouer : ce que l'étape demande n'est pas encore en place. Corrigez, "
                          "puis relancez-la.", expected=expected, actual=f"code {status}")
        return failed(KIND, f"Votre commande « {line} » a échoué (code {status}) : lisez son "
                      "message dans la console, corrigez, puis relancez-la.",
                      expected=expected, actual=f"code {status}")
    missed = last_miss(params.command, [line for line, _ in commands])
    if missed is not None:
        model, miss = missed
        return failed(KIND, miss_sentence(miss), model, expected=expected, actual=miss.line)
    others = "" if len(params.command) == 1 else " (ou : " + " ; ".join(params.command[1:]) + ")"
    return failed(KIND, f"Cette étape se vérifie en lançant la commande vous-même{others}. "
                  f"{CONSOLE_ONLY}", wanted, expected=expected, actual="pas encore lancée")


def last_miss(models: tuple[str, ...], lines: list[str]) -> tuple[str, Miss] | None:
    """The latest line that misses a model by one word or option, with that model.

    For one line, a missing option is preferred to a word typed instead, and that to a
    missing word: ``ping database`` misses the ``-c`` of ``ping -c database`` rather than
    the ``nslookup`` of ``nslookup database``.
    """
    for line in reversed(lines):
        found = [(m, miss) for m in models if (miss := near_miss(m, line)) is not None]
        if found:
            return min(found, key=lambda pair: (not pair[1].wanted.startswith("-"),
                                                not pair[1].found))
    return None


def miss_sentence(miss: Miss) -> str:
    """Name what differs between the command typed and the one asked."""
    if miss.found:
        what = f"« {miss.found} » au lieu de « {miss.wanted} »"
    elif miss.wanted.startswith("-"):
        what = f"il y manque l'option {miss.wanted}"
    else:
        what = f"il y manque « {miss.wanted} »"
    return (f"Votre commande « {miss.line} » n'est pas tout à fait celle demandée : {what}. "
            f"Corrigez-la, puis relancez-la dans la console.")


def _rules(params: RanParams) -> list[str]:
    problems = []
    for model in params.command:
        commands = simple_commands(model)
        if len(commands) != 1:
            problems.append(f"« command: {model} » doit être une seule commande simple "
                            "(sans ; && | …)")
    return problems


register(CheckKind(
    name=KIND,
    summary="une commande de diagnostic (inspect, nslookup, ping -c…) a été lancée dans la "
            "console depuis le début de l'étape, avec l'issue attendue",
    params=RanParams,
    fields=(Field("command", (str, list), required=True, items=str,
                  doc="texte ou liste de textes : la commande attendue (une seule commande "
                      "simple ; une liste donne des variantes, n'importe laquelle convient). "
                      "Les options peuvent être dans un autre ordre ; écrivez-les sans valeur "
                      "quand toute valeur convient (ping -c)"),
            Field("outcome", str, validator=one_of(OUTCOMES),
                  doc="texte : success (par défaut, code de sortie 0), failure (elle doit "
                      "échouer, par ex. un ping qui prouve une isolation) ou any")),
    evaluate=evaluate, probes=probes, validate=_rules,
))
