"""Background jobs: work runs off the UI thread, outcomes come back on it, cancel is final."""

from __future__ import annotations

import threading

import pytest

from workshop.errors import InputError
from workshop.i18n import N_
from workshop.ui.workers import Job, JobProgress


def run(qtbot, job: Job) -> list[tuple[str, object]]:
    """Start ``job`` and record its signals, with the thread each arrived on."""
    seen: list[tuple[str, object]] = []
    main = threading.main_thread()
    job.progress.connect(lambda d, t: seen.append(("progress", (d, t))))
    job.succeeded.connect(lambda r: seen.append(("succeeded", r)))
    job.failed.connect(lambda e: seen.append(("failed", e)))
    job.cancelled.connect(lambda: seen.append(("cancelled", None)))
    job.finished.connect(lambda: seen.append(("finished", threading.current_thread() is main)))
    with qtbot.waitSignal(job.finished):
        job.start()
    return seen


def test_work_runs_off_the_ui_thread_and_the_result_comes_back_on_it(qtbot):
    threads = []

    def work(progress):
        threads.append(threading.current_thread())
        for n in range(3):
            progress.step(n, 3)
        progress.step(3, 3)
        return {"answer": 42}

    job = Job(work)
    seen = run(qtbot, job)
    assert threads and threads[0] is not threading.main_thread()
    assert seen[-2:] == [("succeeded", {"answer": 42}), ("finished", True)]
    assert ("progress", (3, 3)) in seen  # the last step is always reported
    assert not job.running


def test_an_error_is_reported_not_raised(qtbot):
    def work(progress):
        raise InputError("data", N_("The photo is empty."))

    seen = run(qtbot, Job(work))
    assert [name for name, _ in seen] == ["failed", "finished"]
    assert seen[0][1].render("en") == "The photo is empty."


def test_cancel_stops_the_work_at_its_next_step(qtbot):
    started, release = threading.Event(), threading.Event()
    steps = []

    def work(progress):
        started.set()
        release.wait(60)
        for n in range(100):
            progress.step(n, 100)  # raises Cancelled once cancelled
            steps.append(n)
        return "done"

    job = Job(work)
    job.finished.connect(lambda: None)
    with qtbot.waitSignal(job.cancelled):
        job.start()
        assert started.wait(60)
        job.cancel()
        release.set()
    assert steps == [] and job.is_cancelled


def test_work_that_ends_after_cancel_never_delivers_its_result(qtbot):
    """The race decided for the caller: cancelled means no result, even if it was done."""
    done = threading.Event()

    def work(progress):
        done.set()
        return "finished anyway"

    job = Job(work)
    results = []
    job.succeeded.connect(results.append)
    with qtbot.waitSignal(job.cancelled):
        job.start()
        assert done.wait(60) and job.wait(60)  # the work is over, its result still queued
        job.cancel()
    assert results == []


def test_a_job_runs_once(qtbot):
    job = Job(lambda progress: None)
    run(qtbot, job)
    with pytest.raises(RuntimeError):
        job.start()


def test_the_progress_row_sums_its_jobs_and_hides_when_they_end(qtbot):
    row = JobProgress(lambda text: text)
    qtbot.addWidget(row)
    row.show()
    gate = threading.Event()

    def work(progress):
        progress.step(1, 4)
        gate.wait(60)
        progress.step(4, 4)
        return None

    job = Job(work)
    row.follow(job, "Preparing photos…", total=4)
    assert row.isVisible() and row.label.text() == "Preparing photos…  0 of 4"
    job.start()
    qtbot.waitUntil(lambda: row.label.text() == "Preparing photos…  1 of 4")
    assert row.bar.value() == 1 and row.bar.maximum() == 4
    with qtbot.waitSignal(job.finished):
        gate.set()
    assert not row.isVisible()
    row.cancel_all()  # nothing left to cancel: harmless
