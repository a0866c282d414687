"""What a run-chart analysis finds: the Anhøj limits, the per-phase results and the whole.

Shared by the pure-Python analysis (:mod:`pdsa.runchart.anhoej`) and its vectorised twin
(:mod:`pdsa.runchart.anhoej_np`), so both build the very same objects.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any

from pdsa.runchart.ihi import IhiResult, Run, Trend, binom_half_quantile
from pdsa.vocab import SIGNAL_RULES, SignalRules

_RULES = SIGNAL_RULES


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

    values: Sequence[float | None]
    centre_line: Sequence[float | None]
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
