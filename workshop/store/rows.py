"""How records become rows and rows become records (decoders derived from workshop.fields).

Values a record holds that SQLite has no type for (enums, tuples, booleans) are encoded
on the way in and decoded on the way out; every other field is stored as it is.
"""

from __future__ import annotations

import functools
import json
import operator
from collections.abc import Callable, Iterable, Iterator
from enum import Enum
from typing import Any, TypeVar

from workshop import fields
from workshop.model import Ballot, Idea, Photo, Record, VoteRound, Workshop

R = TypeVar("R", bound=Record)

# Columns a migration added, with the value an older file stands for (SQL literals): a file
# opened read-only is not migrated, and still reads as the current records.
ADDED_COLUMNS: dict[type[Record], dict[int, dict[str, str]]] = {
    Workshop: {6: {"co_organiser": "''", "facilitators": "''", "next_steps": "''",
                   "contact": "''", "era_dates": "0"}},
    Idea: {7: {"source": "'laptop'"}},
    Ballot: {7: {"source": "'laptop'"}},
    VoteRound: {7: {"may_change_ballot": "0"}},
}

def encode(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return json.dumps(list(value), ensure_ascii=False)
    if isinstance(value, bool):
        return int(value)
    return value


def decoder(cls: type[R]) -> Callable[[tuple], R]:
    """A function from a row of ``cls.columns()`` to the record (derived from the
    record's field declarations)."""
    return fields.decoder(cls)


def encoded_rows(cls: type[Record], columns: list[str],
                 records: list[Record]) -> Iterator[list[Any]]:
    """Rows of values as stored; only the fields with a decoder need encoding (10,000
    ideas in a merge make this worth it)."""
    get = operator.attrgetter(*columns)
    special = [n for n, c in enumerate(columns) if c in fields.stored_as_text(cls)]
    # A photo from a bundle is read from the zip only now, one at a time, as SQLite takes
    # the rows (``executemany`` draws on this generator): memory holds one photo, not all.
    data = columns.index("data") if cls is Photo else None
    for record in records:
        row = list(get(record))
        for n in special:
            row[n] = encode(row[n])
        if data is not None and not isinstance(row[data], bytes | bytearray):
            row[data] = row[data].read()
        yield row


def by_type(records: Iterable[Record]) -> dict[type[Record], list[Record]]:
    grouped: dict[type[Record], list[Record]] = {}
    for record in records:
        grouped.setdefault(type(record), []).append(record)
    return grouped


@functools.cache
def insert_sql(cls: type[Record]) -> str:
    columns = cls.columns()
    return (f"INSERT INTO {cls.TABLE} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})")
