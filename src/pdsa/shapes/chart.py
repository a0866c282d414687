"""JSON of `pdsa chart`: the analysed series, its phases and signals, the cycles shown."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from pdsa.errors import Problem
from pdsa.runchart.marks import CycleMark
from pdsa.runchart.series import Series, tidy
from pdsa.shapes import envelope
from pdsa.vocab import SignalRules


def chart_json(
    series: Series,
    marks: Sequence[CycleMark],
    signal_rules: SignalRules | None = None,
    problems: Iterable[Problem] = (),
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
            "rules": signal_rules,
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
