"""Shewhart control charts exactly as qicharts2 0.8.1 computes them: :func:`control_chart`.

The pipeline of ``qic(..., return.data = TRUE)``: subgroups (:mod:`.subgroups`), parts,
baseline and exclusions, the chart's centre line and limits per part (:mod:`.sigma`), the Anhøj
runs analysis against that centre line (:mod:`.runs`), then ``multiply``, non-finite limits to
NaN, the 3-sigma signals and the optional ``y_neg`` clamp, in that order. Every step is a NumPy
array operation, so a chart of a million points costs a few dozen array passes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

import numpy as np
import numpy.typing as npt

from pdsa.errors import AnalysisError
from pdsa.runchart.rmath import Bools, Floats
from pdsa.runchart.runs import RunsResult, runs_analysis
from pdsa.runchart.sigma import CHARTS, Limit, Lines, Part
from pdsa.runchart.subgroups import Keys, Subgroups, aggregate, as_floats, x_keys

CHART_TYPES = tuple(CHARTS)
COUNT_CHARTS = frozenset({"c", "p", "pp", "u", "up", "g"})
RATE_CHARTS = frozenset({"p", "pp", "u", "up"})
PROPORTION_CHARTS = frozenset({"p", "pp"})
LIMIT_COLUMNS = ("lcl", "ucl", "lcl_95", "ucl_95")


def control_chart(
    chart: str,
    x: Sequence[Any] | npt.NDArray[Any] | None,
    y: Sequence[float | None] | npt.NDArray[Any],
    n: Sequence[float | None] | npt.NDArray[Any] | None = None,
    *,
    freeze: int | None = None,
    parts: Sequence[int] | Sequence[str] | None = None,
    exclude: Sequence[int] | None = None,
    multiply: float = 1,
    screen_mr: bool = True,
    y_neg: bool = True,
    x_levels: Sequence[Any] | None = None,
) -> dict[str, Any]:
    """A control chart of ``y`` (over ``n``) by ``x``, as ``qic(x, y, n, chart = chart)``.

    Args:
        chart: ``run``, ``i``, ``mr``, ``xbar``, ``s``, ``t``, ``p``, ``pp`` (Laney p'), ``c``,
            ``u``, ``up`` (Laney u') or ``g``.
        x: the subgroup of each row: numbers, dates (``datetime.date``, ``datetime64`` or ISO
            strings) or category labels; None for 1..len(y). Rows sharing an x are one subgroup
            (xbar and s charts take one row per observation); missing x drops the row.
        y: values, or numerators with ``n``; None or NaN is missing.
        n: denominators (subgroup sizes) for p, pp, u and up charts; optional for the others,
            where the plotted value becomes ``sum(y) / sum(n)``.
        freeze: the last (1-based) subgroup of the baseline the lines come from; the runs
            analysis still covers every point. Ignored when ``parts`` is given.
        parts: the last subgroup of each part but the final one (1-based), or one label per row
            (a new part starts where the label of a new x first differs).
        exclude: 1-based subgroups left out of the lines and the runs analysis (still plotted).
        multiply: scale y and the lines after the analysis (e.g. 100 for percent).
        screen_mr: drop moving ranges >= 3.267 x their mean once before estimating sigma
            (qicharts2's ``qic.screenedmr``, on after ``library(qicharts2)``).
        y_neg: False clamps negative lower limits to 0 when no y is negative (qic's ``y.neg``).
        x_levels: treat x as categories in this order (R's ``factor(x, levels)``); categorical
            x turns the runs signal off and makes p'/u' use the SD of z scores.

    Returns:
        ``{"points": columns, "parts": [per part]}``. The columns are read-only NumPy arrays,
        one entry per subgroup in output order: ``x``, ``xx`` (1-based), ``y``, ``n`` (when
        given), ``cl``, ``lcl``, ``ucl``, ``lcl_95``, ``ucl_95``, ``sigma_signal``, ``part``,
        ``baseline``, ``include``, ``runs_signal``, ``y_length``, ``y_sum``, ``y_mean``,
        ``y_sd``; NaN is missing. Each part: ``part``, ``n_obs``, ``n_useful``,
        ``longest_run``, ``longest_run_max``, ``n_crossings``, ``n_crossings_min`` (None when
        no point is useful), ``runs_signal``, ``sigma_signal_count``. See :func:`to_builtins`.

    Raises:
        AnalysisError: an unknown chart, lengths that differ, or numbers the chart cannot be
            computed from (a negative count, n <= 0, y > n on a p chart, an interval <= 0 on a
            t chart); the message names the 1-based point.
    """
    if chart not in CHARTS:
        raise AnalysisError(
            f"unknown chart type {chart!r}", hint=f"use one of: {', '.join(CHART_TYPES)}"
        )
    yv = as_floats(y, "y")
    nv = None if n is None else as_floats(n, "n")
    _check_lengths(x, yv, nv, parts)
    _check_values(chart, yv, nv)
    keys, drop, categorical = x_keys(x, yv.size, x_levels)
    cuts = _part_breaks(parts, keys, drop)
    sg = aggregate(x, keys, drop, yv, nv, categorical)
    if chart == "t":
        _check_intervals(sg)
    size = sg.y.size
    bounds = [*sorted({0, *(c for c in cuts if 0 <= c < size)}), size]
    spans = list(pairwise(bounds))
    # qicharts2 ignores freeze whenever part is given.
    baseline = _baseline(None if parts is not None and len(parts) else freeze, size)
    include = _include(exclude, size)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        lines, runs = _analyse(chart, sg, spans, baseline, include, screen_mr)
    return _assemble(chart, sg, spans, lines, runs, baseline, include, multiply, y_neg)


def _check_lengths(x: Any, y: Floats, n: Floats | None, parts: Any) -> None:
    sizes = {"y": y.size}
    if x is not None:
        sizes["x"] = len(x)
    if n is not None:
        sizes["n"] = n.size
    if parts is not None and len(parts) and all(isinstance(p, str) for p in parts):
        sizes["parts (labels)"] = len(parts)
    if len(set(sizes.values())) > 1:
        told = ", ".join(f"{k} has {v}" for k, v in sizes.items())
        raise AnalysisError(f"lengths differ: {told}", hint="give one value per row in each")
    if y.ndim != 1:
        raise AnalysisError("y must be a flat list of numbers")


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def _first(mask: Bools) -> int | None:
    hits = np.flatnonzero(mask)
    return int(hits[0]) if hits.size else None


def _check_values(chart: str, y: Floats, n: Floats | None) -> None:
    """Reject numbers the chart cannot be computed from; rows are numbered from 1."""
    if chart in COUNT_CHARTS and (i := _first(y < 0)) is not None:
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
        return
    if (i := _first(n < 0)) is not None or (i := _first((n == 0) & ~np.isnan(y))) is not None:
        raise AnalysisError(
            f"point {i + 1}: subgroup size n = {_fmt(n[i])}, but n must be greater than 0",
            hint="fix n, or leave both y and n empty for a missing subgroup",
        )
    if chart in PROPORTION_CHARTS and (i := _first(y > n)) is not None:
        raise AnalysisError(
            f"point {i + 1}: y = {_fmt(y[i])} is more than n = {_fmt(n[i])}, "
            "and a proportion cannot exceed 1",
            hint="y counts the cases among the n in the subgroup: check both",
        )


def _check_intervals(sg: Subgroups) -> None:
    if (i := _first(sg.y <= 0)) is not None:
        raise AnalysisError(
            f"point {i + 1} (x = {sg.x[i]}): time between events = {_fmt(sg.y[i])}, "
            "but a t chart needs every interval to be greater than zero",
            hint="fix the interval, or chart counts between events with a g chart",
        )


def _part_breaks(parts: Any, keys: Keys, drop: Bools) -> list[int]:
    """qicharts2's part break points: the number of subgroups before each new part."""
    if parts is None or len(parts) == 0:
        return []
    items = list(parts)
    if all(isinstance(p, str) for p in items):
        # part[!duplicated(x)]: the label of each distinct x's first row, in input order.
        rows = np.flatnonzero(~drop)
        _, first = np.unique(keys[rows], return_index=True)
        firsts = sorted([*rows[first].tolist(), *([_first(drop)] if drop.any() else [])])
        labels = [items[i] for i in firsts]
        starts = {label: i for i, label in reversed(list(enumerate(labels)))}
        return sorted(starts.values())[1:]
    cuts = []
    for p in items:
        if isinstance(p, bool) or not float(p).is_integer():
            raise AnalysisError(
                f"parts: {p!r} is not a point number",
                hint="give the last point of each part, e.g. parts=[24]",
            )
        cuts.append(int(p))
    return cuts


def _baseline(freeze: int | None, size: int) -> Bools | None:
    if freeze is None:
        return None
    if isinstance(freeze, bool) or not float(freeze).is_integer() or freeze < 1:
        raise AnalysisError(
            f"freeze = {freeze!r} is not a point number",
            hint="freeze is the last point of the baseline, 1 or more",
        )
    return None if freeze >= size else np.arange(size) < freeze


def _include(exclude: Sequence[int] | None, size: int) -> Bools | None:
    if not exclude:
        return None
    for e in exclude:
        if isinstance(e, bool) or not float(e).is_integer():
            raise AnalysisError(f"exclude: {e!r} is not a point number")
    drop = [int(e) - 1 for e in exclude if 1 <= e <= size]
    if not drop:
        return None
    include = np.ones(size, dtype=bool)
    include[drop] = False
    return include


def _slice(mask: Bools | None, a: int, b: int) -> Bools | None:
    if mask is None:
        return None
    part = mask[a:b]
    return None if part.all() else part


def _analyse(
    chart: str,
    sg: Subgroups,
    spans: list[tuple[int, int]],
    baseline: Bools | None,
    include: Bools | None,
    screen: bool,
) -> tuple[list[Lines], list[RunsResult]]:
    lines, runs = [], []
    for a, b in spans:
        inc = _slice(include, a, b)
        base = _slice(baseline, a, b)
        if inc is not None:
            base = inc if base is None else base & inc
        part = Part(
            sg.y[a:b],
            None if sg.n is None else sg.n[a:b],
            sg.y_sum[a:b],
            sg.y_length[a:b],
            sg.y_mean[a:b],
            sg.y_sd[a:b],
            base,
            sg.categorical,
            screen,
        )
        line = CHARTS[chart](part)
        lines.append(line)
        runs.append(runs_analysis(line.y if inc is None else line.y[inc], line.cl))
    return lines, runs


def _finite(v: Limit) -> Limit:
    if not isinstance(v, np.ndarray):
        return v if math.isfinite(v) else math.nan
    if np.isfinite(v).all():
        return v
    return np.where(np.isfinite(v), v, math.nan)


def _column(values: Sequence[Limit], spans: list[tuple[int, int]], size: int) -> Floats:
    if len(values) == 1:
        v = values[0]
        return v if isinstance(v, np.ndarray) else np.broadcast_to(np.float64(v), (size,))
    out = np.empty(size)
    for v, (a, b) in zip(values, spans, strict=True):
        out[a:b] = v
    return out


def _per_part(values: Sequence[Any], spans: list[tuple[int, int]], size: int) -> npt.NDArray[Any]:
    if len(values) == 1:
        return np.broadcast_to(np.asarray(values[0]), (size,))
    return np.repeat(np.asarray(values), [b - a for a, b in spans])


def _assemble(
    chart: str,
    sg: Subgroups,
    spans: list[tuple[int, int]],
    lines: list[Lines],
    runs: list[RunsResult],
    baseline: Bools | None,
    include: Bools | None,
    multiply: float,
    y_neg: bool,
) -> dict[str, Any]:
    size = sg.y.size
    m = multiply

    def scaled(v: Limit) -> Limit:
        return v if m == 1 else v * m

    y = _column([scaled(line.y) for line in lines], spans, size)
    cl = _column([scaled(line.cl) for line in lines], spans, size)
    limits = {
        name: [_finite(scaled(getattr(line, name))) for line in lines] for name in LIMIT_COLUMNS
    }
    sigma = np.empty(size, dtype=bool)
    for k, (a, b) in enumerate(spans):
        ys = y[a:b]
        np.greater(ys, limits["ucl"][k], out=sigma[a:b])
        sigma[a:b] |= ys < limits["lcl"][k]
    columns = {name: _column(values, spans, size) for name, values in limits.items()}
    if not y_neg and not (y < 0).any():
        for name in ("lcl", "lcl_95"):
            columns[name] = np.where(columns[name] < 0, 0.0, columns[name])
    # qicharts2 draws no runs for categories (funnel plots) or moving ranges.
    runs_on = not sg.categorical and chart != "mr"
    signals = [r.runs_signal and runs_on for r in runs]
    points: dict[str, npt.NDArray[Any]] = {
        "x": sg.x,
        "xx": np.arange(1, size + 1),
        "y": y,
        **({} if sg.n is None else {"n": sg.n}),
        "cl": cl,
        "lcl": columns["lcl"],
        "ucl": columns["ucl"],
        "lcl_95": columns["lcl_95"],
        "ucl_95": columns["ucl_95"],
        "sigma_signal": sigma,
        "part": _per_part(list(range(1, len(spans) + 1)), spans, size),
        "baseline": np.broadcast_to(True, (size,)) if baseline is None else baseline,
        "include": np.broadcast_to(True, (size,)) if include is None else include,
        "runs_signal": _per_part(signals, spans, size),
        "y_length": sg.y_length,
        "y_sum": sg.y_sum,
        "y_mean": sg.y_mean,
        "y_sd": sg.y_sd,
    }
    for column in points.values():
        column.flags.writeable = False
    summary = [
        {
            "part": k,
            "n_obs": r.n_obs,
            "n_useful": r.n_useful,
            "longest_run": r.longest_run,
            "longest_run_max": r.longest_run_max,
            "n_crossings": r.n_crossings,
            "n_crossings_min": r.n_crossings_min,
            "runs_signal": signal,
            "sigma_signal_count": int(np.count_nonzero(sigma[a:b])),
        }
        for k, (r, signal, (a, b)) in enumerate(zip(runs, signals, spans, strict=True), start=1)
    ]
    return {"points": points, "parts": summary}


def to_builtins(result: dict[str, Any]) -> dict[str, Any]:
    """The result with plain Python lists: NaN as None, infinities as ``"Inf"``/``"-Inf"``.

    That is the encoding of the reference files; x values are returned as given.
    """
    points = {
        name: [_plain(v) for v in column.tolist()] for name, column in result["points"].items()
    }
    return {**result, "points": points}


def _plain(v: Any) -> Any:
    if isinstance(v, float):
        if math.isnan(v):
            return None
        if math.isinf(v):
            return "Inf" if v > 0 else "-Inf"
    return v
