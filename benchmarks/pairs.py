"""Measuring a benchmark and its floor in the same run, alternately."""

from __future__ import annotations

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
