"""Input rules: any Unicode is kept exactly; controls go; limits give clear messages."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshop.errors import InputError
from workshop.model import Idea, Team
from workshop.rules import LIMITS
from workshop.text import clean_text

EXACT = [
    "木陰のベンチで本が読める広場",
    "𠮷野家の前",  # outside the BMP (surrogate pair in UTF-16)
    "葛󠄀城市",  # ideographic variation sequence (IVS)
    "👩‍👩‍👧‍👦 家族で 🎉",  # emoji ZWJ sequence
    "ｶﾀｶﾅ と ｆｕｌｌｗｉｄｔｈ",  # half/full width stay as typed (NFC, not NFKC)
    "Café – “quotes” ☕",
    "٣ مرحبا",
]


@pytest.mark.parametrize("text", EXACT)
def test_any_unicode_is_stored_and_returned_exactly(store, prompt, text):
    idea = store.add(Idea(title=text, details=text + "\n" + text, prompt_id=prompt.id))
    again = store.get(Idea, idea.id)
    assert again.title == text
    assert again.details == text + "\n" + text


def test_text_is_nfc_normalised(store, prompt):
    decomposed = "か\u3099"  # か + combining dakuten, as some input methods send it
    idea = store.add(Idea(title=decomposed, prompt_id=prompt.id))
    assert store.get(Idea, idea.id).title == "が"


def test_control_characters_are_removed_but_newlines_and_tabs_kept():
    assert clean_text("a\x00b\x07c\x1bd\x7fe", multiline=True) == "abcde"
    assert clean_text("one\r\ntwo\rthree\tfour", multiline=True) == "one\ntwo\nthree\tfour"
    assert clean_text("title\nwith break\tand tab") == "title with break and tab"
    assert clean_text("lone \ud800 surrogate") == "lone  surrogate"


def test_too_long_text_is_refused_with_a_clear_message(store, prompt):
    limit = LIMITS["idea_title"]
    store.add(Idea(title="𠮷" * limit, prompt_id=prompt.id))  # counted in characters
    with pytest.raises(InputError) as caught:
        store.add(Idea(title="あ" * (limit + 1), prompt_id=prompt.id))
    assert str(caught.value) == (
        f"Title is too long: {limit + 1} characters, at most {limit} are allowed."
    )
    assert caught.value.field == "title"
    assert len(store.ideas()) == 1


def test_empty_required_text_is_refused(store, prompt):
    with pytest.raises(InputError, match="Title must not be empty"):
        store.add(Idea(title=" \u3000 \n", prompt_id=prompt.id))


@pytest.mark.parametrize(("field", "value", "message"), [
    ("colour", "red", "colour must look like"),
    ("members", -1, "Members must be between 0 and 1000"),
    ("members", "5", "Members must be a whole number"),
])
def test_other_values_are_checked(store, field, value, message):
    with pytest.raises(InputError, match=message):
        store.add(Team(name="A", **{field: value}))
    assert store.list(Team) == []


@given(st.text())
def test_cleaning_never_fails_and_is_stable(text):
    cleaned = clean_text(text, multiline=True)
    assert clean_text(cleaned, multiline=True) == cleaned
    assert unicodedata.is_normalized("NFC", cleaned)
    assert not any(unicodedata.category(c) in ("Cc", "Cs") and c not in "\n\t" for c in cleaned)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1,
               max_size=300).map(lambda s: unicodedata.normalize("NFC", s).strip())
       .filter(lambda s: s and "\n" not in s and "\t" not in s
               and not any(c in s for c in "\x85\u2028\u2029")))
def test_clean_text_is_kept_exactly(text):
    assert clean_text(text) == text


def _clean_the_long_way(value: str, multiline: bool) -> str:
    """clean_text as it was before its fast path for already-clean text: every step."""
    import re

    text = re.sub(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]", "\n", value)
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]", "", text)
    text = unicodedata.normalize("NFC", text)
    if not multiline:
        text = re.sub(r"[\t\n]+", " ", text)
    return text.strip()


_TRICKY = st.sampled_from(["\r", "\n", "\r\n", "\t", " ", "\u3000", "\u2028", "\x85", "\x0b",
                           "\x00", "\x7f", "\ud800", "か\u3099", "\u0301", "e", "木", "😀"])


@given(text=st.one_of(st.text(), st.lists(_TRICKY).map("".join)), multiline=st.booleans())
def test_the_fast_path_for_clean_text_changes_nothing(text, multiline):
    assert clean_text(text, multiline=multiline) == _clean_the_long_way(text, multiline)
