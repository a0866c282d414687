"""Centre line and 3-sigma (and 2-sigma) limits of one chart part, per chart type.

Each function mirrors the chart function of qicharts2 0.8.1 (``qic.i``, ``qic.p``, ...; see
``spc-rules.md``): the centre line and sigma come from the part's *base* rows (baseline and not
excluded), the limits are given for every row. Limits are a float for one value per part, or an
array when they vary with the subgroup size. Multiplying and the non-finite-to-NaN step happen
later, in :mod:`pdsa.runchart.control`, exactly as qicharts2 orders them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import numpy as np

from pdsa.runchart.rmath import (
    NAN,
    Bools,
    Floats,
    Ints,
    a3,
    b3_b4,
    nan_mean,
    nan_median,
    nan_sum,
    plain_nan_mean,
    r_sd,
)

MR_SCREEN = 3.267  # Nelson's upper limit of moving ranges, as a multiple of their mean
D2 = 1.128  # mean moving range of two normal values, in sigmas
T_POWER = 3.6  # t chart: (time between events)^(1/3.6) is close to normal

Limit = float | Floats
_A = TypeVar("_A", bound=np.ndarray[Any, Any])


@dataclass(slots=True)
class Part:
    """The rows of one part. ``base`` is None when every row is a base row."""

    y: Floats
    n: Floats | None
    y_sum: Floats
    y_length: Ints
    y_mean: Floats
    y_sd: Floats
    base: Bools | None
    categorical: bool
    screen: bool

    def b(self, values: _A) -> _A:
        """The base rows of ``values``."""
        return values if self.base is None else cast(_A, values[self.base])


@dataclass(slots=True)
class Lines:
    """The chart's y (some charts plot a derived value), centre line and limits of a part."""

    y: Floats
    cl: float
    lcl: Limit
    ucl: Limit
    lcl_95: Limit
    ucl_95: Limit


def _around(y: Floats, cl: float, sigma: Limit) -> Lines:
    s3, s2 = 3 * sigma, 2 * sigma
    return Lines(y, cl, cl - s3, cl + s3, cl - s2, cl + s2)


def mr_sigma(values: Floats, screen: bool) -> float:
    """Mean moving range / 1.128, moving ranges >= 3.267 x their mean dropped once if screening.

    NaN values are not bridged: both moving ranges next to one are missing and left out.
    """
    mr = np.abs(np.diff(values))
    amr = plain_nan_mean(mr)
    if screen:
        kept = mr[mr < MR_SCREEN * amr]  # NaN compares False, and R drops it from the mean too
        amr = float(kept.mean()) if kept.size else NAN
    return amr / D2


def _clamp_limit(value: Limit, lo: float | None, hi: float | None) -> Limit:
    """Clamp finite limits only: an infinite limit stays so (and later becomes NaN), as in R."""
    if not isinstance(value, np.ndarray):
        if not math.isfinite(value):
            return value
        if lo is not None and value < lo:
            return lo
        return hi if hi is not None and value > hi else value
    infinite = np.isinf(value)
    clamped = np.clip(value, lo, hi)
    if infinite.any():
        clamped[infinite] = value[infinite]
    return clamped


def _clamp(lines: Lines, upper: bool) -> Lines:
    """LCL < 0 becomes 0; with ``upper`` (proportions) UCL > 1 becomes 1 too."""
    lines.lcl = _clamp_limit(lines.lcl, 0.0, None)
    lines.lcl_95 = _clamp_limit(lines.lcl_95, 0.0, None)
    if upper:
        lines.ucl = _clamp_limit(lines.ucl, None, 1.0)
        lines.ucl_95 = _clamp_limit(lines.ucl_95, None, 1.0)
    return lines


def run_chart(p: Part) -> Lines:
    return Lines(p.y, nan_median(p.b(p.y)), NAN, NAN, NAN, NAN)


def _individuals(p: Part, y: Floats) -> tuple[float, float]:
    """I-chart centre line and sigma of ``y`` over the base rows (which bridge exclusions)."""
    yb = p.b(y)
    cl = nan_mean(yb)
    return cl, mr_sigma(yb - cl, p.screen)


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


def _proportion_cl(p: Part) -> float:
    assert p.n is not None
    return nan_sum(p.b(p.y_sum)) / nan_sum(p.b(p.n))


def _laney(p: Part, cl: float, stdev: Floats) -> Floats:
    """Scale each subgroup's sigma by the spread of the z scores between subgroups."""
    z = (p.b(p.y) - cl) / p.b(stdev)
    if p.categorical:
        sigma_z = r_sd(z) if not np.isnan(z).any() else NAN
    else:
        sigma_z = mr_sigma(z, p.screen)
    return stdev * sigma_z


def _binomial_sd(p: Part, cl: float) -> Floats:
    assert p.n is not None
    return np.sqrt(cl * (1 - cl) / p.n)


def _poisson_sd(p: Part, cl: float) -> Floats:
    assert p.n is not None
    return np.sqrt(cl / p.n)


def p_chart(p: Part) -> Lines:
    cl = _proportion_cl(p)
    return _clamp(_around(p.y, cl, _binomial_sd(p, cl)), upper=True)


def pp_chart(p: Part) -> Lines:
    cl = _proportion_cl(p)
    return _clamp(_around(p.y, cl, _laney(p, cl, _binomial_sd(p, cl))), upper=True)


def c_chart(p: Part) -> Lines:
    cl = nan_mean(p.b(p.y_sum))
    return _clamp(_around(p.y_sum, cl, math.sqrt(cl) if cl >= 0 else NAN), upper=False)


def u_chart(p: Part) -> Lines:
    cl = _proportion_cl(p)
    return _clamp(_around(p.y, cl, _poisson_sd(p, cl)), upper=False)


def up_chart(p: Part) -> Lines:
    cl = _proportion_cl(p)
    return _clamp(_around(p.y, cl, _laney(p, cl, _poisson_sd(p, cl))), upper=False)


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


CHARTS: dict[str, Callable[[Part], Lines]] = {
    "run": run_chart,
    "i": i_chart,
    "mr": mr_chart,
    "xbar": xbar_chart,
    "s": s_chart,
    "t": t_chart,
    "p": p_chart,
    "pp": pp_chart,
    "c": c_chart,
    "u": u_chart,
    "up": up_chart,
    "g": g_chart,
}
