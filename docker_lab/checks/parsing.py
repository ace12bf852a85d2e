"""Building a check kind's typed parameters from its validated YAML mapping (pure).

Each kind declares a frozen dataclass with one attribute per :class:`~docker_lab.spec.
schema.Field`: the same name (``from_`` for ``from``, a Python keyword), no default
for a required field, a default for an optional one (``None``, ``False``, ``()``…).
:func:`build_params` fills it: an absent or ``null`` value keeps the default, a list
becomes a tuple, a mapping a ``dict``, and an attribute declared with
``field(metadata=parsed_by(fn))`` gets ``fn(value)`` (ports into
:class:`~docker_lab.checks.params.PortSpec`, mappings of texts …).

Example::

    @dataclass(frozen=True)
    class PublishedParams:
        container: str
        port: int
        host_port: int | None = None
"""

from __future__ import annotations

import dataclasses
import keyword
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from docker_lab.spec.schema import Field, is_instance

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

P = TypeVar("P", bound="DataclassInstance")
Parser = Callable[[object], object]

_PARSE = "docker_lab.parse"


def attribute(key: str) -> str:
    """The params attribute of a YAML key: the key itself, ``from_`` for ``from``."""
    return f"{key}_" if keyword.iskeyword(key) else key


def parsed_by(parse: Parser) -> dict[str, Parser]:
    """``field(metadata=…)`` for an attribute whose YAML value ``parse`` converts."""
    return {_PARSE: parse}


def _plain(value: object) -> object:
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, dict):
        return dict(value)
    return value


def _usable(value: object, spec: Field) -> bool:
    if not is_instance(value, spec.types):
        return False
    items = spec.items
    return items is None or not isinstance(value, list) or all(is_instance(i, items)
                                                                for i in value)


def build_params(cls: type[P], fields: tuple[Field, ...], raw: Mapping[str, object],
                 *, lenient: bool = False) -> P:
    """Build ``cls`` from a mapping that passed the fields' validation.

    Args:
        cls: the kind's params dataclass.
        fields: the kind's fields.
        raw: the check's mapping (``kind`` and unknown keys are ignored).
        lenient: for a mapping that may be invalid (validation messages only): values
            of the wrong type are kept as written and a missing required one is ``None``.

    Raises:
        TypeError: a required parameter is missing (and not ``lenient``).
    """
    parsers = {f.name: f.metadata.get(_PARSE) for f in dataclasses.fields(cls)}
    values: dict[str, object] = {}
    for spec in fields:
        name = attribute(spec.name)
        value = raw.get(spec.name)
        if value is None:
            if lenient and spec.required:
                values[name] = None
            continue
        if lenient and not _usable(value, spec):
            values[name] = value  # as written, as the old raw-mapping reading saw it
            continue
        parse = parsers.get(name)
        values[name] = parse(value) if parse is not None else _plain(value)
    return cast("Callable[..., P]", cls)(**values)


def check_params_class(kind: str, cls: type[object], fields: tuple[Field, ...]) -> None:
    """Raise ``TypeError`` unless ``cls`` is a frozen dataclass matching ``fields``.

    One attribute per field (and no other), without a default exactly when the
    field is required.
    """
    settings: Any = cls.__dict__.get("__dataclass_params__")
    if not dataclasses.is_dataclass(cls) or settings is None or not settings.frozen:
        raise TypeError(f"check kind {kind}: params must be a frozen dataclass")
    attributes = {f.name: f for f in dataclasses.fields(cls)}
    declared = {attribute(f.name): f for f in fields}
    if set(attributes) != set(declared):
        raise TypeError(f"check kind {kind}: params attributes {sorted(attributes)} "
                        f"do not match fields {sorted(declared)}")
    for name, spec in declared.items():
        found = attributes[name]
        has_default = (found.default is not dataclasses.MISSING
                       or found.default_factory is not dataclasses.MISSING)
        if has_default == spec.required:
            what = "without" if spec.required else "with"
            raise TypeError(f"check kind {kind}: {name} must be declared {what} a default")


def nullable_texts(value: object) -> dict[str, str | None]:
    """A validated mapping of texts (``null`` kept: « set, any value »)."""
    items = value.items() if isinstance(value, dict) else ()
    return {str(k): None if v is None else str(v) for k, v in items}


def texts(value: object) -> dict[str, str]:
    """A validated mapping of texts without ``null``."""
    return {k: v for k, v in nullable_texts(value).items() if v is not None}
