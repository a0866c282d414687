"""Centre line and 3-sigma (and 2-sigma) limits of one chart part, per chart type.

Each function mirrors the chart function of qicharts2 0.8.1 (``qic.i``, ``qic.p``, ...; see
``spc-rules.md``): the centre line and sigma come from the part's *base* rows (baseline and not
excluded), the limits are given for every row. Limits are a float for one value per part, or an
array when they vary with the subgroup size. Multiplying and the non-finite-to-NaN step happen
later, in :mod:`pdsa.runchart.control`, exactly as qicharts2 orders them.

Long series are the point of vectorising, so array work reuses buffers where it can: a fresh
8 MB array costs more in page faults than the arithmetic done in it.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import numpy as np

from pdsa.runchart.rmath import (
    EXACT_MAX,
    NAN,
    Bools,
    Floats,
    Ints,
    a3,
    b3_b4,
    block_size,
    chunks,
    nan_mean,
    nan_median,
    nan_sum,
)

MR_SCREEN = 3.267  # Nelson's upper limit of moving ranges, as a multiple of their mean
D2 = 1.128  # mean moving range of two normal values, in sigmas
T_POWER = 3.6  # t chart: (time between events)^(1/3.6) is close to normal
# Lines below this in size cannot overflow: not cl +/- 3 sigma, nor that times a multiplier
# below MULTIPLY_SAFE (see Lines.finite).
SAFE_SIGMA = 1e300
MULTIPLY_SAFE = 1e7

Limit = float | Floats
_A = TypeVar("_A", bound=np.ndarray[Any, Any])


@dataclass(slots=True)
class Part:
    """The rows of one part. ``base`` is None when every row is a base row; ``complete`` says
    that y, y_sum and n hold no NaN (so the NaN checks can be skipped); ``totals`` are the
    sums of y_sum and n over the part when an earlier pass has them."""

    y: Floats
    n: Floats | None
    y_sum: Floats
    y_length: Ints
    y_mean: Floats
    y_sd: Floats
    base: Bools | None
    categorical: bool
    screen: bool
    complete: bool = False
    totals: tuple[float, float] | None = None  # sums of y_sum and n, when already known

    def b(self, values: _A) -> _A:
        """The base rows of ``values``."""
        return values if self.base is None else cast(_A, values[self.base])


@dataclass(slots=True)
class Lines:
    """The chart's y (some charts plot a derived value), centre line and limits of a part.

    ``finite`` promises that every limit is finite and below ``SAFE_SIGMA`` in size, which
    spares the later checks.
    """

    y: Floats
    cl: float
    lcl: Limit
    ucl: Limit
    lcl_95: Limit
    ucl_95: Limit
    finite: bool = False


def _around(y: Floats, cl: float, sigma: float) -> Lines:
    """``cl -/+ 3 sigma`` and ``cl -/+ 2 sigma``, computed as R does (k * sigma, then +/-)."""
    s3, s2 = 3 * sigma, 2 * sigma
    return Lines(y, cl, cl - s3, cl + s3, cl - s2, cl + s2)


class _MovingRanges:
    """``abs(diff(values - offset))`` block by block.

    The block buffers are reused, so a long series needs no series-long temporaries. R takes
    the differences of ``y - cl``; a long series (over ``EXACT_MAX``, where the sums are not
    R's long double ones either) skips the subtraction, which changes the moving ranges by
    an ulp at most and saves two passes over the data.
    """

    def __init__(self, values: Floats, offset: float) -> None:
        self.values = values
        self.offset = offset if values.size <= EXACT_MAX else None
        size = block_size(values.size, overlap=1)
        self.t, self.mr = np.empty(size), np.empty(max(size - 1, 0))

    def __iter__(self) -> Iterator[Floats]:
        for a, b in chunks(self.values.size, overlap=1):
            t = self.values[a:b]
            if self.offset is not None:
                t = np.subtract(t, self.offset, out=self.t[: b - a])
            mr = np.subtract(t[1:], t[:-1], out=self.mr[: b - a - 1])
            yield np.abs(mr, out=mr)


def mr_sigma(values: Floats, offset: float, screen: bool, complete: bool = False) -> float:
    """Mean moving range of ``values - offset`` / 1.128, screened once if ``screen``.

    Screening drops moving ranges >= 3.267 x their mean and takes the mean again (Nelson).
    NaN values are not bridged: both moving ranges next to one are missing and left out.
    ``complete`` says ``values`` has no NaN.
    """
    ranges = _MovingRanges(values, offset)
    sums: list[float] = []
    count = 0
    for mr in ranges:
        if not complete and np.isnan(mr).any():
            mr = mr[~np.isnan(mr)]
        sums.append(float(mr.sum()))
        count += mr.size
    amr = math.fsum(sums) / count if count else NAN
    if screen and count:
        # The kept ones sum to the total less the (few) dropped ones; NaN is never dropped
        # here because it was never counted.
        limit = MR_SCREEN * amr
        for mr in ranges:
            dropped = mr[mr >= limit]
            sums.append(-float(dropped.sum()))
            count -= dropped.size
        amr = math.fsum(sums) / count if count else NAN
    return amr / D2


def clamp_limit(value: Limit, lo: float | None, hi: float | None, finite: bool) -> Limit:
    """Clamp finite limits only: an infinite limit stays so (and later becomes NaN), as in R."""
    if not isinstance(value, np.ndarray):
        if not math.isfinite(value):
            return value
        if lo is not None and value < lo:
            return lo
        return hi if hi is not None and value > hi else value
    if finite:  # nothing infinite to keep: clamp in place, if anything needs it
        if lo is not None and float(value.min(initial=lo)) < lo:
            np.maximum(value, lo, out=value)
        if hi is not None and float(value.max(initial=hi)) > hi:
            np.minimum(value, hi, out=value)
        return value
    infinite = np.isinf(value)
    clamped = np.clip(value, lo, hi)
    if infinite.any():
        clamped[infinite] = value[infinite]
    return clamped


def run_chart(p: Part) -> Lines:
    return Lines(p.y, nan_median(p.b(p.y)), NAN, NAN, NAN, NAN)


def _individuals(p: Part, y: Floats) -> tuple[float, float]:
    """I-chart centre line and sigma of ``y`` over the base rows (which bridge exclusions)."""
    yb = p.b(y)
    cl = nan_mean(yb, p.complete)
    return cl, mr_sigma(yb, cl, p.screen, p.complete)


def i_chart(p: Part) -> Lines:
    cl, sigma = _individuals(p, p.y)
    return _around(p.y, cl, sigma)


def mr_chart(p: Part) -> Lines:
    y = np.empty(p.y.size)
    y[0] = NAN
    np.abs(np.diff(p.y), out=y[1:])
    cl = nan_mean(p.b(y))
    return Lines(y, cl, 0.0, MR_SCREEN * cl, 0.0, (MR_SCREEN / 3) * 2 * cl)


def _pooled_sd(p: Part) -> float:
    """sqrt(sum((n_i - 1) s_i^2) / sum(n_i - 1)) over base rows; an empty subgroup adds -1."""
    lb, sb = p.b(p.y_length).astype(np.float64), p.b(p.y_sd)
    return math.sqrt(nan_sum((lb - 1) * sb * sb) / nan_sum(lb - 1))


def _variable_n(p: Part) -> bool:
    # Judged over every subgroup of the part, base or not, as qicharts2 does.
    return bool(np.unique(p.y_length).size > 1)


def xbar_chart(p: Part) -> Lines:
    lb = p.b(p.y_length).astype(np.float64)
    cl = nan_sum(lb * p.b(p.y_mean)) / nan_sum(lb)
    sd = _pooled_sd(p) if _variable_n(p) else nan_mean(p.b(p.y_sd))
    size = p.y_length.astype(np.float64)
    w3, w2 = a3(size, 3) * sd, a3(size, 2) * sd
    return Lines(p.y, cl, cl - w3, cl + w3, cl - w2, cl + w2)


def s_chart(p: Part) -> Lines:
    cl = _pooled_sd(p) if _variable_n(p) else nan_mean(p.b(p.y_sd))
    size = p.y_length.astype(np.float64)
    b3, b4 = b3_b4(size, 3)
    b3_95, b4_95 = b3_b4(size, 2)
    return Lines(p.y_sd, cl, b3 * cl, b4 * cl, b3_95 * cl, b4_95 * cl)


def _power(v: float, e: float) -> float:
    with np.errstate(invalid="ignore"):
        return float(np.power(np.float64(v), e))  # NaN for a negative base, as R's ^


def t_chart(p: Part) -> Lines:
    with np.errstate(invalid="ignore"):
        yt = np.power(p.y, 1 / T_POWER)
    cl, sigma = _individuals(p, yt)
    lcl = _power(cl - 3 * sigma, T_POWER)
    return Lines(
        np.power(yt, T_POWER),  # the round trip, as R returns it: it may differ in the last bit
        _power(cl, T_POWER),
        0.0 if math.isnan(lcl) else lcl,
        _power(cl + 3 * sigma, T_POWER),
        _power(cl - 2 * sigma, T_POWER),  # not clamped: a negative one ends up missing
        _power(cl + 2 * sigma, T_POWER),
    )


def c_chart(p: Part) -> Lines:
    cl = nan_mean(p.b(p.y_sum))
    lines = _around(p.y_sum, cl, math.sqrt(cl) if cl >= 0 else NAN)
    lines.lcl = clamp_limit(lines.lcl, 0.0, None, False)
    lines.lcl_95 = clamp_limit(lines.lcl_95, 0.0, None, False)
    return lines


def g_chart(p: Part) -> Lines:
    yb = p.b(p.y)
    m = nan_mean(yb)
    sigma = math.sqrt(m * (m + 1)) if m * (m + 1) >= 0 else NAN
    lcl, lcl_95 = m - 3 * sigma, m - 2 * sigma
    # The centre line shown and used by the runs analysis is the median, not the mean.
    return Lines(
        p.y,
        nan_median(yb),
        0.0 if lcl < 0 else lcl,
        m + 3 * sigma,
        0.0 if lcl_95 < 0 else lcl_95,
        m + 2 * sigma,
    )
