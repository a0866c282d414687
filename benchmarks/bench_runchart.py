"""Time pdsa.runchart.analyze() on 1,000,000 points against a bare NumPy analysis.

Run: ``.venv/bin/python benchmarks/bench_runchart.py [--points N] [--repeat R]``. Prints
figures; asserts nothing. The peer is what a short NumPy script does: the values to an array,
``np.median``, the sides of the points off the median, and one vectorised pass for the number
of runs and the longest run. Both receive the same Python list (what pdsa holds after reading a
measure file) and, in a second row, the same NumPy array. pdsa's limit caches are cleared
before every call, so each timing includes working out the limits for a new length. Calls are
interleaved, best of R and median. Target (issue 16): <= 3x the peer.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from statistics import median
from typing import Any

import numpy as np

from pdsa.runchart import analyze, crossings_min, ihi_runs_limits, longest_run_max

sys.path.insert(0, str(Path(__file__).parent))
from benchtime import Stats, record
from yamlgen import machine


def peer(values: Any) -> tuple[float, int, int]:
    """NumPy median, then one vectorised pass counting runs and the longest one."""
    y = np.asarray(values, dtype=np.float64)
    y = y[~np.isnan(y)]
    median = float(np.median(y))
    sides = np.sign(y - median)
    sides = sides[sides != 0]
    starts = np.flatnonzero(np.r_[True, sides[1:] != sides[:-1]])
    lengths = np.diff(np.r_[starts, sides.size])
    return median, int(starts.size), int(lengths.max())


def ours(values: Any, **options: Any) -> Callable[[], object]:
    def run() -> object:
        for f in (longest_run_max, crossings_min, ihi_runs_limits):
            f.cache_clear()
        return analyze(values, **options)

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--summary", type=Path, metavar="FILE", help="append a summary row")
    args = parser.parse_args()
    n = args.points
    rng = random.Random(20240601)
    values = [round(rng.gauss(50, 10), 1) for _ in range(n)]
    array = np.array(values)
    third = n // 3

    rows: list[tuple[str, Callable[[], object], Callable[[], object]]] = [
        ("list, 1 phase", ours(values), lambda: peer(values)),
        ("array, 1 phase", ours(array), lambda: peer(array)),
        ("list, 3 phases", ours(values, parts=[third, 2 * third]), lambda: peer(values)),
        (
            "list, freeze + 1% excluded",
            ours(values, freeze=n // 2, exclude=range(1, n, 97)),
            lambda: peer(values),
        ),
    ]
    # Best and median wall and CPU time of each; CPU time is the steadier figure on a shared
    # machine (other processes' load is not in it). NumPy runs these passes on one thread.
    times: dict[str, list[list[float]]] = {name: [[], [], [], []] for name, _, _ in rows}
    for _ in range(args.repeat):
        for name, mine, theirs in rows:
            for k, fn in enumerate((mine, theirs)):
                t0, c0 = time.perf_counter(), time.process_time()
                fn()
                wall, cpu = time.perf_counter() - t0, time.process_time() - c0
                times[name][k].append(wall)
                times[name][k + 2].append(cpu)

    def of(t: list[list[float]], k: int) -> Stats:
        wall, cpu = t[k], t[k + 2]
        return Stats(min(wall), median(wall), min(cpu), median(cpu), len(wall))

    print(machine("numpy"))
    print(f"run-chart analysis, {n:,} points, best of {args.repeat} and median, interleaved")
    head = f"  {'input / options':28} {'pdsa':>10} {'NumPy peer':>11} {'ratio':>7} {'median':>7}"
    print(head + "   (CPU time, best)")
    for name, t in times.items():
        a, b = of(t, 0), of(t, 1)
        print(
            f"  {name:28} {a.best * 1000:8.1f} ms {b.best * 1000:8.1f} ms {a.best / b.best:6.2f}x"
            f" {a.median / b.median:6.2f}x   {a.cpu_best * 1000:8.1f} ms "
            f"{b.cpu_best * 1000:8.1f} ms {a.cpu_best / b.cpu_best:6.2f}x"
        )
    name = rows[0][0]
    record(
        args.summary,
        f"run-chart analysis, {n:,} points ({name})",
        *(of(times[name], k) for k in (0, 1)),
        3.0,
    )


if __name__ == "__main__":
    main()
