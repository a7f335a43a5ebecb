"""The agenda timer: a pure state machine over the agenda's timeboxes.

Time comes in from outside (``now``, in monotonic seconds), so the window, the projector
and the tests all see the same state; nothing here sleeps or ticks.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass(frozen=True)
class TimerState:
    durations: tuple[int, ...]  # seconds per agenda item
    index: int = 0
    elapsed_before: float = 0.0  # seconds run before the current start (pauses)
    started_at: float | None = None  # monotonic time of the last start; None = paused
    extra: int = 0  # seconds added with "+1 minute" to the current item

    @property
    def running(self) -> bool:
        return self.started_at is not None

    @property
    def finished(self) -> bool:
        """Past the last agenda item."""
        return self.index >= len(self.durations)

    def elapsed(self, now: float) -> float:
        running = now - self.started_at if self.started_at is not None else 0.0
        return self.elapsed_before + running

    def remaining(self, now: float) -> float:
        """Seconds left in the current item; negative once it has run over."""
        if self.finished:
            return 0.0
        return self.durations[self.index] + self.extra - self.elapsed(now)

    def over(self, now: float) -> bool:
        return not self.finished and self.remaining(now) <= 0


def new_timer(minutes: list[int]) -> TimerState:
    return TimerState(tuple(m * 60 for m in minutes))


def start(state: TimerState, now: float) -> TimerState:
    if state.running or state.finished:
        return state
    return dataclasses.replace(state, started_at=now)


def pause(state: TimerState, now: float) -> TimerState:
    if not state.running:
        return state
    return dataclasses.replace(state, elapsed_before=state.elapsed(now), started_at=None)


def add_minute(state: TimerState) -> TimerState:
    return dataclasses.replace(state, extra=state.extra + 60)


def next_item(state: TimerState, now: float) -> TimerState:
    """Move to the next agenda item; the timer keeps running if it was running."""
    if state.finished:
        return state
    return dataclasses.replace(
        state, index=state.index + 1, elapsed_before=0.0, extra=0,
        started_at=now if state.running else None,
    )


def previous_item(state: TimerState, now: float) -> TimerState:
    """Back to the previous agenda item (a "next" pressed by mistake, or the group went
    back), from its start; the timer keeps running if it was running."""
    if state.index == 0:
        return state
    return dataclasses.replace(
        state, index=min(state.index, len(state.durations)) - 1, elapsed_before=0.0, extra=0,
        started_at=now if state.running else None,
    )


def reset_item(state: TimerState) -> TimerState:
    return dataclasses.replace(state, elapsed_before=0.0, started_at=None, extra=0)


def format_remaining(seconds: float) -> str:
    """"12:05" while time is left, "−0:42" once over (a real minus sign, readable at a distance)."""
    whole = int(seconds) if seconds >= 0 else -int(-seconds + 0.999)
    sign = "−" if whole < 0 else ""
    minutes, secs = divmod(abs(whole), 60)
    return f"{sign}{minutes}:{secs:02d}"


# ----------------------------------------------------------------- saving and resuming
# The timer is the room's clock: after a crash, a restart or a closed laptop lid it must
# carry on where the room is, not start the item again. Monotonic time does not survive the
# process, so what is saved is the elapsed time at a wall-clock moment.


def saved_form(state: TimerState, now: float, wall_now: float) -> dict[str, object]:
    """What to keep of the timer (JSON-ready): item, elapsed seconds at ``wall_now`` (Unix
    time), whether it runs, the added minutes, and the agenda it belongs to."""
    return {"index": state.index, "elapsed": round(state.elapsed(now), 3),
            "running": state.running, "extra": state.extra, "saved_at": wall_now,
            "durations": list(state.durations)}


def resumed(saved: object, durations: tuple[int, ...], now: float,
            wall_now: float) -> TimerState | None:
    """The timer saved by ``saved_form``, carried on to ``now``: a running timer counts
    the time the app was away. None when nothing usable was saved or the agenda has
    changed since (its timeboxes are what the saved item and times mean)."""
    try:
        if saved["durations"] != list(durations):  # type: ignore[index]
            return None
        index, extra = int(saved["index"]), int(saved["extra"])  # type: ignore[index]
        elapsed, saved_at = float(saved["elapsed"]), float(saved["saved_at"])  # type: ignore[index]
        running = bool(saved["running"])  # type: ignore[index]
    except (TypeError, KeyError, ValueError):
        return None
    if not 0 <= index <= len(durations) or elapsed < 0 or extra < 0:
        return None
    if running:  # the room went on while the app was away; a clock set back adds nothing
        elapsed += max(0.0, wall_now - saved_at)
    return TimerState(durations, index=index, elapsed_before=0.0 if running else elapsed,
                      started_at=now - elapsed if running else None, extra=extra)
