"""Paper, colours and paragraph styles shared by every printed document.

Each text role (title, heading, body, ...) has two styles: one for Latin text (Vera, normal
word wrapping) and one for Japanese text (IPAexGothic, ``wordWrap="CJK"`` with the
line-start rules, so a line never starts with 。or ）). Which one a paragraph gets depends on
its own text, not on the label language: a Japanese idea in an English report still wraps
the Japanese way.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A3, A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, TableStyle

from workshop.errors import InputError
from workshop.export.pdf.flowables import LineList, TextLine
from workshop.export.pdf.fonts import JAPANESE, LATIN, LATIN_BOLD, register_fonts
from workshop.export.pdf.linebreak import has_long_token
from workshop.export.pdf.paragraphs import JapaneseParagraph, PhraseParagraph, WrappedOnce
from workshop.export.pdf.text import Typesetter, is_cjk
from workshop.i18n import N_

PAPER = {"a4": A4, "a3": A3, "letter": LETTER}

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
ACCENT = colors.HexColor("#1d4e89")
RULE = colors.HexColor("#cbd2d9")
TINT = colors.HexColor("#eef2f7")
HIGHLIGHT = colors.HexColor("#f6c343")


def paper_size(name: str | None, default: str) -> tuple[float, float]:
    """The page size in points for a paper name (``None``: the document's default)."""
    key = (name or default).lower()
    if key not in PAPER:
        raise InputError("paper", N_("Paper size must be one of: {choices}."),
                         choices=", ".join(PAPER))
    return PAPER[key]


def colour(value: str, fallback: colors.Color = RULE) -> colors.Color:
    """A team or cluster colour (``#rrggbb``), or the fallback if it is not one."""
    try:
        return colors.HexColor(value) if value else fallback
    except (ValueError, TypeError):
        return fallback


def hex_of(value: colors.Color) -> str:
    """``#rrggbb`` for paragraph markup."""
    return "#" + value.hexval()[2:]


def table_style(*commands: tuple) -> TableStyle:
    """A table style whose cell font is embedded Vera: reportlab sets a cell's font even
    when the cell holds a paragraph, and its default, Helvetica, is not embedded."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), LATIN), *commands])


@dataclass(frozen=True)
class Role:
    size: float
    leading: float
    colour: colors.Color = INK
    bold: bool = False
    align: int = TA_LEFT
    before: float = 0
    after: float = 0
    keep: bool = False  # kept on the page of the flowable that follows (headings)


# Sizes for a city's report: body text 10.5 pt and more, nothing a reader must read under
# 9 pt (page furniture included); secondary text is set apart by colour and place, not by
# shrinking it. Details are ink, not grey: they are content.
ROLES = {
    "cover_title": Role(28, 38, ACCENT, bold=True, after=6 * mm),
    "cover_kicker": Role(14, 20, ACCENT, bold=True, after=4 * mm),
    "cover_fact": Role(15, 22, INK, after=1.5 * mm),
    "cover_organiser": Role(18, 26, INK, bold=True, after=1 * mm),
    "cover_text": Role(11, 16, INK, after=2 * mm),
    "h1": Role(18, 24, ACCENT, bold=True, before=6 * mm, after=4 * mm, keep=True),
    "h2": Role(14, 20, INK, bold=True, before=5 * mm, after=2 * mm, keep=True),
    "h3": Role(12, 17, INK, bold=True, before=3 * mm, after=1.5 * mm, keep=True),
    "body": Role(10.5, 17, INK, after=2 * mm),
    "fact": Role(10.5, 17, INK, after=2 * mm),  # a sheet's title line: read from afar
    "idea": Role(11, 16, INK, bold=True, before=2 * mm),
    "detail": Role(10.5, 16, INK, after=0.5 * mm),
    "byline": Role(9.5, 14, MUTED, after=0.3 * mm),
    "meta": Role(9, 13, MUTED),
    "meta_right": Role(9, 13, MUTED, align=TA_RIGHT),
    "meta_centre": Role(9, 13, MUTED, align=TA_CENTER),
    "cell": Role(10.5, 15, INK),
    "cell_bold": Role(10.5, 15, INK, bold=True),
    "cell_right": Role(10.5, 15, INK, align=TA_RIGHT),
    "cell_head": Role(10, 14, MUTED, bold=True),
    "cell_head_right": Role(10, 14, MUTED, bold=True, align=TA_RIGHT),
    "caption": Role(10, 14, INK, after=3 * mm),
    "toc": Role(12, 20, INK),
    "card_title": Role(15, 20, INK, bold=True),
    "card_detail": Role(10.5, 14.5, INK),
    "card_meta": Role(9.5, 12.5, MUTED),
    "sheet_title": Role(24, 30, INK, bold=True),
    "number": Role(11, 14, ACCENT, bold=True, align=TA_RIGHT),
}


# Headlines and titles: their Japanese lines break only between phrases (BudouX).
PHRASE_ROLES = frozenset({"cover_title", "h1", "h2", "h3", "idea", "card_title",
                          "sheet_title", "fact"})


class StrokedParagraph(JapaneseParagraph):
    """A paragraph drawn with a thin outline in its own colour: a bold look for fonts
    without a bold face (BIZ UDGothic here). The text stays ordinary text for copy and
    search."""

    def draw(self) -> None:
        # drawOn has saved the graphics state around this call and restores it after.
        canvas = self.canv
        canvas.setStrokeColor(self.style.textColor)
        canvas.setLineWidth(self.style.fontSize * 0.028)
        canvas.addLiteral("2 Tr")  # text render mode 2: fill, then stroke
        super().draw()


class StrokedPhraseParagraph(StrokedParagraph):
    phrases = True


class Typography:
    """Paragraph styles for one document, and the one way to turn text into a Paragraph.

    ``scale`` enlarges every size (A3 sheets are read from further away).
    """

    def __init__(self, lang: str, *, scale: float = 1.0) -> None:
        self.lang = lang
        self.typesetter = Typesetter(register_fonts())
        self._styles: dict[tuple[str, bool], ParagraphStyle] = {}
        self._variants: dict[tuple, ParagraphStyle] = {}
        for name, role in ROLES.items():
            for cjk in (False, True):
                self._styles[name, cjk] = self._style(name, role, cjk, scale)

    @staticmethod
    def _style(name: str, role: Role, cjk: bool, scale: float) -> ParagraphStyle:
        font = JAPANESE if cjk else (LATIN_BOLD if role.bold else LATIN)
        return ParagraphStyle(
            f"{name}-{'cjk' if cjk else 'latin'}",
            fontName=font,
            fontSize=role.size * scale,
            leading=role.leading * scale,
            textColor=role.colour,
            alignment=role.align,
            spaceBefore=role.before * scale,
            spaceAfter=role.after * scale,
            wordWrap="CJK" if cjk else None,
            # A long URL or an unbroken Latin word still wraps rather than overflowing.
            splitLongWords=True,
            allowWidows=0,
            keepWithNext=int(role.keep),
        )

    def style(self, role: str, text: str) -> ParagraphStyle:
        return self._styles[role, is_cjk(text)]

    def markup(self, text: str, role: str, *, cjk: bool | None = None) -> str:
        """Escaped markup of ``text`` in the role's font (for combining into one paragraph)."""
        if cjk is None:
            cjk = is_cjk(text)
        return self.typesetter.markup(text, self._styles[role, cjk].fontName)

    def para(self, text: str, role: str, *, bullet: str | None = None,
             **style_changes) -> Paragraph:
        """A paragraph of a person's text (or a translated label), wrapped for its script;
        ``bullet``: a text hung in the left indent (an idea's number), drawn apart from
        the paragraph's text – far cheaper to wrap than a number in a colour of its own."""
        return self.para_parts([(text, "")], role, bullet=bullet, **style_changes)

    def para_parts(self, parts: list[tuple[str, str]], role: str, *,
                   bullet: str | None = None, **style_changes) -> Paragraph:
        """One paragraph from pieces ``(text, look)``; ``look`` is "" (the role's own),
        "bold" (Latin only: Japanese has no bold face), "muted", "accent", "small" (muted
        and smaller) or "chip" (``text`` is a colour: a small square of it)."""
        cjk = any(is_cjk(text) for text, look in parts if look != "chip")
        style = self._styles[role, cjk]
        if style_changes:
            style = self._variant(style, role, cjk, **style_changes)
        markup = "".join(self._piece(text, look, style, cjk) for text, look in parts)
        if not cjk:
            if not any(has_long_token(text) for text, _look in parts):
                return WrappedOnce(markup, style, bulletText=bullet)
            # A URL or a long compound: break it after a slash or a hyphen, not anywhere.
            return JapaneseParagraph(markup, self._variant(style, role, cjk, wordWrap="CJK"),
                                     bulletText=bullet)
        if ROLES[role].bold:
            kind = StrokedPhraseParagraph if role in PHRASE_ROLES else StrokedParagraph
        else:
            kind = PhraseParagraph if role in PHRASE_ROLES else JapaneseParagraph
        return kind(markup, style, bulletText=bullet)

    def _variant(self, style: ParagraphStyle, role: str, cjk: bool,
                 **style_changes) -> ParagraphStyle:
        key = (style.name, role, cjk, *sorted(style_changes.items()))
        if key not in self._variants:
            self._variants[key] = ParagraphStyle(style.name + "*", parent=style,
                                                 **style_changes)
        return self._variants[key]

    def _piece(self, text: str, look: str, style: ParagraphStyle, cjk: bool) -> str:
        if look == "chip":
            return f'<font face="{JAPANESE}" color="{hex_of(colour(text))}">■</font> '
        font = LATIN if look == "bold" and not cjk else style.fontName
        piece = self.typesetter.markup(text, font)
        if look == "bold" and not cjk:
            return f"<b>{piece}</b>"
        if look == "muted":
            return f'<font color="{hex_of(MUTED)}">{piece}</font>'
        if look == "accent":
            return f'<font color="{hex_of(ACCENT)}">{piece}</font>'
        if look == "small":
            return (f'<font size="{style.fontSize * 0.82:.2f}" '
                    f'color="{hex_of(MUTED)}">{piece}</font>')
        return piece

    def one_line(self, text: str, role: str, width: float) -> Flowable:
        """The text on one line in a box of ``width``, shortened with an ellipsis if need
        be; a plain text line when one font draws it all, else a paragraph."""
        paragraph = self.fitted(text, role, width, 1)
        style = paragraph.style
        if self.typesetter.plain(text, style.fontName) and \
                stringWidth(text, style.fontName, style.fontSize) <= width:
            return TextLine(text, font=style.fontName, size=style.fontSize,
                            leading=style.leading, colour=style.textColor, width=width,
                            align=style.alignment)
        paragraph.wrap(width, 1_000)
        paragraph.width = width
        return paragraph

    def line_or_para(self, text: str, role: str, width: float) -> tuple[str, str] | Paragraph:
        """``(text, font)`` when the text fits on one line of ``width`` in one font of the
        role's plain style (drawn then as a bare text line, far cheaper in long lists), else
        a paragraph."""
        style = self.style(role, text)
        simple = ("\n" not in text and not (ROLES[role].bold and style.fontName == JAPANESE)
                  and self.typesetter.plain(text, style.fontName)
                  and stringWidth(text, style.fontName, style.fontSize) <= width)
        return (text, style.fontName) if simple else self.para(text, role, spaceAfter=0)

    def line_list(self, items: list[tuple[int, str]], role: str, width: float, *,
                  indent: float, gap: float = 1.0) -> LineList:
        """Numbered short texts one per line in the role's style (see ``line_or_para``)."""
        entries = []
        for number, text in items:
            entry = self.line_or_para(text, role, width - indent)
            entries.append((str(number), *entry) if isinstance(entry, tuple)
                           else (str(number), entry))
        role_style = self._styles[role, False]
        return LineList(entries, size=role_style.fontSize, leading=role_style.leading,
                        colour=role_style.textColor, number_colour=ACCENT, indent=indent,
                        gap=gap)

    def fitted(self, text: str, role: str, width: float, max_lines: int,
               **style_changes) -> Paragraph:
        """A paragraph of at most ``max_lines`` lines at ``width`` (see ``fit``)."""
        return self.fit(text, role, width, max_lines, **style_changes)[0]

    def fit(self, text: str, role: str, width: float, max_lines: int,
            **style_changes) -> tuple[Paragraph, bool]:
        """A paragraph of at most ``max_lines`` lines at ``width``, and whether the text
        had to be shortened (with an ellipsis) to fit."""
        paragraph = self.para(text, role, **style_changes)
        limit = paragraph.style.leading * max_lines * 1.01
        if paragraph.wrap(width, 10_000)[1] <= limit:
            return paragraph, False
        low, high = 0, len(text)  # the longest prefix that fits, by bisection
        while low < high:
            middle = (low + high + 1) // 2
            candidate = self.para(text[:middle].rstrip() + "…", role, **style_changes)
            if candidate.wrap(width, 10_000)[1] <= limit:
                low = middle
            else:
                high = middle - 1
        return self.para(text[:low].rstrip() + "…", role, **style_changes), True
