"""A measure's control chart: its series (with the baseline, phases and exclusions written in
pdsa.yaml) through `control_chart` or, for `rules: mdc`, `mdc_chart`.

Each phase is its own part, as in qicharts2, and the baseline freezes the first phase's
lines, as for run charts. Read by the chart, the report, the study meeting and `--json`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
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
    # NHSRplotthedots' relative_to_mean: the side of the mean each point is on (+1 above,
    # -1 below, 0 on it; None for a point left out).
    side: list[float | None] = field(default_factory=list)


@dataclass(frozen=True)
class ControlView:
    """The control chart of a measure: one entry per subgroup, in date order."""

    chart: str
    dates: list[dt.date]
    columns: dict[str, list[Any]]  # y, n, cl, lcl, ucl, lcl_95, ucl_95, sigma_signal, part...
    parts: list[dict[str, Any]]
    mdc: MdcView | None = None
    excluded: frozenset[int] = field(default_factory=frozenset)  # 1-based, as in the series
    notes: tuple[str, ...] = ()  # what the chart could not do as pdsa.yaml asks, and why

    def column(self, name: str) -> list[Any]:
        """A column by qicharts2's name with `_` for `.` (empty when the chart has none)."""
        return self.columns.get(name, [])

    def lines(self) -> dict[str, list[Any]]:
        """The centre line and limits the chart draws, per point: Making Data Count's mean
        and process limits for an MDC measure, qicharts2's cl, ucl and lcl otherwise."""
        if self.mdc is not None:
            return {"cl": self.mdc.mean, "ucl": self.mdc.upl, "lcl": self.mdc.lpl}
        return {name: self.column(name) for name in ("cl", "ucl", "lcl")}

    def has_limits(self) -> bool:
        """Whether the chart has any limit to judge a point against."""
        lines = self.lines()
        return any(_number(v) for v in (*lines["ucl"], *lines["lcl"]))

    def beyond(self, side: str, start: dt.date, end: dt.date) -> int:
        """How many points dated in [start, end] lie beyond the upper or lower limit drawn
        (an excluded point is never counted)."""
        limit = self.lines()["ucl" if side == "upper" else "lcl"]
        count = 0
        for n, (day, y, line) in enumerate(
            zip(self.dates, self.column("y"), limit, strict=True), start=1
        ):
            if n in self.excluded or not (start <= day <= end):
                continue
            if _number(y) and _number(line):
                count += y > line if side == "upper" else y < line
        return count


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and math.isfinite(value)


def control_view(series: Series, points: Sequence[Point]) -> ControlView | None:
    """The measure's control chart, or None for a run chart (or no data)."""
    measure = series.measure
    if measure.chart == "run" or not series.dates:
        return None
    from pdsa.errors import require_charts

    require_charts(f"the {measure.id} {measure.chart} chart", drawing=False)
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
    note = mdc_baseline_unused(series) if measure.mdc else None
    return ControlView(
        measure.chart,
        list(series.dates),
        columns,
        parts,
        mdc,
        series.excluded,
        (note,) if note else (),
    )


def mdc_baseline_unused(series: Series) -> str | None:
    """Why the measure's baseline does not fix its MDC limits, or None when it does (or
    when there is none): Making Data Count fixes limits after 12 points or more only."""
    from pdsa.vocab import FIX_AFTER_MIN

    if series.measure.baseline is None or not series.phases:
        return None
    first = series.phases[0]
    size = first.baseline_end - first.start + 1
    if size >= FIX_AFTER_MIN or first.baseline_end >= first.end:
        return None
    noun = "point" if size == 1 else "points"
    return (
        f"{series.measure.id}: baseline not used: Making Data Count fixes its limits from "
        f"{FIX_AFTER_MIN} or more points, and the baseline holds {size} {noun}; the limits "
        "come from every point of the phase"
    )


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
    fix_after = (
        baseline
        if mdc_baseline_unused(series) is None and baseline < series.phases[0].end
        else None
    )
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

    def spread(name: str, carry: bool = False) -> list[Any]:
        """A column over every point of the series; a point left out gets None, or with
        `carry` the line of the point before it (a limit runs on across an exclusion)."""
        column = points[name]
        out: list[Any] = []
        for i in range(1, len(series.dates) + 1):
            if i in by_point:
                out.append(column[by_point[i]])
            else:
                out.append(out[-1] if carry and out else None)
        return out

    return MdcView(
        [t or "excluded" for t in spread("point_type")],
        spread("mean_col", carry=True),
        spread("lpl", carry=True),
        spread("upl", carry=True),
        result["summary"],
        result["icons"],
        spread("relative_to_mean"),
    )


def since_view(view: ControlView | None, day: dt.date) -> ControlView | None:
    """The view from `day` on: the lines stay those computed on the whole series."""
    if view is None:
        return None
    keep = [i for i, d in enumerate(view.dates) if d >= day]
    if len(keep) == len(view.dates):
        return view
    first = keep[0] if keep else len(view.dates)
    columns = {name: values[first:] for name, values in view.columns.items()}
    mdc = view.mdc
    if mdc is not None:
        mdc = MdcView(
            mdc.point_type[first:],
            mdc.mean[first:],
            mdc.lpl[first:],
            mdc.upl[first:],
            mdc.summary,
            mdc.icons,
            mdc.side[first:],
        )
    excluded = frozenset(p - first for p in view.excluded if p > first)
    return ControlView(
        view.chart, view.dates[first:], columns, view.parts, mdc, excluded, view.notes
    )


def limit_view(series: Series, points: Sequence[Point]) -> ControlView | None:
    """The measure's control chart, or for a run-chart measure the one its kind suggests:
    what a prediction about a point beyond a limit is judged on."""
    from pdsa.vocab import CHART_FOR_KIND

    if series.measure.chart != "run":
        return control_view(series, points)
    measure = series.measure.model_copy(update={"chart": CHART_FOR_KIND[series.measure.kind]})
    try:
        return control_view(replace(series, measure=measure), points)
    except AnalysisError:
        return None  # data this chart cannot take (a count that is not whole, say)
