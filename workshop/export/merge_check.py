"""Checking a bundle's records before a merge: against the JSON Schema shipped with the app
(``schema_check``), the app's own input rules, and each other's links."""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable
from typing import Any

from workshop.errors import InputError
from workshop.export.bundle import Bundle, BundleError, photo_name
from workshop.export.schema_check import compiled_schema
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
)
from workshop.rules import validated

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
                    raise data_error(bundle, f"{cls.TABLE}[{index}]", problem)
        found: dict[str, Record] = {}
        for index, item in enumerate(items):
            where = f"{cls.TABLE}[{index}]"
            if item["id"] in found:
                raise data_error(bundle, where, Message(N_("the id {id} appears twice"),
                                                         {"id": item["id"]}))
            found[item["id"]] = _record(bundle, cls, item, where)
        records[cls.TABLE] = found
    (workshop,) = records["workshop"].values()  # the schema allows exactly one
    if workshop.deleted_at is not None:
        raise data_error(bundle, "workshop[0]", Message(N_("the workshop is marked deleted")))
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
        content = bundle.photos.get(name)  # left in the zip until it is written
        if content is None:
            raise data_error(bundle, where, Message(N_("its image {name} is missing"),
                                                     {"name": name}))
        if content.sha256 != digest:
            raise data_error(bundle, where, Message(N_("its image {name} does not match its "
                                                        "checksum"), {"name": name}))
        values["data"] = content
    try:
        return validated(cls(*_VALUES_IN_ORDER[cls](values)))
    except InputError as error:
        raise data_error(bundle, where, error.message) from None
    except RecursionError:
        raise data_error(bundle, where, Message(N_("it is nested too deeply"))) from None


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
    return data_error(bundle, f"{cls.TABLE} {record.id}", Message(
        N_("{field} refers to {id}, which is neither in the bundle nor in the workshop"),
        {"field": name, "id": value}))


def data_error(bundle: Bundle, where: str, problem: Message) -> BundleError:
    return BundleError(bundle.path, N_("The data in {bundle} is not valid: workshop.json, "
                                       "{where}: {problem}."), where=where, problem=problem)

