"""The PDF report, read back as a person meets it: text, fonts, QR code, pages, outline."""

import dataclasses
import re

import pytest
from pypdf import PdfReader

from workshop.errors import InputError
from workshop.export.common import Cancelled, ExportSettings, Progress
from workshop.export.pdf.reading import report_data
from workshop.export.report import write_report
from workshop.model import CandidateKind, Idea, Note, NoteKind, Prompt, Team, VoteRound, Workshop
from workshop.store import WorkshopStore
from workshop.voting import cast_ballot, close_round, open_round, reveal_round, set_paper_tally

from .conftest import LONG_EN, LONG_JA, big_workshop, photo
from .pdfcheck import flat, fonts, page_texts, pdf_text, pypdf_text, qr_codes

LINE_START_FORBIDDEN = "。、，．）」』】〕！？ゃゅょっャュョッー"


def write(store, path, lang, **settings):
    return write_report(store, path, ExportSettings(lang=lang, **settings), invariant=True)


def test_japanese_report_reads_back_exactly(tmp_path, demo_ja):
    prompt = demo_ja.list(Prompt)[0]
    demo_ja.add(Idea(title=LONG_JA, details="詳細：" + LONG_JA, prompt_id=prompt.id))
    path = tmp_path / "report.pdf"
    assert write(demo_ja, path, "ja") == []
    text = pdf_text(path)
    joined = flat(text)
    for expected in (
        "みなと市 駅前広場の未来を考える市民ワークショップ",
        "2026年（令和8年）11月14日（土）", "13:30–16:30", "みなと市民会館 2階 大会議室",
        "10年後、駅前広場でどんな一日を過ごしたいですか？",
        "木陰のベンチで本が読める広場", "高齢者が休める日よけ付きベンチ",
        "ロータリーを縮小した場合、送迎車はどこに停めるのか？",
        "第1回 ドット投票（紙のシール）", LONG_JA, "詳細：" + LONG_JA,
    ):
        assert expected in joined, expected
    # The long idea wrapped over several lines, and no line starts with 。、） and the like.
    assert LONG_JA not in text
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert not [line for line in lines if line[0] in LINE_START_FORBIDDEN]


def test_english_report_reads_back_exactly(tmp_path, demo_en):
    prompt = demo_en.list(Prompt)[0]
    demo_en.add(Idea(title=LONG_EN, prompt_id=prompt.id))
    path = tmp_path / "report.pdf"
    write(demo_en, path, "en")
    joined = flat(pdf_text(path))
    for expected in (
        "Minato City: Citizens' Workshop on the Future of the Station Square",
        "Saturday 14 November 2026", "Minato Civic Hall, 2F Main Room",
        "Programme", "Introduction and ice-breaker", "13:30–13:50",
        "Prompt 1: Ten years from now, how would you like to spend a day at the station square?",
        "Greenery and rest", "A square with shaded benches for reading",
        "Vote: Round 1 dot vote (paper stickers)", "36 of 38 attendees (95%)",
        "Decisions", "Action items", "Open questions",
        "Appendix: all ideas by team", LONG_EN,
    ):
        assert expected in joined, expected
    assert LONG_EN not in pdf_text(path)  # it wrapped


def test_ranked_results_mark_the_tie(tmp_path, demo_en):
    path = tmp_path / "report.pdf"
    write(demo_en, path, "en")
    joined = flat(pdf_text(path))
    # The chart and the table: both tied ideas at "1 (tied)", then rank 3 (competition
    # ranking); never the "=1" a Japanese reader does not know.
    assert re.search(r"1 \(tied\) 1 A square with shaded benches for reading 13", joined)
    assert re.search(r"1 \(tied\) 3 Shaded benches for older people 13", joined)
    assert re.search(r"\b3 6 A covered event space 12", joined)
    assert "“Tied” marks candidates with the same number of dots" in joined
    assert "=1" not in joined


def test_ranked_results_in_japanese_say_douritsu(tmp_path, demo_ja):
    path = tmp_path / "report.pdf"
    write(demo_ja, path, "ja")
    joined = flat(pdf_text(path))
    assert re.search(r"同率1位 1 木陰のベンチで本が読める広場 13", joined)
    assert re.search(r"同率1位 3 高齢者が休める日よけ付きベンチ 13", joined)
    assert re.search(r"3位 6 屋根付きのイベント広場 12", joined)
    assert "=1" not in joined


def test_a_round_with_laptop_and_paper_votes_shows_both(tmp_path, store, prompt, team):
    ideas = [store.add(Idea(title=f"Idea {n}", prompt_id=prompt.id)) for n in range(3)]
    vote_round = store.add(VoteRound(name="Mixed round", prompt_id=prompt.id,
                                     dots_per_voter=2))
    open_round(store, vote_round.id)
    cast_ballot(store, vote_round.id, {ideas[0].id: 1, ideas[1].id: 1}, team_id=team.id)
    cast_ballot(store, vote_round.id, {ideas[0].id: 1})
    set_paper_tally(store, vote_round.id, {ideas[1].id: 3}, voters=3)
    close_round(store, vote_round.id)
    reveal_round(store, vote_round.id)
    path = tmp_path / "report.pdf"
    write(store, path, "en")
    text = flat(pdf_text(path))
    assert re.search(r"Rank # Candidate Laptop Paper Dots", text)
    assert re.search(r"1 2 Idea 1 1 3 4", text)  # rank, number, title, laptop, paper, total
    assert re.search(r"2 1 Idea 0 2 0 2", text)
    assert "2 cast on the laptop" in text and "Voters on paper 3" in text


def test_a_round_over_clusters_lists_the_clusters(tmp_path, demo_en):
    vote_round = demo_en.add(VoteRound(name="Which themes first?",
                                       candidate_kind=CandidateKind.CLUSTERS))
    open_round(demo_en, vote_round.id)
    candidates = demo_en.get(VoteRound, vote_round.id).candidate_ids
    set_paper_tally(demo_en, vote_round.id, {candidates[1]: 9, candidates[0]: 4}, voters=10)
    close_round(demo_en, vote_round.id)
    reveal_round(demo_en, vote_round.id)
    path = tmp_path / "report.pdf"
    write(demo_en, path, "en")
    text = flat(pdf_text(path))
    assert "Which themes first?" in text and "the clusters" in text
    assert re.search(r"1 A lively square 9", text)
    assert re.search(r"2 Greenery and rest 4", text)


def test_a_damaged_photo_is_left_out_with_a_warning(tmp_path, demo_en):
    demo_en.add(photo("Readable"))
    damaged = photo("Broken")
    demo_en.add(dataclasses.replace(damaged, data=damaged.data[:200]))
    path = tmp_path / "report.pdf"
    (warning,) = write(demo_en, path, "en")
    assert warning.render("en") == \
        "A photo could not be read and is left out of the report: Broken"
    text = flat(pdf_text(path))
    assert "Readable" in text and "Broken" not in text


def test_every_font_is_embedded(tmp_path, demo_ja):
    path = tmp_path / "report.pdf"
    write(demo_ja, path, "en")
    found = fonts(path)
    assert found and all(found.values()), found
    assert any("BIZUDGothic" in name for name in found)
    assert any("BitstreamVeraSans" in name for name in found)


def test_the_cover_qr_code_decodes_to_the_url_and_fingerprint(tmp_path, demo_ja):
    path = tmp_path / "report.pdf"
    write(demo_ja, path, "ja")
    qr = report_data(demo_ja, public=False).qr
    assert qr_codes(path, tmp_path, first=1, last=1) == {1: [qr.payload]}
    cover = pdf_text(path, first=1, last=1)
    assert qr.short in cover
    # The URL is printed whole, broken only between its parts (never inside the host),
    # and it is a link.
    lines = [line.strip() for line in cover.splitlines()]
    start = next(n for n, line in enumerate(lines) if line.startswith("https://"))
    assert lines[start].startswith("https://participation.minato.example/")
    assert "".join(lines[start:start + 2]) == qr.url
    links = [a.get_object()["/A"]["/URI"] for a in PdfReader(path).pages[0]["/Annots"]]
    assert set(links) == {qr.url}


def test_pages_are_numbered_and_the_pdf_has_metadata_and_an_outline(tmp_path, demo_en):
    path = tmp_path / "report.pdf"
    write(demo_en, path, "en")
    pages = page_texts(path)
    total = len(pages)
    assert total >= 5
    for number, text in enumerate(pages[1:], start=2):
        assert re.search(rf"(?m)^{number} ?/ ?{total}$", text), number
        assert "Minato City: Citizens' Workshop" in text  # the running header
    reader = PdfReader(path)
    meta = reader.metadata
    assert meta.title == ("Minato City: Citizens' Workshop on the Future of the Station "
                          "Square – Workshop report")
    assert meta.author == "Minato City Urban Planning Division / Code for Minato"
    assert meta.subject == "Workshop report"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    assert top == ["Minato City: Citizens' Workshop on the Future of the Station Square",
                   "Contents", "Overview", "Programme", "Results",
                   "Decisions, actions and open questions", "Next steps", "Contact",
                   "Appendix: all ideas by team"]

    def titles(items):
        for item in items:
            yield from titles(item) if isinstance(item, list) else [item.title]

    nested = list(titles(reader.outline))
    assert "Round 1 dot vote (paper stickers)" in nested and "Table A" in nested
    # Bookmarks, and the table of contents, point at the page where a section starts.
    contents = pages[1]
    for title in ("Programme", "Results", "Appendix: all ideas by team"):
        mark = next(i for i in reader.outline if not isinstance(i, list) and i.title == title)
        page = reader.get_destination_page_number(mark)
        assert title in pages[page]
        assert re.search(rf"(?m)^{re.escape(title)}$", contents), title
        assert f"\n{page + 1}\n" in contents.split(title, 1)[1][:40], title


def test_the_pdf_language_is_the_chosen_one(tmp_path, demo_en):
    path = tmp_path / "report.pdf"
    write(demo_en, path, "ja")
    assert PdfReader(path).trailer["/Root"]["/Lang"] == "ja"


def test_five_hundred_ideas_flow_over_many_pages(tmp_path):
    store = big_workshop(500)
    path = tmp_path / "report.pdf"
    progress_seen = []
    write_report(store, path, ExportSettings(lang="ja"),
                 Progress(report=lambda done, total: progress_seen.append((done, total))))
    pages = page_texts(path)
    assert len(pages) > 30
    assert re.search(rf"(?m)^{len(pages)} ?/ ?{len(pages)}$", pages[-1])
    text = flat("".join(pages))
    for n in (1, 250, 500):
        # Listed under its prompt and again in the appendix by team.
        assert text.count(f"アイデア{n}：木陰のベンチで本が読める広場にしたい") == 2, n
    assert progress_seen[-1][0] == progress_seen[-1][1]
    assert [done for done, _ in progress_seen] == sorted(done for done, _ in progress_seen)
    store.close()


def test_what_participants_type_prints_and_extracts_exactly(tmp_path, store, prompt):
    title = "𠮷野さんの提案🙂：ベンチ❤️ 葛\U000e0100城 𩸽 한국 语言 Việt"
    store.add(Idea(title=title, prompt_id=prompt.id))
    store.add(Note(kind=NoteKind.NOTE, text="Family 👨‍👩‍👧 day 🇯🇵"))
    path = tmp_path / "report.pdf"
    assert write(store, path, "ja") == []
    for text in (flat(pdf_text(path)), flat(pypdf_text(path))):
        assert title in text
        assert "Family 👨‍👩‍👧 day 🇯🇵" in text
        assert "□" not in text


def test_characters_missing_from_the_fonts_are_marked_and_reported(tmp_path, store, prompt):
    store.add(Idea(title="揺れる顔🫨の絵文字", prompt_id=prompt.id))
    store.add(Note(kind=NoteKind.NOTE, text="Shaking \U0001fae8\u200d\U0001fae8 face"))
    path = tmp_path / "report.pdf"
    (warning,) = write(store, path, "ja")
    message = warning.render("en")
    assert "🫨 (U+1FAE8)" in message and message.startswith("report.pdf: 1 different")
    text = flat(pdf_text(path))
    assert "揺れる顔□の絵文字" in text
    assert "Shaking □ face" in text


def test_the_public_version_leaves_out_internal_notes(tmp_path, demo_en):
    demo_en.add(Note(kind=NoteKind.NOTE, text="Budget figures are confidential", internal=True))
    public, internal = tmp_path / "public.pdf", tmp_path / "internal.pdf"
    write(demo_en, public, "en", public=True)
    write(demo_en, internal, "en", public=False)
    public_text, internal_text = flat(pdf_text(public)), flat(pdf_text(internal))
    assert "Budget figures are confidential" not in public_text
    assert "Public version" in public_text and "Internal version" not in public_text
    assert "Budget figures are confidential" in internal_text
    assert "Internal version" in internal_text


def test_photos_are_printed_with_their_captions(tmp_path, demo_en):
    demo_en.add(photo("Sticky notes of table A"))
    path = tmp_path / "report.pdf"
    write(demo_en, path, "en")
    text = flat(pdf_text(path))
    assert "Photos" in text and "Sticky notes of table A" in text
    images = [name for page in PdfReader(path).pages
              for name in (page["/Resources"].get("/XObject") or {})
              if page["/Resources"]["/XObject"][name].get("/Subtype") == "/Image"]
    assert len(images) == 1


def test_the_same_data_gives_the_same_bytes(tmp_path, demo_ja):
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    write(demo_ja, first, "ja")
    write(demo_ja, second, "ja")
    assert first.read_bytes() == second.read_bytes()


def test_a_cancelled_export_leaves_no_file_and_keeps_the_old_one(tmp_path):
    store = big_workshop(200, lang="en")
    path = tmp_path / "report.pdf"
    path.write_bytes(b"the previous report")
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 5

    with pytest.raises(Cancelled):
        write_report(store, path, ExportSettings(lang="en"), Progress(is_cancelled=cancelled))
    assert path.read_bytes() == b"the previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"]
    fresh = tmp_path / "new.pdf"
    with pytest.raises(Cancelled):
        write_report(store, fresh, ExportSettings(lang="en"),
                     Progress(is_cancelled=lambda: True))
    assert not fresh.exists()
    store.close()


def test_paper_sizes(tmp_path, demo_en):
    letter = tmp_path / "letter.pdf"
    write(demo_en, letter, "en", paper="letter")
    box = PdfReader(letter).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    a4 = tmp_path / "a4.pdf"
    write(demo_en, a4, "en")
    box = PdfReader(a4).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    with pytest.raises(InputError):
        write(demo_en, tmp_path / "b5.pdf", "en", paper="b5")
    assert not (tmp_path / "b5.pdf").exists()


def test_the_running_header_names_the_section_a_page_starts_with(tmp_path, store, prompt):
    store.add(Idea(title="Benches", prompt_id=prompt.id))
    path = tmp_path / "report.pdf"
    write(store, path, "en")
    pages = page_texts(path)
    assert pages[2].count("Results") == 2  # the header's section and the heading
    assert pages[2].count("Test workshop") == 1  # the header's workshop title only
    assert pages[-1].count("Appendix: all ideas by team") == 2


def test_a_nearly_empty_workshop_still_makes_a_report(tmp_path):
    store = WorkshopStore.in_memory(Workshop(title="まだ何もない"))
    store.add(Team(name="A"))
    path = tmp_path / "report.pdf"
    assert write(store, path, "ja") == []
    assert "まだ何もない" in pdf_text(path)
    store.close()
