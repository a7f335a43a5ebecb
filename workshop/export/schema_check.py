"""The shipped JSON Schema (workshop.schema.json) compiled into fast checks for imported
bundles: record by record (which names the first problem) and column by column (which
says quickly that a whole table is valid)."""

from __future__ import annotations

import collections
import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from workshop.export.bundle import schema
from workshop.i18n import N_, Message
from workshop.model import RECORD_TYPES

_BY_TABLE = {cls.TABLE: cls for cls in RECORD_TYPES}


@dataclass
class _Checks:
    check_top: Callable[[Any], Message | None]
    records: dict[str, Callable[[Any], Message | None]]
    # Per table: True when every record is valid, checked column by column; False means
    # "look record by record" (``records``), which finds and names the problem.
    all_valid: dict[str, Callable[[list[Any]], bool]]


@functools.cache
def compiled_schema() -> _Checks:
    """The shipped JSON Schema as fast checks (compiled once per process)."""
    return SchemaCompiler(schema()).compile_workshop()


class SchemaCompiler:
    """Compiles the subset of JSON Schema that workshop.schema.json uses into checks
    returning a problem (a ``Message``) or None; an unknown keyword is a bug and raises."""

    KNOWN = frozenset({
        "type", "const", "enum", "pattern", "maxLength", "minimum", "maximum", "items",
        "minItems", "maxItems", "properties", "required", "additionalProperties", "format",
        "description", "title", "$ref", "$schema", "$id", "$defs"})

    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root

    def compile_workshop(self) -> _Checks:
        props = self.root["properties"]
        top_keys = set(props)
        header = {name: self.compile(props[name]) for name in ("format", "format_version")}
        arrays = {name: node for name, node in props.items() if name in _BY_TABLE}

        def check_top(data: Any) -> Message | None:
            problem = _keys(data, top_keys)
            if problem:
                return problem
            for name, check in header.items():
                problem = check(data[name])
                if problem:
                    return Message(N_("{field}: {problem}"), {"field": name, "problem": problem})
            for name, node in arrays.items():
                value = data[name]
                if type(value) is not list:
                    return Message(N_("{field}: expected a list"), {"field": name})
                low, high = node.get("minItems", 0), node.get("maxItems", len(value))
                if low == high != len(value):
                    return Message(N_("{field}: expected exactly {count} record(s), found "
                                      "{found}"), {"field": name, "count": low,
                                                   "found": len(value)})
                if not low <= len(value) <= high:
                    return Message(N_("{field}: expected {low} to {high} records"), {
                        "field": name, "low": low, "high": high})
            return None

        records = {name: self.compile(self._resolve(node["items"]))
                   for name, node in arrays.items()}
        all_valid = {name: self.compile_columns(self._resolve(node["items"]))
                     for name, node in arrays.items()}
        return _Checks(check_top, records, all_valid)

    # A bundle of 10,000 ideas has ~90,000 fields; checking them one call at a time was a
    # fifth of an import. The column checks below apply exactly the same rules to a whole
    # column at once with C-level loops (map, set, min/max); they only ever say "all valid",
    # never name a problem – when they cannot say it, the record-by-record checks run and
    # give the message.

    def compile_columns(self, node: dict[str, Any]) -> Callable[[list[Any]], bool]:
        """For an object schema: whether every item of a list is valid."""
        keys = set(node["properties"])
        columns = [(name, self._column(self._resolve(sub)))
                   for name, sub in node["properties"].items()]

        def all_valid(items: list[Any]) -> bool:
            if not all(type(item) is dict and item.keys() == keys for item in items):
                return False
            for name, column_valid in columns:
                if column_valid is None or not column_valid([item[name] for item in items]):
                    return False
            return True

        return all_valid

    def _column(self, node: dict[str, Any]) -> Callable[[list[Any]], bool] | None:
        """Whether every value of a column is valid; None for kinds checked one by one."""
        if "const" in node or "enum" in node:
            choices = {node["const"]} if "const" in node else set(node["enum"])
            kinds = {type(c) for c in choices}
            return lambda values: set(map(type, values)) <= kinds and set(values) <= choices
        types = node["type"] if isinstance(node["type"], list) else [node["type"]]
        nullable = "null" in types
        kind = next(t for t in types if t != "null")
        check = {"string": self._string_column, "integer": self._integer_column,
                 "boolean": lambda _: lambda values: set(map(type, values)) <= {bool},
                 }.get(kind, lambda _: None)(node)
        if check is None or not nullable:
            return check
        return lambda values: check([v for v in values if v is not None])

    def _string_column(self, node: dict[str, Any]) -> Callable[[list[Any]], bool]:
        limit, match, is_time = _string_rules(node)

        def valid(values: list[Any]) -> bool:
            if not set(map(type, values)) <= {str} or max(map(len, values), default=0) > limit:
                return False
            if match is not None and not all(map(match, values)):
                return False
            if is_time:
                try:
                    collections.deque(map(datetime.fromisoformat, values), maxlen=0)
                except ValueError:
                    return False
            return True

        return valid

    def _integer_column(self, node: dict[str, Any]) -> Callable[[list[Any]], bool]:
        low, high = _integer_rules(node)
        return lambda values: not values or (
            set(map(type, values)) <= {int} and low <= min(values) and max(values) <= high)

    def _resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        if "$ref" in node:
            target = self.root
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            node = {**self._resolve(target), **{k: v for k, v in node.items() if k != "$ref"}}
        unknown = set(node) - self.KNOWN
        if unknown:
            raise ValueError(f"workshop.schema.json uses unsupported keywords: {unknown}")
        return node

    def compile(self, node: dict[str, Any]) -> Callable[[Any], Message | None]:
        node = self._resolve(node)
        if "const" in node:
            const = node["const"]
            return lambda v: None if v == const and type(v) is type(const) else Message(
                N_("expected {value}"), {"value": json.dumps(const)})
        if "enum" in node:
            choices = frozenset(node["enum"])
            listed = ", ".join(map(str, node["enum"]))
            return lambda v: None if type(v) is str and v in choices else Message(
                N_("expected one of: {choices}"), {"choices": listed})
        types = node["type"] if isinstance(node["type"], list) else [node["type"]]
        nullable = "null" in types
        kind = next(t for t in types if t != "null")
        make = {"string": self._string, "integer": self._integer, "boolean": self._boolean,
                "array": self._array, "object": self._object}[kind]
        return make(node, nullable)

    # Each check takes ``nullable`` itself rather than being wrapped in a None check: a
    # bundle of 10,000 ideas has ~90,000 fields, and a call less per field is ~10 ms.

    def _string(self, node: dict[str, Any], nullable: bool) -> Callable[[Any], Message | None]:
        limit, match, is_time = _string_rules(node)

        def check(v: Any) -> Message | None:
            if type(v) is not str:
                return None if v is None and nullable else Message(N_("expected text"))
            if len(v) > limit:
                return Message(N_("too long (at most {limit} characters)"), {"limit": limit})
            if match is not None and match(v) is None:
                return Message(N_("not in the expected form"))
            if is_time:
                try:
                    datetime.fromisoformat(v)
                except ValueError:
                    return Message(N_("not a valid time"))
            return None

        return check

    def _integer(self, node: dict[str, Any], nullable: bool) -> Callable[[Any], Message | None]:
        low, high = _integer_rules(node)

        def check(v: Any) -> Message | None:
            if type(v) is not int:
                return None if v is None and nullable else Message(
                    N_("expected a whole number"))
            if not low <= v <= high:
                return Message(N_("out of range ({low} to {high})"), {"low": low, "high": high})
            return None

        return check

    def _boolean(self, node: dict[str, Any], nullable: bool) -> Callable[[Any], Message | None]:
        return lambda v: None if type(v) is bool or (v is None and nullable) else Message(
            N_("expected true or false"))

    def _array(self, node: dict[str, Any], nullable: bool) -> Callable[[Any], Message | None]:
        item = self.compile(node["items"])
        low, high = node.get("minItems", 0), node.get("maxItems", 1 << 62)

        def check(v: Any) -> Message | None:
            if type(v) is not list:
                return None if v is None and nullable else Message(N_("expected a list"))
            if not low <= len(v) <= high:
                return Message(N_("expected {low} to {high} items"), {"low": low, "high": high})
            for element in v:
                problem = item(element)
                if problem:
                    return problem
            return None

        return check

    def _object(self, node: dict[str, Any], nullable: bool) -> Callable[[Any], Message | None]:
        fields = tuple((name, self.compile(sub)) for name, sub in node["properties"].items())
        keys = {name for name, _ in fields}
        if set(node.get("required", ())) != keys or node.get("additionalProperties", True):
            raise ValueError("records in workshop.schema.json must list every field as required")

        def check(v: Any) -> Message | None:
            if v is None and nullable:
                return None
            if type(v) is not dict or v.keys() != keys:
                return _keys(v, keys)
            for name, field_check in fields:
                problem = field_check(v[name])
                if problem:
                    return Message(N_("{field}: {problem}"), {"field": name, "problem": problem})
            return None

        return check


# The rules of a string or integer schema, read in one place for both the record-by-record
# and the column checks, so that the two can never disagree on them.
def _string_rules(node: dict[str, Any]) -> tuple[int, Callable[[str], Any] | None, bool]:
    # fullmatch: a pattern's "$" also matches before a final line break ("id\n").
    match = re.compile(node["pattern"]).fullmatch if "pattern" in node else None
    return node.get("maxLength", 1 << 62), match, node.get("format") == "date-time"


def _integer_rules(node: dict[str, Any]) -> tuple[int, int]:
    return node.get("minimum", -(1 << 63)), node.get("maximum", 1 << 63)


def _keys(value: Any, expected: set[str]) -> Message | None:
    if type(value) is not dict:
        return Message(N_("expected an object"))
    if value.keys() == expected:
        return None
    missing = sorted(expected - value.keys())
    if missing:
        return Message(N_("missing fields: {names}"), {"names": ", ".join(missing)})
    extra = sorted(json.dumps(k, ensure_ascii=False)[:50] for k in value.keys() - expected)
    return Message(N_("unexpected fields: {names}"), {"names": ", ".join(extra[:5])})
