"""Each record declared once (workshop/fields.py): what is derived from the declarations –
the SQL columns a migrated file has, the stored rows' decoding, the input rules, the shipped
JSON Schema – agrees with them."""

import dataclasses
import json
import re
from typing import ClassVar

import pytest

from workshop import fields
from workshop.errors import InputError
from workshop.export import bundle, json_schema
from workshop.fields import Kind
from workshop.model import (
    RECORD_TYPES,
    AgendaItem,
    Ballot,
    BallotDot,
    Cluster,
    Idea,
    Note,
    Photo,
    Prompt,
    Record,
    RoundEvent,
    RoundStatus,
    Tally,
    Team,
    VoteRound,
    Workshop,
)
from workshop.rules import LIMITS, validated


def _valid(cls: type[Record]) -> Record:
    """A record of ``cls`` that passes the input rules, with every link filled in."""
    made = {
        Workshop: lambda: Workshop(title="Square", languages=("ja", "en")),
        Prompt: lambda: Prompt(text="What would you like?"),
        Team: lambda: Team(name="Table A"),
        AgendaItem: lambda: AgendaItem(title="Ice-breaker"),
        Cluster: lambda: Cluster(name="Play"),
        Idea: lambda: Idea(title="A slide"),
        VoteRound: lambda: VoteRound(name="Round 1", prompt_id="p1", source_round_id="r0",
                                     shortlist_size=3),
        Ballot: lambda: Ballot(round_id="r1", cast_at="2026-11-14T06:05:00+00:00"),
        BallotDot: lambda: BallotDot(ballot_id="b1", candidate_id="i1", dots=1),
        Tally: lambda: Tally(round_id="r1", candidate_id="i1", dots=3),
        Note: lambda: Note(text="Ask the city"),
        Photo: lambda: Photo(data=b"\xff\xd8jpeg"),
        RoundEvent: lambda: RoundEvent(round_id="r1", at="2026-11-14T06:05:00+00:00"),
    }
    return made[cls]()


def _declared(kind: Kind):
    return [(cls, name, s) for cls in RECORD_TYPES for name, s in fields.specs(cls)
            if s.kind is kind]


def test_a_migrated_file_has_the_declared_columns(store):
    """The hand-written migrations and the declarations describe the same tables: names in
    order, SQL types, NOT NULL for every field that cannot be None, and the links."""
    for cls in RECORD_TYPES:
        table = store.db[cls.TABLE]
        found = [(c.name, c.type, bool(c.notnull)) for c in table.columns]
        declared = [(c.name, c.sql_type, c.not_null) for c in fields.columns(cls)]
        assert found == declared, cls.__name__
        links = {(fk.column, fk.other_table) for fk in table.foreign_keys}
        assert links == {(c.name, c.references) for c in fields.columns(cls) if c.references}
        # Where the file itself refuses other words, it knows exactly the declared ones.
        for name, words in re.findall(r"CHECK \((\w+) IN \(([^)]*)\)\)", table.schema):
            assert tuple(re.findall(r"'([^']*)'", words)) == fields.spec(cls, name).choices
    assert "CHECK (kind IN" in store.db["notes"].schema  # the check above saw one


def test_every_field_is_declared():
    @dataclasses.dataclass
    class Loose(Record):
        TABLE: ClassVar[str] = "loose"
        note: str = ""

    with pytest.raises(TypeError, match=r"Loose\.note"):
        fields.specs(Loose)


def test_records_come_back_from_the_file_as_they_went_in(store):
    """Flags, choices and lists are stored as numbers and text; the derived decoders turn
    them back into bools, enum members and tuples."""
    for cls in RECORD_TYPES:
        record = _valid(cls)
        row = [json.dumps(list(v)) if isinstance(v, tuple) else
               int(v) if isinstance(v, bool) else
               str(v) if isinstance(v, str) else v
               for v in (getattr(record, c) for c in cls.columns())]
        decoded = fields.decoder(cls)(tuple(row))
        assert decoded == record, cls.__name__
        for name in cls.columns():
            assert type(getattr(decoded, name)) is type(getattr(record, name)), name
    stored = store.add(VoteRound(name="R", prompt_id=store.add(Prompt(text="p")).id,
                                 candidate_ids=("a", "b"), allow_own_team=False))
    again = store.get(VoteRound, stored.id)
    assert again == stored
    assert again.status is RoundStatus.DRAFT and again.candidate_ids == ("a", "b")
    assert again.allow_own_team is False
    assert fields.stored_as_text(VoteRound) == {
        "candidate_kind", "candidate_ids", "allow_own_team", "hidden_until_revealed", "status",
        "may_change_ballot"}


@pytest.mark.parametrize(("cls", "name", "spec"), [
    (cls, name, s) for cls, name, s in _declared(Kind.TEXT) if s.max_length is not None])
def test_every_declared_text_limit_is_enforced(cls, name, spec):
    start = "https://example.jp/" if spec.form == "url" else ""
    longest = start + "あ" * (spec.max_length - len(start))
    assert getattr(validated(dataclasses.replace(_valid(cls), **{name: longest})),
                   name) == longest
    with pytest.raises(InputError) as caught:
        validated(dataclasses.replace(_valid(cls), **{name: longest + "あ"}))
    assert caught.value.field == (spec.label or name)
    assert "\n" not in caught.value.render("ja") and "\n" not in caught.value.render("en")
    if spec.required:
        with pytest.raises(InputError, match="must not be empty"):
            validated(dataclasses.replace(_valid(cls), **{name: "  "}))


@pytest.mark.parametrize(("cls", "name", "spec"), [
    (cls, name, s) for cls, name, s in _declared(Kind.INTEGER) if s.low is not None])
def test_every_declared_range_is_enforced(cls, name, spec):
    record = _valid(cls)
    if cls is VoteRound and name == "dots_per_voter":
        record = dataclasses.replace(record, max_dots_per_idea=1)
    for inside in (spec.low, spec.high):
        if cls is VoteRound and name == "max_dots_per_idea":
            record = dataclasses.replace(record, dots_per_voter=spec.high)
        assert getattr(validated(dataclasses.replace(record, **{name: inside})), name) == inside
    for outside in (spec.low - 1, spec.high + 1, "3", True):
        with pytest.raises(InputError) as caught:
            validated(dataclasses.replace(record, **{name: outside}))
        assert caught.value.field == name


@pytest.mark.parametrize(("cls", "name", "spec"), _declared(Kind.CHOICE))
def test_every_declared_choice_is_enforced(cls, name, spec):
    for word in spec.choices:
        cleaned = validated(dataclasses.replace(_valid(cls), **{name: word}))
        assert getattr(cleaned, name) == word
    with pytest.raises(InputError) as caught:
        validated(dataclasses.replace(_valid(cls), **{name: "nonsense"}))
    assert caught.value.field == name
    rendered = caught.value.render("ja")
    assert rendered and "\n" not in rendered and "{" not in rendered


def test_lists_keep_their_order_without_repeats_and_their_choices():
    w = validated(Workshop(title="t", languages=("en", "ja", "en")))
    assert w.languages == ("en", "ja")
    for bad in ((), ("fr",)):
        with pytest.raises(InputError, match="Languages must be chosen from: ja, en"):
            validated(Workshop(title="t", languages=bad))
    r = validated(VoteRound(name="r", prompt_id="p", candidate_ids=("b", "a", "b")))
    assert r.candidate_ids == ("b", "a")


def test_the_limits_other_modules_use_are_the_declared_ones():
    assert LIMITS["idea_title"] == fields.spec(Idea, "title").max_length == 300
    assert LIMITS["reason"] == fields.spec(Ballot, "void_reason").max_length
    assert LIMITS["name"] == fields.spec(Team, "name").max_length == fields.spec(
        Cluster, "name").max_length


def test_the_shipped_json_schema_is_the_one_the_declarations_give(tmp_path):
    assert bundle.schema_bytes() == json_schema.schema_bytes()
    assert json_schema.main(["--check"]) == 0
    stale = tmp_path / "workshop.schema.json"
    stale.write_bytes(bundle.schema_bytes().replace(b'"maxItems": 10,', b'"maxItems": 11,'))
    assert json_schema.main(["--check", "--output", str(stale)]) == 1
    assert json_schema.main(["--output", str(stale)]) == 0
    assert stale.read_bytes() == bundle.schema_bytes()


def test_the_json_schema_follows_the_declarations():
    defs = json_schema.schema()["$defs"]
    assert defs["Workshop"]["properties"]["languages"]["items"]["enum"] == ["ja", "en"]
    assert defs["Note"]["properties"]["kind"]["enum"] == list(fields.spec(Note, "kind").choices)
    assert defs["Idea"]["properties"]["prompt_id"] == {"$ref": "#/$defs/optional_id"}
    assert defs["Ballot"]["properties"]["round_id"] == {"$ref": "#/$defs/id"}
    assert "data" not in defs["Photo"]["properties"]
    assert list(defs["Photo"]["properties"])[-1] == "sha256"
