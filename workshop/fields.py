"""Each record's fields, declared once: type, limits, choices and what the schema says.

A record class in ``workshop.model`` declares every field with one of the constructors
here (``text``, ``number``, ``link``, ``moment``, ``flag``, ``choice``, ``strings``,
``blob``); the field's ``Spec`` rides in the dataclass field's metadata. Everything else
is derived from it, so a new field or a changed limit is written in one place:

- ``decoder(cls)``: a stored row → a record (and ``stored_as_text`` for the way back);
- the input rules (``workshop.rules``): limits, required text, ranges, choices;
- the JSON Schema of ``workshop.json`` (``python -m workshop.export.json_schema``);
- ``columns(cls)``: the SQL columns a migrated file must have (checked by the tests
  against a freshly migrated file; migrations themselves stay hand-written and
  append-only, see ``workshop/store/schema.py``).
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Any, NamedTuple


class Kind(StrEnum):
    ID = "id"  # a record id (links to another record are ids too)
    TIME = "time"  # a moment, ISO 8601 with a UTC offset
    TEXT = "text"
    INTEGER = "integer"
    FLAG = "flag"  # a yes/no, stored as 0/1
    CHOICE = "choice"  # one of a fixed set of words
    STRINGS = "strings"  # a tuple of words or ids, stored as JSON text
    BYTES = "bytes"  # stored in the file, a separate member of a bundle


@dataclasses.dataclass(frozen=True, slots=True)
class Spec:
    """What one field may hold. Limits the input rules do not check are the schema's."""

    kind: Kind
    optional: bool = False  # None is a value (NULL in SQL, null in JSON)
    max_length: int | None = None  # text: cleaned and checked only when set
    json_max_length: int | None = None  # text the app writes itself: only the schema checks
    required: bool = False  # text: must not be empty once cleaned; ids: must be given
    multiline: bool = False
    low: int | None = None  # integers: checked only when set
    high: int | None = None
    choices: tuple[str, ...] = ()  # a choice, or every item of ``strings``
    enum: type[StrEnum] | None = None  # a choice read back as a member of this enum
    references: str = ""  # the table an id links to ('' when it may link to several)
    form: str = ""  # a shape the input rules check: "date", "clock", "colour", "url"
    label: str = ""  # the field named in messages, when it is not the field's own name
    message: str = ""  # msgid for a choice outside ``choices``
    min_items: int = 0
    max_items: int | None = None
    description: str = ""  # for the JSON Schema

    def decode(self) -> Callable[[Any], Any] | None:
        """How a stored value comes back, or None when it comes back as it is."""
        if self.kind is Kind.FLAG:
            return bool
        if self.kind is Kind.STRINGS:
            return _tuple_from_json
        if self.kind is Kind.CHOICE and self.enum is not None:
            # A lookup, not ``enum(value)``: a third of the time when notes load.
            return {member.value: member for member in self.enum}.__getitem__
        return None

    @property
    def sql_type(self) -> str:
        return {Kind.INTEGER: "INTEGER", Kind.FLAG: "INTEGER", Kind.BYTES: "BLOB"}.get(
            self.kind, "TEXT")


def _tuple_from_json(value: str) -> tuple:
    return tuple(json.loads(value))


def _field(spec: Spec, default: Any = dataclasses.MISSING,
           default_factory: Any = dataclasses.MISSING) -> Any:
    return dataclasses.field(default=default, default_factory=default_factory,
                             metadata={"spec": spec})


def text(default: str = "", *, max_length: int | None = None, required: bool = False,
         multiline: bool = False, form: str = "", label: str = "",
         json_max_length: int | None = None, description: str = "") -> Any:
    """Text as typed. With ``max_length`` it is cleaned (``workshop.text``) and checked."""
    return _field(Spec(Kind.TEXT, max_length=max_length, required=required,
                       multiline=multiline, form=form, label=label,
                       json_max_length=json_max_length, description=description), default)


def record_id(factory: Callable[[], str], *, description: str = "") -> Any:
    """The record's own id, made by ``factory`` for a new record."""
    return _field(Spec(Kind.ID, description=description), default_factory=factory)


def number(default: int | None = 0, *, low: int | None = None, high: int | None = None,
           optional: bool = False, description: str = "") -> Any:
    return _field(Spec(Kind.INTEGER, optional=optional, low=low, high=high,
                       description=description), default)


def link(references: str = "", *, required: bool = False, description: str = "") -> Any:
    """The id of another record; None (no link) unless ``required``."""
    spec = Spec(Kind.ID, optional=not required, required=required, references=references,
                description=description)
    return _field(spec, "" if required else None)


def moment(*, optional: bool = False, description: str = "") -> Any:
    return _field(Spec(Kind.TIME, optional=optional, description=description),
                  None if optional else "")


def flag(default: bool = False, *, description: str = "") -> Any:
    return _field(Spec(Kind.FLAG, description=description), default)


def choice(default: str, choices: Sequence[str] | type[StrEnum] = (), *, message: str = "",
           description: str = "") -> Any:
    """One of ``choices``; an enum class as ``choices`` also makes stored values members."""
    enum = choices if isinstance(choices, type) else None
    words = tuple(str(member) for member in choices)
    return _field(Spec(Kind.CHOICE, choices=words, enum=enum, message=message,
                       description=description), default)


def strings(default: tuple[str, ...] = (), *, choices: Sequence[str] = (),
            min_items: int = 0, max_items: int | None = None, message: str = "",
            description: str = "") -> Any:
    """A tuple of words from ``choices``, or of ids when there are none; kept in order,
    without repeats."""
    return _field(Spec(Kind.STRINGS, choices=tuple(choices), min_items=min_items,
                       max_items=max_items, message=message, description=description),
                  default)


def blob() -> Any:
    return _field(Spec(Kind.BYTES), b"")


@functools.cache
def specs(cls: type) -> tuple[tuple[str, Spec], ...]:
    """Every field of a record class with its spec, in column order."""
    found = []
    for f in dataclasses.fields(cls):
        if "spec" not in f.metadata:
            raise TypeError(f"{cls.__name__}.{f.name} is not declared with workshop.fields")
        found.append((f.name, f.metadata["spec"]))
    return tuple(found)


def spec(cls: type, name: str) -> Spec:
    return dict(specs(cls))[name]


def decoder(cls: type) -> Callable[[tuple], Any]:
    """A function making a record of ``cls`` from a stored row (columns in field order).

    Fields stored as they are read cost nothing: most classes build straight from the row,
    the fast path when thousands of ideas load.
    """
    positions = [(n, fn) for n, (_, s) in enumerate(specs(cls))
                 if (fn := s.decode()) is not None]
    if not positions:
        return lambda row: cls(*row)

    def decode(row: tuple) -> Any:
        values = list(row)
        for index, fn in positions:
            if values[index] is not None:
                values[index] = fn(values[index])
        return cls(*values)

    return decode


@functools.cache
def stored_as_text(cls: type) -> frozenset[str]:
    """The fields whose stored value differs from the Python value (flags, enums, tuples)."""
    return frozenset(name for name, s in specs(cls) if s.decode() is not None)


class Column(NamedTuple):
    """A column as a migrated file must have it: name, type, NOT NULL and link."""

    name: str
    sql_type: str
    not_null: bool
    references: str  # the linked table, '' for none


def columns(cls: type) -> list[Column]:
    return [Column(name, s.sql_type, not s.optional, s.references)
            for name, s in specs(cls)]
