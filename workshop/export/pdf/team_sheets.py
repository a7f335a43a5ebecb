"""Team sheets: one per team, made for the wall (A3 by default), read from one or two metres.

Not an A4 layout enlarged: the team's name is the largest thing on the sheet, each idea's
title is set at 24 pt or more on A3 (as large as lets the team's ideas fill the sheet, up
to 40 pt), its details and its cluster and votes under it, the team's notes at the end,
and a QR code with modules of 1.5 mm (scanned from a step away). A team with more ideas
than a sheet holds at the smallest size continues on the next sheet.

On A4 or Letter (a sheet for the table) every size is 0.71 of A3's (A4 to A3), and the
code's modules are sized for arm's length.

Only when the facilitator asks (``PhoneJoin``, with phones turned on): under the team's
name, two more codes – one joins the room's Wi-Fi, one opens the phones' page already in
this team – with the address printed for typing by hand. Without it the sheets are as
before: printable with phones off.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle

from workshop.export.common import ExportSettings
from workshop.export.pdf import wording
from workshop.export.pdf.data import IdeaEntry, TeamSection, TeamSheetData
from workshop.export.pdf.document import outlined
from workshop.export.pdf.fonts import LATIN_BOLD
from workshop.export.pdf.qr import ARM_LENGTH_MODULE, WALL_MODULE, QrFlowable
from workshop.export.pdf.sheets import SheetDocument
from workshop.export.pdf.styles import ACCENT, MUTED

# A3 sizes in points: (idea title, details and tags) at the largest and the smallest.
_TITLE_LARGEST, _TITLE_SMALLEST = 40.0, 24.0
_DETAIL_SHARE = 0.62  # details and tags, of the title's size
_TEAM_NAME = 60.0
_FACTS = 18.0
_A4_SHARE = 0.71  # A4 is A3 halved: sizes for a sheet on the table


@dataclass(frozen=True)
class PhoneJoin:
    """Codes for participants' phones on the team sheets: ``wifi`` the ``WIFI:`` text
    (empty: no Wi-Fi code), ``ssid`` its name as printed, ``team_urls`` one join address
    per team, in the order of the sheets (``store.list(Team)``)."""

    wifi: str
    ssid: str
    team_urls: tuple[str, ...]


class TeamSheetsDocument(SheetDocument):
    default_paper = "a3"

    def __init__(self, data: TeamSheetData, settings: ExportSettings,
                 phones: PhoneJoin | None = None) -> None:
        super().__init__(settings, data.workshop, data.qr)
        self.data = data
        if phones is not None and len(phones.team_urls) != len(data.teams):
            phones = None  # a team added meanwhile: no code rather than another team's
        self.phones = phones
        self.wall = self.paper == "a3"
        self.share = 1.0 if self.wall else _A4_SHARE
        self.qr_module = WALL_MODULE if self.wall else ARM_LENGTH_MODULE
        self.qr_size = 60 * mm * self.share
        self.title_size = _TEAM_NAME * self.share

    def title(self) -> str:
        return self._("Team sheets")

    def footer_left(self) -> str:
        return self._("Public version") if self.data.public else self._("Internal version")

    def story(self) -> list[Flowable]:
        story: list[Flowable] = []
        for number, team in enumerate(self.data.teams):
            if story:
                story.append(PageBreak())
            story += self.team_sheet(team, number)
        return story or [self.type.para(self._("The workshop has no teams yet."), "body")]

    def team_sheet(self, team: TeamSection, number: int = 0) -> list[Flowable]:
        facts = self.facts
        counts = []
        if team.members:
            counts.append(self.ngettext("{count} person", "{count} people",
                                        team.members).format(count=team.members))
        counts.append(self.ngettext("{count} idea", "{count} ideas", len(team.ideas))
                      .format(count=len(team.ideas)))
        lines = [facts.title,
                 wording.when(facts.date, facts.start_time, facts.end_time, self.lang),
                 wording.tag(counts, self.lang)]
        block = self.title_block([(team.name, "")], lines, band=team.colour,
                                 line_size=_FACTS * self.share)
        _w, block_height = block.wrap(self.frame_width, self.frame_height)
        room = self.frame_height - block_height - 8 * mm * self.share
        story: list[Flowable] = [outlined(block, team.name, 0), Spacer(1, 6 * mm * self.share)]
        if self.phones is not None:
            codes = self.phone_codes(team, self.phones.team_urls[number])
            room -= codes.wrap(self.frame_width, self.frame_height)[1] + 6 * mm * self.share
            story += [codes, Spacer(1, 6 * mm * self.share)]
        return story + self.fitted_body(team, room)

    def phone_codes(self, team: TeamSection, url: str) -> Flowable:
        """The Wi-Fi's code and the team's own join code, each with what it does."""
        _, size = self._, _FACTS * self.share * 0.8
        phones = self.phones
        assert phones is not None
        cells, captions = [], []
        if phones.wifi:
            cells.append(QrFlowable(phones.wifi, 40 * mm * self.share, module=self.qr_module))
            captions.append(self.type.para(_("1. Join the Wi-Fi “{ssid}”").format(
                ssid=phones.ssid), "body", fontSize=size, leading=size * 1.3))
        cells.append(QrFlowable(url, 40 * mm * self.share, module=self.qr_module))
        captions.append(self.type.para(_("Join team “{team}” with your phone: {url}").format(
            team=team.name, url=url), "body", fontSize=size, leading=size * 1.3))
        width = self.frame_width / len(cells)
        table = Table([cells, captions], colWidths=[width] * len(cells))
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("ALIGN", (0, 0), (-1, 0), "CENTER")]))
        return table

    def body(self, team: TeamSection, size: float) -> list[Flowable]:
        return [*self.ideas(team, size), *self.notes(team, size * _DETAIL_SHARE)]

    def fitted_body(self, team: TeamSection, room: float) -> list[Flowable]:
        """The team's ideas and notes at the largest title size (from 40 to 24 pt on A3)
        at which they fill no more than ``room``: measured once at the smallest size, then
        scaled (wrapped text grows with about the square of its size), checked and stepped
        up or down; at 24 pt when even that does not fit – they then flow onto more
        sheets. The layout last measured at the chosen size is the one used."""
        smallest, largest = _TITLE_SMALLEST * self.share, _TITLE_LARGEST * self.share
        tried: dict[float, tuple[float, list[Flowable]]] = {}

        def measure(size: float) -> float:
            if size not in tried:
                flowables = self.body(team, size)
                tried[size] = (sum(f.wrap(self.frame_width, self.frame_height)[1]
                                   + f.getSpaceBefore() + f.getSpaceAfter()
                                   for f in flowables), flowables)
            return tried[size][0]

        needed = measure(smallest)
        if needed >= room or needed <= 0:
            return tried[smallest][1]
        size = min(largest, smallest * math.sqrt(room / needed))
        while size > smallest and measure(size) > room:
            size = max(smallest, size * 0.94)
        while size * 1.06 <= largest and measure(size * 1.06) <= room:
            size *= 1.06
        measure(size)
        return tried[size][1]

    def ideas(self, team: TeamSection, size: float) -> list[Flowable]:
        _ = self._
        small = size * _DETAIL_SHARE
        story: list[Flowable] = []
        prompt: object = object()
        votes = {}
        for vote in team.votes:
            votes.setdefault(vote.number, []).append(vote)
        indent = size * 1.6
        for idea in team.ideas:
            if idea.prompt != prompt:
                prompt = idea.prompt
                heading = (_("Prompt {number}: {text}").format(number=idea.prompt_number,
                                                               text=idea.prompt)
                           if idea.prompt_number else _("Ideas without a prompt"))
                story.append(self.type.para(heading, "h3", fontSize=small, leading=small * 1.4,
                                            textColor=MUTED, spaceBefore=small * 0.8,
                                            spaceAfter=small * 0.3))
            story.append(self.type.para(
                idea.title, "idea", bullet=str(idea.number), fontSize=size,
                leading=size * 1.25, spaceBefore=size * 0.45, leftIndent=indent,
                bulletIndent=0, bulletFontName=LATIN_BOLD, bulletFontSize=size,
                bulletColor=ACCENT))
            tags = self.tags(idea, votes.get(idea.number, []))
            if idea.details:
                story.append(self.type.para(idea.details, "detail", fontSize=small,
                                            leading=small * 1.4, leftIndent=indent,
                                            spaceAfter=0))
            if tags:
                story.append(self.type.para(tags, "byline", fontSize=small,
                                            leading=small * 1.4, leftIndent=indent))
        return story

    def tags(self, idea: IdeaEntry, votes: list) -> str:
        parts = [idea.cluster] if idea.cluster else []
        parts += [self.vote_text(v.total, v.rank, v.tied, v.candidates) for v in votes]
        return wording.tag(parts, self.lang)

    def vote_text(self, total: int, rank: int, tied: bool, candidates: int) -> str:
        dots = self.ngettext("{count} dot", "{count} dots", total).format(count=total)
        return self._("{dots}, rank {rank} of {candidates}").format(
            dots=dots, rank=wording.rank_label(rank, tied, self.lang), candidates=candidates)

    def notes(self, team: TeamSection, size: float) -> list[Flowable]:
        if not team.notes:
            return []
        story: list[Flowable] = [self.type.para(self._("Notes"), "h2", fontSize=size * 1.2,
                                                leading=size * 1.6, spaceBefore=size)]
        for note in team.notes:
            label = wording.note_kind_label(note.kind, self.lang)
            story.append(self.type.para_parts([(label + "\u2002", "accent"), (note.text, "")],
                                              "body", fontSize=size, leading=size * 1.45))
        return story
