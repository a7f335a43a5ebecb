"""Slow work off the UI thread, reporting back on it: the window never freezes.

``Job(work)`` runs ``work(progress)`` on a background thread. ``work`` gets a
``workshop.export.common.Progress``: calling ``progress.step(done, total)`` reports progress
and raises ``Cancelled`` once the person has cancelled. The outcome comes back as a signal on
the UI thread – ``succeeded(result)``, ``failed(error)`` or ``cancelled()``, then always
``finished()`` – and the receiver does the store write there, through the session.

``work`` must not touch widgets, item models or the window's store (whose SQLite
connection belongs to the UI thread): it gets plain values in and returns plain values. A
job that writes hands its operation to the workshop's single writer, the same one the
session uses (``session.writer.call(op)`` blocks only the job's thread until the commit),
or returns values that the receiver writes through the session.

The thread is a Python thread rather than a QRunnable: Python then owns the work and every
object it refers to until it ends, so closing a page or a workshop while a job runs can
never free something under the running work (a QRunnable's Python side can be collected
while Qt still holds the C++ side). Signals cross back to the UI thread queued, as Qt does
for any emission from another thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from workshop.export.common import Cancelled, Progress

log = logging.getLogger(__name__)

PROGRESS_INTERVAL = 0.05  # seconds between progress reports: often enough to look live
_OK, _FAILED, _CANCELLED = "ok", "failed", "cancelled"


class _Relay(QObject):
    """Lives on the UI thread; the worker thread emits on it (queued to the UI thread)."""

    progressed = Signal(int, int)
    ended = Signal(str, object)


class Job(QObject):
    """One piece of background work. Keep a reference until ``finished``."""

    progress = Signal(int, int)  # done, total
    succeeded = Signal(object)  # what ``work`` returned
    failed = Signal(object)  # the exception (a WorkshopError has a message for people)
    cancelled = Signal()
    finished = Signal()  # after exactly one of the three above

    def __init__(self, work: Callable[[Progress], Any], parent: QObject | None = None,
                 *, name: str = "workshop-job") -> None:
        super().__init__(parent)
        self._work = work
        self._name = name
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None
        self._running = False
        self._relay = _Relay()
        self._relay.progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._relay.ended.connect(self._on_ended, Qt.ConnectionType.QueuedConnection)

    @property
    def running(self) -> bool:
        """Started and its outcome not yet delivered."""
        return self._running

    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def start(self) -> Job:
        if self._thread is not None:
            raise RuntimeError("a job runs once")
        self._running = True
        self._thread = threading.Thread(
            target=_run, args=(self._work, self._relay, self._cancel), name=self._name,
            daemon=True,  # leaving the app never waits for work whose result nobody wants
        )
        self._thread.start()
        return self

    def cancel(self) -> None:
        """Ask the work to stop. Also decides a race: work that ends after this call is
        reported as cancelled even if it completed, so the caller never gets a result it
        has already given up on."""
        self._cancel.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the thread ends (for shutdown and tests); True if it did."""
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _on_progress(self, done: int, total: int) -> None:
        if self._running:
            self.progress.emit(done, total)

    def _on_ended(self, outcome: str, payload: object) -> None:
        self._running = False
        if outcome == _OK and not self._cancel.is_set():
            self.succeeded.emit(payload)
        elif outcome == _FAILED:
            self.failed.emit(payload)
        else:
            self.cancelled.emit()
        self.finished.emit()


def _run(work: Callable[[Progress], Any], relay: _Relay, cancel: threading.Event) -> None:
    last = 0.0

    def report(done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if done >= total or now - last >= PROGRESS_INTERVAL:
            last = now
            relay.progressed.emit(done, total)

    try:
        result = work(Progress(report=report, is_cancelled=cancel.is_set))
    except Cancelled:
        relay.ended.emit(_CANCELLED, None)
    except Exception as error:  # reported to the UI thread, which tells the person
        log.exception("background job failed")
        relay.ended.emit(_FAILED, error)
    else:
        relay.ended.emit(_OK, result)


class JobProgress(QWidget):
    """A quiet row under the work area: "Preparing photos… 2 of 5", a bar and Cancel.

    Follows any number of jobs at once and hides itself when the last one ends.
    """

    def __init__(self, tr: Callable[[str], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tr = tr
        self._jobs: dict[Job, tuple[int, int]] = {}
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setMaximumWidth(320)
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel_all)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self._text = ""
        self.hide()

    def follow(self, job: Job, text: str, total: int = 0) -> None:
        """Show ``job``'s progress under ``text`` (e.g. "Preparing photos…")."""
        self._text = text
        self.bar.setAccessibleName(text)
        self.cancel_button.setAccessibleName(f"{self._tr('Cancel')}: {text}")
        self._jobs[job] = (0, total)
        # Bound methods, not lambdas: Qt drops the connections if this row goes first.
        job.progress.connect(self._update)
        job.finished.connect(self._forget)
        self._refresh()
        self.show()

    def cancel_all(self) -> None:
        for job in list(self._jobs):
            job.cancel()

    def _update(self, done: int, total: int) -> None:
        job = self.sender()
        if job in self._jobs:
            self._jobs[job] = (done, total)
            self._refresh()

    def _forget(self) -> None:
        self._jobs.pop(self.sender(), None)
        if self._jobs:
            self._refresh()
        else:
            self.hide()

    def _refresh(self) -> None:
        done = sum(d for d, _ in self._jobs.values())
        total = sum(t for _, t in self._jobs.values())
        self.bar.setRange(0, max(total, 1) if total else 0)  # 0..0 = busy, no count yet
        self.bar.setValue(done)
        count = self._tr("{done} of {total}").format(done=done, total=total) if total else ""
        self.label.setText(f"{self._text}  {count}".strip())

