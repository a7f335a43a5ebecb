"""What every printed document shares: the page frame, running header and footer with
"n / N", the outline (bookmarks), PDF metadata, progress with cancel, atomic output.

"N" is not known until the last page, and building twice would double the time, so each
page draws its number followed by a form XObject that is defined once, at the end, with
the page count (PDF allows a form to be used before it is defined).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    ActionFlowable,
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageTemplate,
    Spacer,
)

from workshop import __version__
from workshop.export.common import ExportSettings, Progress, atomic_output
from workshop.export.pdf.data import QrData, WorkshopFacts
from workshop.export.pdf.fonts import LATIN
from workshop.export.pdf.pieces import define_toc_forms
from workshop.export.pdf.styles import MUTED, RULE, Typography, paper_size
from workshop.i18n import Message, gettext_for, normalise_language, translations

TOTAL_PAGES_FORM = "WorkshopTotalPages"
_FOOTER_SIZE = 9.0  # page furniture too is read: nothing under 9 pt


class PagedCanvas(Canvas):
    """A canvas that, on saving, defines the form holding the total page count and the
    forms of the table of contents' page numbers (see ``pieces``)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.toc_pages: dict[str, int] = {}  # entry -> the page its section starts on
        self.toc_keys: dict[str, int] = {}  # entry -> level, for every entry drawn

    def save(self) -> None:
        if self._code:
            self.showPage()
        define_toc_forms(self, self.toc_pages, self.toc_keys)
        total = self.getPageNumber() - 1
        self.beginForm(TOTAL_PAGES_FORM, lowerx=0, lowery=-4, upperx=60, uppery=12)
        self.setFont(LATIN, _FOOTER_SIZE)
        self.setFillColor(MUTED)
        self.drawString(0, 0, str(total))
        self.endForm()
        super().save()


class DocTemplate(BaseDocTemplate):
    """Adds an outline entry for every flowable that carries ``outline = (title, level)``,
    and keeps, for the running header, the top-level section a page starts in (or that
    starts at its top)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._keys = itertools.count()
        self.section = ""
        self.page_section = ""
        self._placed_on_page = 0

    def beforePage(self) -> None:
        self.page_section = self.section
        self._placed_on_page = 0

    def afterFlowable(self, flowable: Flowable) -> None:
        key = getattr(flowable, "toc_key", None)
        if key is not None and hasattr(self.canv, "toc_pages"):
            self.canv.toc_pages.setdefault(key, self.canv.getPageNumber())
        outline = getattr(flowable, "outline", None)
        if outline and not getattr(flowable, "_outline_done", False):
            title, level = outline
            key = f"section-{next(self._keys)}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, level=level, closed=level > 0)
            flowable._outline_done = True  # a split paragraph reports itself twice
            if level == 0:
                self.section = title
                if not self._placed_on_page:
                    self.page_section = title
        if not isinstance(flowable, Spacer | CondPageBreak | ActionFlowable):
            self._placed_on_page += 1


def outlined(flowable: Flowable, title: str, level: int) -> Flowable:
    """Mark a flowable as the start of a section in the PDF's outline (bookmarks)."""
    flowable.outline = (" ".join(title.split()), level)
    return flowable


class PdfDocument:
    """Base of the renderers. Subclasses set the defaults and build ``story()``.

    A renderer draws one plain data object (``data.py``) in one language; it collects the
    characters its fonts lack in ``self.type.typesetter`` for the warning.
    """

    default_paper = "a4"
    margins = (18 * mm, 18 * mm, 20 * mm, 18 * mm)  # left, right, top, bottom
    header = True
    footer_rule = True

    def __init__(self, settings: ExportSettings, facts: WorkshopFacts, qr: QrData) -> None:
        self.settings = settings
        self.facts = facts
        self.qr = qr
        self.lang = normalise_language(settings.lang)
        self._ = gettext_for(self.lang)
        self.ngettext = translations(self.lang).ngettext
        self.paper = (settings.paper or self.default_paper).lower()
        self.pagesize = paper_size(self.paper, self.default_paper)
        self.type = Typography(self.lang, scale=self.scale())
        self._headers: dict[str, tuple[Flowable, Flowable]] = {}
        self.notices: list[Message] = []  # warnings found while laying out, besides fonts
        self._footer: tuple[Flowable | None, Flowable] | None = None

    # ---------------------------------------------------------------- to be overridden

    def title(self) -> str:
        raise NotImplementedError

    def story(self) -> list[Flowable]:
        raise NotImplementedError

    def page_templates(self) -> list[PageTemplate]:
        # Drawn when the page ends, so the header names the section the page holds.
        return [PageTemplate("body", [self.body_frame()], onPageEnd=self.decorate)]

    def footer_left(self) -> str:
        return ""

    def scale(self) -> float:
        """How much larger than on A4 the text is set (A3 sheets are read from afar)."""
        return 1.0

    # ------------------------------------------------------------------------ layout

    @property
    def frame_width(self) -> float:
        left, right, _top, _bottom = self.margins
        return self.pagesize[0] - left - right

    @property
    def frame_height(self) -> float:
        _left, _right, top, bottom = self.margins
        return self.pagesize[1] - top - bottom

    def body_frame(self) -> Frame:
        left, _right, _top, bottom = self.margins
        return Frame(left, bottom, self.frame_width, self.frame_height, id="body",
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    def decorate(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        """Running header (workshop title; section) and footer (version, n / N, data id)."""
        left, right, top, bottom = self.margins
        width, height = self.pagesize
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        if self.header:
            title, section = self.header_lines(getattr(doc, "page_section", "") or self.title())
            title.drawOn(canvas, left, height - top + 5 * mm)
            section.drawOn(canvas, width - right - section.width, height - top + 5 * mm)
            canvas.line(left, height - top + 3.5 * mm, width - right, height - top + 3.5 * mm)
        y = bottom - 9 * mm
        if self.footer_rule:
            canvas.line(left, bottom - 5 * mm, width - right, bottom - 5 * mm)
        canvas.setFont(LATIN, _FOOTER_SIZE)
        canvas.setFillColor(MUTED)
        centre = width / 2
        canvas.drawRightString(centre, y, f"{canvas.getPageNumber()} / ")
        canvas.saveState()
        canvas.translate(centre, y)
        canvas.doForm(TOTAL_PAGES_FORM)
        canvas.restoreState()
        note, data_id = self.footer_lines()
        if note:
            note.drawOn(canvas, left, y - 2)
        data_id.drawOn(canvas, width - right - data_id.width, y - 2)
        canvas.restoreState()

    def footer_lines(self) -> tuple[Flowable | None, Flowable]:
        """The footer's left text (the version) and the data id, laid out once."""
        if self._footer is None:
            note = self.footer_left()
            third = self.frame_width / 3
            left = self.type.one_line(note, "meta", third) if note else None
            data_id = self.type.one_line(self._("Data {id}").format(id=self.qr.short),
                                         "meta_right", third)
            self._footer = (left, data_id)
        return self._footer

    def header_lines(self, section: str) -> tuple[Flowable, Flowable]:
        """The workshop's title (left) and the section (right), each on one line, shortened
        with an ellipsis if need be; laid out once per section."""
        if section not in self._headers:
            share = self.frame_width * 0.58
            title = self.type.one_line(self.facts.title, "meta", share)
            right = self.type.one_line(section, "meta_right",
                                       self.frame_width - share - 4 * mm)
            self._headers[section] = (title, right)
        return self._headers[section]

    # ----------------------------------------------------------------------- building

    def render(self, out: Path | BinaryIO, progress: Progress, *,
               invariant: bool = False) -> None:
        """Lay out and write the PDF; ``progress.step`` may raise ``Cancelled``."""
        story = self.story()
        left, right, top, bottom = self.margins
        doc = DocTemplate(
            str(out) if isinstance(out, Path) else out,
            pagesize=self.pagesize, leftMargin=left, rightMargin=right, topMargin=top,
            bottomMargin=bottom, title=f"{self.facts.title} – {self.title()}",
            author=self.facts.organiser,
            subject=self.subject(), creator=f"workshop {__version__}",
            producer=f"workshop {__version__} (reportlab)", lang=self.lang,
            invariant=int(invariant), pageCompression=1,
            # Else reportlab's default font, Helvetica, is listed (not embedded) in the PDF.
            initialFontName=LATIN,
        )
        doc.addPageTemplates(self.page_templates())
        doc.setProgressCallBack(_progress_callback(progress))
        doc.build(story, canvasmaker=PagedCanvas)

    def subject(self) -> str:
        return self.title()

    def write(self, path: Path, progress: Progress, *, invariant: bool = False
              ) -> list[Message]:
        """Render into ``path`` atomically; returns the warnings (characters the fonts
        lack, and ``notices``)."""
        progress.step(0, 1)
        with atomic_output(Path(path)) as temporary:
            self.render(temporary, progress, invariant=invariant)
        return self.type.typesetter.warnings(Path(path).name) + self.notices


def _progress_callback(progress: Progress) -> Callable[[str, int], None]:
    """reportlab's progress events as ``progress.step(done, total)``, about 100 times at most
    (the check for cancel runs on every flowable)."""
    state = {"total": 1, "shown": -1, "done": 0}

    def on_progress(kind: str, value: int) -> None:
        if kind == "SIZE_EST":
            state["total"] = max(1, value)
        elif kind == "PROGRESS":
            # A flowable split over a page comes back as two: reportlab's count can step
            # back by one, a person's progress bar must not.
            value = state["done"] = max(state["done"], value)
            percent = value * 100 // state["total"]
            if percent != state["shown"]:
                state["shown"] = percent
                progress.step(value, state["total"])
            elif progress.is_cancelled():
                progress.step(value, state["total"])

    return on_progress
