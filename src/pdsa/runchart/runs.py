"""The Anhøj runs analysis of one chart part, vectorised (qicharts2's ``runs.analysis``).

Same statistics as :func:`pdsa.runchart.analyze` computes point by point, but over NumPy arrays
so that a million-point control chart pays a handful of array passes for it. The critical values
come from :mod:`pdsa.runchart.anhoej`, so both paths share one definition of them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pdsa.runchart.anhoej import crossings_min, longest_run_max
from pdsa.runchart.rmath import Floats


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
    above = y > cl
    useful = above | (y < cl)
    n_useful = int(np.count_nonzero(useful))
    if n_useful == 0:
        return RunsResult(y.size, 0, None, None, None, None, False)
    sides = above if n_useful == y.size else above[useful]
    changes = np.flatnonzero(sides[1:] != sides[:-1])
    crossings = int(changes.size)
    if crossings == 0:
        longest = n_useful
    else:
        # A run ends after each change; the first and last runs are bounded by the ends.
        inner = int(np.diff(changes).max()) if crossings > 1 else 0
        longest = max(int(changes[0]) + 1, n_useful - 1 - int(changes[-1]), inner)
    run_max, cross_min = longest_run_max(n_useful), crossings_min(n_useful)
    signal = longest > run_max or crossings < cross_min
    return RunsResult(y.size, n_useful, longest, run_max, crossings, cross_min, signal)
