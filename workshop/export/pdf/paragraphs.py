"""Paragraphs that break lines the Japanese way (see ``linebreak``).

reportlab's own CJK wrapping (``wordWrap="CJK"``) breaks after any character and knows
only a short list of characters that cannot start a line: it left "（" at a line's end,
"？" and "）" at a line's start, and split ワー／クショップ in headlines. ``JapaneseParagraph``
keeps reportlab's line objects and drawing and replaces only the choice of breaks.

Wrapping is on the path of every paragraph of a thousand-idea report, measured several
times over (fitting, splitting at page ends): widths come from a per-font table of
character widths, and a line's pieces are made per fragment, not per character.
"""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus.paragraph import FragLine, Paragraph, ParaLines, _handleBulletWidth
from reportlab.rl_config import _FUZZ

from workshop.export.pdf.fonts import register_fonts
from workshop.export.pdf.linebreak import break_opportunities

_OBJECT = "\ufffc"  # stands for an image or a line break in the rules' text

# (font, size) -> character -> width: shared by every paragraph of the process.
_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}


def _flatten(frags) -> tuple[str, list[float], list[int], list[int]]:
    """The rules' text, each position's width, its fragment, and where each fragment's
    text starts in the rules' text."""
    spelled = register_fonts().spelled
    chars: list[str] = []
    widths: list[float] = []
    owners: list[int] = []
    starts: list[int] = []
    for number, frag in enumerate(frags):
        starts.append(len(chars))
        text = frag.text
        if not text or hasattr(frag, "cbDefn"):
            chars.append(_OBJECT)
            widths.append(getattr(getattr(frag, "cbDefn", None), "width", 0) or 0)
            owners.append(number)
            continue
        table = _WIDTHS.get((frag.fontName, frag.fontSize))
        if table is None:
            table = _WIDTHS[frag.fontName, frag.fontSize] = {}
        for char in text:
            width = table.get(char)
            if width is None:
                width = table[char] = stringWidth(char, frag.fontName, frag.fontSize)
            widths.append(width)
            # An alias stands for its text's first character (a half-width 」 is a 」).
            chars.append(spelled[ord(char)][0] if ord(char) >= 0xF0000 and
                         ord(char) in spelled else char)
        owners.extend([number] * len(text))
    return "".join(chars), widths, owners, starts


def split_lines(frags, max_widths: list[float], *, phrases: bool = False) -> ParaLines:
    """Lines of ``frags`` no wider than ``max_widths`` (one per line, the last repeating),
    broken only where ``break_opportunities`` allows (with ``phrases``, between phrases
    first), else – a piece longer than a line – after the last character that fits."""
    text, widths, owners, starts = _flatten(frags)
    allowed = break_opportunities(text, phrases=phrases)
    wanted = 2 if phrases else 1
    lines = []
    start, count = 0, len(text)
    while start < count:
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        limit = max_width + _FUZZ
        used, index = 0.0, start
        best = fallback = -1  # last phrase boundary / last allowed break on this line
        best_used = fallback_used = 0.0
        end, end_used, line_break = count, 0.0, False
        while index < count:
            if text[index] == _OBJECT and hasattr(frags[owners[index]], "lineBreak"):
                end, end_used, line_break = index + 1, used, True
                break
            if allowed[index] and index > start:
                fallback, fallback_used = index, used
                if allowed[index] >= wanted:
                    best, best_used = index, used
            width = widths[index]
            if used + width > limit and used > 0 and text[index] != " ":
                if best > start:
                    end, end_used = best, best_used
                elif fallback > start:
                    end, end_used = fallback, fallback_used
                else:
                    end, end_used = index, used  # one piece wider than the line
                break
            used += width
            index += 1
        else:
            end_used = used
        trailing = end
        while trailing > start and text[trailing - 1] == " ":
            trailing -= 1
            end_used -= widths[trailing]
        lines.append(_line(frags, owners, starts, start, end, max_width, end_used, line_break))
        start = end
    return ParaLines(kind=1, lines=lines)


def _line(frags, owners: list[int], starts: list[int], start: int, end: int,
          max_width: float, used: float, line_break: bool) -> FragLine:
    """One line (as reportlab's ``makeCJKParaLine`` makes it) of positions start..end."""
    words = []
    size = ascent = descent = 0.0
    first, last = owners[start], owners[end - 1]
    for number in range(first, last + 1):
        frag = frags[number]
        begin = max(start, starts[number]) - starts[number]
        stop = min(end, starts[number + 1] if number + 1 < len(starts) else end) \
            - starts[number]
        font_size = frag.fontSize
        frag_ascent, frag_descent = getAscentDescent(frag.fontName, font_size)
        size, ascent = max(size, font_size), max(ascent, frag_ascent)
        descent = min(descent, frag_descent)
        text = frag.text or ""
        words.append(frag.clone(text=text[begin:stop] if text else text))
    return FragLine(kind=1, extraSpace=max_width - used, wordCount=1, words=words,
                    fontSize=size, ascent=ascent, descent=descent, maxWidth=max_width,
                    currentWidth=used, lineBreak=line_break)


class WrappedOnce(Paragraph):
    """A paragraph that breaks its lines once per width: documents that fit text measure a
    paragraph before placing it, and platypus wraps it again at the same width (reportlab
    keeps no result: each wrap breaks every line anew, the most costly step of all)."""

    _wrapped: tuple[float, object] | None = None  # (width, the lines broken at it)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        # The lines are checked too: a split part shares attributes but not its lines.
        if self._wrapped is not None and self._wrapped[0] == availWidth and \
                self.__dict__.get("blPara") is self._wrapped[1]:
            return self.width, self.height
        result = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, self.blPara)
        return result


class JapaneseParagraph(WrappedOnce):
    """A paragraph whose lines break by JIS X 4051 (for ``wordWrap="CJK"`` styles)."""

    phrases = False  # break only at phrase boundaries (headlines, titles)

    def breakLinesCJK(self, maxWidths):
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        style = self.style
        self.height = 0
        _handleBulletWidth(self.bulletText, style, maxWidths)
        if hasattr(self, "blPara") and getattr(self, "_splitpara", 0):
            return self.blPara
        if not self.frags:
            return ParaLines(kind=0, fontSize=style.fontSize, fontName=style.fontName,
                             textColor=style.textColor, lines=[], ascent=style.fontSize,
                             descent=-0.2 * style.fontSize)
        return split_lines(self.frags, maxWidths, phrases=self.phrases)


class PhraseParagraph(JapaneseParagraph):
    """A headline or title: lines break only between phrases where a line can."""

    phrases = True
