"""JSON of `pdsa report`: every number of the monthly review."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from pdsa.errors import Problem
from pdsa.report import Report
from pdsa.runchart.series import tidy
from pdsa.shapes import envelope
from pdsa.shapes.fidelity import calibration_body, fidelity_body
from pdsa.story import cycle_dates, cycle_story


def learning_json(report: Report) -> dict[str, list[dict[str, Any]]]:
    """Each change idea's ramps told as stories (the report's "What we learned")."""
    return {
        idea: [
            {
                "after": ramp.after.id if ramp.after else None,
                "cycles": [
                    {
                        "id": c.id,
                        "title": c.title,
                        "tag": c.tag,
                        "dates": cycle_dates(c) or None,
                        "retrospective": c.retrospective,
                        "story": [
                            {"label": s.label, "text": s.text, "tone": s.tone or None}
                            for s in cycle_story(c)
                        ],
                    }
                    for c in ramp.cycles
                ],
            }
            for ramp in ramps
        ]
        for idea, ramps in report.ramps.items()
    }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def report_json(report: Report, problems: Iterable[Problem] = ()) -> dict[str, Any]:
    """All the numbers of the report (`pdsa report --json`)."""
    p = report.project
    return envelope(
        "report",
        {
            "project": {"name": p.name, "aims": [a.statement for a in p.stated_aims]},
            "today": report.today.isoformat(),
            "since": _iso(report.since),
            "cycles": {
                "total": len(report.cycles),
                "by_status": report.by_status,
                "by_decision": report.by_decision,
            },
            "measures": [
                {
                    "id": s.series.measure.id,
                    "title": s.series.measure.title,
                    "type": s.series.measure.type,
                    "verdict": s.verdict,
                    "signal": s.signal(),
                    "rules": "mdc" if s.series.measure.mdc else s.series.signal_rules,
                    "chart": s.series.measure.chart,
                    "variation": s.variation(),
                    "assurance": s.assurance(),
                    "chart_problem": s.chart_problem.message if s.chart_problem else None,
                    "latest": {"date": s.latest[0].isoformat(), "value": s.latest[1]}
                    if s.latest
                    else None,
                    "goal": s.series.measure.goal,
                    "goal_met": s.goal_met,
                    "points": len(s.series.values),
                    "phases": [
                        {
                            "label": ph.label or None,
                            "median": tidy(ph.centre),
                            "signal": ph.signal(s.series.signal_rules),
                        }
                        for ph in s.series.phases
                    ],
                    "cycles_on_chart": [m.id for m in s.marks],
                }
                for s in report.measures
            ],
            "predictions": {
                idea: [
                    {
                        "cycle": r.cycle.id,
                        "prediction": r.prediction_id,
                        "statement": r.statement,
                        "measure": r.measure,
                        "expected": r.expected,
                        "actual": r.actual,
                        "met": r.met,
                        "confidence": r.confidence,
                        "recorded": r.recorded,
                    }
                    for r in rows
                ]
                for idea, rows in report.predictions.items()
            },
            "hit_rates": {
                idea or "all": {"made": h.made, "judged": h.judged, "met": h.met, "rate": h.rate}
                for idea, h in report.hit_rates.items()
            },
            "calibration": {
                "judged_with_confidence": report.calibration.judged,
                "brier": report.calibration.brier,
                "bands": [
                    {
                        "low": b.low,
                        "high": b.high,
                        "count": b.count,
                        "stated": b.stated,
                        "observed": b.observed,
                    }
                    for b in report.calibration.bands
                ],
            },
            "ramps": {
                idea: [
                    [
                        {
                            "id": c.id,
                            "status": c.status.value,
                            "scale": c.plan.scale,
                            "decision": c.decision.value if c.decision else None,
                        }
                        for c in r.cycles
                    ]
                    for r in chains
                ]
                for idea, chains in report.ramps.items()
            },
            "change_idea_status": report.idea_status,
            "learning": learning_json(report),
            "fidelity": fidelity_body(report.fidelity) if report.fidelity else None,
            "calibration_over_time": calibration_body(report.calibration_over_time)
            if report.calibration_over_time
            else None,
            "attention": [
                {"cycle": a.cycle.id, "kind": a.kind, "message": a.message}
                for a in report.attention
            ],
        },
        problems,
    )
