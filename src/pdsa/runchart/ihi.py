"""IHI run-chart rules (Perla, Provost & Murray 2011) and the exact limit distributions.

Split out of :mod:`pdsa.runchart`, which re-exports the public names; import from there.
Shifts are runs of :data:`SHIFT_MIN` or more useful points, found by the runs scan in
``runchart``; this module holds the trend scan, the IHI runs limits and the integer/float
tail-quantile helpers that the Anhøj crossings limit shares.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any, Literal

Side = Literal["above", "below"]
Direction = Literal["increasing", "decreasing"]

SHIFT_MIN = 6  # six or more points on one side of the median
TREND_MIN = 5  # five or more points going the same way
# Above this many points the limit distributions are first summed in floating point (see
# first_over_float); up to it the integer sums take a few milliseconds at most.
EXACT_MAX = 5000


@dataclass(frozen=True, slots=True)
class Run:
    """Consecutive useful points on one side of the centre line (points on it are skipped)."""

    start: int
    end: int
    n_points: int
    side: Side

    def to_dict(self) -> dict[str, Any]:
        """Reference-file form."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True, slots=True)
class Trend:
    """IHI trend; ``start``/``end`` are the inner ends of tied end groups, ``*_tied`` the outer.

    In 3, 3, 4, 5, 6, 7 the trend has 5 counted points, ``start`` = 2, ``start_first_tied`` = 1.
    """

    start: int
    end: int
    n_points: int
    direction: Direction
    start_first_tied: int
    end_last_tied: int

    def to_dict(self) -> dict[str, Any]:
        """Reference-file form."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


# The reference file's key order.
_IHI_KEYS = (
    *("n_useful", "n_runs", "shift", "shifts", "trend", "trends", "runs_lower_limit"),
    *("runs_upper_limit", "too_few_runs", "too_many_runs", "runs_verdict_robust", "median"),
)


@dataclass(frozen=True, slots=True)
class IhiResult:
    """IHI rules for one phase. Below 10 useful points the runs rule does not apply: the limits
    and ``runs_verdict_robust`` are None and ``too_few_runs``/``too_many_runs`` False."""

    median: float | None
    n_useful: int
    n_runs: int | None  # None when no point is useful
    shifts: Sequence[Run]  # a tuple, or a lazy sequence from the vectorised analysis
    trends: Sequence[Trend]
    runs_lower_limit: int | None
    runs_upper_limit: int | None
    too_few_runs: bool
    too_many_runs: bool
    runs_verdict_robust: bool | None  # the verdict survives moving either limit by one

    @property
    def shift(self) -> bool:
        """At least one shift."""
        return bool(self.shifts)

    @property
    def trend(self) -> bool:
        """At least one trend."""
        return bool(self.trends)

    @property
    def signal(self) -> bool:
        """Any IHI signal in this phase."""
        return self.shift or self.trend or self.too_few_runs or self.too_many_runs

    def to_dict(self) -> dict[str, Any]:
        """Reference-file form (without the phase fields)."""
        out = {k: getattr(self, k) for k in _IHI_KEYS}
        out["shifts"] = [s.to_dict() for s in self.shifts]
        out["trends"] = [t.to_dict() for t in self.trends]
        return out


def ihi_result(
    median: float | None,
    n_useful: int,
    n_runs: int,
    shifts: Sequence[Run],
    trends: Sequence[Trend],
) -> IhiResult:
    """Apply the runs table to a phase's counts (``n_runs`` is ignored when nothing is useful)."""
    limits = ihi_runs_limits(n_useful)
    too_few = too_many = False
    robust: bool | None = None
    if limits is not None:
        lower, upper = limits
        too_few, too_many = n_runs < lower, n_runs > upper
        # runs < lower flips when lower moves by one iff runs is lower - 1 or lower; likewise up.
        robust = n_runs not in (lower - 1, lower) and n_runs not in (upper, upper + 1)
    return IhiResult(
        median,
        n_useful,
        n_runs if n_useful else None,
        shifts,
        trends,
        limits[0] if limits else None,
        limits[1] if limits else None,
        too_few,
        too_many,
        robust,
    )


def find_trends(points: Iterable[int], ys: Sequence[float | None]) -> tuple[Trend, ...]:
    """IHI trends over ``points`` (1-based, non-missing): equal neighbours count once, and an up
    and a down trend may share their turning point. The median plays no part."""
    found: list[Trend] = []
    # Current tie group (first, last point, value); current monotone segment: direction, its first
    # group's first/last points, and how many groups it spans.
    g_first = g_last = 0
    g_val = 0.0
    direction = seg_first = seg_last = seg_len = 0

    def close() -> None:
        if seg_len >= TREND_MIN:
            way: Direction = "increasing" if direction > 0 else "decreasing"
            found.append(Trend(seg_last, g_first, seg_len, way, seg_first, g_last))

    for p in points:
        y = ys[p - 1]
        assert y is not None
        if seg_len and y == g_val:
            g_last = p
            continue
        d = 1 if y > g_val else -1
        if seg_len and d == direction:
            seg_len += 1
        elif seg_len:
            close()  # the turning group ends this segment and starts the next
            direction, seg_first, seg_last, seg_len = d, g_first, g_last, 2
        else:
            seg_len = 1
        g_first = g_last = p
        g_val = y
    close()
    return tuple(found)


@lru_cache(maxsize=4096)
def ihi_runs_limits(n: int) -> tuple[int, int] | None:
    """IHI runs limits ``(lower, upper)`` for ``n`` useful points, or None below 10 points.

    From the exact Swed-Eisenhart distribution of the number of runs, with n1 = floor(n/2) and
    n2 = ceil(n/2) points on the two sides and 2.5 % per tail: too few if runs < lower, too many
    if runs > upper. Up to ``EXACT_MAX`` points the tails are summed in exact integers. Beyond it
    the same exact distribution is summed in floating point (log-gamma terms) from 20 standard
    deviations out, and the result is kept only when the cumulative sums either side of each limit
    clear 2.5 % by far more than the rounding error plus a bound on the terms left out; otherwise
    the integer sums decide. The tests check this path against the integer sums for n <= 3000;
    for n = 100,000 it takes about 10 ms where the integer sums would take seconds.
    """
    if n < 10:
        return None
    n1 = n // 2
    n2 = n - n1
    a, b = n1 - 1, n2 - 1  # the runs formulas use C(n1 - 1, .) and C(n2 - 1, .)
    if n > EXACT_MAX:
        mean = 2 * n1 * n2 / n + 1
        sd = math.sqrt(2 * n1 * n2 * (2 * n1 * n2 - n) / (n * n * (n - 1)))
        lo_from, hi_from = max(2, int(mean - 10 * sd)), min(n, int(mean + 10 * sd) + 1)
        lower = first_over_float(_runs_terms(a, b, lo_from, 1), 0.025, n)
        upper = first_over_float(_runs_terms(a, b, hi_from, -1), 0.025, n)
        if lower is not None and upper is not None:
            return lower, upper
    comb_a = [*comb_row(a), *[0] * (n - a)]
    comb_b = [*comb_row(b), *[0] * (n - b)]

    def count(r: int) -> int:  # arrangements with exactly r runs
        k, odd = divmod(r, 2)
        if odd:
            return comb_a[k] * comb_b[k - 1] + comb_a[k - 1] * comb_b[k]
        return 2 * comb_a[k - 1] * comb_b[k - 1]

    total = math.comb(n, n1)
    lower = first_over(((r, count(r)) for r in range(2, n + 1)), total, 40)
    upper = first_over(((r, count(r)) for r in range(n, 1, -1)), total, 40)
    return lower, upper


def binom_half_quantile(m: int, per: int) -> int:
    """Smallest q with P(X <= q) > 1/per for X ~ Bin(m, 1/2), exactly (see ihi_runs_limits)."""
    if m > EXACT_MAX:
        first = max(0, int(m / 2 - 5 * math.sqrt(m)))  # 10 standard deviations below the mean

        def terms() -> Iterator[tuple[int, float]]:
            p = math.exp(log_comb(m, first) - m * math.log(2))
            for i in range(first, m + 1):
                yield i, p
                p = p * (m - i) / (i + 1)

        q = first_over_float(terms(), 1 / per, m)
        if q is not None:
            return q
    return first_over(enumerate(comb_row(m)), 1 << m, per)


def _runs_terms(a: int, b: int, r: int, step: int) -> Iterator[tuple[int, float]]:
    """P(R = r), P(R = r + step), ... for the number of runs R of a + 1 and b + 1 points.

    With p(k) = C(a, k - 1) C(b, k - 1) / C(a + b + 2, a + 1): P(R = 2k) = 2 p(k) and
    P(R = 2k + 1) = p(k) ((a - k + 1) + (b - k + 1)) / k. Log-gamma gives the first p(k); a
    multiplicative recurrence the rest (one rounding per step, far inside the margin of
    first_over_float). p(k) is at most 1/2, so the walk never overflows.
    """
    k = r // 2
    p = math.exp(log_comb(a, k - 1) + log_comb(b, k - 1) - log_comb(a + b + 2, a + 1))
    while 2 <= r <= a + b + 2:
        if r % 2:
            yield r, p * ((a - k + 1) + (b - k + 1)) / k
        else:
            yield r, 2 * p
        r += step
        if step > 0 and r % 2 == 0:  # into the next k
            p = p * ((a - k + 1) * (b - k + 1)) / (k * k)
            k += 1
        elif step < 0 and r % 2:  # back into the previous k
            k -= 1
            p = p * (k * k) / ((a - k + 1) * (b - k + 1))
    return


def comb_row(n: int) -> Iterator[int]:
    """C(n, 0), C(n, 1), ..., C(n, n) by the multiplicative recurrence (far cheaper than comb)."""
    c = 1
    for k in range(n + 1):
        yield c
        c = c * (n - k) // (k + 1)


def log_comb(n: int, k: int) -> float:
    """ln C(n, k), -inf outside 0 <= k <= n."""
    if k < 0 or k > n:
        return -math.inf
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def first_over(terms: Iterable[tuple[int, int]], total: int, per: int) -> int:
    """First x whose cumulative count exceeds ``total / per``, in exact integers."""
    cum = 0
    for x, count in terms:
        cum += count
        if cum * per > total:
            return x
    raise AssertionError("the counts never reached the quantile")


def first_over_float(terms: Iterable[tuple[int, float]], alpha: float, n: int) -> int | None:
    """First x whose cumulative probability exceeds ``alpha``, or None when too close to call.

    The terms start 20 standard deviations into the tail; the terms left out are smaller than the
    first two (the tails rise towards the mode) and there are fewer than n of them.
    """
    margin = alpha * 1e-12 * n * math.log(n)  # generous bound on log-gamma rounding, relative
    cum = omitted = 0.0
    for i, (x, p) in enumerate(terms):
        if i < 2:
            omitted = max(omitted, n * p)
        before, cum = cum, cum + p
        if cum > alpha:
            slack = margin + omitted
            return x if before + slack < alpha < cum - slack else None
    return None
