"""Run-chart analysis: the Anhøj rules exactly as qicharts2 0.8.1 computes them, plus the IHI rules.

``analyze()`` reproduces every field of qicharts2's own outputs
(``tests/data/runchart-qicharts2.json``); docs/measures.md ("The rules, exactly") states the
rules. Point numbers are 1-based along the whole series, missing values included, as in
qicharts2. Pure functions, standard library only; the IHI pieces
live in :mod:`pdsa.runchart.ihi` and are re-exported here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from itertools import pairwise
from typing import Any

from pdsa.runchart.ihi import (
    SHIFT_MIN,
    TREND_MIN,
    Direction,
    IhiResult,
    Run,
    Side,
    Trend,
    binom_half_quantile,
    find_trends,
    ihi_result,
    ihi_runs_limits,
)
from pdsa.vocab import SIGNAL_RULES, SignalRules

__all__ = [
    "SHIFT_MIN",
    "TREND_MIN",
    "Analysis",
    "AnhoejResult",
    "Direction",
    "IhiResult",
    "PhaseAnalysis",
    "Run",
    "Side",
    "Trend",
    "analyze",
    "crossings_min",
    "ihi_runs_limits",
    "longest_run_max",
]

_RULES = SIGNAL_RULES
_LONG_RUN_FLOOR = 4  # longest_run_max(n) >= 4 for every n >= 2, so shorter runs never signal


# --- Critical values ---------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def longest_run_max(n: int) -> int:
    """Anhøj longest-run limit for ``n`` useful points, ``round(log2(n)) + 3``: signal if above."""
    if n < 1:
        raise ValueError(f"longest_run_max needs n >= 1, got {n}")
    k = n.bit_length() - 1
    # round(log2 n) is k or k + 1; comparing n**2 with 2**(2k+1) decides it without floating point.
    return k + (1 if n * n > 1 << (2 * k + 1) else 0) + 3


@lru_cache(maxsize=4096)
def crossings_min(n: int) -> int:
    """Anhøj crossings limit for ``n`` useful points: ``qbinom(0.05, n - 1, 0.5)``.

    The smallest q with P(X <= q) >= 0.05 for X ~ Bin(n - 1, 1/2); signal if the crossings are
    fewer. Exact integer sums (P(X <= q) never equals 0.05, as 2**m / 20 is not an integer), with
    the verified floating-point shortcut of :func:`ihi_runs_limits` for very large n.
    """
    if n < 1:
        raise ValueError(f"crossings_min needs n >= 1, got {n}")
    return binom_half_quantile(n - 1, 20)


# --- Results -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AnhoejResult:
    """Anhøj runs analysis of one phase; the statistics are None when no point is useful."""

    median: float | None
    n_obs: int
    n_useful: int
    longest_run: int | None
    longest_run_max: int | None
    n_crossings: int | None
    n_crossings_min: int | None
    runs_signal: bool
    long_runs: tuple[Run, ...]  # the runs longer than longest_run_max

    @property
    def long_run_signal(self) -> bool:
        """The longest run exceeds its limit."""
        return bool(self.long_runs)

    @property
    def crossings_signal(self) -> bool:
        """Too few crossings of the centre line."""
        if self.n_crossings is None or self.n_crossings_min is None:
            return False
        return self.n_crossings < self.n_crossings_min

    def to_dict(self) -> dict[str, Any]:
        """Reference-file form (without the phase fields)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "long_runs"}


@dataclass(frozen=True, slots=True)
class PhaseAnalysis:
    """One phase: points ``start``..``end`` (1-based, inclusive) and its results.

    ``centre`` is None when the phase has no value to take a median of, or when a per-point
    centre varies within it. ``baseline_end`` is the last point of the baseline the median came
    from (``freeze``, else the phase end; also the phase end for a supplied centre).
    """

    number: int
    start: int
    end: int
    centre: float | None
    baseline_end: int
    anhoej: AnhoejResult
    ihi: IhiResult

    def _head(self) -> dict[str, Any]:
        return {"phase": self.number, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Analysis:
    """Result of :func:`analyze`."""

    values: tuple[float | None, ...]
    centre_line: list[float | None]
    excluded: frozenset[int]
    phases: list[PhaseAnalysis]

    def signal(self, signal_rules: SignalRules = "anhoej") -> bool:
        """Whether any phase signals under the rule set."""
        _check_rules(signal_rules)
        anhoej = any(p.anhoej.runs_signal for p in self.phases)
        ihi = any(p.ihi.signal for p in self.phases)
        return {"anhoej": anhoej, "ihi": ihi, "both": anhoej or ihi}[signal_rules]

    def signal_points(self, signal_rules: SignalRules = "anhoej") -> dict[str, set[int]]:
        """Point numbers to highlight: ``run`` (Anhøj long runs, IHI shifts) and ``trend`` (IHI).

        Only the useful points of a run are listed, and only included, non-missing points of a
        trend. Too few crossings or runs concern the whole phase, so they have no points.
        """
        _check_rules(signal_rules)
        runs: list[Run] = []
        trends: list[Trend] = []
        for phase in self.phases:
            if signal_rules != "ihi":
                runs.extend(phase.anhoej.long_runs)
            if signal_rules != "anhoej":
                runs.extend(phase.ihi.shifts)
                trends.extend(phase.ihi.trends)
        run_points = {p for r in runs for p in self._points(r.start, r.end, useful_only=True)}
        trend_points = {
            p for t in trends for p in self._points(t.start_first_tied, t.end_last_tied, False)
        }
        return {"run": run_points, "trend": trend_points}

    def _points(self, start: int, end: int, useful_only: bool) -> Iterable[int]:
        for p in range(start, end + 1):
            y, c = self.values[p - 1], self.centre_line[p - 1]
            if y is not None and p not in self.excluded and not (useful_only and y == c):
                yield p

    def to_dict(self) -> dict[str, Any]:
        """The ``expected`` block of the reference file, with the same keys and types."""
        ph = self.phases
        return {
            "anhoej": {
                "runs_signal_any": any(p.anhoej.runs_signal for p in ph),
                "per_phase": [p._head() | p.anhoej.to_dict() for p in ph],
            },
            "ihi": {
                "shift_any": any(p.ihi.shift for p in ph),
                "trend_any": any(p.ihi.trend for p in ph),
                "too_few_runs_any": any(p.ihi.too_few_runs for p in ph),
                "too_many_runs_any": any(p.ihi.too_many_runs for p in ph),
                "per_phase": [p._head() | p.ihi.to_dict() for p in ph],
            },
        }


def _check_rules(signal_rules: str) -> None:
    if signal_rules not in _RULES:
        raise ValueError(f"rules must be one of {', '.join(_RULES)}, got {signal_rules!r}")


# --- Analysis ----------------------------------------------------------------------------------


def analyze(
    values: Sequence[float | None],
    *,
    freeze: int | None = None,
    parts: Sequence[int] | None = None,
    exclude: Sequence[int] | None = None,
    centre: float | Sequence[float] | None = None,
) -> Analysis:
    """Run-chart analysis of ``values`` (None or NaN = missing) with qicharts2's semantics.

    ``freeze``: the median comes from points 1..freeze and the rules run over the whole series.
    ``parts``: the last point of each phase but the final one; values outside 1..n-1 are dropped
    and, as in qicharts2, a non-empty ``parts`` makes ``freeze`` ignored. ``exclude``: points left
    out of both the median and every rule. ``centre``: a fixed centre line instead of the median,
    a scalar or one value per point.
    """
    # NaN counts as missing (it is not equal to itself).
    ys = tuple(None if v is None or (f := float(v)) != f else f for v in values)
    n = len(ys)
    if parts:
        freeze = None  # qicharts2 sets freeze to Inf whenever part is given
        cuts = sorted({p for p in parts if 0 < p < n})
    else:
        cuts = []
    if freeze is not None and freeze < 1:
        raise ValueError(f"freeze must be a point number >= 1, got {freeze}")
    excluded = frozenset(exclude or ())
    fixed = _centre_points(centre, n)
    bounds = [0, *cuts, n] if n else []
    centre_line: list[float | None] = []
    phases: list[PhaseAnalysis] = []
    for number, (lo, hi) in enumerate(pairwise(bounds), start=1):
        kept: Sequence[int] = (
            [i for i in range(lo, hi) if i + 1 not in excluded] if excluded else range(lo, hi)
        )
        if fixed is None:
            base_end = hi if freeze is None else min(freeze, hi)
            cl = _median([y for i in kept if i < base_end and (y := ys[i]) is not None])
            phase_cl: list[float | None] = [cl] * (hi - lo)
            phase_centre = cl
        else:
            base_end = hi
            phase_cl = [*fixed[lo:hi]]
            phase_centre = phase_cl[0] if len(set(phase_cl)) == 1 else None
        centre_line.extend(phase_cl)
        points = [i + 1 for i in kept if ys[i] is not None]
        anhoej, ihi = _analyze_phase(points, ys, centre_line, len(kept), phase_centre)
        phases.append(PhaseAnalysis(number, lo + 1, hi, phase_centre, base_end, anhoej, ihi))
    return Analysis(ys, centre_line, excluded, phases)


def _centre_points(centre: float | Sequence[float] | None, n: int) -> list[float] | None:
    if centre is None:
        return None
    if isinstance(centre, int | float):
        cs = [float(centre)] * n
    else:
        if len(centre) != n:
            raise ValueError(f"centre has {len(centre)} values for {n} points")
        cs = [float(c) for c in centre]
    if any(math.isnan(c) for c in cs):
        raise ValueError("centre values must be numbers, not NaN")
    return cs


def _median(xs: list[float]) -> float | None:
    """R's median: the mean of the two middle values for an even count."""
    if not xs:
        return None
    xs.sort()
    half = len(xs) // 2
    if len(xs) % 2:
        return xs[half]
    a, b = xs[half - 1], xs[half]
    mid = (a + b) / 2
    return a / 2 + b / 2 if math.isinf(mid) and math.isfinite(a) and math.isfinite(b) else mid


def _analyze_phase(
    points: list[int],
    ys: Sequence[float | None],
    centre_line: list[float | None],
    n_obs: int,
    centre: float | None,
) -> tuple[AnhoejResult, IhiResult]:
    """Both rule sets over the included, non-missing ``points`` of one phase."""
    runs: list[tuple[int, int, int, int]] = []  # (side, start, end, length) of 4+ point runs
    n_runs = n_useful = longest = 0
    side = start = end = length = 0
    for p in points:
        y, c = ys[p - 1], centre_line[p - 1]
        assert y is not None
        if c is None or y == c:
            continue  # on the centre line: neither breaks nor extends a run
        s = 1 if y > c else -1
        n_useful += 1
        if s == side:
            length += 1
            end = p
            continue
        if length >= _LONG_RUN_FLOOR:
            runs.append((side, start, end, length))
        longest = max(longest, length)
        n_runs += 1
        side, start, end, length = s, p, p, 1
    if length >= _LONG_RUN_FLOOR:
        runs.append((side, start, end, length))
    longest = max(longest, length)
    long_candidates = [Run(a, b, k, "above" if s > 0 else "below") for s, a, b, k in runs]

    if n_useful:
        run_max, cross_min = longest_run_max(n_useful), crossings_min(n_useful)
        anhoej = AnhoejResult(
            median=centre,
            n_obs=n_obs,
            n_useful=n_useful,
            longest_run=longest,
            longest_run_max=run_max,
            n_crossings=n_runs - 1,
            n_crossings_min=cross_min,
            runs_signal=longest > run_max or n_runs - 1 < cross_min,
            long_runs=tuple(r for r in long_candidates if r.n_points > run_max),
        )
    else:
        anhoej = AnhoejResult(centre, n_obs, 0, None, None, None, None, False, ())

    shifts = tuple(r for r in long_candidates if r.n_points >= SHIFT_MIN)
    return anhoej, ihi_result(centre, n_useful, n_runs, shifts, find_trends(points, ys))
