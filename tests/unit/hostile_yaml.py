"""Broken variants of a YAML file, made by editing its text at the places its nodes hold.

:func:`spots` finds every mapping key of a file (its key path, the key's node and
the value's node, from ``yaml.compose``); the edits below change the text at one
spot and keep the rest byte for byte, so the variant differs from a sound file
by one thing only, at a known line:

- :func:`replace_value` writes another value after the key (« order: [a, b] »);
- :func:`delete_key`, :func:`duplicate_key` and :func:`add_key` remove, repeat,
  or add a key (of a block mapping) next to it;
- :func:`truncations` cuts the text mid-key, mid-string, mid-flow-collection,
  mid-block and at evenly spaced offsets.

Every function is deterministic: the same file gives the same variants.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode


@dataclass(frozen=True)
class Spot:
    """One ``key: value`` of a file: where it is, in the file's text."""

    path: tuple[Any, ...]
    key: ScalarNode
    value: Node
    block: bool  # its mapping is in block style (one key per line)

    @property
    def line(self) -> int:
        """The key's 1-based line."""
        return int(self.key.start_mark.line) + 1


@dataclass(frozen=True)
class Edit:
    """A variant's text and the 1-based line of the change (a problem is expected there)."""

    text: str
    line: int


def spots(text: str) -> list[Spot]:
    """Every ``key: value`` of the document, in the order of the text."""
    found: list[Spot] = []

    def walk(node: Node, path: tuple[Any, ...]) -> None:
        if isinstance(node, MappingNode):
            for key, value in node.value:
                if isinstance(key, ScalarNode):
                    here = (*path, key.value)
                    found.append(Spot(here, key, value, not node.flow_style))
                    walk(value, here)
        elif isinstance(node, SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, (*path, index))

    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is not None:
        walk(root, ())
    return found


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _value_end(text: str, spot: Spot) -> int:
    """The end of the value's text (a block's ends after the indentation of the next line)."""
    end = int(spot.value.end_mark.index)
    back = end
    while back > 0 and text[back - 1] == " ":
        back -= 1
    return back if back > 0 and text[back - 1] == "\n" else end


def _span_end(text: str, spot: Spot) -> int:
    """The end of the value's text, at the end of its last line (newline included)."""
    end = _value_end(text, spot)
    if end > 0 and text[end - 1] == "\n":
        return end
    newline = text.find("\n", end)
    return len(text) if newline < 0 else newline + 1


def replace_value(text: str, spot: Spot, snippet: str) -> Edit:
    """``key: <snippet>`` in place of the value (one line, whatever the old value's size)."""
    colon = text.index(":", int(spot.key.end_mark.index))
    start, end = colon + 1, _value_end(text, spot)
    if start > end:  # « key: » with nothing: the value's mark sits on the key
        end = start
    tail = "\n" if end > 0 and text[end - 1] == "\n" else ""
    return Edit(text[:start] + " " + snippet + tail + text[end:], spot.line)


def _key_start(text: str, spot: Spot) -> tuple[int, bool]:
    """Where the key's text starts, and whether it shares its line with « - »."""
    start = int(spot.key.start_mark.index)
    line_start = text.rfind("\n", 0, start) + 1
    return start, bool(text[line_start:start].strip())


def delete_key(text: str, spot: Spot) -> Edit:
    """The file without this key and its value (block mappings only)."""
    start, after_dash = _key_start(text, spot)
    end = _span_end(text, spot)
    if after_dash:  # « - title: x » becomes « - » and the item's other keys stay below it
        return Edit(text[:start] + "\n" + text[end:], spot.line)
    line_start = text.rfind("\n", 0, start) + 1
    return Edit(text[:line_start] + text[end:], spot.line)


def duplicate_key(text: str, spot: Spot) -> Edit:
    """The key and its value written twice in a row (the second is the problem)."""
    start, _ = _key_start(text, spot)
    end = _span_end(text, spot)
    copy = " " * int(spot.key.start_mark.column) + text[start:end]
    if not copy.endswith("\n"):
        copy += "\n"
    head = text[:end] if text[:end].endswith("\n") else text[:end] + "\n"
    return Edit(head + copy + text[end:], _line_of(head, len(head)))


def add_key(text: str, spot: Spot, line: str) -> Edit:
    """``line`` (``"cle: valeur"``) added to the spot's mapping, just after the spot."""
    end = _span_end(text, spot)
    head = text[:end] if text[:end].endswith("\n") else text[:end] + "\n"
    added = " " * int(spot.key.start_mark.column) + line + "\n"
    return Edit(head + added + text[end:], _line_of(head, len(head)))


def truncations(text: str, evenly: int = 6) -> list[tuple[str, int]]:
    """``(label, offset)`` cuts: inside a key, a quoted string, a flow collection, a block."""
    cuts: list[tuple[str, int]] = []
    keys = [s for s in spots(text) if len(s.key.value) > 3]
    if keys:
        key = keys[len(keys) // 2].key
        cuts.append(("mi-cle", int(key.start_mark.index) + len(key.value) // 2))
    for label, opener in (("mi-guillemets", '"'), ("mi-apostrophes", "'"),
                          ("mi-crochets", "["), ("mi-accolades", "{")):
        at = text.find(": " + opener)
        if at >= 0:
            cuts.append((label, at + 4))
    block = text.find("|\n")
    if block >= 0:
        cuts.append(("mi-bloc", text.find("\n", block + 2) + 4))
    cuts.append(("apres-deux-points", text.find(":") + 1))
    step = max(1, len(text) // (evenly + 1))
    cuts += [(f"octet-{n * step}", n * step) for n in range(1, evenly + 1)]
    return [(label, offset) for label, offset in cuts if 0 < offset < len(text)]
