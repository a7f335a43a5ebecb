"""Reading each printed document's plain data (``workshop.export.pdf.data``) from the store.

Tested on its own (pretix's way): what a document says is decided here, how it looks in
the renderers. Nothing here is translated; labels are added by the renderers.

Numbers: every live idea (merged duplicates left out: their text lives on in the idea they
were merged into) gets a number in the order the report lists ideas – by prompt, then
cluster, then the idea's own position. Cards, team sheets, tally sheets and the report
print the same number, so a paper card can be found in the report. Numbers are those of
the moment of the export; adding ideas later can renumber a new printout.

The public version leaves out every note and photo marked internal. The workshop holds no
person as a record (ballots are anonymous; teams are tables, not people), so "personal
names" can only appear inside free text – a note such as "lead: Ms Tanaka" – which no
program can recognise reliably: such text is printed as written, and keeping names out of
public notes is the facilitator's call (mark the note internal).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from workshop.export.pdf.data import (
    NOTE_KIND_ORDER,
    AgendaEntry,
    CardData,
    IdeaEntry,
    IdeaGroup,
    NoteEntry,
    PhotoEntry,
    PromptSection,
    QrData,
    ReportData,
    ResultRow,
    RoundSection,
    TallyCandidate,
    TallyRound,
    TallySheetData,
    TeamSection,
    TeamSheetData,
    TeamVote,
    WorkshopFacts,
    printable,
)
from workshop.export.pdf.qr import qr_payload
from workshop.export.snapshot import data_fingerprint, remembered, short_fingerprint
from workshop.model import (
    AgendaItem,
    CandidateKind,
    Cluster,
    Idea,
    Note,
    Photo,
    Prompt,
    RoundStatus,
    Team,
    VoteRound,
    Workshop,
)
from workshop.store import WorkshopStore
from workshop.voting import RoundResults, candidates_for, results_visible, round_results


class _Workshop:
    """Everything the documents need, read from the store once, with lookups by id."""

    def __init__(self, store: WorkshopStore, *, public: bool, photos: bool = False) -> None:
        self.store = store
        self.public = public
        self.workshop: Workshop = store.workshop()
        self.prompts = store.list(Prompt)
        self.teams = store.list(Team)
        self.clusters = store.list(Cluster)
        self.rounds = store.list(VoteRound)
        self.notes = [n for n in store.list(Note) if not (public and n.internal)]
        self.photos = ([p for p in store.list(Photo) if not (public and p.internal)]
                       if photos else [])
        self.prompt_by_id = {p.id: p for p in self.prompts}
        self.team_by_id = {t.id: t for t in self.teams}
        self.cluster_by_id = {c.id: c for c in self.clusters}
        self.ideas = [i for i in store.ideas() if not i.merged_into_id]
        self.entries = self._numbered()
        self.entry_by_id = {e.id: e for e in self.entries}
        self._results: dict[str, RoundResults] = {}

    def _numbered(self) -> list[IdeaEntry]:
        prompt_rank = {p.id: n for n, p in enumerate(self.prompts)}
        cluster_rank = {c.id: n for n, c in enumerate(self.clusters)}
        last = len(self.prompts) + len(self.clusters)
        # store.ideas() is already in position order; sorted() keeps it within a group.
        ordered = sorted(self.ideas, key=lambda i: (
            prompt_rank.get(i.prompt_id, last), cluster_rank.get(i.cluster_id, last)))
        return [self._entry(n, idea) for n, idea in enumerate(ordered, start=1)]

    def _entry(self, number: int, idea: Idea) -> IdeaEntry:
        team = self.team_by_id.get(idea.team_id)
        prompt = self.prompt_by_id.get(idea.prompt_id)
        cluster = self.cluster_by_id.get(idea.cluster_id)
        return IdeaEntry(
            id=idea.id, number=number, title=printable(idea.title),
            details=printable(idea.details),
            team=team.name if team else "", team_colour=team.colour if team else "",
            prompt=prompt.text if prompt else "",
            prompt_number=self.prompts.index(prompt) + 1 if prompt else None,
            cluster=cluster.name if cluster else "",
            cluster_colour=cluster.colour if cluster else "",
        )

    def facts(self) -> WorkshopFacts:
        w = self.workshop
        return WorkshopFacts(
            title=w.title, description=w.description, date=w.date, start_time=w.start_time,
            end_time=w.end_time, venue=w.venue, organiser=w.organiser, attendees=w.attendees,
            platform_url=w.platform_url, teams=len(self.teams),
            members=sum(t.members for t in self.teams), ideas=len(self.entries),
            co_organiser=w.co_organiser, facilitators=w.facilitators,
            next_steps=w.next_steps, contact=w.contact, era_dates=w.era_dates,
        )

    def qr(self) -> QrData:
        value = data_fingerprint(self.store)
        url = self.workshop.platform_url
        return QrData(payload=qr_payload(url, value), url=url, fingerprint=value,
                      short=short_fingerprint(value))

    def about(self, record: Note | Photo) -> str:
        if record.team_id in self.team_by_id:
            return self.team_by_id[record.team_id].name
        if record.prompt_id in self.prompt_by_id:
            return self.prompt_by_id[record.prompt_id].text
        entry = self.entry_by_id.get(record.idea_id or "")
        if entry:
            return f"{entry.number}. {entry.title}"
        return ""

    def team_of(self, record: Note | Photo) -> str:
        if record.team_id in self.team_by_id:
            return self.team_by_id[record.team_id].name
        entry = self.entry_by_id.get(record.idea_id or "")
        return entry.team if entry else ""

    def note_entries(self, notes: Iterable[Note]) -> tuple[NoteEntry, ...]:
        order = {kind: n for n, kind in enumerate(NOTE_KIND_ORDER)}
        ordered = sorted(notes, key=lambda n: order[n.kind])  # stable: time order within
        return tuple(NoteEntry(kind=n.kind, text=printable(n.text), about=self.about(n),
                               internal=n.internal) for n in ordered)

    def results(self, vote_round: VoteRound) -> RoundResults:
        if vote_round.id not in self._results:
            self._results[vote_round.id] = round_results(self.store, vote_round.id)
        return self._results[vote_round.id]

    @staticmethod
    def shown(vote_round: VoteRound) -> bool:
        """Results are printed for closed rounds that were revealed (or never hidden):
        a paper can be handed round, so it shows no more than the projector would."""
        return vote_round.status is RoundStatus.CLOSED and results_visible(vote_round)

    def round_section(self, vote_round: VoteRound) -> RoundSection:
        shown = self.shown(vote_round)
        results = self.results(vote_round) if shown else None
        rows: tuple[ResultRow, ...] = ()
        if results is not None:
            rows = tuple(
                ResultRow(rank=c.rank, tied=c.tied, number=self._number(c.candidate_id),
                          title=c.title, digital=c.digital, paper=c.paper, total=c.total,
                          no_dots=c.no_dots)
                for c in results.candidates)
        prompt = self.prompt_by_id.get(vote_round.prompt_id or "")
        prompt_number = (self.prompts.index(prompt) + 1
                         if prompt and vote_round.candidate_kind is CandidateKind.PROMPT
                         else None)
        source = next((r for r in self.rounds if r.id == vote_round.source_round_id), None)
        return RoundSection(
            name=vote_round.name, status=vote_round.status,
            candidate_kind=vote_round.candidate_kind,
            prompt=prompt.text if prompt else "", prompt_number=prompt_number,
            source_round=source.name if source else "",
            shortlist_size=vote_round.shortlist_size,
            dots_per_voter=vote_round.dots_per_voter,
            max_dots_per_idea=vote_round.max_dots_per_idea,
            allow_own_team=vote_round.allow_own_team, negative_dots=vote_round.negative_dots,
            opened_at=vote_round.opened_at, closed_at=vote_round.closed_at,
            shown=shown, results=rows,
            ballots=results.ballots if results else 0,
            voided=results.voided if results else 0,
            paper_voters=vote_round.paper_voters,
            attendees=self.workshop.attendees,
            turnout=results.turnout if results else None,
        )

    def _number(self, candidate_id: str) -> int | None:
        entry = self.entry_by_id.get(candidate_id)
        return entry.number if entry else None

    def team_sections(self) -> tuple[TeamSection, ...]:
        votes: dict[str, list[TeamVote]] = {t.id: [] for t in self.teams}
        team_of = {i.id: i.team_id for i in self.ideas}
        for vote_round in self.rounds:
            if not self.shown(vote_round):
                continue
            results = self.results(vote_round)
            for c in results.candidates:
                entry = self.entry_by_id.get(c.candidate_id)
                if entry and team_of.get(entry.id) in votes:
                    votes[team_of[entry.id]].append(TeamVote(
                        round=vote_round.name, number=entry.number, title=entry.title,
                        total=c.total, rank=c.rank, tied=c.tied,
                        candidates=len(results.candidates)))
        ideas_of: dict[str, list[IdeaEntry]] = {t.id: [] for t in self.teams}
        for entry in self.entries:
            team_id = team_of[entry.id]
            if team_id in ideas_of:
                ideas_of[team_id].append(entry)
        return tuple(
            TeamSection(
                name=t.name, colour=t.colour, members=t.members, ideas=tuple(ideas_of[t.id]),
                votes=tuple(votes[t.id]),
                notes=self.note_entries(n for n in self.notes if n.team_id == t.id),
            )
            for t in self.teams
        )


def _agenda(workshop: Workshop, items: list[AgendaItem]) -> tuple[AgendaEntry, ...]:
    clock = (datetime.strptime(workshop.start_time, "%H:%M")
             if workshop.start_time else None)
    entries = []
    for item in items:
        if clock is None:
            entries.append(AgendaEntry("", "", item.title, item.minutes))
            continue
        end = clock + timedelta(minutes=item.minutes)
        entries.append(AgendaEntry(f"{clock:%H:%M}", f"{end:%H:%M}", item.title, item.minutes))
        clock = end
    return tuple(entries)


def _prompt_sections(data: _Workshop) -> tuple[PromptSection, ...]:
    by_prompt: dict[int | None, list[IdeaEntry]] = {}
    for entry in data.entries:  # in prompt order, ideas without a prompt last
        by_prompt.setdefault(entry.prompt_number, []).append(entry)
    sections = []
    for number, entries in by_prompt.items():
        groups: dict[str, list[IdeaEntry]] = {}
        for entry in entries:  # in cluster order
            groups.setdefault(entry.cluster, []).append(entry)
        ungrouped = groups.pop("", [])
        idea_groups = [IdeaGroup(name, ideas[0].cluster_colour, tuple(ideas))
                       for name, ideas in groups.items()]
        if ungrouped:
            idea_groups.append(IdeaGroup("", "", tuple(ungrouped)))
        sections.append(PromptSection(number=number, text=entries[0].prompt,
                                      groups=tuple(idea_groups)))
    return tuple(sections)


# ---------------------------------------------------------------------- the documents


def report_data(store: WorkshopStore, *, public: bool) -> ReportData:
    """The report's data; made once per store snapshot (the PDF and the web page share it)."""
    return remembered(store, ("report", public), lambda: _report_data(store, public=public))


def _report_data(store: WorkshopStore, *, public: bool) -> ReportData:
    data = _Workshop(store, public=public, photos=True)
    return ReportData(
        workshop=data.facts(),
        qr=data.qr(),
        public=public,
        agenda=_agenda(data.workshop, store.list(AgendaItem)),
        prompts=_prompt_sections(data),
        rounds=tuple(data.round_section(r) for r in data.rounds
                     if r.status is not RoundStatus.DRAFT),
        notes=data.note_entries(data.notes),
        photos=tuple(PhotoEntry(number=n, caption=p.caption, data=p.data, mime=p.mime,
                                width=p.width, height=p.height, about=data.about(p),
                                internal=p.internal, team=data.team_of(p))
                     for n, p in enumerate(data.photos, start=1)),
        teams=data.team_sections(),
    )


def card_data(store: WorkshopStore) -> CardData:
    data = _Workshop(store, public=True)
    return CardData(workshop=data.facts(), qr=data.qr(), ideas=tuple(data.entries))


def team_sheet_data(store: WorkshopStore, *, public: bool) -> TeamSheetData:
    data = _Workshop(store, public=public)
    return TeamSheetData(workshop=data.facts(), qr=data.qr(), public=public,
                         teams=data.team_sections())


def tally_sheet_data(store: WorkshopStore, round_ids: Iterable[str] | None = None
                     ) -> TallySheetData:
    """Blank tally sheets for the given rounds; by default for every round not yet closed
    (the votes still to come), or for all rounds when every one is closed (a reprint).
    Rounds without candidates are left out."""
    data = _Workshop(store, public=True)
    if round_ids is None:
        chosen = [r for r in data.rounds if r.status is not RoundStatus.CLOSED] or data.rounds
    else:
        by_id = {r.id: r for r in data.rounds}
        chosen = [by_id[i] if i in by_id else store.get(VoteRound, i) for i in round_ids]
    rounds = []
    for vote_round in chosen:
        candidates = sorted((  # by number, so a counter finds a card's row at once
            TallyCandidate(
                number=data.entry_by_id[c.id].number if c.id in data.entry_by_id else None,
                title=c.title,
                team=data.team_by_id[c.team_id].name if c.team_id in data.team_by_id else "")
            for c in candidates_for(store, vote_round)),
            key=lambda c: (c.number is None, c.number or 0))
        if not candidates:
            continue
        prompt = data.prompt_by_id.get(vote_round.prompt_id or "")
        rounds.append(TallyRound(
            name=vote_round.name, candidate_kind=vote_round.candidate_kind,
            prompt=prompt.text if prompt else "", dots_per_voter=vote_round.dots_per_voter,
            max_dots_per_idea=vote_round.max_dots_per_idea,
            allow_own_team=vote_round.allow_own_team, negative_dots=vote_round.negative_dots,
            candidates=tuple(candidates)))
    return TallySheetData(workshop=data.facts(), qr=data.qr(), rounds=tuple(rounds))
