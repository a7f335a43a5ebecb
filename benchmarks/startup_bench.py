"""Cold start: from launching Python to the main window shown, against a bare PySide6 window.

Every start is a fresh interpreter (this one's ``sys.executable``) on the offscreen platform,
so imports, fonts, settings and translations are paid each time, as a facilitator pays
them. "Cold" means a new process: the operating system's file cache stays warm (emptying it
needs root), so the first start of each side is run and thrown away, and the two sides are
then measured alternately, so that machine noise hits both alike.

- **App:** a small driver runs the real ``workshop`` command without arguments
  (``workshop.cli.main([])``, what the installed launcher calls) – everything it does, in
  its order – with one change made from outside: when the application object is created
  it queues a zero-time timer, which fires once ``show()`` has returned and the event loop
  has processed what was pending (the first paint). It then says so and the process ends
  at once (teardown is not part of starting). Nothing in the product knows about this.
  What the app does only after its first paint – importing, one module per event-loop
  turn, what an open workshop needs (``workshop.ui.later``) – is therefore not measured
  here; opening a workshop pays for whatever of it has not run yet.
- **Floor:** a bare ``QApplication`` + ``QMainWindow`` of the same size, shown, with the same
  timer and the same way out.

The time is taken by this process, from just before spawning the child to reading its
line. Target: the median app start ≤ 1.5× the median floor.

Both sides run with compiled modules, as an installed app does: the children get their
own ``PYTHONPYCACHEPREFIX`` (in the benchmark's folder, so the repository is not touched)
and never ``PYTHONDONTWRITEBYTECODE``, which would make every start compile the app's
modules from source again (~10 ms on the development VM); the thrown-away first start of
each side writes the cache.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.pairs import alternate
from benchmarks.store_bench import Result

ROOT = Path(__file__).resolve().parent.parent
SHOWN = "shown"

_DONE = f"""
def _done():
    app.processEvents()
    sys.stdout.write("{SHOWN}\\n")
    sys.stdout.flush()
    os._exit(0)
"""

APP_DRIVER = f"""
import os, sys
from PySide6.QtCore import QTimer
import workshop.ui.app as workshop_app
{_DONE}
_create_app = workshop_app.create_app
def _create_app_then_stop(*args, **kwargs):
    global app
    app = _create_app(*args, **kwargs)
    QTimer.singleShot(0, _done)
    return app
workshop_app.create_app = _create_app_then_stop
from workshop.cli import main
main([])
sys.exit("the main window was never shown")
"""

FLOOR_DRIVER = f"""
import os, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
{_DONE}
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 800)
window.show()
QTimer.singleShot(0, _done)
app.exec()
sys.exit("the window was never shown")
"""


def _start_once(driver: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", driver], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = child.stdout.readline().strip()
    elapsed = time.perf_counter() - started
    _, errors = child.communicate(timeout=60)
    if line != SHOWN or child.returncode != 0:
        raise RuntimeError(f"start failed (exit {child.returncode}): {errors.strip()[-2000:]}")
    return elapsed


def bench_startup(folder: Path, runs: int) -> list[Result]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        PYTHONPYCACHEPREFIX=str(folder / "startup-pycache"),
        QT_QPA_PLATFORM="offscreen",  # the same on any machine, with or without a screen
        WORKSHOP_CONFIG_DIR=str(folder / "startup-config"),  # fresh settings, not the user's
        WORKSHOP_LANG="ja",  # the most common case: Japanese, with Qt's own translations
    )
    for driver in (APP_DRIVER, FLOOR_DRIVER):  # warm the file cache and the .pyc files
        _start_once(driver, env)
    app_times, floor_times = alternate(
        runs, lambda: _start_once(APP_DRIVER, env) * 1000,
        lambda: _start_once(FLOOR_DRIVER, env) * 1000)
    median, median_floor = statistics.median(app_times), statistics.median(floor_times)
    details = {
        "runs": runs,
        "app_ms": {"best": min(app_times), "median": median, "worst": max(app_times)},
        "floor_ms": {"best": min(floor_times), "median": median_floor,
                     "worst": max(floor_times)},
    }
    name = "cold start to main window shown"
    return [
        Result(name, "best", min(app_times), min(floor_times), "", None, details),
        Result(name, "median", median, median_floor, "≤ 1.5× floor",
               median <= 1.5 * median_floor, details),
    ]


def run(folder: Path, *, quick: bool) -> list[Result]:
    return bench_startup(folder, runs=3 if quick else 15)
