"""The agenda timer as a pure state machine."""

from workshop.timer import (
    add_minute,
    format_remaining,
    new_timer,
    next_item,
    pause,
    reset_item,
    start,
)


def test_runs_pauses_and_resumes():
    timer = start(new_timer([10, 5]), now=100.0)
    assert timer.remaining(160.0) == 540
    timer = pause(timer, now=160.0)
    assert timer.remaining(1000.0) == 540  # paused: time does not pass
    timer = start(timer, now=1000.0)
    assert timer.remaining(1030.0) == 510


def test_plus_one_minute_next_item_and_over():
    timer = start(new_timer([1, 5]), now=0.0)
    assert not timer.over(59.0) and timer.over(60.0)
    assert format_remaining(timer.remaining(75.0)) == "−0:15"
    timer = add_minute(timer)
    assert timer.remaining(75.0) == 45 and not timer.over(75.0)
    timer = next_item(timer, now=80.0)
    assert timer.index == 1 and timer.running and timer.remaining(80.0) == 300
    timer = next_item(timer, now=90.0)
    assert timer.finished and timer.remaining(90.0) == 0 and not timer.over(90.0)


def test_reset_and_formatting():
    timer = reset_item(start(new_timer([20]), now=0.0))
    assert not timer.running and timer.remaining(500.0) == 1200
    assert format_remaining(1200) == "20:00"
    assert format_remaining(61.5) == "1:01"
    assert format_remaining(-61) == "−1:01"
