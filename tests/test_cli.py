"""The command line, run as a person runs it: a separate process, exit codes, one-line errors."""

import json
import os
import subprocess
import sys

import pytest

from workshop.model import Idea, Note, Tally, Team, VoteRound
from workshop.store import SCHEMA_VERSION, WorkshopStore


def run(*args, lang="en_GB.UTF-8", **env):
    environment = {**os.environ, "LANG": lang, **env}
    environment.pop("LANGUAGE", None)
    environment.pop("LC_ALL", None)
    return subprocess.run([sys.executable, "-m", "workshop", *map(str, args)],
                          capture_output=True, text=True, env=environment, timeout=120)


def assert_one_line_error(result, code=1):
    assert result.returncode == code, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("workshop: "), result.stderr
    return lines[0]


def test_demo_info_and_check(tmp_path):
    path = tmp_path / "demo.workshop"
    result = run("demo", path, "--lang", "ja")
    assert result.returncode == 0, result.stderr
    info = run("info", path, "--json")
    assert info.returncode == 0, info.stderr
    data = json.loads(info.stdout)
    assert data["title"] == "みなと市 駅前広場の未来を考える市民ワークショップ"
    assert data["languages"] == ["ja", "en"]
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["counts"] == {
        "prompts": 2, "teams": 7, "agenda_items": 7, "ideas": 28, "clusters": 7,
        "vote_rounds": 1, "ballots": 0, "tallies": 14, "notes": 5, "photos": 0,
    }
    text = run("info", path)
    assert "Ideas" in text.stdout and "28" in text.stdout
    check = run("check", path)
    assert check.returncode == 0 and "OK" in check.stdout


def test_the_demo_holds_the_whole_scenario(tmp_path):
    path = tmp_path / "demo.workshop"
    assert run("demo", path, "--lang", "en").returncode == 0
    with WorkshopStore.open(path, device_id="t") as store:
        workshop = store.workshop()
        assert workshop.title.startswith("Minato City")
        assert workshop.attendees == 38 and workshop.languages == ("en", "ja")
        ideas = store.ideas()
        assert all(i.cluster_id and i.team_id and i.prompt_id and i.details for i in ideas)
        assert {t.name for t in store.list(Team)} >= {"Table A", "Table F (high-school students)"}
        (vote_round,) = store.list(VoteRound)
        assert vote_round.status == "closed" and vote_round.paper_voters == 36
        assert (vote_round.dots_per_voter, vote_round.max_dots_per_idea) == (3, 1)
        tallies = store.list(Tally)
        assert sum(t.dots for t in tallies) == 107
        assert {t.candidate_id for t in tallies} <= set(vote_round.candidate_ids)
        top = sorted(tallies, key=lambda t: -t.dots)[:2]
        assert [t.dots for t in top] == [13, 13]  # the scenario's tie at the top
        assert {store.get(Idea, t.candidate_id).title for t in top} == {
            "A square with shaded benches for reading", "Shaded benches for older people"}
        assert {n.kind for n in store.list(Note)} == {"note", "decision", "action", "question"}


def test_new_creates_an_empty_workshop(tmp_path):
    path = tmp_path / "new.workshop"
    result = run("new", path, "--title", "  駅前 𠮷 ワークショップ ", "--lang", "ja")
    assert result.returncode == 0, result.stderr
    data = json.loads(run("info", path, "--json").stdout)
    assert data["title"] == "駅前 𠮷 ワークショップ"
    assert data["languages"] == ["ja"]
    assert set(data["counts"].values()) == {0}


def test_details_shows_and_sets_what_the_report_says(tmp_path):
    path = tmp_path / "new.workshop"
    assert run("new", path, "--title", "駅前ワークショップ").returncode == 0
    result = run("details", path, "--co-organiser", "まちづくり協議会", "--run-by", "NPO",
                 "--contact", "都市計画課\n045-000-0000", "--era-dates", "yes")
    assert result.returncode == 0, result.stderr
    assert "Co-organiser: まちづくり協議会" in result.stdout
    assert "Contact: 都市計画課\n    045-000-0000" in result.stdout
    with WorkshopStore.open(path, device_id="t", read_only=True) as store:
        w = store.workshop()
        assert (w.co_organiser, w.facilitators, w.era_dates) == ("まちづくり協議会", "NPO", True)
    shown = run("details", path)  # without options: only shows
    assert "Run by: NPO" in shown.stdout and "Japanese era: yes" in shown.stdout
    too_long = run("details", path, "--co-organiser", "x" * 301)
    assert too_long.returncode == 1 and "too long" in too_long.stderr


@pytest.mark.parametrize("args", [
    ("new", "{tmp}/x.workshop", "--title", "   "),
    ("info", "{tmp}/missing.workshop"),
    ("check", "{tmp}/missing.workshop"),
    ("info", "{tmp}/plain.txt"),
    ("demo", "{tmp}/plain.txt"),
])
def test_errors_are_one_human_line_and_non_zero(tmp_path, args):
    (tmp_path / "plain.txt").write_text("not a workshop")
    error = assert_one_line_error(run(*(a.format(tmp=tmp_path) for a in args)))
    assert "Traceback" not in error
    assert not (tmp_path / "x.workshop").exists()


def test_usage_errors_exit_2_with_one_line(tmp_path):
    assert_one_line_error(run("new", tmp_path / "x.workshop"), code=2)  # --title missing
    assert_one_line_error(run("demo", tmp_path / "x.workshop", "--lang", "fr"), code=2)
    assert_one_line_error(run("frobnicate", "now"), code=2)


def test_errors_are_in_the_readers_language(tmp_path):
    english = assert_one_line_error(run("info", tmp_path / "missing.workshop"))
    japanese = assert_one_line_error(run("info", tmp_path / "missing.workshop", lang="ja_JP.UTF-8"))
    assert "There is no workshop file" in english
    assert japanese != english and str(tmp_path) in japanese


def test_a_workshop_open_elsewhere_is_reported(tmp_path):
    path = tmp_path / "w.workshop"
    assert run("demo", path).returncode == 0
    with WorkshopStore.open(path, device_id="gui"):
        # read-only commands still work while the window has the workshop open
        assert run("info", path).returncode == 0
        assert run("check", path).returncode == 0


def test_restore_and_backups_commands(tmp_path):
    path = tmp_path / "w.workshop"
    assert run("demo", path).returncode == 0
    WorkshopStore.open(path, device_id="t").close()  # opening leaves a backup
    listing = run("backups", path)
    assert listing.returncode == 0 and "open" in listing.stdout
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(size // 2)
        handle.write(b"\xff" * 4096)
    damaged = assert_one_line_error(run("check", path))
    assert "damaged" in damaged and "workshop restore" in damaged
    restored = run("restore", path)
    assert restored.returncode == 0, restored.stderr
    assert run("check", path).returncode == 0
    assert json.loads(run("info", path, "--json").stdout)["counts"]["ideas"] == 28


def test_without_a_command_the_window_starts(tmp_path):
    """``workshop`` opens the window (offscreen here) and keeps running until closed."""
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen([sys.executable, "-m", "workshop"], env=environment,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            process.wait(timeout=6)  # still running: the event loop is up
    finally:
        process.kill()
        _, stderr = process.communicate()
    assert "Traceback" not in stderr


def test_the_window_with_a_missing_file_fails_clearly_not_with_a_traceback(tmp_path):
    result = run(tmp_path / "missing.workshop", "extra-argument")
    assert_one_line_error(result, code=2)


def test_export_keeps_going_when_one_output_fails(tmp_path):
    path = tmp_path / "new.workshop"
    assert run("new", path, "--title", "Roundless").returncode == 0
    outputs = {name: tmp_path / f"{name}.pdf" for name in ("report", "tally", "cards")}
    result = run("export", path, "--pdf", outputs["report"], "--tally-sheets", outputs["tally"],
                 "--cards", outputs["cards"])
    assert result.returncode == 1
    errors = result.stderr.strip().splitlines()
    assert errors[0].startswith("workshop: There is no vote round with candidates")
    assert errors[-1] == ("workshop: 1 of 3 outputs was not written (above); the others "
                          "were.")
    assert outputs["report"].read_bytes().startswith(b"%PDF")
    assert outputs["cards"].read_bytes().startswith(b"%PDF")
    assert not outputs["tally"].exists()
    assert f"Wrote {outputs['cards']}" in result.stdout


def test_public_with_a_bundle_says_what_it_means_before_writing(tmp_path):
    path = tmp_path / "demo.workshop"
    assert run("demo", path).returncode == 0
    pdf, bundle = tmp_path / "r.pdf", tmp_path / "b.zip"
    line = assert_one_line_error(run("export", path, "--pdf", pdf, "--bundle", bundle,
                                     "--public"))
    assert "a data bundle is never public" in line and "without --public" in line
    assert not pdf.exists() and not bundle.exists()


def test_counts_read_with_real_plurals(tmp_path):
    path = tmp_path / "demo.workshop"
    assert run("new", path, "--title", "Plurals").returncode == 0
    sheet = tmp_path / "one.csv"
    sheet.write_text("title\nOne idea\n", encoding="utf-8")
    added = run("import-ideas", path, sheet)
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("Added 1 idea;")
    sheet.write_text("title\nOne\nTwo\n", encoding="utf-8")
    assert run("import-ideas", path, sheet).stdout.startswith("Added 2 ideas;")


def test_export_says_plainly_when_no_output_was_written(tmp_path):
    path = tmp_path / "new.workshop"
    assert run("new", path, "--title", "Roundless").returncode == 0
    (tmp_path / "a-file").write_text("not a folder")
    result = run("export", path, "--tally-sheets", tmp_path / "a.pdf",
                 "--pdf", tmp_path / "a-file" / "b.pdf")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "workshop: None of the 2 outputs was written (above).")


def _damage_table(path, table):
    """Overwrite the first page of ``table``'s rows, as a failing USB stick might."""
    import sqlite3

    with sqlite3.connect(path) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                            (table,)).fetchone()[0]
    conn.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xff" * page_size)


@pytest.mark.parametrize("backup", [False, True])
def test_info_on_a_damaged_file_is_one_line(tmp_path, backup):
    """info reads without the full integrity check: damage it meets is still one line."""
    path = tmp_path / "w.workshop"
    assert run("demo", path).returncode == 0
    if backup:
        WorkshopStore.open(path, device_id="t").close()  # opening leaves a backup
    _damage_table(path, "ideas")
    for args in (("info", path), ("info", path, "--json")):
        error = assert_one_line_error(run(*args))
        assert "damaged" in error and ("workshop restore" in error) == backup
    assert_one_line_error(run("check", path))


def test_a_damage_report_over_several_lines_is_one_line():
    """SQLite 3.46 (Debian 13) reports "*** in database main ***" on a line of its own."""
    from workshop.errors import DamagedFileError

    error = DamagedFileError("w.workshop", None,
                             "*** in database main ***\nTree 27 page 27: error code 11")
    assert "\n" not in error.render("en") and "main *** Tree 27" in error.render("en")
