"""JSON of method fidelity (`pdsa fidelity --json`, and the report's `fidelity` key) and of
calibration over time (the report's `calibration_over_time` key)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pdsa.calibration import CalibrationOverTime, Score
from pdsa.errors import Problem
from pdsa.fidelity import Fidelity
from pdsa.shapes import envelope


def fidelity_body(fidelity: Fidelity) -> dict[str, Any]:
    """The score, the progress score, each ramp's verdicts, and how predictions were proven."""
    p = fidelity.progress
    return {
        "score": fidelity.score,
        "percent": fidelity.percent,
        "criteria": {c.value: title for c, title in fidelity.criteria.items()},
        "counts": {c.value: {"met": m, "ramps": n} for c, (m, n) in fidelity.counts().items()},
        "progress": {
            "score": p.score,
            "label": p.label,
            "reasons": p.reasons,
            "next_step": p.next_step,
        },
        "proof": {"source": fidelity.proof.source, "note": fidelity.proof.note or None},
        "ramps": [
            {
                "change_idea": r.change_idea or None,
                "first": r.cycle_ids[0],
                "cycles": r.cycle_ids,
                "tested": r.tested,
                "met": r.met,
                "score": r.score,
                "criteria": [
                    {
                        "criterion": v.criterion.value,
                        "met": v.met,
                        "reason": v.reason,
                        "fix": v.fix or None,
                    }
                    for v in r.verdicts
                ],
            }
            for r in fidelity.ramps
        ],
        "not_judged": [{"change_idea": i or None, "first": first} for i, first in fidelity.waiting],
    }


def fidelity_json(fidelity: Fidelity, problems: Iterable[Problem] = ()) -> dict[str, Any]:
    """`pdsa fidelity --json` (kind `fidelity`)."""
    return envelope("fidelity", fidelity_body(fidelity), problems)


def score_json(s: Score) -> dict[str, Any]:
    """Hit rate and Brier score of one group of predictions."""
    return {
        "judged": s.judged,
        "met": s.met,
        "rate": s.rate,
        "with_confidence": s.scored,
        "brier": s.brier,
        "stated": s.stated,
        "observed": s.observed,
    }


def calibration_body(cal: CalibrationOverTime) -> dict[str, Any]:
    """Per period, change idea and owner; the reliability bins; the trend."""
    trend = cal.trend
    return {
        "period": cal.period,
        "overall": score_json(cal.overall),
        "by_period": [{"period": label, **score_json(s)} for label, s in cal.by_period],
        "by_change_idea": {k: score_json(s) for k, s in cal.by_idea.items()},
        "by_owner": {k: score_json(s) for k, s in cal.by_owner.items()},
        "reliability": [
            {
                "low": b.low,
                "high": b.high,
                "count": b.count,
                "stated": b.stated,
                "observed": b.observed,
            }
            for b in cal.bins
        ],
        "trend": None
        if trend is None
        else {
            "first": {"period": trend.first[0], "brier": trend.first[1].brier},
            "last": {"period": trend.last[0], "brier": trend.last[1].brier},
            "direction": trend.direction,
        },
    }
