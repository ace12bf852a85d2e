"""The registry of check kinds: what an exercise's ``checks:`` entries may say.

A check kind is one concept (``network``, ``container``, ``reaches`` …) with:

- ``fields``: its parameters, declared with :mod:`docker_lab.spec.schema`
  (validated when the exercise file is loaded, with ``path:line:column`` problems);
- ``validate(params)``: extra rules between parameters (French phrases);
- ``references(params)``: the containers, networks and volumes it names
  (used to flag names the exercise never mentions, to filter engine events,
  and by reset);
- ``probes(params, snapshot)``: the probes it needs (name resolution, TCP, ping
  from inside a container; TCP from the host to ``127.0.0.1`` with source
  :data:`HOST_SOURCE`);
- ``evaluate(params, snapshot, probes, answer)``: a *pure* function returning a
  :class:`~docker_lab.checks.model.CheckResult` with a French message.

Kinds register themselves when :mod:`docker_lab.checks.kinds` is imported;
:func:`get_kind` and :func:`kinds` import it on first use.
"""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from docker_lab.checks.model import CheckResult
from docker_lab.checks.refs import Refs
from docker_lab.engine.models import ProbeRequest, ProbeResult, Snapshot
from docker_lab.spec.schema import Field

Params = Mapping[str, Any]
ProbeResults = Mapping[ProbeRequest, ProbeResult]

#: ``ProbeRequest.source`` of a probe run from the host (TCP to 127.0.0.1 only).
HOST_SOURCE = "@hôte"


def _no_probes(params: Params, snapshot: Snapshot) -> list[ProbeRequest]:
    return []


def _no_rules(params: Params) -> list[str]:
    return []


def _no_refs(params: Params) -> Refs:
    return Refs()


@dataclass(frozen=True)
class CheckKind:
    """One kind of check (see the module docstring)."""

    name: str
    summary: str
    fields: tuple[Field, ...]
    evaluate: Callable[[Params, Snapshot, ProbeResults, str | None], CheckResult]
    probes: Callable[[Params, Snapshot], list[ProbeRequest]] = _no_probes
    references: Callable[[Params], Refs] = _no_refs
    validate: Callable[[Params], list[str]] = _no_rules
    uses_answer: bool = False


_KINDS: dict[str, CheckKind] = {}


def register(kind: CheckKind) -> CheckKind:
    """Add a kind to the registry (called by the kind modules at import)."""
    _KINDS[kind.name] = kind
    return kind


def _load() -> None:
    importlib.import_module("docker_lab.checks.kinds")


def kinds() -> dict[str, CheckKind]:
    """Return every registered kind by name."""
    _load()
    return dict(_KINDS)


def get_kind(name: str) -> CheckKind | None:
    """Return the kind called ``name``, or ``None``."""
    _load()
    return _KINDS.get(name)


def unknown_kind_message(name: object) -> str:
    """French message for an unknown kind, with the closest known one."""
    known = sorted(kinds())
    close = difflib.get_close_matches(str(name), known, n=1, cutoff=0.5)
    if close:
        return f"type de vérification inconnu « {name} » : vouliez-vous dire « {close[0]} » ?"
    return f"type de vérification inconnu « {name} » (types permis : {', '.join(known)})"
