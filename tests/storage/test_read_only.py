"""A sound workshop on a read-only USB stick, or in a folder the person may not write: it
opens read-only (view, export to another disk, save a copy), is never called damaged and
is never offered a restore."""

from __future__ import annotations

import os

import pytest

from workshop.errors import ReadOnlyFileError
from workshop.store import WorkshopStore

from .conftest import one_line_error, run


def _check_read_only_use(path, elsewhere, *, as_unprivileged=False, backup_possible=False):
    kw = {"as_unprivileged": as_unprivileged}
    info = run("info", path, "--json", **kw)
    assert info.returncode == 0, info.stderr
    assert '"ideas"' in info.stdout and "damaged" not in info.stderr
    check = run("check", path, **kw)
    assert check.returncode == 0, check.stderr
    # A write is refused in one line that says why and what to do – not "damaged".
    error = one_line_error(run("platform", path, "--proposals", "cluster", **kw))
    assert "can only be read" in error and "damaged" not in error
    # Exports to another disk work; the backup before them is skipped with a note.
    done = run("export", path, "--pdf", elsewhere / "report.pdf", "--bundle",
               elsewhere / "bundle.zip", **kw)
    assert done.returncode == 0, done.stderr
    assert ("no backup was made" in done.stderr) != backup_possible
    assert "damaged" not in done.stderr
    assert (elsewhere / "report.pdf").stat().st_size and (elsewhere / "bundle.zip").exists()
    assert run("verify", elsewhere / "bundle.zip", **kw).returncode == 0


def test_a_workshop_on_a_read_only_stick_opens_read_only(read_only_view, tmp_path):
    stick, locked = read_only_view
    assert run("demo", stick / "day.workshop").returncode == 0
    (stick / "day.workshop.lock").unlink(missing_ok=True)
    before = (stick / "day.workshop").read_bytes()
    path = locked / "day.workshop"
    with pytest.raises(ReadOnlyFileError, match="read-only"):
        WorkshopStore.open(path, device_id="x")
    with WorkshopStore.open(path, device_id="x", read_only=True) as store:
        assert store.counts()["ideas"] > 0
        store.save_copy(tmp_path / "copy.workshop")  # save a copy to another disk
    with WorkshopStore.open(tmp_path / "copy.workshop", device_id="x") as copy:
        assert copy.counts()["ideas"] > 0
    elsewhere = tmp_path / "out"
    elsewhere.mkdir()
    _check_read_only_use(path, elsewhere)
    assert (stick / "day.workshop").read_bytes() == before
    assert sorted(os.listdir(stick)) == ["day.workshop"]  # not even a lock file


def test_a_workshop_in_a_folder_without_write_permission_opens_read_only(
        unprivileged, tmp_path):
    folder = tmp_path / "colleague"
    folder.mkdir()
    assert run("demo", folder / "day.workshop").returncode == 0
    (folder / "day.workshop.lock").unlink(missing_ok=True)
    elsewhere = tmp_path / "out"
    elsewhere.mkdir()
    os.chmod(elsewhere, 0o777)
    os.chmod(folder, 0o555)
    try:
        _check_read_only_use(folder / "day.workshop", elsewhere, as_unprivileged=True)
    finally:
        os.chmod(folder, 0o755)
    assert sorted(os.listdir(folder)) == ["day.workshop"]


def test_a_read_only_file_in_a_writable_folder_opens_read_only(unprivileged, tmp_path):
    path = tmp_path / "day.workshop"
    assert run("demo", path).returncode == 0
    os.chmod(path, 0o444)
    elsewhere = tmp_path / "out"
    elsewhere.mkdir()
    # the folder is writable: the backup before the export is made as usual
    _check_read_only_use(path, elsewhere, as_unprivileged=True, backup_possible=True)
