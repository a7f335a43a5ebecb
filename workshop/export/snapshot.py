"""The workshop's data as one plain structure, and its fingerprint.

Every export starts here: the bundle writes the snapshot as ``workshop.json``; the PDFs
print the fingerprint in their QR codes, so a printout can be matched to its bundle.
The fingerprint covers the data (not any PDF, which cannot contain its own hash).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import operator
import types
import typing
from collections.abc import Callable, Sequence
from enum import Enum
from typing import Any, TypeVar

from workshop.model import RECORD_TYPES, Photo, Record
from workshop.store import WorkshopStore

T = TypeVar("T")

FORMAT = "workshop-data"
FINGERPRINT = "fingerprint"  # its key in a store snapshot's memo
FORMAT_VERSION = 3
# What each format version added to a record kind, with the value older data stands for:
# reading older data fills them in, so the schema (which lists every field) still holds.
_ADDED_FIELDS: dict[int, dict[str, dict[str, Any]]] = {
    2: {"workshop": {"co_organiser": "", "facilitators": "", "next_steps": "", "contact": "",
                     "era_dates": False}},
    3: {"ideas": {"source": "laptop"}, "ballots": {"source": "laptop"},
        "vote_rounds": {"may_change_ballot": False}},
}
# Values that go into JSON as they are; fields of other types are converted (enums, tuples).
_PLAIN_TYPES = frozenset({str, int, bool, type(None)})


def upgrade(data: dict[str, Any]) -> None:
    """Bring workshop data of an older format version up to this one, in place (after its
    fingerprint has been checked: the fingerprint is of the data as it was written)."""
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        return  # the format check reports it
    for added in range(version + 1, FORMAT_VERSION + 1):
        for table, defaults in _ADDED_FIELDS.get(added, {}).items():
            for record in data.get(table) or ():
                if isinstance(record, dict):
                    for name, value in defaults.items():
                        record.setdefault(name, value)
    if version < FORMAT_VERSION:
        data["format_version"] = FORMAT_VERSION


def record_dict(record: Record) -> dict[str, Any]:
    """A record as JSON-ready values; photo bytes are replaced by their SHA-256."""
    return record_dicts(type(record), [record])[0]


def record_dicts(cls: type[Record], records: Sequence[Record]) -> list[dict[str, Any]]:
    """``record_dict`` of many records of one kind (10,000 ideas add up: the fields are
    looked up once per kind, and only those that are not plain JSON values are converted)."""
    names, values, converted = _fields(cls)
    found = [dict(zip(names, values(record), strict=True)) for record in records]
    for name in converted:
        for data in found:
            data[name] = _plain(data[name])
    if cls is Photo:
        for data, record in zip(found, records, strict=True):
            # A photo still in an imported bundle knows its checksum (checked on reading).
            known = getattr(record.data, "sha256", None)
            data["sha256"] = known or hashlib.sha256(record.data).hexdigest()
    return found


@functools.cache
def _fields(cls: type[Record]) -> tuple[tuple[str, ...], Callable[[Record], tuple],
                                         tuple[str, ...]]:
    """The fields a kind of record writes (bytes are left out), a getter of their values,
    and the fields whose values need ``_plain`` (enums, tuples), from the type hints."""
    hints = typing.get_type_hints(cls)
    names = tuple(f.name for f in dataclasses.fields(cls) if hints[f.name] is not bytes)
    converted = tuple(name for name in names if not _is_plain(hints[name]))
    return names, operator.attrgetter(*names), converted


def _is_plain(hint: Any) -> bool:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return all(arg in _PLAIN_TYPES for arg in typing.get_args(hint))
    return hint in _PLAIN_TYPES


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return list(value)
    return value


def snapshot(store: WorkshopStore) -> dict[str, Any]:
    """Everything the workshop holds, deletions (tombstones) included, in a stable order."""
    data: dict[str, Any] = {"format": FORMAT, "format_version": FORMAT_VERSION}
    for cls in RECORD_TYPES:
        records = sorted(store.list(cls, include_deleted=True), key=operator.attrgetter("id"))
        data[cls.TABLE] = record_dicts(cls, records)
    anonymise_ballots(data)
    return data


def anonymise_ballots(data: dict[str, Any]) -> None:
    """Give every ballot and ballot dot its round's opening time and no device id.

    Exact cast times (and the laptop) would let someone who watched the queue at the voting
    laptop match ballots to people by their order. Nothing needs them after the vote, and
    the result is the same when applied twice, so an imported workshop snapshots the same.
    (The log entry of a voided ballot keeps the time it was voided.)
    """
    rounds = {r["id"]: r["opened_at"] or r["created_at"] for r in data["vote_rounds"]}
    ballot_times = {}
    for ballot in data["ballots"]:
        when = rounds.get(ballot["round_id"], ballot["created_at"])
        ballot_times[ballot["id"]] = when
        _coarsen(ballot, when, ("created_at", "updated_at", "cast_at", "voided_at", "deleted_at"))
    for dot in data["ballot_dots"]:
        when = ballot_times.get(dot["ballot_id"], dot["created_at"])
        _coarsen(dot, when, ("created_at", "updated_at", "deleted_at"))
    for event in data["round_events"]:  # the log of a voided ballot names its cast time
        if event["event"] == "ballot_voided" and '"cast_at"' in event["details"]:
            details = json.loads(event["details"])
            if details.get("ballot_id") in ballot_times:
                details["cast_at"] = ballot_times[details["ballot_id"]]
                event["details"] = json.dumps(details, ensure_ascii=False, sort_keys=True)


def _coarsen(record: dict[str, Any], when: str, names: tuple[str, ...]) -> None:
    for name in names:
        if record[name] is not None:
            record[name] = when
    record["device_id"] = ""


def remembered(store: WorkshopStore, key: Any, make: Callable[[], T]) -> T:
    """``make()``, made once per store snapshot: inside one version of the data what one
    output works out (the fingerprint, the report's data) holds for the next."""
    memo = getattr(store, "memo", None)  # only a snapshot has one: a live store changes
    if memo is None:
        return make()
    if key not in memo:
        memo[key] = make()
    return memo[key]


def data_fingerprint(store: WorkshopStore) -> str:
    """The fingerprint of everything the store holds (``fingerprint(snapshot(store))``)."""
    return remembered(store, FINGERPRINT, lambda: fingerprint(snapshot(store)))


def fingerprint(data: dict[str, Any]) -> str:
    """SHA-256 of the snapshot in canonical JSON: ``sha256:<64 hex digits>``."""
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def short_fingerprint(value: str) -> str:
    """The first 16 hex digits in groups of four, for people to read aloud and compare."""
    digits = value.removeprefix("sha256:")[:16]
    return "-".join(digits[i:i + 4] for i in range(0, 16, 4))
