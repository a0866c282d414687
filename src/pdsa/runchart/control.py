"""Shewhart control charts exactly as qicharts2 0.8.1 computes them: :func:`control_chart`.

The pipeline of ``qic(..., return.data = TRUE)``: subgroups (:mod:`.subgroups`), parts,
baseline and exclusions, the chart's centre line and limits per part (:mod:`.sigma`), the Anhøj
runs analysis against that centre line (:mod:`.runs`), then ``multiply``, non-finite limits to
NaN, the 3-sigma signals and the optional ``y_neg`` clamp, in that order. Every step is a NumPy
array operation, so a chart of a million points costs a few dozen array passes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Any

import numpy as np
import numpy.typing as npt

from pdsa.errors import AnalysisError
from pdsa.runchart import rates, sigma
from pdsa.runchart.columns import assemble, to_builtins
from pdsa.runchart.inputs import (
    baseline_mask,
    check_intervals,
    check_lengths,
    check_values,
    include_mask,
    part_breaks,
)
from pdsa.runchart.rmath import Bools
from pdsa.runchart.runs import RunsResult, runs_analysis
from pdsa.runchart.sigma import Lines, Part
from pdsa.runchart.subgroups import Subgroups, aggregate, as_floats, x_keys

CHARTS: dict[str, Callable[[Part], Lines]] = {
    "run": sigma.run_chart,
    "i": sigma.i_chart,
    "mr": sigma.mr_chart,
    "xbar": sigma.xbar_chart,
    "s": sigma.s_chart,
    "t": sigma.t_chart,
    "p": rates.p_chart,
    "pp": rates.pp_chart,
    "c": sigma.c_chart,
    "u": rates.u_chart,
    "up": rates.up_chart,
    "g": sigma.g_chart,
}
CHART_TYPES = tuple(CHARTS)


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
    check_lengths(x, yv, nv, parts)
    scan = check_values(chart, yv, nv)
    keys, drop, categorical = x_keys(x, yv.size, x_levels)
    cuts = part_breaks(parts, keys, drop)
    sg = aggregate(x, keys, drop, yv, nv, categorical, scan.complete)
    # The checking pass summed y and n already; they are the subgroups' totals when every row
    # is its own subgroup (the same arrays, nothing dropped).
    totals = (scan.y_total, scan.n_total) if sg.y_sum is yv and sg.n is nv else None
    if chart == "t":
        check_intervals(sg)
    size = sg.y.size
    bounds = [*sorted({0, *(c for c in cuts if 0 <= c < size)}), size]
    spans = list(pairwise(bounds))
    # qicharts2 ignores freeze whenever part is given.
    baseline = baseline_mask(None if parts is not None and len(parts) else freeze, size)
    include = include_mask(exclude, size)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        lines, runs = _analyse(chart, sg, spans, baseline, include, screen_mr, totals)
    return assemble(chart, sg, spans, lines, runs, baseline, include, multiply, y_neg)


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
    totals: tuple[float, float] | None,
) -> tuple[list[Lines], list[RunsResult]]:
    lines, runs = [], []
    whole = len(spans) == 1
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
            sg.complete,
            totals if whole and base is None else None,
        )
        line = CHARTS[chart](part)
        lines.append(line)
        runs.append(runs_analysis(line.y if inc is None else line.y[inc], line.cl))
    return lines, runs


__all__ = ["CHARTS", "CHART_TYPES", "control_chart", "to_builtins"]
