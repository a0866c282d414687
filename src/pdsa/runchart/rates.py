"""Charts of rates with a denominator: p, Laney p' (pp), u and Laney u' (up).

qicharts2 0.8.1 (``qic.p``, ``qic.pp``, ``qic.u``, ``qic.up``): the centre line is the pooled
rate ``sum(y) / sum(n)`` over the base rows; each subgroup's sigma is ``sqrt(cl (1 - cl) / n)``
(p) or ``sqrt(cl / n)`` (u); Laney's charts multiply it by the spread of the subgroups' z scores
(the mean moving range of z / 1.128, or the SD of z for categorical x); limits below 0 become 0
and, for proportions, above 1 become 1, finite ones only.

The four limit columns are the output, so they are filled block by block in one go: each block's
sigma is computed once in a cache-sized buffer and written straight into the four columns, which
saves a dozen passes over a long series.
"""

from __future__ import annotations

import numpy as np

from pdsa.runchart.rmath import EXACT_MAX, NAN, Floats, block_size, chunks, nan_sum, r_sd
from pdsa.runchart.sigma import SAFE_SIGMA, Lines, Part, clamp_limit, mr_sigma


def _pooled_rate(p: Part) -> float:
    """Sum of the counts over the sum of the denominators (a missing subgroup adds its count)."""
    assert p.n is not None
    if p.totals is not None and p.n.size > EXACT_MAX:  # short series: fsum's exact sums
        return p.totals[0] / p.totals[1]
    return nan_sum(p.b(p.y_sum), p.complete) / nan_sum(p.b(p.n), p.complete)


def _sigma_z(p: Part, cl: float, q: float) -> float:
    """Laney's between-subgroup factor from the base subgroups' z scores."""
    assert p.n is not None
    z = np.sqrt(q / p.b(p.n))
    np.divide(p.b(p.y) - cl, z, out=z)
    if p.categorical:
        return r_sd(z) if not np.isnan(z).any() else NAN
    return mr_sigma(z, 0.0, p.screen)


def _lines(p: Part, cl: float, q: float, scale: float | None, upper: bool) -> Lines:
    """Limits ``cl -/+ k sqrt(q / n) [* scale]`` for k = 3 and 2, clamped to [0, 1] or [0, inf)."""
    assert p.n is not None
    size = p.n.size
    # One allocation for the four columns: the kernel backs a large one with huge pages, so
    # it faults in far fewer times than four separate ones.
    lcl, ucl, lcl_95, ucl_95 = np.empty((4, size))
    buffer = np.empty(block_size(size))
    finite = abs(cl) < SAFE_SIGMA  # False for NaN too
    all_finite = finite
    for a, b in chunks(size):
        sd = np.divide(q, p.n[a:b], out=buffer[: b - a])
        np.sqrt(sd, out=sd)
        if scale is not None:
            np.multiply(sd, scale, out=sd)
        top = float(sd.max(initial=0.0))
        block_finite = finite and top < SAFE_SIGMA
        all_finite = all_finite and block_finite
        # Rounding is monotonic, so the largest sigma tells whether any limit needs clamping.
        low = not block_finite or cl - 3 * top < 0
        high = upper and (not block_finite or cl + 3 * top > 1)
        for lower, upper_column, k in ((lcl, ucl, 3), (lcl_95, ucl_95, 2)):
            # k * sd once, in the upper column's block; then cl - it and cl + it, as R.
            width = np.multiply(sd, k, out=upper_column[a:b])
            low_block = np.subtract(cl, width, out=lower[a:b])
            high_block = np.add(cl, width, out=width)
            if low:
                _clamp_block(low_block, 0.0, None, block_finite)
            if high:
                _clamp_block(high_block, None, 1.0, block_finite)
    return Lines(p.y, cl, lcl, ucl, lcl_95, ucl_95, all_finite)


def _clamp_block(block: Floats, lo: float | None, hi: float | None, finite: bool) -> None:
    clamped = clamp_limit(block, lo, hi, finite)
    if clamped is not block:
        block[...] = clamped


def p_chart(p: Part) -> Lines:
    cl = _pooled_rate(p)
    return _lines(p, cl, cl * (1 - cl), None, upper=True)


def pp_chart(p: Part) -> Lines:
    cl = _pooled_rate(p)
    q = cl * (1 - cl)
    return _lines(p, cl, q, _sigma_z(p, cl, q), upper=True)


def u_chart(p: Part) -> Lines:
    cl = _pooled_rate(p)
    return _lines(p, cl, cl, None, upper=False)


def up_chart(p: Part) -> Lines:
    cl = _pooled_rate(p)
    return _lines(p, cl, cl, _sigma_z(p, cl, cl), upper=False)
