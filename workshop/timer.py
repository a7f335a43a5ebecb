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


def reset_item(state: TimerState) -> TimerState:
    return dataclasses.replace(state, elapsed_before=0.0, started_at=None, extra=0)


def format_remaining(seconds: float) -> str:
    """"12:05" while time is left, "−0:42" once over (a real minus sign, readable at a distance)."""
    whole = int(seconds) if seconds >= 0 else -int(-seconds + 0.999)
    sign = "−" if whole < 0 else ""
    minutes, secs = divmod(abs(whole), 60)
    return f"{sign}{minutes}:{secs:02d}"
