"""A measure's rows as one point per period, combined the way its kind says, and its gaps.

The rules (docs/measures.md), for the rows that fall in one period (one date when the
measure has no `period`):

- count: the sum (falls in a week are the falls of its days);
- proportion, rate: the numerators summed over the denominators summed, times `multiply`
  (2/3 and 90/100 make 92/103, never the mean of 67% and 90%);
- continuous: the mean (the subgroup mean an X-bar chart plots);
- time-between-events: never combined, each event is its own point.

A measure with a `period` has a gap wherever a period between its first and last point has
no row; the chart breaks its line there and lists the periods.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby, pairwise
from typing import TYPE_CHECKING

from pdsa.days import next_period, period_label, period_start
from pdsa.errors import AnalysisError
from pdsa.model import Point

if TYPE_CHECKING:
    from pdsa.model import Measure

RULES = {
    "count": "summed",
    "proportion": "numerators and denominators summed",
    "rate": "numerators and denominators summed",
    "continuous": "averaged (their mean)",
}
UNITS = {"day": "day", "week": "week", "month": "month", "quarter": "quarter", None: "date"}
_GAP_LIST = 6  # missing periods named one by one before runs are shortened


@dataclass(frozen=True)
class PeriodPoint:
    """One point of the chart: a period's rows combined."""

    date: dt.date
    value: float
    note: str
    rows: int
    numerator: float | None = None
    denominator: float | None = None


def combine(measure: Measure | None, points: Sequence[Point]) -> list[PeriodPoint]:
    """One point per period (per date without a period), sorted, following the kind; with
    no measure, one point per date, the mean of its rows."""
    period = measure.period if measure else None
    ordered = sorted(points, key=lambda p: p.date)
    if measure is not None and measure.kind == "time-between-events":
        return [PeriodPoint(p.date, p.value, p.note, 1) for p in ordered]
    combined = []
    for start, group in groupby(ordered, key=lambda p: period_start(p.date, period)):
        rows = list(group)
        note = "; ".join(p.note for p in rows if p.note)
        combined.append(_one(measure, start, rows, note))
    return combined


def _one(measure: Measure | None, start: dt.date, rows: list[Point], note: str) -> PeriodPoint:
    if len(rows) == 1:
        p = rows[0]
        return PeriodPoint(start, p.value, note, 1, p.numerator, p.denominator)
    if measure is None or measure.kind == "continuous":
        return PeriodPoint(start, statistics.fmean(p.value for p in rows), note, len(rows))
    if measure.kind == "count":
        return PeriodPoint(start, float(sum(p.value for p in rows)), note, len(rows))
    if measure.kind in ("proportion", "rate"):
        if any(p.numerator is None or p.denominator is None for p in rows):
            raise AnalysisError(
                f"{measure.id}: {period_label(start, measure.period)} has {len(rows)} rows "
                f"and not all have a numerator and a denominator; a {measure.kind} cannot be "
                "averaged",
                hint="write date,numerator,denominator rows, or one row per period",
            )
        num = sum(p.numerator or 0.0 for p in rows)
        den = sum(p.denominator or 0.0 for p in rows)
        return PeriodPoint(start, num * measure.multiply / den, note, len(rows), num, den)
    raise AssertionError(f"no rule to combine a {measure.kind}")  # kinds are a closed set


def missing_periods(measure: Measure, dates: Sequence[dt.date]) -> list[dt.date]:
    """The first day of every period between the first and the last point with no row
    (none for a measure without a period, whose dates may fall on any day)."""
    period = measure.period
    if period is None or measure.kind == "time-between-events" or len(dates) < 2:
        return []
    missing = []
    for before, after in pairwise(dates):
        step = next_period(before, period)
        while step < after:
            missing.append(step)
            step = next_period(step, period)
    return missing


def gap_after(measure: Measure, dates: Sequence[dt.date]) -> frozenset[int]:
    """The 1-based points followed by at least one missing period."""
    period = measure.period
    if period is None or measure.kind == "time-between-events":
        return frozenset()
    return frozenset(
        n
        for n, (before, after) in enumerate(pairwise(dates), start=1)
        if next_period(before, period) < after
    )


def missing_text(measure: Measure, missing: Sequence[dt.date]) -> str:
    """`Missing months: 2024-04 to 2025-08 (17), 2025-11`; '' when nothing is missing."""
    if not missing:
        return ""
    period = measure.period
    runs: list[list[dt.date]] = []
    for day in missing:
        if runs and next_period(runs[-1][-1], period) == day:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        first = period_label(run[0], period)
        if len(run) == 1:
            parts.append(first)
        elif len(run) == 2:
            parts.append(f"{first}, {period_label(run[1], period)}")
        else:
            parts.append(f"{first} to {period_label(run[-1], period)} ({len(run)})")
    shown = ", ".join(parts[:_GAP_LIST]) + (", …" if len(parts) > _GAP_LIST else "")
    unit = UNITS[period] + ("s" if len(missing) > 1 else "")
    return f"Missing {unit} ({len(missing)}, the line is broken there): {shown}"


def combined_text(measure: Measure, rows: Sequence[int]) -> str:
    """How periods with several rows were combined ('' when none had more than one)."""
    several = sum(1 for r in rows if r > 1)
    if not several or measure.kind not in RULES:
        return ""
    unit = UNITS[measure.period] + ("s" if several > 1 else "")
    return f"{several} {unit} with several rows: {RULES[measure.kind]}"
