"""A suggested IHI progress score (0.5-5), derived from the evidence in the files.

The IHI's assessment scale for improvement projects is usually typed in by hand each month.
Here each level is reached only when the files show it: an aim, measures, data, tested
changes, a run-chart signal in the better direction on a process measure and then on an
outcome measure, goals met (the median of the latest points against the goal), an adopted
change, and a spread that held. The reasons list the evidence; `next_step` says what the
next level needs.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pdsa.model import Cycle, Decision, Project, Status, fmt_number
from pdsa.runchart.series import PhaseView, Series

LEVELS: dict[float, str] = {
    0.5: "Intent to participate",
    1.0: "Forming team",
    1.5: "Planning for the project has begun",
    2.0: "Activity, but no changes",
    2.5: "Changes tested, but no improvement",
    3.0: "Modest improvement",
    3.5: "Improvement",
    4.0: "Significant improvement",
    4.5: "Sustainable improvement",
    5.0: "Outstanding sustainable results",
}


@dataclass(frozen=True)
class Progress:
    """The suggested score, its name, the evidence for it, and what the next level needs."""

    score: float
    label: str
    reasons: list[str]
    next_step: str


def improvement(series: Series) -> str | None:
    """The first run-chart signal in the better direction, in words (None without one)."""
    good = "below" if series.measure.better == "lower" else "above"
    rules = series.signal_rules
    for phase in series.phases:
        if not phase.judged:
            continue
        if rules != "ihi":
            for run in phase.anhoej.long_runs:
                if run.side == good:
                    return f"{run.n_points}-point run {good} the median"
        if rules != "anhoej":
            for shift in phase.ihi.shifts:
                if shift.side == good:
                    return f"{shift.n_points}-point shift {good} the median"
            way = "decreasing" if good == "below" else "increasing"
            for trend in phase.ihi.trends:
                if trend.direction == way:
                    return f"{trend.n_points}-point {'down' if good == 'below' else 'up'}ward trend"
    return _phase_change(series)


def _phase_change(series: Series) -> str | None:
    judged = [p for p in series.phases if p.judged and p.centre is not None]
    if len(judged) < 2:
        return None
    first, last = judged[0], judged[-1]
    assert first.centre is not None and last.centre is not None
    better = (
        last.centre < first.centre
        if series.measure.better == "lower"
        else (last.centre > first.centre)
    )
    if not better:
        return None
    moved = f"{fmt_number(first.centre)} to {fmt_number(last.centre)}"
    return f"median moved from {moved} ({_label(last)})"


def _label(phase: PhaseView) -> str:
    return phase.label or f"phase {phase.number}"


def recent_level(series: Series, points: int) -> float | None:
    """The median of the latest `points` points (fewer when there are fewer)."""
    values = [v for i, v in enumerate(series.values, 1) if i not in series.excluded]
    return float(statistics.median(values[-points:])) if values else None


def goal_status(series: Series, points: int) -> tuple[bool, str] | None:
    """Whether the recent level meets the measure's goal, in words (None without a goal)."""
    m = series.measure
    level = recent_level(series, points)
    if m.goal is None or level is None:
        return None
    met = level <= m.goal if m.better == "lower" else level >= m.goal
    return met, (
        f"{m.title}: median of the latest {min(points, len(series.values))} points "
        f"{fmt_number(level)}, goal {fmt_number(m.goal)}, {'met' if met else 'not met'}"
    )


def progress_score(
    project: Project, cycles: Sequence[Cycle], series: Mapping[str, Series]
) -> Progress:
    """The highest level the evidence supports, with its reasons."""
    reasons: list[str] = []

    def reached(score: float, next_step: str) -> Progress:
        return Progress(score, LEVELS[score], reasons, next_step)

    if not project.stated_aims:  # init's placeholder is not an aim
        return reached(0.5, "write the aim in pdsa.yaml: how much, by when, for whom")
    reasons.append(f"aim: {project.stated_aims[0].statement}")
    if not project.measures:
        return reached(1.0, "define the measures that show whether a change is an improvement")
    points = sum(len(s.dates) for s in series.values())
    n = len(project.measures)
    reasons.append(f"{n} measure{'' if n == 1 else 's'} defined, {points} points of data")
    tested = [c for c in cycles if c.status is not Status.PLAN]
    if not points and not cycles:
        return reached(1.5, "collect baseline data and plan the first test")
    if not tested:
        return reached(2.0, "test a change: pdsa start a planned cycle")
    reasons.append(f"{len(tested)} cycle{'' if len(tested) == 1 else 's'} tested")
    found = {
        kind: [
            f"{s.measure.title} ({kind}): {why}"
            for s in series.values()
            if s.measure.type == kind and (why := improvement(s))
        ]
        for kind in ("process", "outcome")
    }
    if not found["process"] and not found["outcome"]:
        return reached(2.5, "a run-chart signal in the better direction on a process measure")
    reasons += found["process"]
    if not found["outcome"]:
        return reached(3.0, "a run-chart signal in the better direction on an outcome measure")
    reasons += found["outcome"]
    window = project.settings.min_points
    goals = [g for s in series.values() if (g := goal_status(s, window)) is not None]
    met = sum(1 for ok, _ in goals if ok)
    reasons += [text for _, text in goals]
    share = met / len(goals) if goals else 0.0
    if share < 0.5:
        return reached(3.5, "half of the goals met (median of the latest points at goal)")
    adopted = [c for c in cycles if c.decision in (Decision.ADOPT, Decision.SPREAD)]
    if share < 0.75 or not adopted:
        return reached(4.0, "three quarters of the goals met, with a change adopted")
    reasons.append(f"adopted: {', '.join(sorted({i for c in adopted for i in c.ideas}))}")
    spread = [c for c in cycles if c.decision is Decision.SPREAD]
    held = [c for c in cycles if c.act and any(f.held for f in c.act.follow_up)]
    if share < 1 or not spread or not held:
        return reached(4.5, "every goal met, a change spread, and a follow-up showing it held")
    reasons.append("spread and held: " + ", ".join(c.id for c in (spread + held)[:2]))
    return reached(5.0, "keep it: check that it holds (pdsa follow-up)")
