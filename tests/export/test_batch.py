"""Several outputs into one folder (the Export page's run), and trial imports on a copy."""

from __future__ import annotations

import dataclasses
import os
import zipfile
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from workshop.demo import create_demo
from workshop.errors import InputError
from workshop.export import batch
from workshop.export.bundle import write_bundle
from workshop.export.common import Cancelled, ExportSettings, Progress
from workshop.export.decidim import link_cluster
from workshop.export.idea_import import IdeaImportError, import_ideas
from workshop.export.merge import import_bundles
from workshop.model import Cluster, Idea, VoteRound
from workshop.store import WorkshopStore, list_backups


@pytest.fixture
def demo_file(tmp_path):
    path = tmp_path / "square.workshop"
    create_demo(path, lang="en", device_id="laptop-a").close()
    return path


def test_file_names_say_kind_language_and_audience():
    internal, public = ExportSettings(lang="ja"), ExportSettings(lang="en", public=True)
    assert [batch.file_name(k, internal) for k in batch.OUTPUT_KEYS] == [
        "report-ja.pdf", "report-ja.html", "idea-cards-ja.pdf", "team-sheets-ja.pdf",
        "tally-sheets-ja.pdf", "data-bundle-ja.zip"]
    # cards and tally sheets are the same for everyone, so their names do not say "public"
    assert [batch.file_name(k, public) for k in batch.OUTPUT_KEYS] == [
        "report-en-public.pdf", "report-en-public.html", "idea-cards-en.pdf",
        "team-sheets-en-public.pdf", "tally-sheets-en.pdf", "data-bundle-en.zip"]


def test_the_default_folder_is_beside_the_workshop_named_after_it_and_the_day():
    assert batch.default_folder(Path("/usb/square.workshop"), date(2026, 11, 14)) == Path(
        "/usb/square-export-2026-11-14")


def test_every_output_is_written_with_warnings_and_progress(demo_file, tmp_path):
    folder = tmp_path / "out"
    steps = []
    with WorkshopStore.open(demo_file, device_id="x", read_only=True) as store:
        title = store.workshop().title
        result = batch.export_outputs(store, folder, batch.OUTPUT_KEYS,
                                      ExportSettings(lang="en"),
                                      Progress(report=lambda d, t: steps.append((d, t))))
    names = ["report-en.pdf", "report-en.html", "idea-cards-en.pdf", "team-sheets-en.pdf",
             "tally-sheets-en.pdf", "data-bundle-en.zip"]
    assert result.written == [folder / n for n in names] and not result.failures
    assert sorted(os.listdir(folder)) == sorted(names)  # the staging folder is gone
    report = PdfReader(folder / "report-en.pdf")
    assert title in " ".join(report.pages[0].extract_text().split())  # the title wraps
    assert report.metadata.title.startswith(title)
    assert "manifest.json" in zipfile.ZipFile(folder / "data-bundle-en.zip").namelist()
    totals = {t for _, t in steps}
    assert totals == {6 * batch.STEP} and steps[-1] == (6 * batch.STEP, 6 * batch.STEP)
    dones = [d for d, _ in steps]
    assert dones == sorted(dones) and any(2 * batch.STEP < d < 3 * batch.STEP for d in dones)


def test_a_cancelled_export_leaves_the_folder_as_it_was(demo_file, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "report-en.pdf").write_bytes(b"an earlier export")
    steps = []

    def cancelled() -> bool:  # after the first step of the second output
        return any(done > batch.STEP for done, _total in steps)

    with WorkshopStore.open(demo_file, device_id="x", read_only=True) as store, \
            pytest.raises(Cancelled):
        batch.export_outputs(store, folder, ["report", "cards", "bundle"],
                             ExportSettings(lang="en"),
                             Progress(report=lambda d, t: steps.append((d, t)),
                                      is_cancelled=cancelled))
    assert os.listdir(folder) == ["report-en.pdf"]
    assert (folder / "report-en.pdf").read_bytes() == b"an earlier export"


def test_a_cancelled_export_removes_the_folder_it_made(demo_file, tmp_path):
    folder = tmp_path / "new" / "out"
    with WorkshopStore.open(demo_file, device_id="x", read_only=True) as store, \
            pytest.raises(Cancelled):
        batch.export_outputs(store, folder, ["cards"], ExportSettings(lang="en"),
                             Progress(is_cancelled=lambda: True))
    assert not folder.exists()


def test_a_failing_output_is_named_and_the_others_are_written(tmp_path):
    path = tmp_path / "w.workshop"
    create_demo(path, lang="ja", device_id="a").close()
    with WorkshopStore.open(path, device_id="a") as store:
        for vote_round in store.list(VoteRound):
            store.delete(VoteRound, vote_round.id)
    with WorkshopStore.open(path, device_id="x", read_only=True) as store:
        result = batch.export_outputs(store, tmp_path / "out", ["tally_sheets", "bundle"],
                                      ExportSettings(lang="ja", public=True))
    assert result.written == []
    assert [key for key, _ in result.failures] == ["tally_sheets", "bundle"]
    assert "no vote round" in result.failures[0][1].render("en")
    assert "cannot be made public" in result.failures[1][1].render("en")
    assert os.listdir(tmp_path / "out") == []


def test_a_trial_on_a_copy_reports_and_leaves_the_workshop_alone(demo_file, tmp_path):
    sheet = tmp_path / "ideas.csv"
    sheet.write_text("prompt,team,title\n,Table Z,A reading corner\n", encoding="utf-8")
    before = demo_file.read_bytes()
    report = batch.on_a_copy(demo_file, "x", lambda store: import_ideas(store, sheet))
    assert (report.ideas, report.teams) == (1, ["Table Z"])
    assert demo_file.read_bytes() == before and list_backups(demo_file) == []
    sheet.write_text("title\nfine\n" + "x" * 301 + "\n", encoding="utf-8")
    with pytest.raises(IdeaImportError, match="line 3"):
        batch.on_a_copy(demo_file, "x", lambda store: import_ideas(store, sheet))
    with WorkshopStore.open(demo_file, device_id="x", read_only=True) as store:
        assert not [i for i in store.ideas() if i.title == "A reading corner"]


def test_a_trial_raises_the_changes_own_error(demo_file):
    def change(store):
        idea = store.ideas()[0]
        store.update(dataclasses.replace(idea, title=""))
        return Idea

    with pytest.raises(InputError):
        batch.on_a_copy(demo_file, "x", change)


def test_a_merge_preview_reports_what_merging_would_do(demo_file, tmp_path):
    other = tmp_path / "laptop-b.workshop"
    with WorkshopStore.open(demo_file, device_id="laptop-a", read_only=True) as store:
        store.save_copy(other)
    with WorkshopStore.open(other, device_id="laptop-b") as store:
        store.add(Idea(title="Typed on laptop B"))
        write_bundle(store, tmp_path / "b.zip", ExportSettings(lang="en"), include_report=False)
        cluster = store.list(Cluster)[0]
        link_cluster(store, cluster.id, category="7")  # a newer platform setting only
        write_bundle(store, tmp_path / "b2.zip", ExportSettings(lang="en"),
                     include_report=False)
    before = demo_file.read_bytes()
    preview = batch.preview_merge(demo_file, "laptop-a", [tmp_path / "b.zip"])
    (report,) = preview.reports
    assert report.added == {"ideas": 1} and not preview.settings_changed
    assert preview.changes_anything
    assert demo_file.read_bytes() == before and list_backups(demo_file) == []
    with WorkshopStore.open(demo_file, device_id="laptop-a") as store:
        import_bundles(store, [tmp_path / "b.zip"])
    again = batch.preview_merge(demo_file, "laptop-a", [tmp_path / "b.zip"])
    assert not again.changes_anything
    settings_only = batch.preview_merge(demo_file, "laptop-a", [tmp_path / "b2.zip"])
    assert not any(r.changed for r in settings_only.reports)
    assert settings_only.settings_changed and settings_only.changes_anything
