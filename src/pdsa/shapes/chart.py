"""JSON of `pdsa chart`: the analysed series, its phases and signals, the cycles shown."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from pdsa.errors import Problem
from pdsa.runchart.control_reading import point_signals
from pdsa.runchart.control_view import ControlView
from pdsa.runchart.marks import CycleMark
from pdsa.runchart.series import Series, tidy
from pdsa.shapes import envelope
from pdsa.vocab import SignalRules


def control_json(view: ControlView | None, better: str = "neutral") -> dict[str, Any] | None:
    """The control chart's columns and parts, with qicharts2's names (`_` for `.`), and the
    MDC view (NHSRplotthedots' names) when the measure is judged by `rules: mdc`.

    qicharts2's `sigma_signal` is kept as R computes it (true for an excluded point beyond
    the limits too, beside its `include: false`); `signal` is pdsa's reading of each point:
    the special cause it shows, by the way the measure gets better, or null (always null
    for an excluded point)."""
    if view is None:
        return None
    columns = {"x": [d.isoformat() for d in view.dates], **view.columns}
    columns.pop("xx", None)
    columns["signal"] = point_signals(view, better)
    out: dict[str, Any] = {"chart": view.chart, "points": columns, "parts": view.parts}
    if view.mdc is not None:
        out["mdc"] = {
            "points": {
                "mean": view.mdc.mean,
                "lpl": view.mdc.lpl,
                "upl": view.mdc.upl,
                "point_type": view.mdc.point_type,
            },
            "summary": view.mdc.summary,
            "icons": view.mdc.icons,
        }
    return out


def chart_json(
    series: Series,
    marks: Sequence[CycleMark],
    signal_rules: SignalRules | None = None,
    problems: Iterable[Problem] = (),
    control: ControlView | None = None,
) -> dict[str, Any]:
    """Everything a chart shows (`pdsa chart --json`)."""
    signal_rules = signal_rules or series.signal_rules
    runs, trends = series.run_points[signal_rules], series.trend_points[signal_rules]
    m = series.measure
    return envelope(
        "chart",
        {
            "measure": {
                "id": m.id,
                "title": m.title,
                "unit": m.unit,
                "type": m.type,
                "better": m.better,
                "goal": m.goal,
            },
            "rules": "mdc" if m.mdc and control is not None else signal_rules,
            "chart": m.chart,
            "control": control_json(control, m.better),
            "signal": series.signal(signal_rules),
            "points": [
                {
                    "n": n,
                    "date": day.isoformat(),
                    "value": value,
                    "note": note or None,
                    "excluded": n in series.excluded,
                    "centre": tidy(series.centre_line[n - 1]),
                    "signal": "run" if n in runs else ("trend" if n in trends else None),
                }
                for n, (day, value, note) in enumerate(
                    zip(series.dates, series.values, series.notes, strict=True), start=1
                )
            ],
            "phases": [
                {
                    "phase": p.number,
                    "label": p.label or None,
                    "start": p.start,
                    "end": p.end,
                    "start_date": series.dates[p.start - 1].isoformat(),
                    "end_date": series.dates[p.end - 1].isoformat(),
                    "centre": tidy(p.centre),
                    "baseline_end": p.baseline_end,
                    "signal": p.signal(signal_rules),
                    "useful": p.useful,
                    "needed": p.needed,
                    "judged": p.judged,
                    "anhoej": {
                        **p.anhoej.to_dict(),
                        "long_run_signal": p.anhoej.long_run_signal,
                        "crossings_signal": p.anhoej.crossings_signal,
                    },
                    "ihi": p.ihi.to_dict(),
                }
                for p in series.phases
            ],
            "cycles": [
                {
                    "id": c.id,
                    "label": c.label,
                    "change_idea": c.change_idea,
                    "change_ideas": list(c.change_ideas),
                    "status": c.status,
                    "start": c.start.isoformat(),
                    "end": c.end.isoformat(),
                    "ongoing": c.ongoing,
                    "predicts_here": c.predicts_here,
                }
                for c in marks
            ],
        },
        problems,
    )
