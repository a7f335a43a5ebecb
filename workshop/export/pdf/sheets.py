"""Blank tally sheets for counting the sticker dots of a paper vote, and the title block
with the QR code that they share with the team sheets (``team_sheets``).

A tally sheet lists a round's candidates with room for the dots or tally marks (正) and a
box for the total, so the counts can be typed into the app afterwards.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer, Table

from workshop.export.common import ExportSettings
from workshop.export.pdf import wording
from workshop.export.pdf.data import TallyRound, TallySheetData
from workshop.export.pdf.document import PdfDocument, outlined
from workshop.export.pdf.pieces import UrlLink
from workshop.export.pdf.qr import ARM_LENGTH_MODULE, QrFlowable, qr_matrix
from workshop.export.pdf.styles import ACCENT, INK, RULE, TINT, colour, table_style
from workshop.model import CandidateKind


class SheetDocument(PdfDocument):
    """What team and tally sheets share: a title block with the QR code."""

    qr_size = 32 * mm
    qr_module = ARM_LENGTH_MODULE  # team sheets on the wall: WALL_MODULE
    title_size = 24.0
    _qr_matrix: tuple[tuple[bool, ...], ...] | None = None  # made once per document

    def title_block(self, title_parts: list[tuple[str, str]], lines: list[str],
                    band: str | None = None, line_size: float | None = None) -> Table:
        """Title and lines of facts on the left, the QR code on the right with what a scan
        does under it (the URL, as a link; or that it opens nothing) and the short
        fingerprint; an optional colour band at the left edge."""
        if self._qr_matrix is None:
            self._qr_matrix = qr_matrix(self.qr.payload)
        code = QrFlowable(self.qr.payload, self.qr_size, self._qr_matrix,
                          module=self.qr_module, url=self.qr.url)
        size = max(9.0, self.title_size * 0.2)  # under the code: read up close
        right_width = max(code.size, 45 * mm)
        left_width = self.frame_width - right_width - 6 * mm
        left: list[Flowable] = [self.type.para_parts(
            title_parts, "sheet_title", fontSize=self.title_size,
            leading=self.title_size * 1.2, spaceAfter=self.title_size * 0.15)]
        line_style = ({"fontSize": line_size, "leading": line_size * 1.4}
                      if line_size else {})
        left += [self.type.para(line, "fact", **line_style) for line in lines if line]
        right: list[Flowable] = [code]
        if self.qr.url:  # on the left's full width: a URL in a code-wide column breaks
            left += [Spacer(1, 2 * mm), self.type.para(
                self._("The code opens the page of the published results:"), "meta",
                fontSize=size, leading=size * 1.3), UrlLink(self.qr.url, size=size)]
        else:
            right.append(self.type.para(self._("The code holds the data fingerprint only; "
                                               "it opens no web page."), "meta_centre",
                                        fontSize=size, leading=size * 1.3))
        # The label on a line of its own: the fingerprint is never broken.
        right.append(self.type.para(f"{self._('Data fingerprint')}\n{self.qr.short}",
                                    "meta_centre", fontSize=size, leading=size * 1.3))
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
            commands += [("LINEBEFORE", (0, 0), (0, 0), 8, colour(band)),
                         ("LEFTPADDING", (0, 0), (0, 0), 6 * mm)]
        table.setStyle(table_style(*commands))
        return table


# ----------------------------------------------------------------------- tally sheets


class TallySheetsDocument(SheetDocument):
    default_paper = "a4"
    # Room for 14 candidates and the sign-off on one A4 page (a code with modules of
    # 0.8 mm, as the sheet is scanned at arm's length).
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
        rules = self.ngettext("{dots} dot per voter, at most {cap} per candidate.",
                              "{dots} dots per voter, at most {cap} per candidate.",
                              vote_round.dots_per_voter).format(
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
            [wording.tag([facts.title, wording.long_date(facts.date, self.lang)], self.lang),
             about, rules])
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
                      rowHeights=[None] + [11 * mm] * len(vote_round.candidates))
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

