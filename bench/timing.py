"""Timing for the benchmarks: every run of a call, in milliseconds, fastest first.

The best run is the code's own time; the median shows how much the machine (shared,
with stretches at half speed) got in the way.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def runs_ms(fn: Callable[[], Any], runs: int, clock: Callable[[], float] = time.perf_counter) -> list[float]:
    """`runs` calls of fn timed by `clock` (wall clock by default; time.process_time for CPU)."""
    times = []
    for _ in range(max(1, runs)):
        start = clock()
        fn()
        times.append((clock() - start) * 1000)
    return sorted(times)


def best(fn: Callable[[], Any], runs: int, clock: Callable[[], float] = time.perf_counter) -> float:
    """The fastest of `runs` calls, in ms."""
    return runs_ms(fn, runs, clock)[0]


def best_and_median(fn: Callable[[], Any], runs: int,
                    clock: Callable[[], float] = time.perf_counter) -> tuple[float, float]:
    times = runs_ms(fn, runs, clock)
    return times[0], times[len(times) // 2]
