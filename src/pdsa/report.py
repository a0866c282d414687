"""`pdsa report`: every number the monthly review needs, as plain data for the renderers.

No rendering here: the terminal, Markdown, HTML and JSON forms all read one `Report`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pdsa.fingerprint import compare
from pdsa.measures import measure_points
from pdsa.model import STATUS_ORDER, Cycle, Project, Status, fmt_number
from pdsa.runchart import series as series_mod
from pdsa.runchart.series import tidy
from pdsa.store import Workspace
from pdsa.study import agenda
from pdsa.tree import Ramp, ramps_by_change_idea


@dataclass(frozen=True)
class MeasureSummary:
    """One measure's verdict line and its chart data."""

    series: series_mod.Series
    marks: list[series_mod.CycleMark]
    verdict: str
    latest: tuple[dt.date, float] | None
    goal_met: bool | None

    def status(self) -> str:
        """`latest 8.3 minutes (16 Nov 2026); goal 8, not yet met`."""
        m = self.series.measure
        if self.latest is None:
            return "no data yet"
        day, value = self.latest
        unit = m.unit if m.unit in ("%", "") else f" {m.unit}"
        goal = ""
        if m.goal is not None:
            goal = f"; goal {fmt_number(m.goal)}, {'met' if self.goal_met else 'not yet met'}"
        return f"latest {fmt_number(value)}{unit} ({day:%d %b %Y}){goal}"

    def line(self) -> str:
        """The status and the verdict: one line for places without the chart's subtitle."""
        return f"{self.series.measure.title}: {self.status()}. {self.verdict}"


@dataclass(frozen=True)
class PredictionRow:
    """One prediction of a studied cycle, against what happened."""

    cycle: Cycle
    prediction_id: str
    statement: str
    measure: str | None
    expected: str | None
    actual: float | str | None
    met: bool | None  # None: not judged, or no result yet (see `recorded`)
    confidence: float | None
    recorded: bool = True  # False: the study has no result for it yet


@dataclass(frozen=True)
class HitRate:
    """Predictions made, judged and met."""

    made: int
    judged: int
    met: int

    @property
    def rate(self) -> float | None:
        """Share of judged predictions that came true."""
        return self.met / self.judged if self.judged else None


@dataclass(frozen=True)
class Band:
    """Stated confidences in [low, high) against the share that came true."""

    low: float
    high: float
    count: int
    stated: float
    observed: float


@dataclass(frozen=True)
class Calibration:
    """Are the team's confidences honest? Brier score and bands."""

    judged: int
    brier: float | None
    bands: list[Band]


@dataclass(frozen=True)
class Attention:
    """Something the review should act on."""

    cycle: Cycle
    kind: str  # overdue | no-prediction | lock
    message: str


@dataclass
class Report:
    """The whole report."""

    project: Project
    today: dt.date
    since: dt.date | None
    cycles: list[Cycle]
    measures: list[MeasureSummary]
    by_status: dict[str, int]
    by_decision: dict[str, int]
    predictions: dict[str, list[PredictionRow]]  # change idea (or "") -> newest first
    hit_rates: dict[str, HitRate]  # "" overall, else per change idea
    calibration: Calibration
    ramps: dict[str, list[Ramp]]
    idea_status: dict[str, str]
    attention: list[Attention] = field(default_factory=list)


def build_report(
    ws: Workspace,
    *,
    today: dt.date,
    measure: str | None = None,
    change_idea: str | None = None,
    since: dt.date | None = None,
) -> Report:
    """Gather everything; filters narrow the measures, the cycles, or the dates."""
    project = ws.project()
    everything, _ = ws.cycles()
    cycles = [
        c
        for c in everything
        if (change_idea is None or c.change_idea == change_idea)
        and (since is None or _last_date(c) >= since)
    ]
    measures = [m for m in project.measures if measure is None or m.id == measure]
    summaries = []
    for m in measures:
        data = series_mod.build(m, measure_points(ws, m.id))
        if since is not None:
            data = series_mod.since(data, since)
        latest = data.latest()
        goal_met = None
        if latest is not None and m.goal is not None:
            goal_met = latest[1] <= m.goal if m.better == "lower" else latest[1] >= m.goal
        summaries.append(
            MeasureSummary(
                data,
                series_mod.place_cycles(data, cycles, today),
                series_mod.verdict(data),
                latest,
                goal_met,
            )
        )
    rows = prediction_rows(cycles)
    grouped: dict[str, list[PredictionRow]] = {}
    for row in rows:
        grouped.setdefault(row.cycle.change_idea or "", []).append(row)
    ramps = ramps_by_change_idea(cycles)
    return Report(
        project=project,
        today=today,
        since=since,
        cycles=cycles,
        measures=summaries,
        by_status=_count(
            c.status.value for c in sorted(cycles, key=lambda c: STATUS_ORDER[c.status])
        ),
        by_decision=_count(c.act.decision.value for c in cycles if c.act and c.act.decision),
        predictions=grouped,
        hit_rates={
            "": hit_rate(rows, cycles),
            **{
                idea: hit_rate(items, [c for c in cycles if (c.change_idea or "") == idea])
                for idea, items in grouped.items()
            },
        },
        calibration=calibrate(rows),
        ramps=ramps,
        idea_status={idea: idea_status(chain) for idea, chain in ramps.items()},
        attention=attention(ws, cycles, today),
    )


def _last_date(cycle: Cycle) -> dt.date:
    dates = [
        cycle.created,
        cycle.started,
        cycle.do.finished if cycle.do else None,
        cycle.study.date if cycle.study else None,
        cycle.act.date if cycle.act else None,
    ]
    return max(d for d in dates if d is not None)


def _count(values: Any) -> dict[str, int]:
    return dict(Counter(values))


def prediction_rows(cycles: list[Cycle]) -> list[PredictionRow]:
    """Every prediction of every cycle that has reached Study, newest cycle first."""
    rows = []
    studied = [c for c in cycles if STATUS_ORDER[c.status] >= STATUS_ORDER[Status.STUDY]]
    for cycle in sorted(
        studied,
        key=lambda c: (c.study.date if c.study and c.study.date else c.created, c.id),
        reverse=True,
    ):
        for p in cycle.plan.predictions:
            result = cycle.result(p.id)
            rows.append(
                PredictionRow(
                    cycle,
                    p.id,
                    p.statement,
                    p.measure,
                    p.expect.describe() if p.expect else None,
                    result.actual if result else None,
                    result.met if result else None,
                    p.confidence,
                    recorded=result is not None,
                )
            )
    return rows


def hit_rate(rows: list[PredictionRow], cycles: list[Cycle]) -> HitRate:
    """Made counts every prediction written (studied or not); judged and met, the studied."""
    made = sum(len(c.plan.predictions) for c in cycles)
    judged = [r for r in rows if r.met is not None]
    return HitRate(made, len(judged), sum(1 for r in judged if r.met))


def calibrate(rows: list[PredictionRow]) -> Calibration:
    """Brier score (mean squared gap between confidence and outcome) and 10-point bands."""
    scored = [
        (r.confidence, 1.0 if r.met else 0.0)
        for r in rows
        if r.confidence is not None and r.met is not None
    ]
    if not scored:
        return Calibration(0, None, [])
    brier = sum((c - o) ** 2 for c, o in scored) / len(scored)
    bands = []
    for tenth in range(10):
        low, high = tenth / 10, (tenth + 1) / 10
        inside = [(c, o) for c, o in scored if low <= c < high or (tenth == 9 and c == 1.0)]
        if inside:
            bands.append(
                Band(
                    low,
                    high,
                    len(inside),
                    sum(c for c, _ in inside) / len(inside),
                    sum(o for _, o in inside) / len(inside),
                )
            )
    return Calibration(len(scored), brier, bands)


def idea_status(ramps: list[Ramp]) -> str:
    """adopted, abandoned, testing (or not started), from the decisions in its ramps.

    An adoption stands until a later abandon; cycles spreading an adopted idea to new
    places do not make it "testing" again. Abandoned needs nothing still running.
    """
    cycles = [c for r in ramps for c in r.cycles]
    if not cycles:
        return "not started"
    decided = sorted(
        (c for c in cycles if c.act and c.act.decision),
        key=lambda c: (c.act.date if c.act and c.act.date else c.created, c.id),
    )
    decisions = [c.act.decision.value for c in decided if c.act and c.act.decision]
    running = any(c.status is not Status.DONE for c in cycles)
    if decisions and decisions[-1] == "abandon" and not running:
        return "abandoned"
    last_abandon = max((i for i, d in enumerate(decisions) if d == "abandon"), default=-1)
    if "adopt" in decisions[last_abandon + 1 :]:
        return "adopted"
    return "testing"


def attention(ws: Workspace, cycles: list[Cycle], today: dt.date) -> list[Attention]:
    """Overdue studies, cycles past plan without predictions, predictions changed after lock."""
    items = [
        Attention(i.cycle, "overdue", i.reason)
        for i in agenda(ws, today, cycles)
        if i.reason.startswith("Do ended")
    ]
    for c in cycles:
        if c.status is not Status.PLAN and not c.plan.predictions:
            items.append(Attention(c, "no-prediction", f"in {c.status.value} with no prediction"))
        if c.plan.locked is not None:
            diff = compare(c.plan.locked, c.plan.predictions)
            if not diff.ok:
                names = ", ".join(diff.changed + diff.added + diff.removed) or "the lock itself"
                items.append(Attention(c, "lock", f"predictions changed after Do started: {names}"))
    return items


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def to_dict(report: Report) -> dict[str, Any]:
    """All the numbers of the report (`pdsa report --json`)."""
    p = report.project
    return {
        "project": {"name": p.name, "aims": [a.statement for a in p.aims]},
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
                "signal": s.series.signal(),
                "rules": s.series.rules,
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
                        "signal": ph.signal(s.series.rules),
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
                        "decision": c.act.decision.value if c.act and c.act.decision else None,
                    }
                    for c in r.cycles
                ]
                for r in chains
            ]
            for idea, chains in report.ramps.items()
        },
        "change_idea_status": report.idea_status,
        "attention": [
            {"cycle": a.cycle.id, "kind": a.kind, "message": a.message} for a in report.attention
        ],
    }
