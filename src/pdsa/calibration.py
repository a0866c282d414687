"""Calibration over time: is the team getting better at predicting?

Hit rate and Brier score per period (quarter by default), per change idea and per owner, and
the bins of a reliability diagram (stated confidence against the share that came true, with
counts). Plain data for the renderers; a prediction counts once its cycle has reached Study
and its result says met or not met, as in the report's hit rates, unless the cycle was
entered after the fact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, get_args

from pdsa.model import STATUS_ORDER, Cycle, Status

Period = Literal["month", "quarter", "half", "year"]
PERIODS: tuple[str, ...] = get_args(Period)
# Below this many scored predictions a period's Brier score is mostly noise: the trend
# compares only periods with at least this many.
TREND_MIN = 3
# A change in Brier score smaller than this is no change worth a word.
TREND_STEP = 0.02


@dataclass(frozen=True)
class Judged:
    """One judged prediction: when it was judged, how sure the team was, what happened."""

    cycle: Cycle
    prediction: str
    day: dt.date
    confidence: float | None
    met: bool


@dataclass(frozen=True)
class Score:
    """Hit rate over the judged predictions, Brier score over those with a confidence."""

    judged: int
    met: int
    scored: int  # judged with a confidence
    brier: float | None
    stated: float | None  # mean confidence of the scored ones
    observed: float | None  # share of the scored ones that came true

    @property
    def rate(self) -> float | None:
        """Share of judged predictions that came true."""
        return self.met / self.judged if self.judged else None


@dataclass(frozen=True)
class Bin:
    """One point of the reliability diagram: confidences in [low, high)."""

    low: float
    high: float
    count: int
    stated: float
    observed: float


@dataclass(frozen=True)
class Trend:
    """The first and the latest period with enough predictions, and which way it went."""

    first: tuple[str, Score]
    last: tuple[str, Score]
    direction: Literal["better", "worse", "same"]


@dataclass(frozen=True)
class CalibrationOverTime:
    """Everything the report's "Calibration over time" section shows."""

    period: Period
    overall: Score
    by_period: list[tuple[str, Score]]  # oldest first, only periods with judged predictions
    by_idea: dict[str, Score]  # "" for cycles without a change idea
    by_owner: dict[str, Score]  # "" for cycles without an owner
    bins: list[Bin]
    trend: Trend | None


def judged_day(cycle: Cycle) -> dt.date:
    """When a cycle's predictions were judged: the study date, else the nearest date before."""
    for day in (
        cycle.study.date if cycle.study else None,
        cycle.act.date if cycle.act else None,
        cycle.do.finished if cycle.do else None,
        cycle.started,
    ):
        if day is not None:
            return day
    return cycle.created


def judged_predictions(cycles: Iterable[Cycle]) -> list[Judged]:
    """Every prediction whose result says met or not met, of cycles that reached Study,
    oldest first. A cycle entered after the fact is left out: predictions written once the
    result was known would flatter the team's calibration."""
    found = []
    for cycle in cycles:
        if STATUS_ORDER[cycle.status] < STATUS_ORDER[Status.STUDY] or cycle.retrospective:
            continue
        day = judged_day(cycle)
        for p in cycle.plan.predictions:
            result = cycle.result(p.id)
            if result is not None and result.met is not None:
                found.append(Judged(cycle, p.id, day, p.confidence, result.met))
    return sorted(found, key=lambda j: (j.day, j.cycle.id, j.prediction))


def score(items: Sequence[Judged]) -> Score:
    """Hit rate and Brier score (mean of (confidence - outcome)^2; 0 is perfect)."""
    met = sum(1 for j in items if j.met)
    pairs = [(j.confidence, 1.0 if j.met else 0.0) for j in items if j.confidence is not None]
    if not pairs:
        return Score(len(items), met, 0, None, None, None)
    n = len(pairs)
    return Score(
        len(items),
        met,
        n,
        sum((c - o) ** 2 for c, o in pairs) / n,
        sum(c for c, _ in pairs) / n,
        sum(o for _, o in pairs) / n,
    )


def reliability(items: Sequence[Judged], bins: int = 10) -> list[Bin]:
    """Stated confidence against observed frequency in `bins` equal bands (the empty ones
    left out); a confidence of exactly 1 belongs to the top band."""
    pairs = [(j.confidence, 1.0 if j.met else 0.0) for j in items if j.confidence is not None]
    found = []
    for index in range(bins):
        low, high = index / bins, (index + 1) / bins
        inside = [(c, o) for c, o in pairs if low <= c < high or (index == bins - 1 and c == 1.0)]
        if inside:
            found.append(
                Bin(
                    low,
                    high,
                    len(inside),
                    sum(c for c, _ in inside) / len(inside),
                    sum(o for _, o in inside) / len(inside),
                )
            )
    return found


def period_label(day: dt.date, period: Period) -> str:
    """`2026 Q1`, `2026-03`, `2026 H1` or `2026`: labels that sort in time order."""
    if period == "month":
        return f"{day.year}-{day.month:02d}"
    if period == "quarter":
        return f"{day.year} Q{(day.month - 1) // 3 + 1}"
    if period == "half":
        return f"{day.year} H{1 if day.month <= 6 else 2}"
    return str(day.year)


def _grouped(items: Sequence[Judged], keys: Callable[[Judged], Iterable[str]]) -> dict[str, Score]:
    groups: dict[str, list[Judged]] = {}
    for item in items:
        for key in keys(item):
            groups.setdefault(key, []).append(item)
    return {key: score(group) for key, group in groups.items()}


def trend(by_period: Sequence[tuple[str, Score]]) -> Trend | None:
    """First against latest period with at least TREND_MIN scored predictions."""
    enough = [(label, s) for label, s in by_period if s.scored >= TREND_MIN and s.brier is not None]
    if len(enough) < 2:
        return None
    first, last = enough[0], enough[-1]
    assert first[1].brier is not None and last[1].brier is not None
    change = last[1].brier - first[1].brier
    direction: Literal["better", "worse", "same"] = (
        "same" if abs(change) < TREND_STEP else ("better" if change < 0 else "worse")
    )
    return Trend(first, last, direction)


def over_time(cycles: Iterable[Cycle], period: Period = "quarter") -> CalibrationOverTime:
    """Hit rate and Brier score per period, change idea and owner, and the reliability bins."""
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")
    items = judged_predictions(cycles)
    by_period = sorted(
        _grouped(items, lambda j: [period_label(j.day, period)]).items(), key=lambda kv: kv[0]
    )
    return CalibrationOverTime(
        period=period,
        overall=score(items),
        by_period=by_period,
        by_idea=_grouped(items, lambda j: j.cycle.ideas or [""]),
        by_owner=_grouped(items, lambda j: [j.cycle.owner or ""]),
        bins=reliability(items),
        trend=trend(by_period),
    )
