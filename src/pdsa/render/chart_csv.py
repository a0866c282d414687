"""`pdsa chart --format csv`: the analysed series as a table, for Excel or R.

Column names follow qicharts2's `qic()` data (x, y, n, y.sum, cl, target, part, baseline,
include, runs.signal, notes), so a team moving to R reads the same columns; pdsa's own
columns come after them: `point.signal` (run, trend or empty) and `rows` (rows of the
measure file combined into the point). `baseline` is TRUE for the points a phase's centre
line is computed from (all of them, unless a baseline freezes it).
"""

from __future__ import annotations

import csv
import io

from pdsa.measures.cells import format_value
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


def chart_csv(series: Series, signal_rules: SignalRules | None = None) -> str:
    """One row per point of the chart, in date order; booleans as TRUE/FALSE, as R writes."""
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


def _at(items: list[float | None] | list[int], n: int) -> float | None:
    return items[n - 1] if len(items) >= n else None


def _number(value: float | None) -> str:
    return "" if value is None else format_value(value)


def _bool(flag: bool) -> str:
    return "TRUE" if flag else "FALSE"
