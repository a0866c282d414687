"""Time pdsa.runchart.analyze() on 100,000 points against a bare pure-Python floor.

Run: ``.venv/bin/python benchmarks/bench_runchart.py``. Prints figures; asserts nothing.
The floor is what any pure-Python run-chart analysis must at least do: ``statistics.median``
plus one pass over the data counting the runs about it.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable

from pdsa.runchart import analyze, crossings_min, ihi_runs_limits, longest_run_max

N = 100_000
REPEAT = 5


def best_of(fn: Callable[[], object], repeat: int = REPEAT) -> float:
    """Best wall time of ``repeat`` calls, in seconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def floor(values: list[float]) -> tuple[float, int, int]:
    """Median, then a single pass counting runs and the longest one."""
    median = statistics.median(values)
    runs = longest = length = 0
    side = 0
    for y in values:
        s = (y > median) - (y < median)
        if not s:
            continue
        if s == side:
            length += 1
        else:
            runs += 1
            side, length = s, 1
        longest = max(longest, length)
    return median, runs, longest


def clear_caches() -> None:
    for f in (longest_run_max, crossings_min, ihi_runs_limits):
        f.cache_clear()


def main() -> None:
    rng = random.Random(20240601)
    values = [round(rng.gauss(50, 10), 1) for _ in range(N)]
    third = N // 3
    parts = [third, 2 * third]

    clear_caches()
    t0 = time.perf_counter()
    analyze(values)
    cold = time.perf_counter() - t0

    base = best_of(lambda: floor(values))
    single = best_of(lambda: analyze(values))
    phased = best_of(lambda: analyze(values, parts=parts))
    frozen = best_of(lambda: analyze(values, freeze=N // 2, exclude=range(1, N, 97)))

    def limits() -> None:
        clear_caches()
        for n in (third, N - 2 * third, N):
            crossings_min(n), ihi_runs_limits(n)

    limit_time = best_of(limits)

    print(f"run-chart analysis, {N:,} points, best of {REPEAT}")
    print(f"  floor (statistics.median + one pass)   {base * 1000:8.1f} ms")
    print(
        f"  analyze(), 1 phase                     {single * 1000:8.1f} ms   x{single / base:.2f}"
    )
    print(
        f"  analyze(), 3 phases                    {phased * 1000:8.1f} ms   x{phased / base:.2f}"
    )
    print(
        f"  analyze(), freeze + 1% excluded        {frozen * 1000:8.1f} ms   x{frozen / base:.2f}"
    )
    print(f"  analyze(), 1 phase, cold limit caches  {cold * 1000:8.1f} ms")
    print(f"  limits for n = {third:,} / {N:,}, uncached  {limit_time * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
