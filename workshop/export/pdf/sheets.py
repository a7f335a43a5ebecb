"""Sheets for the wall and the table: one team sheet per team (A3 by default), and blank
tally sheets for counting the sticker dots of a paper vote.

A team sheet shows the team, a QR code tying the paper to the data, the team's ideas by
prompt with their cluster and votes, and the team's notes. A tally sheet lists a round's
candidates with room for the dots or tally marks (正) and a box for the total, so the
counts can be typed into the app afterwards.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer, Table

from workshop.export.common import ExportSettings
from workshop.export.pdf import wording
from workshop.export.pdf.data import (
    TallyRound,
    TallySheetData,
    TeamSection,
    TeamSheetData,
)
from workshop.export.pdf.document import PdfDocument, outlined
from workshop.export.pdf.qr import QrFlowable, qr_matrix
from workshop.export.pdf.styles import ACCENT, INK, RULE, TINT, colour, table_style
from workshop.model import CandidateKind


class SheetDocument(PdfDocument):
    """What team and tally sheets share: a title block with the QR code."""

    qr_size = 32 * mm
    title_size = 24.0
    _qr_matrix: tuple[tuple[bool, ...], ...] | None = None  # made once per document

    def title_block(self, title_parts: list[tuple[str, str]], lines: list[str],
                    band: str | None = None) -> Table:
        """Title and lines of facts on the left, the QR code with the URL and the short
        fingerprint under it on the right; an optional colour band at the left edge."""
        if self._qr_matrix is None:
            self._qr_matrix = qr_matrix(self.qr.payload)
        code = QrFlowable(self.qr.payload, self.qr_size * self.scale(), self._qr_matrix)
        right_width = max(code.size, 45 * mm * self.scale())
        left_width = self.frame_width - right_width - 6 * mm
        size = self.title_size * self.scale()
        left: list[Flowable] = [self.type.para_parts(title_parts, "sheet_title", fontSize=size,
                                                     leading=size * 1.25)]
        left += [self.type.para(line, "body") for line in lines if line]
        right: list[Flowable] = [code]
        if self.qr.url:
            right.append(self.type.fitted(self.qr.url, "meta_centre", right_width, 3))
        right.append(self.type.para(self._("Data {id}").format(id=self.qr.short),
                                    "meta_centre"))
        table = Table([[left, right]], colWidths=[left_width + 6 * mm, right_width])
        commands = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("ALIGN", (1, 0), (1, 0), "CENTER"),
            ("LINEBELOW", (0, 0), (-1, -1), 1.2, ACCENT),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4 * mm),
        ]
        if band:
            commands += [("LINEBEFORE", (0, 0), (0, 0), 6, colour(band)),
                         ("LEFTPADDING", (0, 0), (0, 0), 5 * mm)]
        table.setStyle(table_style(*commands))
        return table


# ------------------------------------------------------------------------ team sheets


class TeamSheetsDocument(SheetDocument):
    default_paper = "a3"

    def __init__(self, data: TeamSheetData, settings: ExportSettings) -> None:
        super().__init__(settings, data.workshop, data.qr)
        self.data = data

    def title(self) -> str:
        return self._("Team sheets")

    def scale(self) -> float:
        return 1.5 if self.paper == "a3" else 1.0

    def footer_left(self) -> str:
        return self._("Public version") if self.data.public else self._("Internal version")

    def story(self) -> list[Flowable]:
        story: list[Flowable] = []
        for team in self.data.teams:
            if story:
                story.append(PageBreak())
            story += self.team_sheet(team)
        return story or [self.type.para(self._("The workshop has no teams yet."), "body")]

    def team_sheet(self, team: TeamSection) -> list[Flowable]:
        _ = self._
        facts = self.facts
        counts = []
        if team.members:
            counts.append(self.ngettext("{count} member", "{count} members",
                                        team.members).format(count=team.members))
        counts.append(self.ngettext("{count} idea", "{count} ideas", len(team.ideas))
                      .format(count=len(team.ideas)))
        block = self.title_block(
            [(team.name, "")],
            [facts.title, wording.when(facts.date, facts.start_time, facts.end_time,
                                       self.lang), " · ".join(counts)],
            band=team.colour)
        story: list[Flowable] = [outlined(block, team.name, 0), Spacer(1, 6 * mm)]
        if team.votes:
            story += [self.type.para(_("Votes"), "h2"), self.votes_table(team)]
        if team.ideas:
            story.append(self.type.para(_("Our ideas"), "h2"))
            prompt = object()
            for idea in team.ideas:
                if idea.prompt != prompt:
                    prompt = idea.prompt
                    heading = (_("Prompt {number}: {text}").format(number=idea.prompt_number,
                                                                   text=idea.prompt)
                               if idea.prompt_number else _("Ideas without a prompt"))
                    story.append(self.type.para(heading, "h3"))
                story.append(self.type.para_parts(
                    [(str(idea.number), "accent"), ("  " + idea.title, "")], "idea",
                    leftIndent=8 * mm * self.scale(), firstLineIndent=-8 * mm * self.scale()))
                parts = [(idea.details, "")] if idea.details else []
                meta = [idea.cluster] if idea.cluster else []
                meta += [self.vote_text(v.total, v.rank, v.tied, v.candidates)
                         for v in team.votes if v.number == idea.number]
                if meta:
                    parts.append((("\n" if parts else "") + " · ".join(meta), "small"))
                if parts:
                    story.append(self.type.para_parts(parts, "detail",
                                                      leftIndent=8 * mm * self.scale()))
        if team.notes:
            story.append(self.type.para(_("Notes"), "h2"))
            for note in team.notes:
                label = wording.note_kind_label(note.kind, self.lang)
                story.append(self.type.para_parts([(label + "  ", "accent"), (note.text, "")],
                                                  "body"))
        return story

    def vote_text(self, total: int, rank: int, tied: bool, candidates: int) -> str:
        dots = self.ngettext("{count} dot", "{count} dots", total).format(count=total)
        return self._("{dots}, rank {rank} of {candidates}").format(
            dots=dots, rank=wording.rank_label(rank, tied), candidates=candidates)

    def votes_table(self, team: TeamSection) -> Table:
        _ = self._
        head = [self.type.para(_("Round"), "cell_head"), self.type.para("#", "cell_head_right"),
                self.type.para(_("Idea"), "cell_head"),
                self.type.para(_("Dots"), "cell_head_right"),
                self.type.para(_("Rank"), "cell_head_right")]
        rows = [head]
        for vote in team.votes:
            rows.append([
                self.type.para(vote.round, "cell"),
                self.type.para(str(vote.number), "cell_right"),
                self.type.para(vote.title, "cell_bold" if vote.rank == 1 else "cell"),
                self.type.para(str(vote.total), "cell_right"),
                self.type.para(f"{wording.rank_label(vote.rank, vote.tied)} / "
                               f"{vote.candidates}", "cell_right"),
            ])
        s = self.scale()
        widths = [45 * mm * s, 10 * mm * s, 0, 15 * mm * s, 20 * mm * s]
        widths[2] = self.frame_width - sum(widths)
        table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
            ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
        ))
        return table


# ----------------------------------------------------------------------- tally sheets


class TallySheetsDocument(SheetDocument):
    default_paper = "a4"
    # Room for 14 candidates and the sign-off on one A4 page.
    qr_size = 26 * mm
    title_size = 19.0

    def __init__(self, data: TallySheetData, settings: ExportSettings) -> None:
        super().__init__(settings, data.workshop, data.qr)
        self.data = data

    def title(self) -> str:
        return self._("Tally sheets")

    def story(self) -> list[Flowable]:
        story: list[Flowable] = []
        for vote_round in self.data.rounds:
            if story:
                story.append(PageBreak())
            story += self.tally_sheet(vote_round)
        return story

    def tally_sheet(self, vote_round: TallyRound) -> list[Flowable]:
        _ = self._
        facts = self.facts
        rules = _("{dots} dots per voter, at most {cap} per candidate.").format(
            dots=vote_round.dots_per_voter, cap=vote_round.max_dots_per_idea)
        if not vote_round.allow_own_team:
            rules += " " + _("No dots for your own team's ideas.")
        if vote_round.negative_dots:
            rules += " " + _("Negative dots per voter: {count}.").format(
                count=vote_round.negative_dots)
        about = (_("Prompt: {text}").format(text=vote_round.prompt)
                 if vote_round.candidate_kind is CandidateKind.PROMPT and vote_round.prompt
                 else "")
        block = self.title_block(
            [(vote_round.name, "")],
            [f"{facts.title}  ·  {wording.long_date(facts.date, self.lang)}", about, rules])
        return [
            outlined(block, vote_round.name, 0),
            Spacer(1, 4 * mm),
            self.type.para(_("Count the dots of each candidate (tally marks help), write "
                             "the total in the last column, then type the totals into the "
                             "app."), "body"),
            Spacer(1, 2 * mm),
            self.tally_table(vote_round),
            Spacer(1, 12 * mm),  # room to write above the lines
            self.sign_off(),
        ]

    def tally_table(self, vote_round: TallyRound) -> Table:
        _ = self._
        title_width = self.frame_width * 0.42
        rows = [[self.type.para("#", "cell_head_right"),
                 self.type.para(_("Candidate"), "cell_head"),
                 self.type.para(_("Dots or tally marks"), "cell_head"),
                 self.type.para(_("Total"), "cell_head_right")]]
        for candidate in vote_round.candidates:
            cell: list[Flowable] = [self.type.fitted(candidate.title, "cell_bold",
                                                     title_width - 6, 2)]
            if candidate.team:
                cell.append(self.type.fitted(candidate.team, "meta", title_width - 6, 1))
            rows.append([
                self.type.para("" if candidate.number is None else str(candidate.number),
                               "number"),
                cell, "", ""])
        widths = [12 * mm, title_width, 0, 22 * mm]
        widths[2] = self.frame_width - sum(widths)
        table = Table(rows, colWidths=widths, repeatRows=1,
                      rowHeights=[None] + [12 * mm] * len(vote_round.candidates))
        table.setStyle(table_style(
            ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
            ("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
            ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
            ("BOX", (3, 1), (3, -1), 0.8, INK),
            ("LINEBELOW", (3, 1), (3, -1), 0.8, INK),
            ("BACKGROUND", (3, 1), (3, -1), TINT),
        ))
        return table

    def sign_off(self) -> Table:
        _ = self._
        labels = [_("Voters"), _("Counted by"), _("Checked by")]
        cells = [[self.type.para(label, "meta") for label in labels]]
        width = self.frame_width / 3
        table = Table(cells, colWidths=[width] * 3)
        table.setStyle(table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEABOVE", (0, 0), (-1, 0), 0.6, INK),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 8 * mm),
        ))
        return table

