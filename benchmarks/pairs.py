"""Measuring a benchmark and its floor in the same run, alternately."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def alternate(runs: int, first: Callable[[], T],
              second: Callable[[], T]) -> tuple[list[T], list[T]]:
    """Each measurement ``runs`` times, swapping which goes first every run, so that noise
    from the machine (other processes, cache flushes) hits both sides alike."""
    results: tuple[list[T], list[T]] = ([], [])
    for run in range(runs):
        order = [(first, results[0]), (second, results[1])]
        if run % 2:
            order.reverse()
        for measure, out in order:
            out.append(measure())
    return results


def cpu_ms(work: Callable[[], object]) -> float:
    """CPU milliseconds of this process for ``work()``, with the garbage collector held
    off (a collection landing in one side only would be noise, not a difference)."""
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        work()
        return (time.process_time() - start) * 1000
    finally:
        gc.enable()
