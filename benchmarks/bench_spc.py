"""Time pdsa.runchart.control_chart() on 1,000,000 points against a bare NumPy computation.

Run: ``.venv/bin/python benchmarks/bench_spc.py [--points N] [--repeat R]``. Prints figures;
asserts nothing. Target (issue 12): an i chart and a p chart each within 2x of the bare peer.

The peer computes only the centre line and limits, the way a short NumPy script would:

- i chart: the mean, the mean moving range, Nelson's screening (moving ranges >= 3.267 x their
  mean dropped once), and cl -/+ 3 sigma as three numbers;
- p chart: the pooled proportion, per-point 3-sigma limits clipped to [0, 1].

``control_chart`` also returns the 2-sigma limits (qicharts2's ``lcl.95``/``ucl.95``), so each
peer is timed twice: with the 3-sigma limits only (the strict comparison) and with all four
limit columns (the same limits ``control_chart`` returns).

``control_chart`` does all of qicharts2's work on top: input checks, subgroup ordering, the
2-sigma limits, R's rounding of the centre line, the 3-sigma signals, the Anhøj runs analysis
and every output column. Both get NumPy arrays (fixed seed); the timings are interleaved, best
of R.
"""

from __future__ import annotations

import argparse
import platform
import time
from collections.abc import Callable

import numpy as np

from pdsa.runchart import control_chart

Floats = np.ndarray[tuple[int], np.dtype[np.float64]]


def bare_i(y: Floats) -> tuple[float, float, float]:
    cl = float(y.mean())
    mr = np.abs(np.diff(y))
    amr = mr.mean()
    amr = mr[mr < 3.267 * amr].mean()
    sigma = float(amr) / 1.128
    return cl, cl - 3 * sigma, cl + 3 * sigma


def bare_p(y: Floats, n: Floats) -> tuple[float, Floats, Floats]:
    cl = float(y.sum() / n.sum())
    sigma = np.sqrt(cl * (1 - cl) / n)
    return cl, np.maximum(cl - 3 * sigma, 0.0), np.minimum(cl + 3 * sigma, 1.0)


def bare_i_all(y: Floats) -> tuple[float, ...]:
    cl, lcl, ucl = bare_i(y)
    sigma = (ucl - cl) / 3
    return cl, lcl, ucl, cl - 2 * sigma, cl + 2 * sigma


def bare_p_all(y: Floats, n: Floats) -> tuple[float, Floats, Floats, Floats, Floats]:
    cl = float(y.sum() / n.sum())
    sigma = np.sqrt(cl * (1 - cl) / n)
    return (
        cl,
        np.maximum(cl - 3 * sigma, 0.0),
        np.minimum(cl + 3 * sigma, 1.0),
        np.maximum(cl - 2 * sigma, 0.0),
        np.minimum(cl + 2 * sigma, 1.0),
    )


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """Wall time and this process's CPU time of one call, in seconds."""
    w0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w0, time.process_time() - c0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    size = args.points

    rng = np.random.default_rng(20241128)
    x = np.arange(1, size + 1)
    y_i = np.round(rng.normal(50.0, 10.0, size), 1)
    n_p = rng.integers(50, 500, size).astype(np.float64)
    y_p = rng.binomial(n_p.astype(np.int64), 0.2).astype(np.float64)

    # Same numbers first: the comparison is only fair if both compute the same lines.
    cl, lcl, ucl = bare_i(y_i)
    got = control_chart("i", x, y_i)["points"]
    assert np.isclose(got["cl"][0], cl) and np.isclose(got["lcl"][0], lcl)
    assert np.isclose(got["ucl"][0], ucl)
    cl_p, lcl_p, ucl_p, lcl_p2, ucl_p2 = bare_p_all(y_p, n_p)
    got = control_chart("p", x, y_p, n_p)["points"]
    assert np.isclose(got["cl"][0], cl_p) and np.allclose(got["lcl"], lcl_p)
    assert np.allclose(got["ucl"], ucl_p) and np.allclose(got["lcl_95"], lcl_p2)
    assert np.allclose(got["ucl_95"], ucl_p2)

    jobs: dict[str, Callable[[], object]] = {
        "i: bare, 3-sigma": lambda: bare_i(y_i),
        "i: bare, all limits": lambda: bare_i_all(y_i),
        "i: control_chart": lambda: control_chart("i", x, y_i),
        "p: bare, 3-sigma": lambda: bare_p(y_p, n_p),
        "p: bare, all limits": lambda: bare_p_all(y_p, n_p),
        "p: control_chart": lambda: control_chart("p", x, y_p, n_p),
    }
    wall = dict.fromkeys(jobs, float("inf"))
    cpu = dict.fromkeys(jobs, float("inf"))
    for _ in range(args.repeat):
        for name, job in jobs.items():
            w, c = timed(job)
            wall[name], cpu[name] = min(wall[name], w), min(cpu[name], c)

    print(f"control charts, {size:,} points, best of {args.repeat} (interleaved)")
    print(f"  numpy {np.__version__}, Python {platform.python_version()}, {platform.machine()}")
    print(f"  {'':<22} {'wall':>8}    {'CPU':>8}")
    for name in jobs:
        print(f"  {name:<22} {wall[name] * 1000:8.2f} ms {cpu[name] * 1000:8.2f} ms")
    # CPU time is the steadier figure on a shared machine (other processes' load is not in it).
    for chart in ("i", "p"):
        for label, best in (("wall", wall), ("CPU", cpu)):
            ours = best[f"{chart}: control_chart"]
            strict = ours / best[f"{chart}: bare, 3-sigma"]
            same = ours / best[f"{chart}: bare, all limits"]
            print(
                f"  {chart} chart, {label:<4}: control_chart / bare = {strict:.2f}x "
                f"(3-sigma only), {same:.2f}x (same four limits); target <= 2x"
            )


if __name__ == "__main__":
    main()
