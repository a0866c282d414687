"""The run-chart analysis of :func:`pdsa.runchart.analyze`, vectorised with NumPy for long series.

The same statistics point for point (a property test holds the two paths to each other), as
a handful of array passes: the median by partition, runs by run-length encoding the sides of
the useful points, trends by run-length encoding the directions between tie groups. The
result's ``values`` and ``centre_line`` stay arrays behind read-only sequence views, so a
million-point series is not copied into a million Python objects.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar, overload

import numpy as np
import numpy.typing as npt

from pdsa.runchart.ihi import SHIFT_MIN, TREND_MIN, IhiResult, Run, Trend, ihi_result
from pdsa.runchart.results import (
    Analysis,
    AnhoejResult,
    PhaseAnalysis,
    crossings_min,
    longest_run_max,
)

Floats = npt.NDArray[np.float64]
_T = TypeVar("_T")


class ArrayView(Sequence[float | None]):
    """A float array seen as a sequence in which NaN reads as None (missing)."""

    __slots__ = ("_array",)

    def __init__(self, array: Floats) -> None:
        self._array = array

    def __len__(self) -> int:
        return int(self._array.size)

    @overload
    def __getitem__(self, index: int) -> float | None: ...

    @overload
    def __getitem__(self, index: slice) -> list[float | None]: ...

    def __getitem__(self, index: int | slice) -> float | list[float | None] | None:
        if isinstance(index, slice):
            return [None if v != v else v for v in self._array[index].tolist()]
        value = float(self._array[index])
        return None if value != value else value

    def __iter__(self) -> Iterator[float | None]:
        return iter(self[:])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


def analyze_array(
    values: Sequence[float | None] | Floats,
    *,
    cuts: Sequence[int],
    freeze: int | None,
    excluded: frozenset[int],
    fixed: Sequence[float] | None,
) -> Analysis:
    """:func:`pdsa.runchart.analyze` on checked arguments: ``cuts`` the sorted phase ends inside
    the series, ``fixed`` the supplied centre per point (None: medians)."""
    ys = as_array(values)
    n = int(ys.size)
    present = ~np.isnan(ys)
    if excluded:
        drop = np.fromiter((p - 1 for p in excluded if 0 < p <= n), np.int64)
        kept_mask = np.ones(n, dtype=bool)
        kept_mask[drop] = False
    else:
        kept_mask = None
    cl = np.empty(n, dtype=np.float64) if fixed is None else np.asarray(fixed, dtype=np.float64)
    bounds = [0, *cuts, n] if n else []
    phases: list[PhaseAnalysis] = []
    for number, (lo, hi) in enumerate(itertools.pairwise(bounds), start=1):
        if kept_mask is None:
            n_obs, use = hi - lo, present[lo:hi]
        else:
            n_obs = int(np.count_nonzero(kept_mask[lo:hi]))
            use = present[lo:hi] & kept_mask[lo:hi]
        if fixed is None:
            base_end = hi if freeze is None else min(freeze, hi)
            base = ys[lo:base_end] if kept_mask is None else ys[lo:base_end][kept_mask[lo:base_end]]
            centre = median(base)
            cl[lo:hi] = math.nan if centre is None else centre
        else:
            base_end = hi
            phase_cl = cl[lo:hi]
            centre = float(phase_cl[0]) if bool((phase_cl == phase_cl[0]).all()) else None
        if use.all():  # the common case: no gap, nothing excluded; no copies
            y, c, numbers = ys[lo:hi], cl[lo:hi], _Numbers(lo + 1)
        else:
            indices = np.flatnonzero(use) + lo
            y, c, numbers = ys[indices], cl[indices], _Numbers(lo + 1, indices - lo)
        anhoej, ihi = phase_results(y, numbers, centre, c if centre is None else centre, n_obs)
        phases.append(PhaseAnalysis(number, lo + 1, hi, centre, base_end, anhoej, ihi))
    ys.flags.writeable = False
    cl.flags.writeable = False
    return Analysis(ArrayView(ys), ArrayView(cl), excluded, phases)


def as_array(values: Sequence[float | None] | Floats) -> Floats:
    """The values as a fresh float64 array, NaN for missing (NumPy reads None as NaN)."""
    return np.array(values, dtype=np.float64)


def median(y: Floats) -> float | None:
    """R's median of the non-missing values: the mean of the two middle values when even."""
    if np.isnan(y).any():
        y = y[~np.isnan(y)]
    n = int(y.size)
    if n == 0:
        return None
    half = n // 2
    if n % 2:
        return float(np.partition(y, half)[half])
    part = np.partition(y, [half - 1, half])
    a, b = float(part[half - 1]), float(part[half])
    mid = (a + b) / 2
    if mid != mid:
        return None  # inf and -inf in the middle: there is no centre to judge runs about
    return a / 2 + b / 2 if math.isinf(mid) and math.isfinite(a) and math.isfinite(b) else mid


class Found(Sequence[_T]):
    """Runs or trends a rule found, kept as columns and built as they are read: a million
    points hold tens of thousands of IHI shifts and trends that most callers only count."""

    __slots__ = ("_columns", "_make")

    def __init__(self, make: Callable[..., _T], *columns: npt.NDArray[Any]) -> None:
        self._make = make
        self._columns = columns

    def __len__(self) -> int:
        return int(self._columns[0].size)

    @overload
    def __getitem__(self, index: int) -> _T: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[_T, ...]: ...

    def __getitem__(self, index: int | slice) -> _T | tuple[_T, ...]:
        if isinstance(index, slice):
            return tuple(Found(self._make, *(c[index] for c in self._columns)))
        return self._make(*(c[index].item() for c in self._columns))

    def __iter__(self) -> Iterator[_T]:
        return (self._make(*row) for row in zip(*(c.tolist() for c in self._columns), strict=True))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))


def _run(start: int, end: int, count: int, above: bool) -> Run:
    return Run(start, end, count, "above" if above else "below")


def _trend(start: int, end: int, groups: int, up: bool, first: int, last: int) -> Trend:
    return Trend(start, end, groups, "increasing" if up else "decreasing", first, last)


def _starts(changes: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
    """Indices where a new stretch begins, given where each element differs from the one before
    it (``changes[i]`` compares elements i and i + 1); the first element always begins one."""
    return np.concatenate((np.zeros(1, np.int64), np.flatnonzero(changes) + 1))


class _Numbers:
    """Point numbers (1-based) of a phase's analysed values, by their index among them."""

    __slots__ = ("_first", "_offsets")

    def __init__(self, first: int, offsets: npt.NDArray[np.int64] | None = None) -> None:
        self._first = first
        self._offsets = offsets  # None: the values are consecutive points

    def __getitem__(self, index: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        offsets = index if self._offsets is None else self._offsets[index]
        return offsets + self._first


def phase_results(
    y: Floats, numbers: _Numbers, centre: float | None, about: float | Floats, n_obs: int
) -> tuple[AnhoejResult, IhiResult]:
    """Both rule sets over a phase's included, non-missing values ``y``, points ``numbers``;
    ``about`` is the phase's one ``centre``, or the centre of each value when it has none."""
    useful_mask = y != about
    if not isinstance(about, float):
        useful_mask &= ~np.isnan(about)
    above = y > about
    all_useful = bool(useful_mask.all())
    useful_at = None if all_useful else np.flatnonzero(useful_mask)
    sides = above if all_useful else above[useful_mask]
    n_useful = int(sides.size)
    if not n_useful:
        anhoej = AnhoejResult(centre, n_obs, 0, None, None, None, None, False, ())
        return anhoej, ihi_result(centre, 0, 0, (), trends(numbers, y))
    starts = _starts(sides[1:] != sides[:-1])
    lengths = np.diff(starts, append=n_useful)
    n_runs = int(starts.size)
    longest = int(lengths.max())
    run_max, cross_min = longest_run_max(n_useful), crossings_min(n_useful)

    def runs(at_least: int) -> Found[Run]:
        wanted = np.flatnonzero(lengths >= at_least)
        firsts, counts = starts[wanted], lengths[wanted]
        lasts = firsts + counts - 1
        if useful_at is not None:
            firsts, lasts = useful_at[firsts], useful_at[lasts]
        return Found(_run, numbers[firsts], numbers[lasts], counts, sides[starts[wanted]])

    anhoej = AnhoejResult(
        median=centre,
        n_obs=n_obs,
        n_useful=n_useful,
        longest_run=longest,
        longest_run_max=run_max,
        n_crossings=n_runs - 1,
        n_crossings_min=cross_min,
        runs_signal=longest > run_max or n_runs - 1 < cross_min,
        long_runs=tuple(runs(run_max + 1)) if longest > run_max else (),
    )
    return anhoej, ihi_result(centre, n_useful, n_runs, runs(SHIFT_MIN), trends(numbers, y))


def trends(numbers: _Numbers, y: Floats) -> Found[Trend] | tuple[()]:
    """IHI trends of `y` at points `numbers`: equal neighbours form one tie group; a trend is
    five or more groups going one way; an up and a down trend may share their turning group."""
    if y.size < TREND_MIN:
        return ()
    starts = _starts(y[1:] != y[:-1])  # first index of each tie group
    if starts.size < TREND_MIN:
        return ()
    ends = np.append(starts[1:] - 1, y.size - 1)
    values = y[starts]
    ups = values[1:] > values[:-1]  # direction of each step between groups
    seg_starts = _starts(ups[1:] != ups[:-1])
    seg_steps = np.diff(seg_starts, append=ups.size)
    long_enough = np.flatnonzero(seg_steps + 1 >= TREND_MIN)
    first_group = seg_starts[long_enough]
    last_group = first_group + seg_steps[long_enough]
    return Found(
        _trend,
        numbers[ends[first_group]],
        numbers[starts[last_group]],
        seg_steps[long_enough] + 1,
        ups[first_group],
        numbers[starts[first_group]],
        numbers[ends[last_group]],
    )
