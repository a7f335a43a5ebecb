"""Hostile and broken bundles: each is refused with a clear message and changes nothing."""

import json
import stat
import uuid
import zipfile

import pytest

from workshop.errors import WorkshopError
from workshop.export import bundle_read as bundle_module  # the reading side and its limits
from workshop.export.bundle import DATA, MANIFEST, BundleError, verify_bundle
from workshop.export.merge import import_bundles, import_into_new_file
from workshop.export.snapshot import FORMAT_VERSION as DATA_VERSION
from workshop.store import WorkshopStore, list_backups

from .tools import add_digital_round, demo_store, export, members, rebuild, state, with_data


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    folder = tmp_path_factory.mktemp("good")
    store = demo_store("ja")
    add_digital_round(store)
    path = export(store, folder / "good.zip")
    store.close()
    return path


@pytest.fixture
def target(good, tmp_path):
    """A workshop file made from the good bundle, open as the import target."""
    path = tmp_path / "target" / "t.workshop"
    path.parent.mkdir()
    import_into_new_file(path, [good], device_id="target")
    with WorkshopStore.open(path, device_id="target") as store:
        yield store


def files_in(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def refused(target, bundle, message, tmp_path):
    """Import must fail naming the problem, and leave the target and the disk as they were."""
    before, listing = state(target), files_in(tmp_path)
    backups = list_backups(target.path)
    with pytest.raises(BundleError) as caught:
        import_bundles(target, [bundle])
    assert message in str(caught.value)
    assert str(bundle) in caught.value.render("en")
    assert state(target) == before
    assert files_in(tmp_path) == listing and list_backups(target.path) == backups
    # a new file is not made either
    with pytest.raises(WorkshopError):
        import_into_new_file(tmp_path / "new.workshop", [bundle], device_id="x")
    assert files_in(tmp_path) == listing
    return caught.value


def zip_with(path, entries):
    """A zip of raw entries: (ZipInfo or name, bytes)."""
    with zipfile.ZipFile(path, "w") as archive:
        for info, content in entries:
            archive.writestr(info, content)
    return path


def test_not_a_zip(target, tmp_path):
    path = tmp_path / "notes.zip"
    path.write_text("これは zip ではありません")
    refused(target, path, "it is not a zip file", tmp_path)


def test_truncated(good, target, tmp_path):
    path = tmp_path / "cut.zip"
    path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    refused(target, path, "damaged or cut short", tmp_path)


def test_damaged_inside_a_member(good, target, tmp_path):
    content = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as archive:
        info = archive.getinfo(DATA)
    start = info.header_offset + 30 + len(info.filename.encode()) + 100
    content[start:start + 8] = bytes(8)
    path = tmp_path / "damaged.zip"
    path.write_bytes(bytes(content))
    refused(target, path, "damaged or cut short", tmp_path)


def test_checksum_mismatch(good, target, tmp_path):
    files = members(good)
    files["spreadsheets/ideas.csv"] = files["spreadsheets/ideas.csv"].replace(b"13", b"31")
    path = rebuild(tmp_path / "changed.zip", files, fix=False)
    refused(target, path, "spreadsheets/ideas.csv in", tmp_path)
    with pytest.raises(BundleError, match="does not match its checksum"):
        verify_bundle(path)


def test_changed_data_with_fixed_checksums_fails_the_fingerprint(good, target, tmp_path):
    files = members(good)
    files[DATA] = files[DATA].replace("木陰".encode(), "日向".encode())
    path = rebuild(tmp_path / "forged.zip", files, manifest=lambda m: m.update(
        fingerprint=json.loads(members(good)[MANIFEST])["fingerprint"]))
    refused(target, path, "data fingerprint", tmp_path)


def test_missing_file(good, target, tmp_path):
    files = members(good)
    del files["decidim/proposals.json"]
    refused(target, rebuild(tmp_path / "missing.zip", files, fix=False),
            "decidim/proposals.json is listed in the manifest", tmp_path)


def test_no_manifest(good, target, tmp_path):
    files = members(good)
    del files[MANIFEST]
    path = zip_with(tmp_path / "nomanifest.zip", files.items())
    refused(target, path, "has no manifest.json", tmp_path)


def test_unlisted_file(good, target, tmp_path):
    files = members(good)
    path = rebuild(tmp_path / "extra.zip", files)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("photos/extra.jpg", b"\xff\xd8")
    refused(target, path, "photos/extra.jpg, which its manifest does not list", tmp_path)


def test_newer_bundle_format(good, target, tmp_path):
    path = rebuild(tmp_path / "future.zip", members(good),
                   manifest=lambda m: m.update(format_version=2))
    error = refused(target, path, "newer version of this app", tmp_path)
    assert "bundle format 2" in str(error)


def test_newer_data_format(good, target, tmp_path):
    newer = DATA_VERSION + 1
    path = with_data(good, tmp_path / "future-data.zip",
                     lambda d: d.update(format_version=newer))
    refused(target, path, f"data format {newer}", tmp_path)


def test_another_format(good, target, tmp_path):
    path = rebuild(tmp_path / "other.zip", members(good),
                   manifest=lambda m: m.update(format="something-else"))
    refused(target, path, "not a workshop data bundle", tmp_path)


@pytest.mark.parametrize(("name", "message"), [
    ("../evil.txt", "leads out of its folder"),
    ("photos/../../evil.txt", "leads out of its folder"),
    ("photos\\..\\..\\evil.txt", "leads out of its folder"),
    ("/etc/evil.txt", "absolute path"),
    ("C:/Windows/evil.txt", "absolute path"),
    ("\\\\server\\evil.txt", "absolute path"),
    (".hidden", "unexpected name"),
    ("a/b/c/d/too-deep.txt", "unexpected name"),
])
def test_paths_escaping_the_folder(good, target, tmp_path, name, message):
    files = members(good)
    files[name] = b"owned"
    path = rebuild(tmp_path / "slip.zip", files)  # even listed in the manifest
    refused(target, path, message, tmp_path)
    assert not (tmp_path.parent / "evil.txt").exists()


def test_links_are_refused(good, target, tmp_path):
    files = members(good)
    link = zipfile.ZipInfo("photos/link.jpg")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    path = rebuild(tmp_path / "link.zip", files)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(link, "/etc/passwd")
    refused(target, path, "contains a link (photos/link.jpg)", tmp_path)


def test_a_file_twice_is_refused(good, target, tmp_path):
    path = rebuild(tmp_path / "twice.zip", members(good))
    with pytest.warns(UserWarning), zipfile.ZipFile(path, "a") as archive:
        archive.writestr("README-en.txt", b"second copy")
    refused(target, path, "README-en.txt twice", tmp_path)


def test_zip_bombs_are_refused_before_unpacking(good, target, tmp_path, monkeypatch):
    monkeypatch.setattr(bundle_module, "MAX_FILE_BYTES", 1024 * 1024)
    files = members(good)
    files["report.pdf"] = bytes(8 * 1024 * 1024)  # 8 MB of zeros: about 8 kB packed
    path = rebuild(tmp_path / "bomb.zip", files)
    assert path.stat().st_size < 200_000
    refused(target, path, "report.pdf in", tmp_path)
    monkeypatch.setattr(bundle_module, "MAX_TOTAL_BYTES", 100_000)
    refused(target, good, "too large to import", tmp_path)


def test_sizes_that_lie_are_refused(good, target, tmp_path):
    def shrink(manifest):
        for entry in manifest["files"]:
            if entry["path"] == "workshop.json":
                entry["size"] = 10
    path = rebuild(tmp_path / "liar.zip", members(good), manifest=shrink)
    refused(target, path, "does not have the size its manifest gives", tmp_path)


def test_deeply_nested_json(good, target, tmp_path):
    files = members(good)
    files[DATA] = b"[" * 200_000 + b"]" * 200_000
    refused(target, rebuild(tmp_path / "deep.zip", files), "nested too deeply", tmp_path)


def test_enormous_json(good, target, tmp_path, monkeypatch):
    monkeypatch.setattr(bundle_module, "MAX_DATA_BYTES", 10_000)
    refused(target, good, "workshop.json in", tmp_path)


def test_json_that_is_not_json(good, target, tmp_path):
    files = members(good)
    files[DATA] = b"{\"format\": \"workshop-data\", "
    refused(target, rebuild(tmp_path / "broken.zip", files), "is not valid JSON", tmp_path)
    files[MANIFEST] = b"\xff\xfe not json"
    path = zip_with(tmp_path / "badmanifest.zip", files.items())
    refused(target, path, "manifest.json in", tmp_path)


def first_idea(data):
    return data["ideas"][0]


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: first_idea(d).update(title=42), "ideas[0]: title: expected text"),
    (lambda d: first_idea(d).update(position="1"), "position: expected a whole number"),
    (lambda d: first_idea(d).update(position=True), "position: expected a whole number"),
    (lambda d: first_idea(d).update(position=1.5), "position: expected a whole number"),
    (lambda d: first_idea(d).update(position=10**40), "position: out of range"),
    (lambda d: first_idea(d).pop("details"), "missing fields: details"),
    (lambda d: first_idea(d).update(secret="x"), "unexpected fields: \"secret\""),
    (lambda d: first_idea(d).update(updated_at="yesterday"), "not in the expected form"),
    (lambda d: first_idea(d).update(updated_at="2026-13-45T00:00:00+00:00"), "not a valid time"),
    (lambda d: first_idea(d).update(id="../../etc"), "id: not in the expected form"),
    (lambda d: first_idea(d).update(title="x" * 301), "too long"),
    (lambda d: first_idea(d).update(title="   "), "must not be empty"),
    (lambda d: d.update(ideas={}), "ideas: expected a list"),
    (lambda d: d.pop("notes"), "missing fields: notes"),
    (lambda d: d["workshop"].append(dict(d["workshop"][0])),
     "workshop: expected exactly 1 record(s), found 2"),
    (lambda d: d["workshop"][0].update(deleted_at="2026-11-14T00:00:00+00:00"),
     "the workshop is marked deleted"),
    (lambda d: d["workshop"][0].update(languages=["fr"]), "expected one of: ja, en"),
    (lambda d: d["notes"][0].update(kind="gossip"), "expected one of"),
    (lambda d: d["ideas"].append(dict(first_idea(d))), "appears twice"),
    (lambda d: first_idea(d).update(team_id=str(uuid.uuid4())),
     "team_id refers to"),
    (lambda d: d["tallies"][0].update(candidate_id=str(uuid.uuid4())),
     "candidate_id refers to"),
    (lambda d: d["vote_rounds"][0]["candidate_ids"].append(str(uuid.uuid4())),
     "candidate_ids refers to"),
    (lambda d: d["ballot_dots"][0].update(ballot_id=str(uuid.uuid4())), "ballot_id refers to"),
    (lambda d: d["photos"][0].update(sha256="0" * 64), "does not match its checksum"),
    (lambda d: d["photos"][0].update(mime="image/png"), "is missing"),
    (lambda d: d["round_events"][0].update(details="[" * 5000 + "]" * 5000), "round_events[0]"),
])
def test_invalid_data_is_refused_naming_the_record_and_field(good, target, tmp_path, change,
                                                             message):
    path = with_data(good, tmp_path / "bad.zip", change)
    error = refused(target, path, message, tmp_path)
    assert "workshop.json" in str(error)
