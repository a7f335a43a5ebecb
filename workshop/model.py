"""The workshop's domain objects as plain dataclasses, each field declared once.

Every record carries a UUID, created/updated times (UTC, ISO 8601 with offset), the id of
the device that last wrote it, and ``deleted_at`` for tombstones: nothing is ever removed,
so undo and merging bundles from several laptops both work. Field order matches the
table's column order, so a row builds a record positionally (fast loading).

Each field is declared with ``workshop.fields`` (its type, limits and choices); the input
rules, the decoders of stored rows, the JSON Schema of ``workshop.json`` and the check of
the SQL columns are derived from these declarations.
"""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from enum import StrEnum
from typing import ClassVar

from workshop.fields import (
    blob,
    choice,
    flag,
    link,
    moment,
    number,
    record_id,
    strings,
    text,
)
from workshop.i18n import LANGUAGES, N_


def new_id() -> str:
    return str(uuid.uuid4())


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


class NoteKind(StrEnum):
    NOTE = "note"
    DECISION = "decision"
    ACTION = "action"
    QUESTION = "question"


class CandidateKind(StrEnum):
    """What a vote round's candidates are drawn from."""

    PROMPT = "prompt"  # the ideas of one prompt
    ALL = "all"  # all ideas
    CLUSTERS = "clusters"  # clusters, not single ideas
    SHORTLIST = "shortlist"  # the top N of an earlier round


class RoundEventKind(StrEnum):
    OPENED = "opened"
    CLOSED = "closed"
    REVEALED = "revealed"
    BALLOT_VOIDED = "ballot_voided"
    RULES_CHANGED = "rules_changed"
    PAPER_TALLY_SET = "paper_tally_set"


PLATFORM_PROFILES = ("decidim-0.27", "decidim-0.28", "decidim-0.30", "decidim-cfj", "generic")
PHOTO_TYPES = ("image/jpeg", "image/png")
NAME_LENGTH = 100  # a team's, a cluster's or a round's name: short enough for a label


class Source(StrEnum):
    """Where an idea or a ballot was entered: the laptop, or a participant's phone."""

    LAPTOP = "laptop"
    PHONE = "phone"


class RoundStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


@dataclass(slots=True)
class Record:
    TABLE: ClassVar[str] = ""
    KIND: ClassVar[str] = ""  # the word used in messages

    id: str = record_id(
        new_id, description="Unique id of the record (a UUID); links between records use it.")
    created_at: str = moment(description="When the record was made: ISO 8601 with UTC offset.")
    updated_at: str = moment(
        description="When the record was last changed; the newer version wins a merge.")
    device_id: str = text(json_max_length=100, description=(
        "The laptop that last wrote the record (empty for ballots: they are anonymous)."))
    deleted_at: str | None = moment(optional=True, description=(
        "Set when the record was deleted (a tombstone kept for undo and merging), else null."))

    @classmethod
    def columns(cls) -> tuple[str, ...]:
        return _columns(cls)

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None


@dataclass(slots=True)
class Workshop(Record):
    TABLE: ClassVar[str] = "workshop"
    KIND: ClassVar[str] = N_("workshop")

    title: str = text(max_length=200, required=True)
    description: str = text(max_length=10_000, multiline=True)
    date: str = text(form="date")  # ISO date, e.g. 2026-11-14
    start_time: str = text(form="clock")  # HH:MM, local time of the venue
    end_time: str = text(form="clock")
    venue: str = text(max_length=300)
    organiser: str = text(max_length=300)
    # the first one is the default language
    languages: tuple[str, ...] = strings(
        ("ja",), choices=LANGUAGES, min_items=1, max_items=10,
        message=N_("Languages must be chosen from: {choices}."),
        description="Languages of the workshop; the first is the default.")
    platform_url: str = text(max_length=2_000, form="url")
    platform_profile: str = choice(
        "decidim-cfj", PLATFORM_PROFILES,
        message=N_("Platform profile must be one of: {choices}."))
    attendees: int | None = number(None, low=0, high=100_000, optional=True)
    co_organiser: str = text(max_length=300)  # 共催
    facilitators: str = text(max_length=500)  # 運営: who ran the day
    # 今後の予定, printed at the end of the report
    next_steps: str = text(max_length=5_000, multiline=True)
    contact: str = text(max_length=1_000, multiline=True)  # 問い合わせ先
    # dates also in the Japanese era (令和8年11月14日)
    era_dates: bool = flag(description="Dates also printed in the Japanese era (令和).")

    @property
    def default_language(self) -> str:
        return self.languages[0]


@dataclass(slots=True)
class Prompt(Record):
    TABLE: ClassVar[str] = "prompts"
    KIND: ClassVar[str] = N_("prompt")

    text: str = text(max_length=500, required=True, multiline=True)
    position: int = number()


@dataclass(slots=True)
class Team(Record):
    TABLE: ClassVar[str] = "teams"
    KIND: ClassVar[str] = N_("team")

    name: str = text(max_length=NAME_LENGTH, required=True)
    colour: str = text("#4e79a7", form="colour")
    members: int = number(low=0, high=1_000)
    position: int = number()


@dataclass(slots=True)
class AgendaItem(Record):
    TABLE: ClassVar[str] = "agenda_items"
    KIND: ClassVar[str] = N_("agenda item")

    title: str = text(max_length=200, required=True)
    minutes: int = number(10, low=1, high=24 * 60)
    position: int = number()


@dataclass(slots=True)
class Cluster(Record):
    """A KJ-method group of ideas; ``prompt_id`` None means it spans prompts."""

    TABLE: ClassVar[str] = "clusters"
    KIND: ClassVar[str] = N_("cluster")

    name: str = text(max_length=NAME_LENGTH, required=True)
    colour: str = text("#f28e2b", form="colour")
    prompt_id: str | None = link("prompts")
    position: int = number()


@dataclass(slots=True)
class Idea(Record):
    """One card. ``merged_into_id`` points at the idea a duplicate was merged into."""

    TABLE: ClassVar[str] = "ideas"
    KIND: ClassVar[str] = N_("idea")

    title: str = text(max_length=300, required=True)
    details: str = text(max_length=5_000, multiline=True)
    prompt_id: str | None = link("prompts")
    team_id: str | None = link("teams")
    cluster_id: str | None = link("clusters")
    merged_into_id: str | None = link("ideas")
    position: int = number()
    source: Source = choice(Source.LAPTOP, Source, description=(
        "Where the idea was entered: on the laptop, or on a participant's phone."))


@dataclass(slots=True)
class VoteRound(Record):
    """A dot-voting round and its rules. ``candidate_ids`` is frozen when it opens."""

    TABLE: ClassVar[str] = "vote_rounds"
    KIND: ClassVar[str] = N_("vote round")

    name: str = text(max_length=NAME_LENGTH, required=True)
    candidate_kind: CandidateKind = choice(CandidateKind.PROMPT, CandidateKind)
    prompt_id: str | None = link("prompts")
    source_round_id: str | None = link("vote_rounds")
    shortlist_size: int | None = number(None, low=1, high=1_000, optional=True)
    candidate_ids: tuple[str, ...] = strings(
        max_items=100_000, description="Ideas or clusters voted on, frozen when the round opens.")
    dots_per_voter: int = number(5, low=1, high=100)
    max_dots_per_idea: int = number(1, low=1, high=100)
    allow_own_team: bool = flag(True)
    # a separate budget of negative dots; 0 = none
    negative_dots: int = number(0, low=0, high=100)
    hidden_until_revealed: bool = flag(True)
    status: RoundStatus = choice(RoundStatus.DRAFT, RoundStatus)
    opened_at: str | None = moment(optional=True)
    closed_at: str | None = moment(optional=True)
    revealed_at: str | None = moment(optional=True)
    # voters counted on paper, when dots were stickers
    paper_voters: int | None = number(None, low=0, high=100_000, optional=True)
    # A rule of the round for phones: a phone's new ballot replaces its earlier one while
    # the round is open (else one ballot per phone, as one pass of the laptop).
    may_change_ballot: bool = flag(description=(
        "While the round is open, a phone may replace its ballot (else one ballot per phone)."))


@dataclass(slots=True)
class Ballot(Record):
    """One voter's cast ballot. Anonymous: it records no person, only an optional team."""

    TABLE: ClassVar[str] = "ballots"
    KIND: ClassVar[str] = N_("ballot")

    round_id: str = link("vote_rounds", required=True)
    team_id: str | None = link("teams")
    cast_at: str = moment()
    voided_at: str | None = moment(optional=True)
    void_reason: str = text(max_length=500, label="reason")
    source: Source = choice(Source.LAPTOP, Source, description=(
        "Where the ballot was cast: on the laptop, or on a participant's phone."))


@dataclass(slots=True)
class BallotDot(Record):
    """The dots one ballot gave one candidate (negative for negative dots)."""

    TABLE: ClassVar[str] = "ballot_dots"
    KIND: ClassVar[str] = N_("ballot dot")

    ballot_id: str = link("ballots", required=True)
    candidate_id: str = link(required=True)  # an idea or a cluster
    dots: int = number(low=-100, high=100)


@dataclass(slots=True)
class Tally(Record):
    """Sticker dots counted on paper for one candidate of a round."""

    TABLE: ClassVar[str] = "tallies"
    KIND: ClassVar[str] = N_("tally")

    round_id: str = link("vote_rounds", required=True)
    candidate_id: str = link(required=True)  # an idea or a cluster
    dots: int = number(low=0, high=1_000_000)


@dataclass(slots=True)
class Note(Record):
    """A note, decision, action item or question, linked to at most one team/prompt/idea."""

    TABLE: ClassVar[str] = "notes"
    KIND: ClassVar[str] = N_("note")

    kind: NoteKind = choice(NoteKind.NOTE, NoteKind)
    text: str = text(max_length=10_000, required=True, multiline=True)
    team_id: str | None = link("teams")
    prompt_id: str | None = link("prompts")
    idea_id: str | None = link("ideas")
    internal: bool = flag()


@dataclass(slots=True)
class Photo(Record):
    """A photo of a paper sheet or whiteboard, stored downscaled inside the workshop file."""

    TABLE: ClassVar[str] = "photos"
    KIND: ClassVar[str] = N_("photo")

    caption: str = text(max_length=500)
    mime: str = choice("image/jpeg", PHOTO_TYPES,
                       message=N_("Photos must be JPEG or PNG images."))
    width: int = number()
    height: int = number()
    data: bytes = blob()
    team_id: str | None = link("teams")
    prompt_id: str | None = link("prompts")
    idea_id: str | None = link("ideas")
    internal: bool = flag()


@dataclass(slots=True)
class RoundEvent(Record):
    """One entry of a vote round's log (rules, times, counts); ``details`` is JSON text."""

    TABLE: ClassVar[str] = "round_events"
    KIND: ClassVar[str] = N_("round event")

    round_id: str = link("vote_rounds", required=True)
    at: str = moment()
    event: RoundEventKind = choice(RoundEventKind.OPENED, RoundEventKind,
                                   message=N_("Unknown round event: {event}."))
    # No limit here: the input rules check that it is a JSON object.
    details: str = text("{}")


@functools.cache
def _columns(cls: type[Record]) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


RECORD_TYPES: tuple[type[Record], ...] = (
    Workshop, Prompt, Team, AgendaItem, Cluster, Idea,
    VoteRound, Ballot, BallotDot, Tally, Note, Photo, RoundEvent,
)
