"""Print materials read back: idea cards, team sheets and blank tally sheets."""

import pytest
from pypdf import PdfReader

from workshop.errors import InputError
from workshop.export.cards import write_cards
from workshop.export.common import Cancelled, ExportSettings, Progress
from workshop.export.pdf.reading import report_data
from workshop.export.sheets import write_tally_sheets, write_team_sheets
from workshop.model import CandidateKind, Idea, Note, NoteKind, Prompt, Team, VoteRound, Workshop
from workshop.store import WorkshopStore

from .conftest import LONG_JA
from .pdfcheck import (
    flat,
    fonts,
    page_texts,
    pdf_text,
    qr_codes,
    qr_modules,
    text_baselines,
    text_sizes,
)


def settings(lang, **changes):
    return ExportSettings(lang=lang, **changes)


def page_size(path):
    box = PdfReader(path).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


# ---------------------------------------------------------------------------- cards


def test_cards_hold_one_idea_each_six_to_an_a4_sheet(tmp_path, demo_ja):
    path = tmp_path / "cards.pdf"
    assert write_cards(demo_ja, path, settings("ja"), invariant=True) == []
    pages = page_texts(path)
    assert len(pages) == 5 and page_size(path) == (595, 842)  # 28 ideas, 6 a sheet
    first = flat(pages[0])
    ideas = report_data(demo_ja, public=True).ideas
    for idea in ideas[:6]:
        assert idea.title in first and idea.details in first and idea.team in first
    assert ideas[6].title not in first
    assert "10年後、駅前広場でどんな一日を過ごしたいですか？" in first
    assert "緑と休憩" in first
    found = fonts(path)
    assert found and all(found.values())


def test_cards_on_letter_paper_in_english(tmp_path, demo_en):
    path = tmp_path / "cards.pdf"
    write_cards(demo_en, path, settings("en", paper="letter"))
    assert page_size(path) == (612, 792)
    text = flat(pdf_text(path))
    assert "A square with shaded benches for reading" in text
    assert "A multilingual visitor centre" in text


def test_a_card_too_long_to_print_is_shortened_with_a_warning(tmp_path, store, prompt):
    store.add(Idea(title=LONG_JA * 3, details=("長い説明。" * 900)[:5000], prompt_id=prompt.id))
    store.add(Idea(title="短いアイデア", details="短い説明", prompt_id=prompt.id))
    path = tmp_path / "cards.pdf"
    (warning,) = write_cards(store, path, settings("ja"))
    assert warning.render("en").startswith("1 idea card was too long to print in full")
    text = flat(pdf_text(path))
    assert LONG_JA in text  # the title starts in full
    assert "長い説明。長い説明。" in text and "…" in text
    assert "短いアイデア" in text and "短い説明" in text


def test_a_cancelled_card_export_leaves_no_file(tmp_path, demo_en):
    path = tmp_path / "cards.pdf"
    with pytest.raises(Cancelled):
        write_cards(demo_en, path, settings("en"), Progress(is_cancelled=lambda: True))
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------- team sheets


def test_team_sheets_are_a3_one_per_team_with_a_readable_qr_code(tmp_path, demo_ja):
    path = tmp_path / "sheets.pdf"
    assert write_team_sheets(demo_ja, path, settings("ja"), invariant=True) == []
    assert page_size(path) == (842, 1191)
    pages = [flat(p) for p in page_texts(path)]
    teams = demo_ja.list(Team)
    assert len(pages) == len(teams) == 7
    for page, team in zip(pages, teams, strict=True):
        assert team.name in page
    assert "木陰のベンチで本が読める広場" in pages[0]
    assert "緑と休憩・13ドット、14件中同率1位" in pages[0]
    assert "木陰とベンチの話で盛り上がった。" in pages[0]  # the team's note
    payload = report_data(demo_ja, public=True).qr.payload
    codes = qr_codes(path, tmp_path)
    assert codes == {n: [payload] for n in range(1, 8)}
    found = fonts(path)
    assert found and all(found.values())


def test_team_sheets_on_a4_in_english_public(tmp_path, demo_en):
    team = demo_en.list(Team)[0]
    demo_en.add(Note(kind=NoteKind.NOTE, text="Talk to the landlord first", team_id=team.id,
                     internal=True))
    path = tmp_path / "sheets.pdf"
    write_team_sheets(demo_en, path, settings("en", paper="a4", public=True))
    assert page_size(path) == (595, 842)
    first = flat(page_texts(path)[0])
    assert "Table A" in first and "13 dots, rank 1 (tied) of 14" in first
    assert "A square with shaded benches for reading" in first
    assert "Talk to the landlord first" not in first and "Public version" in first
    internal = tmp_path / "internal.pdf"
    write_team_sheets(demo_en, internal, settings("en", paper="a4"))
    assert "Talk to the landlord first" in flat(page_texts(internal)[0])


def test_a_team_with_many_ideas_continues_on_the_next_page(tmp_path):
    store = WorkshopStore.in_memory(Workshop(title="Many ideas"))
    team = store.add(Team(name="Busy table"))
    store.add(Team(name="Quiet table"))
    prompt = store.add(Prompt(text="What now?"))
    with store.transaction():
        for n in range(120):
            store.add(Idea(title=f"Idea number {n + 1}", details="Some words. " * 8,
                           prompt_id=prompt.id, team_id=team.id, position=n))
    path = tmp_path / "sheets.pdf"
    write_team_sheets(store, path, settings("en", paper="a4"))
    pages = page_texts(path)
    assert len(pages) > 3
    assert "Idea number 120" in pages[-2] and "Quiet table" in pages[-1]
    # The running header names the team on its continuation pages.
    assert "Busy table" in pages[1] and "Busy table" in pages[-2]
    store.close()


# --------------------------------------------------------------------- tally sheets


def test_tally_sheets_list_every_candidate_with_room_to_count(tmp_path, demo_ja):
    path = tmp_path / "tally.pdf"
    assert write_tally_sheets(demo_ja, path, settings("ja"), invariant=True) == []
    pages = page_texts(path)
    assert len(pages) == 1 and page_size(path) == (595, 842)
    text = flat(pages[0])
    assert "第1回 ドット投票（紙のシール）" in text
    for idea in report_data(demo_ja, public=True).prompts[0].groups[0].ideas:
        assert idea.title in text
    assert qr_codes(path, tmp_path) == {1: [report_data(demo_ja, public=True).qr.payload]}
    found = fonts(path)
    assert found and all(found.values())


def test_tally_sheets_for_a_coming_round_in_english(tmp_path, demo_en):
    demo_en.add(VoteRound(name="Round 2: all ideas", candidate_kind=CandidateKind.ALL,
                          dots_per_voter=5, max_dots_per_idea=2, allow_own_team=False))
    path = tmp_path / "tally.pdf"
    write_tally_sheets(demo_en, path, settings("en", paper="letter"))
    text = flat(pdf_text(path))
    assert "Round 2: all ideas" in text and "Round 1 dot vote" not in text
    assert "5 dots per voter, at most 2 per candidate." in text
    assert "No dots for your own team's ideas." in text
    assert "A multilingual visitor centre" in text  # a prompt-2 idea: all ideas are listed
    assert len(page_texts(path)) == 2  # 28 rows flow onto a second page


def test_no_tally_sheets_without_a_round(tmp_path):
    store = WorkshopStore.in_memory(Workshop(title="No votes"))
    path = tmp_path / "tally.pdf"
    with pytest.raises(InputError):
        write_tally_sheets(store, path, settings("en"))
    assert not path.exists()
    store.close()


def test_a3_team_sheets_are_made_for_the_wall(tmp_path, demo_ja):
    """Titles of 24 pt or more, the team's name larger, the sheet filled, a code that
    scans from a step away (modules of 1.5 mm), nothing under 9 pt."""
    path = tmp_path / "sheets.pdf"
    write_team_sheets(demo_ja, path, settings("ja"), invariant=True)
    sizes = text_sizes(path)
    first = [(text, size) for page, text, size in sizes if page == 1]
    name = max(size for text, size in first if "テーブル" in text and "A" in text)
    title = [size for text, size in first if "木陰のベンチ" in text]
    assert title and min(title) >= 24 and name > max(title)
    assert min(size for _page, _text, size in sizes) >= 9
    # Filled: the last line of ideas or notes is in the lowest fifth of the sheet.
    lowest = min(y for y in text_baselines(path, 1) if y > 60)  # above the footer
    assert lowest < 1191 * 0.2, lowest
    for page, codes in qr_modules(path, tmp_path).items():
        ((_text, module),) = codes
        assert module >= 1.5 - 0.03, (page, module)


def test_tally_sheet_codes_are_for_arms_length(tmp_path, demo_ja):
    path = tmp_path / "tally.pdf"
    write_tally_sheets(demo_ja, path, settings("ja"))
    ((text, module),) = qr_modules(path, tmp_path)[1]
    assert module >= 0.8 - 0.02 and "#data=" in text
