"""How records are declared: dataclasses with field metadata, or msgspec Structs?

Measured before choosing (issue 13): 20,000 stored rows of ideas (no field to convert) and
20,000 of notes (an enum and a flag to convert), each turned into records and checked
against the input rules, three ways:

- **floor**: the rows as tuples, each text field's length read and compared with its limit
  (what any loader must at least do);
- **dataclasses**: ``workshop.fields.decoder`` then ``workshop.rules.validated``, the
  project's own path (text cleaned and measured, ranges, choices);
- **msgspec**: ``msgspec.convert`` of the rows into ``array_like`` Structs declaring the
  same types and limits (checked in C), then the text rules msgspec has no word for (NFC,
  control characters, surrounding space, "must not be empty" once cleaned), in Python.

Decoding alone (no rules) is measured too. Timed in CPU time, garbage collector paused,
best of several runs with the order rotated each run. msgspec is not a dependency of the
app: ``pip install msgspec`` in the .venv first, else its rows are left out.

    .venv/bin/python -m benchmarks.records_choice [--quick]
"""

from __future__ import annotations

import argparse
import gc
import time
import uuid
from collections.abc import Callable
from typing import Annotated, Any

from benchmarks.store_bench import Result
from workshop.fields import decoder
from workshop.model import Idea, Note, NoteKind, utc_now
from workshop.rules import LIMITS, validated
from workshop.text import clean_text

ROWS = 20_000
_TITLES = ("公園に木陰のベンチ", "駅前に駐輪場を増やす", "夜道を明るく", "子どもの遊び場",
           "図書館の開館時間を延ばす")


def idea_rows(n: int) -> list[tuple]:
    now = utc_now()
    return [(str(uuid.uuid4()), now, now, "bench", None, _TITLES[i % 5] + f" {i}",
             "詳しくは付箋の裏に" if i % 3 else "", "p1", "t1", None, None, i % 50)
            for i in range(n)]


def note_rows(n: int) -> list[tuple]:
    now = utc_now()
    kinds = [k.value for k in NoteKind]
    return [(str(uuid.uuid4()), now, now, "bench", None, kinds[i % 4], _TITLES[i % 5],
             "t1" if i % 2 else None, None, None, i % 2) for i in range(n)]


def floor_ideas(rows: list[tuple]) -> int:
    title, details = LIMITS["idea_title"], LIMITS["idea_details"]
    bad = 0
    for row in rows:
        if not row[5] or len(row[5]) > title or len(row[6]) > details:
            bad += 1
    return bad


def floor_notes(rows: list[tuple]) -> int:
    kinds, limit = {k.value for k in NoteKind}, LIMITS["note"]
    return sum(1 for row in rows if row[5] not in kinds or not row[6] or len(row[6]) > limit)


def dataclass_paths(rows: list[tuple], cls: type) -> tuple[Callable, Callable]:
    decode = decoder(cls)
    return (lambda: [decode(row) for row in rows],
            lambda: [validated(decode(row)) for row in rows])


def _msgspec_structs() -> tuple[Any, type, type] | None:
    """msgspec and Structs declaring the idea's and the note's types and limits."""
    try:
        import msgspec
    except ImportError:
        return None

    def text(limit: int, least: int = 0) -> Any:
        return Annotated[str, msgspec.Meta(min_length=least, max_length=limit)]

    common = [("id", str), ("created_at", str), ("updated_at", str), ("device_id", str),
              ("deleted_at", str | None)]
    idea = msgspec.defstruct("IdeaStruct", [
        *common, ("title", text(LIMITS["idea_title"], 1)),
        ("details", text(LIMITS["idea_details"])), ("prompt_id", str | None),
        ("team_id", str | None), ("cluster_id", str | None), ("merged_into_id", str | None),
        ("position", int)], array_like=True)
    note = msgspec.defstruct("NoteStruct", [
        *common, ("kind", NoteKind), ("text", text(LIMITS["note"], 1)),
        ("team_id", str | None), ("prompt_id", str | None), ("idea_id", str | None),
        ("internal", bool)], array_like=True)
    return msgspec, idea, note


def msgspec_paths(ideas: list[tuple], notes: list[tuple]) -> dict[str, Callable] | None:
    found = _msgspec_structs()
    if found is None:
        return None
    msgspec, IdeaStruct, NoteStruct = found

    def ideas_checked() -> list:
        records = msgspec.convert(ideas, list[IdeaStruct], strict=False)
        for r in records:  # what msgspec cannot say: cleaned text, not empty once cleaned
            r.title = clean_text(r.title)
            r.details = clean_text(r.details, multiline=True)
            if not r.title:
                raise ValueError("empty title")
        return records

    def notes_checked() -> list:
        records = msgspec.convert(notes, list[NoteStruct], strict=False)
        for r in records:
            r.text = clean_text(r.text, multiline=True)
            if not r.text:
                raise ValueError("empty note")
        return records

    return {
        "ideas decode": lambda: [IdeaStruct(*row) for row in ideas],
        "ideas decode+validate": ideas_checked,
        "notes decode": lambda: msgspec.convert(notes, list[NoteStruct], strict=False),
        "notes decode+validate": notes_checked,
    }


def _cpu_ms(work: Callable[[], object]) -> float:
    gc.collect()
    gc.disable()
    try:
        started = time.process_time()
        work()
        return (time.process_time() - started) * 1000
    finally:
        gc.enable()


def _best(candidates: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """Best CPU ms of each, the order rotated every run so that noise hits all alike."""
    names = list(candidates)
    times: dict[str, list[float]] = {name: [] for name in names}
    for run in range(runs):
        for name in names[run % len(names):] + names[:run % len(names)]:
            times[name].append(_cpu_ms(candidates[name]))
    return {name: min(samples) for name, samples in times.items()}


def run(rows: int = ROWS, runs: int = 7) -> list[Result]:
    ideas, notes = idea_rows(rows), note_rows(rows)
    idea_decode, idea_validate = dataclass_paths(ideas, Idea)
    note_decode, note_validate = dataclass_paths(notes, Note)
    candidates: dict[str, Callable[[], object]] = {
        "floor ideas": lambda: floor_ideas(ideas), "floor notes": lambda: floor_notes(notes),
        "dataclasses ideas decode": idea_decode,
        "dataclasses ideas decode+validate": idea_validate,
        "dataclasses notes decode": note_decode,
        "dataclasses notes decode+validate": note_validate,
    }
    fast = msgspec_paths(ideas, notes)
    candidates.update({f"msgspec {k}": v for k, v in (fast or {}).items()})
    best = _best(candidates, runs)
    results = []
    for name, ms in best.items():
        if name.startswith("floor"):
            continue
        floor = best["floor ideas" if " ideas " in f" {name} " else "floor notes"]
        results.append(Result(f"{rows:,} rows: {name}", "best", ms, floor, "", None))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.records_choice")
    parser.add_argument("--quick", action="store_true", help="2,000 rows, 3 runs")
    args = parser.parse_args()
    results = run(2_000, 3) if args.quick else run()
    width = max(len(r.benchmark) for r in results)
    print(f"{'records':<{width}}  {'CPU ms':>8}  {'floor ms':>8}  {'ratio':>6}")
    for r in results:
        print(f"{r.benchmark:<{width}}  {r.value_ms:8.1f}  {r.floor_ms:8.2f}  {r.ratio:5.1f}×")


if __name__ == "__main__":
    main()
