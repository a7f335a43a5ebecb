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


# ----------------------------------------------------------- UTF-16, tabs and workbooks


def tabbed(text):
    """SHEET as Excel's "Unicode text" writes it: tabs between cells, quotes only where a
    cell holds a line break."""
    return text.replace(",", "\t")


@pytest.mark.parametrize(("encoding", "bom"), [
    ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-8", b""),
    ("utf-8", b"\xef\xbb\xbf"),
])
def test_unicode_text_and_tab_separated_sheets_are_read(store, tmp_path, encoding, bom):
    path = tmp_path / "sheet.txt"
    path.write_bytes(bom + tabbed(SHEET).encode(encoding))
    report = import_ideas(store, path)
    assert (report.ideas, report.clusters) == (3, ["緑と休憩"])
    ideas = {i.title: i for i in store.ideas()}
    assert ideas["木陰のベンチ"].details == "夏でも涼しい\n座れる場所"
    assert "Café を公民館に 🌱" in ideas and store.get(Team, ideas["週末のマルシェ"].team_id
                                                   ).name == "𠮷田チーム"


def test_a_broken_line_in_unicode_text_is_named_and_adds_nothing(store, tmp_path):
    path = tmp_path / "broken.txt"
    text = "prompt\tteam\ttitle\r\np\tt\tok\r\np\tt\t" + "長" * 301 + "\r\n"
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    before = state(store)
    with pytest.raises(IdeaImportError) as caught:
        import_ideas(store, path)
    message = caught.value.render("en")
    assert "broken.txt, line 3: Title is too long" in message and "\x00" not in message
    assert state(store) == before


def test_utf16_without_its_mark_is_named_not_guessed(store, tmp_path):
    path = tmp_path / "nobom.txt"
    path.write_bytes("title\nok\n".encode("utf-16-le"))
    with pytest.raises(IdeaImportError, match="UTF-16 text without a byte order mark") as caught:
        import_ideas(store, path)
    assert "\x00" not in caught.value.render("en")


def workbook(path, rows, *, title="アイデア"):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text, as Excel stores a cell typed as text
    book.save(path)
    return path


def test_xlsx_workbooks_are_read(store, tmp_path):
    path = workbook(tmp_path / "ideas.xlsx", [
        ["Prompt", "チーム", "タイトル", "詳細", "グループ"],
        ["駅前で何をしたい？", "A テーブル", "木陰のベンチ", "夏でも涼しい\n座れる場所",
         "緑と休憩"],
        [None, "𠮷田チーム", "=1+1 は数式ではなく文字", 3, None],
        [None, None, None, None, None],  # an empty row is skipped
        [None, None, 42, None, None],
    ])
    report = import_ideas(store, path)
    assert report.ideas == 3
    titles = {i.title: i for i in store.ideas()}
    assert titles["木陰のベンチ"].details == "夏でも涼しい\n座れる場所"
    # a text cell that starts with = stays text; numbers read as they show
    assert titles["=1+1 は数式ではなく文字"].details == "3" and "42" in titles


@pytest.mark.parametrize(("rows", "message"), [
    ([["title"], ["ok"], ["長" * 301]], "line 3: Title is too long"),
    ([["title", "team"], ["ok", "t"], [None, "t"]], "line 3: Title must not be empty"),
    ([["name"], ["x"]], "unknown column “name”"),
    ([["title"]], "has no ideas"),
])
def test_a_bad_workbook_adds_nothing_and_names_the_row(store, tmp_path, rows, message):
    path = workbook(tmp_path / "bad.xlsx", rows)
    before = state(store)
    with pytest.raises(IdeaImportError) as caught:
        import_ideas(store, path)
    assert message in caught.value.render("en") and "bad.xlsx" in caught.value.render("en")
    assert state(store) == before


def test_a_damaged_workbook_is_named(store, tmp_path):
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(IdeaImportError, match="not a workbook this app can read"):
        import_ideas(store, path)
    assert store.ideas() == []


def test_a_workbook_that_unpacks_to_too_much_is_refused_before_reading(store, tmp_path,
                                                                        monkeypatch):
    from workshop.export import idea_import

    path = workbook(tmp_path / "big.xlsx", [["title"], ["ok"]])
    monkeypatch.setattr(idea_import, "MAX_XLSX_UNPACKED", 1000)
    with pytest.raises(IdeaImportError, match="unpacks to more than"):
        import_ideas(store, path)
