"""Every output of one export describes one version of the data, while the workshop is
edited from another connection as the export runs (as the window does)."""

from __future__ import annotations

import dataclasses
import zipfile

from workshop.demo import create_demo
from workshop.export.batch import export_outputs, file_name
from workshop.export.bundle import read_bundle
from workshop.export.common import ExportSettings, Progress
from workshop.export.pdf.qr import qr_payload
from workshop.export.snapshot import fingerprint, short_fingerprint, snapshot
from workshop.model import Idea, Photo
from workshop.store import WorkshopStore

from .pdfcheck import flat, pdf_text, qr_codes

KEYS = ("report", "report_html", "cards", "team_sheets", "bundle")


def test_every_output_of_an_export_carries_the_same_fingerprint(tmp_path):
    path = tmp_path / "w.workshop"
    create_demo(path, lang="ja", device_id="window").close()
    settings = ExportSettings(lang="ja")
    with WorkshopStore.open(path, device_id="window") as window, \
            WorkshopStore.open(path, device_id="export", read_only=True) as export:
        window.add(Photo(caption="模造紙", data=_jpeg(), width=8, height=8))
        before = fingerprint(snapshot(export))
        ideas_before = len(export.ideas())
        edits = []

        def edit(done: int, total: int) -> None:  # the window goes on writing meanwhile
            idea = window.add(Idea(title=f"途中で追加 {len(edits)}"))
            window.update(dataclasses.replace(window.workshop(), title=f"変更後 {len(edits)}"))
            edits.append(idea)

        result = export_outputs(export, tmp_path / "out", KEYS, settings, Progress(report=edit))
        assert not result.failures
        after = fingerprint(snapshot(export))
    assert len(edits) > 10 and after != before  # the data did change during the export
    short = short_fingerprint(before)
    out = {key: tmp_path / "out" / file_name(key, settings) for key in KEYS}

    bundle = read_bundle(out["bundle"])  # checks workshop.json against the manifest
    assert bundle.fingerprint == before
    assert len(bundle.data["ideas"]) == ideas_before
    assert "変更後" not in bundle.data["workshop"][0]["title"]
    bundle.close()
    with zipfile.ZipFile(out["bundle"]) as archive:
        names = archive.namelist()
        (tmp_path / "inner.pdf").write_bytes(archive.read("report.pdf"))
        inner_html = archive.read("report.html").decode()
        proposals = [n for n in names if n.startswith("decidim/") and n.endswith(".json")]
        assert proposals
        for name in proposals:  # the platform files list the ideas of that version
            assert "途中で追加" not in archive.read(name).decode()
        assert sum(n.startswith("photos/") for n in names) == 1
    for pdf in (out["report"], out["cards"], out["team_sheets"], tmp_path / "inner.pdf"):
        assert short in flat(pdf_text(pdf, first=1, last=1)), pdf.name
        assert "途中で追加" not in pdf_text(pdf) and "変更後" not in pdf_text(pdf)
    with WorkshopStore.open(path, device_id="x", read_only=True) as store:
        payload = qr_payload(store.workshop().platform_url, before)
    assert qr_codes(out["report"], tmp_path, first=1, last=1) == {1: [payload]}
    for page in (out["report_html"].read_text(encoding="utf-8"), inner_html):
        assert short in page
        assert "途中で追加" not in page and "変更後" not in page


def test_an_export_lays_out_the_report_once_for_its_file_and_the_bundle(tmp_path,
                                                                        monkeypatch):
    from workshop.export.pdf.report import ReportDocument

    path = tmp_path / "w.workshop"
    create_demo(path, lang="en", device_id="window").close()
    settings = ExportSettings(lang="en")
    layouts = []
    write = ReportDocument.write
    monkeypatch.setattr(ReportDocument, "write",
                        lambda self, *a, **k: layouts.append(1) or write(self, *a, **k))
    with WorkshopStore.open(path, device_id="export", read_only=True) as store:
        export_outputs(store, tmp_path / "out", ("report", "report_html", "bundle"), settings)
    assert len(layouts) == 1
    out = {key: tmp_path / "out" / file_name(key, settings) for key in KEYS}
    with zipfile.ZipFile(out["bundle"]) as archive:
        assert archive.read("report.pdf") == out["report"].read_bytes()
        assert archive.read("report.html") == out["report_html"].read_bytes()


def _jpeg() -> bytes:
    import io

    from PIL import Image

    data = io.BytesIO()
    Image.new("RGB", (8, 8), "#4e79a7").save(data, "JPEG")
    return data.getvalue()
