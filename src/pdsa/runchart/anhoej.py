"""Run-chart analysis: the Anhøj rules exactly as qicharts2 0.8.1 computes them, plus the IHI rules.

``analyze()`` reproduces every field of qicharts2's own outputs
(``tests/data/runchart-qicharts2.json``); docs/measures.md ("The rules, exactly") states the
rules. Point numbers are 1-based along the whole series, missing values included, as in
qicharts2. Pure functions in the standard library; from ``VECTOR_MIN`` points on, the same
analysis runs vectorised in :mod:`pdsa.runchart.anhoej_np` when NumPy is installed. The IHI
pieces live in :mod:`pdsa.runchart.ihi`, the result types in :mod:`pdsa.runchart.results`; both
are re-exported here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from itertools import pairwise

from pdsa.runchart.ihi import (
    SHIFT_MIN,
    TREND_MIN,
    Direction,
    IhiResult,
    Run,
    Side,
    Trend,
    find_trends,
    ihi_result,
    ihi_runs_limits,
)
from pdsa.runchart.results import (
    Analysis,
    AnhoejResult,
    PhaseAnalysis,
    crossings_min,
    longest_run_max,
)

__all__ = [
    "SHIFT_MIN",
    "TREND_MIN",
    "Analysis",
    "AnhoejResult",
    "Direction",
    "IhiResult",
    "PhaseAnalysis",
    "Run",
    "Side",
    "Trend",
    "analyze",
    "crossings_min",
    "ihi_runs_limits",
    "longest_run_max",
]

# From this many points on, the analysis runs vectorised when NumPy is installed: below it the
# pure-Python pass is as quick, and its results hold plain tuples.
VECTOR_MIN = 20_000
_LONG_RUN_FLOOR = 4  # longest_run_max(n) >= 4 for every n >= 2, so shorter runs never signal


# --- Analysis ----------------------------------------------------------------------------------


def analyze(
    values: Sequence[float | None],
    *,
    freeze: int | None = None,
    parts: Sequence[int] | None = None,
    exclude: Sequence[int] | None = None,
    centre: float | Sequence[float] | None = None,
) -> Analysis:
    """Run-chart analysis of ``values`` (None or NaN = missing) with qicharts2's semantics.

    ``freeze``: the median comes from points 1..freeze and the rules run over the whole series.
    ``parts``: the last point of each phase but the final one; values outside 1..n-1 are dropped
    and, as in qicharts2, a non-empty ``parts`` makes ``freeze`` ignored. ``exclude``: points left
    out of both the median and every rule. ``centre``: a fixed centre line instead of the median,
    a scalar or one value per point.
    """
    n = len(values)
    if parts:
        freeze = None  # qicharts2 sets freeze to Inf whenever part is given
        cuts = sorted({p for p in parts if 0 < p < n})
    else:
        cuts = []
    if freeze is not None and freeze < 1:
        raise ValueError(f"freeze must be a point number >= 1, got {freeze}")
    excluded = frozenset(exclude or ())
    fixed = _centre_points(centre, n)
    if n >= VECTOR_MIN and (vectorised := _vectorised()) is not None:
        return vectorised(values, cuts=cuts, freeze=freeze, excluded=excluded, fixed=fixed)
    # NaN counts as missing (it is not equal to itself).
    ys = tuple(None if v is None or (f := float(v)) != f else f for v in values)
    bounds = [0, *cuts, n] if n else []
    centre_line: list[float | None] = []
    phases: list[PhaseAnalysis] = []
    for number, (lo, hi) in enumerate(pairwise(bounds), start=1):
        kept: Sequence[int] = (
            [i for i in range(lo, hi) if i + 1 not in excluded] if excluded else range(lo, hi)
        )
        if fixed is None:
            base_end = hi if freeze is None else min(freeze, hi)
            cl = _median([y for i in kept if i < base_end and (y := ys[i]) is not None])
            phase_cl: list[float | None] = [cl] * (hi - lo)
            phase_centre = cl
        else:
            base_end = hi
            phase_cl = [*fixed[lo:hi]]
            phase_centre = phase_cl[0] if len(set(phase_cl)) == 1 else None
        centre_line.extend(phase_cl)
        points = [i + 1 for i in kept if ys[i] is not None]
        anhoej, ihi = _analyze_phase(points, ys, centre_line, len(kept), phase_centre)
        phases.append(PhaseAnalysis(number, lo + 1, hi, phase_centre, base_end, anhoej, ihi))
    return Analysis(ys, centre_line, excluded, phases)


def _vectorised() -> Callable[..., Analysis] | None:
    """The NumPy analysis, or None when NumPy is not installed (it comes with the charts extra)."""
    try:
        from pdsa.runchart.anhoej_np import analyze_array
    except ImportError:
        return None
    return analyze_array


def _centre_points(centre: float | Sequence[float] | None, n: int) -> list[float] | None:
    if centre is None:
        return None
    if isinstance(centre, int | float):
        cs = [float(centre)] * n
    else:
        if len(centre) != n:
            raise ValueError(f"centre has {len(centre)} values for {n} points")
        cs = [float(c) for c in centre]
    if any(math.isnan(c) for c in cs):
        raise ValueError("centre values must be numbers, not NaN")
    return cs


def _median(xs: list[float]) -> float | None:
    """R's median: the mean of the two middle values for an even count."""
    if not xs:
        return None
    xs.sort()
    half = len(xs) // 2
    if len(xs) % 2:
        return xs[half]
    a, b = xs[half - 1], xs[half]
    mid = (a + b) / 2
    if mid != mid:
        return None  # inf and -inf in the middle: there is no centre to judge runs about
    return a / 2 + b / 2 if math.isinf(mid) and math.isfinite(a) and math.isfinite(b) else mid


def _analyze_phase(
    points: list[int],
    ys: Sequence[float | None],
    centre_line: list[float | None],
    n_obs: int,
    centre: float | None,
) -> tuple[AnhoejResult, IhiResult]:
    """Both rule sets over the included, non-missing ``points`` of one phase."""
    runs: list[tuple[int, int, int, int]] = []  # (side, start, end, length) of 4+ point runs
    n_runs = n_useful = longest = 0
    side = start = end = length = 0
    for p in points:
        y, c = ys[p - 1], centre_line[p - 1]
        assert y is not None
        if c is None or y == c:
            continue  # on the centre line: neither breaks nor extends a run
        s = 1 if y > c else -1
        n_useful += 1
        if s == side:
            length += 1
            end = p
            continue
        if length >= _LONG_RUN_FLOOR:
            runs.append((side, start, end, length))
        longest = max(longest, length)
        n_runs += 1
        side, start, end, length = s, p, p, 1
    if length >= _LONG_RUN_FLOOR:
        runs.append((side, start, end, length))
    longest = max(longest, length)
    long_candidates = [Run(a, b, k, "above" if s > 0 else "below") for s, a, b, k in runs]

    if n_useful:
        run_max, cross_min = longest_run_max(n_useful), crossings_min(n_useful)
        anhoej = AnhoejResult(
            median=centre,
            n_obs=n_obs,
            n_useful=n_useful,
            longest_run=longest,
            longest_run_max=run_max,
            n_crossings=n_runs - 1,
            n_crossings_min=cross_min,
            runs_signal=longest > run_max or n_runs - 1 < cross_min,
            long_runs=tuple(r for r in long_candidates if r.n_points > run_max),
        )
    else:
        anhoej = AnhoejResult(centre, n_obs, 0, None, None, None, None, False, ())

    shifts = tuple(r for r in long_candidates if r.n_points >= SHIFT_MIN)
    return anhoej, ihi_result(centre, n_useful, n_runs, shifts, find_trends(points, ys))
