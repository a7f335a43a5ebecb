"""The workshop's data as one plain structure, and its fingerprint.

Every export starts here: the bundle writes the snapshot as ``workshop.json``; the PDFs
print the fingerprint in their QR codes, so a printout can be matched to its bundle.
The fingerprint covers the data (not any PDF, which cannot contain its own hash).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from enum import Enum
from typing import Any

from workshop.model import RECORD_TYPES, Photo, Record
from workshop.store import WorkshopStore

FORMAT = "workshop-data"
FORMAT_VERSION = 1


def record_dict(record: Record) -> dict[str, Any]:
    """A record as JSON-ready values; photo bytes are replaced by their SHA-256."""
    data = {}
    for field in dataclasses.fields(record):
        value = getattr(record, field.name)
        if isinstance(value, Enum):
            value = value.value
        elif isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, bytes):
            continue
        data[field.name] = value
    if isinstance(record, Photo):
        data["sha256"] = hashlib.sha256(record.data).hexdigest()
    return data


def snapshot(store: WorkshopStore) -> dict[str, Any]:
    """Everything the workshop holds, deletions (tombstones) included, in a stable order."""
    data: dict[str, Any] = {"format": FORMAT, "format_version": FORMAT_VERSION}
    for cls in RECORD_TYPES:
        records = sorted(store.list(cls, include_deleted=True), key=lambda r: r.id)
        data[cls.TABLE] = [record_dict(r) for r in records]
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


def fingerprint(data: dict[str, Any]) -> str:
    """SHA-256 of the snapshot in canonical JSON: ``sha256:<64 hex digits>``."""
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def short_fingerprint(value: str) -> str:
    """The first 16 hex digits in groups of four, for people to read aloud and compare."""
    digits = value.removeprefix("sha256:")[:16]
    return "-".join(digits[i:i + 4] for i in range(0, 16, 4))
