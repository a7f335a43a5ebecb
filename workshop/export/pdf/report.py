"""The workshop report (ワークショップ開催報告書): the document the organiser hands to the city.

In the order a municipal report takes: 表紙 (title, date, venue, organiser and the QR
code, filling the page), 目次, 開催概要 (a labelled table), プログラム (the agenda with
times), 結果 per prompt (clusters with their ideas, then the prompt's vote rounds with
their rules, chart and ranked results), decisions, actions and open questions, 写真 (a
grid, numbered and captioned with the team), 今後の予定 and 問い合わせ先 when they are
set, and an appendix of all ideas by team.

On A3 the body is set in two columns: a line across a whole A3 page is twice as long as
a reader's eye can follow.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from workshop.export.common import ExportSettings, Progress
from workshop.export.pdf import wording
from workshop.export.pdf.data import ReportData
from workshop.export.pdf.document import PdfDocument, outlined
from workshop.export.pdf.pieces import Cover, TableOfContents, TocEntry, UrlLink
from workshop.export.pdf.qr import ARM_LENGTH_MODULE, QrFlowable
from workshop.export.pdf.report_results import ResultsMixin
from workshop.export.pdf.styles import ACCENT, ROLES, RULE, table_style
from workshop.store.leftovers import private_temp_dir

_COLUMN_GAP = 10 * mm


class ReportDocument(ResultsMixin, PdfDocument):
    def __init__(self, data: ReportData, settings: ExportSettings) -> None:
        super().__init__(settings, data.workshop, data.qr)
        self.data = data
        self.columns = 2 if self.paper == "a3" else 1
        self.photo_folder: Path | None = None  # while rendering: photos as files

    def render(self, out: Path | BinaryIO, progress: Progress, *,
               invariant: bool = False) -> None:
        # Photos go to reportlab as files: a JPEG file is copied into the PDF as it is,
        # where a JPEG in memory is decoded (9 MB for a 2000-pixel photo) and kept until
        # the document is saved. A private folder: the next start sweeps it if killed.
        with private_temp_dir("workshop-photos-") as folder:
            self.photo_folder = folder
            try:
                super().render(out, progress, invariant=invariant)
            finally:
                self.photo_folder = None

    @property
    def measure(self) -> float:
        """The width of the body's text column."""
        return (self.frame_width - _COLUMN_GAP * (self.columns - 1)) / self.columns

    def title(self) -> str:
        return self._("Workshop report")

    def footer_left(self) -> str:
        return self._("Public version") if self.data.public else self._("Internal version")

    def page_templates(self) -> list[PageTemplate]:
        cover = PageTemplate("cover", [self.body_frame()], onPage=self.decorate_cover)
        left, _right, _top, bottom = self.margins
        frames = [Frame(left + n * (self.measure + _COLUMN_GAP), bottom, self.measure,
                        self.frame_height, id=f"column-{n}", leftPadding=0, rightPadding=0,
                        topPadding=0, bottomPadding=0) for n in range(self.columns)]
        body = PageTemplate("body", frames, onPageEnd=self.decorate)
        return [cover, body]

    def decorate_cover(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFillColor(ACCENT)
        canvas.rect(0, self.pagesize[1] - 10 * mm, self.pagesize[0], 10 * mm, stroke=0, fill=1)
        canvas.restoreState()

    # -------------------------------------------------------------------------- story

    def chapters(self) -> list[tuple[str, str]]:
        """(key, title) of the report's chapters in order, as the contents lists them."""
        _ = self._
        chapters = [("overview", _("Overview"))]
        if self.data.agenda:
            chapters.append(("programme", _("Programme")))
        chapters.append(("results", _("Results")))
        if self.data.notes:
            chapters.append(("notes", _("Decisions, actions and open questions")))
        if self.data.photos:
            chapters.append(("photos", _("Photos")))
        if self.facts.next_steps.strip():
            chapters.append(("next", _("Next steps")))
        if self.facts.contact.strip():
            chapters.append(("contact", _("Contact")))
        chapters.append(("appendix", _("Appendix: all ideas by team")))
        return chapters

    def story(self) -> list[Flowable]:
        titles = dict(self.chapters())
        parts = {"overview": self.overview, "programme": self.programme,
                 "results": self.results, "notes": self.notes, "photos": self.photos,
                 "next": self.next_steps, "contact": self.contact, "appendix": self.appendix}
        story = [self.cover(), NextPageTemplate("body"), PageBreak(), *self.contents()]
        for key, title in titles.items():
            story.append(PageBreak() if key in ("results", "photos", "appendix")
                         else Spacer(1, 4 * mm))
            heading = self.h1(title)
            heading.toc_key = key  # the page the heading lands on, after any keep-with-next
            story += [heading, *parts[key]()]
        return story

    def h1(self, text: str) -> Flowable:
        return outlined(self.type.para(text, "h1"), text, 0)

    def h2(self, text: str, toc_key: str | None = None) -> Flowable:
        heading = outlined(self.type.para(text, "h2"), text, 1)
        if toc_key:
            heading.toc_key = toc_key
        return heading

    def contents(self) -> list[Flowable]:
        """目次: the chapters, and the prompts under the results."""
        entries = []
        for key, title in self.chapters():
            entries.append(TocEntry(key, title, 0))
            if key == "results":
                entries += [TocEntry(f"prompt-{n}", heading, 1)
                            for n, heading in enumerate(self.prompt_headings())]
        heading = self._("Contents")
        return [outlined(self.type.para(heading, "h1"), heading, 0),
                TableOfContents(entries, self.type)]

    # -------------------------------------------------------------------------- cover

    def cover(self) -> Flowable:
        _ = self._
        facts = self.facts
        top = [Spacer(1, 12 * mm),
               self.type.para(_("Workshop report"), "cover_kicker"),
               self.type.para(facts.title, "cover_title")]
        middle: list[Flowable] = []
        when = wording.full_date(facts.date, self.lang, era=facts.era_dates)
        times = wording.time_range(facts.start_time, facts.end_time)
        if when or times:
            middle.append(self.type.para("　".join(p for p in (when, times) if p)
                                         if self.lang == "ja" else
                                         "  ".join(p for p in (when, times) if p),
                                         "cover_fact"))
        if facts.venue:
            middle.append(self.type.para(facts.venue, "cover_fact"))
        if facts.organiser:
            middle += [Spacer(1, 8 * mm), self.cover_party(_("Organised by"), facts.organiser,
                                                           "cover_organiser")]
        if facts.co_organiser:
            middle.append(self.cover_party(_("Co-organiser"), facts.co_organiser,
                                           "cover_fact"))
        bottom = [self.qr_block(), Spacer(1, 3 * mm),
                  self.type.para(self.footer_left(), "meta")]
        return outlined(Cover(top, middle, bottom), facts.title, 0)

    def cover_party(self, label: str, name: str, role: str) -> Flowable:
        return self.type.para_parts([(label + ("　" if self.lang == "ja" else ": "), "muted"),
                                     (name, "")], role)

    def qr_block(self) -> Flowable:
        """The code, and beside it what scanning it does – truthfully: with a platform URL
        it opens the page of the results (and the URL is printed, as a link); without
        one the code holds only the data fingerprint and opens nothing."""
        _ = self._
        code = QrFlowable(self.qr.payload, 36 * mm, module=ARM_LENGTH_MODULE, url=self.qr.url)
        beside: list[Flowable] = []
        if self.qr.url:
            beside += [
                self.type.para(_("Published results and data"), "h3"),
                self.type.para(_("Scan the code (or click it) to open the page where the "
                                 "results are published:"), "body"),
                UrlLink(self.qr.url, size=10.5),
                Spacer(1, 2 * mm),
            ]
        else:
            beside += [
                self.type.para(_("The data behind this report"), "h3"),
                self.type.para(_("The code holds only the data fingerprint: a phone shows "
                                 "it as text and opens no web page."), "body"),
            ]
        beside.append(self.type.para_parts(
            [(_("Data fingerprint") + " ", "muted"), (self.qr.short, "bold")], "body"))
        beside.append(self.type.para(_("It names the data bundle this report was made from "
                                       "(check with: workshop verify BUNDLE --code "
                                       "FINGERPRINT)."), "meta"))
        table = Table([[code, beside]], colWidths=[code.size + 6 * mm,
                                                   self.frame_width - code.size - 6 * mm])
        table.setStyle(table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 4 * mm),
            ("LINEABOVE", (0, 0), (-1, 0), 1.2, ACCENT),
        ))
        return table

    # ----------------------------------------------------------------------- overview

    def overview(self) -> list[Flowable]:
        """開催概要 as a labelled table."""
        _ = self._
        facts = self.facts
        when = wording.full_date(facts.date, self.lang, era=facts.era_dates)
        times = wording.time_range(facts.start_time, facts.end_time)
        rows = [
            (_("Date and time"), (" " if self.lang == "ja" else ", ").join(
                p for p in (when, times) if p)),
            (_("Venue"), facts.venue),
            (_("Organised by"), facts.organiser),
            (_("Co-organiser"), facts.co_organiser),
            (_("Participants"), self.attendance()),
            (_("Run by"), facts.facilitators),
            (_("Theme"), facts.description),
            (_("Ideas"), self.ideas_count(facts.ideas)),
            (_("Version"), self.footer_left()),
        ]
        return [self.facts_table([(label, value) for label, value in rows if value])]

    def attendance(self) -> str:
        """「38人（7チーム）」 / "38 people (7 teams)"."""
        facts = self.facts
        people = facts.attendees if facts.attendees is not None else (facts.members or None)
        teams = (self.ngettext("{count} team", "{count} teams", facts.teams)
                 .format(count=facts.teams) if facts.teams else "")
        if people is None:
            return teams
        text = self.ngettext("{count} person", "{count} people", people).format(count=people)
        return text + wording.aside(teams, self.lang) if teams else text

    def facts_table(self, rows: list[tuple[str, str]], label_width: float = 30 * mm) -> Table:
        """Labels and values; the label column as wide as its longest label (on one line)
        allows, up to 45 mm."""
        size = ROLES["cell_head"].size
        widest = max((stringWidth(label, self.type.style("cell_head", label).fontName, size)
                      for label, _value in rows), default=0)
        label_width = min(45 * mm, max(label_width, widest + 8))
        cells = [[self.type.para(label, "cell_head"), self.type.para(value, "cell")]
                 for label, value in rows]
        table = Table(cells, colWidths=[label_width, self.measure - label_width],
                      hAlign="LEFT")
        table.setStyle(table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LINEABOVE", (0, 0), (-1, 0), 0.8, ACCENT),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ))
        return table

    def programme(self) -> list[Flowable]:
        """プログラム: the agenda with its times."""
        _ = self._
        head = [self.type.para(_("Time"), "cell_head"), self.type.para(_("Item"), "cell_head"),
                self.type.para(_("Minutes"), "cell_head_right")]
        rows = [head] + [
            [self.type.para(wording.time_range(a.start, a.end), "cell"),
             self.type.para(a.title, "cell"), self.type.para(str(a.minutes), "cell_right")]
            for a in self.data.agenda
        ]
        table = Table(rows, colWidths=[32 * mm, self.measure - 54 * mm, 22 * mm],
                      repeatRows=1, hAlign="LEFT")
        table.setStyle(self.list_table_style())
        return [table]

    @staticmethod
    def list_table_style() -> TableStyle:
        return table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
            ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
        )

    def ideas_count(self, count: int) -> str:
        return self.ngettext("{count} idea", "{count} ideas", count).format(count=count)
