"""`pdsa check`'s rules on a measure's settings, read together with its data.

PD604 for a chart that does not fit the measure's kind of data, or an xbar or s chart whose
periods each hold one value (the chart can compute no limits); PD605 for a Making Data
Count baseline too short to fix the limits (it is not used). How a measure's file is read
depends on that measure alone: when pdsa.yaml does not validate, each measure is still
read with its own kind and period (`lenient_measures`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pdsa.check.findings import Finding
from pdsa.days import period_start
from pdsa.model import Measure, Point
from pdsa.runchart import series as series_mod
from pdsa.runchart.control_view import SUBGROUP_CHARTS, mdc_baseline_unused
from pdsa.vocab import CHART_FOR_KIND, FIX_AFTER_MIN


def chart_misfit(measure: Measure) -> str | None:
    """Why the measure's chart does not fit its data, or None when it does."""
    chart, kind = measure.chart, measure.kind
    if chart in ("p", "pp") and kind != "proportion":
        return f"a {chart} chart needs numerators and denominators (kind: proportion)"
    if chart in ("u", "up") and kind not in ("rate", "proportion"):
        return f"a {chart} chart needs events and exposure (kind: rate)"
    if chart in ("c", "g") and kind != "count":
        return f"a {chart} chart is for counts (kind: count)"
    if chart == "t" and kind != "time-between-events":
        return "a t chart is for the time between events (kind: time-between-events)"
    if chart in ("xbar", "s") and measure.period is None:
        return f"an {chart} chart needs several observations per period (set a period)"
    return None


def measure_findings(
    measure: Measure, index: int, points: Sequence[Point] | None, path: Path
) -> Iterator[Finding]:
    """The findings on one measure of pdsa.yaml (`path`), given its points (None: no file,
    or a file that does not parse)."""
    where = ("measures", index)
    if problem := chart_misfit(measure):
        yield Finding(
            "PD604",
            f"measure '{measure.id}': {problem}",
            path,
            (*where, "chart"),
            hint=f"choose the chart for its kind ({measure.kind}: chart: "
            f"{CHART_FOR_KIND[measure.kind]}), or correct kind",
        )
    if measure.chart in SUBGROUP_CHARTS and measure.period is not None and points:
        counts = Counter(period_start(p.date, measure.period) for p in points)
        if max(counts.values()) < 2:
            yield Finding(
                "PD604",
                f"measure '{measure.id}': every {measure.period} holds one value, and an "
                f"{measure.chart} chart needs two or more in a {measure.period} to compute "
                "its limits",
                path,
                (*where, "chart"),
                hint="chart: i draws one value a point; or record each observation",
            )
    baseline = measure.baseline
    if not measure.mdc or baseline is None:
        return
    if baseline.points is not None:
        short = baseline.points < FIX_AFTER_MIN
        size = baseline.points
    else:
        built = series_mod.build(measure, points or [])
        short = mdc_baseline_unused(built) is not None
        first = built.phases[0] if built.phases else None
        size = first.baseline_end - first.start + 1 if first else 0
    if short:
        yield Finding(
            "PD605",
            f"measure '{measure.id}': Making Data Count fixes its limits from a baseline of "
            f"{FIX_AFTER_MIN} or more points; this one has {size}, so it is not used (the "
            "limits come from every point)",
            path,
            (*where, "baseline"),
            hint=f"give baseline: {{points: {FIX_AFTER_MIN}}} or more (or a later until), "
            "or remove it",
        )


def lenient_measures(data: Any) -> dict[str, Measure | None]:
    """The measures of a pdsa.yaml that does not validate, each read on its own: a measure
    that validates is used as written; one that does not is read for what decides how its
    file is read (kind, period, multiply) when those are valid, else not at all (None)."""
    entries = data.get("measures") if isinstance(data, dict) else None
    found: dict[str, Measure | None] = {}
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            continue
        found[entry["id"]] = _measure(entry)
    return found


def _measure(entry: dict[str, Any]) -> Measure | None:
    try:
        return Measure.model_validate(entry)
    except ValidationError:
        pass
    reading = {key: entry[key] for key in ("kind", "period", "multiply") if key in entry}
    try:
        return Measure.model_validate(
            {"id": entry["id"], "title": "-", "type": "outcome", "better": "neutral", **reading}
        )
    except ValidationError:
        return None
