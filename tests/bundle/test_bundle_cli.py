"""The bundle commands as a person runs them: export, verify, import, import-ideas, platform."""

import json
import os
import subprocess
import sys
import zipfile

from workshop.export.snapshot import fingerprint, short_fingerprint, snapshot
from workshop.store import WorkshopStore


def run(*args, lang="en_GB.UTF-8"):
    environment = {**os.environ, "LANG": lang}
    environment.pop("LANGUAGE", None)
    environment.pop("LC_ALL", None)
    return subprocess.run([sys.executable, "-m", "workshop", *map(str, args)],
                          capture_output=True, text=True, env=environment, timeout=120)


def one_line_error(result):
    assert result.returncode == 1, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("workshop: "), result.stderr
    return lines[0]


def test_export_verify_and_import_from_the_command_line(tmp_path):
    demo, bundle = tmp_path / "demo.workshop", tmp_path / "out" / "bundle.zip"
    assert run("demo", demo, "--lang", "ja").returncode == 0
    assert run("platform", demo, "--cluster", "交通", "--category", "12").returncode == 0
    exported = run("export", demo, "--bundle", bundle, "--profile", "decidim-0.27")
    assert exported.returncode == 0, exported.stderr
    with WorkshopStore.open(demo, device_id="t", read_only=True) as store:
        data = snapshot(store)
        expected = fingerprint(data)
        records = sum(len(v) for v in data.values() if isinstance(v, list))
    with zipfile.ZipFile(bundle) as archive:
        first = json.loads(archive.read("decidim/proposals.json"))[0]
    assert list(first) == ["title/ja", "title/en", "body/ja", "body/en", "category/id"]

    verified = run("verify", bundle)
    assert verified.returncode == 0, verified.stderr
    assert expected in verified.stdout and short_fingerprint(expected) in verified.stdout

    copy = tmp_path / "copy.workshop"
    imported = run("import", bundle, "--into", copy)
    assert imported.returncode == 0, imported.stderr
    assert f"bundle.zip: {records} added, 0 updated, 0 unchanged, 0 conflicting" in \
        imported.stdout
    again = run("import", bundle, "--into", copy)
    assert f"0 added, 0 updated, {records} unchanged, 0 conflicting" in again.stdout
    info = [json.loads(run("info", path, "--json").stdout)["counts"] for path in (demo, copy)]
    assert info[0] == info[1]
    listing = run("platform", copy)
    assert "交通: category=12" in listing.stdout


def test_a_changed_bundle_fails_verification_with_one_line(tmp_path):
    demo, bundle = tmp_path / "demo.workshop", tmp_path / "bundle.zip"
    assert run("demo", demo).returncode == 0
    assert run("export", demo, "--bundle", bundle).returncode == 0
    with zipfile.ZipFile(bundle) as archive:
        files = {info.filename: archive.read(info) for info in archive.infolist()}
    files["spreadsheets/ideas.csv"] += b"1,forged\r\n"
    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(forged, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    error = one_line_error(run("verify", forged))
    assert "spreadsheets/ideas.csv" in error and "changed or damaged" in error
    japanese = one_line_error(run("verify", tmp_path / "missing.zip", lang="ja_JP.UTF-8"))
    assert "missing.zip" in japanese
    error = one_line_error(run("import", forged, "--into", tmp_path / "new.workshop"))
    assert not (tmp_path / "new.workshop").exists()


def test_import_ideas_from_the_command_line(tmp_path):
    path = tmp_path / "w.workshop"
    assert run("new", path, "--title", "取り込み", "--lang", "ja").returncode == 0
    bad = tmp_path / "bad.csv"
    bad.write_bytes("prompt;team;title\n駅前;A;ベンチ\n駅前;A;\n".encode("cp932"))
    error = one_line_error(run("import-ideas", path, bad))
    assert "line 3" in error and "bad.csv" in error
    good = tmp_path / "good.csv"
    good.write_bytes("\ufeffprompt,team,title\n駅前,A,ベンチ\n駅前,B,屋根\n".encode())
    result = run("import-ideas", path, good)
    assert result.returncode == 0, result.stderr
    assert "Added 2 ideas" in result.stdout
    assert json.loads(run("info", path, "--json").stdout)["counts"]["ideas"] == 2
