"""The spreadsheets' CSV (``workshop.export.common.csv_utf8``) against plain ``csv.writer``,
and the hand-written writer it replaced.

The rows are shaped as the ideas sheet of a merged event (``spreadsheets.ideas_table``): a
number, prompt, team and cluster names, a Japanese title and details (some with commas,
quotes, line breaks, emoji, and text that starts like a formula: = + - @ and their
full-width forms), two rounds' dots and ranks, empty cells, and an id – at the demo's 28
ideas, 2,000 and 20,000.

- **Measured:** ``csv_utf8(rows, ",", "\\r\\n", neutralise_formulas=True)``, the call
  ``spreadsheets.csv_bytes`` makes (``csv.writer`` since issue 13).
- **Floor:** ``csv.writer`` (lineterminator CRLF) over the same rows with each text cell
  neutralised by ``spreadsheets.neutralised``, writing into a UTF-8 ``io.TextIOWrapper``
  over ``io.BytesIO``. Target: ≤ 1.1× the floor (the writer adds nothing of its own).
- **For information:** the hand-written writer ``csv_utf8`` was until issue 13 (its
  docstring claimed 2× over ``csv.writer``), so that the choice can be checked again on
  another machine or Python: on Python 3.11 it was 1.25–1.4× faster than the shipped
  writer, 34 against 43 ms at 20,000 ideas – too little to keep quoting rules of our own.
- All three write the same bytes (checked before timing). CPU time, alternating, after a
  warm-up, garbage collector paused; the best run of each side is compared (medians too).
"""

from __future__ import annotations

import csv
import io
import random
import statistics
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.pairs import alternate, cpu_ms
from benchmarks.store_bench import Result
from workshop.export.common import FORMULA_START, csv_utf8
from workshop.export.spreadsheets import neutralised

SIZES = (28, 2_000, 20_000)
TARGET = 1.1  # the shipped writer over the floor

_WORDS = ["駅前広場", "子どもの遊び場", "ベンチを増やす", "木陰", "夏祭り", "図書館",
          "自転車置き場", "高齢者", "バス停", "朝市", "防災訓練", "花壇", "Wi-Fi",
          "カフェ", "ゴミ箱", "夜の照明", "Square", "🌳", "、", "。", "「広場」"]
_ODD = [",", '"', "\n", "\r\n", "=", "＋", "-", "@", "'"]


def _text(rng: random.Random, words: int) -> str:
    text = "".join(rng.choice(_WORDS) for _ in range(words))
    if rng.random() < 0.15:  # about one cell in seven needs quoting or neutralising
        at = rng.randrange(len(text) + 1)
        text = text[:at] + rng.choice(_ODD) + text[at:]
    return text


def idea_rows(count: int, seed: int = 13) -> list[list[object]]:
    """A header and ``count`` rows shaped as the ideas sheet's."""
    rng = random.Random(seed)
    prompts = [_text(rng, 4) for _ in range(3)]
    teams = [f"テーブル{chr(0x41 + n)}" for n in range(12)]
    clusters = [_text(rng, 2) for _ in range(40)] + [None]
    header: list[object] = ["No.", "問い", "チーム", "まとまり", "タイトル", "詳しく",
                            "第1回: ドット", "第1回: 順位", "第2回: ドット", "第2回: 順位",
                            "統合先", "ID"]
    rows = [header]
    for number in range(1, count + 1):
        dots = rng.randrange(12)
        rows.append([
            number, rng.choice(prompts), rng.choice(teams), rng.choice(clusters),
            _text(rng, rng.randrange(1, 5)),
            _text(rng, rng.randrange(0, 20)) if rng.random() < 0.6 else "",
            dots, rng.randrange(1, count + 1) if dots else "",
            "", "", "" if rng.random() < 0.95 else _text(rng, 2),
            f"{rng.getrandbits(128):032x}"])
    return rows


def floor_csv(rows: Sequence[Sequence[object]]) -> bytes:
    """The same CSV from the standard library."""
    out = io.BytesIO()
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    csv.writer(text, lineterminator="\r\n").writerows(
        [neutralised(cell) for cell in row] for row in rows)
    text.flush()
    return out.getvalue()


def shipped_csv(rows: Sequence[Sequence[object]]) -> bytes:
    return csv_utf8(rows, ",", "\r\n", neutralise_formulas=True)


def handwritten_csv(rows: Sequence[Sequence[object]]) -> bytes:
    """The writer ``csv_utf8`` was until issue 13 (CRLF, formulas neutralised)."""
    return b"".join([(_handwritten_line(row) + "\r\n").encode("utf-8") for row in rows])


def _handwritten_line(row: Sequence[object]) -> str:
    cells = []
    for value in row:
        if type(value) is not str:
            cells.append("" if value is None else str(value))
            continue
        if value and value[0] in FORMULA_START:
            value = "'" + value
        if '"' in value:
            value = '"' + value.replace('"', '""') + '"'
        elif "," in value or "\n" in value or "\r" in value:
            value = '"' + value + '"'
        cells.append(value)
    return '""' if cells == [""] else ",".join(cells)




def _timed_per_call(write: Callable[[], bytes], repeat: int) -> Callable[[], float]:
    return lambda: cpu_ms(lambda: [write() for _ in range(repeat)]) / repeat


def _rows(name: str, times: list[float], floor: list[float], target: float | None,
          details: dict) -> list[Result]:
    best, best_floor = min(times), min(floor)
    ratio = best / best_floor if best_floor else float("inf")
    details = {**details, "ms": {"best": best, "median": statistics.median(times)},
               "floor_ms": {"best": best_floor, "median": statistics.median(floor)}}
    return [
        Result(name, "best", best, best_floor, f"≤ {target:g}× floor" if target else "",
               None if target is None else ratio <= target, details),
        Result(name, "median", statistics.median(times), statistics.median(floor), "", None,
               details),
    ]


def bench_size(count: int, runs: int) -> list[Result]:
    rows = idea_rows(count)
    written = floor_csv(rows)
    if not written == shipped_csv(rows) == handwritten_csv(rows):
        raise AssertionError("the writers wrote different bytes")
    # Each timed call repeats the work so that the demo's tiny sheet is not all clock noise.
    repeat = max(1, 20_000 // count)
    shipped, floor, handwritten = (_timed_per_call(lambda w=w: w(rows), repeat)
                                   for w in (shipped_csv, floor_csv, handwritten_csv))
    shipped(), floor(), handwritten()  # warm-up
    shipped_times, floor_times = alternate(runs, shipped, floor)
    handwritten_times, floor_again = alternate(runs, handwritten, floor)
    details = {"ideas": count, "runs": runs, "repeat": repeat, "bytes": len(written)}
    return [*_rows(f"CSV ideas sheet, {count:,} ideas (CPU)", shipped_times, floor_times,
                   TARGET, details),
            *_rows(f"  hand-written writer (retired), {count:,} ideas", handwritten_times,
                   floor_again, None, details)]


def run(folder: Path, *, quick: bool) -> list[Result]:
    del folder  # nothing is written to disk: the writer returns bytes
    runs = 3 if quick else 9
    return [result for count in SIZES for result in bench_size(count, runs)]
