"""The checks and options of :func:`pdsa.runchart.control_chart`, before any arithmetic.

Bad numbers raise :class:`~pdsa.errors.AnalysisError` naming the 1-based point and what to do;
``parts``, ``freeze`` and ``exclude`` become qicharts2's break points and row masks. The checks
look at a million points with reductions and block-sized masks, not series-long ones.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from pdsa.errors import AnalysisError
from pdsa.runchart.rmath import Bools, Floats, chunks
from pdsa.runchart.subgroups import Keys, Subgroups

COUNT_CHARTS = frozenset({"c", "p", "pp", "u", "up", "g"})
RATE_CHARTS = frozenset({"p", "pp", "u", "up"})
PROPORTION_CHARTS = frozenset({"p", "pp"})


def check_lengths(x: Any, y: Floats, n: Floats | None, parts: Any) -> None:
    """One value per row in x, y, n and per-row part labels, and at least one row."""
    for name, values in (("y", y), ("n", n)):
        if values is not None and values.ndim != 1:
            raise AnalysisError(f"{name} must be a flat list of numbers, one per row")
    sizes = {"y": y.size}
    if x is not None:
        try:
            sizes["x"] = len(x)
        except TypeError:
            raise AnalysisError("x must be a list with one value per row, or None") from None
    if n is not None:
        sizes["n"] = n.size
    if parts is not None and len(parts) and all(isinstance(p, str) for p in parts):
        sizes["parts (labels)"] = len(parts)
    if len(set(sizes.values())) > 1:
        told = ", ".join(f"{k} has {v}" for k, v in sizes.items())
        raise AnalysisError(f"lengths differ: {told}", hint="give one value per row in each")
    if y.size == 0:
        raise AnalysisError("no points to chart", hint="give at least one value")


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def _first(mask: Bools) -> int | None:
    """The first True position; the quick ``any()`` spares a million-point index array."""
    return int(np.argmax(mask)) if mask.any() else None


@dataclass(frozen=True, slots=True)
class Scan:
    """What the checking pass learnt: whether y and n have no NaN, and their totals."""

    complete: bool
    y_total: float
    n_total: float


def _total(sums: list[float]) -> float:
    return math.fsum(sums) if all(math.isfinite(v) for v in sums) else float(np.sum(sums))


def _finite(values: Floats, name: str, low: float, total: float) -> None:
    """An infinite value is an AnalysisError; a finite total (or minimum) rules one out."""
    if not math.isnan(low) and math.isfinite(total):
        return
    infinite = np.isinf(values)
    if infinite.any():  # else a missing value, or a total too large for a double
        i = int(np.argmax(infinite))
        raise AnalysisError(
            f"point {i + 1}: {name} = {values[i]} is not a finite number",
            hint="give a number, or None for a missing value",
        )


def minimum(values: Floats, name: str) -> float:
    """The smallest value, NaN if any is missing; infinity is an AnalysisError."""
    low = float(values.min())
    _finite(values, name, low, float(values.sum()))
    return low


def check_values(chart: str, y: Floats, n: Floats | None) -> Scan:
    """Reject numbers the chart cannot be computed from; rows are numbered from 1.

    One pass over y and n, block by block, gives their minima (NaN when a value is missing,
    as NumPy's min propagates it), their totals (an infinity shows there) and, for
    proportions, whether some y > n; element-wise masks are made only to find a culprit or
    when a value is missing.
    """
    y_lows, y_sums, n_lows, n_sums = [], [], [], []
    over = None
    for a, b in chunks(y.size):
        y_block = y[a:b]
        y_lows.append(float(y_block.min()))
        y_sums.append(float(y_block.sum()))
        if n is not None:
            n_block = n[a:b]
            n_lows.append(float(n_block.min()))
            n_sums.append(float(n_block.sum()))
            if over is None and chart in PROPORTION_CHARTS:
                over = None if (i := _first(y_block > n_block)) is None else a + i
    y_min, y_total = float(np.min(y_lows)), _total(y_sums)
    _finite(y, "y", y_min, y_total)
    n_min, n_total = math.inf, math.nan
    if n is not None:
        n_min, n_total = float(np.min(n_lows)), _total(n_sums)
        _finite(n, "n", n_min, n_total)
    negative = not y_min >= 0  # NaN: a missing value hides the minimum, so look at each
    if chart in COUNT_CHARTS and negative and (i := _first(y < 0)) is not None:
        raise AnalysisError(
            f"point {i + 1}: y = {_fmt(y[i])} is negative, but a {chart} chart counts events",
            hint="counts are 0 or more: fix or remove the value",
        )
    if n is None:
        if chart in RATE_CHARTS:
            raise AnalysisError(
                f"a {chart} chart needs n, the denominator of each point",
                hint="give n, or use an i chart for values without a denominator",
            )
        return Scan(not math.isnan(y_min), y_total, n_total)
    if n_min > 0:
        pass
    elif (i := _first(n < 0)) is not None or (i := _first((n == 0) & ~np.isnan(y))) is not None:
        raise AnalysisError(
            f"point {i + 1}: subgroup size n = {_fmt(n[i])}, but n must be greater than 0",
            hint="fix n, or leave both y and n empty for a missing subgroup",
        )
    if over is not None:
        raise AnalysisError(
            f"point {over + 1}: y = {_fmt(y[over])} is more than n = {_fmt(n[over])}, "
            "and a proportion cannot exceed 1",
            hint="y counts the cases among the n in the subgroup: check both",
        )
    return Scan(not (math.isnan(y_min) or math.isnan(n_min)), y_total, n_total)


def check_intervals(sg: Subgroups) -> None:
    """A t chart's subgroups (times between events) must all be greater than zero."""
    if (i := _first(sg.y <= 0)) is not None:
        raise AnalysisError(
            f"point {i + 1} (x = {sg.x[i]}): time between events = {_fmt(sg.y[i])}, "
            "but a t chart needs every interval to be greater than zero",
            hint="fix the interval, or chart counts between events with a g chart",
        )


def part_breaks(parts: Any, keys: Keys, drop: Bools | None) -> list[int]:
    """qicharts2's part break points: the number of subgroups before each new part."""
    if parts is None or len(parts) == 0:
        return []
    items = list(parts)
    if all(isinstance(p, str) for p in items):
        # part[!duplicated(x)]: the label of each distinct x's first row, in input order.
        rows = np.arange(keys.size) if drop is None else np.flatnonzero(~drop)
        _, first = np.unique(keys[rows], return_index=True)
        firsts = sorted([*rows[first].tolist(), *([] if drop is None else [_first(drop)])])
        labels = [items[i] for i in firsts]
        starts = {label: i for i, label in reversed(list(enumerate(labels)))}
        return sorted(starts.values())[1:]
    hint = "give the last point of each part, e.g. parts=[24], or one label per row"
    return [_point_number(p, "parts", hint) for p in items]


def _point_number(value: Any, option: str, hint: str) -> int:
    """A whole number (an int, or a float without a fraction), else an AnalysisError."""
    if not isinstance(value, bool):
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if number.is_integer():
            return int(number)
    raise AnalysisError(f"{option}: {value!r} is not a point number", hint=hint)


def baseline_mask(freeze: int | None, size: int) -> Bools | None:
    """``xx <= freeze``, or None when every point is in the baseline."""
    if freeze is None:
        return None
    hint = "freeze is the last point of the baseline, 1 or more"
    last = _point_number(freeze, "freeze", hint)
    if last < 1:
        raise AnalysisError(f"freeze: {freeze!r} is before the first point", hint=hint)
    return None if last >= size else np.arange(size) < last


def include_mask(exclude: Sequence[int] | None, size: int) -> Bools | None:
    """``!(xx %in% exclude)``, or None when no point is excluded (numbers out of range are
    ignored, as in qicharts2)."""
    if exclude is None or len(exclude) == 0:
        return None
    hint = "give the 1-based numbers of the points to leave out"
    numbers = [_point_number(e, "exclude", hint) for e in exclude]
    drop = [e - 1 for e in numbers if 1 <= e <= size]
    if not drop:
        return None
    include = np.ones(size, dtype=bool)
    include[drop] = False
    return include
