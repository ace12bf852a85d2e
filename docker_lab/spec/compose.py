"""Compose a YAML node tree from parser events, with bounds on depth and on aliases.

PyYAML's own composer recurses once per level of nesting (a flow collection
nested 1,000 deep ends in ``RecursionError``) and shares aliased nodes, which
the caller then expands without limit (a 753-byte « alias bomb » grows to
billions of values). :func:`compose` reads the flat event stream instead, keeps
a stack, and stops with :class:`LimitError` at the first event that would make

- the nesting deeper than ``max_depth`` levels (aliases counted expanded), or
- the document, once its aliases are expanded, hold more than ``max_nodes`` values,

and refuses an alias to a collection that is still open (``&a [*a]``).
The tree is otherwise the one ``yaml.compose`` builds: same nodes, tags, marks
and errors (undefined alias, duplicate anchor, several documents).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

#: Deepest nesting accepted; course files use fewer than ten levels.
MAX_DEPTH = 100
#: Most values a document may hold once its aliases are expanded.
MAX_NODES = 50_000


class LimitError(yaml.MarkedYAMLError):
    """The document is too deep or too large once expanded; ``problem`` is French."""

    def __init__(self, message: str, mark: Any) -> None:
        super().__init__(problem=message, problem_mark=mark)


@dataclass
class _Open:
    """A collection being composed: its node, its expanded size and height so far."""

    node: SequenceNode | MappingNode
    anchor: str | None
    size: int = 1
    height: int = 1
    pending_key: Node | None = None


@dataclass
class _Composer:
    max_depth: int
    max_nodes: int
    resolver: Any = field(default_factory=Resolver)  # PyYAML's resolve() is untyped
    anchors: dict[str, tuple[Node, int, int]] = field(default_factory=dict)  # node, size, height
    opened: dict[str, Any] = field(default_factory=dict)  # open collections' anchor: mark
    stack: list[_Open] = field(default_factory=list)
    total: int = 0
    root: Node | None = None

    def _count(self, size: int, height: int, mark: Any) -> None:
        self.total += size
        if self.total > self.max_nodes and self.anchors:
            raise LimitError(
                f"document trop grand une fois les alias développés (plus de {self.max_nodes} "
                "valeurs) : trop d'alias imbriqués (« bombe d'alias » ?)", mark)
        if self.total > self.max_nodes:
            raise LimitError(f"document trop grand (plus de {self.max_nodes} valeurs)", mark)
        if len(self.stack) + height > self.max_depth:
            raise LimitError(f"imbrication trop profonde (plus de {self.max_depth} niveaux)",
                             mark)

    def _attach(self, node: Node, size: int, height: int) -> None:
        if not self.stack:
            self.root = node
            return
        top = self.stack[-1]
        top.size += size
        top.height = max(top.height, height + 1)
        if isinstance(top.node, SequenceNode):
            top.node.value.append(node)
        elif top.pending_key is None:
            top.pending_key = node
        else:
            top.node.value.append((top.pending_key, node))
            top.pending_key = None

    def _anchor(self, anchor: str | None, event: Any) -> None:
        if anchor in self.anchors:
            mark = self.anchors[anchor][0].start_mark
        elif anchor in self.opened:
            mark = self.opened[anchor]
        else:
            return
        raise ComposerError(f"found duplicate anchor {anchor!r}; first occurrence", mark,
                            "second occurrence", event.start_mark)

    def event(self, event: Any) -> None:
        start: Any = event.start_mark
        if isinstance(event, AliasEvent):
            if event.anchor in self.opened:
                raise LimitError(f"alias récursif « *{event.anchor} » : il cite la collection "
                                 "qui le contient", start)
            if event.anchor not in self.anchors:
                raise ComposerError(None, None, f"found undefined alias {event.anchor!r}", start)
            node, size, height = self.anchors[event.anchor]
            self._count(size, height, start)
            self._attach(node, size, height)
        elif isinstance(event, ScalarEvent):
            self._anchor(event.anchor, event)
            self._count(1, 1, start)
            tag = event.tag
            if tag is None or tag == "!":
                tag = self.resolver.resolve(ScalarNode, event.value, event.implicit)
            end: Any = event.end_mark
            scalar = ScalarNode(tag, event.value, start, end, style=event.style)
            if event.anchor is not None:
                self.anchors[event.anchor] = (scalar, 1, 1)
            self._attach(scalar, 1, 1)
        elif isinstance(event, SequenceStartEvent | MappingStartEvent):
            self._start(event)
        elif isinstance(event, SequenceEndEvent | MappingEndEvent) and self.stack:
            self._end(event)

    def _start(self, event: Any) -> None:
        self._anchor(event.anchor, event)
        self._count(1, 1, event.start_mark)
        kind = SequenceNode if isinstance(event, SequenceStartEvent) else MappingNode
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.resolver.resolve(kind, None, event.implicit)
        node = kind(tag, [], event.start_mark, None, flow_style=event.flow_style)
        self.stack.append(_Open(node, event.anchor))
        if event.anchor is not None:
            self.opened[event.anchor] = event.start_mark

    def _end(self, event: Any) -> None:
        done = self.stack.pop()
        done.node.end_mark = event.end_mark
        if done.anchor is not None:
            del self.opened[done.anchor]
            self.anchors[done.anchor] = (done.node, done.size, done.height)
        self._attach(done.node, done.size, done.height)


def compose(text: str, loader: Any = yaml.SafeLoader, *, max_depth: int = MAX_DEPTH,
            max_nodes: int = MAX_NODES) -> Node | None:
    """Return the root node of the single YAML document in ``text`` (``None`` if empty).

    Args:
        text: the YAML source.
        loader: the PyYAML loader class whose parser reads the events
            (``yaml.CSafeLoader`` is about ten times faster than ``yaml.SafeLoader``).
        max_depth: deepest nesting accepted.
        max_nodes: most values accepted once aliases are expanded.

    Raises:
        yaml.MarkedYAMLError: a syntax error, as PyYAML reports it.
        LimitError: the nesting or the expanded size is over its bound (French message).
    """
    composer = _Composer(max_depth, max_nodes)
    documents = 0
    first_mark: Any = None
    parser = loader(text)
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, DocumentStartEvent):
                documents += 1
                if documents == 2:
                    mark: Any = event.start_mark
                    raise ComposerError("expected a single document in the stream", first_mark,
                                        "but found another document", mark)
                first_mark = event.start_mark
            elif isinstance(event, StreamEndEvent):
                break
            else:
                composer.event(event)
    finally:
        parser.dispose()
    return composer.root
