"""Small flowables the documents share."""

from __future__ import annotations

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from workshop.export.pdf.fonts import JAPANESE, LATIN, LATIN_BOLD


class KeptPair(Flowable):
    """A title paragraph and the paragraph under it, never parted by a page break (the
    second may continue on the next page), the second indented by ``indent``.

    ``keepWithNext`` would do the same through ``KeepTogether``, which lays both out twice;
    with a thousand ideas that doubled the time of the whole report. The indent is applied
    by placing the second paragraph, not by its style: a style's ``leftIndent`` costs a
    cursor move on every line it draws.
    """

    def __init__(self, head: Paragraph, body: Paragraph | None, *, indent: float = 0.0
                 ) -> None:
        super().__init__()
        self.head = head
        self.body = body
        self.indent = indent
        self._head_height = 0.0
        self._gap = head.getSpaceAfter() + (body.getSpaceBefore() if body else 0)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        _w, self._head_height = self.head.wrap(available_width, available_height)
        body_height = (self.body.wrap(available_width - self.indent, available_height)[1]
                       if self.body else 0)
        self.width = available_width
        self.height = self._head_height + (self._gap + body_height if self.body else 0)
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        return self.head.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return (self.body or self.head).getSpaceAfter()

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        if self.body is None:
            return []
        self.wrap(available_width, available_height)
        room = available_height - self._head_height - self._gap
        parts = (self.body.split(available_width - self.indent, room) if room > 0 else [])
        if len(parts) < 2:
            return []  # not even a line of the body fits: both go to the next page
        rest = [Indented(part, self.indent) for part in parts[1:]]
        return [KeptPair(self.head, parts[0], indent=self.indent), *rest]

    def drawOn(self, canvas, x: float, y: float, _sW: float = 0) -> None:
        # Placed directly: a translated state of its own around the two paragraphs (as
        # Flowable.drawOn makes) would add a save, a transform and a restore per idea.
        self.head.drawOn(canvas, x, y + self.height - self._head_height)
        if self.body is not None:
            self.body.drawOn(canvas, x + self.indent, y)


class Indented(Flowable):
    """A paragraph placed ``indent`` points in (the rest of a split ``KeptPair``)."""

    def __init__(self, paragraph: Paragraph, indent: float) -> None:
        super().__init__()
        self.paragraph = paragraph
        self.indent = indent

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.height = self.paragraph.wrap(available_width - self.indent, available_height)[1]
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        return self.paragraph.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.paragraph.getSpaceAfter()

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        parts = self.paragraph.split(available_width - self.indent, available_height)
        return [Indented(part, self.indent) for part in parts]

    def drawOn(self, canvas, x: float, y: float, _sW: float = 0) -> None:
        self.paragraph.drawOn(canvas, x + self.indent, y)


class RankedTable(Flowable):
    """Ranked results: rank, number, a wrapped title, then figures; the header repeats on
    every page the list runs onto.

    A reportlab ``Table`` does the same but measures and draws every cell through its
    general machinery; a round of hundreds of candidates took a fifth of the report's
    time. Figures here are plain strings in Vera; only titles are paragraphs.
    """

    PAD = 3.0  # points around each cell's content

    def __init__(self, head: list[Paragraph], widths: list[float],
                 rows: list[tuple[list[str], tuple[str, str] | Paragraph, bool]], *,
                 size: float, leading: float,
                 colours: tuple[Color, Color, Color, Color]) -> None:
        """``rows``: (figures, title, highlighted); figures are the rank, the number, then
        the values after the title; a title is a paragraph or, when it fits on one line in
        one font, ``(text, font)``. ``colours``: ink, rule, head rule, highlight fill."""
        super().__init__()
        self.head = head
        self.widths = widths
        self.rows = rows
        self.size = size
        self.leading = leading
        self.colours = colours
        # Row index -> height of the row and of its title, at self.widths: each title is
        # laid out once, however often the table is measured or split.
        self._heights: dict[int, float] = {}
        self._title_heights: dict[int, float] = {}
        self._head_height = 0.0

    def _row_height(self, index: int) -> float:
        if index not in self._heights:
            title = self.rows[index][1]
            if isinstance(title, tuple):
                height = self.leading
            else:
                _w, height = title.wrap(self.widths[2] - 2 * self.PAD, 10_000)
            self._title_heights[index] = height
            self._heights[index] = max(height, self.leading) + 2 * self.PAD
        return self._heights[index]

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._head_height = max(p.wrap(w - 2 * self.PAD, 1_000)[1]
                                for p, w in zip(self.head, self.widths, strict=True))
        self._head_height += 2 * self.PAD
        self.width = sum(self.widths)
        self.height = self._head_height + sum(self._row_height(i)
                                              for i in range(len(self.rows)))
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self.wrap(available_width, available_height)
        used, count = self._head_height, 0
        for index in range(len(self.rows)):
            if used + self._row_height(index) > available_height:
                break
            used += self._row_height(index)
            count += 1
        if count == 0 or count == len(self.rows):
            return []
        first = RankedTable(self.head, self.widths, self.rows[:count], size=self.size,
                            leading=self.leading, colours=self.colours)
        rest = RankedTable(self.head, self.widths, self.rows[count:], size=self.size,
                           leading=self.leading, colours=self.colours)
        for part, start in ((first, 0), (rest, count)):
            part._heights = {i - start: h for i, h in self._heights.items()
                             if start <= i < start + len(part.rows)}
            part._title_heights = {i - start: h for i, h in self._title_heights.items()
                                   if start <= i < start + len(part.rows)}
        return [first, rest]

    def draw(self) -> None:
        canvas = self.canv
        ink, rule, head_rule, fill = self.colours
        lefts = [sum(self.widths[:i]) for i in range(len(self.widths))]
        top = self.height
        for paragraph, left, width in zip(self.head, lefts, self.widths, strict=True):
            _w, height = paragraph.wrap(width - 2 * self.PAD, 1_000)
            paragraph.drawOn(canvas, left + self.PAD, top - self.PAD - height)
        top -= self._head_height
        canvas.setStrokeColor(head_rule)
        canvas.setLineWidth(0.8)
        canvas.line(0, top, self.width, top)
        # Figures in one text object and rules in one path: hundreds of rows otherwise
        # cost a text object and a stroke each.
        rules = canvas.beginPath()
        text = canvas.beginText()
        text.setFillColor(ink)
        for index, (figures, title, highlighted) in enumerate(self.rows):
            height = self._row_height(index)
            bottom = top - height
            if highlighted:
                canvas.setFillColor(fill)
                canvas.rect(0, bottom, self.width, height, stroke=0, fill=1)
            font = LATIN_BOLD if highlighted else LATIN
            text.setFont(font, self.size)
            baseline = top - self.PAD - self.size
            places = [(lefts[0] + self.PAD, figures[0], False),
                      (lefts[1] + self.widths[1] - self.PAD, figures[1], True)]
            places += [(left + width - self.PAD, value, True) for value, left, width
                       in zip(figures[2:], lefts[3:], self.widths[3:], strict=True)]
            for x, value, right_aligned in places:
                if value:
                    # 「同率1位」 is Japanese: Vera has no shape for it.
                    face = font if value.isascii() else JAPANESE
                    text.setFont(face, self.size)
                    width = stringWidth(value, face, self.size) if right_aligned else 0
                    text.setTextOrigin(x - width, baseline)
                    text.textOut(value)
            if isinstance(title, tuple):
                text.setFont(title[1], self.size)
                text.setTextOrigin(lefts[2] + self.PAD, baseline)
                text.textOut(title[0])
            else:
                title_height = self._title_heights[index]
                title.drawOn(canvas, lefts[2] + self.PAD, top - self.PAD - title_height)
            rules.moveTo(0, bottom)
            rules.lineTo(self.width, bottom)
            top = bottom
        canvas.drawText(text)
        canvas.setStrokeColor(rule)
        canvas.setLineWidth(0.4)
        canvas.drawPath(rules, stroke=1, fill=0)


class LineList(Flowable):
    """A long list of numbered short entries, one line each: the number right-aligned in
    a column of its own, the text drawn as a plain line; entries that need more (wrapping,
    two fonts, a mark for a missing character) come as ready paragraphs.

    The appendix lists every idea once more: a paragraph per line cost as much as the
    rest of the appendix's layout. Entries: ``(number, text, font)`` or
    ``(number, paragraph)``.
    """

    def __init__(self, entries: list[tuple], *, size: float, leading: float, colour: Color,
                 number_colour: Color, indent: float, gap: float = 0.0) -> None:
        super().__init__()
        self.entries = entries
        self.size = size
        self.leading = leading
        self.colour = colour
        self.number_colour = number_colour
        self.indent = indent
        self.gap = gap
        self._heights: list[float] = []

    def _height(self, entry: tuple, width: float) -> float:
        if len(entry) == 3:
            return self.leading + self.gap
        return entry[1].wrap(width - self.indent, 10_000)[1] + self.gap

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self._heights = [self._height(e, available_width) for e in self.entries]
        self.height = sum(self._heights)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self.wrap(available_width, available_height)
        used, count = 0.0, 0
        for height in self._heights:
            if used + height > available_height:
                break
            used += height
            count += 1
        if count == 0 or count == len(self.entries):
            return []
        return [self._part(self.entries[:count]), self._part(self.entries[count:])]

    def _part(self, entries: list[tuple]) -> LineList:
        return LineList(entries, size=self.size, leading=self.leading, colour=self.colour,
                        number_colour=self.number_colour, indent=self.indent, gap=self.gap)

    def draw(self) -> None:
        canvas = self.canv
        numbers = canvas.beginText()
        numbers.setFont(LATIN_BOLD, self.size)
        numbers.setFillColor(self.number_colour)
        lines = canvas.beginText()
        lines.setFillColor(self.colour)
        top = self.height
        for entry, height in zip(self.entries, self._heights, strict=True):
            baseline = top - self.size  # where a paragraph puts its first baseline
            label = entry[0]
            numbers.setTextOrigin(self.indent - 2.5 - stringWidth(label, LATIN_BOLD, self.size),
                                  baseline)
            numbers.textOut(label)
            if len(entry) == 3:
                lines.setFont(entry[2], self.size)
                lines.setTextOrigin(self.indent, baseline)
                lines.textOut(entry[1])
            else:
                entry[1].drawOn(canvas, self.indent, top - height + self.gap)
            top -= height
        canvas.drawText(numbers)
        canvas.drawText(lines)


class TextLine(Flowable):
    """One line of text in one font, placed in a box of ``width`` like a one-line paragraph
    (same baseline), drawn with the canvas's own text call: for running headers and
    footers, drawn on every page, where a paragraph is needless work."""

    def __init__(self, text: str, *, font: str, size: float, leading: float,
                 colour: Color, width: float, align: int = 0) -> None:
        super().__init__()
        self.text = text
        self.font = font
        self.size = size
        self.colour = colour
        self.align = align  # 0 left, 1 centre, 2 right (reportlab's TA_ values)
        self.width = width
        self.height = leading
        self.text_width = stringWidth(text, font, size)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFont(self.font, self.size)
        canvas.setFillColor(self.colour)
        free = self.width - stringWidth(self.text, self.font, self.size)
        canvas.drawString(free * self.align / 2, self.height - self.size, self.text)
