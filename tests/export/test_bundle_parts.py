"""The bundle's building blocks that are written for speed give what the plain way gives:
CSV as the csv module writes it, records as JSON-ready dicts, proposals.json in slices,
and a zip writer whose errors still reach the caller and leave no file."""

import csv
import dataclasses
import hashlib
import io
import json
import threading
from enum import Enum

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop.export import bundle
from workshop.export.bundle import write_bundle
from workshop.export.common import ExportSettings, csv_utf8
from workshop.export.decidim import json_lines
from workshop.export.snapshot import record_dict, record_dicts
from workshop.export.spreadsheets import neutralised
from workshop.model import RECORD_TYPES, Idea, Photo, Prompt, Team, VoteRound
from workshop.voting import cast_ballot, close_round, open_round, reveal_round, void_last_ballot

from .conftest import demo_store, photo

# Text full of what CSV must quote or neutralise, Japanese, and a character outside the BMP.
CELL_TEXT = st.text(alphabet=st.sampled_from(list('ab,;"\n\r =+-@\t\'駅𠮷')), max_size=8)
CELLS = st.none() | st.integers(-10**6, 10**6) | CELL_TEXT
ROWS = st.lists(st.lists(CELLS, min_size=1, max_size=5), min_size=1, max_size=5)


def csv_module(rows, separator, line_end):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=separator, lineterminator=line_end).writerows(rows)
    return buffer.getvalue().encode("utf-8")


@settings(max_examples=300, deadline=None, derandomize=True)
@given(ROWS, st.sampled_from([",", ";"]))
def test_csv_is_written_as_the_csv_module_writes_it(rows, separator):
    assert csv_utf8(rows, separator, "\r\n") == csv_module(rows, separator, "\r\n")


@settings(max_examples=300, deadline=None, derandomize=True)
@given(ROWS)
def test_csv_with_lf_line_ends_reads_back_even_with_a_lone_carriage_return(rows):
    content = csv_utf8(rows, ",", "\n")
    back = list(csv.reader(io.StringIO(content.decode("utf-8"), newline=""), strict=True))
    assert back == [["" if cell is None else str(cell) for cell in row] for row in rows]
    if not any(isinstance(cell, str) and "\r" in cell for row in rows for cell in row):
        assert content == csv_module(rows, ",", "\n")  # the csv module leaves a lone CR bare


@settings(max_examples=300, deadline=None, derandomize=True)
@given(ROWS)
def test_neutralised_csv_is_the_csv_module_on_neutralised_cells(rows):
    expected = csv_module([[neutralised(cell) for cell in row] for row in rows], ",", "\r\n")
    assert csv_utf8(rows, ",", "\r\n", neutralise_formulas=True) == expected


def test_a_formula_gets_an_apostrophe_and_a_number_stays_a_number():
    content = csv_utf8([["=1+1", -2, "-2", "駅前", None, "@x"]], ",", "\r\n",
                       neutralise_formulas=True)
    assert content == "'=1+1,-2,'-2,駅前,,'@x\r\n".encode()


# ----------------------------------------------------------------------------- records


def plain_record_dict(record):
    """record_dict as written first: every field looked at one by one."""
    data = {}
    for field in dataclasses.fields(record):
        value = getattr(record, field.name)
        if isinstance(value, Enum):
            value = value.value
        elif isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, bytes):
            continue
        data[field.name] = value
    if isinstance(record, Photo):
        data["sha256"] = hashlib.sha256(record.data).hexdigest()
    return data


@pytest.fixture
def voted():
    """The demo with a revealed digital round (one ballot voided) and a photo."""
    store = demo_store("ja")
    team, prompt = store.list(Team)[0], store.list(Prompt)[1]
    ideas = [i.id for i in store.ideas(prompt_id=prompt.id)][:3]
    vote_round = store.add(VoteRound(name="Round 2", prompt_id=prompt.id, dots_per_voter=3,
                                     max_dots_per_idea=2))
    open_round(store, vote_round.id)
    cast_ballot(store, vote_round.id, {ideas[0]: 2, ideas[1]: 1}, team_id=team.id)
    cast_ballot(store, vote_round.id, {ideas[2]: 1})
    void_last_ballot(store, vote_round.id, "pressed twice")
    close_round(store, vote_round.id)
    reveal_round(store, vote_round.id)
    store.add(photo("Sheet of table A", team_id=team.id))
    store.delete(Idea, ideas[2])
    yield store
    store.close()


def test_record_dicts_are_every_field_as_json_values(voted):
    for cls in RECORD_TYPES:
        records = voted.list(cls, include_deleted=True)
        assert records or cls.TABLE in ("agenda_items", "tallies"), cls  # the demo has most
        expected = [plain_record_dict(r) for r in records]
        assert record_dicts(cls, records) == expected
        assert [record_dict(r) for r in records] == expected
        for data in expected:  # types, too: lists not tuples, strings not enums, no bytes
            json.dumps(data)
            assert all(type(v) in (str, int, bool, list, type(None)) for v in data.values())


# ------------------------------------------------------------------------- proposals.json


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.lists(st.dictionaries(CELL_TEXT, CELL_TEXT | st.integers(), max_size=3), max_size=7),
       st.integers(1, 4))
def test_proposals_json_in_slices_is_the_json_of_all_rows_at_once(rows, slice_size):
    content = json_lines(rows, slice_size=slice_size)
    once = json.dumps(rows, ensure_ascii=False, separators=(",\n", ":")) + "\n"
    assert content == once.encode("utf-8")
    assert json.loads(content) == rows


# ------------------------------------------------------------------------------ the zip


def test_an_error_writing_a_member_reaches_the_caller_and_leaves_no_file(voted, tmp_path,
                                                                          monkeypatch):
    write = bundle._ZipWriter._write

    def failing(self, name, content):
        if name == "decidim/proposals.json":
            raise OSError("disk full")
        return write(self, name, content)

    monkeypatch.setattr(bundle._ZipWriter, "_write", failing)
    threads = threading.active_count()
    with pytest.raises(OSError, match="disk full"):
        write_bundle(voted, tmp_path / "b.zip", ExportSettings(lang="ja"),
                     include_report=False)
    assert list(tmp_path.iterdir()) == []
    assert threading.active_count() == threads  # the writer's thread is gone too
