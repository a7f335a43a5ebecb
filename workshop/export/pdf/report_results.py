"""The report's chapters after the overview: results per prompt, decisions, photos, next
steps, contact and the appendix (a part of ``ReportDocument``, kept in a module of its own)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from PIL import Image as PILImage
from reportlab.lib.units import inch, mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import CondPageBreak, Flowable, Image, Spacer, Table

from workshop.export.pdf import wording
from workshop.export.pdf.chart import Bar, BarChart
from workshop.export.pdf.data import IdeaEntry, NoteEntry, PhotoEntry, RoundSection
from workshop.export.pdf.document import outlined
from workshop.export.pdf.flowables import KeptPair, RankedTable
from workshop.export.pdf.styles import ACCENT, INK, ROLES, RULE, TINT, table_style
from workshop.i18n import N_, Message
from workshop.model import RoundStatus

CHART_BARS = 15  # the chart shows the top of a long round; the table lists every candidate
_INDENT = 8 * mm
_PHOTO_COLUMNS = 2
# A photo in the report is ~8 cm wide: 300 dpi is what a printer resolves, and a reader
# zooming in on the PDF still sees each sticky note sharp.
PRINT_DPI = 300
PRINT_QUALITY = 85  # as the workshop file keeps photos (workshop.photos)


class ResultsMixin:
    """Needs the ``ReportDocument`` attributes: data, facts, type, lang, _, measure, ..."""

    # ----------------------------------------------------------------------- results

    def prompt_headings(self) -> list[str]:
        _ = self._
        return [_("Ideas without a prompt") if prompt.number is None else
                _("Prompt {number}: {text}").format(number=prompt.number, text=prompt.text)
                for prompt in self.data.prompts]

    def results(self) -> list[Flowable]:
        """Per prompt: its clusters with their ideas, then the rounds voted on it; rounds
        over all ideas, clusters or a shortlist follow the prompts."""
        _ = self._
        story: list[Flowable] = []
        rounds = list(self.data.rounds)
        for index, (prompt, heading) in enumerate(zip(self.data.prompts,
                                                      self.prompt_headings(), strict=True)):
            if index:
                story.append(CondPageBreak(80 * mm))
            story.append(self.h2(heading, toc_key=f"prompt-{index}"))
            for group in prompt.groups:
                story += self.group(group)
            for section in [r for r in rounds if r.prompt_number == prompt.number
                            and prompt.number is not None]:
                rounds.remove(section)
                story += self.round(section)
        if not self.data.prompts:
            story.append(self.type.para(_("The workshop has no ideas yet."), "body"))
        if rounds:
            story.append(self.h2(_("Other vote rounds")))
            for section in rounds:
                story += self.round(section)
        return story

    def group(self, group) -> list[Flowable]:
        name = group.name or self._("Not grouped")
        parts = [(group.colour, "chip")] if group.colour else []
        parts += [(name, ""), ("  " + self.ideas_count(len(group.ideas)), "small")]
        story: list[Flowable] = [outlined(self.type.para_parts(parts, "h3"), name, 2)]
        for idea in group.ideas:
            story += self.idea(idea)
        return story

    def idea(self, idea: IdeaEntry) -> list[Flowable]:
        """The numbered title, then the details followed by the team.

        Each is a paragraph of one style, the number included: reportlab wraps those
        several times faster than paragraphs that mix colours or sizes, which decides the
        time of a report of a thousand ideas."""
        title = self.type.para(f"{idea.number}  {idea.title}", "idea")
        text = idea.details
        if idea.team:
            text = (text + wording.aside(idea.team, self.lang)).strip() if text else idea.team
        details = self.type.para(text, "detail") if text else None
        return [KeptPair(title, details, indent=_INDENT)]

    def round(self, section: RoundSection) -> list[Flowable]:
        _ = self._
        heading = _("Vote: {name}").format(name=section.name)
        story: list[Flowable] = [
            CondPageBreak(70 * mm),
            outlined(self.type.para(heading, "h3"), section.name, 2),
            self.facts_table(wording.round_rules(section, self.lang)
                             + wording.turnout_rows(section, self.lang), 42 * mm),
            Spacer(1, 3 * mm),
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
            story.append(self.type.para(caption, "cell_bold", spaceAfter=1 * mm))
            story.append(BarChart([
                Bar(wording.rank_label(row.rank, row.tied, self.lang),
                    self._candidate(row.number, row.title), row.total, row.rank == 1)
                for row in top], self.type, rank_width=self.rank_width()))
            story.append(Spacer(1, 3 * mm))
        story.append(self.type.para(_("Ranked results"), "cell_bold", spaceAfter=1 * mm))
        story.append(self.results_table(section))
        if any(row.tied for row in section.results):
            story.append(self.type.para(
                _("“Tied” marks candidates with the same number of dots: they share the "
                  "rank, and the next rank is skipped."), "meta", spaceBefore=1 * mm))
        if any(row.no_dots for row in section.results):
            story.append(self.type.para(_("– marks a candidate nobody gave a dot."), "meta"))
        return story

    def rank_width(self) -> float:
        return 22 * mm if self.lang == "ja" else 20 * mm

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
            figures = [wording.rank_label(row.rank, row.tied, self.lang, row.no_dots),
                       "" if row.number is None else str(row.number)]
            if numbers:
                figures += [str(row.digital), str(row.paper)]
            figures.append(str(row.total))
            rows.append((figures, row.title, row.rank == 1))
        figure = 17 * mm
        widths = [self.rank_width(), 11 * mm]
        widths += [self.measure - sum(widths) - figure * (1 + len(numbers))]
        widths += [figure] * (1 + len(numbers))
        room = widths[2] - 2 * RankedTable.PAD
        rows = [(figures, self.type.line_or_para(title, "cell_bold" if top else "cell", room),
                 top) for figures, title, top in rows]
        return RankedTable(head, widths, rows, size=ROLES["cell"].size,
                           leading=ROLES["cell"].leading, colours=(INK, RULE, ACCENT, TINT))

    # ------------------------------------------------------------------------- notes

    def notes(self) -> list[Flowable]:
        story: list[Flowable] = []
        kind = None
        for note in self.data.notes:
            if note.kind != kind:
                kind = note.kind
                story.append(self.h2(wording.note_kind_label(kind, self.lang, plural=True)))
            story += self.note(note)
        return story

    def note(self, note: NoteEntry) -> list[Flowable]:
        _ = self._
        meta = [note.about] if note.about else []
        if note.internal:
            meta.append(_("internal"))
        text = note.text
        if meta:
            text += wording.aside(wording.tag(meta, self.lang), self.lang)
        bullet = "・" if self.lang == "ja" else "•"
        return [self.type.para(text, "body", leftIndent=5 * mm, bulletIndent=0,
                               bulletText=bullet, bulletFontName=self.type.style(
                                   "body", bullet).fontName)]

    # ------------------------------------------------------------------------ photos

    def photos(self) -> list[Flowable]:
        """Several to a page in a grid, numbered 写真1…, each with its caption and team."""
        gap = 6 * mm
        width = (self.measure - gap * (_PHOTO_COLUMNS - 1)) / _PHOTO_COLUMNS
        cells = [cell for cell in (self.photo(p, width, width * 0.75)
                                   for p in self.data.photos) if cell]
        if not cells:
            return [self.type.para(self._("No photo could be read."), "body")]
        rows = [cells[i:i + _PHOTO_COLUMNS] for i in range(0, len(cells), _PHOTO_COLUMNS)]
        rows[-1] += [""] * (_PHOTO_COLUMNS - len(rows[-1]))
        table = Table(rows, colWidths=[width + gap] * (_PHOTO_COLUMNS - 1) + [width],
                      hAlign="LEFT")
        table.setStyle(table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-2, -1), gap),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5 * mm),
        ))
        return [table]

    def photo_caption(self, photo: PhotoEntry) -> str:
        _ = self._
        label = _("Photo {number}").format(number=photo.number)
        parts = [photo.team] if photo.team else []
        if photo.about and photo.about != photo.team:
            parts.append(photo.about)
        if photo.internal:
            parts.append(_("internal"))
        text = f"{label}{'　' if self.lang == 'ja' else '  '}{photo.caption}".rstrip()
        return text + wording.aside(wording.tag(parts, self.lang), self.lang) if parts \
            else text

    def photo(self, photo: PhotoEntry, width: float, height: float) -> list[Flowable]:
        source = self._photo_source(photo, width, height)
        try:  # checked here: a damaged image would otherwise fail the whole report
            pixels_w, pixels_h = ImageReader(source()).getSize()
        except Exception:  # PIL raises many kinds of errors for damaged images
            self.notices.append(Message(
                N_("A photo could not be read and is left out of the report: {caption}"),
                {"caption": photo.caption or "-"}))
            return []
        scale = min(width / pixels_w, height / pixels_h)
        image = Image(source(), width=pixels_w * scale, height=pixels_h * scale)
        return [PhotoBox(image, width, height), Spacer(1, 1.5 * mm),
                self.type.para(self.photo_caption(photo), "caption")]


    # ------------------------------------------------------------------ the last pages

    def next_steps(self) -> list[Flowable]:
        return self.lines(self.facts.next_steps)

    def contact(self) -> list[Flowable]:
        return self.lines(self.facts.contact)

    def lines(self, text: str) -> list[Flowable]:
        return [self.type.para(line, "body") for line in text.splitlines() if line.strip()]

    def appendix(self) -> list[Flowable]:
        _ = self._
        story: list[Flowable] = []
        for team in self.data.teams:
            if not team.ideas:
                continue
            count = self.ideas_count(len(team.ideas))
            story.append(outlined(self.type.para_parts(
                [(team.colour, "chip"), (team.name, ""), (f"  {count}", "small")], "h2"),
                team.name, 1))
            story.append(self.type.line_list(
                [(idea.number, idea.title) for idea in team.ideas], "body",
                self.measure, indent=_INDENT))
        unassigned = [i for i in self.data.ideas if not i.team]
        if unassigned:
            story.append(self.h2(_("Ideas without a team")))
            story.append(self.type.line_list(
                [(idea.number, idea.title) for idea in unassigned], "body",
                self.measure, indent=_INDENT))
        return story


    def _photo_source(self, photo: PhotoEntry, width: float,
                      height: float) -> Callable[[], str | io.BytesIO]:
        """What reportlab reads a photo from: a JPEG as a file (``photo_folder``, while
        rendering), copied there a chunk at a time, so that reportlab copies it into the
        PDF without decoding it; anything else from memory.

        A JPEG larger than its box needs at ``PRINT_DPI`` becomes a print copy in that
        file: reportlab holds every embedded photo until the PDF is saved, so the stored
        2,000-pixel photos made the report as large as the photos (the bundle's photos/
        keeps the originals)."""
        folder = getattr(self, "photo_folder", None)
        if folder is None or photo.mime != "image/jpeg":
            raw = bytes(photo.data)
            return lambda: io.BytesIO(raw)
        path = folder / f"photo-{photo.number}.jpg"
        chunks = photo.data.chunks() if hasattr(photo.data, "chunks") else [photo.data]
        with path.open("wb") as out:
            for chunk in chunks:
                out.write(chunk)
        print_copy(path, print_pixels(width, height))
        return lambda: str(path)


def print_pixels(width: float, height: float) -> tuple[int, int]:
    """The pixels a photo needs in a box of ``width`` × ``height`` points."""
    return round(width / inch * PRINT_DPI), round(height / inch * PRINT_DPI)


def print_copy(path: Path, pixels: tuple[int, int]) -> None:
    """Replaces the JPEG at ``path`` by a copy that fits ``pixels`` if it is larger; one
    photo at a time, so that only one is ever decoded. A photo that cannot be read is left
    as it is (the report says it is left out)."""
    try:
        with PILImage.open(path) as image:
            if image.width <= pixels[0] and image.height <= pixels[1]:
                return
            image.draft("RGB", pixels)  # JPEG decodes at 1/2, 1/4… of its size: faster
            image = image.convert("RGB")
            image.thumbnail(pixels, PILImage.Resampling.LANCZOS)
    except (PILImage.UnidentifiedImageError, OSError, PILImage.DecompressionBombError,
            SyntaxError, ValueError):
        return
    image.save(path, "JPEG", quality=PRINT_QUALITY, optimize=True)


class PhotoBox(Flowable):
    """A photo centred in a box of the grid's size, so that the captions of a row line up
    whatever the photos' shapes."""

    def __init__(self, image: Image, width: float, height: float) -> None:
        super().__init__()
        self.image = image
        self.width, self.height = width, height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.image.drawOn(self.canv, (self.width - self.image.drawWidth) / 2,
                          (self.height - self.image.drawHeight) / 2)
