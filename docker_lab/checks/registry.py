"""The registry of check kinds: what an exercise's ``checks:`` entries may say.

A check kind is one concept (``network``, ``container``, ``reaches`` …) with:

- ``fields``: its parameters, declared with :mod:`docker_lab.spec.schema`
  (validated when the exercise file is loaded, with ``path:line:column`` problems);
- ``params``: a frozen dataclass with one attribute per field (``from`` becomes
  ``from_``), built once from the validated mapping by :meth:`CheckKind.parse`;
- ``validate(p)``: extra rules between parameters (French phrases);
- ``references(p)``: the containers, networks and volumes it names
  (used to flag names the exercise never mentions, to filter engine events,
  and by reset);
- ``probes(p, snapshot)``: the probes it needs (name resolution, TCP, ping
  from inside a container; TCP from the host to ``127.0.0.1`` with source
  :data:`HOST_SOURCE`);
- ``evaluate(p, snapshot, probes, answer)``: a *pure* function returning a
  :class:`~docker_lab.checks.model.CheckResult` with a French message.

A new kind is one module in :mod:`docker_lab.checks.kinds` (its params dataclass,
its fields, its functions, one :func:`register` call) plus its import in that
package. Kinds register themselves when :mod:`docker_lab.checks.kinds` is
imported; :func:`get_kind` and :func:`kinds` import it on first use.
"""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from docker_lab.checks.model import CheckResult
from docker_lab.checks.parsing import build_params, check_params_class
from docker_lab.checks.refs import Refs
from docker_lab.engine.models import ProbeRequest, ProbeResult, Snapshot
from docker_lab.spec.schema import Field

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

P = TypeVar("P", bound="DataclassInstance")
ProbeResults = Mapping[ProbeRequest, ProbeResult]

#: ``ProbeRequest.source`` of a probe run from the host (TCP to 127.0.0.1 only).
HOST_SOURCE = "@hôte"


def _no_probes(params: object, snapshot: Snapshot) -> list[ProbeRequest]:
    return []


def _no_rules(params: object) -> list[str]:
    return []


def _no_refs(params: object) -> Refs:
    return Refs()


@dataclass(frozen=True)
class CheckKind(Generic[P]):
    """One kind of check (see the module docstring); ``P`` is its parameters' class."""

    name: str
    summary: str
    params: type[P]
    fields: tuple[Field, ...]
    evaluate: Callable[[P, Snapshot, ProbeResults, str | None], CheckResult]
    probes: Callable[[P, Snapshot], list[ProbeRequest]] = _no_probes
    references: Callable[[P], Refs] = _no_refs
    validate: Callable[[P], list[str]] = _no_rules
    uses_answer: bool = False

    def parse(self, raw: Mapping[str, object]) -> P:
        """Build the parameters from a mapping that passed the fields' validation.

        Raises:
            TypeError: a required parameter is missing (the mapping was not validated).
        """
        return build_params(self.params, self.fields, raw)

    def bind(self, raw: Mapping[str, object]) -> BoundCheck[P]:
        """This kind with its parameters parsed from a validated mapping."""
        return BoundCheck(self, self.parse(raw))

    def best_effort_references(self, raw: Mapping[str, object]) -> Refs:
        """The names a mapping that may not be valid refers to (for validation messages).

        Values of the wrong type are kept as written and missing required ones are
        ``None``; ``Refs()`` when even that cannot be read.
        """
        try:
            return self.references(build_params(self.params, self.fields, raw, lenient=True))
        except (TypeError, ValueError, AttributeError, KeyError):
            return Refs()


@dataclass(frozen=True)
class BoundCheck(Generic[P]):
    """A kind with its parsed parameters: one check of an exercise, ready to run."""

    definition: CheckKind[P] = field(repr=False)  # its parameters' class names it
    params: P

    @property
    def kind(self) -> str:
        """The kind's name (``network``, ``reaches`` …)."""
        return self.definition.name

    @property
    def uses_answer(self) -> bool:
        """Whether the check compares a value the student types."""
        return self.definition.uses_answer

    def probes(self, snapshot: Snapshot) -> list[ProbeRequest]:
        """The probes the check needs in this state."""
        return self.definition.probes(self.params, snapshot)

    def evaluate(self, snapshot: Snapshot, probes: ProbeResults, answer: str | None
                 ) -> CheckResult:
        """The verdict in this state, with these probe results and this answer (pure)."""
        return self.definition.evaluate(self.params, snapshot, probes, answer)

    def references(self) -> Refs:
        """The containers, networks and volumes the check names."""
        return self.definition.references(self.params)

    def rules(self) -> list[str]:
        """What breaks the kind's rules between parameters (French phrases)."""
        return self.definition.validate(self.params)


class Check(Protocol):
    """A check ready to run, whatever its kind (what a course's ``CheckSpec`` holds)."""

    @property
    def kind(self) -> str:
        """The kind's name."""

    @property
    def params(self) -> object:
        """The parsed parameters (a frozen dataclass of the kind)."""

    @property
    def uses_answer(self) -> bool:
        """Whether the check compares a value the student types."""

    def probes(self, snapshot: Snapshot) -> list[ProbeRequest]:
        """The probes the check needs in this state."""

    def evaluate(self, snapshot: Snapshot, probes: ProbeResults, answer: str | None
                 ) -> CheckResult:
        """The verdict (pure)."""

    def references(self) -> Refs:
        """The containers, networks and volumes the check names."""


# Kinds differ in their parameters' class: the registry holds any of them.
_KINDS: dict[str, CheckKind[Any]] = {}


def register(kind: CheckKind[P]) -> CheckKind[P]:
    """Add a kind to the registry (called by the kind modules at import).

    Raises:
        TypeError: the params class does not match the fields (one attribute per
            field, required fields without a default, optional ones with one).
    """
    check_params_class(kind.name, kind.params, kind.fields)
    _KINDS[kind.name] = kind
    return kind


def _load() -> None:
    importlib.import_module("docker_lab.checks.kinds")


def kinds() -> dict[str, CheckKind[Any]]:
    """Return every registered kind by name."""
    _load()
    return dict(_KINDS)


def get_kind(name: str) -> CheckKind[Any] | None:
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
