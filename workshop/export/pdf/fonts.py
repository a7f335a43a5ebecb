"""The fonts embedded in the PDFs: the fallback chain of ``workshop.fonts`` registered with
reportlab, plus Bitstream Vera for Latin text.

- Latin: Bitstream Vera Sans, which ships inside reportlab itself (it has a real bold).
- Japanese: BIZ UDGothic, then the rest of the chain for what it lacks (𠮷, Hangul, emoji).

Every chain face is a ``ChainFont``: reportlab's ``TTFont`` with a correct ToUnicode map
for characters outside the BMP (see ``tounicode``) and *aliases*: code points of plane 15's
private use area that draw a chosen glyph at a chosen advance and extract as chosen text.
They carry what reportlab cannot express by code point alone: an ideographic variation
sequence (葛󠄀 draws IPAmj's variant glyph, extracts as 葛 + U+E0100), a selector kept with
its base (❤️), and a bracket set half-width where two brackets meet (」「).

The chain has no bold faces: Japanese headings are drawn with a thin outline stroke in
their colour (PDF text render mode 2), which looks bold and still extracts as plain text.

reportlab keeps registered fonts in a process-wide table; registering happens on first use
(never at import) and only once.
"""

from __future__ import annotations

import functools
import threading
from pathlib import Path

import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

from workshop.export.pdf.tounicode import to_unicode_cmap
from workshop.export.pdf.variants import variation_sequences
from workshop.fonts import CHAIN, TEXT_FACE, locate

_VERA_DIR = Path(reportlab.__file__).parent / "fonts"

JAPANESE = f"Workshop-{TEXT_FACE.key}"
LATIN = "Workshop-Vera"
LATIN_BOLD = "Workshop-Vera-Bold"
LATIN_ITALIC = "Workshop-Vera-Italic"

_VERA = {
    LATIN: _VERA_DIR / "Vera.ttf",
    LATIN_BOLD: _VERA_DIR / "VeraBd.ttf",
    LATIN_ITALIC: _VERA_DIR / "VeraIt.ttf",
}

# Plane 15 private use: no font of the chain maps anything there, no person types it.
_ALIAS_START = 0xF0000
_ALIAS_END = 0xFFFFD


def is_alias(code: int) -> bool:
    """Whether a code point is in the range aliases are made in: a person's own character
    there (plane 15 private use) is drawn by no font, never taken for an alias."""
    return _ALIAS_START <= code <= _ALIAS_END


class ChainFont(TTFont):
    """A TrueType font with an exact text layer (see the module's docstring)."""

    def __init__(self, name: str, path: Path, chain: FontChain) -> None:
        super().__init__(name, str(path))
        self._chain = chain

    def alias(self, glyph: int, advance: int, text: str) -> str:
        """The private character that draws ``glyph`` (advance in 1/1000 em) as ``text``."""
        return self._chain.alias(self, glyph, advance, text)

    def addObjects(self, doc) -> None:
        state = self.state.get(doc)
        subsets = [list(subset) for subset in state.subsets] if state else []
        super().addObjects(doc)
        # reportlab writes a non-BMP code as 5 hex digits instead of a UTF-16 pair, and
        # knows nothing of aliases: rewrite each subset's ToUnicode map.
        face = self.face
        for number, subset in enumerate(subsets):
            base = b"".join((SUBSETN(number), b"+", face.name, face.subfontNameX))
            base_name = base.decode("pdfdoc")
            stream = doc.idToObject.get("toUnicodeCMap:" + base_name)
            if stream is not None:
                stream.content = to_unicode_cmap(base_name, subset, self._chain.spelled)


class FontChain:
    """The registered chain: which font draws a character, and the aliases made so far.

    A face is read (and registered with reportlab) the first time a character needs it: a
    document without rare kanji never reads IPAmj明朝's 46 MB.
    """

    def __init__(self) -> None:
        self.missing_faces: list[str] = []  # faces of the chain not found on this machine
        self.spelled: dict[int, str] = {}  # alias code point -> the text it stands for
        self._aliases: dict[tuple[str, int, int, str], str] = {}
        self._next_alias = _ALIAS_START
        self._sequences: dict[str, dict[tuple[int, int], int]] = {}
        self._font_of: dict[str, str | None] = {}
        self._paths: dict[str, Path] = {}  # in chain order, the text face first
        self._glyphs: dict[str, dict[int, int]] = {}
        # Exports may run on worker threads: a face is read, an alias made, by one at once.
        self._lock = threading.RLock()
        for face in CHAIN:
            path = locate(face)
            if path is None:
                self.missing_faces.append(face.family)
            else:
                self._paths[f"Workshop-{face.key}"] = path
        self.names = list(self._paths)

    def glyphs(self, name: str) -> dict[int, int]:
        """Code point -> glyph of the chain font ``name`` (read and registered on first use)."""
        found = self._glyphs.get(name)
        if found is None:
            with self._lock:
                if name not in pdfmetrics.getRegisteredFontNames():
                    pdfmetrics.registerFont(ChainFont(name, self._paths[name], self))
                    pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name,
                                                  boldItalic=name)
                found = self._glyphs[name] = pdfmetrics.getFont(name).face.charToGlyph
        return found

    def font_for(self, char: str) -> str | None:
        """The first font of the chain that draws ``char`` (None: none does)."""
        try:
            return self._font_of[char]
        except KeyError:
            code = ord(char)
            found = None if is_alias(code) else next(
                (name for name in self.names if code in self.glyphs(name)), None)
            self._font_of[char] = found
            return found

    def font_for_all(self, text: str) -> str | None:
        """The first font of the chain that draws every character of ``text``."""
        if any(is_alias(ord(char)) for char in text):
            return None
        return next((name for name in self.names
                     if all(ord(char) in self.glyphs(name) for char in text)), None)

    def draws(self, char: str) -> bool:
        """Whether some font of the PDFs (Vera or the chain) draws ``char``."""
        return (not is_alias(ord(char)) and ord(char) in pdfmetrics.getFont(LATIN)
                .face.charToGlyph) or self.font_for(char) is not None

    def sequence(self, base: str, selector: str) -> tuple[str, int] | None:
        """The first font with a glyph for the variation sequence, and that glyph."""
        key = (ord(base), ord(selector))
        for name, path in self._paths.items():
            table = self._sequences.get(name)
            if table is None:
                table = self._sequences[name] = variation_sequences(path)
            glyph = table.get(key)
            if glyph is not None:
                self.glyphs(name)
                return name, glyph
        return None

    def alias(self, font: ChainFont, glyph: int, advance: int, text: str) -> str:
        key = (font.fontName, glyph, advance, text)
        char = self._aliases.get(key)
        if char is not None:
            return char
        with self._lock:
            return self._aliases.get(key) or self._new_alias(key, font)

    def _new_alias(self, key: tuple[str, int, int, str], font: ChainFont) -> str:
        _name, glyph, advance, text = key
        if self._next_alias > _ALIAS_END:
            raise OverflowError("no private code points left for glyph aliases")
        code = self._next_alias
        self._next_alias += 1
        face = font.face
        face.charToGlyph[code] = glyph
        face.charWidths[code] = advance
        self.spelled[code] = text
        char = self._aliases[key] = chr(code)
        return char

    def glyph_alias(self, font_name: str, char: str, text: str, *, half: bool = False) -> str:
        """An alias drawing ``char``'s glyph of ``font_name`` that extracts as ``text``;
        ``half``: at half its advance (a bracket whose blank side is dropped)."""
        font = pdfmetrics.getFont(font_name)
        glyph = font.face.charToGlyph[ord(char)]
        advance = font.face.getCharWidth(ord(char))
        return self.alias(font, glyph, advance / 2 if half else advance, text)

    def sequence_alias(self, font_name: str, glyph: int, text: str) -> str:
        """An alias drawing a variation sequence's own glyph, extracting as the sequence."""
        font = pdfmetrics.getFont(font_name)
        advance = font.face.getCharWidth(ord(text[0]))
        return self.alias(font, glyph, advance, text)


@functools.cache
def register_fonts() -> FontChain:
    """Register Vera and the fallback chain with reportlab (once) and return the chain."""
    for name, path in _VERA.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(
        LATIN, normal=LATIN, bold=LATIN_BOLD, italic=LATIN_ITALIC, boldItalic=LATIN_BOLD)
    chain = FontChain()
    chain.glyphs(JAPANESE)  # the text face is always needed
    return chain
