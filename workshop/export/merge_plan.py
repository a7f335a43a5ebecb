"""Planning a merge: which version of every record a merge keeps (see ``merge``'s rule),
worked out in memory before anything is written."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from workshop import strict_json
from workshop.export import decidim
from workshop.export.bundle_read import Bundle, BundleError
from workshop.export.merge_report import Conflict, MergeReport, Replaced
from workshop.export.snapshot import anonymise_ballots, record_dict
from workshop.i18n import N_, Message
from workshop.model import RECORD_TYPES, Record
from workshop.store import WorkshopStore

PLATFORM_KEYS = ("proposals_per", "cluster_links")
# How far ahead of this laptop's clock a bundle's times may be: laptops without a network
# drift by seconds or minutes; a time beyond this is a wrong clock or a forgery, and would
# win every later merge of its record.
MAX_CLOCK_SKEW = timedelta(minutes=10)
_TIMES = ("created_at", "updated_at", "deleted_at")
_BY_TABLE = {cls.TABLE: cls for cls in RECORD_TYPES}


@dataclass
class _Version:
    record: Record
    view: dict[str, Any] | None = None  # as in workshop.json; made when first compared

    def seen(self) -> dict[str, Any]:
        if self.view is None:
            self.view = record_dict(self.record)
        return self.view


class MergePlan:
    """The merge worked out in memory: the current version of every record touched."""

    def __init__(self, current: dict[str, dict[str, _Version]],
                 history_keys: set[tuple[str, str, str]],
                 settings: dict[str, tuple[str, str, str]], *,
                 device_id: str | None, now: datetime | None) -> None:
        self.current = current
        self.original = {table: set(found) for table, found in current.items()}
        self.changed: dict[str, set[str]] = {cls.TABLE: set() for cls in RECORD_TYPES}
        self.history_keys = set(history_keys)
        self.history: list[tuple[str, str, str, str, str]] = []
        self.target_settings = dict(settings)
        self.original_settings = dict(settings)
        self.settings: list[tuple[str, str, str, str]] = []
        self.device_id = device_id  # this laptop's, when merging into its workshop
        self.latest = (now or datetime.now(UTC)) + MAX_CLOCK_SKEW

    @classmethod
    def of(cls, store: WorkshopStore, now: datetime | None = None) -> MergePlan:
        records = {c.TABLE: store.list(c, include_deleted=True) for c in RECORD_TYPES}
        # The views are anonymised as in a bundle (snapshot's rule), so they compare equal.
        views = {table: [record_dict(r) for r in found] for table, found in records.items()}
        anonymise_ballots(views)
        current = {
            table: {r.id: _Version(r, view) for r, view in zip(found, views[table], strict=True)}
            for table, found in records.items()
        }
        return cls(current, store.merge_history_keys(), store.platform_settings(),
                   device_id=store.device_id, now=now)

    @classmethod
    def empty(cls, now: datetime | None = None) -> MergePlan:
        return cls({c.TABLE: {} for c in RECORD_TYPES}, set(), {}, device_id=None, now=now)

    def known_ids(self, table: str) -> set[str]:
        return set(self.current[table])

    def merge(self, bundle: Bundle, records: dict[str, dict[str, Record]]) -> MergeReport:
        self._refuse_future(bundle, records)
        report = MergeReport(bundle.path, bundle.fingerprint)
        for table, found in records.items():
            versions = self.current[table]
            for record_id, record in found.items():
                mine = versions.get(record_id)
                if mine is None:
                    versions[record_id] = _Version(record)
                    self.changed[table].add(record_id)
                    report.added[table] += 1
                    continue
                theirs = _Version(record)
                self._merge_one(bundle, table, mine, theirs, report)
        self._merge_settings(bundle, report)
        return report

    def _refuse_future(self, bundle: Bundle, records: dict[str, dict[str, Record]]) -> None:
        """A time ahead of this laptop's clock would win every later merge of its record."""
        latest = self.latest.astimezone(UTC)
        latest_utc = latest.strftime("%Y-%m-%dT%H:%M:%S.%f")
        for table, found in records.items():
            for record in found.values():
                for name in _TIMES:
                    value = getattr(record, name)
                    if value is not None and _after(value, latest, latest_utc):
                        raise _future(bundle, Message(_BY_TABLE[table].KIND),
                                      _label(record_dict(record)), value, self.latest)
        for key in PLATFORM_KEYS:
            entry = bundle.platform.get(key)
            when = entry.get("updated_at") if isinstance(entry, dict) else None
            with contextlib.suppress(ValueError, TypeError):  # an invalid one is ignored
                if isinstance(when, str) and _after(when, latest, latest_utc):
                    raise _future(bundle, Message(N_("platform setting")), key, when,
                                  self.latest)

    def _merge_one(self, bundle: Bundle, table: str, mine: _Version, theirs: _Version,
                   report: MergeReport) -> None:
        old, new = mine.seen(), theirs.seen()
        if old == new or (table, new["id"], _sha(new)) in self.history_keys:
            report.unchanged[table] += 1
            return
        local = new["id"] in self.original[table] and new["id"] not in self.changed[table]
        anonymous = table in ("ballots", "ballot_dots")  # no device, no real times
        newer = _merge_key(table, new) > _merge_key(table, old)
        if (newer and local and not anonymous and self.device_id is not None
                and old["device_id"] == new["device_id"] == self.device_id):
            # This laptop's own change: no bundle knows a later one than this laptop.
            self._refuse(bundle, table, theirs, report, "own")
            return
        if (newer and not anonymous and old["deleted_at"] is not None
                and new["deleted_at"] is None and not _edited_after_deletion(old, new)):
            self._refuse(bundle, table, theirs, report, "deleted")
            return
        # Versions by one laptop are in order; ballots change one way only (voided, deleted).
        if old["device_id"] == new["device_id"] or anonymous:
            if not newer:
                report.unchanged[table] += 1  # an older version by the same laptop
                return
            report.updated[table] += 1
            why = "updated"
        else:
            loser = mine if newer else theirs
            self._keep_in_history(table, loser.seen(), bundle.fingerprint)
            report.conflicting[table] += 1
            report.conflicts.append(Conflict(table, new["id"], _label(new),
                                             "bundle" if newer else "workshop"))
            if not newer:
                return
            why = "conflict"
        if old["deleted_at"] is not None and new["deleted_at"] is None:
            why = "restored"
        elif new["deleted_at"] is not None and old["deleted_at"] is None:
            why = "deleted"
        if local:  # the workshop's own version is replaced: listed and kept
            self._keep_in_history(table, old, bundle.fingerprint)
            report.replaced.append(Replaced(table, new["id"], _label(old), _label(new), why))
        self._replace(table, theirs)

    def _refuse(self, bundle: Bundle, table: str, theirs: _Version, report: MergeReport,
                reason: str) -> None:
        view = theirs.seen()
        self._keep_in_history(table, view, bundle.fingerprint)
        report.conflicting[table] += 1
        report.conflicts.append(Conflict(table, view["id"], _label(view), "workshop", reason))

    def _replace(self, table: str, version: _Version) -> None:
        self.current[table][version.record.id] = version
        self.changed[table].add(version.record.id)

    def _keep_in_history(self, table: str, view: dict[str, Any], print_: str) -> None:
        digest = _sha(view)
        if (table, view["id"], digest) not in self.history_keys:
            self.history_keys.add((table, view["id"], digest))
            self.history.append((table, view["id"], _canonical(view), digest, print_))

    def _merge_settings(self, bundle: Bundle, report: MergeReport) -> None:
        for key in PLATFORM_KEYS:
            if key not in bundle.platform:
                continue
            entry = bundle.platform[key]
            if not _valid_setting(key, entry):
                raise BundleError(bundle.path, N_(
                    "The platform setting {key} in {bundle} is not valid (platform-settings."
                    "json); nothing was imported."), key=key)
            when = datetime.fromisoformat(entry["updated_at"])
            value = strict_json.dumps(entry["value"], ensure_ascii=False, sort_keys=True)
            mine = self.target_settings.get(key)
            if mine is not None and _time(mine[1]) >= when:
                continue
            row = (key, value, entry["updated_at"], entry["device_id"][:100])
            if mine is not None and self.original_settings.get(key) == mine:
                if mine[2] == row[3] == self.device_id:
                    continue  # this laptop's own setting: never replaced by a bundle
                view = {"id": key, "value": strict_json.loads(mine[0]), "updated_at": mine[1],
                        "device_id": mine[2]}
                self._keep_in_history("platform_settings", view, bundle.fingerprint)
                report.replaced.append(Replaced("platform_settings", key, _short(mine[0]),
                                                _short(value), "updated"))
            self.target_settings[key] = row[1:]
            self.settings = [s for s in self.settings if s[0] != key] + [row]

    def settle_tallies(self, reports: list[MergeReport]) -> None:
        """Two live paper counts of one candidate in one round (entered on two laptops):
        the later stays, the other becomes a tombstone, its live version in the history."""
        live: dict[tuple[str, str], list[_Version]] = {}
        for version in self.current["tallies"].values():
            tally = version.record
            if tally.deleted_at is None:
                live.setdefault((tally.round_id, tally.candidate_id), []).append(version)
        for versions in live.values():
            if len(versions) < 2:
                continue
            versions.sort(key=lambda v: _merge_key("tallies", v.seen()))
            winner = versions[-1].record
            for loser in versions[:-1]:
                view = loser.seen()
                self._keep_in_history("tallies", view, reports[-1].fingerprint)
                kept = "bundle" if view["id"] in self.original["tallies"] else "workshop"
                tombstone = dataclasses.replace(
                    loser.record, deleted_at=max(winner.updated_at, loser.record.updated_at),
                    updated_at=max(winner.updated_at, loser.record.updated_at))
                self._replace("tallies", _Version(tombstone))
                reports[-1].conflicting["tallies"] += 1
                reports[-1].conflicts.append(Conflict("tallies", view["id"], _label(view), kept))

    def inserts(self) -> list[Record]:
        return [self.current[t][i].record for t, ids in self.changed.items() for i in ids
                if i not in self.original[t]]

    def replaces(self) -> list[Record]:
        return [self.current[t][i].record for t, ids in self.changed.items() for i in ids
                if i in self.original[t]]


def _merge_key(table: str, view: dict[str, Any]) -> tuple:
    """Which of two versions wins: the greater key. Total, so any import order gives the
    same result."""
    deleted = view["deleted_at"] is not None
    if table == "ballots":
        return (view["voided_at"] is not None, deleted, _canonical(view))
    if table == "ballot_dots":
        return (deleted, _canonical(view))
    return (_time(view["updated_at"]), deleted, view["device_id"], _canonical(view))


def _valid_setting(key: str, entry: Any) -> bool:
    """A platform setting's entry as this app writes it, every type checked."""
    if not (isinstance(entry, dict) and set(entry) == {"value", "updated_at", "device_id"}
            and isinstance(entry["updated_at"], str) and isinstance(entry["device_id"], str)
            and 0 < len(entry["device_id"]) <= 100 and _TIME.fullmatch(entry["updated_at"])):
        return False
    try:
        datetime.fromisoformat(entry["updated_at"])
    except ValueError:
        return False
    return decidim.valid_setting(key, entry["value"])


# As workshop.schema.json's times: with an offset, so that they compare.
_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?"
                   r"(Z|[+-][0-9]{2}:[0-9]{2})")


def _time(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _after(value: str, latest: datetime, latest_utc: str) -> bool:
    """Whether the time ``value`` is later than ``latest`` (in UTC, also given as text
    without its offset): the app writes UTC times, which compare as text."""
    if value.endswith("+00:00") and len(value) <= 32:
        return value[:-6] > latest_utc
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment > latest


def _future(bundle: Bundle, kind: Message, label: str, value: str,
            latest: datetime) -> BundleError:
    return BundleError(bundle.path, N_(
        "{bundle} holds a change dated in the future ({kind} “{label}”: {time}; this "
        "laptop's clock says {now}). The clock of the laptop that made it, or of this one, "
        "is wrong: correct it, export the bundle again and import it. Nothing was "
        "imported."), kind=kind, label=label, time=value[:40],
        now=(latest - MAX_CLOCK_SKEW).isoformat(timespec="seconds"))


# What a version of a record holds besides its times and laptop: what a person edits.
_STAMPS = frozenset({"created_at", "updated_at", "deleted_at", "device_id"})


def _edited_after_deletion(deleted: dict[str, Any], live: dict[str, Any]) -> bool:
    """Whether the live version was edited after the deletion: a later time alone does not
    undo a deletion (a forged bundle can write any time), a changed value does."""
    return any(deleted[k] != v for k, v in live.items() if k not in _STAMPS)


def _short(value: str) -> str:
    return value if len(value) <= 80 else value[:79] + "…"


def _canonical(view: dict[str, Any]) -> str:
    return json.dumps(view, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _sha(view: dict[str, Any]) -> str:
    return hashlib.sha256(_canonical(view).encode("utf-8")).hexdigest()


def _label(view: dict[str, Any]) -> str:
    for name in ("title", "name", "text", "caption"):
        if view.get(name):
            return str(view[name])[:80]
    return view["id"]

