"""The fonts embedded in every PDF, and which characters each of them can draw.

- Japanese: IPAexGothic, shipped in the package (``workshop.fonts``); TrueType outlines,
  so reportlab embeds a subset and pdftotext gets the exact text back.
- Latin: Bitstream Vera Sans, which ships inside reportlab itself, so English output never
  depends on the fonts a machine happens to have. It has a real bold.

IPAexGothic has no bold face: Japanese headings are set larger, in the accent colour, and
drawn with a thin outline stroke in the same colour (PDF text render mode 2), which looks
bold on paper and on screen and still extracts as plain text.

reportlab keeps registered fonts in a process-wide table; registering happens on first use
(never at import) and only once.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from workshop.fonts import JAPANESE_FONT

_VERA_DIR = Path(reportlab.__file__).parent / "fonts"

JAPANESE = "Workshop-IPAexGothic"
LATIN = "Workshop-Vera"
LATIN_BOLD = "Workshop-Vera-Bold"
LATIN_ITALIC = "Workshop-Vera-Italic"

_FILES = {
    JAPANESE: JAPANESE_FONT,
    LATIN: _VERA_DIR / "Vera.ttf",
    LATIN_BOLD: _VERA_DIR / "VeraBd.ttf",
    LATIN_ITALIC: _VERA_DIR / "VeraIt.ttf",
}


@dataclass(frozen=True)
class FontCoverage:
    """The code points each registered font can draw."""

    japanese: frozenset[int]
    latin: frozenset[int]

    def has(self, font: str, char: str) -> bool:
        return ord(char) in (self.japanese if font == JAPANESE else self.latin)


@functools.cache
def register_fonts() -> FontCoverage:
    """Register the four embedded fonts with reportlab (once) and return their coverage."""
    faces = {}
    for name, path in _FILES.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(path)))
        faces[name] = pdfmetrics.getFont(name).face
    pdfmetrics.registerFontFamily(
        LATIN, normal=LATIN, bold=LATIN_BOLD, italic=LATIN_ITALIC, boldItalic=LATIN_BOLD)
    # Without a family, <b> around Japanese text inside a Latin paragraph would fail.
    pdfmetrics.registerFontFamily(
        JAPANESE, normal=JAPANESE, bold=JAPANESE, italic=JAPANESE, boldItalic=JAPANESE)
    # Vera Bold and Italic cover the same characters as Vera; one set serves all three.
    return FontCoverage(
        japanese=frozenset(faces[JAPANESE].charToGlyph),
        latin=frozenset(faces[LATIN].charToGlyph),
    )
