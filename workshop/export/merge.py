"""Importing bundles: checking workshop.json, and merging several laptops' work by UUID.

Everything is read and checked before anything is written: the bundle (``bundle.py``),
then every record against the JSON Schema shipped with the app and the app's own input
rules, then every link between records. Only then is the merge planned in memory and
written in one transaction (``WorkshopStore.apply_merge``), so a bad bundle changes
nothing, and a new workshop file appears only when it is complete.

The merge rule (docs/bundle-format.md): a record new to the workshop is added; the same
version is unchanged; of two versions written by the same laptop, the later one is kept
(an update); two versions written by different laptops are a conflict: the one changed
last is kept (``updated_at``, then deletion, then device id and content, so the result
does not depend on the order of imports) and the other goes to the merge history. A
version already in the history is not a new conflict, so importing a bundle again
changes nothing. Ballots are anonymous and carry no real times: of two versions, a
voided or deleted one wins. Two live paper tallies of the same candidate keep the
later one.

A bundle's checksums only prove that nothing changed after it was written, not who wrote
it, so the rule also holds against a forged one: times more than ``MAX_CLOCK_SKEW`` in
the future are refused; a version claiming to be by this laptop never replaces this
laptop's own; a deletion is undone only by a version edited after it (and that is
reported); and every version of the workshop that a merge replaces is listed in the
report and kept in the merge history.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import operator
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from workshop import strict_json
from workshop.errors import InputError, WorkshopFileError
from workshop.export import decidim
from workshop.export.bundle import Bundle, BundleError, photo_name, read_bundle
from workshop.export.common import Progress
from workshop.export.merge_report import Conflict, MergeReport, Replaced
from workshop.export.schema_check import compiled_schema
from workshop.export.snapshot import anonymise_ballots, record_dict
from workshop.i18n import N_, Message
from workshop.model import (
    RECORD_TYPES,
    Ballot,
    BallotDot,
    Cluster,
    Idea,
    Note,
    Photo,
    Record,
    RoundEvent,
    Tally,
    VoteRound,
    Workshop,
)
from workshop.rules import validated
from workshop.store import WorkshopStore

# Links between records (field -> table), checked before anything is written.
LINKS: dict[type[Record], dict[str, str]] = {
    Cluster: {"prompt_id": "prompts"},
    Idea: {"prompt_id": "prompts", "team_id": "teams", "cluster_id": "clusters",
           "merged_into_id": "ideas"},
    VoteRound: {"prompt_id": "prompts", "source_round_id": "vote_rounds"},
    Ballot: {"round_id": "vote_rounds", "team_id": "teams"},
    BallotDot: {"ballot_id": "ballots"},
    Tally: {"round_id": "vote_rounds"},
    Note: {"team_id": "teams", "prompt_id": "prompts", "idea_id": "ideas"},
    Photo: {"team_id": "teams", "prompt_id": "prompts", "idea_id": "ideas"},
    RoundEvent: {"round_id": "vote_rounds"},
}
# Fields naming a vote candidate: an idea or a cluster.
CANDIDATE_FIELDS: dict[type[Record], str] = {
    VoteRound: "candidate_ids", BallotDot: "candidate_id", Tally: "candidate_id",
}
PLATFORM_KEYS = ("proposals_per", "cluster_links")
# How far ahead of this laptop's clock a bundle's times may be: laptops without a network
# drift by seconds or minutes; a time beyond this is a wrong clock or a forgery, and would
# win every later merge of its record.
MAX_CLOCK_SKEW = timedelta(minutes=10)
_TIMES = ("created_at", "updated_at", "deleted_at")
_BY_TABLE = {cls.TABLE: cls for cls in RECORD_TYPES}


# ---------------------------------------------------------------------------- importing


def import_bundles(store: WorkshopStore, paths: Sequence[Path | str],
                   progress: Progress | None = None, *,
                   now: datetime | None = None) -> list[MergeReport]:
    """Merge bundles into an open workshop, all in one transaction; a backup is taken first
    when anything changes. Raises ``BundleError`` (nothing changed) on any problem.
    ``now``: this laptop's clock (tests), for refusing times in the future."""
    progress = progress or Progress()
    bundles = _read_all(paths, progress)
    workshop = store.workshop()
    for bundle in bundles:
        if bundle.manifest["workshop_id"] != workshop.id:
            raise BundleError(bundle.path, N_(
                "{bundle} belongs to another workshop (“{other}”), not to “{title}”. Only "
                "bundles of the same workshop can be merged: set up the other laptops from "
                "a copy of this workshop (or its bundle)."),
                other=str(bundle.manifest.get("workshop_title", "?"))[:200], title=workshop.title)
    plan = _Plan.of(store, now)
    reports = [plan.merge(bundle, validated_records(bundle, plan.known_ids))
               for bundle in bundles]
    plan.settle_tallies(reports)
    progress.step(len(bundles) * 2, len(bundles) * 2 + 1)
    if any(r.changed for r in reports) or plan.settings:
        store.backup("import")
        store.apply_merge(plan.inserts(), plan.replaces(), plan.history, plan.settings)
    progress.step(len(bundles) * 2 + 1, len(bundles) * 2 + 1)
    return reports


def import_into_new_file(path: Path | str, paths: Sequence[Path | str], *, device_id: str,
                         progress: Progress | None = None,
                         now: datetime | None = None) -> list[MergeReport]:
    """Make a new workshop file from bundles; the file appears only when complete."""
    progress = progress or Progress()
    path = Path(path)
    if path.exists():
        raise WorkshopFileError(path, N_("A file already exists at {path}; choose another name."))
    bundles = _read_all(paths, progress)
    first_id = bundles[0].manifest["workshop_id"]
    for bundle in bundles[1:]:
        if bundle.manifest["workshop_id"] != first_id:
            raise BundleError(bundle.path, N_(
                "{bundle} belongs to another workshop than {first}; only bundles of the same "
                "workshop can be merged."), first=bundles[0].path.name)
    plan = _Plan.empty(now)
    reports = [plan.merge(bundle, validated_records(bundle, plan.known_ids))
               for bundle in bundles]
    plan.settle_tallies(reports)
    workshop = next(r for r in plan.inserts() if isinstance(r, Workshop))
    # create() builds the file under a private name and moves it into place when complete;
    # it stamped the workshop anew, so the merge puts back the bundle's version.
    WorkshopStore.create(path, workshop, device_id=device_id, fill=lambda store: (
        store.apply_merge([r for r in plan.inserts() if not isinstance(r, Workshop)],
                          [workshop], plan.history, plan.settings))).close()
    progress.step(1, 1)
    return reports


def _read_all(paths: Sequence[Path | str], progress: Progress) -> list[Bundle]:
    if not paths:
        raise InputError("bundles", N_("Choose at least one bundle to import."))
    total = len(paths) * 2 + 1
    bundles = []
    for n, path in enumerate(paths):
        progress.step(n, total)
        inner = Progress(is_cancelled=progress.is_cancelled)
        bundles.append(read_bundle(path, inner))
    return bundles


# --------------------------------------------------------------------- checking records


def validated_records(bundle: Bundle, known: Callable[[str], set[str]] | None = None
                      ) -> dict[str, dict[str, Record]]:
    """The bundle's records by table and id, checked against the schema, the input rules
    and each other; ``known(table)`` gives ids that already exist in the target."""
    data = bundle.data
    checks = compiled_schema()
    problem = checks.check_top(data)
    if problem:
        raise BundleError(bundle.path, N_("The data in {bundle} is not valid: workshop.json: "
                                          "{problem}."), problem=problem)
    records: dict[str, dict[str, Record]] = {}
    for cls in RECORD_TYPES:
        items = data[cls.TABLE]
        if not checks.all_valid[cls.TABLE](items):  # then find the first problem and name it
            checker = checks.records[cls.TABLE]
            for index, item in enumerate(items):
                problem = checker(item)
                if problem:
                    raise _data_error(bundle, f"{cls.TABLE}[{index}]", problem)
        found: dict[str, Record] = {}
        for index, item in enumerate(items):
            where = f"{cls.TABLE}[{index}]"
            if item["id"] in found:
                raise _data_error(bundle, where, Message(N_("the id {id} appears twice"),
                                                         {"id": item["id"]}))
            found[item["id"]] = _record(bundle, cls, item, where)
        records[cls.TABLE] = found
    (workshop,) = records["workshop"].values()  # the schema allows exactly one
    if workshop.deleted_at is not None:
        raise _data_error(bundle, "workshop[0]", Message(N_("the workshop is marked deleted")))
    _check_links(bundle, records, known or (lambda table: set()))
    return records


_TUPLES = {cls: tuple(f.name for f in dataclasses.fields(cls) if "tuple" in str(f.type))
           for cls in RECORD_TYPES}
# A record's values in its fields' order: built positionally, a dataclass is made twice as
# fast as from keywords (10,000 ideas: ~12 ms). The schema check has already made sure that
# every record has exactly its fields.
_VALUES_IN_ORDER = {cls: operator.itemgetter(*(f.name for f in dataclasses.fields(cls)))
                    for cls in RECORD_TYPES}


def _record(bundle: Bundle, cls: type[Record], item: dict[str, Any], where: str) -> Record:
    values = dict(item) if _TUPLES[cls] or cls is Photo else item  # copied only to change
    for name in _TUPLES[cls]:  # JSON arrays are tuples in records
        values[name] = tuple(values[name])
    if cls is Photo:
        digest = values.pop("sha256")
        name = photo_name(values["id"], values["mime"])
        content = bundle.photos.get(name)
        if content is None:
            raise _data_error(bundle, where, Message(N_("its image {name} is missing"),
                                                     {"name": name}))
        if hashlib.sha256(content).hexdigest() != digest:
            raise _data_error(bundle, where, Message(N_("its image {name} does not match its "
                                                        "checksum"), {"name": name}))
        values["data"] = content
    try:
        return validated(cls(*_VALUES_IN_ORDER[cls](values)))
    except InputError as error:
        raise _data_error(bundle, where, error.message) from None
    except RecursionError:
        raise _data_error(bundle, where, Message(N_("it is nested too deeply"))) from None


def _check_links(bundle: Bundle, records: dict[str, dict[str, Record]],
                 known: Callable[[str], set[str]]) -> None:
    ids = {table: set(found) | known(table) for table, found in records.items()}
    candidates = ids["ideas"] | ids["clusters"]
    for cls in RECORD_TYPES:
        links = LINKS.get(cls, {})
        candidate_field = CANDIDATE_FIELDS.get(cls)
        for record in records[cls.TABLE].values():
            for name, table in links.items():
                value = getattr(record, name)
                if value is not None and value not in ids[table]:
                    raise _missing(bundle, cls, record, name, value)
            if candidate_field:
                value = getattr(record, candidate_field)
                for candidate in value if isinstance(value, tuple) else (value,):
                    if candidate not in candidates:
                        raise _missing(bundle, cls, record, candidate_field, candidate)


def _missing(bundle: Bundle, cls: type[Record], record: Record, name: str,
             value: str) -> BundleError:
    return _data_error(bundle, f"{cls.TABLE} {record.id}", Message(
        N_("{field} refers to {id}, which is neither in the bundle nor in the workshop"),
        {"field": name, "id": value}))


def _data_error(bundle: Bundle, where: str, problem: Message) -> BundleError:
    return BundleError(bundle.path, N_("The data in {bundle} is not valid: workshop.json, "
                                       "{where}: {problem}."), where=where, problem=problem)


# ------------------------------------------------------------------------------ planning


@dataclass
class _Version:
    record: Record
    view: dict[str, Any] | None = None  # as in workshop.json; made when first compared

    def seen(self) -> dict[str, Any]:
        if self.view is None:
            self.view = record_dict(self.record)
        return self.view


class _Plan:
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
    def of(cls, store: WorkshopStore, now: datetime | None = None) -> _Plan:
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
    def empty(cls, now: datetime | None = None) -> _Plan:
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


def history_versions(store: WorkshopStore, record_id: str) -> list[dict[str, Any]]:
    """The versions of one record that merges did not keep, oldest first (for the GUI)."""
    return [json.loads(row[4]) for row in store.merge_history(record_id)]


def conflicts_total(reports: Iterable[MergeReport]) -> int:
    return sum(r.conflicting.total() for r in reports)
