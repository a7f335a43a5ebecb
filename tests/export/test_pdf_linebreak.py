"""Japanese line breaking (JIS X 4051) in every printed document, checked by reading every
page back line by line; and the rules themselves."""

import pytest

from workshop.export.cards import write_cards
from workshop.export.common import ExportSettings
from workshop.export.pdf.linebreak import break_opportunities
from workshop.export.report import write_report
from workshop.export.sheets import write_tally_sheets, write_team_sheets
from workshop.model import Idea, Prompt

from .conftest import awkward_workshop, demo_store
from .linecheck import split_words, violations

WRITERS = {"report": write_report, "cards": write_cards, "sheets": write_team_sheets}


def breaks(text: str, **options) -> list[str]:
    """``text`` cut into the pieces between which a line may break."""
    allowed = break_opportunities(text, **options)
    wanted = 2 if options.get("phrases") else 1
    pieces, start = [], 0
    for index in range(1, len(text)):
        if allowed[index] >= wanted:
            pieces.append(text[start:index])
            start = index
    return [*pieces, text[start:]]


def test_no_line_starts_with_closing_punctuation_or_ends_with_an_opening_bracket():
    assert breaks("です。「はい」？") == ["で", "す。", "「は", "い」？"]
    assert breaks("ちょっとー") == ["ちょっ", "とー"]


def test_tags_and_numbers_with_units_move_as_one_piece():
    assert "（チームA）" in breaks("意見です（チームA）")
    assert "38人" in breaks("参加者38人") and "1,200円" in breaks("費用1,200円")
    assert "第3回" in breaks("第3回の会") and "70%" in breaks("木陰70%")


def test_latin_words_and_urls_break_at_spaces_and_after_slashes():
    assert breaks("Bus stop 案内") == ["Bus ", "stop ", "案", "内"]
    assert breaks("https://ex.jp/a/b") == ["https://", "ex.jp/", "a/", "b"]
    assert breaks("long-word") == ["long-", "word"]


def test_headlines_break_only_between_phrases():
    assert breaks("市民ワークショップで読める広場", phrases=True) == [
        "市民ワークショップで", "読める", "広場"]


@pytest.fixture(scope="module")
def awkward_pdfs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("awkward")
    store = awkward_workshop(500)
    paths = {}
    for name, write in WRITERS.items():
        paths[name] = folder / f"{name}.pdf"
        write(store, paths[name], ExportSettings(lang="ja"), invariant=True)
    store.close()
    return paths


@pytest.mark.parametrize("document", list(WRITERS))
def test_an_awkward_workshop_keeps_the_rules_on_every_page(awkward_pdfs, document):
    path = awkward_pdfs[document]
    assert violations(path) == []
    assert split_words(path, ["ワークショップ", "読める", "（チームA）", "38人", "第2日曜日"]) == []


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_demo_keeps_the_rules_on_every_page(tmp_path, lang):
    store = demo_store(lang)
    prompt = store.list(Prompt)[0]
    store.add(Idea(title="「はい」と言える？市民ワークショップで読める広場", prompt_id=prompt.id,
                   details="詳しくは（チームA）の説明を。" * 8))
    for name, write in WRITERS.items():
        path = tmp_path / f"{name}.pdf"
        write(store, path, ExportSettings(lang=lang), invariant=True)
        assert violations(path) == [], name
        assert split_words(path, ["ワークショップ", "読める"]) == [], name
    path = tmp_path / "tally.pdf"
    write_tally_sheets(store, path, ExportSettings(lang=lang), invariant=True)
    assert violations(path) == []
    store.close()
