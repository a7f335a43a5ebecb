"""Ideas from a spreadsheet: the encodings and separators Excel and LibreOffice write,
all or nothing, and a message that names the bad line."""

import pytest

from workshop.export.idea_import import IdeaImportError, import_ideas
from workshop.model import Cluster, Idea, Prompt, Team, Workshop
from workshop.store import WorkshopStore

from .tools import state

SHEET = (
    "prompt,team,title,details,cluster\r\n"
    "駅前で何をしたい？,A テーブル,木陰のベンチ,\"夏でも涼しい\r\n座れる場所\",緑と休憩\r\n"
    "駅前で何をしたい？,𠮷田チーム,週末のマルシェ,,\r\n"
    ",,Café を公民館に 🌱,,\r\n"
    ",,,,\r\n"  # Excel leaves empty rows behind
)


@pytest.fixture
def store():
    s = WorkshopStore.in_memory(Workshop(title="取り込み", languages=("ja", "en")))
    s.add(Team(name="A テーブル", colour="#4e79a7"))
    yield s
    s.close()


@pytest.mark.parametrize(("encoding", "separator"), [
    ("utf-8", ","), ("utf-8-sig", ","), ("cp932", ","), ("cp932", ";"), ("utf-8-sig", ";"),
])
def test_excel_and_libreoffice_sheets_are_read(store, tmp_path, encoding, separator):
    text = SHEET.replace(",", separator).replace("Café", "Cafe") if encoding == "cp932" else \
        SHEET.replace(",", separator)
    if encoding == "cp932":
        text = text.replace("𠮷", "吉").replace(" 🌱", "")  # not in Shift_JIS
    path = tmp_path / "sheet.csv"
    path.write_bytes(text.encode(encoding))
    report = import_ideas(store, path)
    assert (report.ideas, report.prompts, report.clusters) == (3, ["駅前で何をしたい？"],
                                                               ["緑と休憩"])
    assert len(report.teams) == 1  # "A テーブル" already existed
    ideas = {i.title: i for i in store.ideas()}
    bench = ideas["木陰のベンチ"]
    assert bench.details == "夏でも涼しい\n座れる場所"
    assert store.get(Team, bench.team_id).name == "A テーブル"
    assert store.get(Cluster, bench.cluster_id).name == "緑と休憩"
    assert store.get(Prompt, bench.prompt_id).text == "駅前で何をしたい？"
    loose = next(i for t, i in ideas.items() if t.startswith("Caf"))
    assert (loose.prompt_id, loose.team_id, loose.cluster_id) == (None, None, None)
    assert [i.position for i in store.ideas()] == [0, 1, 2]


def test_japanese_headers_and_any_column_order(store, tmp_path):
    path = tmp_path / "ja.csv"
    # the headers the app itself writes in Japanese, mixed with English ones
    path.write_text("詳細,ＴＥＡＭ,タイトル\n座れる場所,B テーブル,ベンチを増やす\n",
                    encoding="utf-8")
    report = import_ideas(store, path)
    assert report.ideas == 1 and report.teams == ["B テーブル"]
    (idea,) = store.ideas()
    assert (idea.title, idea.details) == ("ベンチを増やす", "座れる場所")


@pytest.mark.parametrize(("content", "message"), [
    ("prompt,team,title\np,t,ok\np,t," + "長" * 301 + "\n", "line 3: Title is too long"),
    ("prompt,team,title\np,t,ok\np,t,   \n", "line 3: Title must not be empty"),
    ("prompt,team,title\np,t,\"ok\"x\n", "line 2"),
    ("prompt,team,title\np,t,ok,extra\n", "line 2: more cells than columns"),
    ("prompt,team,name\n", "unknown column “name”"),
    ("prompt,team,details\np,t,d\n", "the column “title” is missing"),
    ("title,title\na,b\n", "appears twice"),
    ("prompt,team,title\n", "has no ideas"),
    ("", "is empty"),
    ("prompt,team,title\np,t,ok\np,\"never closed,x\n", "line 3"),
])
def test_a_bad_sheet_adds_nothing_and_names_the_line(store, tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    before = state(store)
    with pytest.raises(IdeaImportError) as caught:
        import_ideas(store, path)
    assert message in str(caught.value) and "bad.csv" in str(caught.value)
    assert state(store) == before


def test_bytes_that_are_no_text_are_named(store, tmp_path):
    path = tmp_path / "binary.csv"
    path.write_bytes(b"title\nok\n\x81\xff\xfe\n")
    with pytest.raises(IdeaImportError, match="line 3: the text is neither UTF-8 nor Shift_JIS"):
        import_ideas(store, path)
    assert store.ideas() == []


def test_a_missing_file_is_a_clear_error(store, tmp_path):
    with pytest.raises(IdeaImportError, match="could not be read"):
        import_ideas(store, tmp_path / "nowhere.csv")


def test_ideas_are_added_after_those_already_there(store, tmp_path):
    store.add(Idea(title="first", position=7))
    path = tmp_path / "s.csv"
    path.write_text("title\nsecond\nthird\n", encoding="utf-8")
    import_ideas(store, path)
    assert [(i.title, i.position) for i in store.ideas()] == [
        ("first", 7), ("second", 8), ("third", 9)]
