"""``workshop export`` with the PDF outputs, run as a person runs it; cancelling any writer."""

import os
import subprocess
import sys

import pytest
from pypdf import PdfReader

from workshop.demo import create_demo
from workshop.export.cards import write_cards
from workshop.export.common import Cancelled, ExportSettings, Progress
from workshop.export.report import write_report
from workshop.export.sheets import write_tally_sheets, write_team_sheets
from workshop.model import Note, NoteKind, Workshop
from workshop.store import WorkshopStore

from .pdfcheck import flat, fonts, pdf_text, qr_codes


def run(*args):
    environment = {**os.environ, "LANG": "en_GB.UTF-8"}
    environment.pop("LANGUAGE", None)
    environment.pop("LC_ALL", None)
    return subprocess.run([sys.executable, "-m", "workshop", *map(str, args)],
                          capture_output=True, text=True, env=environment, timeout=180)


def test_export_writes_every_pdf_in_english_on_letter_public(tmp_path):
    workshop = tmp_path / "demo.workshop"
    with create_demo(workshop, lang="ja", device_id="test") as store:
        store.add(Note(kind=NoteKind.NOTE, text="内部メモ：予算は未確定", internal=True))
    out = {name: tmp_path / "out" / f"{name}.pdf" for name in ("report", "cards", "sheets",
                                                                "tally")}
    result = run("export", workshop, "--pdf", out["report"], "--cards", out["cards"],
                 "--sheets", out["sheets"], "--tally-sheets", out["tally"],
                 "--lang", "en", "--paper", "letter", "--public")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    for path in out.values():
        assert f"Wrote {path}" in result.stdout
        reader = PdfReader(path)
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (612, 792), path
        assert reader.trailer["/Root"]["/Lang"] == "en"
        assert all(fonts(path).values())
    report = flat(pdf_text(out["report"]))
    # English labels around the workshop's Japanese content.
    assert "Vote: 第1回 ドット投票（紙のシール）" in report and "Public version" in report
    assert "第1回 ドット投票（紙のシール）" in report and "木陰のベンチで本が読める広場" in report
    assert "内部メモ" not in report
    sheets = flat(pdf_text(out["sheets"]))
    assert "A テーブル" in sheets and "Our ideas" in sheets
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "cards.pdf", "report.pdf", "sheets.pdf", "tally.pdf"]


def test_export_prints_a_warning_for_characters_it_cannot_draw(tmp_path):
    workshop = tmp_path / "w.workshop"
    WorkshopStore.create(workshop, Workshop(title="𠮷野町の広場 🌳"), device_id="t").close()
    result = run("export", workshop, "--pdf", tmp_path / "report.pdf")
    assert result.returncode == 0, result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("workshop: report.pdf: 2 different characters")
    assert "𠮷 (U+20BB7)" in line and "🌳 (U+1F333)" in line
    assert "□野町の広場 □" in flat(pdf_text(tmp_path / "report.pdf"))


@pytest.mark.parametrize("write", [write_report, write_cards, write_team_sheets,
                                   write_tally_sheets])
def test_a_cancelled_export_leaves_no_file(tmp_path, demo_en, write):
    steps = []

    def cancelled() -> bool:
        steps.append(1)
        return len(steps) > 2  # after the export has started laying out pages

    path = tmp_path / "out.pdf"
    with pytest.raises(Cancelled):
        write(demo_en, path, ExportSettings(lang="en"), Progress(is_cancelled=cancelled))
    assert list(tmp_path.iterdir()) == []
    assert len(steps) > 2


def test_verify_checks_a_printouts_qr_code_against_the_bundle(tmp_path):
    workshop = tmp_path / "demo.workshop"
    create_demo(workshop, lang="ja", device_id="test").close()
    report, bundle = tmp_path / "report.pdf", tmp_path / "bundle.zip"
    assert run("export", workshop, "--pdf", report, "--bundle", bundle).returncode == 0
    (scanned,) = qr_codes(report, tmp_path, first=1, last=1)[1]
    checked = run("verify", bundle, "--code", scanned)
    assert checked.returncode == 0, checked.stderr
    assert "The printout's code names this bundle's data." in checked.stdout
    short = scanned.rsplit("=", 1)[1]
    assert run("verify", bundle, "--code", short).returncode == 0
    # A printout of other data, and a text with no fingerprint: one line each, exit 1.
    other = run("verify", bundle, "--code", "workshop-data=0000-0000-0000-0000")
    assert other.returncode == 1
    assert other.stderr.count("\n") == 1 and "does not name this bundle" in other.stderr
    nothing = run("verify", bundle, "--code", "https://example.org/")
    assert nothing.returncode == 1 and "There is no data fingerprint" in nothing.stderr
