"""A measure's control chart: its series (with the baseline, phases and exclusions written in
pdsa.yaml) through `control_chart` or, for `rules: mdc`, `mdc_chart`.

Each phase is its own part, as in qicharts2, and the baseline freezes the first phase's
lines, as for run charts. Read by the chart, the report, the study meeting and `--json`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pdsa.days import period_start
from pdsa.errors import AnalysisError
from pdsa.model import Point
from pdsa.runchart.series import Series

# Charts whose points are subgroups of several observations, and those that need
# numerators and denominators.
SUBGROUP_CHARTS = ("xbar", "s")
RATIO_CHARTS = ("p", "pp", "u", "up")


@dataclass(frozen=True)
class MdcView:
    """NHS Making Data Count on the same points: types, limits, icons, per rebase group."""

    point_type: list[str]
    mean: list[float | None]
    lpl: list[float | None]
    upl: list[float | None]
    summary: list[dict[str, Any]]
    icons: dict[str, Any]


@dataclass(frozen=True)
class ControlView:
    """The control chart of a measure: one entry per subgroup, in date order."""

    chart: str
    dates: list[dt.date]
    columns: dict[str, list[Any]]  # y, n, cl, lcl, ucl, lcl_95, ucl_95, sigma_signal, part...
    parts: list[dict[str, Any]]
    mdc: MdcView | None = None
    excluded: frozenset[int] = field(default_factory=frozenset)  # 1-based, as in the series

    def column(self, name: str) -> list[Any]:
        """A column by qicharts2's name with `_` for `.` (empty when the chart has none)."""
        return self.columns.get(name, [])

    def beyond(self, side: str, start: dt.date, end: dt.date) -> int:
        """How many points dated in [start, end] lie beyond the upper or lower limit."""
        limit = self.column("ucl" if side == "upper" else "lcl")
        count = 0
        for day, y, line in zip(self.dates, self.column("y"), limit, strict=True):
            if start <= day <= end and _number(y) and _number(line):
                count += y > line if side == "upper" else y < line
        return count


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and math.isfinite(value)


def control_view(series: Series, points: Sequence[Point]) -> ControlView | None:
    """The measure's control chart, or None for a run chart (or no data)."""
    measure = series.measure
    if measure.chart == "run" or not series.dates:
        return None
    from pdsa.runchart.control import control_chart, to_builtins

    columns: dict[str, list[Any]] = {}
    parts: list[dict[str, Any]] = []
    for number, phase in enumerate(series.phases, start=1):
        x, y, n = _inputs(series, points, phase.start, phase.end)
        freeze = phase.baseline_end - phase.start + 1 if phase.baseline_end < phase.end else None
        exclude = [
            p - phase.start + 1 for p in sorted(series.excluded) if phase.start <= p <= phase.end
        ]
        result = to_builtins(
            control_chart(
                measure.chart,
                x,
                y,
                n,
                freeze=freeze if freeze and freeze > 0 else None,
                exclude=exclude or None,
                multiply=measure.multiply if measure.chart in RATIO_CHARTS else 1,
            )
        )
        for name, values in result["points"].items():
            columns.setdefault(name, []).extend(values)
        for part in result["parts"]:
            parts.append({**part, "part": number})
    columns["part"] = [
        number
        for number, phase in enumerate(series.phases, start=1)
        for _ in range(phase.start, phase.end + 1)
    ][: len(columns.get("y", []))]
    mdc = _mdc(series) if measure.mdc else None
    return ControlView(measure.chart, list(series.dates), columns, parts, mdc, series.excluded)


def _inputs(
    series: Series, points: Sequence[Point], start: int, end: int
) -> tuple[list[Any], list[float | None], list[float | None] | None]:
    """x, y and n for the points `start`..`end` (1-based) of the series."""
    measure = series.measure
    dates = series.dates[start - 1 : end]
    if measure.chart in SUBGROUP_CHARTS:
        first, last = dates[0], dates[-1]
        rows = [
            (when, p.value) for p in points if first <= (when := _period(p.date, series)) <= last
        ]
        rows.sort(key=lambda r: r[0])
        return [r[0] for r in rows], [r[1] for r in rows], None
    if measure.chart in RATIO_CHARTS:
        nums = series.numerators[start - 1 : end]
        dens = series.denominators[start - 1 : end]
        known = len(nums) == len(dates) == len(dens)
        lacking = [d for d, v, w in zip(dates, nums, dens, strict=False) if v is None or w is None]
        if not known or lacking:
            missing = lacking[0] if lacking else dates[0]
            raise AnalysisError(
                f"a {measure.chart} chart needs a numerator and a denominator for every point "
                f"(none for {missing})",
                hint="write the data as date,numerator,denominator and set kind: proportion "
                "or rate",
            )
        return list(dates), list(nums), list(dens)
    return list(dates), list(series.values[start - 1 : end]), None


def _period(day: dt.date, series: Series) -> dt.date:
    period = series.measure.period
    return period_start(day, period) if period else day


def _mdc(series: Series) -> MdcView:
    """The MDC XmR view: excluded points are left out; each phase after the first rebases."""
    from pdsa.runchart.control import to_builtins
    from pdsa.runchart.mdc import mdc_chart

    measure = series.measure
    kept = [i for i in range(1, len(series.dates) + 1) if i not in series.excluded]
    baseline = series.phases[0].baseline_end if series.phases else 0
    fix_after = baseline if baseline >= 12 and baseline < series.phases[0].end else None
    result = to_builtins(
        mdc_chart(
            [series.dates[i - 1] for i in kept],
            [series.values[i - 1] for i in kept],
            improvement={"higher": "increase", "lower": "decrease"}.get(measure.better, "neutral"),
            target=measure.goal,
            rebase=[series.dates[p.start - 1] for p in series.phases[1:]],
            fix_after=fix_after,
        )
    )
    by_point: dict[int, int] = {i: k for k, i in enumerate(kept)}
    points = result["points"]

    def spread(name: str) -> list[Any]:
        """A column over every point of the series (None where a point was left out)."""
        column = points[name]
        return [
            column[by_point[i]] if i in by_point else None
            for i in range(1, len(kept) + 1 + len(series.excluded))
        ]

    return MdcView(
        [t or "excluded" for t in spread("point_type")],
        spread("mean_col"),
        spread("lpl"),
        spread("upl"),
        result["summary"],
        result["icons"],
    )
