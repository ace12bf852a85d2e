"""A tiny declarative schema for YAML mappings, reporting every problem at once.

Declare the fields of one mapping, then check a :class:`~docker_lab.spec.yamlpos.YamlDoc`
at a key path. Every problem is returned (never raised), placed at the right line:

- unknown keys, with a suggestion (« vouliez-vous dire « title » ? »);
- missing required fields (placed at the mapping);
- wrong types (« « order » doit être un entier, trouvé : texte »), ``bool`` is
  never accepted as an ``int``; an ``int`` is accepted where a ``float`` is;
- empty strings (blank) and empty lists or mappings unless ``allow_empty``;
- list items of the wrong type (``items=``);
- a field's own ``validator`` (called only when the type is right), which
  returns ``None`` or the end of a French sentence about the field.

A ``None`` value (``key:`` with nothing after it) counts as absent for an optional
field and as empty for a required one.

Example::

    SLIDE = Schema((
        Field("title", str, required=True),
        Field("body", str, required=True),
        Field("notes", str, allow_empty=True),
    ))
    LESSON = Schema((
        Field("id", str, required=True, validator=matches(r"[a-z0-9-]+", "...")),
        Field("order", int, required=True, validator=at_least(1)),
        Field("exercises", list, items=str, allow_empty=True),
        Field("slides", list, required=True, items=dict),
    ))
    problems = LESSON.check(doc)                       # the root mapping
    problems += SLIDE.check(doc, ("slides", 0), context="diapo 1")
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

from docker_lab.spec.problems import Problem, shown
from docker_lab.spec.yamlpos import YamlDoc

Types = type | tuple[type, ...]
Validator = Callable[[Any], "str | None"]

_TYPE_NAMES: dict[type, tuple[str, str]] = {
    # type: (with an article, alone)
    str: ("un texte", "texte"),
    bool: ("un booléen (true ou false)", "booléen"),
    int: ("un entier", "entier"),
    float: ("un nombre", "nombre"),
    list: ("une liste", "liste"),
    dict: ("un dictionnaire (clé: valeur)", "dictionnaire"),
    type(None): ("vide", "vide"),
    _dt.datetime: ("une date et heure", "date et heure"),
    _dt.date: ("une date", "date"),
    bytes: ("des données binaires", "données binaires"),
}


def type_name(value: Any) -> str:
    """Return the French name of a YAML value's type (``texte``, ``entier``, ``liste`` …)."""
    for kind, (_, name) in _TYPE_NAMES.items():
        if type(value) is kind:
            return name
    for kind, (_, name) in _TYPE_NAMES.items():
        if isinstance(value, kind):
            return name
    return type(value).__name__


def expected_name(types: Types) -> str:
    """Return the French, article-bearing name of expected types (``un entier ou une liste``)."""
    kinds = types if isinstance(types, tuple) else (types,)
    return " ou ".join(_TYPE_NAMES.get(k, (k.__name__, ""))[0] for k in kinds)


def is_instance(value: Any, types: Types) -> bool:
    """``isinstance`` with YAML sense: a bool is not an int, an int is a float."""
    kinds = types if isinstance(types, tuple) else (types,)
    if isinstance(value, bool):
        return bool in kinds
    if isinstance(value, int) and float in kinds:
        return True
    if type(value) is _dt.datetime and _dt.date in kinds and _dt.datetime not in kinds:
        return False
    return isinstance(value, kinds)


def is_blank(value: Any) -> bool:
    """Return whether a value is an empty/blank string or an empty list or mapping."""
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, list | dict) and not value


@dataclass(frozen=True)
class Field:
    """One field of a mapping.

    Attributes:
        name: the key.
        types: accepted Python type(s): ``str``, ``int``, ``float``, ``bool``, ``list``, ``dict``.
        required: whether the key must be there (and not null).
        allow_empty: whether a blank string / empty list / empty mapping is fine.
        items: for a list, the accepted type(s) of its items.
        validator: called with the value when its type is right; returns ``None``
            or a French phrase completing « « name » … », e.g. ``"doit être positif"``.
        doc: a short French description (type, format, meaning), for documentation.
    """

    name: str
    types: Types
    required: bool = False
    allow_empty: bool = False
    items: Types | None = None
    validator: Validator | None = None
    doc: str = ""


@dataclass(frozen=True)
class Schema:
    """The fields of one mapping, checked all at once."""

    fields: tuple[Field, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """The declared keys, in order."""
        return tuple(f.name for f in self.fields)

    def check(self, doc: YamlDoc, path: Sequence[Any] = (), *, context: str = "") -> list[Problem]:
        """Check the mapping at ``path`` in ``doc`` and return every problem.

        Args:
            doc: the parsed document.
            path: key path of the mapping (``()`` for the root).
            context: a few words naming the mapping (« diapo 3 »), added to messages
                placed at the mapping itself, e.g. missing fields.
        """
        path = tuple(path)
        value = doc.get(*path)
        suffix = f" ({context})" if context else ""
        if not isinstance(value, dict):
            what = context or "le document"
            found = type_name(value)
            return [doc.problem(path, f"{what} doit être un dictionnaire (clé: valeur), "
                                      f"trouvé : {found}")]
        problems: list[Problem] = []
        missing = {f.name for f in self.fields if f.required and f.name not in value}
        misspelt: set[str] = set()  # a typo is one problem, not also a missing field
        for key in value:
            if key not in self.names:
                close = suggestion(key, missing) or suggestion(key, self.names)
                misspelt.update({close} & missing if close else set())
                problems.append(doc.problem((*path, key), unknown_key_message(key, self.names),
                                            at_key=True))
        for spec in self.fields:
            if spec.name not in value or (value[spec.name] is None and not spec.required):
                if spec.required and spec.name not in misspelt:
                    problems.append(doc.problem(
                        path, f"champ obligatoire « {spec.name} » manquant{suffix}"))
                continue
            problems.extend(check_value(doc, (*path, spec.name), spec, context=context))
        return problems


def check_value(
    doc: YamlDoc, path: tuple[Any, ...], spec: Field, *, context: str = ""
) -> list[Problem]:
    """Check one present value against its field; used by :meth:`Schema.check`.

    Args:
        doc: the parsed document.
        path: key path of the value.
        spec: its field.
        context: words naming the enclosing mapping, appended in parentheses.
    """
    value = doc.get(*path)
    name = spec.name
    suffix = f" ({context})" if context else ""
    blank = is_blank(value) and not spec.allow_empty and is_instance(value, spec.types)
    if value is None or blank:
        return [doc.problem(path, f"« {name} » est vide{suffix}")]
    if not is_instance(value, spec.types):
        quote = ""
        if is_instance("", spec.types) and isinstance(value, int | float | _dt.date):
            quote = " (entourez la valeur de guillemets pour en faire un texte)"
        return [doc.problem(path, f"« {name} » doit être {expected_name(spec.types)}, "
                                  f"trouvé : {type_name(value)}{quote}{suffix}")]
    problems: list[Problem] = []
    if spec.items is not None and isinstance(value, list):
        for index, item in enumerate(value):
            if not is_instance(item, spec.items):
                problems.append(doc.problem(
                    (*path, index),
                    f"« {name} » : l'élément {index + 1} doit être {expected_name(spec.items)}, "
                    f"trouvé : {type_name(item)}{suffix}",
                ))
    if spec.validator is not None and not problems:
        try:
            complaint = spec.validator(value)
        except Exception:  # a validator's bug must not hide the file's other problems
            complaint = ("n'a pas pu être vérifié : erreur interne de docker-lab sur cette "
                         "valeur (merci de signaler ce fichier) ; vérifiez sa forme")
        if complaint:
            problems.append(doc.problem(path, f"« {name} » {complaint}{suffix}"))
    return problems


def suggestion(word: Any, known: Collection[str]) -> str | None:
    """Return the known word closest to ``word`` (difflib), or ``None``."""
    close = difflib.get_close_matches(str(word), list(known), n=1, cutoff=0.6)
    return close[0] if close else None


def unknown_key_message(key: Any, known: Collection[str]) -> str:
    """Return « clé inconnue « titel » : vouliez-vous dire « title » ? » or the allowed keys."""
    close = suggestion(key, known)
    if close:
        return f"clé inconnue « {shown(key)} » : vouliez-vous dire « {close} » ?"
    return f"clé inconnue « {shown(key)} » (clés permises : {', '.join(known)})"


def matches(pattern: str, description: str) -> Validator:
    """Validator: the whole string matches ``pattern``; else « doit <description> ».

    Example: ``matches(r"[a-z0-9-]+", "ne contenir que des minuscules, chiffres et tirets")``.
    """
    regex = re.compile(pattern)

    def validate(value: Any) -> str | None:
        if isinstance(value, str) and regex.fullmatch(value):
            return None
        return f"doit {description} (trouvé : « {shown(value)} »)"

    return validate


def one_of(choices: Collection[Any]) -> Validator:
    """Validator: the value is one of ``choices`` (with a suggestion for near misses)."""

    def validate(value: Any) -> str | None:
        if value in choices:
            return None
        listed = ", ".join(f"« {c} »" for c in choices)
        close = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1)
        hint = f" : vouliez-vous dire « {close[0]} » ?" if close else ""
        return f"vaut « {shown(value)} », valeurs permises : {listed}{hint}"

    return validate


def at_least(minimum: int) -> Validator:
    """Validator: a number ``>= minimum``."""

    def validate(value: Any) -> str | None:
        if value >= minimum:
            return None
        return f"doit valoir au moins {minimum} (trouvé : {shown(value)})"

    return validate

