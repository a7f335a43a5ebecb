"""The column-by-column schema check (fast path of every import) is never laxer than the
record-by-record check: whenever it says a table is valid, every record is."""

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop.export.bundle import DATA
from workshop.export.schema_check import compiled_schema as _compiled_schema
from workshop.model import RECORD_TYPES

from .tools import add_digital_round, demo_store, export, members

SETTINGS = settings(max_examples=300, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])  # a loaded machine
TABLES = [cls.TABLE for cls in RECORD_TYPES]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**40, 2**40) | st.floats(allow_nan=False)
    | st.text(max_size=70) | st.sampled_from(["ja", "en", "generic", "note", "",
                                              "2026-11-14T06:05:00+00:00", "2026-13-40T99:99:99Z",
                                              "a" * 65, "id\n", "x" * 20_001]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=3),
    max_leaves=5)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    store = demo_store("ja")
    add_digital_round(store)
    path = export(store, tmp_path_factory.mktemp("columns") / "good.zip")
    store.close()
    return json.loads(members(path)[DATA])


def test_a_valid_bundle_passes_the_column_check_where_it_can(data):
    checks = _compiled_schema()
    for table in TABLES:
        assert all(checks.records[table](r) is None for r in data[table])
    # tables without lists in their records are settled column by column
    assert checks.all_valid["ideas"](data["ideas"]) and checks.all_valid["notes"](data["notes"])


@SETTINGS
@given(table=st.sampled_from(TABLES), pick=st.integers(0, 10_000), field=st.integers(0, 50),
       value=json_values, drop=st.booleans())
def test_the_column_check_never_accepts_what_a_record_check_refuses(data, table, pick, field,
                                                                    value, drop):
    items = copy.deepcopy(data[table])
    if not items:
        return
    record = items[pick % len(items)]
    name = sorted(record)[field % len(record)]
    if drop and field % 7 == 0:
        del record[name]
    else:
        record[name] = value
    checks = _compiled_schema()
    if checks.all_valid[table](items):
        assert all(checks.records[table](r) is None for r in items), (table, name, value)
