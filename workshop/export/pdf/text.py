"""From a person's text to reportlab paragraph markup that never loses a character silently.

Each character is drawn with the paragraph's own font when it can be, else with the other
embedded font (Vera has ™ and ğ, IPAexGothic has kana, kanji and ō), else it is replaced by
a visible mark (□) and remembered, so the export can warn about it. Emoji and kanji outside
JIS X 0213 (such as 𠮷) have no shape in either font.

Characters that draw nothing anyway are handled quietly: variation selectors after a
drawable character (they only ask for a glyph variant) and invisible format characters
are dropped; unknown spaces become a plain space. A missing emoji sequence (a flag, a
family joined by ZWJ, a skin tone) becomes one mark, not one per code point.
"""

from __future__ import annotations

import unicodedata
from xml.sax.saxutils import escape

from workshop.export.pdf.fonts import JAPANESE, LATIN, FontCoverage
from workshop.i18n import N_, Message

# Not 〓 (geta), the Japanese typesetters' mark: at small sizes it reads as "=", which the
# results print for shared ranks.
MARK = "□"
_ZWJ = "\u200d"
_MAX_LISTED = 20


def _joins_previous(char: str) -> bool:
    """Code points that belong to the character before them (emoji modifiers, selectors)."""
    code = ord(char)
    return (
        0xFE00 <= code <= 0xFE0F  # variation selectors
        or 0xE0100 <= code <= 0xE01EF  # ideographic variation selectors
        or 0x1F3FB <= code <= 0x1F3FF  # skin tones
        or 0xE0020 <= code <= 0xE007F  # tag characters (subdivision flags)
        or code == 0x20E3  # combining keycap
        or unicodedata.category(char) in ("Mn", "Me")
    )


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
    """Turns text into paragraph markup for one document, and collects what it could not draw.

    One instance per document: ``missing`` holds every replaced character once, in the order
    met, for the warning.
    """

    def __init__(self, coverage: FontCoverage) -> None:
        self.mark = MARK
        self.missing: dict[str, None] = {}
        self._chars = {
            JAPANESE: frozenset(map(chr, coverage.japanese)),
            LATIN: frozenset(map(chr, coverage.latin)),
        }

    def drawable(self, font: str) -> frozenset[str]:
        """The characters ``font``'s family draws."""
        return self._chars[JAPANESE if font == JAPANESE else LATIN]

    def markup(self, text: str, font: str) -> str:
        """Escaped markup for ``text`` set in ``font`` (one of the two families' regular
        names; bold and italic cover the same characters)."""
        own = self._chars[JAPANESE if font == JAPANESE else LATIN]
        if own.issuperset(text):  # the common case: one font draws everything
            return escape(text).replace("\n", "<br/>")
        other_font = LATIN if font == JAPANESE else JAPANESE
        other = self._chars[other_font]
        out: list[str] = []
        run: list[str] = []  # consecutive characters drawn with the other font
        previous_missing = False
        chars = list(text)
        index = 0
        while index < len(chars):
            char = chars[index]
            index += 1
            if char in own or char == "\n":
                self._flush(out, run, other_font)
                out.append("<br/>" if char == "\n" else escape(char))
                previous_missing = False
            elif char in other:
                run.append(char)
                previous_missing = False
            elif _joins_previous(char):
                continue  # a selector or modifier: part of the character before it
            elif char == _ZWJ:
                if previous_missing and index < len(chars):
                    joined = chars[index]
                    if joined not in own and joined not in other:
                        self.missing.setdefault(joined)
                    index += 1  # the joined character shares the mark already drawn
                continue
            elif unicodedata.category(char) == "Cf":
                continue  # invisible format characters (zero-width space, BOM)
            elif unicodedata.category(char) == "Zs":
                self._flush(out, run, other_font)
                out.append(" ")
                previous_missing = False
            else:
                self.missing.setdefault(char)
                if _regional_indicator(char) and index < len(chars) and \
                        _regional_indicator(chars[index]):
                    self.missing.setdefault(chars[index])
                    index += 1  # a flag is two indicators: one mark
                self._flush(out, run, other_font)
                out.append(self._mark_markup(font))
                previous_missing = True
        self._flush(out, run, other_font)
        return "".join(out)

    def _mark_markup(self, font: str) -> str:
        if self.mark in self._chars[JAPANESE if font == JAPANESE else LATIN]:
            return self.mark
        return f'<font face="{JAPANESE}">{self.mark}</font>'

    @staticmethod
    def _flush(out: list[str], run: list[str], font: str) -> None:
        if run:
            out.append(f'<font face="{font}">{escape("".join(run))}</font>')
            run.clear()

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
