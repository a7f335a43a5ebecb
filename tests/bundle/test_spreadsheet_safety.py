"""No file in a bundle that a person may double-click runs a formula, in any profile, and
the platform still gets the exact text: every CSV cell of every profile is scanned, the
workbook is read back as Excel would, and the JSON compared with what was typed."""

import csv
import dataclasses
import io
import json
import zipfile

import openpyxl
import pytest

from workshop.export.decidim import PROFILES
from workshop.model import Cluster, Idea, Note, NoteKind, Prompt, Team, VoteRound

from .tools import add_digital_round, demo_store, export, members

# What a spreadsheet would run: = + - @ tab CR, full-width and small forms.
DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠", "﹦", "﹢", "﹣", "﹫")
HOSTILE = {
    "idea": "=HYPERLINK(\"http://example.com/?\"&A1,\"詳細\")",
    "details": "＋１＋２\n二行目",
    "team": "-2+3 チーム",
    "prompt": "@SUM(1,2) 駅前をどうする？",
    "cluster": "＝１＋１ 緑と休憩",
    "note": "=cmd|' /C calc'!A0",  # (a leading tab is removed as surrounding space)
    "round": "﹦ラウンド",
}


@pytest.fixture(scope="module")
def hostile():
    store = demo_store("ja", device_id="laptop-a")
    add_digital_round(store)
    idea = store.ideas()[0]
    store.update(dataclasses.replace(idea, title=HOSTILE["idea"], details=HOSTILE["details"]))
    store.update(dataclasses.replace(store.list(Team)[0], name=HOSTILE["team"]))
    store.update(dataclasses.replace(store.list(Prompt)[0], text=HOSTILE["prompt"]))
    store.update(dataclasses.replace(store.list(Cluster)[0], name=HOSTILE["cluster"]))
    store.add(Note(kind=NoteKind.DECISION, text=HOSTILE["note"]))
    vote_round = store.list(VoteRound)[-1]
    store.update(dataclasses.replace(vote_round, name=HOSTILE["round"]))
    yield store
    store.close()


@pytest.fixture(scope="module", params=sorted(PROFILES))
def bundle(request, hostile, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    return members(export(hostile, folder / "b.zip", profile=request.param))


def cells(content: bytes):
    text = content.decode("utf-8-sig")
    for row in csv.reader(io.StringIO(text, newline="")):
        yield from row


def test_no_csv_cell_of_any_profile_starts_like_a_formula(bundle):
    found = [name for name in bundle if name.endswith(".csv")]
    assert found  # the spreadsheets at least
    seen = set()
    for name in found:
        for cell in cells(bundle[name]):
            assert not cell.startswith(DANGEROUS), (name, cell)
            seen.add(cell)
    # the hostile texts are there, shown and not run
    for text in ("'" + HOSTILE["idea"], "'" + HOSTILE["team"], "'" + HOSTILE["note"]):
        assert text in seen


def test_decidim_gets_the_exact_text_from_json_and_no_csv(bundle):
    decidim = [name for name in bundle if name.startswith("decidim/")]
    if not decidim:  # the generic profile: its JSON is exact too
        records = json.loads(bundle["platform/proposals.json"])
        assert HOSTILE["idea"] in {r["title"] for r in records}
        return
    assert not [name for name in decidim if name.endswith(".csv")]
    rows = json.loads(bundle["decidim/proposals.json"])
    (row,) = [r for r in rows if r["title/ja"] == HOSTILE["idea"]]
    assert row["body/ja"].startswith(HOSTILE["details"])
    guide = bundle["decidim/upload-guide-en.txt"].decode("utf-8-sig")
    assert "Choose proposals.json" in guide and "There is no proposals.csv on purpose" in guide


def test_the_workbook_holds_the_exact_text_and_no_formula(bundle):
    content = bundle["spreadsheets/workshop.xlsx"]
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["アイデア", "投票結果", "投票ラウンド", "メモ"]
    texts = set()
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.b for cell in sheet[1])
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                if isinstance(cell.value, str):
                    texts.add(cell.value)
    for key in ("idea", "details", "team", "cluster", "note", "round"):
        assert HOSTILE[key] in texts or any(t.startswith(HOSTILE[key]) for t in texts), key


def test_the_workbook_matches_the_csvs_and_reads_well(hostile, tmp_path):
    files = members(export(hostile, tmp_path / "b.zip", lang="ja"))
    book = openpyxl.load_workbook(io.BytesIO(files["spreadsheets/workshop.xlsx"]))
    sheet = book["アイデア"]
    rows = list(csv.reader(io.StringIO(files["spreadsheets/ideas.csv"].decode("utf-8-sig"),
                                       newline="")))
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert len(values) == len(rows)
    for mine, theirs in zip(values, rows, strict=True):
        # the CSV's text, without the apostrophe; numbers as numbers; empty as empty
        assert ["" if v is None else str(v) for v in mine[:len(theirs)]] == [
            c[1:] if c.startswith("'") else c for c in theirs]
    assert isinstance(values[1][0], int)  # "No." is a number
    titles = [h.value for h in sheet[1]]
    width = sheet.column_dimensions["E"].width  # the title column: wide, within limits
    assert titles[4] == "タイトル" and 20 <= width <= 60
    (cell,) = [c for c in sheet["F"] if c.value == HOSTILE["details"]]
    assert cell.alignment.wrap_text  # a multi-line cell is wrapped


def test_idea_titles_in_every_row_of_proposals_stay_exact(hostile, tmp_path):
    files = members(export(hostile, tmp_path / "b.zip", profile="decidim-0.28"))
    rows = json.loads(files["decidim/proposals.json"])
    titles = {r["title/ja"] for r in rows}
    assert {i.title for i in hostile.list(Idea) if i.merged_into_id is None} <= titles | {
        i.title for i in hostile.list(Idea) if len(i.title) > 150}
