"""`pdsa report`: every number the monthly review needs, as plain data for the renderers.

No rendering here: the terminal, Markdown, HTML and JSON forms all read one `Report`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pdsa.agenda import overdue
from pdsa.calibration import Bin as Band  # stated confidences against what came true
from pdsa.calibration import CalibrationOverTime, Period, over_time
from pdsa.errors import Problem
from pdsa.fidelity import Fidelity, assess_workspace
from pdsa.fingerprint import compare
from pdsa.measure_summary import MeasureSummary, measure_control, meets_goal
from pdsa.measures import measure_points
from pdsa.model import STATUS_ORDER, Cycle, Decision, Project, Status
from pdsa.runchart import series as series_mod
from pdsa.runchart.control_reading import measure_verdict
from pdsa.runchart.control_view import since_view
from pdsa.runchart.marks import CycleFacts, place_cycles
from pdsa.runchart.verdict import apply_minimum
from pdsa.store import Workspace
from pdsa.tree import Ramp, ramps_by_change_idea


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
class Calibration:
    """Are the team's confidences honest? Brier score and bands."""

    judged: int
    brier: float | None
    bands: list[Band]


class AttentionKind(StrEnum):
    """What the review should act on."""

    OVERDUE = "overdue"  # a Do window ended without a study
    NOT_STARTED = "not-started"  # a planned Do window passed and the test never began
    NO_PREDICTION = "no-prediction"  # a cycle past plan without a prediction
    LOCK = "lock"  # predictions changed after Do started


@dataclass(frozen=True)
class Attention:
    """Something the review should act on."""

    cycle: Cycle
    kind: AttentionKind
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
    unreadable: list[Problem] = field(default_factory=list)  # cycle files left out
    unread_summary: str = ""  # "15 of 16 cycles; 1 file could not be read"
    fidelity: Fidelity | None = None  # method fidelity of the ramps shown
    calibration_over_time: CalibrationOverTime | None = None


def build_report(
    ws: Workspace,
    *,
    today: dt.date,
    measure: str | None = None,
    change_idea: str | None = None,
    since: dt.date | None = None,
    history: bool | None = None,
    period: Period = "quarter",
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Gather everything; filters narrow the measures, the cycles, or the dates.

    `history` is how fidelity proves predictions came first (see `fidelity.prove`);
    `period` groups calibration over time; `progress(done, total)` is told as the cycle
    files are read.
    """
    project = ws.project()
    found = ws.cycles(progress)
    cycles = [
        c
        for c in found.cycles
        if (change_idea is None or change_idea in c.ideas)
        and (since is None or _last_date(c) >= since)
    ]
    measures = [m for m in project.measures if measure is None or m.id == measure]
    summaries = []
    whole = {}  # before `since` cuts them: fidelity judges data over all time
    facts = [CycleFacts.of(c) for c in cycles]  # once, not once per measure
    for m in measures:
        raw = measure_points(ws, m.id)
        data = series_mod.build(m, raw)
        data = apply_minimum(data, project.settings.min_points)
        control, problem = measure_control(ws, data, raw)
        whole[m.id] = data
        if since is not None:
            data = series_mod.since(data, since)
            control = since_view(control, since)
        latest = data.latest()
        goal_met = None
        if latest is not None and m.goal is not None:
            goal_met = meets_goal(latest[1], m.goal, m.better)
        summaries.append(
            MeasureSummary(
                data,
                place_cycles(data, facts, today),
                measure_verdict(data, control),
                latest,
                goal_met,
                control,
                problem,
            )
        )
    rows = prediction_rows(cycles)
    grouped: dict[str, list[PredictionRow]] = {}
    for row in rows:
        for idea in row.cycle.ideas or [""]:
            grouped.setdefault(idea, []).append(row)
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
        by_decision=_count(c.decision.value for c in cycles if c.decision),
        predictions=grouped,
        hit_rates={
            "": hit_rate(rows, cycles),
            **{
                idea: hit_rate(items, [c for c in cycles if idea in (c.ideas or [""])])
                for idea, items in grouped.items()
            },
        },
        calibration=calibrate(rows),
        ramps=ramps,
        idea_status={idea: idea_status(chain) for idea, chain in ramps.items()},
        attention=attention(cycles, today),
        unreadable=found.problems,
        unread_summary=found.summary(),
        fidelity=assess_workspace(ws, today=today, history=history, cycles=cycles, series=whole),
        calibration_over_time=over_time(cycles, period),
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
        (c for c in cycles if c.decision),
        key=lambda c: (c.act.date if c.act and c.act.date else c.created, c.id),
    )
    # Adopting and spreading is adopting; "not yet decided" is no decision.
    words = {Decision.SPREAD: "adopt", Decision.UNDECIDED: None}
    decisions = [
        w for c in decided if c.decision and (w := words.get(c.decision, c.decision.value))
    ]
    running = any(c.status is not Status.DONE for c in cycles)
    if decisions and decisions[-1] == "abandon" and not running:
        return "abandoned"
    last_abandon = max((i for i, d in enumerate(decisions) if d == "abandon"), default=-1)
    if "adopt" in decisions[last_abandon + 1 :]:
        return "adopted"
    return "testing"


def attention(cycles: list[Cycle], today: dt.date) -> list[Attention]:
    """Overdue studies, cycles past plan without predictions, predictions changed after lock."""
    items = [
        Attention(i.cycle, AttentionKind.OVERDUE, i.describe(today)) for i in overdue(cycles, today)
    ]
    for c in cycles:
        end = c.plan.when.end if c.plan.when else None
        if c.status is Status.PLAN and end is not None and end < today:
            message = f"the planned Do window ended on {end}; the test has not started"
            items.append(Attention(c, AttentionKind.NOT_STARTED, message))
        if c.status is not Status.PLAN and not c.plan.predictions and not c.retrospective:
            items.append(
                Attention(c, AttentionKind.NO_PREDICTION, f"in {c.status.value} with no prediction")
            )
        if c.plan.locked is not None:
            diff = compare(c.plan.locked, c.plan.predictions)
            if not diff.ok:
                names = ", ".join(diff.changed + diff.added + diff.removed) or "the lock itself"
                items.append(
                    Attention(
                        c, AttentionKind.LOCK, f"predictions changed after Do started: {names}"
                    )
                )
    return items
