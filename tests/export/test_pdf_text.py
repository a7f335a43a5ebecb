"""Text to font runs and paragraph markup: the fallback chain, selectors kept with their
base, visible marks for what no font draws, warnings."""

from reportlab.pdfbase import pdfmetrics

from workshop.export.pdf.fonts import JAPANESE, LATIN, register_fonts
from workshop.export.pdf.text import Typesetter, is_cjk

# Characters no font of the chain has (Unicode 15 emoji, a plane 16 private character).
NOWHERE = "🫨"
PRIVATE = "\U0010fffd"


def typesetter() -> Typesetter:
    return Typesetter(register_fonts())


def font(name: str) -> str:
    return f"Workshop-{name}"


def test_the_chain_is_in_a_fixed_order_with_the_ud_face_first():
    chain = register_fonts()
    shipped = ["UDGothic", "IPAexGothic", "IPAmjMincho", "DroidFallback", "NotoSans"]
    assert chain.names[:5] == [font(name) for name in shipped]
    assert chain.names[-1] == font("Symbola")
    assert font("UDGothic") == JAPANESE


def test_each_character_comes_from_the_first_face_that_has_it():
    chain = register_fonts()
    expected = {"あ": "UDGothic", "𩸽": "UDGothic", "𠮷": "IPAmjMincho", "한": "DroidFallback",
                "语": "DroidFallback", "ệ": "NotoSans", "🙂": "Symbola", "❤": "Symbola"}
    for char, name in expected.items():
        assert chain.font_for(char) == font(name), char
    assert chain.font_for(NOWHERE) is None


def test_plain_text_is_escaped_and_keeps_its_line_breaks():
    t = typesetter()
    assert t.markup("Benches & <shade>\nplease", LATIN) == "Benches &amp; &lt;shade&gt;<br/>please"
    assert t.missing == {}


def test_characters_the_paragraph_font_lacks_come_from_the_chain():
    t = typesetter()
    assert t.markup("Café を公民館に", LATIN) == f'Café <font face="{JAPANESE}">を公民館に</font>'
    assert t.markup("𠮷野家で🙂", JAPANESE) == (
        f'<font face="{font("IPAmjMincho")}">𠮷</font>野家で'
        f'<font face="{font("Symbola")}">🙂</font>')
    assert t.runs("명동 и", JAPANESE) == [(font("DroidFallback"), "명동"), (JAPANESE, " и")]
    assert t.missing == {}


def test_a_word_of_an_alphabet_is_set_in_one_face():
    t = typesetter()
    # Vera lacks ế and ệ; Noto Sans draws the whole word rather than one letter of it.
    assert t.runs("Tiếng Việt", LATIN) == [(font("NotoSans"), "Tiếng"), (LATIN, " "),
                                           (font("NotoSans"), "Việt")]


def test_missing_characters_become_a_visible_mark_and_are_reported():
    t = typesetter()
    assert t.markup(f"野{NOWHERE}で{PRIVATE}", JAPANESE) == "野□で□"
    assert list(t.missing) == [NOWHERE, PRIVATE]
    (warning,) = t.warnings("report.pdf")
    text = warning.render("en")
    assert text.startswith("report.pdf: 2 different characters")
    assert "printed as □" in text and f"{NOWHERE} (U+1FAE8)" in text


def test_the_mark_is_a_box_drawn_with_the_japanese_font():
    t = typesetter()
    assert t.markup(f"Hi {NOWHERE}", LATIN) == f'Hi <font face="{JAPANESE}">□</font>'


def test_a_missing_emoji_sequence_becomes_one_mark():
    t = typesetter()
    assert t.markup(f"a{NOWHERE}\u200d{NOWHERE}\U0001f3fdb", JAPANESE) == "a□b"


def test_selectors_stay_with_their_base_in_the_text_layer():
    t = typesetter()
    chain = t.chain
    (run_font, drawn), = t.runs("❤\ufe0f", JAPANESE)
    assert run_font == font("Symbola") and len(drawn) == 1
    assert chain.spelled[ord(drawn)] == "❤\ufe0f"
    # 葛 with an ideographic selector draws that variant's own glyph, not 葛's usual one.
    ((run_font, drawn),) = t.runs("葛\U000e0100城", JAPANESE)
    glyphs = chain.glyphs(run_font)
    assert chain.spelled[ord(drawn[0])] == "葛\U000e0100"
    assert glyphs[ord(drawn[0])] != glyphs[ord("葛")]
    assert t.missing == {}


def test_a_family_emoji_keeps_its_joiners():
    t = typesetter()
    ((run_font, drawn),) = t.runs("👨\u200d👩\u200d👧", LATIN)
    assert run_font == font("Symbola")
    assert "".join(t.chain.spelled.get(ord(c), c) for c in drawn) == "👨\u200d👩\u200d👧"


def test_brackets_that_meet_are_set_half_width():
    t = typesetter()
    ((_font, drawn),) = t.runs("「あ」「い」", JAPANESE)
    half = drawn[2]
    assert t.chain.spelled[ord(half)] == "」"
    widths = pdfmetrics.getFont(JAPANESE).face.charWidths
    assert widths[ord(half)] * 2 == widths[ord("」")]
    assert t.plain("「あ」と「い」", JAPANESE) and not t.plain("「あ」「い」", JAPANESE)


def test_invisible_characters_are_dropped_quietly_and_tabs_are_spaces():
    t = typesetter()
    assert t.markup("城\u200bの\ufeff木\tです", JAPANESE) == "城の木 です"
    assert t.missing == {}


def test_script_detection():
    assert is_cjk("Café を公民館に") and is_cjk("ＡＢＣ") and is_cjk("𠮷")
    assert not is_cjk("Benches for older people – 10 €")


def test_a_private_character_a_person_types_is_never_taken_for_an_alias():
    t = typesetter()
    t.runs("❤\ufe0f", JAPANESE)  # makes an alias in plane 15
    alias = chr(min(t.chain.spelled))
    assert t.markup(f"a{alias}b", JAPANESE) == "a□b"
    assert list(t.missing) == [alias]
