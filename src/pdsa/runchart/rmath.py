"""R's arithmetic where the last bit matters, vectorised with NumPy.

The runs analysis compares points with the centre line for exact equality, so a centre line
must be the very double R computes. R's ``sum()`` accumulates in long double and its ``mean()``
adds a second correction pass, so both are (almost always) the exactly rounded result. Up to
:data:`EXACT_MAX` values we compute that exactly rounded result with :func:`math.fsum`; above
it, where a Python-level pass would cost more than the whole chart, NumPy's pairwise sum with
R's own correction pass, whose error is a small fraction of an ulp for such long series.

Also: R's ``median``, ``sd`` and the bias-correction constants c4, A3, B3, B4 of the xbar and
s charts (``c4(n) = sqrt(2/(n-1)) * exp(lgamma(n/2) - lgamma((n-1)/2))``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from fractions import Fraction

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int64]

EXACT_MAX = 20_000
NAN = math.nan
# Long series are walked in blocks of this many values: the temporaries of a block stay in the
# CPU cache and are recycled by the allocator, where whole-series temporaries would each cost
# a fresh 8 MB (per million points) of page faults, more than the arithmetic done in them.
CHUNK = 1 << 16


def block_size(size: int, overlap: int = 0) -> int:
    """The length of the largest block :func:`chunks` yields for ``size`` values."""
    return min(size, CHUNK + overlap)


def chunks(size: int, overlap: int = 0) -> Iterator[tuple[int, int]]:
    """``(start, stop)`` blocks covering ``range(size)``, each reaching ``overlap`` further."""
    for start in range(0, max(size - overlap, 1), CHUNK):
        yield start, min(start + CHUNK + overlap, size)


def finite_only(a: Floats) -> bool:
    """Whether every value is finite (fsum raises on inf - inf, R returns NaN)."""
    return bool(np.isfinite(a).all())


def r_sum(a: Floats) -> float:
    """``sum(a)`` as R computes it: the exactly rounded sum (``a`` has no NaN)."""
    if a.size <= EXACT_MAX and finite_only(a):
        try:
            return math.fsum(a.tolist())
        except OverflowError:
            pass
    return float(a.sum())


def r_mean(a: Floats) -> float:
    """``mean(a)`` of values without NaN as R computes it; NaN when ``a`` is empty."""
    n = a.size
    if n == 0:
        return NAN
    if n <= EXACT_MAX and finite_only(a):
        values = a.tolist()
        try:
            hi = math.fsum(values)
            values.append(-hi)
            lo = math.fsum(values)
        except OverflowError:
            return float(a.mean())
        # hi + lo is the exact sum to ~2**-106; one rounding of the quotient, as R's long double.
        return float((Fraction(hi) + Fraction(lo)) / n)
    m = float(a.sum()) / n
    if not math.isfinite(m):
        return m
    # R's second pass: the mean residual corrects most of the first sum's rounding error.
    residual = math.fsum(float((a[i:j] - m).sum()) for i, j in chunks(n))
    return m + residual / n


def _present(a: Floats, complete: bool) -> Floats:
    if complete:
        return a
    nan = np.isnan(a)
    return a[~nan] if nan.any() else a


def nan_mean(a: Floats, complete: bool = False) -> float:
    """``mean(a, na.rm = TRUE)`` with R's rounding; ``complete`` says ``a`` has no NaN."""
    return r_mean(_present(a, complete))


def plain_nan_mean(a: Floats, complete: bool = False) -> float:
    """``mean(a, na.rm = TRUE)`` for quantities only compared to 1e-9 (moving ranges)."""
    a = _present(a, complete)
    return float(a.mean()) if a.size else NAN


def nan_sum(a: Floats, complete: bool = False) -> float:
    """``sum(a, na.rm = TRUE)`` with R's rounding; 0 when nothing is left."""
    return r_sum(_present(a, complete))


def nan_median(a: Floats) -> float:
    """``median(a, na.rm = TRUE)``: the mean of the two middle values for an even count."""
    a = a[~np.isnan(a)]
    if a.size == 0:
        return NAN
    # NumPy averages the two middle values exactly as R's mean() of two doubles rounds.
    return float(np.median(a))


def r_sd(a: Floats) -> float:
    """``sd(a)`` (n - 1 denominator) of values without NaN; NaN for fewer than two."""
    if a.size < 2:
        return NAN
    m = r_mean(a)
    d = a - m
    return math.sqrt(float(np.dot(d, d)) / (a.size - 1))


# --- xbar and s chart constants ------------------------------------------------------------


def c4(n: Floats) -> Floats:
    """Bias correction of the sample SD; NaN for n <= 1 (computed per distinct n)."""
    out = np.full(n.shape, NAN)
    for size in np.unique(n[n > 1]):
        k = float(size)
        gamma_ratio = math.exp(math.lgamma(k / 2) - math.lgamma((k - 1) / 2))
        out[n == size] = math.sqrt(2 / (k - 1)) * gamma_ratio
    return out


def a3(n: Floats, sigmas: float) -> Floats:
    """``sigmas / (c4(n) * sqrt(n))``: the xbar limit half-width per unit of pooled SD."""
    with np.errstate(invalid="ignore"):
        return sigmas / (c4(n) * np.sqrt(n))


def b3_b4(n: Floats, sigmas: float) -> tuple[Floats, Floats]:
    """s-chart factors ``max(0, 1 - k*c5/c4)`` and ``1 + k*c5/c4`` with ``c5 = sqrt(1 - c4²)``."""
    c = c4(n)
    with np.errstate(invalid="ignore"):
        w = sigmas * np.sqrt(1 - c * c) / c
        lower = np.maximum(0.0, 1 - w)  # NaN for n <= 1 stays NaN, as R's pmax
    return lower, 1 + w
