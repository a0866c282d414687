"""What a control chart says: each point's meaning, the latest point's variation, whether the
goal will be met, and the chart's one-line verdict.

Three promises hold in every output that reads from here (the drawing, the terminal, the
report, `--json`): an excluded point is never a signal; a chart that could not compute any
limit says so instead of a verdict; and a special cause where neither way is better is named
by the side of the mean it is on. (NHSRplotthedots' own `point_type` calls every flagged
point off the mean `special_cause_neutral_high`, since R's `ifelse(relative_to_mean, ...)`
takes -1 as true; `mdc_chart` keeps that field as the package computes it, and the words
and icon shown to the team are made here from `relative_to_mean`.)
"""

from __future__ import annotations

import math
from typing import Any

from pdsa.runchart.control_view import SUBGROUP_CHARTS, ControlView
from pdsa.runchart.series import Series

VARIATION_WORDS = {
    "common_cause": "common cause variation only",
    "special_cause_improvement": "special cause: improvement",
    "special_cause_concern": "special cause: concern",
    "special_cause_neutral_high": "special cause, high (neither way is better)",
    "special_cause_neutral_low": "special cause, low (neither way is better)",
}
VARIATION_SHORT = {
    "common_cause": "common cause",
    "special_cause_improvement": "improvement",
    "special_cause_concern": "concern",
    "special_cause_neutral_high": "special cause (high)",
    "special_cause_neutral_low": "special cause (low)",
}
ASSURANCE_SHORT = {
    "consistent_pass": "will meet the goal",
    "consistent_fail": "will miss the goal",
    "inconsistent": "may meet the goal",
}
ASSURANCE_WORDS = {
    "consistent_pass": "the goal will be met every time (it lies beyond the limits)",
    "consistent_fail": "the goal will not be met without a change to the process",
    "inconsistent": "the goal may or may not be met (it lies within the limits)",
}
# What the chart says when it has no limits (the report's short form, and the long one).
NO_LIMITS_SHORT = "no limits"

_MDC_MEANING = {
    "special_cause_improvement": "improvement",
    "special_cause_concern": "concern",
    "special_cause_neutral_high": "neutral",
    "special_cause_neutral_low": "neutral",
    "excluded": "excluded",
}


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and math.isfinite(value)


def shown_types(view: ControlView) -> list[str]:
    """MDC's point types as the team reads them: a neutral special cause named `_high` or
    `_low` by the side of the mean the point is on (see the module's docstring)."""
    assert view.mdc is not None
    mdc = view.mdc
    out = []
    for k, kind in enumerate(mdc.point_type):
        side = mdc.side[k] if k < len(mdc.side) else None
        if kind.startswith("special_cause_neutral_") and side is not None and _number(side):
            kind = "special_cause_neutral_low" if side < 0 else "special_cause_neutral_high"
        out.append(kind)
    return out


def shown_icons(view: ControlView) -> dict[str, Any]:
    """The MDC icons as drawn: the variation icon of the latest point kept, by its side."""
    assert view.mdc is not None
    icons = dict(view.mdc.icons)
    kept = [t for t in shown_types(view) if t != "excluded"]
    latest = icons.get("variation_point_type")
    if kept and latest and latest.startswith("special_cause_neutral_"):
        icons["variation_point_type"] = kept[-1]
        icons["variation_icon"] = kept[-1].replace("special_cause_", "") + ".svg"
    return icons


def point_meanings(view: ControlView, better: str) -> list[str]:
    """Per point: `improvement`, `concern`, `neutral` (a signal neither way is better),
    `common`, or `excluded` (left out of the lines, and never a signal). MDC's point types
    where the measure uses them; else the 3-sigma signals and the side of the centre line."""
    if view.mdc is not None:
        types = view.mdc.point_type
        return [
            "excluded" if n in view.excluded else _MDC_MEANING.get(t, "common")
            for n, t in enumerate(types, start=1)
        ]
    out = []
    for n, (y, cl, signal) in enumerate(
        zip(view.column("y"), view.column("cl"), view.column("sigma_signal"), strict=True),
        start=1,
    ):
        if n in view.excluded:
            out.append("excluded")
        elif not signal or not (_number(y) and _number(cl)):
            out.append("common")
        elif better == "neutral":
            out.append("neutral")
        else:
            out.append("improvement" if (y > cl) == (better == "higher") else "concern")
    return out


def point_signals(view: ControlView, better: str) -> list[str | None]:
    """Per point, the special cause it shows (`improvement`, `concern`, `neutral`) or None:
    what `--json` and `--format csv` give as each point's signal."""
    return [m if m in _SIGNALS else None for m in point_meanings(view, better)]


_SIGNALS = ("improvement", "concern", "neutral")


def no_limits(view: ControlView, period: str | None = None) -> str | None:
    """Why the chart has no limits at all, or None when it has some."""
    if not view.dates or view.has_limits():
        return None
    sizes = [v for v in view.column("y_length") if _number(v)]
    if view.chart in SUBGROUP_CHARTS and sizes and max(sizes) < 2:
        where = f"per {period}" if period else "per subgroup"
        return (
            f"every subgroup has one value, and an {view.chart} chart needs two or more "
            f"{where} (for one value per point, use an i chart: --chart i)"
        )
    return f"these data give an {view.chart} chart no limits"


def control_verdict(view: ControlView, better: str, period: str | None = None) -> str:
    """One line a reader can act on: the MDC variation and assurance, or the signals; and
    no verdict at all from a chart without limits."""
    name = view.chart if view.chart != "i" else "XmR"
    if (why := no_limits(view, period)) is not None:
        return f"{name} chart: no limits, so no verdict: {why}"
    if view.mdc is not None:
        icons = shown_icons(view)
        variation = VARIATION_WORDS.get(icons.get("variation_point_type") or "", "")
        assurance = ASSURANCE_WORDS.get(icons.get("assurance_type") or "", "")
        text = f"Latest point: {variation}" if variation else "No points"
        return f"{text}; {assurance}" if assurance else text
    meanings = point_meanings(view, better)
    found = []
    for kind in _SIGNALS:
        count = meanings.count(kind)
        if count:
            noun = "point" if count == 1 else "points"
            found.append(f"{count} {noun} beyond the limits ({kind})")
    runs = [p["part"] for p in view.parts if p.get("runs_signal")]
    if runs:
        where = "" if len(view.parts) == 1 else " in phase " + ", ".join(str(r) for r in runs)
        found.append(f"unusually long runs or few crossings{where}")
    if not found:
        return f"{name} chart: common cause variation only"
    return f"{name} chart: " + "; ".join(found)


def measure_verdict(series: Series, view: ControlView | None) -> str:
    """The chart's one-line verdict: the run chart's, or the control chart's once there
    are enough points to judge (a control chart claims nothing on a short series either)."""
    from pdsa.runchart.verdict import verdict

    if view is None or not series.phases or not any(p.judged for p in series.phases):
        return verdict(series)
    return control_verdict(view, series.measure.better, series.measure.period)


def variation_type(view: ControlView, better: str) -> str:
    """The latest point's variation: common_cause or special_cause_(improvement|concern|
    neutral_high|neutral_low), as Making Data Count names it, for any control chart. The
    latest point is the latest one not excluded."""
    if view.mdc is not None:
        return str(shown_icons(view).get("variation_point_type") or "common_cause")
    meanings = point_meanings(view, better)
    kept = [n for n, m in enumerate(meanings) if m != "excluded"]
    if not kept:
        return "common_cause"
    meaning = meanings[kept[-1]]
    if meaning == "neutral":
        y, cl = view.column("y")[kept[-1]], view.column("cl")[kept[-1]]
        return "special_cause_neutral_high" if y > cl else "special_cause_neutral_low"
    return {"common": "common_cause"}.get(meaning, f"special_cause_{meaning}")


def assurance_type(view: ControlView, goal: float | None, better: str) -> str | None:
    """Whether the process will meet the goal: the goal beyond a limit passes (or fails)
    every time; within the limits it may or may not (MDC's assurance, for any chart)."""
    if view.mdc is not None:
        found = view.mdc.icons.get("assurance_type")
        return str(found) if found else None
    if goal is None or better == "neutral" or not view.dates:
        return None
    lcl, ucl = view.column("lcl")[-1], view.column("ucl")[-1]
    if not (_number(lcl) and _number(ucl)):
        return None
    if goal > ucl:
        return "consistent_fail" if better == "higher" else "consistent_pass"
    if goal < lcl:
        return "consistent_pass" if better == "higher" else "consistent_fail"
    return "inconsistent"
