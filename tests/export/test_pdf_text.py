"""Text to paragraph markup: font fallback, visible marks for missing characters, warnings."""

from workshop.export.pdf.fonts import JAPANESE, LATIN, register_fonts
from workshop.export.pdf.text import Typesetter, is_cjk


def typesetter() -> Typesetter:
    return Typesetter(register_fonts())


def test_the_embedded_fonts_cover_what_they_should():
    coverage = register_fonts()
    for char in "あア漢字〓□。「」ー𩸽":
        assert ord(char) in coverage.japanese, char
    for char in "Café naïve – “quotes” ™":
        assert ord(char) in coverage.latin, char
    # The characters the tests below rely on being missing from both fonts.
    for char in "𠮷🙂❤":
        assert ord(char) not in coverage.japanese and ord(char) not in coverage.latin


def test_plain_text_is_escaped_and_keeps_its_line_breaks():
    t = typesetter()
    assert t.markup("Benches & <shade>\nplease", LATIN) == "Benches &amp; &lt;shade&gt;<br/>please"
    assert t.missing == {}


def test_characters_of_the_other_script_use_the_other_font():
    t = typesetter()
    assert t.markup("Café を公民館に", LATIN) == f'Café <font face="{JAPANESE}">を公民館に</font>'
    # ™ is in Vera but not in IPAexGothic.
    assert t.markup("ロゴ™", JAPANESE) == f'ロゴ<font face="{LATIN}">™</font>'
    assert t.missing == {}


def test_missing_characters_become_a_visible_mark_and_are_reported():
    t = typesetter()
    assert t.markup("𠮷野家で🙂", JAPANESE) == "□野家で□"
    assert list(t.missing) == ["𠮷", "🙂"]
    (warning,) = t.warnings("report.pdf")
    text = warning.render("en")
    assert text.startswith("report.pdf: 2 different characters")
    assert "printed as □" in text and "𠮷 (U+20BB7)" in text and "🙂 (U+1F642)" in text


def test_the_mark_is_a_box_drawn_with_the_japanese_font():
    t = typesetter()
    assert t.markup("Hi 🙂", LATIN) == f'Hi <font face="{JAPANESE}">□</font>'


def test_an_emoji_sequence_becomes_one_mark():
    t = typesetter()
    family = "👨\u200d👩\u200d👧"
    flag = "🇯🇵"
    thumbs = "👍🏽"
    heart = "❤\ufe0f"
    assert t.markup(f"a{family}b{flag}c{thumbs}d{heart}e", LATIN) == \
        f'a<font face="{JAPANESE}">□</font>b<font face="{JAPANESE}">□</font>c' \
        f'<font face="{JAPANESE}">□</font>d<font face="{JAPANESE}">□</font>e'
    assert "👨" in t.missing and "🇯" in t.missing and "❤" in t.missing


def test_invisible_characters_are_dropped_quietly():
    t = typesetter()
    # A variation selector after a drawable character, a zero-width space, a BOM.
    assert t.markup("葛\U000e0100城\u200bの\ufeff木", JAPANESE) == "葛城の木"
    assert t.missing == {}


def test_script_detection():
    assert is_cjk("Café を公民館に") and is_cjk("ＡＢＣ") and is_cjk("𠮷")
    assert not is_cjk("Benches for older people – 10 €")
