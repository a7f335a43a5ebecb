"""``python -m benchmarks [--quick] [--json] [--dir DIR]``: measure the store against its floors.

A measurement, not a test: the exit code is 0 even when a target is missed (2 only for bad
arguments); the last line says how many targets passed.
"""

from __future__ import annotations

import argparse
import json
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import (
    board_bench,
    bundle_bench,
    capture_bench,
    csv_bench,
    html_bench,
    pdf_bench,
    phones_bench,
    print_bench,
    startup_bench,
    store_bench,
    voting_bench,
    window_bench,
)
from benchmarks.store_bench import Result, filesystem_of

ROOT = Path(__file__).resolve().parent.parent
# Each suite: run(folder, quick=...) -> list[Result]. Add a new benchmark module here.
SUITES = {"store": store_bench.run_all, "capture": capture_bench.run,
          "startup": startup_bench.run, "voting": voting_bench.run, "board": board_bench.run,
          "bundle": bundle_bench.run, "pdf": pdf_bench.run, "print": print_bench.run,
          "window": window_bench.run, "html": html_bench.run,
          "csv": csv_bench.run, "phones": phones_bench.run}


def _fmt(value: float) -> str:
    """Three significant digits, without scientific notation."""
    if value == float("inf"):
        return "inf"
    if value >= 100:
        return f"{value:.0f}"
    return f"{value:#.3g}"


def _table(results: list[Result]) -> str:
    header = ("benchmark", "stat", "value ms", "floor ms", "ratio", "target", "result")
    rows = [header]
    for r in results:
        verdict = "-" if r.passed is None else ("PASS" if r.passed else "FAIL")
        rows.append((r.benchmark, r.stat, _fmt(r.value_ms), _fmt(r.floor_ms),
                     _fmt(r.ratio) + "×", r.target or "(info)", verdict))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    numeric = {2, 3, 4}
    lines = []
    for row in rows:
        cells = [cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
                 for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _rounded(value: object) -> object:
    """Floats to 4 decimals (0.1 µs when in ms), recursively, for the JSON output."""
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def _isolated(name: str, folder: Path, *, quick: bool) -> list[Result]:
    """One suite in a process of its own, as ``--only NAME --json`` prints it.

    Suites in one process disturb each other: what one leaves alive (a Qt application and
    its windows, caches, a large heap) slows the garbage collection and allocation of the
    next, and more so on whichever side of a comparison allocates more. Measured: the PDF
    report's ratio went from ~1.35× alone to ~1.6× after the other suites.
    """
    command = [sys.executable, "-m", "benchmarks", "--only", name, "--json", "--dir",
               str(folder), *(["--quick"] if quick else [])]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"benchmark suite {name} failed:\n{done.stderr[-3000:]}")
    return [Result(r["benchmark"], r["stat"], r["value_ms"], r["floor_ms"], r["target"] or "",
                   r["passed"], r["details"], r["note"] or "")
            for r in json.loads(done.stdout)["results"]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="fewer iterations (a smoke run of a few seconds)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--dir", type=Path, default=None,
                        help="where to put the temporary files (default: the system temp dir;"
                             " choose a real disk: a RAM disk has no fsync cost)")
    parser.add_argument("--only", action="append", choices=sorted(SUITES), metavar="SUITE",
                        help="run only this suite (repeatable): " + ", ".join(SUITES))
    args = parser.parse_args(argv)
    names = [name for name in SUITES if not args.only or name in args.only]

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="workshop-bench-", dir=args.dir) as tmp:
        folder = Path(tmp)
        fs = filesystem_of(folder)
        if len(names) == 1:
            results = SUITES[names[0]](folder, quick=args.quick)
        else:
            results = [r for name in names for r in _isolated(name, folder, quick=args.quick)]
    elapsed = time.perf_counter() - started

    targets = [r for r in results if r.passed is not None]
    passed = sum(bool(r.passed) for r in targets)
    environment = {
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "filesystem": fs,
        "quick": args.quick,
        "seconds": round(elapsed, 2),
    }
    summary = f"{passed} of {len(targets)} targets passed ({elapsed:.1f} s)"
    if args.json:
        json.dump(_rounded({
            "environment": environment,
            "results": [
                {"benchmark": r.benchmark, "stat": r.stat, "value_ms": r.value_ms,
                 "floor_ms": r.floor_ms, "ratio": r.ratio if r.floor_ms else None,
                 "target": r.target or None, "passed": r.passed, "details": r.details,
                 "note": r.note or None}
                for r in results
            ],
            "summary": {"passed": passed, "targets": len(targets), "text": summary},
        }), sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0

    print(f"Python {environment['python']}, SQLite {environment['sqlite']}, "
          f"{environment['platform']}, temp files on {fs or 'unknown file system'}"
          + (" (quick run)" if args.quick else ""))
    if fs in ("tmpfs", "ramfs"):
        print("warning: the temp dir is in RAM, so fsync costs nothing; use --dir on a disk")
    print()
    print(_table(results))
    notes = [r.note for r in results if r.note]
    if notes:
        print()
        print("\n".join("note: " + n for n in notes))
    print()
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
