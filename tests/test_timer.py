"""The agenda timer as a pure state machine."""

from workshop.timer import (
    add_minute,
    format_remaining,
    new_timer,
    next_item,
    pause,
    previous_item,
    reset_item,
    resumed,
    saved_form,
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


def test_previous_item_goes_back_to_its_start_and_keeps_running():
    timer = next_item(start(new_timer([10, 5]), now=0.0), now=100.0)
    back = previous_item(timer, now=130.0)
    assert back.index == 0 and back.running and back.remaining(130.0) == 600
    assert previous_item(back, now=140.0) == back  # nothing before the first item
    finished = next_item(next_item(new_timer([10, 5]), now=0.0), now=0.0)
    assert finished.finished and previous_item(finished, now=0.0).index == 1
    paused = previous_item(next_item(new_timer([10, 5]), now=0.0), now=50.0)
    assert not paused.running and paused.remaining(999.0) == 600


def test_a_saved_running_timer_resumes_with_the_time_the_app_was_away():
    timer = add_minute(next_item(start(new_timer([10, 5]), now=1000.0), now=1060.0))
    saved = saved_form(timer, now=1090.0, wall_now=1_800_000_000.0)  # 30 s into item 2
    assert saved["elapsed"] == 30 and saved["running"]
    # the app crashed; it is back 45 s later in a new process with its own monotonic clock
    back = resumed(saved, (600, 300), now=5.0, wall_now=1_800_000_045.0)
    assert back.index == 1 and back.running and back.extra == 60
    assert back.remaining(5.0) == 300 + 60 - 75
    assert back.remaining(15.0) == 300 + 60 - 85  # and it keeps running


def test_a_saved_paused_timer_resumes_paused_and_bad_or_stale_saves_are_ignored():
    timer = pause(start(new_timer([10]), now=0.0), now=200.0)
    saved = saved_form(timer, now=500.0, wall_now=1_000.0)
    back = resumed(saved, (600,), now=0.0, wall_now=9_999.0)
    assert not back.running and back.remaining(123.0) == 400
    assert resumed(saved, (600, 300), now=0.0, wall_now=0.0) is None  # the agenda changed
    for bad in (None, {}, "x", {**saved, "index": 7}, {**saved, "elapsed": "soon"},
                {**saved, "elapsed": -5}):
        assert resumed(bad, (600,), now=0.0, wall_now=0.0) is None
    running = saved_form(start(new_timer([10]), now=0.0), now=10.0, wall_now=1_000.0)
    assert resumed(running, (600,), now=0.0, wall_now=900.0).remaining(0.0) == 590  # clock set back
