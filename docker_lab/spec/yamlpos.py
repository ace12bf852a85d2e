"""YAML with positions: ``yaml.safe_load`` values plus the line and column of every part.

:func:`load_yaml` (a file) and :func:`parse_yaml` (text) return a
``(YamlDoc | None, list[Problem])`` pair and never raise for bad input: YAML
syntax errors, unknown or Python tags (the ``SafeLoader`` rules), duplicate keys
in a mapping, binary files and non-UTF-8 text all become :class:`Problem` values.
Only regular files of bounded size are read (:mod:`.textfile`); nesting and
alias expansion are bounded (:mod:`.compose`), so no input hangs or exhausts
memory. No problem hides another: control characters (a BEL, ANSI colour codes,
a stray NUL) and bytes that are not UTF-8 are reported where they are, then read
as U+FFFD; a refused tag (``!!python/…``, ``!perso``, ``!!set``), a value its tag
cannot read (``!!int abc``) and a key that is not a text are reported at their
place, then read as if untagged (or left out, for the key); the file's other
problems are reported too. Only a syntax error, a nesting or alias bound, a
binary or UTF-16/32 file stop the reading.

A :class:`YamlDoc` holds ``data`` — plain Python values exactly as
``yaml.safe_load`` would build them (dict, list, str, int, float, bool, None,
dates) — and a position index addressed by *key paths*: a tuple of mapping keys
and list indices from the root, e.g. ``("slides", 2, "title")``.

Example::

    doc, problems = load_yaml(path)
    if doc is not None:
        line, column = doc.value_pos("slides", 2, "title")   # 1-based
        problems.append(doc.problem(("slides", 2), "diapo vide"))
        problems.append(doc.problem(("titel",), "clé inconnue", at_key=True))

Positions of a path that does not exist fall back to its nearest existing
ancestor, so a problem can always be placed.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from docker_lab.spec.compose import MAX_DEPTH, LimitError, compose
from docker_lab.spec.problems import Problem, file_problem, shown
from docker_lab.spec.textfile import (
    ReadError,
    control_characters,
    count_control_characters,
    read_regular,
    sniff_encoding,
    without_control_characters,
)
from docker_lab.spec.yaml_messages import french_yaml_error, tag_message, value_message

KeyPath = tuple[Any, ...]
Pos = tuple[int, int]


@dataclass
class YamlDoc:
    """A parsed YAML document: plain values and where each one was written.

    Attributes:
        path: the file the document came from (used in problems).
        data: the value ``yaml.safe_load`` would return.
    """

    path: Path
    data: Any
    _values: dict[KeyPath, Pos] = field(default_factory=dict, repr=False)
    _keys: dict[KeyPath, Pos] = field(default_factory=dict, repr=False)
    _blocks: dict[KeyPath, Pos] = field(default_factory=dict, repr=False)

    def value_pos(self, *keys: Any) -> Pos:
        """Return the 1-based ``(line, column)`` of the value at this key path.

        Falls back to the nearest existing ancestor, then to ``(1, 1)``.
        """
        path = tuple(keys)
        while path:
            if path in self._values:
                return self._values[path]
            path = path[:-1]
        return self._values.get((), (1, 1))

    def key_pos(self, *keys: Any) -> Pos:
        """Return the ``(line, column)`` of the mapping key ending this path.

        Falls back to :meth:`value_pos` when the path does not end at a key
        (a list item, or a key that is not there).
        """
        path = tuple(keys)
        return self._keys[path] if path in self._keys else self.value_pos(*path)

    def text_pos(self, keys: Sequence[Any], line: int, column: int = 0) -> Pos:
        """Return where a place inside a text value was written (``line``, ``column`` 0-based).

        Exact for a literal block (``body: |``); any other value gives its own position.
        """
        path = tuple(keys)
        if path in self._blocks:
            first, indent = self._blocks[path]
            return first + line, indent + column + 1
        return self.value_pos(*path)

    def get(self, *keys: Any) -> Any:
        """Return the value at this key path, or ``None`` when there is none."""
        data = self.data
        for key in keys:
            if isinstance(data, dict):
                data = data.get(key)
            elif isinstance(data, list) and isinstance(key, int) and 0 <= key < len(data):
                data = data[key]
            else:
                return None
        return data

    def has(self, *keys: Any) -> bool:
        """Return whether a value exists at this key path."""
        return tuple(keys) in self._values

    def problem(self, keys: Sequence[Any], message: str, *, at_key: bool = False) -> Problem:
        """Return a problem placed at a value (or at its key with ``at_key=True``)."""
        line, column = self.key_pos(*keys) if at_key else self.value_pos(*keys)
        return Problem(self.path, line, column, message)


def load_yaml(path: Path) -> tuple[YamlDoc | None, list[Problem]]:
    """Read and parse one YAML file; problems instead of exceptions.

    Args:
        path: the file to read.

    Returns:
        The document (``None`` when it could not be read or parsed) and the problems.
        An empty file gives a document whose ``data`` is ``None``.
    """
    try:
        raw = read_regular(path)
    except ReadError as exc:
        return None, [file_problem(path, str(exc))]
    text, problem = decode_text(path, raw)
    found = [problem] if problem is not None else []
    if text is None:
        return None, found
    doc, problems = parse_yaml(text, path)
    return doc, [*found, *problems]


#: Share of NUL bytes above which a file is binary, not text with a stray NUL in it.
_NUL_SHARE = 0.01


def decode_text(path: Path, raw: bytes) -> tuple[str | None, Problem | None]:
    """Decode UTF-8 bytes (a BOM is allowed).

    Returns:
        ``(text, None)``; ``(None, problem)`` for UTF-16/32 or binary content; and
        ``(text, problem)`` for text with bytes that are not UTF-8: the first one is
        the problem, each is read as U+FFFD so that the file's other problems show.
    """
    encoding = sniff_encoding(raw)
    if encoding is not None:
        message = (f"fichier encodé en {encoding}, pas en UTF-8 : réenregistrez-le en UTF-8 "
                   f"(par ex. iconv -f {encoding} -t UTF-8 {path.name} > copie.yaml)")
        return None, file_problem(path, message)
    if raw.count(b"\x00") > len(raw) * _NUL_SHARE:  # a stray NUL in text: reported at its place
        message = "fichier binaire : un fichier texte YAML en UTF-8 est attendu"
        return None, file_problem(path, message)
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before.decode("utf-8", "replace")) - len(
            before[: before.rfind(b"\n") + 1].decode("utf-8", "replace")) + 1
        count = _invalid_bytes(raw)
        more = f" ; {count} octets invalides en tout" if count > 1 else ""
        message = (
            f"le fichier n'est pas en UTF-8 (octet invalide 0x{raw[exc.start]:02x}{more}) : "
            "réenregistrez-le en UTF-8 (par ex. iconv -f latin1 -t UTF-8)"
        )
        return raw.decode("utf-8-sig", "replace"), Problem(path, line, column, message)


def _invalid_bytes(raw: bytes) -> int:
    """How many stretches of bytes are not UTF-8 (each one reads as one U+FFFD)."""
    return raw.decode("utf-8", "replace").count("\ufffd") - raw.decode(
        "utf-8", "ignore").count("\ufffd")


_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str, path: Path) -> tuple[YamlDoc | None, list[Problem]]:
    """Parse YAML text with ``safe_load`` semantics, keeping positions.

    Args:
        text: the YAML source.
        path: the file name used in problems.
    """
    problems = _control_problems(text, path)
    if problems:
        text = without_control_characters(text)
    try:
        try:
            # libyaml parses about ten times faster; on any error the pure-Python
            # parser runs again so that messages and positions stay the same.
            root = compose(text, _FAST_LOADER)
        except LimitError:
            raise
        except yaml.YAMLError:
            root = compose(text, yaml.SafeLoader)
    except LimitError as exc:
        mark = exc.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        return None, [*problems, Problem(path, line, column, str(exc.problem))]
    except yaml.MarkedYAMLError as exc:
        return None, [*problems, _syntax_problem(path, exc)]
    except yaml.YAMLError:  # pragma: no cover - unmarked errors are rare
        return None, [*problems, file_problem(path, "YAML invalide")]
    doc = YamlDoc(path=path, data=None)
    if root is None:
        return doc, problems
    builder = _Builder(doc, text)
    doc.data = builder.build(root, (), 0)
    return (doc if not builder.fatal else None), [*problems, *builder.problems]


#: Control characters reported one by one in a file; the rest are counted.
MAX_CONTROL_REPORTS = 10


def _control_problems(text: str, path: Path) -> list[Problem]:
    found = list(islice(control_characters(text), MAX_CONTROL_REPORTS + 1))
    problems = [Problem(path, line, column, message)
                for line, column, message in found[:MAX_CONTROL_REPORTS]]
    if len(found) > MAX_CONTROL_REPORTS:
        line, column, _ = found[MAX_CONTROL_REPORTS]
        more = count_control_characters(text) - MAX_CONTROL_REPORTS
        problems.append(Problem(path, line, column, (
            f"et {more} autres caractères de contrôle interdits à partir d'ici")))
    return problems


def _syntax_problem(path: Path, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
    message = f"erreur de syntaxe YAML : {french_yaml_error(exc)}"
    start = exc.context_mark
    if start is not None and mark is not None and start.line != mark.line:
        message += f" (élément commencé ligne {start.line + 1})"
    return Problem(path, line, column, message)


class _Builder:
    """Turns a composed node tree into plain values, recording positions."""

    def __init__(self, doc: YamlDoc, text: str) -> None:
        self.doc = doc
        self.lines = text.splitlines()
        self.problems: list[Problem] = []
        self.fatal = False
        self.constructor = yaml.SafeLoader("")

    def _pos(self, node: Node) -> Pos:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def _report(self, node: Node, message: str) -> None:
        """A problem at a node; building goes on, so that the file's other problems show."""
        line, column = self._pos(node)
        self.problems.append(Problem(self.doc.path, line, column, message))

    def _fail(self, node: Node, message: str) -> None:
        self._report(node, message)
        self.fatal = True

    def build(self, node: Node, path: KeyPath, depth: int) -> Any:
        self.doc._values[path] = self._pos(node)
        if depth > MAX_DEPTH:
            self._fail(node, "imbrication trop profonde (alias récursif ?)")
            return None
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":  # reported, then read as a plain list
                self._report(node, tag_message(node.tag, "une liste"))
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, ScalarNode) and node.style == "|":
            self._block(node, path)
        return self._scalar(node)

    def _block(self, node: Node, path: KeyPath) -> None:
        """Record where a literal block's content starts: its first line and indentation."""
        first = node.start_mark.line + 1  # 0-based: the line after « | »
        content = next((line for line in self.lines[first:node.end_mark.line + 1]
                        if line.strip()), "")
        self.doc._blocks[path] = (first + 1, len(content) - len(content.lstrip(" ")))

    def _scalar(self, node: Node) -> Any:
        try:
            value = self.constructor.construct_object(node, deep=True)
        except yaml.MarkedYAMLError:  # a tag the safe loader refuses: reported, kept as text
            self._report(node, tag_message(node.tag, "un texte"))
            return str(node.value)
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
            # a value its tag cannot read (2024-13-45, !!int abc): reported, kept as text
            self._report(node, value_message(node))
            return str(node.value)
        if value is None and node.tag == _NULL and node.value not in _NULL_WORDS:
            self._report(node, value_message(node))  # « !!null abc » would drop « abc »
        return value

    def _mapping(self, node: MappingNode, path: KeyPath, depth: int) -> dict[Any, Any]:
        if node.tag != "tag:yaml.org,2002:map":  # reported, then read as a plain mapping
            self._report(node, tag_message(node.tag, "un dictionnaire"))
        seen: dict[Any, Pos] = {}
        own: list[tuple[Node, Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self._key(key_node)
            if key is _BAD_KEY:
                continue
            if key in seen:
                first_line, _ = seen[key]
                line, column = self._pos(key_node)
                self.problems.append(Problem(
                    self.doc.path, line, column,
                    f"clé « {shown(key)} » en double (déjà définie ligne {first_line})",
                ))
                continue
            seen[key] = self._pos(key_node)
            own.append((key_node, value_node))
        result: dict[Any, Any] = {}
        for key_node, value_node in self._merged(node):
            key = self._key(key_node, report=False)
            if key is _BAD_KEY or key in seen or key in result:
                continue  # explicit keys win, then the first merged source
            result[key] = self.build(value_node, (*path, key), depth + 1)
        for key_node, value_node in own:
            key = self._key(key_node, report=False)
            self.doc._keys[(*path, key)] = self._pos(key_node)
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result

    def _merged(self, node: MappingNode) -> list[tuple[Node, Node]]:
        """Return the key/value pairs that ``<<`` merge keys bring in."""
        pairs: list[tuple[Node, Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag != "tag:yaml.org,2002:merge":
                continue
            sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
            for source in sources:
                if isinstance(source, MappingNode):
                    pairs.extend(source.value)
                else:
                    self._report(key_node, "« << » doit fusionner un dictionnaire (un alias "
                                           "« *nom » d'un dictionnaire, ou une liste de tels "
                                           "alias)")
        return pairs

    def _key(self, key_node: Node, report: bool = True) -> Any:
        if not isinstance(key_node, ScalarNode):
            if report:
                self._report(key_node, "clé non permise : une clé doit être un texte simple "
                                       "(cette clé et sa valeur sont ignorées)")
            return _BAD_KEY
        key = self._scalar(key_node)
        if not isinstance(key, Hashable):  # pragma: no cover - scalars are hashable
            return _BAD_KEY
        return key


_BAD_KEY = object()


_NULL = "tag:yaml.org,2002:null"
_NULL_WORDS = frozenset(("", "~", "null", "Null", "NULL"))
