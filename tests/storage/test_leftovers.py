"""A killed ``import --into NEW`` or export leaves files behind; the next run removes what
the app made – and nothing else."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from workshop.model import Photo
from workshop.store import WorkshopStore
from workshop.store.leftovers import private_temp_dir, sweep_folder, sweep_temp_dirs

from .conftest import ROOT, run

# Runs a command, killing itself (SIGKILL: no clean-up runs) once ``victim`` was called.
KILLED = textwrap.dedent("""
    import importlib, os, signal, sys
    module, name = sys.argv[1].rsplit(":", 1)
    owner = importlib.import_module(module)
    *path, attr = name.split(".")
    for part in path:
        owner = getattr(owner, part)
    real = getattr(owner, attr)
    def killed(*args, **kwargs):
        real(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)
    setattr(owner, attr, killed)
    from workshop.cli import main
    main(sys.argv[2:])
""")


def run_killed(victim, *args, env=None):
    environment = {**os.environ, **(env or {})}
    done = subprocess.run([sys.executable, "-c", KILLED, victim, *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, env=environment,
                          timeout=300)
    assert done.returncode == -9, done.stderr  # really killed, midway
    return done


def _bundle(tmp_path):
    source = tmp_path / "laptop.workshop"
    assert run("demo", source).returncode == 0
    bundle = tmp_path / "laptop.zip"
    assert run("export", source, "--bundle", bundle).returncode == 0
    return bundle


def test_a_killed_import_into_a_new_file_leaves_nothing_after_the_next_run(tmp_path):
    bundle = _bundle(tmp_path)
    folder = tmp_path / "office"
    folder.mkdir()
    target = folder / "merged.workshop"
    run_killed("workshop.store.store:WorkshopStore.apply_merge",
               "import", bundle, "--into", target)
    left = sorted(os.listdir(folder))
    assert not target.exists()
    assert any(name.endswith(".partial") for name in left), left  # the kill was midway
    assert "merged.workshop.lock" in left
    # Not ours: a file with a similar name, and another program's partial in progress.
    (folder / ".merged.workshop.notes.partial").write_text("someone's")
    (folder / "merged.workshop.partial").write_text("someone's")
    result = run("import", bundle, "--into", target)
    assert result.returncode == 0, result.stderr
    assert sorted(os.listdir(folder)) == [
        ".merged.workshop.notes.partial", "merged.workshop", "merged.workshop.partial"]


def test_the_next_run_in_the_folder_cleans_up_even_without_a_retry(tmp_path):
    bundle = _bundle(tmp_path)
    target = tmp_path / "merged.workshop"
    run_killed("workshop.store.store:WorkshopStore.apply_merge",
               "import", bundle, "--into", target)
    assert any(p.name.startswith(".merged.workshop.") for p in tmp_path.iterdir())
    assert run("info", tmp_path / "laptop.workshop").returncode == 0
    assert not any(p.name.startswith(".merged.workshop.") for p in tmp_path.iterdir())
    assert not (tmp_path / "merged.workshop.lock").exists()


def test_a_build_in_progress_is_left_alone(tmp_path):
    target = tmp_path / "busy.workshop"
    partial = tmp_path / ".busy.workshop.0123abcd.partial"
    partial.write_bytes(b"being written")
    from workshop.store.lock import WorkshopLock

    builder = WorkshopLock(target)  # as another process building it holds it
    builder.acquire()
    try:
        assert sweep_folder(tmp_path) == []
        assert partial.exists()
    finally:
        builder.release()
    assert partial in sweep_folder(tmp_path)


def test_a_killed_export_leaves_no_temporary_folder_after_the_next_run(tmp_path, monkeypatch):
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(temp))
    source = tmp_path / "day.workshop"
    assert run("demo", source).returncode == 0
    env = {"TMPDIR": str(temp)}
    run_killed("workshop.export.report:report_file", "export", source, "--bundle",
               tmp_path / "day.zip", env=env)
    killed = list(temp.iterdir())
    assert [p.name.startswith("workshop-report-") for p in killed] == [True]
    # Kept: a folder of the same kind in use by a live process, another user's folder.
    others = temp / "workshop-report-someone"
    others.mkdir()
    if os.geteuid() == 0:
        os.chown(others, 65534, 65534)
    assert run("info", source, env=env).returncode == 0  # a quick look leaves them
    assert len(list(temp.iterdir())) == 2
    with private_temp_dir("workshop-report-") as busy:
        assert run("check", source, env=env).returncode == 0
        assert {p.name for p in temp.iterdir()} == {busy.name, others.name}


def test_a_report_killed_while_it_embeds_photos_leaves_no_folder_after_the_next_run(
        tmp_path, monkeypatch):
    """The report's print copies of the photos (a private folder of their own) go too."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    source = tmp_path / "day.workshop"
    assert run("demo", source).returncode == 0
    with WorkshopStore.open(source, device_id="x") as store:
        store.add(Photo(caption="sheet", data=_jpeg(), width=8, height=8))
    env = {"TMPDIR": str(temp)}
    run_killed("workshop.export.pdf.document:PdfDocument.render", "export", source,
               "--pdf", tmp_path / "report.pdf", env=env)
    assert list(temp.iterdir())  # the kill was midway: the photos' folder is there
    assert run("check", source, env=env).returncode == 0
    assert list(temp.iterdir()) == []


def test_only_folders_the_next_start_sweeps_can_be_made(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    with pytest.raises(ValueError), private_temp_dir("workshop-unknown-"):
        pass
    assert list(tmp_path.iterdir()) == []


def _jpeg() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "#4e79a7").save(out, "JPEG")
    return out.getvalue()


def test_a_temporary_folder_in_use_is_never_swept(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    with private_temp_dir("workshop-report-") as folder:
        (folder / "report.pdf").write_bytes(b"%PDF")
        assert sweep_temp_dirs() == []
        assert (folder / "report.pdf").exists()
    assert not folder.exists()


def test_a_workshop_closed_normally_leaves_only_itself(tmp_path):
    path = tmp_path / "w.workshop"
    assert run("new", path, "--title", "Square").returncode == 0
    with WorkshopStore.open(path, device_id="x"):
        pass
    assert sorted(os.listdir(tmp_path)) == ["w.workshop", "w.workshop.backups"]


# ------------------------------------------------------------------ export outputs

RENDER = "workshop.export.pdf.document:PdfDocument.render"

# The Export page's batch export, in a process of its own (killed like the CLI above).
BATCH = textwrap.dedent("""
    import sys
    from workshop.export.batch import export_outputs
    from workshop.export.common import ExportSettings
    from workshop.store import WorkshopStore
    with WorkshopStore.open(sys.argv[-2], device_id="t", read_only=True) as store:
        export_outputs(store, sys.argv[-1], ["cards"], ExportSettings(lang="en"))
""")


def _not_ours(folder):
    """Names like ours that this app never makes, and a lock-less staging folder made a
    moment ago (by a version without the lock, still writing): all must stay."""
    (folder / ".idea-cards.pdf.notes.partial").write_text("someone's")
    (folder / "cards.pdf.partial").write_text("someone's")
    (folder / ".cards.pdf.0123abcd.export.partial.txt").write_text("someone's")
    young = folder / ".export-abcd1234.partial"
    young.mkdir()
    (young / "idea-cards.pdf").write_bytes(b"%PDF being written")
    return {".idea-cards.pdf.notes.partial", "cards.pdf.partial",
            ".cards.pdf.0123abcd.export.partial.txt", young.name}


def test_a_killed_export_of_one_file_leaves_nothing_after_the_next_export(tmp_path):
    from workshop.export.common import atomic_output

    source = tmp_path / "day.workshop"
    assert run("demo", source).returncode == 0
    out = tmp_path / "out"
    out.mkdir()
    run_killed(RENDER, "export", source, "--cards", out / "cards.pdf")
    killed = sorted(os.listdir(out))
    assert len(killed) == 2 and killed[0].startswith(".cards.pdf.")  # midway: file + lock
    assert killed[0].endswith(".export.partial") and killed[1] == killed[0] + ".lock"
    kept = _not_ours(out)
    # A live export writing the same file now: its partial and lock stay.
    with atomic_output(out / "cards.pdf") as live:
        live.write_bytes(b"%PDF being written")
        result = run("export", source, "--cards", out / "cards.pdf")
        assert result.returncode == 0, result.stderr
        assert set(os.listdir(out)) == kept | {"cards.pdf", live.name, live.name + ".lock"}
    assert set(os.listdir(out)) == kept | {"cards.pdf"}


def test_a_killed_export_from_the_export_page_leaves_nothing_after_the_next(tmp_path):
    source = tmp_path / "day.workshop"
    assert run("demo", source).returncode == 0
    out = tmp_path / "out"
    out.mkdir()
    script = KILLED.replace("from workshop.cli import main\nmain(sys.argv[2:])", BATCH)
    assert script != KILLED
    done = subprocess.run([sys.executable, "-c", script, RENDER, source, out],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == -9, done.stderr
    [staging] = os.listdir(out)
    assert staging.startswith(".export-") and "in-use.lock" in os.listdir(out / staging)
    kept = _not_ours(out)
    done = subprocess.run([sys.executable, "-c", BATCH, source, out],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    written = {name for name in os.listdir(out) if name.startswith("idea-cards")}
    assert len(written) == 1
    assert set(os.listdir(out)) == kept | written


def test_an_old_lockless_staging_folder_goes_but_not_one_with_a_link_in_it(tmp_path):
    """Staging folders of versions without the lock: removed only once old, and only when
    they hold plain files."""
    from workshop.store.leftovers import sweep_outputs

    old = tmp_path / ".export-old12345.partial"
    linked = tmp_path / ".export-link1234.partial"
    for folder in (old, linked):
        folder.mkdir()
        (folder / "report.pdf").write_bytes(b"%PDF")
    (linked / "elsewhere").symlink_to(tmp_path)
    for folder in (old, linked):
        os.utime(folder, (0, 0))
    assert sweep_outputs(tmp_path) == [old]
    assert linked.exists() and (tmp_path / ".export-link1234.partial" / "report.pdf").exists()
