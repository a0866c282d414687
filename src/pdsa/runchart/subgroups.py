"""From the caller's x, y and n to qicharts2's subgroups (``qic.agg``), vectorised.

Rows with a missing x are dropped; rows sharing an x form one subgroup, ordered by x (dates and
numbers by value, categories in level order). Per subgroup: ``y.sum``, ``y.length`` (values
present), ``y.mean``, ``y.sd``, ``n = sum(n)`` and the plotted ``y``: ``sum(y)/sum(n)`` with a
denominator, else the mean. An incomplete (y, n) pair counts as missing on both sides, so a
missing subgroup gets n = 0 and y = NaN, as in qicharts2.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from pdsa.errors import AnalysisError
from pdsa.runchart.rmath import EXACT_MAX, Bools, Floats, Ints, chunks, r_mean, r_sd, r_sum

Keys = npt.NDArray[Any]


@dataclass(frozen=True, slots=True)
class Subgroups:
    """One entry per subgroup, in qicharts2's output order."""

    x: npt.NDArray[Any]
    y: Floats
    n: Floats | None
    y_sum: Floats
    y_length: Ints
    y_mean: Floats
    y_sd: Floats
    categorical: bool
    complete: bool  # no NaN in y, y_sum or n


def as_floats(values: Any, name: str) -> Floats:
    """A float64 array, None and NaN missing; a float64 NumPy array is used as it is."""
    flat_list = AnalysisError(f"{name} must be a flat list of numbers, one per row")
    if isinstance(values, str | bytes):
        raise flat_list
    try:
        return np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        try:
            items = list(values)
        except TypeError:
            raise flat_list from None
        for i, v in enumerate(items, start=1):
            try:
                float(v if v is not None else math.nan)
            except (TypeError, ValueError):
                raise AnalysisError(
                    f"point {i}: {name} = {v!r} is not a number",
                    hint=f"give {name} as numbers, with None for a missing value",
                ) from None
        raise flat_list from None


def x_keys(x: Any, size: int, levels: Sequence[Any] | None) -> tuple[Keys, Bools | None, bool]:
    """Sort keys for x (one per row), which rows have a missing x, and whether x is categorical.

    Numbers sort by value, dates (``datetime.date``, ``datetime64``, or ISO strings) by date;
    other strings are categories, in the order of ``levels`` or else of first appearance.
    Strings that all parse as numbers are numbers (qicharts2 indices stored as text).
    """
    if x is None:
        return np.arange(size), None, False
    if levels is not None:
        return _category_keys(list(x), list(levels))
    arr = x if isinstance(x, np.ndarray) else None
    if arr is not None and arr.dtype.kind in "iu":
        return arr, None, False
    if arr is not None and arr.dtype.kind == "f":
        return arr, _if_any(np.isnan(arr)), False
    if arr is not None and arr.dtype.kind == "M":
        return arr.view(np.int64), _if_any(np.isnat(arr)), False
    items = [_plain(v) for v in (arr.tolist() if arr is not None else list(x))]
    missing = np.array([_is_missing(v) for v in items], dtype=bool)
    present = [v for v, m in zip(items, missing, strict=True) if not m]
    if all(isinstance(v, dt.date) for v in present):
        return _date_keys(items, missing), _if_any(missing), False
    if all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in present):
        keys = np.array([math.nan if m else v for v, m in zip(items, missing, strict=True)])
        return keys.astype(np.float64), _if_any(missing), False
    if all(isinstance(v, str) for v in present):
        values = _parse_all(present, float)
        if values is not None:
            it = iter(values)
            keys = np.array([math.nan if m else next(it) for m in missing], dtype=np.float64)
            return keys, _if_any(np.isnan(keys)), False  # "NaN" text is missing, as in R
        dates = _parse_all(present, _iso_date)
        if dates is not None:
            it = iter(dates)
            parsed = [None if m else next(it) for m in missing]
            return _date_keys(parsed, missing), _if_any(missing), False
        return _category_keys(items, list(dict.fromkeys(present)))
    raise AnalysisError(
        "x mixes kinds of values (numbers, dates, text)",
        hint="give x as all numbers, all dates, or all category labels",
    )


def _plain(v: Any) -> Any:
    """NumPy scalars as Python ones (datetime64 as a datetime), so one test fits both."""
    if isinstance(v, np.datetime64):
        return None if np.isnat(v) else v.astype("datetime64[us]").item()
    return v.item() if isinstance(v, np.generic) else v


def _iso_date(text: str) -> dt.date:
    """An ISO date, or a date and time."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return dt.datetime.fromisoformat(text)


def _if_any(mask: Bools) -> Bools | None:
    return mask if mask.any() else None


def _is_missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def _parse_all(values: list[Any], parse: Any) -> list[Any] | None:
    try:
        return [parse(v) for v in values]
    except ValueError:
        return None


def _date_keys(items: list[Any], missing: Bools) -> Keys:
    def key(v: Any) -> float:
        if isinstance(v, dt.datetime):
            if v.tzinfo is None:
                v = v.replace(tzinfo=dt.UTC)
            return float(v.timestamp())
        return float((v - dt.date(1970, 1, 1)).days * 86400)

    return np.array([math.nan if m else key(v) for v, m in zip(items, missing, strict=True)])


def _category_keys(items: list[Any], levels: list[Any]) -> tuple[Keys, Bools | None, bool]:
    # factor(x, levels): a value outside the levels is NA, and its row is dropped.
    index = {level: i for i, level in enumerate(levels)}
    keys = np.array([index.get(v, -1) for v in items], dtype=np.int64)
    return keys, _if_any(keys < 0), True


def aggregate(
    x: Any,
    keys: Keys,
    drop: Bools | None,
    y: Floats,
    n: Floats | None,
    cat: bool,
    complete: bool = False,
) -> Subgroups:
    """qic.agg's per-subgroup summaries, rows ordered by key (stable), NA keys dropped.

    ``complete`` says y and n hold no NaN (known from a scan done anyway), which spares the
    masks. A NumPy x is kept as it is (the x column is a read-only view of it).
    """
    x_arr = x if isinstance(x, np.ndarray) else _object_array(x, keys.size)
    if drop is not None:
        keep = ~drop
        x_arr, keys, y = x_arr[keep], keys[keep], y[keep]
        n = None if n is None else n[keep]
    if keys.size == 0:
        raise AnalysisError("no points to chart: every x is missing")
    missing: Bools | None = None
    if not complete:
        missing = np.isnan(y)
        if n is not None:
            missing |= np.isnan(n)
            if missing.any():
                y, n = y.copy(), n.copy()
                y[missing] = n[missing] = math.nan
    if _increasing(keys):
        return _one_row_each(x_arr, y, n, cat, missing)
    order = np.argsort(keys, kind="stable")
    keys, x_arr, y = keys[order], x_arr[order], y[order]
    n = None if n is None else n[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    return _grouped(x_arr[starts], starts, y, n, cat)


def _increasing(keys: Keys) -> bool:
    """Strictly increasing x: one subgroup per row, already in order (block by block)."""
    for a, b in chunks(keys.size, overlap=1):
        block = keys[a:b]
        if not (block[1:] > block[:-1]).all():
            return False
    return True


def _object_array(x: Any, size: int) -> npt.NDArray[Any]:
    if x is None:
        return np.arange(1, size + 1)
    out = np.empty(size, dtype=object)
    out[:] = list(x)
    return out


def _one_row_each(
    x: npt.NDArray[Any], y: Floats, n: Floats | None, cat: bool, missing: Bools | None
) -> Subgroups:
    size = y.size
    complete = missing is None or not missing.any()
    if complete:
        length = np.broadcast_to(np.int64(1), (size,))
    else:
        assert missing is not None
        length = (~missing).astype(np.int64)
    sd = np.broadcast_to(np.float64(math.nan), (size,))
    if n is None:
        return Subgroups(x, y, None, y, length, y, sd, cat, complete)
    with np.errstate(divide="ignore", invalid="ignore"):
        plotted = y / n
    n_sum = n if missing is None else np.where(missing, 0.0, n)
    return Subgroups(x, plotted, n_sum, y, length, y, sd, cat, complete)


def _grouped(
    x: npt.NDArray[Any], starts: Ints, y: Floats, n: Floats | None, cat: bool
) -> Subgroups:
    rows = np.diff(np.r_[starts, y.size])
    present = ~np.isnan(y)
    length = np.add.reduceat(present, starts).astype(np.int64)
    total, mean, sd = _group_stats(y, present, starts, length)
    # sum(y, na.rm = length(y) > 1): a lone missing value keeps its NA.
    y_sum = np.where(rows > 1, total, y[starts])
    if n is None:
        return Subgroups(x, mean, None, y_sum, length, mean, sd, cat, False)
    n_sum = np.add.reduceat(np.where(np.isnan(n), 0.0, n), starts)
    with np.errstate(divide="ignore", invalid="ignore"):
        plotted = total / n_sum
    return Subgroups(x, plotted, n_sum, y_sum, length, mean, sd, cat, False)


def _group_stats(
    y: Floats, present: Bools, starts: Ints, length: Ints
) -> tuple[Floats, Floats, Floats]:
    """Per subgroup: sum, mean and SD of the values present, rounded as R's sum, mean and sd."""
    if y.size <= EXACT_MAX:
        bounds = np.r_[starts, y.size].tolist()
        total, mean, sd = (np.empty(starts.size) for _ in range(3))
        for g in range(starts.size):
            values = y[bounds[g] : bounds[g + 1]]
            values = values[present[bounds[g] : bounds[g + 1]]]
            total[g], mean[g], sd[g] = r_sum(values), r_mean(values), r_sd(values)
        return total, mean, sd
    group = np.repeat(np.arange(starts.size), np.diff(np.r_[starts, y.size]))
    total = np.add.reduceat(np.where(present, y, 0.0), starts)
    with np.errstate(divide="ignore", invalid="ignore"):
        m0 = total / length
        # R's second pass: add the mean residual, which recovers most of the rounding error.
        mean = m0 + np.add.reduceat(np.where(present, y - m0[group], 0.0), starts) / length
        dev = np.where(present, y - mean[group], 0.0)
        sd = np.sqrt(np.add.reduceat(dev * dev, starts) / (length - 1))
    sd[length < 2] = math.nan
    return total, mean, sd
