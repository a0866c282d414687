"""`pdsa chart --format csv`: the analysed series as a table, for Excel or R.

Column names follow qicharts2's `qic()` data (x, y, n, y.sum, cl, target, part, baseline,
include, runs.signal, notes), so a team moving to R reads the same columns; pdsa's own
columns come after them: `point.signal` and `rows` (rows of the measure file combined into
the point). `baseline` is TRUE for the points a phase's centre line is computed from (all of
them, unless a baseline freezes it).

The table follows the chart drawn. A run chart gives its median as `cl`, and `point.signal`
says `run` or `trend`. A control chart gives its centre line and limits per point (`cl`,
`lcl`, `ucl`: for a Making Data Count measure its mean and process limits), `sigma.signal`
TRUE for a point that is a special cause on that chart, and `point.signal` says which
(`improvement`, `concern` or `neutral`); an excluded point is never a signal.
"""

from __future__ import annotations

import csv
import io
import math
from typing import Any

from pdsa.measures.cells import format_value
from pdsa.runchart.control_reading import point_signals
from pdsa.runchart.control_view import ControlView
from pdsa.runchart.series import Series, tidy
from pdsa.vocab import SignalRules

COLUMNS = (
    "x",
    "y",
    "n",
    "y.sum",
    "cl",
    "target",
    "part",
    "baseline",
    "include",
    "runs.signal",
    "notes",
    "point.signal",
    "rows",
)
CONTROL_COLUMNS = (
    "x",
    "y",
    "n",
    "y.sum",
    "cl",
    "lcl",
    "ucl",
    "target",
    "part",
    "baseline",
    "include",
    "sigma.signal",
    "runs.signal",
    "notes",
    "point.signal",
    "rows",
)


def chart_csv(
    series: Series, signal_rules: SignalRules | None = None, control: ControlView | None = None
) -> str:
    """One row per point of the chart, in date order; booleans as TRUE/FALSE, as R writes.
    With `control`, the control chart's lines and signals (see the module's docstring)."""
    if control is not None:
        return _control_csv(series, control)
    signal_rules = signal_rules or series.signal_rules
    runs, trends = series.run_points[signal_rules], series.trend_points[signal_rules]
    goal = series.measure.goal
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\n")
    out.writerow(COLUMNS)
    for n, (day, value) in enumerate(zip(series.dates, series.values, strict=True), start=1):
        phase = series.phase_of(n)
        centre = tidy(series.centre_line[n - 1])
        out.writerow(
            (
                day.isoformat(),
                _number(tidy(value)),
                _number(_at(series.denominators, n)),
                _number(_at(series.numerators, n)),
                _number(centre),
                _number(goal),
                phase.number if phase else "",
                _bool(phase is not None and n <= phase.baseline_end),
                _bool(n not in series.excluded),
                _bool(phase is not None and phase.signal(signal_rules)),
                series.notes[n - 1],
                "run" if n in runs else ("trend" if n in trends else ""),
                _at(series.rows, n) or "",
            )
        )
    return buffer.getvalue()


def _control_csv(series: Series, view: ControlView) -> str:
    lines = view.lines()
    signals = point_signals(view, series.measure.better)
    runs = view.column("runs_signal") if view.mdc is None else []
    goal = series.measure.goal
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\n")
    out.writerow(CONTROL_COLUMNS)
    for k, day in enumerate(view.dates):
        n = k + 1
        out.writerow(
            (
                day.isoformat(),
                _cell(_item(view.column("y"), k)),
                _cell(
                    _item(view.column("n"), k) if view.column("n") else _at(series.denominators, n)
                ),
                _cell(_item(view.column("y_sum"), k)),
                _cell(_item(lines["cl"], k)),
                _cell(_item(lines["lcl"], k)),
                _cell(_item(lines["ucl"], k)),
                _number(goal),
                _item(view.column("part"), k) or "",
                _bool(bool(_item(view.column("baseline"), k))),
                _bool(n not in view.excluded),
                _bool(signals[k] is not None),
                _bool(bool(_item(runs, k))) if runs else "",
                series.notes[k] if k < len(series.notes) else "",
                signals[k] or "",
                _at(series.rows, n) or "",
            )
        )
    return buffer.getvalue()


def _item(values: list[Any], k: int) -> Any:
    return values[k] if k < len(values) else None


def _cell(value: Any) -> str:
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        return ""
    return _number(tidy(float(value)))


def _at(items: list[float | None] | list[int], n: int) -> float | None:
    return items[n - 1] if len(items) >= n else None


def _number(value: float | None) -> str:
    return "" if value is None else format_value(value)


def _bool(flag: bool) -> str:
    return "TRUE" if flag else "FALSE"
