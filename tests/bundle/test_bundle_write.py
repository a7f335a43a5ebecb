"""The bundle as written: manifest, data, schema, spreadsheets, READMEs, report, anonymity."""

import csv
import hashlib
import io
import json
import sys
import types
import zipfile
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop import __version__
from workshop.export import bundle
from workshop.export.bundle import BundleError, read_bundle, write_bundle
from workshop.export.common import Cancelled, ExportSettings, Progress
from workshop.export.merge import validated_records
from workshop.export.schema_check import SchemaCompiler
from workshop.export.snapshot import fingerprint, short_fingerprint, snapshot
from workshop.export.spreadsheets import csv_bytes, neutralised
from workshop.i18n import Message
from workshop.model import (
    RECORD_TYPES,
    Ballot,
    BallotDot,
    Idea,
    Note,
    NoteKind,
    Photo,
    Prompt,
    VoteRound,
)

from .tools import add_digital_round, demo_store, export, members

JST = timezone(timedelta(hours=9))


@pytest.fixture
def store():
    s = demo_store("ja")
    add_digital_round(s)
    yield s
    s.close()


def test_manifest_lists_every_file_with_size_and_checksum(store, tmp_path):
    now = datetime(2026, 11, 14, 16, 45, tzinfo=JST)
    path = export(store, tmp_path / "b.zip", now=now)
    files = members(path)
    manifest = json.loads(files["manifest.json"])
    assert manifest["format"] == "workshop-bundle" and manifest["format_version"] == 1
    assert manifest["workshop_id"] == store.workshop().id
    assert manifest["app_version"] == __version__
    assert manifest["created_at"] == "2026-11-14T16:45:00+09:00"
    assert manifest["device_id"] == "laptop-a"
    assert manifest["profile"] == "decidim-cfj"
    listed = {entry["path"]: entry for entry in manifest["files"]}
    assert set(listed) == set(files) - {"manifest.json"}
    for name, content in files.items():
        if name != "manifest.json":
            assert listed[name]["size"] == len(content)
            assert listed[name]["sha256"] == hashlib.sha256(content).hexdigest()
    expected = {"workshop.json", "workshop.schema.json", "README-ja.txt", "README-en.txt",
                "platform-settings.json", "spreadsheets/ideas.csv", "spreadsheets/votes.csv",
                "spreadsheets/rounds.csv", "spreadsheets/notes.csv", "spreadsheets/workshop.xlsx",
                "decidim/proposals.json",
                "decidim/closing-report.json", "decidim/closing-report-ja.txt",
                "decidim/closing-report-en.txt", "decidim/upload-guide-ja.txt",
                "decidim/upload-guide-en.txt"}
    (photo,) = store.list(Photo)
    assert set(files) - {"manifest.json"} == expected | {f"photos/{photo.id}.jpg"}
    assert files[f"photos/{photo.id}.jpg"] == photo.data


def test_the_fingerprint_is_the_snapshots_and_workshop_json_holds_it(store, tmp_path):
    files = members(export(store, tmp_path / "b.zip"))
    data = json.loads(files["workshop.json"])
    assert data == snapshot(store)
    assert json.loads(files["manifest.json"])["fingerprint"] == fingerprint(snapshot(store))
    assert fingerprint(data) == fingerprint(snapshot(store))
    # one record per line, so that people can read and diff it
    lines = files["workshop.json"].decode().splitlines()
    assert len(lines) > sum(len(v) for v in data.values() if isinstance(v, list))


def test_readmes_name_the_fingerprint_in_both_languages(store, tmp_path):
    files = members(export(store, tmp_path / "b.zip"))
    print_ = fingerprint(snapshot(store))
    ja = files["README-ja.txt"].decode("utf-8-sig")
    en = files["README-en.txt"].decode("utf-8-sig")
    assert files["README-ja.txt"].startswith(b"\xef\xbb\xbf")
    for text in (ja, en):
        assert print_ in text and short_fingerprint(print_) in text
        assert store.workshop().title in text and "workshop verify" in text
        assert "$" not in text  # every placeholder filled
    assert "データ指紋" in ja and "Data fingerprint" in en


def test_ballots_are_anonymous_in_the_bundle(store, tmp_path):
    ballots = store.list(Ballot, include_deleted=True)
    assert len({b.cast_at for b in ballots}) == 4  # four different moments in the workshop
    data = json.loads(members(export(store, tmp_path / "b.zip"))["workshop.json"])
    (digital,) = [r for r in data["vote_rounds"] if r["name"] == "Round 2"]
    for record in data["ballots"] + data["ballot_dots"]:
        times = {record["created_at"], record["updated_at"], record.get("cast_at"),
                 record.get("voided_at")} - {None}
        assert times == {digital["opened_at"]}, record
        assert record["device_id"] == ""
    assert [b["id"] for b in data["ballots"]] == sorted(b["id"] for b in data["ballots"])
    (void,) = [e for e in data["round_events"] if e["event"] == "ballot_voided"]
    assert json.loads(void["details"])["cast_at"] == digital["opened_at"]
    # the counts survive: the voided ballot is still marked, the team is still there
    assert sum(b["voided_at"] is not None for b in data["ballots"]) == 1
    assert sum(b["team_id"] is not None for b in data["ballots"]) == 1
    assert len(data["ballot_dots"]) == len(store.list(BallotDot))


def test_workshop_json_matches_its_schema_and_the_schema_the_model(store, tmp_path):
    path = export(store, tmp_path / "b.zip")
    schema = bundle.schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    for cls in RECORD_TYPES:
        definition = schema["$defs"][cls.__name__]
        expected = [c for c in cls.columns() if c != "data"]
        if cls is Photo:
            expected.append("sha256")
        assert list(definition["properties"]) == expected, cls.__name__
        assert definition["required"] == expected and definition["additionalProperties"] is False
    assert set(schema["required"]) == {"format", "format_version"} | {
        cls.TABLE for cls in RECORD_TYPES}
    assert members(path)["workshop.schema.json"] == bundle.schema_bytes()
    checks = SchemaCompiler(schema).compile_workshop()
    data = read_bundle(path).data
    assert checks.check_top(data) is None
    assert all(checks.records[t](r) is None for t in checks.records for r in data[t])
    bad = dict(data["ideas"][0], title=12)
    assert checks.records["ideas"](bad).render("en") == "title: expected text"
    assert validated_records(read_bundle(path))["ideas"]


def test_a_public_bundle_is_refused_and_nothing_is_written(store, tmp_path):
    with pytest.raises(BundleError, match="internal notes"):
        write_bundle(store, tmp_path / "b.zip", ExportSettings(lang="en", public=True))
    assert list(tmp_path.iterdir()) == []


def test_cancelling_leaves_the_previous_bundle_as_it_was(store, tmp_path):
    path = tmp_path / "b.zip"
    path.write_bytes(b"previous")
    steps = []

    def cancel_after_three():
        return len(steps) >= 3

    progress = Progress(report=lambda done, total: steps.append((done, total)),
                        is_cancelled=cancel_after_three)
    with pytest.raises(Cancelled):
        export(store, path, progress=progress)
    assert path.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["b.zip"]
    steps.clear()
    export(store, path, progress=Progress(report=lambda d, t: steps.append((d, t))))
    fractions = [done / total for done, total in steps]
    assert fractions == sorted(fractions) and fractions[-1] == 1 and len(steps) > 5


def test_the_report_is_included_when_the_report_module_is_there(store, tmp_path, monkeypatch):
    def fake_report(data, settings, progress, *, name):
        path = data.scratch_file(name)
        path.write_bytes(b"%PDF-1.4 fake " + settings.lang.encode())
        return path, [Message("a report warning")]

    monkeypatch.setitem(sys.modules, "workshop.export.report",
                        types.SimpleNamespace(report_file=fake_report))
    path = tmp_path / "b.zip"
    warnings = write_bundle(store, path, ExportSettings(lang="en"))
    assert members(path)["report.pdf"] == b"%PDF-1.4 fake en"
    assert "a report warning" in [w.render("en") for w in warnings]
    read_bundle(path)  # listed in the manifest with its checksum



def test_the_real_report_goes_into_the_bundle(tmp_path):
    store = demo_store("en")
    path = tmp_path / "b.zip"
    write_bundle(store, path, ExportSettings(lang="en"))
    pdf = members(path)["report.pdf"]
    assert pdf.startswith(b"%PDF")
    assert read_bundle(path).fingerprint == fingerprint(snapshot(store))


def test_the_html_report_goes_into_the_bundle_and_the_manifest(tmp_path):
    store = demo_store("ja")
    path = tmp_path / "b.zip"
    write_bundle(store, path, ExportSettings(lang="ja"))
    files = members(path)
    page = files["report.html"].decode("utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="ja">' in page
    assert store.workshop().title in page
    manifest = json.loads(files["manifest.json"])
    (entry,) = [f for f in manifest["files"] if f["path"] == "report.html"]
    assert entry == {"path": "report.html", "size": len(files["report.html"]),
                     "sha256": hashlib.sha256(files["report.html"]).hexdigest()}
    assert read_bundle(path).fingerprint == fingerprint(snapshot(store))
    assert "report.html" in files["README-ja.txt"].decode("utf-8-sig")
    assert "report.html" in files["README-en.txt"].decode("utf-8-sig")


def rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    parsed = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    # every record ends in CRLF; line breaks inside a quoted cell stay LF, as Excel's own
    assert content.count(b"\r\n") == len(parsed) and content.endswith(b"\r\n")
    return parsed


def test_spreadsheets_read_back_with_the_bom(store, tmp_path):
    prompt = store.list(Prompt)[0]
    store.add(Idea(title="=HYPERLINK(\"http://evil\")", details="+1 and\n-2 lines",
                   prompt_id=prompt.id))
    store.add(Note(kind=NoteKind.ACTION, text="@SUM(A1)", internal=True))
    files = members(export(store, tmp_path / "b.zip", lang="en"))
    ideas = rows(files["spreadsheets/ideas.csv"])
    header = ideas[0]
    assert header[:6] == ["No.", "Prompt", "Team", "Cluster", "Title", "Details"]
    assert len(ideas) == 1 + len(store.ideas())
    by_title = {row[4]: dict(zip(header, row, strict=True)) for row in ideas[1:]}
    bench = by_title["木陰のベンチで本が読める広場"]
    assert bench["Team"] == "A テーブル" and bench["Cluster"] == "緑と休憩"
    round_1 = store.list(VoteRound)[0].name
    assert bench[f"{round_1}: dots"] == "13" and bench[f"{round_1}: rank"] == "1"
    assert "'=HYPERLINK(\"http://evil\")" in by_title
    assert by_title["'=HYPERLINK(\"http://evil\")"]["Details"] == "'+1 and\n-2 lines"
    notes = rows(files["spreadsheets/notes.csv"])
    assert [row[1] for row in notes if row[1].startswith("'")] == ["'@SUM(A1)"]
    assert notes[0][5] == "Internal" and len(notes) == 1 + len(store.list(Note))
    votes = rows(files["spreadsheets/votes.csv"])
    tied = [row for row in votes[1:] if row[0] == round_1 and row[1] == "1"]
    assert len(tied) == 2 and {row[2] for row in tied} == {"yes"} and tied[0][7] == "13"
    rounds = rows(files["spreadsheets/rounds.csv"])
    assert [row[0] for row in rounds[1:]] == [round_1, "Round 2"]
    assert rounds[2][7:9] == ["3", "1"]  # three counted ballots, one voided


def test_formula_neutralising_leaves_numbers_and_plain_text_alone():
    assert neutralised("=1+1") == "'=1+1"
    assert [neutralised(x) for x in ("+81 3", "-", "@x", "\tx", "\rx")] == [
        "'+81 3", "'-", "'@x", "'\tx", "'\rx"]
    assert neutralised(-2) == -2 and neutralised("駅前") == "駅前" and neutralised(None) == ""
    content = csv_bytes(["a", "b"], [[-2, "-2"]])
    assert content == "\ufeffa,b\r\n-2,'-2\r\n".encode()


def test_open_and_unrevealed_rounds_are_left_out_with_a_warning(store, tmp_path):
    from workshop.voting import open_round

    prompt = store.list(Prompt)[1]
    draft = store.add(VoteRound(name="Round 3", prompt_id=prompt.id))
    open_round(store, draft.id)
    warnings = write_bundle(store, tmp_path / "b.zip", ExportSettings(lang="en"),
                            include_report=False)
    assert [w.render("en") for w in warnings] == [
        "Vote round “Round 3” is not closed, so its results are left out of the exported "
        "files."]
    rounds = rows(members(tmp_path / "b.zip")["spreadsheets/rounds.csv"])
    assert "Round 3" not in [row[0] for row in rounds]


def test_zip_entries_are_plain_files_with_the_creation_time(store, tmp_path):
    now = datetime(2026, 11, 14, 16, 45, 30, tzinfo=JST)
    path = export(store, tmp_path / "b.zip", now=now)
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            assert info.external_attr >> 16 == 0o644
            assert info.date_time == (2026, 11, 14, 16, 45, 30)
            images = info.filename.endswith((".jpg", ".xlsx"))  # compressed already
            assert info.compress_type == (zipfile.ZIP_STORED if images else zipfile.ZIP_DEFLATED)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.dictionaries(
    st.sampled_from(["ideas", "notes", "format", "zeta", "a"]),
    st.lists(st.dictionaries(st.text(max_size=4), st.none() | st.booleans() | st.integers()
                             | st.text(alphabet=st.characters(), max_size=8), max_size=3),
             max_size=3) | st.text(max_size=5) | st.integers()))
def test_workshop_json_is_the_fingerprints_canonical_text_with_line_breaks(data):
    content, print_ = bundle.data_json(data)
    assert print_ == fingerprint(data)
    assert json.loads(content) == data
    # tricky text stays inside its string: a record per line, nothing split
    tricky = {"ideas": [{"title": '},{"a":"\n"}', "n": 1}, {"title": "𠮷\u2028\x7f"}]}
    content, print_ = bundle.data_json(tricky)
    assert print_ == fingerprint(tricky) and json.loads(content) == tricky
    assert content.decode().splitlines()[2].startswith('{"n":1,"title":')
