"""From a person's text to runs of one font each, and to paragraph markup, losing nothing.

Each character is drawn with the paragraph's own font when it can be, else with the first
font of the fallback chain that has it (``fonts.FontChain``: BIZ UDGothic, IPAexGothic,
IPAmj明朝, Droid Sans Fallback, Noto, Symbola), else it is replaced by a visible mark (□)
and remembered, so the export can warn about it.

Selectors stay with their base: an ideographic variation sequence (葛󠄀) draws the variant
glyph of the first font that has one, else the base's usual glyph; an emoji selector or
skin tone after a drawn base is drawn as the base – and in every case the PDF's text layer
keeps the whole sequence. Where a closing bracket or comma meets another bracket (」「,
）。) the first is set half-width, as JIS X 4051 asks. Invisible format characters (zero-
width space, BOM) are dropped; unknown spaces become a plain space. A missing emoji
sequence (a flag, a ZWJ family) becomes one mark, not one per code point.
"""

from __future__ import annotations

import re
import unicodedata
from xml.sax.saxutils import escape

from workshop.export.pdf.fonts import (
    JAPANESE,
    LATIN,
    LATIN_BOLD,
    LATIN_ITALIC,
    FontChain,
    is_alias,
)
from workshop.i18n import N_, Message

# Not 〓 (geta), the Japanese typesetters' mark: at small sizes it reads as "=", which the
# results print for shared ranks.
MARK = "□"
_ZWJ = "\u200d"
_MAX_LISTED = 20
_LATIN_FAMILY = (LATIN, LATIN_BOLD, LATIN_ITALIC)

# Full-width punctuation whose glyph fills one half of its em box: closing ones on the
# left, opening ones on the right. Two in a row leave a whole blank em between them.
CLOSING = "、。，．）」』】〕〉》］｝〙〗"
OPENING = "（「『【〔〈《［｛〘〖"
_TIGHT_PAIR = re.compile(f"[{CLOSING}][{CLOSING}{OPENING}]|[{OPENING}][{OPENING}]")
# A word of an alphabetic script (Latin, Cyrillic, Hangul ...): one face draws all of it
# when one can, rather than Tiếng set in two designs.
_WORD = re.compile(r"[^\W\d_\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]+")


def _selector(char: str) -> bool:
    """Code points that only choose how the character before them looks."""
    code = ord(char)
    return (0xFE00 <= code <= 0xFE0F  # variation selectors
            or 0xE0100 <= code <= 0xE01EF  # ideographic variation selectors
            or 0x1F3FB <= code <= 0x1F3FF  # skin tones
            or 0xE0020 <= code <= 0xE007F)  # tag characters (subdivision flags)


def _regional_indicator(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


_CJK_RANGES = (
    (0x3000, 0x30FF),  # CJK punctuation, hiragana, katakana
    (0x3400, 0x4DBF),  # extension A
    (0x4E00, 0x9FFF),  # unified ideographs
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFF00, 0xFFEF),  # full-width and half-width forms
    (0x20000, 0x3FFFF),  # extensions B and later
    (0xAC00, 0xD7AF),  # hangul (no spaces to break at either)
)


def is_cjk(text: str) -> bool:
    """Whether the text holds Japanese (or other CJK) characters: it then needs CJK line
    breaking (no spaces to break at; line-start rules) and the Japanese font."""
    for char in text:
        code = ord(char)
        if code >= 0x3000 and any(low <= code <= high for low, high in _CJK_RANGES):
            return True
    return False


class Typesetter:
    """Turns text into font runs and paragraph markup for one document, and collects what
    it could not draw.

    One instance per document: ``missing`` holds every replaced character once, in the order
    met, for the warning.
    """

    def __init__(self, chain: FontChain) -> None:
        self.chain = chain
        self.mark = MARK
        self.missing: dict[str, None] = {}
        self._chars = {
            name: frozenset(chr(code) for code in glyphs if not is_alias(code))
            for name, glyphs in ((JAPANESE, chain.glyphs(JAPANESE)), (LATIN, _latin_glyphs()))}
        self._mark_font = chain.font_for(MARK) or JAPANESE

    def drawable(self, font: str) -> frozenset[str]:
        """The characters ``font``'s family draws by itself."""
        return self._chars[LATIN if font in _LATIN_FAMILY else JAPANESE]

    def plain(self, text: str, font: str) -> bool:
        """Whether ``font`` draws ``text`` as it is (one run, nothing replaced)."""
        return self.drawable(font).issuperset(text) and not _TIGHT_PAIR.search(text)

    def runs(self, text: str, font: str) -> list[tuple[str, str]]:
        """``text`` as ``(font, characters)`` runs ready to draw, ``font`` being the
        paragraph's own; characters may include aliases (see ``fonts.ChainFont``) and
        marks for what no font draws. Line breaks stay in the text as "\\n"."""
        if self.plain(text, font):
            return [(font, text)] if text else []
        runs: list[list] = []
        for run_font, chars in self._pieces(text, font):
            if runs and runs[-1][0] == run_font:
                runs[-1][1].append(chars)
            else:
                runs.append([run_font, [chars]])
        return [(run_font, "".join(chars)) for run_font, chars in runs]

    def markup(self, text: str, font: str) -> str:
        """Escaped markup for ``text`` in a paragraph whose font is ``font``."""
        out = []
        for run_font, chars in self.runs(text, font):
            piece = escape(chars).replace("\n", "<br/>")
            out.append(piece if run_font == font else f'<font face="{run_font}">{piece}</font>')
        return "".join(out)

    def _pieces(self, text: str, font: str):
        """(font, characters) for each drawn cluster of ``text``."""
        own = self.drawable(font)
        chain = self.chain
        word_font = self._word_fonts(text, own)
        index, end = 0, len(text)
        previous_missing = False
        while index < end:
            char, position = text[index], index
            index += 1
            tail_end = index
            while tail_end < end and _selector(text[tail_end]):
                tail_end += 1
            if tail_end < end and text[tail_end] == _ZWJ:
                tail_end += 1  # the joiner of an emoji sequence stays with the one before
            tail, index = text[index:tail_end], tail_end
            if char == "\n":
                previous_missing = False
                yield font, char
                continue
            if char == "\t":
                yield font, " "  # a tab in a detail is a space on paper
                continue
            if not tail and char in own and position not in word_font:
                previous_missing = False
                if (char in CLOSING or char in OPENING) and index < end and \
                        _TIGHT_PAIR.match(text, index - 1) and font not in _LATIN_FAMILY:
                    yield font, chain.glyph_alias(font, char, char, half=True)
                else:
                    yield font, char
                continue
            if unicodedata.category(char) in ("Cf", "Cc") and not tail:
                continue  # invisible format and control characters (zero-width space, BOM)
            drawn = self._cluster(char, tail, word_font.get(position)
                                  or (font if char in own else None))
            if drawn is not None:
                previous_missing = False
                yield drawn
            elif unicodedata.category(char) == "Zs":
                previous_missing = False
                yield font, " "
            elif previous_missing:
                self.missing.setdefault(char)  # joined to the mark already drawn
                previous_missing = tail.endswith(_ZWJ)
            else:
                self.missing.setdefault(char)
                if _regional_indicator(char) and index < end and \
                        _regional_indicator(text[index]):
                    self.missing.setdefault(text[index])
                    index += 1  # a flag is two indicators: one mark
                previous_missing = tail.endswith(_ZWJ)
                yield self._mark_run(font)

    def _word_fonts(self, text: str, own: frozenset[str]) -> dict[int, str]:
        """Index -> font for the letters of words the paragraph's font cannot draw whole
        but one face of the chain can."""
        fonts: dict[int, str] = {}
        for word in _WORD.finditer(text):
            if own.issuperset(word.group()):
                continue
            face = self.chain.font_for_all(word.group())
            if face is not None:
                fonts.update(dict.fromkeys(range(word.start(), word.end()), face))
        return fonts

    def _cluster(self, char: str, tail: str, own_font: str | None) -> tuple[str, str] | None:
        """(font, characters) drawing ``char`` with its selectors, or None if no font can."""
        chain = self.chain
        selector = tail[:1] if tail and _selector(tail[0]) else ""
        if selector:
            found = chain.sequence(char, selector)
            if found is not None:
                return found[0], chain.sequence_alias(found[0], found[1], char + tail)
        run_font = own_font or chain.font_for(char)
        if run_font is None:
            return None
        if not tail:
            return run_font, char
        # An alias is only made in a chain font (their text layer knows aliases).
        if run_font in _LATIN_FAMILY:
            run_font = chain.font_for(char) or run_font
            if run_font in _LATIN_FAMILY:
                return run_font, char
        return run_font, chain.glyph_alias(run_font, char, char + tail)

    def _mark_run(self, font: str) -> tuple[str, str]:
        if self.mark in self.drawable(font):
            return font, self.mark
        return self._mark_font, self.mark

    def warnings(self, document: str) -> list[Message]:
        """One warning naming the characters that were replaced, if any were."""
        if not self.missing:
            return []
        listed = [f"{char} (U+{ord(char):04X})" for char in list(self.missing)[:_MAX_LISTED]]
        if len(self.missing) > _MAX_LISTED:
            listed.append("…")
        return [Message(
            N_("{document}: {count} different characters have no shape in the PDF's fonts "
               "and are printed as {mark}: {chars}"),
            {"document": document, "count": len(self.missing), "mark": self.mark,
             "chars": ", ".join(listed)},
        )]


def _latin_glyphs() -> dict[int, int]:
    from reportlab.pdfbase import pdfmetrics

    return pdfmetrics.getFont(LATIN).face.charToGlyph
