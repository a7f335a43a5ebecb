"""The plain data of each printed document: what it says, decided before any layout.

Tested on its own (pretix's way): what a document says is decided here and in
``workshop.export.pdf.reading`` (which fills these from the store), how it looks in the
renderers. Nothing here is translated; labels are added by the renderers.
"""

from __future__ import annotations

from dataclasses import dataclass

from workshop.model import (
    CandidateKind,
    NoteKind,
    RoundStatus,
)

NOTE_KIND_ORDER = (NoteKind.DECISION, NoteKind.ACTION, NoteKind.QUESTION, NoteKind.NOTE)


def printable(text: str) -> str:
    """A person's text as printed: a tab (pasted from a spreadsheet) is a space on paper,
    where it would otherwise be a gap of no fixed width or a missing-glyph mark."""
    return text.replace("\t", " ") if "\t" in text else text


@dataclass(frozen=True)
class QrData:
    payload: str  # what the code holds (see qr.qr_payload)
    url: str
    fingerprint: str  # sha256:<64 hex>
    short: str  # the first 16 hex digits in groups of four, printed under the code


@dataclass(frozen=True)
class WorkshopFacts:
    title: str
    description: str
    date: str
    start_time: str
    end_time: str
    venue: str
    organiser: str
    attendees: int | None
    platform_url: str
    teams: int
    members: int  # the sum of the teams' member counts
    ideas: int
    co_organiser: str = ""  # 共催
    facilitators: str = ""  # 運営
    next_steps: str = ""  # 今後の予定 (lines)
    contact: str = ""  # 問い合わせ先 (lines)
    era_dates: bool = False  # dates also in the Japanese era


@dataclass(frozen=True)
class IdeaEntry:
    id: str
    number: int
    title: str
    details: str
    team: str
    team_colour: str
    prompt: str
    prompt_number: int | None
    cluster: str
    cluster_colour: str


@dataclass(frozen=True)
class IdeaGroup:
    """The ideas of one cluster within one prompt; ``name`` "" holds the ungrouped ones."""

    name: str
    colour: str
    ideas: tuple[IdeaEntry, ...]


@dataclass(frozen=True)
class PromptSection:
    number: int | None  # None: ideas that answer no prompt
    text: str
    groups: tuple[IdeaGroup, ...]


@dataclass(frozen=True)
class AgendaEntry:
    start: str  # "13:30", or "" when the workshop has no start time
    end: str
    title: str
    minutes: int


@dataclass(frozen=True)
class ResultRow:
    rank: int
    tied: bool
    number: int | None  # the idea's number; None for a cluster
    title: str
    digital: int
    paper: int
    total: int
    no_dots: bool = False  # nobody gave it a dot: listed without a place, never tied


@dataclass(frozen=True)
class RoundSection:
    name: str
    status: RoundStatus
    candidate_kind: CandidateKind
    prompt: str  # the prompt voted on (kind "prompt")
    prompt_number: int | None  # its number: the report prints the round with its prompt
    source_round: str  # the round a shortlist comes from (kind "shortlist")
    shortlist_size: int | None
    dots_per_voter: int
    max_dots_per_idea: int
    allow_own_team: bool
    negative_dots: int
    opened_at: str | None
    closed_at: str | None
    shown: bool  # closed, and revealed (or never hidden): results may be printed
    results: tuple[ResultRow, ...]  # best first; empty unless shown
    ballots: int
    voided: int
    paper_voters: int | None
    attendees: int | None
    turnout: float | None  # 0..1


@dataclass(frozen=True)
class NoteEntry:
    kind: NoteKind
    text: str
    about: str  # the team, prompt or idea it is linked to ("" for the whole workshop)
    internal: bool


@dataclass(frozen=True)
class PhotoEntry:
    number: int  # 写真1, 写真2, ... in the report's order
    caption: str
    data: bytes  # or bytes left in a store snapshot's file until used (``bytes(data)``)
    mime: str
    width: int
    height: int
    about: str
    internal: bool
    team: str  # the team it shows: its own, or the team of the idea it is linked to


@dataclass(frozen=True)
class TeamVote:
    """How one of a team's ideas fared in a round."""

    round: str
    number: int
    title: str
    total: int
    rank: int
    tied: bool
    candidates: int


@dataclass(frozen=True)
class TeamSection:
    name: str
    colour: str
    members: int
    ideas: tuple[IdeaEntry, ...]
    votes: tuple[TeamVote, ...]
    notes: tuple[NoteEntry, ...]


@dataclass(frozen=True)
class ReportData:
    workshop: WorkshopFacts
    qr: QrData
    public: bool
    agenda: tuple[AgendaEntry, ...]
    prompts: tuple[PromptSection, ...]
    rounds: tuple[RoundSection, ...]
    notes: tuple[NoteEntry, ...]  # decisions, actions, questions, then notes
    photos: tuple[PhotoEntry, ...]
    teams: tuple[TeamSection, ...]

    @property
    def ideas(self) -> tuple[IdeaEntry, ...]:
        return tuple(i for p in self.prompts for g in p.groups for i in g.ideas)


@dataclass(frozen=True)
class CardData:
    workshop: WorkshopFacts
    qr: QrData
    ideas: tuple[IdeaEntry, ...]  # in number order


@dataclass(frozen=True)
class TeamSheetData:
    workshop: WorkshopFacts
    qr: QrData
    public: bool
    teams: tuple[TeamSection, ...]


@dataclass(frozen=True)
class TallyCandidate:
    number: int | None
    title: str
    team: str


@dataclass(frozen=True)
class TallyRound:
    name: str
    candidate_kind: CandidateKind
    prompt: str
    dots_per_voter: int
    max_dots_per_idea: int
    allow_own_team: bool
    negative_dots: int
    candidates: tuple[TallyCandidate, ...]


@dataclass(frozen=True)
class TallySheetData:
    workshop: WorkshopFacts
    qr: QrData
    rounds: tuple[TallyRound, ...]
