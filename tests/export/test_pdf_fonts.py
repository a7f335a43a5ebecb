"""The fonts' text layer: reportlab's ToUnicode bug for characters outside the BMP, fixed,
read back with pdftotext and pypdf as a search, a copy or a screen reader would."""

from reportlab.pdfbase.ttfonts import makeToUnicodeCMap
from reportlab.pdfgen import canvas

from workshop.export.pdf.fonts import JAPANESE, register_fonts
from workshop.export.pdf.text import Typesetter
from workshop.export.pdf.tounicode import to_unicode_cmap, utf16_hex
from workshop.fonts import CHAIN, FONT_DIR, locate

from .pdfcheck import pdf_text, pypdf_text

STRINGS = [
    "ほっけは𩸽と書く", "𠮷野さん", "髙﨑さんと﨑山さん", "葛\U000e0100城市", "𡈽", "ｶﾀｶﾅ",
    "「市民」「ワークショップ」", "❤\ufe0f 🙂 👍🏽 🇯🇵", "👨\u200d👩\u200d👧", "한국어",
    "简体中文", "Tiếng Việt", "Café – “quotes” ™",
]


def test_reportlab_still_writes_non_bmp_code_points_wrongly():
    # When this fails, reportlab has fixed its bug and the override can go.
    assert "<29E3D>" in makeToUnicodeCMap("F", [0, 0x29E3D])


def test_the_tounicode_map_gives_utf16_pairs_and_alias_texts():
    cmap = to_unicode_cmap("F", [0, 0x29E3D, 0x41, 0xF0000], {0xF0000: "葛\U000e0100"})
    assert "<01> <D867DE3D>" in cmap and "<02> <0041>" in cmap
    assert f"<03> <{utf16_hex('葛')}DB40DD00>" in cmap
    assert "4 beginbfchar" in cmap


def test_every_test_string_extracts_exactly(tmp_path):
    typesetter = Typesetter(register_fonts())
    path = tmp_path / "strings.pdf"
    page = canvas.Canvas(str(path))
    lines = page.beginText(40, 800)
    for text in STRINGS:
        for font, chars in typesetter.runs(text, JAPANESE):
            lines.setFont(font, 14)
            lines.textOut(chars)
        lines.textLine("")
        lines.moveCursor(0, 14)
    page.drawText(lines)
    page.save()
    assert typesetter.missing == {}
    for extracted in (pdf_text(path), pypdf_text(path)):
        lines = [line for line in extracted.splitlines() if line.strip()]
        assert lines == STRINGS


def test_the_faces_a_pdf_needs_are_shipped_with_their_licences():
    shipped = [face for face in CHAIN if face.shipped]
    assert {face.key for face in shipped} >= {"UDGothic", "IPAmjMincho", "DroidFallback",
                                             "Symbola"}
    for face in shipped:
        path = locate(face, dirs=[])
        assert path is not None and path.parent == FONT_DIR, face
    names = {path.name for path in FONT_DIR.iterdir()}
    for licence in ("IPA_Font_License_Agreement_v1.0.txt", "BIZUDGothic-LICENSE.txt",
                    "DroidSansFallback-LICENSE-Apache-2.0.txt", "Symbola-LICENSE.txt",
                    "NotoSans-LICENSE.txt", "README.md"):
        assert licence in names


def test_faces_not_shipped_are_found_on_the_system_in_a_fixed_order(tmp_path):
    thai = next(face for face in CHAIN if face.key == "NotoThai")
    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        folder.mkdir()
        (folder / thai.files[0]).write_bytes(b"")
    assert locate(thai, dirs=[second, first]) == second / thai.files[0]
    assert locate(thai, dirs=[]) is None  # not shipped: only the folders given count
