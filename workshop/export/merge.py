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
"""

from __future__ import annotations

import collections
import dataclasses
import functools
import hashlib
import json
import operator
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from workshop.errors import InputError, WorkshopFileError
from workshop.export.bundle import Bundle, BundleError, photo_name, read_bundle, schema
from workshop.export.common import Progress
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
_BY_TABLE = {cls.TABLE: cls for cls in RECORD_TYPES}


# ------------------------------------------------------------------------------ reports


@dataclass(frozen=True)
class Conflict:
    """A record two laptops both wrote; ``kept`` is "bundle" or "workshop"."""

    table: str
    record_id: str
    label: str  # the record's title, name or text, for people
    kept: str


@dataclass
class MergeReport:
    """What importing one bundle did, per kind of record (table name -> count)."""

    bundle: Path
    fingerprint: str
    added: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    conflicting: Counter[str] = field(default_factory=Counter)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.conflicts)

    def summary(self) -> Message:
        return Message(N_("{bundle}: {added} added, {updated} updated, {unchanged} unchanged, "
                          "{conflicting} conflicting"), {
            "bundle": self.bundle.name, "added": self.added.total(),
            "updated": self.updated.total(), "unchanged": self.unchanged.total(),
            "conflicting": self.conflicting.total()})

    def conflict_lines(self) -> list[Message]:
        lines = []
        for c in self.conflicts:
            kind = Message(_BY_TABLE[c.table].KIND)
            template = (N_("Conflict on {kind} “{label}”: the bundle's version was kept; the "
                           "workshop's is in the merge history.") if c.kept == "bundle" else
                        N_("Conflict on {kind} “{label}”: the workshop's version was kept; the "
                           "bundle's is in the merge history."))
            lines.append(Message(template, {"kind": kind, "label": c.label}))
        return lines


# ---------------------------------------------------------------------------- importing


def import_bundles(store: WorkshopStore, paths: Sequence[Path | str],
                   progress: Progress | None = None) -> list[MergeReport]:
    """Merge bundles into an open workshop, all in one transaction; a backup is taken first
    when anything changes. Raises ``BundleError`` (nothing changed) on any problem."""
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
    plan = _Plan.of(store)
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
                         progress: Progress | None = None) -> list[MergeReport]:
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
    plan = _Plan.empty()
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
    checks = _compiled_schema()
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


# --------------------------------------------------------------------------- the schema


@dataclass
class _Checks:
    check_top: Callable[[Any], Message | None]
    records: dict[str, Callable[[Any], Message | None]]
    # Per table: True when every record is valid, checked column by column; False means
    # "look record by record" (``records``), which finds and names the problem.
    all_valid: dict[str, Callable[[list[Any]], bool]]


@functools.cache
def _compiled_schema() -> _Checks:
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
    match = re.compile(node["pattern"]).match if "pattern" in node else None
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
                 settings: dict[str, tuple[str, str, str]]) -> None:
        self.current = current
        self.original = {table: set(found) for table, found in current.items()}
        self.changed: dict[str, set[str]] = {cls.TABLE: set() for cls in RECORD_TYPES}
        self.history_keys = set(history_keys)
        self.history: list[tuple[str, str, str, str, str]] = []
        self.target_settings = dict(settings)
        self.settings: list[tuple[str, str, str, str]] = []

    @classmethod
    def of(cls, store: WorkshopStore) -> _Plan:
        records = {c.TABLE: store.list(c, include_deleted=True) for c in RECORD_TYPES}
        # The views are anonymised as in a bundle (snapshot's rule), so they compare equal.
        views = {table: [record_dict(r) for r in found] for table, found in records.items()}
        anonymise_ballots(views)
        current = {
            table: {r.id: _Version(r, view) for r, view in zip(found, views[table], strict=True)}
            for table, found in records.items()
        }
        return cls(current, store.merge_history_keys(), store.platform_settings())

    @classmethod
    def empty(cls) -> _Plan:
        return cls({c.TABLE: {} for c in RECORD_TYPES}, set(), {})

    def known_ids(self, table: str) -> set[str]:
        return set(self.current[table])

    def merge(self, bundle: Bundle, records: dict[str, dict[str, Record]]) -> MergeReport:
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
        self._merge_settings(bundle)
        return report

    def _merge_one(self, bundle: Bundle, table: str, mine: _Version, theirs: _Version,
                   report: MergeReport) -> None:
        old, new = mine.seen(), theirs.seen()
        if old == new or (table, new["id"], _sha(new)) in self.history_keys:
            report.unchanged[table] += 1
            return
        newer = _merge_key(table, new) > _merge_key(table, old)
        # Versions by one laptop are in order; ballots change one way only (voided, deleted).
        if old["device_id"] == new["device_id"] or table in ("ballots", "ballot_dots"):
            if newer:
                self._replace(table, theirs)
                report.updated[table] += 1
            else:
                report.unchanged[table] += 1  # an older version by the same laptop
            return
        loser = mine if newer else theirs
        self._keep_in_history(table, loser.seen(), bundle.fingerprint)
        if newer:
            self._replace(table, theirs)
        report.conflicting[table] += 1
        report.conflicts.append(Conflict(table, new["id"], _label(new),
                                         "bundle" if newer else "workshop"))

    def _replace(self, table: str, version: _Version) -> None:
        self.current[table][version.record.id] = version
        self.changed[table].add(version.record.id)

    def _keep_in_history(self, table: str, view: dict[str, Any], print_: str) -> None:
        digest = _sha(view)
        if (table, view["id"], digest) not in self.history_keys:
            self.history_keys.add((table, view["id"], digest))
            self.history.append((table, view["id"], _canonical(view), digest, print_))

    def _merge_settings(self, bundle: Bundle) -> None:
        for key in PLATFORM_KEYS:
            entry = bundle.platform.get(key)
            if not (isinstance(entry, dict) and isinstance(entry.get("updated_at"), str)
                    and isinstance(entry.get("device_id"), str) and "value" in entry):
                continue
            try:
                when = datetime.fromisoformat(entry["updated_at"])
                value = json.dumps(entry["value"], ensure_ascii=False, sort_keys=True)
            except (ValueError, TypeError, RecursionError):
                continue
            mine = self.target_settings.get(key)
            if mine is not None and _time(mine[1]) >= when:
                continue
            row = (key, value, entry["updated_at"], entry["device_id"][:100])
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


def _time(value: str) -> datetime:
    return datetime.fromisoformat(value)


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
