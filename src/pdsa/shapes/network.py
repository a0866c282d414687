"""JSON of `pdsa network fetch`, `pdsa network report` and `pdsa network check`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pdsa.network import Fetched, NetworkReport, SharedIdea, TeamSummary
from pdsa.network.config import source_text
from pdsa.network.gate import TeamCheck
from pdsa.network.shared import IdeaResult
from pdsa.shapes import VERSION, envelope, iso, problem_json
from pdsa.shapes.check import check_json


def fetch_json(fetched: Sequence[Fetched]) -> dict[str, Any]:
    """`pdsa network fetch --json` (kind `network-fetch`)."""
    return envelope(
        "network-fetch",
        {
            "teams": [
                {
                    "id": f.team.id,
                    "source": source_text(f.team),
                    "status": f.status,
                    "commit": f.commit,
                    "shallow": f.shallow,
                    "seconds": round(f.seconds, 3),
                    "error": f.error or None,
                }
                for f in fetched
            ],
            "failed": [f.team.id for f in fetched if f.failed],
        },
    )


def _idea(r: IdeaResult) -> dict[str, Any]:
    return {
        "id": r.id,
        "title": r.title,
        "tags": r.tags,
        "status": r.status,
        "cycles": r.cycles,
        "tested": r.tested,
        "judged": r.judged,
        "met": r.met,
        "fidelity": r.fidelity,
        "decision": r.decision,
        "decided": iso(r.decided),
        "learning": r.learning,
        "largest_scale": r.largest_scale,
    }


def team_json(t: TeamSummary) -> dict[str, Any]:
    """One team's row of the roll-up."""
    return {
        "id": t.id,
        "name": t.name,
        "source": t.source,
        "state": t.state,
        "fetch": t.fetch,
        "commit": t.commit,
        "error": t.error or None,
        "project": t.project or None,
        "aims": t.aims,
        "measures": [
            {
                "id": m.id,
                "title": m.title,
                "type": m.type,
                "latest": {"date": m.latest[0].isoformat(), "value": m.latest[1]}
                if m.latest
                else None,
                "goal": m.goal,
                "goal_met": m.goal_met,
                "signal": m.signal,
                "status": m.status,
            }
            for m in t.measures
        ],
        "cycles": {
            "total": t.cycles,
            "tested": t.tested,
            "started_by_month": t.started_by_month,
            "per_month": round(t.cycles_per_month, 3),
        },
        "predictions": {"made": t.made, "judged": t.judged, "met": t.met, "rate": t.rate},
        "calibration": {"judged_with_confidence": t.scored, "brier": t.brier},
        "fidelity": {
            "percent": t.fidelity,
            "counts": {k: {"met": m, "ramps": n} for k, (m, n) in t.fidelity_counts.items()},
        },
        "progress": {"score": t.progress, "label": t.progress_label or None},
        "change_ideas": [_idea(r) for r in t.ideas],
        "unreadable": [problem_json(p) for p in t.unreadable],
    }


def _shared(s: SharedIdea) -> dict[str, Any]:
    return {
        "ids": s.ids,
        "tags": s.tags,
        "teams": s.teams,
        "verdict": s.verdict(),
        "results": [{"team": team, "name": name, **_idea(r)} for team, name, r in s.results],
    }


def network_report_json(report: NetworkReport) -> dict[str, Any]:
    """`pdsa network report --json` (kind `network-report`)."""
    return envelope(
        "network-report",
        {
            "network": report.name,
            "today": report.today.isoformat(),
            "teams": [team_json(t) for t in report.teams],
            "shared_change_ideas": [_shared(s) for s in report.shared],
            "failed": [{"team": t.id, "state": t.state, "error": t.error} for t in report.failed],
        },
        [p for t in report.teams for p in t.unreadable],
    )


def network_check_json(checks: Sequence[TeamCheck]) -> dict[str, Any]:
    """`pdsa network check --format json` (kind `network-check`)."""
    teams = []
    for c in checks:
        found = check_json(c.result) if c.result is not None else None
        teams.append(
            {
                "id": c.id,
                "name": c.name,
                "source": c.source,
                "fetch": c.fetch,
                "passed": c.passed,
                "error": c.error or None,
                "summary": found["summary"] if found else None,
                "findings": found["findings"] if found else [],
            }
        )
    return {
        "version": VERSION,
        "kind": "network-check",
        "summary": {
            "teams": len(checks),
            "passed": sum(1 for c in checks if c.passed),
            "failed": [c.id for c in checks if not c.passed],
            "errors": sum(c.result.errors for c in checks if c.result),
            "warnings": sum(c.result.warnings for c in checks if c.result),
        },
        "teams": teams,
    }
