"""Property-based fuzzing of the importer: whatever the bundle, it either imports or raises
the project's own error, never anything else, and never changes the target on error."""

import contextlib
import json
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop.errors import WorkshopError
from workshop.export.bundle import DATA, MANIFEST, PLATFORM
from workshop.export.decidim import platform_settings
from workshop.export.merge import import_bundles
from workshop.store import WorkshopStore

from .tools import add_digital_round, demo_store, export, members, rebuild, state

FUZZ = settings(max_examples=70, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    store = demo_store("ja")
    add_digital_round(store)
    path = export(store, tmp_path_factory.mktemp("fuzz") / "good.zip")
    workshop = store.workshop()
    store.close()
    files = members(path)
    data = json.loads(files[DATA])
    scalars = sorted({json.dumps(v) for table in data.values() if isinstance(table, list)
                      for record in table for v in record.values()
                      if not isinstance(v, list | dict)})
    return path, workshop, files, data, [json.loads(s) for s in scalars]


def attempt(workshop, path):
    """Import into a fresh target of the same workshop; check the property."""
    target = WorkshopStore.in_memory(workshop, device_id="target")
    before = state(target)
    try:
        import_bundles(target, [path])
    except WorkshopError as error:
        assert error.render("en") and error.render("ja")
        assert state(target) == before
    else:
        target.workshop()  # the imported workshop reads back
        assert target.db.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        target.close()


def json_values(scalars):
    leaves = (st.none() | st.booleans() | st.integers(-(2**70), 2**70)
              | st.floats(allow_nan=False) | st.text(max_size=12)
              | st.sampled_from(scalars))  # real ids, times and names from elsewhere
    return st.recursive(leaves, lambda inner: st.lists(inner, max_size=3)
                        | st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=5)


@st.composite
def mutated_data(draw, data, scalars):
    """workshop.json with a few changes anywhere: values replaced, fields or records
    removed, added or repeated."""
    data = json.loads(json.dumps(data))
    tables = sorted(k for k, v in data.items() if isinstance(v, list) and v)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["value", "drop-field", "add-field", "copy-record",
                                     "drop-record", "top"]))
        if kind == "top":
            key = draw(st.sampled_from(sorted(data)))
            data[key] = draw(json_values(scalars))
            continue
        table = draw(st.sampled_from(tables))
        if not isinstance(data[table], list) or not data[table]:
            continue
        index = draw(st.integers(0, len(data[table]) - 1))
        record = data[table][index]
        if kind == "copy-record":
            data[table].append(record)
        elif kind == "drop-record":
            del data[table][index]
        elif not isinstance(record, dict) or not record:
            continue
        elif kind == "value":
            record[draw(st.sampled_from(sorted(record)))] = draw(json_values(scalars))
        elif kind == "drop-field":
            del record[draw(st.sampled_from(sorted(record)))]
        else:
            record[draw(st.text(max_size=8))] = draw(json_values(scalars))
    return data


@FUZZ
@given(data=st.data())
def test_mutated_workshop_json_with_matching_checksums(source, tmp_path, data):
    _path, workshop, files, original, scalars = source
    changed = data.draw(mutated_data(original, scalars))
    files = dict(files, **{DATA: json.dumps(changed, ensure_ascii=False).encode()})
    attempt(workshop, rebuild(tmp_path / "m.zip", files))


@FUZZ
@given(data=st.data())
def test_mutated_manifests(source, tmp_path, data):
    _path, workshop, files, _original, scalars = source
    manifest = json.loads(files[MANIFEST])
    key = data.draw(st.sampled_from(sorted(manifest)))
    if key == "files" and data.draw(st.booleans()):
        entry = data.draw(st.sampled_from(manifest["files"]))
        entry[data.draw(st.sampled_from(["path", "size", "sha256"]))] = data.draw(
            json_values(scalars))
    else:
        manifest[key] = data.draw(json_values(scalars))
    changed = dict(files, **{MANIFEST: json.dumps(manifest).encode()})
    attempt(workshop, rebuild(tmp_path / "m.zip", changed, fix=False))


@FUZZ
@given(data=st.data())
def test_damaged_zip_bytes(source, tmp_path, data):
    path, workshop, _files, _original, _scalars = source
    content = bytearray(path.read_bytes())
    if data.draw(st.booleans()):
        content = content[:data.draw(st.integers(0, len(content)))]
    for _ in range(data.draw(st.integers(1, 4))):
        if content:
            content[data.draw(st.integers(0, len(content) - 1))] = data.draw(
                st.integers(0, 255))
    damaged = tmp_path / "d.zip"
    damaged.write_bytes(bytes(content))
    attempt(workshop, damaged)


@pytest.mark.filterwarnings("ignore:Duplicate name")
@FUZZ
@given(names=st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=3))
def test_any_member_names(source, tmp_path, names):
    _path, workshop, files, _original, _scalars = source
    odd = tmp_path / "n.zip"
    try:
        with zipfile.ZipFile(odd, "w") as archive:
            for name, content in files.items():
                archive.writestr(name, content)
            for name in names:
                archive.writestr(name, b"x")
    except (ValueError, UnicodeEncodeError):
        return  # zipfile itself cannot write that name
    attempt(workshop, odd)


@FUZZ
@given(data=st.data())
def test_any_platform_settings(source, tmp_path, data):
    _path, workshop, files, original, scalars = source
    clusters = [c["id"] for c in original["clusters"]]
    link = st.fixed_dictionaries({"category": json_values(scalars) | st.just("12")})
    value = st.one_of(json_values(scalars), st.sampled_from(["idea", "cluster"]),
                      st.dictionaries(st.sampled_from(clusters), link | json_values(scalars)))
    entry = st.fixed_dictionaries({"value": value, "updated_at": st.sampled_from(
        ["2099-01-01T00:00:00+00:00", "bad"]) | json_values(scalars),
        "device_id": st.text(max_size=5)}) | json_values(scalars)
    settings_ = data.draw(st.dictionaries(st.sampled_from(["proposals_per", "cluster_links",
                                                           "other"]), entry))
    changed = dict(files, **{PLATFORM: json.dumps(settings_).encode()})
    bundle = rebuild(tmp_path / "p.zip", changed)
    target = WorkshopStore.in_memory(workshop, device_id="target")
    try:
        attempt(workshop, bundle)
        with contextlib.suppress(WorkshopError):  # refused whole: ``attempt`` checked that
            import_bundles(target, [bundle])
        # whatever came in, the export reads it as valid settings or none
        settings = platform_settings(target)
        assert settings.proposals_per in ("idea", "cluster")
        assert all(v.category == "" or v.category.isdigit() for v in settings.clusters.values())
    finally:
        target.close()
