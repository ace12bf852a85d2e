"""Generated exercises whose checks, setup blocks or files have parameters of wrong shapes.

Every field of every registered check kind gets values of wrong types (and,
for a mapping or list field, nested values of wrong types); every field of a
setup network, volume or container too, and ``files:`` gets the shapes
instructors get wrong. The exercise is small (one step creating ``app-net``)
and written in block style, one parameter a line, so that the line of the
broken parameter is known.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from tests.unit.hostile_cases import WRONG, Case, loaded

HEAD = """\
format_version: 1
id: exo
title: Un exercice
lesson: lecon
introduction: |
  Créez le réseau app-net et le container web.
"""

STEP = """\
steps:
  - id: reseau
    title: Le réseau
    instructions: |
      Créez le réseau **app-net** et le container **web** (volume donnees).
    solution:
      - docker network create app-net
      - docker run -d --name web --network app-net -v donnees:/d nginx
    checks:
      - kind: network
        name: app-net
"""

#: A value of the right type for each Python type, written as YAML.
SOUND = {str: "app-net", int: "80", float: "1.5", bool: "true", list: "[app-net]",
         dict: "{app-net: x}"}

#: Wrong values inside a list or a mapping parameter.
NESTED: tuple[tuple[str, str], ...] = (
    ("elements-nuls", "[null, 1]"), ("elements-dicts", "[{a: 1}]"),
    ("elements-listes", "[[a]]"), ("elements-dates", "[2024-01-01]"),
    ("valeurs-listes", "{a: [1]}"), ("valeurs-dicts", "{a: {b: c}}"),
    ("valeurs-nulles", "{a: null}"), ("cles-entiers", "{1: 2}"), ("cles-nulles", "{null: a}"),
    ("valeurs-dates", "{a: 2024-01-01}"), ("valeurs-vides", "{a: ''}"),
    ("cles-melangees", "{null: a, 1: b, c: d}"), ("profond", "{a: {b: [1, {c: null}]}, 1: [x]}"),
    ("services", "{web: {ports: [x], aliases: {a: 5}, volumes: {a: 5}, networks: 5}}"),
    ("elements-melanges", "[null, 1, a, [b], {c: d}]"),
)


def _sound(types: Any) -> str:
    first = types[0] if isinstance(types, tuple) else types
    return SOUND.get(first, "app-net")


def _accepts(types: Any, required: bool, value: Any) -> bool | None:
    """Whether a value has an accepted type (``None``: the type fits, the rules decide)."""
    kinds = types if isinstance(types, tuple) else (types,)
    if value is None:
        return None if not required else False
    if isinstance(value, bool):
        return None if bool in kinds else False
    if isinstance(value, int) and float in kinds:
        return None
    if not any(type(value) is kind for kind in kinds):
        return False
    return None


def _check_block(kind: str, params: list[tuple[str, str]]) -> str:
    lines = [f"      - kind: {kind}"] + [f"        {key}: {value}" for key, value in params]
    return "\n".join(lines) + "\n"


def _exercise(extra_checks: str = "", setup: str = "", files: str = "") -> str:
    return HEAD + setup + files + STEP + extra_checks


Render = Callable[[str, list[tuple[str, str]]], str]


def _field_cases(prefix: str, groups: list[tuple[str, tuple[Any, ...]]], per_field: int,
                 render: Render) -> Iterator[Case]:
    """Each field of each group given ``per_field`` wrong values (and as many nested ones).

    ``render(group, params)`` writes the exercise with the group's parameters, the
    broken one last, on the last line of the group's block.
    """
    n = 0
    for group, fields in groups:
        required = [(f.name, _sound(f.types)) for f in fields if f.required]
        for spec in fields:
            tries = [WRONG[(n * per_field + k) % len(WRONG)] for k in range(per_field)]
            if list in _tuple(spec.types) or dict in _tuple(spec.types):
                tries += [NESTED[(n * per_field + k) % len(NESTED)] for k in range(per_field)]
            n += 1
            for label, snippet in tries:
                params = [(k, v) for k, v in required if k != spec.name] + [(spec.name, snippet)]
                text = render(group, params)
                line = text.count("\n", 0, text.rindex(f"{spec.name}: {snippet}")) + 1
                refused = _accepts(spec.types, spec.required, loaded(snippet)) is False
                yield Case(f"{prefix}-{group}-{spec.name}-{label}", "exercises/exo.yaml", text,
                           (1,) if refused else (0, 1), line if refused else None)


def _tuple(types: Any) -> tuple[type, ...]:
    return types if isinstance(types, tuple) else (types,)


def check_cases() -> Iterator[Case]:
    """Each parameter of each check kind given wrong values, one at a time."""
    from docker_lab.checks.registry import kinds

    groups = [(name, kind.fields) for name, kind in sorted(kinds().items())]
    yield from _field_cases("verif", groups, 3, lambda name, params: _exercise(
        _check_block(name, params)))


def setup_cases() -> Iterator[Case]:
    """Each field of a setup network, volume and container given wrong values."""
    from docker_lab.course.exercises import SETUP_ITEM_SCHEMAS

    def render(section: str, params: list[tuple[str, str]]) -> str:
        return _exercise(setup=f"setup:\n  {section}:\n" + "".join(
            f"    {'-' if i == 0 else ' '} {k}: {v}\n" for i, (k, v) in enumerate(params)))

    groups = [(section, schema.fields) for section, schema in SETUP_ITEM_SCHEMAS.items()]
    yield from _field_cases("setup", groups, 2, render)


#: ``files:`` values and whether they are refused.
FILES: tuple[tuple[str, str, bool], ...] = (
    ("texte", "fichier.txt", True), ("liste", "[a, b]", True), ("entier", "5", True),
    ("contenu-entier", "{a.txt: 5}", True), ("contenu-liste", "{a.txt: [x]}", True),
    ("contenu-dict", "{a.txt: {b: c}}", True), ("contenu-nul", "{a.txt: null}", True),
    ("remonte", "{../x: a}", True), ("absolu", "{/etc/x: a}", True), ("nom-vide", "{'': a}", True),
    ("nom-point", "{.: a}", True), ("nom-dossier", "{a/: b}", False),
    ("nom-entier", "{1: a}", True),
    ("nom-nul", "{null: a}", True), ("nom-date", "{2024-01-01: a}", True),
    ("nom-espace", "{' ': a}", True), ("dossier-et-fichier", "{a: x, a/b: y}", True),
    ("nom-tres-long", "{" + "a" * 5000 + ": x}", True), ("vide", "{}", True),
)


def files_cases() -> Iterator[Case]:
    """``files:`` of every shape instructors get wrong."""
    for label, snippet, refused in FILES:
        text = _exercise(files=f"files: {snippet}\n")
        line = HEAD.count("\n") + 1
        yield Case(f"files-{label}", "exercises/exo.yaml", text,
                   (1,) if refused else (0, 1), line if refused else None)


def all_exercise_cases() -> list[Case]:
    """Every generated check, setup and files case."""
    return [*check_cases(), *setup_cases(), *files_cases()]
