"""The field types of the content schema: each turns a YAML node into a value or reports why not.

`schema.py` declares the table of fields with these types; a type knows how to check a
node, how to read in the editors' documentation, and its JSON Schema.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from .model import PartialDate
from .problems import Location, Report, closest, did_you_mean
from .yamlsource import Mapping, Node, Scalar, Sequence

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
_ID = re.compile(ID_PATTERN)
_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
MAX_DIGITS = 18  # integers stay exact and printable; a figure never needs more


def is_language_tag(text: str) -> bool:
    """Whether `text` is a BCP 47 language tag (as this engine reads them: en, fr-CH, pt-BR)."""
    return bool(_LANG.match(text))


def is_id(text: str) -> bool:
    return bool(_ID.match(text))


_TYPE_NAMES = {"str": "text", "int": "a number", "float": "a number", "bool": "true/false",
               "null": "nothing", "timestamp": "a date"}


class FieldType:
    """Base of the field types: turn a YAML node into a value, or report why not."""

    label = "value"

    def check(self, node: Node, report: Report) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def _scalar(self, node: Node, report: Report, accept: tuple[str, ...]) -> Scalar | None:
        if isinstance(node, Scalar) and node.type in accept:
            return node
        if isinstance(node, Scalar):
            got = _TYPE_NAMES.get(node.type, node.type)
            hint = " (put it in quotes)" if "str" in accept and node.type != "null" else ""
            report.error(node.location, f"expected {self.label}, got {got}{hint}")
        else:
            got = "a list" if isinstance(node, Sequence) else "a mapping"
            report.error(node.location, f"expected {self.label}, got {got}")
        return None


@dataclass(frozen=True)
class Text(FieldType):
    markdown: bool = False
    empty: bool = False  # "" allowed: a place kept in a list (a citation without a note)
    label = "text"

    def check(self, node: Node, report: Report) -> str | None:
        scalar = self._scalar(node, report, ("str",))
        if scalar is None:
            return None
        if not scalar.text.strip() and not (self.empty and scalar.text == ""):
            report.error(scalar.location, "expected text, got an empty string")
            return None
        return scalar.text

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "minLength": 0 if self.empty else 1}


@dataclass(frozen=True)
class Integer(FieldType):
    label = "an integer"

    def check(self, node: Node, report: Report) -> int | None:
        scalar = self._scalar(node, report, ("int",))
        if scalar is None:
            return None
        if not re.fullmatch(r"[-+]?[0-9]+", scalar.text):
            report.error(scalar.location, f"expected an integer in decimal digits, got '{scalar.text}'")
            return None
        if len(scalar.text.lstrip("+-")) > MAX_DIGITS:  # Python refuses to convert over 4 300 digits
            report.error(scalar.location, f"the number is too large (more than {MAX_DIGITS} digits)")
            return None
        return int(scalar.text)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "integer"}


@dataclass(frozen=True)
class Boolean(FieldType):
    label = "true or false"

    def check(self, node: Node, report: Report) -> bool | None:
        scalar = self._scalar(node, report, ("bool",))
        return None if scalar is None else scalar.text.lower() in ("true", "yes", "on")

    def json_schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


@dataclass(frozen=True)
class Date(FieldType):
    partial: bool = True

    @property
    def label(self) -> str:  # type: ignore[override]  # made from the settings; other types name a constant
        return "a date (YYYY-MM-DD or YYYY-MM)" if self.partial else "a date (YYYY-MM-DD)"

    def check(self, node: Node, report: Report) -> PartialDate | None:
        scalar = self._scalar(node, report, ("str", "timestamp"))
        if scalar is None:
            return None
        match = _DATE.match(scalar.text)
        if not match or (match.group(3) is None and not self.partial):
            report.error(scalar.location, f"expected {self.label}, got '{scalar.text}'")
            return None
        year, month = int(match.group(1)), int(match.group(2))
        day = int(match.group(3)) if match.group(3) else None
        try:
            dt.date(year, month, day or 1)
        except ValueError as exc:
            report.error(scalar.location, f"'{scalar.text}' is not a real date ({exc})")
            return None
        return PartialDate(year, month, day)

    def json_schema(self) -> dict[str, Any]:
        pattern = r"^\d{4}-\d{2}(-\d{2})?$" if self.partial else r"^\d{4}-\d{2}-\d{2}$"
        return {"type": "string", "pattern": pattern}


@dataclass(frozen=True)
class Enum(FieldType):
    choices: tuple[str, ...] = ()

    @property
    def label(self) -> str:  # type: ignore[override]  # made from the settings; other types name a constant
        return "one of " + " | ".join(self.choices)

    def check(self, node: Node, report: Report) -> str | None:
        scalar = self._scalar(node, report, ("str",))
        if scalar is None:
            return None
        if scalar.text not in self.choices:
            hint = did_you_mean(scalar.text, self.choices)
            report.error(scalar.location, f"'{scalar.text}' is not {self.label}{hint}")
            return None
        return scalar.text

    def json_schema(self) -> dict[str, Any]:
        return {"enum": list(self.choices)}


@dataclass(frozen=True)
class Id(FieldType):
    label = "an id (lowercase letters, digits, hyphens)"

    def check(self, node: Node, report: Report) -> str | None:
        scalar = self._scalar(node, report, ("str", "int"))
        if scalar is None:
            return None
        if not _ID.match(scalar.text):
            report.error(scalar.location, f"invalid id '{scalar.text}': use lowercase letters, digits and hyphens")
            return None
        return scalar.text

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": ID_PATTERN}


@dataclass(frozen=True)
class Url(FieldType):
    base: bool = False  # base_url: absolute and ending with a slash
    label = "an http(s) URL"

    def check(self, node: Node, report: Report) -> str | None:
        scalar = self._scalar(node, report, ("str",))
        if scalar is None:
            return None
        parts = urlsplit(scalar.text.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in scalar.text.strip()):
            report.error(scalar.location, f"'{scalar.text}' is not an http(s) URL")
            return None
        if self.base and not parts.path.endswith("/"):
            report.error(scalar.location, f"'{scalar.text}' must end with '/'")
            return None
        return scalar.text.strip()

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "uri", "pattern": "^https?://" + (".*/$" if self.base else "")}


@dataclass(frozen=True)
class LanguageTag(FieldType):
    label = "a BCP 47 language tag such as fr or fr-CH"

    def check(self, node: Node, report: Report) -> str | None:
        scalar = self._scalar(node, report, ("str",))
        if scalar is None:
            return None
        if not _LANG.match(scalar.text):
            report.error(scalar.location, f"'{scalar.text}' is not {self.label}")
            return None
        return scalar.text

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": _LANG.pattern}


@dataclass(frozen=True)
class ListOf(FieldType):
    item: FieldType = field(default_factory=Text)
    min_items: int = 0
    located: bool = False  # give (value, location) pairs, to blame one item later
    label = "a list"

    def check(self, node: Node, report: Report) -> list[Any] | None:
        if not isinstance(node, Sequence):
            self._scalar(node, report, ())
            return None
        if len(node.items) < self.min_items:
            report.error(node.location, f"needs at least {self.min_items} item(s)")
            return None
        # Invalid items are reported and dropped, so the valid ones are still verified.
        values = [(self.item.check(item, report), item.location) for item in node.items]
        if self.located:
            return [(v, where) for v, where in values if v is not None]
        return [v for v, _ in values if v is not None]

    def json_schema(self) -> dict[str, Any]:
        return {"type": "array", "items": self.item.json_schema(), "minItems": self.min_items}


@dataclass(frozen=True)
class FieldSpec:
    """One key of a record: its type, whether it is required, and help for editors."""

    name: str
    type: FieldType
    required: bool
    help: str


@dataclass(frozen=True, slots=True)
class Checked:
    """A validated mapping: values by field name and where each value stands."""

    values: dict[str, Any]
    locations: dict[str, Location]
    location: Location

    def __getitem__(self, name: str) -> Any:
        return self.values.get(name)

    def at(self, name: str) -> Location:
        return self.locations.get(name, self.location)


@dataclass(frozen=True)
class Record(FieldType):
    """A mapping with a fixed set of keys; unknown keys are errors."""

    title: str = ""
    fields: tuple[FieldSpec, ...] = ()
    one_of: tuple[str, ...] = ()  # at least one of these (optional) keys must be given
    label = "a mapping"

    def check(self, node: Node, report: Report) -> Checked | None:
        if not isinstance(node, Mapping):
            self._scalar(node, report, ())
            return None
        known = {spec.name: spec for spec in self.fields}
        values: dict[str, Any] = {}
        locations: dict[str, Location] = {}
        meant: set[str] = set()  # keys that a misspelt key stands in for
        for key, value in node.entries:
            spec = known.get(key.text)
            if spec is None:
                report.error(key.location, f"unknown key '{key.text}'{did_you_mean(key.text, known)}")
                if (close := closest(key.text, known)) is not None:
                    meant.add(close)
                continue
            if isinstance(value, Scalar) and value.type == "null":
                report.error(value.location, f"'{key.text}' is empty")
                continue
            checked = spec.type.check(value, report)
            if checked is not None:
                values[key.text] = checked
                locations[key.text] = value.location
        # A record missing a required value is dropped (its problems are reported);
        # an invalid optional value is left out so the rest can still be verified.
        complete = True
        for spec in self.fields:
            if spec.required and spec.name not in values:
                complete = False
                # One mistake, one problem: a misspelt key already said which key it meant.
                if node.get(spec.name) is None and spec.name not in meant:
                    report.error(node.location, f"missing required key '{spec.name}'")
        if self.one_of and not any(node.get(name) is not None for name in self.one_of):
            complete = False
            if meant.isdisjoint(self.one_of):
                report.error(node.location, "give at least one of " + " or ".join(f"'{n}'" for n in self.one_of))
        return Checked(values, locations, node.location) if complete else None

    def json_schema(self) -> dict[str, Any]:
        properties = {}
        for spec in self.fields:
            properties[spec.name] = {**spec.type.json_schema(), "description": spec.help}
        schema: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
        required = [spec.name for spec in self.fields if spec.required]
        if required:
            schema["required"] = required
        if self.one_of:
            schema["anyOf"] = [{"required": [name]} for name in self.one_of]
        if self.title:
            schema["title"] = self.title
        return schema


@dataclass(frozen=True)
class MappingOf(FieldType):
    """A mapping whose keys are ids (or language tags) and whose values are records (site.yaml's
    `figures` and `translations`, a translation's `claims`)."""

    value: Record = field(default_factory=Record)
    languages: bool = False  # keys are BCP 47 language tags, not ids
    located: bool = False  # give (value, key's location) pairs, to blame a key later
    label = "a mapping of ids"

    def check(self, node: Node, report: Report) -> dict[str, Any] | None:
        if not isinstance(node, Mapping):
            self._scalar(node, report, ())
            return None
        # Duplicate keys are reported by the YAML reader; invalid entries are reported and dropped.
        found: dict[str, Any] = {}
        for key, value in node.entries:
            if self.languages and not _LANG.match(key.text):
                report.error(key.location, f"'{key.text}' is not {LanguageTag.label}")
                continue
            if not self.languages and not _ID.match(key.text):
                report.error(key.location, f"invalid id '{key.text}': use lowercase letters, digits and hyphens")
                continue
            checked = self.value.check(value, report)
            if checked is not None:
                found[key.text] = (checked, key.location) if self.located else checked
        return found

    def json_schema(self) -> dict[str, Any]:
        return {"type": "object", "propertyNames": {"pattern": _LANG.pattern if self.languages else ID_PATTERN},
                "additionalProperties": self.value.json_schema()}


def type_label(field_type: FieldType) -> str:
    """How a type reads in the editors' documentation."""
    if isinstance(field_type, Record):
        return f"mapping ({field_type.title})"
    if isinstance(field_type, ListOf):
        return f"list of {type_label(field_type.item)}"
    if isinstance(field_type, MappingOf):
        keys = "language tags" if field_type.languages else "ids"
        return f"mapping of {keys} to mapping ({field_type.value.title})"
    if isinstance(field_type, Text) and field_type.markdown:
        return "Markdown text"
    if isinstance(field_type, Enum):
        return "one of " + ", ".join(f"`{choice}`" for choice in field_type.choices)
    return field_type.label
