"""The four Making Data Count rules, vectorised, with R's three-valued logic.

NHSRplotthedots evaluates its rules in R, where a comparison with a missing value is NA, and NA
spreads through ``&``, ``|`` and ``all()``/``any()`` by Kleene's rules (FALSE & NA is FALSE,
TRUE | NA is TRUE, else NA). A logical here is a float array: 1.0, 0.0 or NaN for NA, so a
missing value flags exactly the points R flags (``spc-rules.md``, "Missing values").

Per rebase group (``ptd_calculate_point_type.R``):

- seven points in a row on the same side of the mean (a point on the mean breaks the run);
- seven points in a row each strictly above (or below) the one before, 6 equal-signed steps;
- two of three points in a row close to the limits, all three on one side of the mean (only
  the close points are flagged);
- and, separately, a point outside the limits.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from pdsa.errors import AnalysisError
from pdsa.runchart.rmath import Floats

RUN = 7  # points in a run on one side of the mean, or in a trend


def both(a: Floats, b: Floats) -> Floats:
    """R's ``a & b``."""
    out = np.where(np.isnan(a) | np.isnan(b), np.nan, 1.0)
    out[(a == 0) | (b == 0)] = 0.0
    return out


def either(a: Floats, b: Floats) -> Floats:
    """R's ``a | b``."""
    out = np.where(np.isnan(a) | np.isnan(b), np.nan, 0.0)
    out[(a == 1) | (b == 1)] = 1.0
    return out


def negate(a: Floats) -> Floats:
    """R's ``!a``."""
    return 1.0 - a


def compare(result: np.ndarray[tuple[int], np.dtype[np.bool_]], *operands: Floats) -> Floats:
    """A comparison's result, NA where any operand is missing."""
    out = result.astype(np.float64)
    for operand in operands:
        out[np.isnan(operand)] = np.nan
    return out


def seven_point_one_side_mean(side: Floats) -> Floats:
    """1 where this point and the 6 before it are on the same side (padded with 0 = on the mean)."""
    padded = np.r_[np.zeros(RUN - 1), side]
    n = side.size
    out = compare(side != 0, side)
    for k in range(1, RUN):
        before = padded[RUN - 1 - k : RUN - 1 - k + n]
        out = both(out, compare(side == before, side, before))
    return out


def part_of_seven(flags: Floats) -> Floats:
    """1 where this point or one of the next 6 ends a seven-point pattern (it is in one)."""
    padded = np.r_[flags, np.zeros(RUN - 1)]
    n = flags.size
    out = np.zeros(n)
    for k in range(RUN):
        ahead = padded[k : k + n]
        out = either(out, compare(np.abs(ahead) == 1, ahead))
    return out


def seven_point_trend(y: Floats) -> Floats:
    """1 or -1 at the last point of 7 strictly rising or falling points, else 0.

    A window whose known steps all share a sign but which has a missing one makes R's
    ``if (all(d == 1))`` fail; NHSRplotthedots then stops, and so do we.
    """
    n = y.size
    out = np.zeros(n)
    if n < RUN:
        return out
    steps = sliding_window_view(np.sign(np.diff(y)), RUN - 1)
    missing = np.isnan(steps)
    up = ((steps == 1) | missing).all(axis=1)
    down = ((steps == -1) | missing).all(axis=1)
    broken = missing.any(axis=1) & (up | down)
    if broken.any():
        at = int(np.flatnonzero(broken)[0]) + RUN
        raise AnalysisError(
            f"point {at} of its rebase group: a missing value inside a 7-point trend window "
            "makes the trend rule undecidable (NHSRplotthedots stops here too)",
            hint="fill in or remove the missing value",
        )
    out[RUN - 1 :] = np.where(up, 1.0, np.where(down, -1.0, 0.0))
    return out


def two_in_three(close: Floats, side: Floats) -> Floats:
    """1 where a window of 3 around the point has >= 2 close points, all 3 on one side."""
    n = close.size
    if n == 0:
        return np.zeros(0)
    vp = np.r_[0.0, 0.0, close, 0.0, 0.0]
    sp = np.r_[0.0, 0.0, side, 0.0, 0.0]
    closes = sliding_window_view(vp, 3).sum(axis=1)  # NaN when a window holds a missing value
    sides = np.abs(sliding_window_view(sp, 3).sum(axis=1))
    window = both(compare(closes >= 2, closes), compare(sides == 3, sides))
    return either(either(window[:n], window[1 : n + 1]), window[2 : n + 2])


def part_of_two_in_three(flags: Floats, close: Floats) -> Floats:
    """Only the close points of a two-in-three pattern are flagged."""
    return both(compare(flags == 1, flags), compare(np.abs(close) == 1, close))


def special_cause_rules(
    y: Floats, side: Floats, close: Floats, outside: Floats
) -> dict[str, Floats]:
    """Every rule's column for one rebase group, and ``special_cause_flag``, their OR."""
    one_side = seven_point_one_side_mean(side)
    trend = seven_point_trend(y)
    pairs = two_in_three(close, side)
    rules = {
        "seven_point_one_side_mean": one_side,
        "part_of_seven_point_one_side_mean": part_of_seven(one_side),
        "seven_point_trend": trend,
        "part_of_seven_point_trend": part_of_seven(trend),
        "two_in_three": pairs,
        "part_of_two_in_three": part_of_two_in_three(pairs, close),
    }
    flag = compare(outside == 1, outside)
    for name in ("part_of_seven_point_one_side_mean", "part_of_seven_point_trend"):
        flag = either(flag, compare(np.abs(rules[name]) == 1, rules[name]))
    part_two = rules["part_of_two_in_three"]
    rules["special_cause_flag"] = either(flag, compare(part_two == 1, part_two))
    return rules
