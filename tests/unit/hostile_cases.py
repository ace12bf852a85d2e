"""The generated broken lessons and exercises: every shipped file, edited one way at a time.

Each :class:`Case` is one variant of one shipped file (or a folder of files) with
what ``docker-lab validate`` must answer: the exit statuses allowed, the line a
problem must be reported at, whether a position is due at all. Variants are made
by :mod:`tests.unit.hostile_yaml` and spread over the shipped files in turn
(variant *n* of a family edits file *n* modulo the number of files), so that
every file is used and the count stays a few hundred. No randomness.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tests.unit.hostile_yaml import (
    Edit,
    Spot,
    add_key,
    delete_key,
    duplicate_key,
    replace_value,
    spots,
    truncations,
)

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted((ROOT / "lessons").glob("*.yaml"))
EXERCISES = sorted((ROOT / "exercises").glob("*.yaml"))

#: A key that no schema knows nor resembles: its problem must be reported with any other.
STRANGER = "xylophone"

#: Values of every wrong type, as YAML text (label, text).
WRONG: tuple[tuple[str, str], ...] = (
    ("entier", "42"), ("nombre", "3.5"), ("liste", "[a, b]"), ("dict", "{a: 1}"),
    ("nul", "null"), ("oui", "yes"), ("texte", '"du texte"'), ("date", "2024-01-01"),
    ("exposant", "1e3"), ("enorme", '"' + "x" * 200_000 + '"'), ("vide", '""'),
    ("liste-vide", "[]"), ("negatif", "-1"), ("liste-de-listes", "[[1], [2]]"),
    ("heure", "2024-01-01 10:00:00"), ("vrai", "true"),
)

#: How many of the wrong values each key gets (taken in turn, so that all are used).
PER_KEY = 8

#: Tags, anchors and aliases, as the value of a key (label, text).
TAGGED: tuple[tuple[str, str], ...] = (
    ("python-objet", "!!python/object:os.system {}"), ("python-nom", "!!python/name:os.system"),
    ("binaire", "!!binary aGVsbG8="), ("ensemble", "!!set {a, b}"),
    ("horodatage", "!!timestamp 2024-01-01"), ("etiquette", "!perso valeur"),
    ("etiquette-liste", "!perso [a]"), ("int-illisible", "!!int abc"),
    ("float-illisible", "!!float abc"), ("date-impossible", "2024-13-45"),
    ("bool-illisible", "!!bool peut-etre"), ("omap", "!!omap [a: 1]"),
    ("pairs", "!!pairs [a: 1]"), ("null-texte", "!!null abc"), ("str-liste", "!!str [a]"),
    ("alias-inconnu", "*nulle-part"), ("alias-recursif", "&boucle [*boucle]"),
    ("ancre-et-alias", "&a [x, y]"), ("fusion-liste", "{<<: [1, 2]}"),
    ("imbrication-150", "[" * 150 + "]" * 150), ("imbrication-fermee-99", "[" * 99 + "]" * 99),
    ("cle-liste", "{[a]: 1}"), ("cle-dict", "{{a: 1}: 2}"), ("cle-nulle", "{null: 1}"),
    ("cle-entier", "{1: a}"), ("cle-date", "{2024-01-01: a}"),
)

#: Characters inserted in a text value (label, text); all are forbidden but the last.
INSERTED: tuple[tuple[str, str], ...] = (
    ("bel", "\x07"), ("ansi", "\x1b[31mrouge\x1b[0m"), ("retour-arriere", "\x08"),
    ("nul", "\x00"), ("del", "\x7f"), ("c1", "\x85\x9b"), ("substitut", "\ud800"),
    ("fffe", "\ufffe"), ("zwj", "\u200d"),
)

ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _list_of(kind: type, empty: bool = False) -> Callable[[Any], bool]:
    def check(value: Any) -> bool:
        return isinstance(value, list) and (empty or bool(value)) and all(
            isinstance(v, kind) and not isinstance(v, bool) for v in value)
    return check


def _optional(rule: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda value: value is None or rule(value)


def _ident(value: Any) -> bool:
    return isinstance(value, str) and bool(ID_RE.fullmatch(value))


#: What each key accepts (written from the README, not from the code), by key path pattern.
RULES: dict[tuple[str, ...], Callable[[Any], bool]] = {
    ("format_version",): lambda v: v == 1 and type(v) is int,
    ("id",): _ident,
    ("title",): _text,
    ("order",): lambda v: type(v) is int and v >= 0,
    ("exercises",): _optional(lambda v: isinstance(v, list) and all(_ident(x) for x in v)),
    ("slides",): lambda v: isinstance(v, list) and bool(v) and all(
        isinstance(x, dict) and _text(x.get("title")) and _text(x.get("body")) for x in v),
    ("slides", "*", "title"): _text,
    ("slides", "*", "body"): _text,
    ("slides", "*", "notes"): _optional(lambda v: isinstance(v, str)),
    ("lesson",): _ident,
    ("introduction",): _text,
    ("setup",): _optional(lambda v: isinstance(v, dict)),
    ("steps",): lambda v: False,  # a step needs id, title, instructions, solution, checks
    ("steps", "*", "id"): _ident,
    ("steps", "*", "title"): _text,
    ("steps", "*", "instructions"): _text,
    ("steps", "*", "hints"): _optional(_list_of(str, empty=True)),
    ("steps", "*", "solution"): _list_of(str),
    ("steps", "*", "checks"): lambda v: False,  # a check needs a kind
    ("steps", "*", "slides"): _optional(lambda v: isinstance(v, list) and bool(v) and all(
        type(x) is int for x in v)),
}


def rule_for(path: tuple[Any, ...]) -> Callable[[Any], bool] | None:
    """The rule of a key path (list indexes match ``"*"``), or ``None`` if not known."""
    return RULES.get(_shape(path))


def loaded(snippet: str) -> Any:
    """What ``yaml.safe_load`` reads for a value, or a marker when it cannot."""
    try:
        return yaml.safe_load("k: " + snippet)["k"]
    except yaml.YAMLError:
        return _UNREADABLE


_UNREADABLE = object()


@dataclass(frozen=True)
class Case:
    """One variant of a lesson or exercise file, validated alone.

    Attributes:
        name: the test id.
        relative: the file's path below the case's folder (``lessons/x.yaml`` …).
        content: the variant's text or bytes.
        codes: the exit statuses allowed.
        line: a problem must be reported at this line (``None``: anywhere).
        position: a ``path:line:column:`` must be printed when the status is 1.
        combine: a second, independent problem (an unknown key at the end) must be
            reported along with every problem of the variant.
        words: French words that must be printed.
    """

    name: str
    relative: str
    content: str | bytes
    codes: tuple[int, ...] = (1,)
    line: int | None = None
    position: bool = True
    combine: bool = True
    words: tuple[str, ...] = field(default=())


def _where(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def _spread(files: list[Path], count: int) -> Iterator[tuple[int, Path, str]]:
    """``(n, file, text)`` for n in 0..count-1, the files taken in turn."""
    texts = {path: path.read_text(encoding="utf-8") for path in files}
    for n in range(count):
        path = files[n % len(files)]
        yield n, path, texts[path]


def _pick(found: list[Spot], n: int) -> Spot:
    return found[n % len(found)]


def _value_cases(files: list[Path], patterns: list[tuple[str, ...]]) -> Iterator[Case]:
    """Each key pattern given a value of each wrong type, in the files in turn."""
    texts = {path: path.read_text(encoding="utf-8") for path in files}
    shaped = {path: [(_shape(s.path), s) for s in spots(text)] for path, text in texts.items()}
    n = 0
    for pattern in patterns:
        having = [path for path in files if any(shape == pattern for shape, _ in shaped[path])]
        for k in range(PER_KEY):
            label, snippet = WRONG[(len(patterns) * k + patterns.index(pattern)) % len(WRONG)]
            n += 1
            path = having[n % len(having)]
            text = texts[path]
            found = [s for shape, s in shaped[path] if shape == pattern]
            yield _value_case(path, text, _pick(found, n), pattern, label, snippet)


def _shape(path: tuple[Any, ...]) -> tuple[str, ...]:
    return tuple("*" if isinstance(part, int) else part for part in path)


def _value_case(path: Path, text: str, spot: Spot, pattern: tuple[str, ...], label: str,
                snippet: str) -> Case:
    edit = replace_value(text, spot, snippet)
    rule = rule_for(pattern)
    refused = rule is not None and not rule(loaded(snippet))
    return Case(f"{path.stem}-{'.'.join(pattern).replace('*', 'n')}-{label}", _where(path),
                edit.text, (1,) if refused else (0, 1), edit.line if refused else None)


def lesson_patterns() -> list[tuple[str, ...]]:
    """The key paths a lesson has."""
    return [("format_version",), ("id",), ("title",), ("order",), ("exercises",), ("slides",),
            ("slides", "*", "title"), ("slides", "*", "body"), ("slides", "*", "notes")]


def exercise_patterns() -> list[tuple[str, ...]]:
    """The key paths an exercise has (setup ones from the files that have a setup)."""
    return [("format_version",), ("id",), ("title",), ("lesson",), ("introduction",),
            ("steps",), ("steps", "*", "id"), ("steps", "*", "title"),
            ("steps", "*", "instructions"), ("steps", "*", "hints"),
            ("steps", "*", "solution"), ("steps", "*", "checks"), ("steps", "*", "slides"),
            ("setup",), ("setup", "containers"), ("setup", "containers", "*", "name"),
            ("setup", "containers", "*", "image"), ("setup", "containers", "*", "ports")]


def value_cases() -> list[Case]:
    """Every key of lessons and exercises given values of every wrong type."""
    return [*_value_cases(LESSONS, lesson_patterns()),
            *_value_cases(EXERCISES, exercise_patterns())]


def tagged_cases() -> list[Case]:
    """Tags, aliases, odd keys and deep nesting as the value of a key, files in turn."""
    cases = []
    files = LESSONS + EXERCISES
    for n, path, text in _spread(files, len(TAGGED) * 2):
        label, snippet = TAGGED[n % len(TAGGED)]
        found = [s for s in spots(text) if len(s.path) > 1 or n % 2]
        spot = _pick(found, n * 7)
        edit = replace_value(text, spot, snippet)
        codes = (0, 1) if label in ("ancre-et-alias", "imbrication-fermee-99") else (1,)
        cases.append(Case(f"{path.stem}-{label}-{n}", _where(path), edit.text, codes,
                          edit.line if codes == (1,) else None))
    return cases


def key_cases() -> list[Case]:
    """Keys deleted, repeated, added unknown, in the files in turn."""
    cases = []
    files = LESSONS + EXERCISES
    operations: list[tuple[str, Callable[[str, Spot], Edit]]] = [
        ("supprimee", delete_key), ("double", duplicate_key),
        ("inconnue", lambda text, spot: add_key(text, spot, "titel: faute de frappe")),
        ("tabulation", lambda text, spot: add_key(text, spot, "\tcle: 1")),
    ]
    for n, path, text in _spread(files, len(files) * 4):
        op_label, operation = operations[n % len(operations)]
        found = [s for s in spots(text) if s.block]
        spot = _pick(found, n * 5 + 3)
        rule = rule_for(spot.path)
        required = rule is not None and not rule(None)
        edit = operation(text, spot)
        refused = op_label != "supprimee" or required
        cases.append(Case(f"{path.stem}-{'.'.join(map(str, spot.path))}-{op_label}",
                          _where(path), edit.text, (1,) if refused else (0, 1),
                          edit.line if refused and op_label != "supprimee" else None))
    return cases


def character_cases() -> list[Case]:
    """Forbidden characters inserted in a text value, in the files in turn."""
    cases = []
    files = LESSONS + EXERCISES
    for n, path, text in _spread(files, len(INSERTED) * 2):
        label, chars = INSERTED[n % len(INSERTED)]
        found = [s for s in spots(text) if s.value.tag.endswith(":str")
                 and s.value.start_mark.line == s.value.end_mark.line]
        spot = _pick(found, n * 3)
        at = int(spot.value.end_mark.index) - 1
        variant: str | bytes = text[:at] + chars + text[at:]
        if label == "substitut":  # not UTF-8 at all: the bytes a broken editor writes
            variant = str(variant).encode("utf-8", "surrogatepass")
        allowed = label in ("zwj",)
        cases.append(Case(f"{path.stem}-caractere-{label}-{n}", _where(path), variant,
                          (0, 1) if allowed else (1,), None if allowed else spot.line))
    return cases


def truncation_cases() -> list[Case]:
    """Each file cut at a few offsets (inside a key, a string, a collection …)."""
    cases = []
    for number, path in enumerate(LESSONS + EXERCISES):
        text = path.read_text(encoding="utf-8")
        cuts = truncations(text)
        for label, offset in cuts[number % 3::3]:
            cases.append(Case(f"{path.stem}-coupe-{label}", _where(path), text[:offset],
                              (0, 1), combine=False))
    return cases


def encoding_cases() -> list[Case]:
    """Byte order marks, other encodings and line endings, in the files in turn."""
    cases = []
    files = LESSONS + EXERCISES
    for n, path in enumerate(files):
        text = path.read_text(encoding="utf-8")
        where = _where(path)
        which = n % 6
        if which == 0:
            cases.append(Case(f"{path.stem}-bom", where, "\ufeff" + text, (0,), combine=False))
        elif which == 1:
            cases.append(Case(f"{path.stem}-utf16", where, text.encode("utf-16"),
                              position=False, combine=False, words=("UTF-16",)))
        elif which == 2:
            cases.append(Case(f"{path.stem}-latin1", where, text.encode("latin-1", "replace"),
                              combine=False, words=("UTF-8",)))
        elif which == 3:
            cases.append(Case(f"{path.stem}-crlf", where, text.replace("\n", "\r\n"), (0,),
                              combine=False))
        elif which == 4:
            cases.append(Case(f"{path.stem}-cr-seul", where, text.replace("\n", "\r"), (0,),
                              combine=False))
        else:
            cases.append(Case(f"{path.stem}-utf32", where, text.encode("utf-32-le"),
                              position=False, combine=False, words=("UTF-32",)))
    return cases


#: Characters YAML gives a meaning to, put in place of another by :func:`flip_cases`.
SIGNIFICANT = ":-[]{}'\"|>&*!%@`#,?\t \n"
FLIPS = 60


def flip_cases(seed: int = 20241) -> list[Case]:
    """One character replaced by a YAML-significant one, at places drawn with a fixed seed."""
    draw = random.Random(seed)
    cases = []
    for n, path, text in _spread(LESSONS + EXERCISES, FLIPS):
        at = draw.randrange(len(text))
        char = draw.choice(SIGNIFICANT)
        cases.append(Case(f"{path.stem}-remplace-{at}-{ord(char)}", _where(path),
                          text[:at] + char + text[at + 1:], (0, 1), combine=n % 2 == 0))
    return cases


#: Whole documents of the wrong shape (label, text).
ROOTS: tuple[tuple[str, str], ...] = (
    ("liste", "- a\n- b\n"), ("texte", "bonjour\n"), ("entier", "42\n"),
    ("commentaire", "# rien\n"), ("vide", ""), ("separateur", "---\n"), ("fin", "...\n"),
    ("nul", "null\n"), ("deux-documents", "a: 1\n---\nb: 2\n"), ("ensemble", "!!set {a, b}\n"),
    ("profond-bloc", "".join(" " * n + f"k{n}:\n" for n in range(150)) + " " * 150 + "v: 1\n"),
    ("bombe", "a: &a [x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [" + ", ".join([f"*{p}"] * 8) + "]\n"
        for p, c in zip("abcdef", "bcdefg", strict=True))),
    ("alias-racine", "&r {a: *r}\n"), ("cle-seule", "? a\n"),
)


def root_cases() -> list[Case]:
    """A lesson file and an exercise file that hold a document of the wrong shape."""
    return [Case(f"racine-{label}-{kind}", f"{kind}/x.yaml", text,
                 combine=label in ("profond-bloc", "bombe", "cle-seule"),
                 position=label not in ("vide", "commentaire", "separateur", "fin"))
            for label, text in ROOTS for kind in ("lessons", "exercises")]


def size_cases() -> list[Case]:
    """Files large enough that a step quadratic in their size would pass the bound."""
    checks = "".join(f"      - kind: container\n        name: c{n}\n" for n in range(5000))
    exercise = ("format_version: 1\nid: e\ntitle: T\nlesson: l\nintroduction: x\nsteps:\n"
                "  - id: s\n    title: T\n    instructions: |\n      " + "mot " * 250_000
                + "\n    solution: [docker ps]\n    checks:\n" + checks)
    slides = "".join(f"  - title: D{n}\n    body: |\n      Texte {n}\n" for n in range(9_000))
    lesson = "format_version: 1\nid: l\ntitle: T\norder: 1\nslides:\n"
    return [
        Case("taille-5000-verifications", "exercises/e.yaml", exercise, combine=False),
        Case("taille-9000-diapos", "lessons/l.yaml", lesson + slides, (0,), combine=False),
        Case("taille-un-million-de-bel", "lessons/l.yaml", lesson + "  - title: T\n    body: "
             + "\x07" * 1_000_000 + "\n", combine=False),
        Case("taille-syntaxe-a-la-fin", "lessons/l.yaml", lesson + "  - title: T\n    body: |\n"
             + "      mot mot mot\n" * 200_000 + "oups: [\n", combine=False),
    ]


def all_cases() -> list[Case]:
    """Every generated lesson and exercise case."""
    return [*value_cases(), *tagged_cases(), *key_cases(), *character_cases(),
            *truncation_cases(), *encoding_cases(), *flip_cases(), *root_cases(),
            *size_cases()]
