"""NHS Making Data Count XmR charts exactly as NHSRplotthedots computes them: :func:`mdc_chart`.

``ptd_spc()`` of NHSRplotthedots 0.1.0.9000 (``spc-rules.md``): per rebase group, process
limits at mean ± 2.66 x the mean moving range (moving ranges >= 3.267 x their mean screened out
once), the near limits at two thirds of that, the four rules of :mod:`.mdc_rules`, a point type
by improvement direction, ``summary()`` per group and the variation and assurance icons.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from pdsa.errors import AnalysisError
from pdsa.runchart.inputs import minimum
from pdsa.runchart.mdc_rules import both, compare, either, negate, special_cause_rules
from pdsa.runchart.rmath import Floats, nan_mean, plain_nan_mean
from pdsa.runchart.subgroups import as_floats
from pdsa.vocab import FIX_AFTER_MIN

LIMIT = 2.66  # the literal constant of Making Data Count, not 3 / 1.128
LIMIT_CLOSE = 2 * (LIMIT / 3)
MR_SCREEN = 3.267
SHORT_GROUP = 13  # groups of fewer points get short_group_warning

IMPROVEMENT = {"increase": 1, "higher": 1, "decrease": -1, "lower": -1, "neutral": 0}
_DIRECTION_NAME = {1: "increase", -1: "decrease", 0: "neutral"}

ASSURANCE_ICONS = {
    "consistent_pass": "pass.svg",
    "consistent_fail": "fail.svg",
    "inconsistent": "inconsistent.svg",
}


def mdc_chart(
    dates: Sequence[Any] | npt.NDArray[Any],
    values: Sequence[float | None] | npt.NDArray[Any],
    *,
    improvement: str,
    target: float | None = None,
    rebase: Sequence[Any] = (),
    fix_after: int | None = None,
    screen_outliers: bool = True,
) -> dict[str, Any]:
    """An MDC XmR chart of ``values`` by ``dates``, as ``ptd_spc()`` and its ``summary()``.

    Args:
        dates: one date per value (``datetime.date``, ``datetime``, ``datetime64`` or ISO
            strings), all distinct; the points are sorted by date.
        values: the measure; None or NaN is missing.
        improvement: ``increase`` / ``decrease`` / ``neutral`` (or pdsa's ``higher`` /
            ``lower``), the direction in which the measure gets better.
        target: the goal; gives the assurance type and icon (not for neutral).
        rebase: dates that start a new group with its own limits (from that point on);
            dates that match no point are ignored.
        fix_after: keep each group's limits from its first ``fix_after`` points (>= 12).
        screen_outliers: drop moving ranges >= 3.267 x their mean once before the limits.

    Returns:
        ``points``: NumPy columns in date order, NHSRplotthedots' names (``x``, ``y``, ``f``,
        ``trajectory``, ``rebase_group``, ``short_group_warning``, ``fix_y``, ``mean_col``
        and its alias ``mean``, ``lpl``, ``upl``, ``outside_limits``, ``relative_to_mean``,
        ``close_to_limits``, ``special_cause_flag``, ``point_type``, ``target``); logical
        columns are bool, or object arrays holding None where R has NA.
        ``rule_diagnostics``: each rule's column. ``summary``: one dict per rebase group as
        ``summary(ptd_spc(...))`` (``rebase_group`` only when ``rebase`` is given,
        ``assurance_type`` only with a target). ``icons``: ``variation_point_type``,
        ``variation_icon``, ``assurance_type``, ``assurance_icon``.

    Raises:
        AnalysisError: an unknown direction, ``fix_after`` below 12, lengths that differ,
            missing or repeated dates, or a missing value that makes the trend rule undecidable.
    """
    direction = _direction(improvement)
    fix_after = _fix_after(fix_after)
    if target is not None and not _is_number(target):
        raise AnalysisError(f"target = {target!r} is not a number", hint="give the goal's value")
    y = as_floats(values, "values")
    days = _days(dates, "dates")
    if y.ndim != 1 or days.size != y.size:
        raise AnalysisError(f"lengths differ: dates has {days.size}, values has {y.size}")
    if y.size == 0:
        raise AnalysisError("no points to chart", hint="give at least one date and value")
    minimum(y, "values")  # an infinite value is an error, as for control charts
    order = np.argsort(days, kind="stable")
    days, y = days[order], y[order]
    x = np.asarray(_as_list(dates), dtype=object)[order]
    if (repeat := np.flatnonzero(days[1:] == days[:-1])).size:
        raise AnalysisError(
            f"date {x[repeat[0] + 1]} appears more than once",
            hint="give one value per date",
        )
    starts = np.isin(days, _days(rebase, "rebase")) if len(rebase) else np.zeros(y.size, bool)
    group = np.cumsum(starts)
    bounds = np.flatnonzero(np.r_[True, group[1:] != group[:-1], True])
    spans = list(zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True))
    columns, diagnostics = _groups(y, spans, fix_after, screen_outliers)
    columns = {"x": x, "y": y, **columns, "rebase_group": group}
    types = _point_types(columns["special_cause_flag"], columns["relative_to_mean"], direction)
    points = _points(columns, types, target)
    summary = _summary(points, bounds, target, direction, bool(len(rebase)))
    return {
        "points": points,
        "rule_diagnostics": diagnostics,
        "summary": summary,
        "icons": _icons(types[-1], summary[-1].get("assurance_type"), direction),
    }


def _is_number(v: Any) -> bool:
    return isinstance(v, numbers.Real) and not isinstance(v, bool) and math.isfinite(v)


def _fix_after(fix_after: Any) -> int | None:
    """ptd's fix_after_n_points: a whole number of at least 12, or None."""
    if fix_after is None:
        return None
    if not _is_number(fix_after) or not float(fix_after).is_integer() or fix_after < FIX_AFTER_MIN:
        raise AnalysisError(
            f"fix_after = {fix_after!r}: limits need a whole number of at least "
            f"{FIX_AFTER_MIN} points",
            hint=f"give {FIX_AFTER_MIN} or more, or leave it out",
        )
    return int(fix_after)


def _direction(improvement: str) -> int:
    if not isinstance(improvement, str) or improvement not in IMPROVEMENT:
        raise AnalysisError(
            f"improvement = {improvement!r} is not a direction",
            hint="use increase, decrease or neutral (or higher / lower)",
        )
    return IMPROVEMENT[improvement]


def _as_list(values: Any) -> list[Any]:
    return values.tolist() if isinstance(values, np.ndarray) else list(values)


def _days(dates: Any, name: str) -> Floats:
    """Days since 1970 (fractional for times), UTC for naive datetimes; missing is an error."""
    if isinstance(dates, np.ndarray) and dates.dtype.kind == "M":
        if np.isnat(dates).any():
            raise AnalysisError(f"{name}: a date is missing", hint="every point needs a date")
        return dates.astype("datetime64[s]").astype(np.float64) / 86400
    out = []
    for i, v in enumerate(_as_list(dates), start=1):
        d = v
        if isinstance(v, str):
            try:
                d = dt.datetime.fromisoformat(v)
            except ValueError:
                d = None
        if isinstance(d, dt.datetime):
            aware = d if d.tzinfo else d.replace(tzinfo=dt.UTC)
            out.append(aware.timestamp() / 86400)
        elif isinstance(d, dt.date):
            out.append(float((d - dt.date(1970, 1, 1)).days))
        else:
            raise AnalysisError(
                f"{name}: point {i} = {v!r} is not a date",
                hint="give dates as datetime.date or YYYY-MM-DD",
            )
    return np.array(out, dtype=np.float64)


def _groups(
    y: Floats, spans: list[tuple[int, int]], fix_after: int | None, screen: bool
) -> tuple[dict[str, Any], dict[str, Floats]]:
    """Limits and rule columns, each rebase group on its own (ptd_spc_standard)."""
    size = y.size
    names = ("fix_y", "mean_col", "lpl", "upl", "outside_limits", "relative_to_mean")
    out = {name: np.empty(size) for name in (*names, "close_to_limits", "special_cause_flag")}
    diagnostics: dict[str, Floats] = {}
    for a, b in spans:
        g = y[a:b]
        fix = g.copy()
        if fix_after is not None:
            fix[fix_after:] = math.nan
        mean = nan_mean(fix)
        mr = np.abs(np.diff(fix))
        amr = plain_nan_mean(mr)
        if screen:
            amr = plain_nan_mean(np.where(mr < MR_SCREEN * amr, mr, math.nan))
        lpl, upl = mean - LIMIT * amr, mean + LIMIT * amr
        near_low, near_high = mean - LIMIT_CLOSE * amr, mean + LIMIT_CLOSE * amr
        outside = either(compare(g > upl, g), compare(g < lpl, g))
        side = np.sign(g - mean)
        near = either(compare(g < near_low, g), compare(g > near_high, g))
        close = both(negate(outside), near)
        rules = special_cause_rules(g, side, close, outside)
        values: tuple[float | Floats, ...] = (fix, mean, lpl, upl, outside, side, close)
        for name, value in zip(out, (*values, rules.pop("special_cause_flag")), strict=True):
            out[name][a:b] = value
        for name, value in rules.items():
            diagnostics.setdefault(name, np.empty(size))[a:b] = value
    for column in diagnostics.values():
        column.flags.writeable = False
    return out, diagnostics


def _point_types(flag: Floats, side: Floats, direction: int) -> npt.NDArray[np.object_]:
    """ptd's ``case_when``: the side of the mean decides, whichever rule flagged the point.

    An NA flag (a missing value nearby) is not "common cause", so it falls through to the side
    test, as in R. For neutral, R writes ``ifelse(relative_to_mean, "high", "low")``: any side
    other than 0 counts as true, so a flagged point below the mean is ``_neutral_high`` too.
    """
    if direction == 0:
        side_name = np.where(np.isnan(side), "NA", np.where(side != 0, "high", "low"))
        types = np.char.add("special_cause_neutral_", side_name).astype(object)
    else:
        types = np.full(side.size, "special_cause_concern", dtype=object)
        types[side == direction] = "special_cause_improvement"
    types[flag == 0] = "common_cause"
    return types


def _logical(values: Floats) -> npt.NDArray[Any]:
    """R logicals: a bool array, or an object array with None where any is NA."""
    missing = np.isnan(values)
    flags: npt.NDArray[Any] = values == 1
    if not missing.any():
        return flags
    out = flags.astype(object)
    out[missing] = None
    return out


def _points(
    columns: dict[str, Any], types: npt.NDArray[np.object_], target: float | None
) -> dict[str, npt.NDArray[Any]]:
    size = columns["y"].size
    group = columns["rebase_group"]
    counts = np.bincount(group)
    points: dict[str, npt.NDArray[Any]] = {
        "y": columns["y"],
        "x": columns["x"],
        "f": np.full(size, "no facet", dtype=object),
        "trajectory": np.full(size, math.nan),
        "rebase_group": group.astype(np.int64),
        "short_group_warning": counts[group] < SHORT_GROUP,
        "fix_y": columns["fix_y"],
        "mean_col": columns["mean_col"],
        "lpl": columns["lpl"],
        "upl": columns["upl"],
        "outside_limits": _logical(columns["outside_limits"]),
        "relative_to_mean": columns["relative_to_mean"],
        "close_to_limits": _logical(columns["close_to_limits"]),
        "special_cause_flag": columns["special_cause_flag"],
        "point_type": types,
        "target": np.full(size, math.nan if target is None else float(target)),
    }
    points["mean"] = points["mean_col"]
    for column in points.values():
        column.flags.writeable = False  # every column here is the function's own array
    return points


def _none(v: float) -> float | None:
    return None if math.isnan(v) else float(v)


def _assurance(target: float | None, lpl: float, upl: float, direction: int) -> str | None:
    """Target beyond a limit (strictly) passes or fails consistently; between, inconsistent."""
    if target is None or direction == 0:
        return None
    if target > upl:
        return "consistent_fail" if direction > 0 else "consistent_pass"
    if target < lpl:
        return "consistent_pass" if direction > 0 else "consistent_fail"
    return "inconsistent"


def _summary(
    points: dict[str, npt.NDArray[Any]],
    bounds: npt.NDArray[np.int64],
    target: float | None,
    direction: int,
    rebased: bool,
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    spans = list(zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True))
    for k, (a, b) in enumerate(spans):
        flags = points["special_cause_flag"][a:b]
        types = points["point_type"][a:b]
        row: dict[str, Any] = {"rebase_group": int(points["rebase_group"][a])} if rebased else {}
        row |= {
            "mean_col": _none(points["mean_col"][a]),
            "lpl": _none(points["lpl"][a]),
            "upl": _none(points["upl"][a]),
            "n": b - a,
            "common_cause": None if np.isnan(flags).any() else b - a - int(flags.sum()),
            "special_cause_improvement": int((types == "special_cause_improvement").sum()),
            "special_cause_concern": int((types == "special_cause_concern").sum()),
            "variation_type": types[-1],
        }
        if target is not None:
            last = k == len(spans) - 1
            lpl, upl = points["lpl"][a], points["upl"][a]
            row["assurance_type"] = _assurance(target, lpl, upl, direction) if last else None
        rows.append(row)
    return rows


def variation_icon(point_type: str, improvement: str) -> str | None:
    """The MDC variation icon file for the last point's type (``geom_ptd_icon.R``)."""
    up = IMPROVEMENT.get(improvement) == 1
    icons = {
        "common_cause": "common_cause.svg",
        "special_cause_neutral_high": "neutral_high.svg",
        "special_cause_neutral_low": "neutral_low.svg",
        "special_cause_concern": "concern_low.svg" if up else "concern_high.svg",
        "special_cause_improvement": "improvement_high.svg" if up else "improvement_low.svg",
    }
    return icons.get(point_type)


def _icons(last_type: str, assurance: str | None, direction: int) -> dict[str, Any]:
    return {
        "variation_point_type": last_type,
        "variation_icon": variation_icon(last_type, _DIRECTION_NAME[direction]),
        "assurance_type": assurance,
        "assurance_icon": None if assurance is None else ASSURANCE_ICONS[assurance],
    }
