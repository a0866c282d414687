"""The Anhøj runs analysis of one chart part, vectorised (qicharts2's ``runs.analysis``).

Same statistics as :func:`pdsa.runchart.analyze` computes point by point, but over NumPy arrays
so that a million-point control chart pays a few array passes for it, block by block (see
:data:`~pdsa.runchart.rmath.CHUNK`) with the run in progress carried across blocks. The critical
values come from :mod:`pdsa.runchart.anhoej`, so both paths share one definition of them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pdsa.runchart.anhoej import crossings_min, longest_run_max
from pdsa.runchart.rmath import Floats, chunks


@dataclass(frozen=True, slots=True)
class RunsResult:
    """Runs statistics of one part; the four statistics are None when no point is useful."""

    n_obs: int
    n_useful: int
    longest_run: int | None
    longest_run_max: int | None
    n_crossings: int | None
    n_crossings_min: int | None
    runs_signal: bool


def runs_analysis(y: Floats, cl: float) -> RunsResult:
    """Runs of the included points ``y`` (NaN = missing) about the centre line ``cl``.

    A point exactly on the centre line, or missing, is not useful: it is dropped before the runs
    are formed, so it neither breaks nor extends a run. ``n_obs`` counts every included point.
    Comparing ``y > cl`` rather than the sign of ``y - cl`` gives the same answer (a difference
    of two doubles is zero only when they are equal) without a subtraction pass.
    """
    useful = crossings = longest = current = 0
    last_side: bool | None = None  # side of the last useful point so far (True = above)
    for a, b in chunks(y.size):
        above = y[a:b] > cl
        below = y[a:b] < cl
        n_above = int(np.count_nonzero(above))
        count = n_above + int(np.count_nonzero(below))
        if count == 0:
            continue
        sides = above if count == b - a else above[above | below]
        useful += count
        changes = np.flatnonzero(sides[1:] != sides[:-1])
        # The block's first run continues the run in progress, or ends it with a crossing.
        head = int(changes[0]) + 1 if changes.size else count
        if last_side is None or bool(sides[0]) != last_side:
            crossings += last_side is not None
            longest, current = max(longest, current), head
        else:
            current += head
        if changes.size:
            inner = int(np.diff(changes).max()) if changes.size > 1 else 0
            longest = max(longest, current, inner)
            crossings += changes.size
            current = count - 1 - int(changes[-1])
        last_side = bool(sides[-1])
    longest = max(longest, current)
    if useful == 0:
        return RunsResult(y.size, 0, None, None, None, None, False)
    run_max, cross_min = longest_run_max(useful), crossings_min(useful)
    signal = longest > run_max or crossings < cross_min
    return RunsResult(y.size, useful, longest, run_max, crossings, cross_min, signal)
