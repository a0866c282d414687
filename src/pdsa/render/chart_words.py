"""A chart in words: what the HTML report says beside each chart (its text alternative and
its caption), plain words first and the rule names after.

"A run of 12 weeks below the median, an improvement" says what the reader needs; "Anhøj:
longest run 12 > 10" says which rule found it, for whoever wants to check.
"""

from __future__ import annotations

from collections.abc import Iterable

from pdsa.measure_summary import MeasureSummary
from pdsa.model import fmt_number
from pdsa.render.chart_icons import icon_words
from pdsa.runchart.control_reading import point_meanings
from pdsa.runchart.control_view import ControlView
from pdsa.runchart.series import Series

PERIODS = {"day": "days", "week": "weeks", "month": "months", "quarter": "quarters"}
CHART_NAMES = {
    "i": "XmR (individuals) chart",
    "mr": "moving range chart",
    "xbar": "x-bar chart",
    "s": "s chart",
    "t": "t chart (time between events)",
    "p": "p chart (proportion)",
    "pp": "p′ chart (Laney proportion)",
    "c": "c chart (count)",
    "u": "u chart (rate)",
    "up": "u′ chart (Laney rate)",
    "g": "g chart (events between)",
}


def chart_description(summary: MeasureSummary) -> str:
    """Everything the chart shows, as sentences: what it is, the latest value, the centre
    line (and limits), the signals in plain words, the MDC icons, then the rules."""
    series, control = summary.series, summary.control
    m = series.measure
    kind = CHART_NAMES.get(control.chart, "control chart") if control else "Run chart"
    parts = [f"{kind[0].upper()}{kind[1:]} of {m.title}"]
    if not series.dates:
        return parts[0] + ": no data yet."
    unit = "" if m.unit in ("", "%") else f" {m.unit}"
    unit = "%" if m.unit == "%" else unit
    parts[0] += (
        f": {len(series.dates)} {_points(series)} from {series.dates[0]:%d %b %Y} "
        f"to {series.dates[-1]:%d %b %Y}."
    )
    day, value = series.dates[-1], series.values[-1]
    parts.append(f"Latest value {fmt_number(value)}{unit} on {day:%d %b %Y}.")
    parts.append(_centre(series, control, unit))
    if m.goal is not None:
        parts.append(f"Goal {fmt_number(m.goal)}{unit}.")
    parts.append(plain_signals(series, control))
    if control is not None and control.mdc is not None and (words := icon_words(control.mdc.icons)):
        parts.append(f"Icons: {words}.")
    parts.append(f"Rules: {summary.verdict}")
    return " ".join(p for p in parts if p)


def _points(series: Series) -> str:
    return PERIODS.get(series.measure.period or "", "points")


def _centre(series: Series, control: ControlView | None, unit: str) -> str:
    if control is None:
        centres = [p for p in series.phases if p.centre is not None]
        if not centres:
            return ""
        last = centres[-1]
        text = f"Median {fmt_number(last.centre)}{unit}"
        if len(centres) > 1:
            earlier = ", ".join(fmt_number(p.centre) for p in centres[:-1])
            text += f" (earlier phases: {earlier})"
        return text + "."
    if control.mdc is not None:
        cl, lo, hi = control.mdc.mean[-1], control.mdc.lpl[-1], control.mdc.upl[-1]
    else:
        cl, lo, hi = (control.column(n)[-1] for n in ("cl", "lcl", "ucl"))
    text = f"Centre line {_num(cl)}{unit}"
    if _finite(lo) or _finite(hi):
        text += f", limits {_num(lo)} to {_num(hi)}"
    return text + "."


def _finite(value: object) -> bool:
    return isinstance(value, int | float) and value == value and abs(value) != float("inf")


def _num(value: object) -> str:
    return fmt_number(round(float(value), 4)) if _finite(value) else "none"  # type: ignore[arg-type]


def plain_signals(series: Series, control: ControlView | None = None) -> str:
    """The signals in plain words: runs and trends by length, side and meaning; points
    beyond the limits by count and meaning. Never a rule's name."""
    if not any(p.judged for p in series.phases):
        return "Too few points yet to tell a signal from chance."
    found: list[str] = []
    if control is not None:
        meanings = point_meanings(control, series.measure.better)
        for kind, word in (
            ("improvement", "an improvement"),
            ("concern", "a concern"),
            ("neutral", "neither better nor worse"),
        ):
            if count := meanings.count(kind):
                noun = "point" if count == 1 else "points"
                found.append(f"{count} {noun} outside the limits, {word}")
    rules = series.signal_rules
    periods = _points(series)
    for stretch in _stretches(series.run_points[rules] - series.excluded):
        side, meaning = _side(series, stretch)
        found.append(f"a run of {len(stretch)} {periods} {side} the median, {meaning}")
    for stretch in _stretches(series.trend_points[rules] - series.excluded):
        up = series.values[stretch[-1] - 1] > series.values[stretch[0] - 1]
        meaning = _meaning(series, up)
        found.append(f"{len(stretch)} {periods} in a row going {'up' if up else 'down'}, {meaning}")
    if any(p.anhoej.crossings_signal for p in series.phases if p.judged):
        found.append("the line crosses the median less often than chance would")
    if not found:
        return "No signal: the variation is what chance alone would give."
    return "Signals: " + "; ".join(found) + "."


def _stretches(points: Iterable[int]) -> list[list[int]]:
    """Consecutive point numbers grouped: [3, 4, 5, 9, 10] -> [[3, 4, 5], [9, 10]]."""
    out: list[list[int]] = []
    for n in sorted(points):
        if out and n == out[-1][-1] + 1:
            out[-1].append(n)
        else:
            out.append([n])
    return out


def _side(series: Series, stretch: list[int]) -> tuple[str, str]:
    centre = series.centre_line[stretch[0] - 1]
    above = centre is not None and series.values[stretch[0] - 1] > centre
    return ("above" if above else "below"), _meaning(series, above)


def _meaning(series: Series, up: bool) -> str:
    better = series.measure.better
    if better == "neutral":
        return "neither better nor worse"
    return "an improvement" if up == (better == "higher") else "a concern"
