"""The output columns of :func:`pdsa.runchart.control_chart`, in qicharts2's order of steps.

After the runs analysis: ``multiply``, non-finite limits to NaN, the 3-sigma signals (on every
point, excluded or not), the optional ``y_neg`` clamp, then one read-only array per column.
Lines that are constant within a part are zero-copy broadcasts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from pdsa.runchart.rmath import Bools, Floats, block_size, chunks
from pdsa.runchart.runs import RunsResult
from pdsa.runchart.sigma import MULTIPLY_SAFE, Limit, Lines
from pdsa.runchart.subgroups import Subgroups

LIMIT_COLUMNS = ("lcl", "ucl", "lcl_95", "ucl_95")


def _finite(v: Limit) -> Limit:
    if not isinstance(v, np.ndarray):
        return v if math.isfinite(v) else math.nan
    if np.isfinite(v).all():
        return v
    return np.where(np.isfinite(v), v, math.nan)


def _scaled_limits(line: Lines, m: float) -> dict[str, Limit]:
    """The limits times ``multiply``, non-finite ones as NaN (R's NA).

    Limit arrays are the chart function's own, so they are scaled in place. Lines the chart
    function vouched for (``Lines.finite``) stay finite under a modest multiplier, which spares
    the finiteness pass.
    """
    out: dict[str, Limit] = {}
    for name in LIMIT_COLUMNS:
        v: Limit = getattr(line, name)
        if m != 1:
            v = np.multiply(v, m, out=v) if isinstance(v, np.ndarray) else v * m
        out[name] = v if line.finite and abs(m) < MULTIPLY_SAFE else _finite(v)
    return out


def _sigma_signals(
    y: Floats, per_part: list[dict[str, Limit]], spans: list[tuple[int, int]]
) -> Bools:
    """``y > ucl | y < lcl`` (NaN compares False, as R's NA is set FALSE), block by block."""
    sigma = np.empty(y.size, dtype=bool)
    below = np.empty(block_size(y.size), dtype=bool)
    for limits, (a, b) in zip(per_part, spans, strict=True):
        ucl, lcl = limits["ucl"], limits["lcl"]
        for i, j in chunks(b - a):
            upper = ucl if not isinstance(ucl, np.ndarray) else ucl[i:j]
            lower = lcl if not isinstance(lcl, np.ndarray) else lcl[i:j]
            out = np.greater(y[a + i : a + j], upper, out=sigma[a + i : a + j])
            out |= np.less(y[a + i : a + j], lower, out=below[: j - i])
    return sigma


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


def assemble(
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
    """The ``points`` columns and ``parts`` summaries of a chart from its analysed parts."""
    size = sg.y.size
    m = multiply

    def scaled(v: Limit) -> Limit:
        return v if m == 1 else v * m

    y = _column([scaled(line.y) for line in lines], spans, size)
    cl = _column([scaled(line.cl) for line in lines], spans, size)
    per_part = [_scaled_limits(line, m) for line in lines]
    sigma = _sigma_signals(y, per_part, spans)
    columns = {
        name: _column([limits[name] for limits in per_part], spans, size) for name in LIMIT_COLUMNS
    }
    if not y_neg and not (y < 0).any():
        for name in ("lcl", "lcl_95"):
            columns[name] = np.where(columns[name] < 0, 0.0, columns[name])
    # qicharts2 draws no runs for categories (funnel plots) or moving ranges.
    runs_on = not sg.categorical and chart != "mr"
    signals = [r.runs_signal and runs_on for r in runs]
    points: dict[str, npt.NDArray[Any]] = {
        "x": sg.x,
        "xx": _point_numbers(size),
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
    points = {name: _read_only(column) for name, column in points.items()}
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


_numbers: list[npt.NDArray[np.int64]] = [np.arange(1, 1)]


def _point_numbers(size: int) -> npt.NDArray[np.int64]:
    """1..size as a view of one shared, read-only array (grown by doubling as needed).

    Every chart's xx column is a prefix of the same sequence, so a million-point chart need not
    fault in a fresh 8 MB for it each time.
    """
    if _numbers[0].size < size:
        grown = np.arange(1, max(size, 2 * _numbers[0].size) + 1)
        grown.flags.writeable = False
        _numbers[0] = grown
    return _numbers[0][:size]


def _read_only(column: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """A read-only view: the caller's own arrays, which columns may share, stay writeable."""
    view = column.view()
    view.flags.writeable = False
    return view


def to_builtins(result: dict[str, Any]) -> dict[str, Any]:
    """A control_chart or mdc_chart result with plain lists instead of NumPy columns.

    NaN becomes None and infinities ``"Inf"``/``"-Inf"``, the encoding of the reference files;
    x values are returned as given. Every dict of columns (``points``, ``rule_diagnostics``)
    is converted; the rest is already plain.
    """
    return {key: _lists(value) for key, value in result.items()}


def _lists(value: Any) -> Any:
    if isinstance(value, dict) and all(isinstance(v, np.ndarray) for v in value.values()):
        return {name: [_plain(v) for v in column.tolist()] for name, column in value.items()}
    return value


def _plain(v: Any) -> Any:
    if isinstance(v, float):
        if math.isnan(v):
            return None
        if math.isinf(v):
            return "Inf" if v > 0 else "-Inf"
    return v
