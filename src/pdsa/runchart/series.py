"""A measure's data as a run-chart series: dated points, settings, analysis per phase.

`pdsa.yaml` speaks in dates (a baseline until a date, phases starting on dates, excluded
dates); `runchart.analyze` speaks in point numbers. This module translates, and gives the
chart, the report and the study meeting one object to read.

Semantics (documented in docs/measures.md):
- the rows of one period (one date without a `period`) are one point, combined as the
  measure's kind says (`periods`): counts summed, proportions and rates as their summed
  numerators over their summed denominators, continuous values averaged (as qicharts2
  does), time between events never combined; a period with no row is a gap;
- each phase is analysed on its own, with its own median; the baseline (`points: N` or
  `until: DATE`) freezes the median of the *first* phase, which is then extended to the
  end of that phase. (qicharts2 ignores a freeze once phases are given; a team that writes
  both means "frozen baseline, then a new median after the change", so that is what we do.)
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import TYPE_CHECKING

from pdsa.days import period_start
from pdsa.model import Point, SignalRules, SummaryKind
from pdsa.runchart import AnhoejResult, IhiResult, analyze
from pdsa.runchart import periods as periods_mod

if TYPE_CHECKING:
    from pdsa.model import Measure


@dataclass(frozen=True)
class PhaseView:
    """One phase in absolute point numbers (1-based over the whole series)."""

    number: int
    start: int
    end: int
    label: str
    centre: float | None
    baseline_end: int
    anhoej: AnhoejResult
    ihi: IhiResult
    needed: int = 0  # useful points needed before any verdict (see `apply_minimum`)

    @property
    def useful(self) -> int:
        """Points off the centre line, not excluded, not missing: what the rules count."""
        return self.anhoej.n_useful

    @property
    def judged(self) -> bool:
        """Whether the phase has enough useful points for the rules to say anything."""
        return self.useful >= self.needed

    def signal(self, signal_rules: SignalRules) -> bool:
        """Whether this phase shows non-random variation under the rule set (never for a
        phase too short to judge: its raw rule outputs stay in `anhoej` and `ihi`)."""
        if not self.judged:
            return False
        anhoej, ihi = self.anhoej.runs_signal, self.ihi.signal
        return {"anhoej": anhoej, "ihi": ihi, "both": anhoej or ihi}[signal_rules]


@dataclass(frozen=True)
class Series:
    """A measure's points (aggregated per date) with the run-chart analysis of each phase."""

    measure: Measure
    dates: list[dt.date]
    values: list[float]
    notes: list[str]
    excluded: frozenset[int]
    phases: list[PhaseView]
    centre_line: list[float | None]
    run_points: dict[str, frozenset[int]]  # rules -> points of long runs / shifts
    trend_points: dict[str, frozenset[int]]  # rules -> points of trends
    # Per point, for proportions and rates (None for a point given as a value); empty when
    # not known (a series cut by `since`).
    numerators: list[float | None] = field(default_factory=list)
    denominators: list[float | None] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)  # rows of the file combined into each point

    @property
    def gaps(self) -> frozenset[int]:
        """The 1-based points after which the line breaks (a period is missing)."""
        return periods_mod.gap_after(self.measure, self.dates)

    def data_notes(self) -> list[str]:
        """Under the chart: the missing periods, and how periods with several rows combined."""
        missing = periods_mod.missing_periods(self.measure, self.dates)
        notes = [
            periods_mod.missing_text(self.measure, missing),
            periods_mod.combined_text(self.measure, self.rows),
        ]
        return [n for n in notes if n]

    @property
    def signal_rules(self) -> SignalRules:
        """The run-chart rule set the measure asks for (both, for an MDC measure)."""
        return self.measure.run_rules

    def signal(self, signal_rules: SignalRules | None = None) -> bool:
        """Any phase signals (under the measure's own rules unless given)."""
        return any(p.signal(signal_rules or self.signal_rules) for p in self.phases)

    def phase_of(self, point: int) -> PhaseView | None:
        """The phase a 1-based point number belongs to."""
        return next((p for p in self.phases if p.start <= point <= p.end), None)

    def latest(self) -> tuple[dt.date, float] | None:
        """The newest point."""
        return (self.dates[-1], self.values[-1]) if self.dates else None


def aggregate(
    points: Sequence[Point], measure: Measure | None = None
) -> tuple[list[dt.date], list[float], list[str]]:
    """One value per period (per date without a period), combined as the measure's kind
    says (`runchart.periods`), sorted by date, with the notes joined."""
    combined = periods_mod.combine(measure, points)
    return [p.date for p in combined], [p.value for p in combined], [p.note for p in combined]


def build(measure: Measure, points: Sequence[Point]) -> Series:
    """Analyse a measure's points with its baseline, phases and exclusions."""
    combined = periods_mod.combine(measure, points)
    dates = [p.date for p in combined]
    values = [p.value for p in combined]
    notes = [p.note for p in combined]
    n = len(dates)
    # An exclusion dated inside a period excludes the period's point.
    excluded_days = {period_start(e.date, measure.period) for e in measure.exclude}
    excluded = frozenset(i + 1 for i, d in enumerate(dates) if d in excluded_days)
    # A phase starting on a date begins at the first point on or after it.
    starts = sorted({_first_on_or_after(dates, p.start) for p in measure.phases})
    starts = [s for s in starts if 1 < s <= n]
    labels = {_first_on_or_after(dates, p.start): p.label for p in measure.phases}
    bounds = [1, *starts, n + 1] if n else []  # no data yet: no phases
    freeze = _freeze(measure, dates)
    phases: list[PhaseView] = []
    centre_line: list[float | None] = []
    run_points = {r: set[int]() for r in ("anhoej", "ihi", "both")}
    trend_points = {r: set[int]() for r in ("anhoej", "ihi", "both")}
    for number, (lo, hi) in enumerate(pairwise(bounds), start=1):
        offset = lo - 1
        local_freeze = min(freeze, hi - lo) if (freeze and number == 1) else None
        result = analyze(
            values[lo - 1 : hi - 1],
            freeze=local_freeze,
            exclude=[p - offset for p in excluded if lo <= p < hi],
        )
        (phase,) = result.phases
        centre_line.extend(result.centre_line)
        for signal_rules in ("anhoej", "ihi", "both"):
            marks = result.signal_points(signal_rules)
            run_points[signal_rules] |= {p + offset for p in marks["run"]}
            trend_points[signal_rules] |= {p + offset for p in marks["trend"]}
        label = labels.get(lo, "baseline" if number == 1 and freeze else "")
        phases.append(
            PhaseView(
                number,
                lo,
                hi - 1,
                label or (f"phase {number}" if len(bounds) > 2 else ""),
                phase.centre,
                phase.baseline_end + offset,
                phase.anhoej,
                phase.ihi,
            )
        )
    return Series(
        measure,
        dates,
        values,
        notes,
        excluded,
        phases,
        centre_line,
        {k: frozenset(v) for k, v in run_points.items()},
        {k: frozenset(v) for k, v in trend_points.items()},
        [p.numerator for p in combined],
        [p.denominator for p in combined],
        [p.rows for p in combined],
    )


def _first_on_or_after(dates: list[dt.date], day: dt.date) -> int:
    return next((i + 1 for i, d in enumerate(dates) if d >= day), len(dates) + 1)


def _freeze(measure: Measure, dates: list[dt.date]) -> int | None:
    baseline = measure.baseline
    if baseline is None:
        return None
    if baseline.points is not None:
        return min(baseline.points, len(dates)) or None
    assert baseline.until is not None
    return sum(1 for d in dates if d <= baseline.until) or None


def window(points: Sequence[Point], start: dt.date, end: dt.date) -> list[Point]:
    """The points dated within [start, end], both ends included."""
    return [p for p in points if start <= p.date <= end]


def window_values(
    measure: Measure, points: Sequence[Point], start: dt.date, end: dt.date
) -> list[float]:
    """The values dated within [start, end], leaving out the measure's excluded dates."""
    skip = {period_start(e.date, measure.period) for e in measure.exclude}
    chosen = window(points, start, end)
    if measure.kind not in ("proportion", "rate"):
        return [p.value for p in chosen if period_start(p.date, measure.period) not in skip]
    # A proportion's rows of one period are one proportion (sum over sum), as charted.
    return [p.value for p in periods_mod.combine(measure, chosen) if p.date not in skip]


def summarise_values(values: Sequence[float], how: SummaryKind = "median") -> float | None:
    """Median, mean, last, sum, count, min or max of values (None when there are none)."""
    if how == "count":
        return float(len(values))
    if not values:
        return None
    if how == "median":
        return float(statistics.median(values))
    if how == "mean":
        return statistics.fmean(values)
    if how == "last":
        return values[-1]
    if how == "sum":
        return float(sum(values))
    return float(min(values) if how == "min" else max(values))


def since(series: Series, day: dt.date) -> Series:
    """The analysed series from `day` on: points before it are dropped from view, but the
    medians, baselines and signals stay those of the whole series (a baseline is not
    recomputed from whatever happens to follow the cut)."""
    first = next((i for i, d in enumerate(series.dates) if d >= day), len(series.dates))
    if first == 0:
        return series
    offset = first  # point n in the trimmed series is point n + offset in the whole one

    def shift(points: frozenset[int]) -> frozenset[int]:
        return frozenset(p - offset for p in points if p > offset)

    phases = [
        replace(
            p,
            start=max(p.start - offset, 1),
            end=p.end - offset,
            baseline_end=max(p.baseline_end - offset, 0),
        )
        for p in series.phases
        if p.end > offset
    ]
    return Series(
        series.measure,
        series.dates[first:],
        series.values[first:],
        series.notes[first:],
        shift(series.excluded),
        phases,
        series.centre_line[first:],
        {k: shift(v) for k, v in series.run_points.items()},
        {k: shift(v) for k, v in series.trend_points.items()},
    )


def tidy(value: float | None) -> float | None:
    """8.65, not 8.649999999999999, in JSON: 12 significant digits are plenty for medians."""
    return None if value is None else float(f"{value:.12g}")
