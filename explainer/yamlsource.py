"""YAML text to a tree of nodes that remember where they stand in the file.

PyYAML's composer gives nodes with marks but builds no Python objects, so nothing in a
file can run code. On top of it this module rejects what PyYAML would accept silently:
duplicate keys, anchors and aliases (the "billion laughs" expansion), non-standard tags.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

import yaml

from .problems import Location, Problem

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}


@dataclass(frozen=True, slots=True)
class Scalar:
    """A scalar: its text as written and the type YAML resolved for it."""

    text: str
    type: str  # str | int | float | bool | null | timestamp
    location: Location


@dataclass(frozen=True, slots=True)
class Sequence:
    items: tuple["Node", ...]
    location: Location


@dataclass(frozen=True, slots=True)
class Mapping:
    """A mapping with string keys, in file order; each key keeps its own location."""

    entries: tuple[tuple[Scalar, "Node"], ...]
    location: Location

    def get(self, key: str) -> "Node | None":
        for k, v in self.entries:
            if k.text == key:
                return v
        return None


Node = Union[Scalar, Sequence, Mapping]


def parse(text: str, path: str, first_line: int = 1) -> tuple[Node | None, list[Problem]]:
    """Parse one YAML document; `first_line` is the file line where `text` starts."""
    offset = first_line - 1
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, path, offset)]
    except yaml.YAMLError as exc:  # errors without a mark (rare: reader errors)
        return None, [Problem(Location(path, first_line, 1), f"YAML error: {exc}")]
    if root is None:
        return None, [Problem(Location(path, first_line, 1), "the file has no content")]
    problems: list[Problem] = []
    node = _convert(root, path, offset, problems, set())
    return node, problems


def _syntax_problem(exc: yaml.MarkedYAMLError, path: str, offset: int) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1 + offset, mark.column + 1) if mark else (1 + offset, 1)
    what = exc.problem or "invalid YAML"
    message = f"YAML syntax error: {what}"
    if exc.context:
        message += f" ({exc.context})"
    if "'\\t'" in what or "tab character" in what:
        message += "; indent with spaces, YAML does not allow tabs"
    return Problem(Location(path, line, column), message)


def _loc(node: yaml.Node, path: str, offset: int) -> Location:
    return Location(path, node.start_mark.line + 1 + offset, node.start_mark.column + 1)


def _convert(
    node: yaml.Node, path: str, offset: int, problems: list[Problem], seen: set[int]
) -> Node:
    location = _loc(node, path, offset)
    if id(node) in seen:
        problems.append(
            Problem(location, "YAML anchors and aliases (&name, *name) are not supported")
        )
        return Scalar("", "null", location)
    seen.add(id(node))
    if node.tag not in _STANDARD_TAGS:
        problems.append(Problem(location, f"YAML tag '{node.tag}' is not allowed"))
        return Scalar("", "null", location)
    if isinstance(node, yaml.ScalarNode):
        return Scalar(node.value, node.tag.rsplit(":", 1)[1], location)
    if isinstance(node, yaml.SequenceNode):
        items = tuple(_convert(item, path, offset, problems, seen) for item in node.value)
        return Sequence(items, location)
    entries: list[tuple[Scalar, Node]] = []
    first_seen: dict[str, Location] = {}
    for key_node, value_node in node.value:
        key = _convert(key_node, path, offset, problems, seen)
        value = _convert(value_node, path, offset, problems, seen)
        if not isinstance(key, Scalar):
            problems.append(Problem(key.location, "a key must be plain text"))
            continue
        if key.text in first_seen:
            first = first_seen[key.text]
            problems.append(
                Problem(key.location, f"duplicate key '{key.text}' (first at line {first.line})")
            )
            continue
        first_seen[key.text] = key.location
        entries.append((key, value))
    return Mapping(tuple(entries), location)
