"""The workshop's domain objects as plain dataclasses.

Every record carries a UUID, created/updated times (UTC, ISO 8601 with offset), the id of
the device that last wrote it, and ``deleted_at`` for tombstones: nothing is ever removed,
so undo and merging bundles from several laptops both work. Field order matches the
table's column order, so a row builds a record positionally (fast loading).
"""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from enum import StrEnum
from typing import ClassVar

from workshop.i18n import N_


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


class RoundStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


@dataclass(slots=True)
class Record:
    TABLE: ClassVar[str] = ""
    KIND: ClassVar[str] = ""  # the word used in messages

    id: str = field(default_factory=new_id)
    created_at: str = ""
    updated_at: str = ""
    device_id: str = ""
    deleted_at: str | None = None

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

    title: str = ""
    description: str = ""
    date: str = ""  # ISO date, e.g. 2026-11-14
    start_time: str = ""  # HH:MM, local time of the venue
    end_time: str = ""
    venue: str = ""
    organiser: str = ""
    languages: tuple[str, ...] = ("ja",)  # the first one is the default language
    platform_url: str = ""
    platform_profile: str = "decidim-cfj"
    attendees: int | None = None
    co_organiser: str = ""  # 共催
    facilitators: str = ""  # 運営: who ran the day
    next_steps: str = ""  # 今後の予定, printed at the end of the report
    contact: str = ""  # 問い合わせ先
    era_dates: bool = False  # dates also in the Japanese era (令和8年11月14日)

    @property
    def default_language(self) -> str:
        return self.languages[0]


@dataclass(slots=True)
class Prompt(Record):
    TABLE: ClassVar[str] = "prompts"
    KIND: ClassVar[str] = N_("prompt")

    text: str = ""
    position: int = 0


@dataclass(slots=True)
class Team(Record):
    TABLE: ClassVar[str] = "teams"
    KIND: ClassVar[str] = N_("team")

    name: str = ""
    colour: str = "#4e79a7"
    members: int = 0
    position: int = 0


@dataclass(slots=True)
class AgendaItem(Record):
    TABLE: ClassVar[str] = "agenda_items"
    KIND: ClassVar[str] = N_("agenda item")

    title: str = ""
    minutes: int = 10
    position: int = 0


@dataclass(slots=True)
class Cluster(Record):
    """A KJ-method group of ideas; ``prompt_id`` None means it spans prompts."""

    TABLE: ClassVar[str] = "clusters"
    KIND: ClassVar[str] = N_("cluster")

    name: str = ""
    colour: str = "#f28e2b"
    prompt_id: str | None = None
    position: int = 0


@dataclass(slots=True)
class Idea(Record):
    """One card. ``merged_into_id`` points at the idea a duplicate was merged into."""

    TABLE: ClassVar[str] = "ideas"
    KIND: ClassVar[str] = N_("idea")

    title: str = ""
    details: str = ""
    prompt_id: str | None = None
    team_id: str | None = None
    cluster_id: str | None = None
    merged_into_id: str | None = None
    position: int = 0


@dataclass(slots=True)
class VoteRound(Record):
    """A dot-voting round and its rules. ``candidate_ids`` is frozen when it opens."""

    TABLE: ClassVar[str] = "vote_rounds"
    KIND: ClassVar[str] = N_("vote round")

    name: str = ""
    candidate_kind: CandidateKind = CandidateKind.PROMPT
    prompt_id: str | None = None
    source_round_id: str | None = None
    shortlist_size: int | None = None
    candidate_ids: tuple[str, ...] = ()
    dots_per_voter: int = 5
    max_dots_per_idea: int = 1
    allow_own_team: bool = True
    negative_dots: int = 0  # a separate budget of negative dots; 0 = none
    hidden_until_revealed: bool = True
    status: RoundStatus = RoundStatus.DRAFT
    opened_at: str | None = None
    closed_at: str | None = None
    revealed_at: str | None = None
    paper_voters: int | None = None  # voters counted on paper, when dots were stickers


@dataclass(slots=True)
class Ballot(Record):
    """One voter's cast ballot. Anonymous: it records no person, only an optional team."""

    TABLE: ClassVar[str] = "ballots"
    KIND: ClassVar[str] = N_("ballot")

    round_id: str = ""
    team_id: str | None = None
    cast_at: str = ""
    voided_at: str | None = None
    void_reason: str = ""


@dataclass(slots=True)
class BallotDot(Record):
    """The dots one ballot gave one candidate (negative for negative dots)."""

    TABLE: ClassVar[str] = "ballot_dots"
    KIND: ClassVar[str] = N_("ballot dot")

    ballot_id: str = ""
    candidate_id: str = ""
    dots: int = 0


@dataclass(slots=True)
class Tally(Record):
    """Sticker dots counted on paper for one candidate of a round."""

    TABLE: ClassVar[str] = "tallies"
    KIND: ClassVar[str] = N_("tally")

    round_id: str = ""
    candidate_id: str = ""
    dots: int = 0


@dataclass(slots=True)
class Note(Record):
    """A note, decision, action item or question, linked to at most one team/prompt/idea."""

    TABLE: ClassVar[str] = "notes"
    KIND: ClassVar[str] = N_("note")

    kind: NoteKind = NoteKind.NOTE
    text: str = ""
    team_id: str | None = None
    prompt_id: str | None = None
    idea_id: str | None = None
    internal: bool = False


@dataclass(slots=True)
class Photo(Record):
    """A photo of a paper sheet or whiteboard, stored downscaled inside the workshop file."""

    TABLE: ClassVar[str] = "photos"
    KIND: ClassVar[str] = N_("photo")

    caption: str = ""
    mime: str = "image/jpeg"
    width: int = 0
    height: int = 0
    data: bytes = b""
    team_id: str | None = None
    prompt_id: str | None = None
    idea_id: str | None = None
    internal: bool = False


class RoundEventKind(StrEnum):
    OPENED = "opened"
    CLOSED = "closed"
    REVEALED = "revealed"
    BALLOT_VOIDED = "ballot_voided"
    RULES_CHANGED = "rules_changed"
    PAPER_TALLY_SET = "paper_tally_set"


@dataclass(slots=True)
class RoundEvent(Record):
    """One entry of a vote round's log (rules, times, counts); ``details`` is JSON text."""

    TABLE: ClassVar[str] = "round_events"
    KIND: ClassVar[str] = N_("round event")

    round_id: str = ""
    at: str = ""
    event: RoundEventKind = RoundEventKind.OPENED
    details: str = "{}"


@functools.cache
def _columns(cls: type[Record]) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


RECORD_TYPES: tuple[type[Record], ...] = (
    Workshop, Prompt, Team, AgendaItem, Cluster, Idea,
    VoteRound, Ballot, BallotDot, Tally, Note, Photo, RoundEvent,
)
