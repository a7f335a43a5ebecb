"""The workshop report: the document the organiser hands to the city.

Cover (facts and the QR code), agenda, ideas by prompt and cluster, each vote round with
its rules, chart and ranked results, notes (decisions, action items, questions, notes),
photos, and an appendix of all ideas by team.
"""

from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Image,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from workshop.export.common import ExportSettings
from workshop.export.pdf import wording
from workshop.export.pdf.chart import Bar, BarChart
from workshop.export.pdf.data import (
    IdeaEntry,
    NoteEntry,
    PhotoEntry,
    ReportData,
    RoundSection,
)
from workshop.export.pdf.document import PdfDocument, outlined
from workshop.export.pdf.flowables import KeptPair, RankedTable
from workshop.export.pdf.qr import QrFlowable
from workshop.export.pdf.styles import ACCENT, INK, ROLES, RULE, TINT, table_style
from workshop.i18n import N_, Message
from workshop.model import RoundStatus

CHART_BARS = 15  # the chart shows the top of a long round; the table lists every candidate
_INDENT = 7 * mm


class ReportDocument(PdfDocument):
    def __init__(self, data: ReportData, settings: ExportSettings) -> None:
        super().__init__(settings, data.workshop, data.qr)
        self.data = data

    def title(self) -> str:
        return self._("Workshop report")

    def footer_left(self) -> str:
        return self._("Public version") if self.data.public else self._("Internal version")

    def page_templates(self) -> list[PageTemplate]:
        cover = PageTemplate("cover", [self.body_frame()], onPage=self.decorate_cover)
        return [cover, *super().page_templates()]

    def decorate_cover(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFillColor(ACCENT)
        canvas.rect(0, self.pagesize[1] - 8 * mm, self.pagesize[0], 8 * mm, stroke=0, fill=1)
        canvas.restoreState()

    # -------------------------------------------------------------------------- story

    def story(self) -> list[Flowable]:
        story = self.cover()
        story += [NextPageTemplate("body"), PageBreak()]
        if self.data.agenda:
            story += self.agenda()
        story += self.ideas()
        if self.data.rounds:
            story += self.rounds()
        if self.data.notes:
            story += self.notes()
        if self.data.photos:
            story += self.photos()
        story += self.appendix()
        return story

    def h1(self, text: str) -> Flowable:
        return outlined(self.type.para(text, "h1"), text, 0)

    def cover(self) -> list[Flowable]:
        _ = self._
        facts = self.facts
        story: list[Flowable] = [
            Spacer(1, 10 * mm),
            self.type.para(self.title(), "h3", textColor=ACCENT),
            outlined(self.type.para(facts.title, "cover_title"), facts.title, 0),
        ]
        if facts.description:
            story.append(self.type.para(facts.description, "body"))
        story.append(Spacer(1, 6 * mm))
        rows = [
            (_("Date"), wording.long_date(facts.date, self.lang)),
            (_("Time"), wording.time_range(facts.start_time, facts.end_time)),
            (_("Venue"), facts.venue),
            (_("Organiser"), facts.organiser),
            (_("Attendance"), self._attendance()),
            (_("Ideas"), str(facts.ideas)),
            (_("Version"), self.footer_left()),
        ]
        story.append(self.facts_table([(label, value) for label, value in rows if value]))
        story.append(Spacer(1, 10 * mm))
        story.append(self.qr_block())
        return story

    def _attendance(self) -> str:
        _ = self._
        parts = []
        if self.facts.attendees is not None:
            parts.append(_("{count} attendees").format(count=self.facts.attendees))
        if self.facts.teams:
            parts.append(_("{count} teams").format(count=self.facts.teams))
        return ", ".join(parts)

    def facts_table(self, rows: list[tuple[str, str]], label_width: float = 32 * mm) -> Table:
        cells = [[self.type.para(label, "cell_head"), self.type.para(value, "cell")]
                 for label, value in rows]
        table = Table(cells, colWidths=[label_width, self.frame_width - label_width],
                      hAlign="LEFT")
        table.setStyle(table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ))
        return table

    def qr_block(self) -> Flowable:
        """The QR code with the data fingerprint beneath it, what they are for beside it,
        and the URL it opens on the full width beneath both (a URL broken over lines is
        hard to type)."""
        _ = self._
        code = QrFlowable(self.qr.payload, 38 * mm)
        code_width = max(code.size, 45 * mm)
        under = [code, Spacer(1, 1.5 * mm), self.type.para_parts(
            [(_("Data fingerprint") + " ", "muted"), (self.qr.short, "bold")], "meta_centre")]
        beside = [
            self.type.para(_("Published results and data"), "h3"),
            self.type.para(
                _("Scan the code to open the page where the results are published. The code "
                  "and the data fingerprint identify the data bundle this report was made "
                  "from."), "body"),
        ]
        rows: list[list] = [[under, beside]]
        if self.qr.url:
            rows.append([self.type.para(self.qr.url, "cell"), ""])
        table = Table(rows, colWidths=[code_width + 8 * mm,
                                       self.frame_width - code_width - 8 * mm], hAlign="LEFT")
        table.setStyle(table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ALIGN", (0, 0), (0, 0), "CENTER"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (0, 0), 8 * mm),
            ("RIGHTPADDING", (1, 0), (1, -1), 0),
            ("SPAN", (0, 1), (1, 1)),
            ("TOPPADDING", (0, 1), (-1, 1), 2 * mm),
        ))
        return table

    # ---------------------------------------------------------------------- sections

    def agenda(self) -> list[Flowable]:
        _ = self._
        head = [self.type.para(_("Time"), "cell_head"), self.type.para(_("Item"), "cell_head"),
                self.type.para(_("Minutes"), "cell_head_right")]
        rows = [head] + [
            [self.type.para(wording.time_range(a.start, a.end), "cell"),
             self.type.para(a.title, "cell"), self.type.para(str(a.minutes), "cell_right")]
            for a in self.data.agenda
        ]
        table = Table(rows, colWidths=[28 * mm, self.frame_width - 48 * mm, 20 * mm],
                      repeatRows=1, hAlign="LEFT")
        table.setStyle(self.list_table_style())
        return [self.h1(_("Agenda")), table]

    @staticmethod
    def list_table_style() -> TableStyle:
        return table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
            ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
        )

    def ideas(self) -> list[Flowable]:
        _ = self._
        story = [CondPageBreak(60 * mm), self.h1(_("Ideas"))]
        for prompt in self.data.prompts:
            if prompt.number is None:
                heading = _("Ideas without a prompt")
            else:
                heading = _("Prompt {number}: {text}").format(number=prompt.number,
                                                              text=prompt.text)
            story.append(outlined(self.type.para(heading, "h2"), heading, 1))
            for group in prompt.groups:
                name = group.name or _("Not grouped")
                count = self.ideas_count(len(group.ideas))
                parts = [(group.colour, "chip")] if group.colour else []
                parts += [(name, ""), (f"  {count}", "small")]
                story.append(outlined(self.type.para_parts(parts, "h3"), name, 2))
                for idea in group.ideas:
                    story += self.idea(idea, with_cluster=False)
        return story

    def ideas_count(self, count: int) -> str:
        return self.ngettext("{count} idea", "{count} ideas", count).format(count=count)

    def idea(self, idea: IdeaEntry, *, with_cluster: bool) -> list[Flowable]:
        """The numbered title, then the details followed by the team (and cluster).

        Each is a paragraph of one style, the number included: reportlab wraps those
        several times faster than paragraphs that mix colours or sizes, which decides the
        time of a report of a thousand ideas."""
        title = self.numbered(idea, "idea")
        meta = [idea.team] if idea.team else []
        if with_cluster and idea.cluster:
            meta.append(idea.cluster)
        text = idea.details
        if meta:
            byline = " · ".join(meta)
            # Japanese sets an aside in brackets; English after a dash.
            if not text:
                text = byline
            elif self.lang == "ja":
                text = f"{text}（{byline}）"
            else:
                text = f"{text} — {byline}"
        details = self.type.para(text, "detail") if text else None
        return [KeptPair(title, details, indent=_INDENT)]

    def numbered(self, idea: IdeaEntry, role: str, **style_changes) -> Flowable:
        return self.type.para(f"{idea.number}  {idea.title}", role, **style_changes)

    def rounds(self) -> list[Flowable]:
        _ = self._
        story: list[Flowable] = [PageBreak(), self.h1(_("Vote results"))]
        for section in self.data.rounds:
            story += self.round(section)
        return story

    def round(self, section: RoundSection) -> list[Flowable]:
        _ = self._
        story: list[Flowable] = [
            CondPageBreak(70 * mm),
            outlined(self.type.para(section.name, "h2"), section.name, 1),
            self.facts_table(wording.round_rules(section, self.lang)
                             + wording.turnout_rows(section, self.lang), 45 * mm),
            Spacer(1, 4 * mm),
        ]
        if not section.shown:
            message = (_("Voting is still open; there are no results yet.")
                       if section.status is RoundStatus.OPEN
                       else _("The results of this round have not been revealed."))
            return [*story, self.type.para(message, "body")]
        if not section.results:
            return [*story, self.type.para(_("No candidates."), "body")]
        top = [row for row in section.results if not row.no_dots][:CHART_BARS]
        if len(section.results) > len(top):
            caption = _("The top {count} of {total} candidates, by dots").format(
                count=len(top), total=len(section.results))
        else:
            caption = _("Dots per candidate")
        if top:  # a chart of nothing but zeros says nothing
            story.append(self.type.para(caption, "h3"))
            story.append(BarChart([
                Bar(wording.rank_label(row.rank, row.tied),
                    self._candidate(row.number, row.title), row.total, row.rank == 1)
                for row in top], self.type))
            story.append(Spacer(1, 3 * mm))
        story.append(self.type.para(_("Ranked results"), "h3"))
        story.append(self.results_table(section))
        if any(row.tied for row in section.results):
            story.append(self.type.para(
                _("= marks a shared rank: these candidates have the same number of dots."),
                "meta"))
        if any(row.no_dots for row in section.results):
            story.append(self.type.para(_("– marks a candidate nobody gave a dot."), "meta"))
        return story

    @staticmethod
    def _candidate(number: int | None, title: str) -> str:
        return f"{number}. {title}" if number is not None else title

    def results_table(self, section: RoundSection) -> Flowable:
        _ = self._
        digital = any(row.digital for row in section.results) or section.ballots > 0
        paper = any(row.paper for row in section.results) or section.paper_voters is not None
        labels = [_("Rank"), "#", _("Candidate")]
        numbers: list[str] = []
        if digital and paper:
            numbers = [_("Laptop"), _("Paper")]
        labels += [*numbers, _("Dots")]
        head = [self.type.para(label, "cell_head" if i in (0, 2) else "cell_head_right")
                for i, label in enumerate(labels)]
        rows = []
        for row in section.results:
            figures = [wording.rank_label(row.rank, row.tied, row.no_dots),
                       "" if row.number is None else str(row.number)]
            if numbers:
                figures += [str(row.digital), str(row.paper)]
            figures.append(str(row.total))
            rows.append((figures, row.title, row.rank == 1))
        figure = 16 * mm
        widths = [13 * mm, 10 * mm]
        widths += [self.frame_width - sum(widths) - figure * (1 + len(numbers))]
        widths += [figure] * (1 + len(numbers))
        room = widths[2] - 2 * RankedTable.PAD
        rows = [(figures, self.type.line_or_para(title, "cell_bold" if top else "cell", room),
                 top) for figures, title, top in rows]
        return RankedTable(head, widths, rows, size=ROLES["cell"].size,
                           leading=ROLES["cell"].leading, colours=(INK, RULE, ACCENT, TINT))

    def notes(self) -> list[Flowable]:
        _ = self._
        story: list[Flowable] = [CondPageBreak(60 * mm), self.h1(_("Notes and decisions"))]
        kind = None
        for note in self.data.notes:
            if note.kind != kind:
                kind = note.kind
                label = wording.note_kind_label(kind, self.lang, plural=True)
                story.append(outlined(self.type.para(label, "h2"), label, 1))
            story += self.note(note)
        return story

    def note(self, note: NoteEntry) -> list[Flowable]:
        _ = self._
        story: list[Flowable] = [self.type.para(note.text, "body", leftIndent=4 * mm,
                                                spaceAfter=0.5 * mm)]
        meta = []
        if note.about:
            meta.append(note.about)
        if note.internal:
            meta.append(_("internal"))
        if meta:
            story.append(self.type.para(" · ".join(meta), "meta", leftIndent=4 * mm,
                                        spaceAfter=2 * mm))
        return story

    def photos(self) -> list[Flowable]:
        _ = self._
        shown = [KeepTogether(parts) for parts in map(self.photo, self.data.photos) if parts]
        return [PageBreak(), self.h1(_("Photos")), *shown] if shown else []

    def photo(self, photo: PhotoEntry) -> list[Flowable]:
        _ = self._
        caption = [part for part in (photo.caption, photo.about) if part]
        if photo.internal:
            caption.append(_("internal"))
        text = self.type.para(" · ".join(caption) or " ", "caption")
        try:  # checked here: a damaged image would otherwise fail the whole report
            width, height = ImageReader(io.BytesIO(photo.data)).getSize()
        except Exception:  # PIL raises many kinds of errors for damaged images
            self.notices.append(Message(
                N_("A photo could not be read and is left out of the report: {caption}"),
                {"caption": photo.caption or "-"}))
            return []
        scale = min(self.frame_width / width, self.frame_height * 0.6 / height)
        image = Image(io.BytesIO(photo.data), width=width * scale, height=height * scale)
        return [Spacer(1, 2 * mm), image, text]

    def appendix(self) -> list[Flowable]:
        _ = self._
        story: list[Flowable] = [PageBreak(), self.h1(_("Appendix: all ideas by team"))]
        for team in self.data.teams:
            if not team.ideas:
                continue
            count = self.ideas_count(len(team.ideas))
            story.append(outlined(self.type.para_parts(
                [(team.colour, "chip"), (team.name, ""), (f"  {count}", "small")], "h2"),
                team.name, 1))
            story.append(self.type.line_list(
                [(idea.number, idea.title) for idea in team.ideas], "body",
                self.frame_width, indent=_INDENT))
        unassigned = [i for i in self.data.ideas if not i.team]
        if unassigned:
            heading = _("Ideas without a team")
            story.append(outlined(self.type.para(heading, "h2"), heading, 1))
            story.append(self.type.line_list(
                [(idea.number, idea.title) for idea in unassigned], "body",
                self.frame_width, indent=_INDENT))
        return story

