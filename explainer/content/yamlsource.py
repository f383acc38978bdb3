"""YAML text to a tree of nodes that remember where they stand in the file.

The tree is composed here, without recursion, from PyYAML's event stream: it builds no
Python objects, so nothing in a file can run code, and no nesting depth can overflow the
stack (libyaml's own composer is recursive and crashes the interpreter on deeply nested
input). On top of the stream this module rejects what PyYAML would accept silently:
duplicate keys, anchors and aliases (the "billion laughs" expansion), non-standard tags,
and more nesting than any content file needs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from .problems import Location, Problem

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = yaml.resolver.Resolver()
# How YAML 1.1 resolves a node's tag from its kind, value and implicitness (typed here: PyYAML's is not).
_resolve: Callable[[type[yaml.Node], str | None, Any], str] = _RESOLVER.resolve
_STANDARD_TAGS = {  # tag -> its short name
    "tag:yaml.org,2002:" + name: name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
_STR = "tag:yaml.org,2002:str"
MAX_DEPTH = 32  # a fact sheet nests 7 levels deep; far more is a mistake or an attack
_ANCHORS = "YAML anchors and aliases (&name, *name) are not supported"


@dataclass(frozen=True, slots=True)
class Scalar:
    """A scalar: its text as written and the type YAML resolved for it."""

    text: str
    type: str  # str | int | float | bool | null | timestamp
    location: Location


@dataclass(frozen=True, slots=True)
class Sequence:
    items: tuple[Node, ...]
    location: Location


@dataclass(frozen=True, slots=True)
class Mapping:
    """A mapping with string keys, in file order; each key keeps its own location."""

    entries: tuple[tuple[Scalar, Node], ...]
    location: Location

    def get(self, key: str) -> Node | None:
        for k, v in self.entries:
            if k.text == key:
                return v
        return None


Node = Scalar | Sequence | Mapping


def parse(text: str, path: str, first_line: int = 1) -> tuple[Node | None, list[Problem]]:
    """Parse one YAML document; `first_line` is the file line where `text` starts."""
    offset = first_line - 1
    problems: list[Problem] = []
    try:
        root = _compose(text, path, offset, problems)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, path, offset)]
    except yaml.reader.ReaderError as exc:
        return None, [_reader_problem(exc, text, path, offset)]
    except yaml.YAMLError as exc:  # errors without a position (none known): keep to one line
        return None, [Problem(Location(path, first_line, 1), "YAML error: " + " ".join(str(exc).split()))]
    if root is None and not problems:
        return None, [Problem(Location(path, first_line, 1), "the file has no content")]
    return root, problems


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


def _reader_problem(exc: yaml.reader.ReaderError, text: str, path: str, offset: int) -> Problem:
    """A character YAML refuses (control characters): blame its line and column."""
    before = text[:exc.position]
    if _Loader is not yaml.SafeLoader:  # libyaml counts UTF-8 bytes, PyYAML characters
        before = text.encode("utf-8")[:exc.position].decode("utf-8", errors="ignore")
    line = before.count("\n") + 1 + offset
    column = len(before) - (before.rfind("\n") + 1) + 1
    character = exc.character if isinstance(exc.character, str) else chr(exc.character)
    return Problem(Location(path, line, column),
                   f"the file contains the control character U+{ord(character):04X}, which YAML does not allow")


def _loc(event: yaml.Event, path: str, offset: int) -> Location:
    mark = event.start_mark
    assert mark is not None  # the parser's events always carry their position
    return Location(path, mark.line + 1 + offset, mark.column + 1)


def _compose(text: str, path: str, offset: int, problems: list[Problem]) -> Node | None:
    """Build the tree of the text's single document with an explicit stack.

    The loop takes the parser's events itself and tells them apart by type, most frequent
    first: a fact sheet has hundreds of thousands of them.
    """
    stack: list[tuple[yaml.CollectionStartEvent, Location, list[Node]]] = []  # open collections
    anchors: set[str] = set()
    root: list[Node] = []
    parser = _Loader(text)
    try:
        next_event = parser.get_event
        while (event := next_event()) is not None:
            kind = type(event)
            if kind is yaml.ScalarEvent:
                if event.anchor is not None:
                    _check_anchor(event, path, offset, anchors, problems)
                node: Node = _scalar(event, path, offset, problems)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if len(stack) >= MAX_DEPTH:
                    problems.append(Problem(_loc(event, path, offset),
                                            f"the YAML is nested more than {MAX_DEPTH} levels deep"))
                    return None
                _check_anchor(event, path, offset, anchors, problems)
                stack.append((event, _loc(event, path, offset), []))
                continue
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                start, location, items = stack.pop()
                node = _collection(start, location, items, problems)
            elif kind is yaml.AliasEvent:
                if event.anchor not in anchors:  # an alias of a reported anchor adds nothing
                    problems.append(Problem(_loc(event, path, offset), _ANCHORS))
                node = Scalar("", "null", _loc(event, path, offset))
            elif kind is yaml.DocumentStartEvent and root:
                problems.append(Problem(_loc(event, path, offset),
                                        "YAML syntax error: but found another document"
                                        " (expected a single document in the stream)"))
                return None
            else:
                continue  # stream and document boundaries
            (stack[-1][2] if stack else root).append(node)
    finally:
        parser.dispose()
    return root[0] if root else None


def _check_anchor(event: yaml.NodeEvent, path: str, offset: int, anchors: set[str], problems: list[Problem]) -> None:
    if event.anchor is not None:
        anchors.add(event.anchor)
        problems.append(Problem(_loc(event, path, offset), _ANCHORS))


def _scalar(event: yaml.ScalarEvent, path: str, offset: int, problems: list[Problem]) -> Scalar:
    mark = event.start_mark
    assert mark is not None  # as in `_loc`
    location = Location(path, mark.line + 1 + offset, mark.column + 1)
    tag = event.tag
    if tag is None or tag == "!":
        # A quoted scalar is text; a plain one is resolved by its spelling (true, 12, 2024-06-19…).
        tag = _plain_tag(event.value) if event.implicit[0] else _STR
    if tag not in _STANDARD_TAGS:
        problems.append(Problem(location, f"YAML tag '{tag}' is not allowed"))
        return Scalar("", "null", location)
    return Scalar(event.value, _STANDARD_TAGS[tag], location)


@lru_cache(maxsize=4096)
def _plain_tag(value: str) -> str:
    """The tag YAML resolves a plain scalar to (keys and statuses recur: remembered)."""
    return _resolve(yaml.ScalarNode, value, (True, False))


def _collection(start: yaml.CollectionStartEvent, location: Location, items: list[Node],
                problems: list[Problem]) -> Node:
    kind = yaml.SequenceNode if isinstance(start, yaml.SequenceStartEvent) else yaml.MappingNode
    tag = start.tag if start.tag not in (None, "!") else _resolve(kind, None, start.implicit)
    if tag not in _STANDARD_TAGS:
        problems.append(Problem(location, f"YAML tag '{tag}' is not allowed"))
        return Scalar("", "null", location)
    if kind is yaml.SequenceNode:
        return Sequence(tuple(items), location)
    return _mapping(items, location, problems)


def _mapping(items: list[Node], location: Location, problems: list[Problem]) -> Mapping:
    """Pair keys with values, rejecting keys that are not text and keys given twice."""
    entries: list[tuple[Scalar, Node]] = []
    first_seen: dict[str, Location] = {}
    for key, value in zip(items[0::2], items[1::2], strict=True):
        if not isinstance(key, Scalar):
            problems.append(Problem(key.location, "a key must be plain text"))
            continue
        if key.text in first_seen:
            first = first_seen[key.text]
            problems.append(Problem(key.location, f"duplicate key '{key.text}' (first at line {first.line})"))
            continue
        first_seen[key.text] = key.location
        entries.append((key, value))
    return Mapping(tuple(entries), location)
