"""One measure in the report: its analysed series, the cycles on its chart, its control
chart (or why it could not be drawn), the verdict and the latest value against the goal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pdsa.errors import AnalysisError, Location, MissingExtraError, Problem, ProblemKind
from pdsa.model import Point, fmt_number
from pdsa.runchart import series as series_mod
from pdsa.runchart.control_reading import (
    ASSURANCE_SHORT,
    NO_LIMITS_SHORT,
    VARIATION_SHORT,
    assurance_type,
    point_meanings,
    variation_type,
)
from pdsa.runchart.control_view import ControlView, control_view
from pdsa.runchart.marks import CycleMark
from pdsa.store import Workspace


@dataclass(frozen=True)
class MeasureSummary:
    """One measure's verdict line and its chart data."""

    series: series_mod.Series
    marks: list[CycleMark]
    verdict: str
    latest: tuple[dt.date, float] | None
    goal_met: bool | None
    control: ControlView | None = None
    # Why the control chart could not be drawn: its data (exit 3), or, with kind EXTRA, the
    # charts extra is not installed (the run chart is judged instead; a note, not exit 3).
    chart_problem: Problem | None = None

    def signal(self) -> bool:
        """Whether the chart shows a signal of change: special causes or unusual runs on a
        control chart, the run-chart rules otherwise."""
        if self.control is None:
            return self.series.signal()
        if not any(p.judged for p in self.series.phases):
            return False
        if not self.control.has_limits():
            return False  # a chart without limits gives no verdict
        meanings = point_meanings(self.control, self.series.measure.better)
        runs = any(part.get("runs_signal") for part in self.control.parts)
        return runs or any(m in ("improvement", "concern", "neutral") for m in meanings)

    def variation(self) -> str:
        """The latest point's variation in words (a run chart: signal or not)."""
        if self.latest is None:
            return "no data yet"
        if not any(p.judged for p in self.series.phases):
            return "too few points"
        if self.control is not None:
            if not self.control.has_limits():
                return NO_LIMITS_SHORT
            kind = variation_type(self.control, self.series.measure.better)
            return VARIATION_SHORT[kind]
        return run_variation(self.series)

    def assurance(self) -> str | None:
        """Will the process meet the goal? (Only a control chart's limits can say: None
        when there is none, or no goal.)"""
        m = self.series.measure
        if self.control is None or m.goal is None or self.latest is None:
            return None
        found = assurance_type(self.control, m.goal, m.better)
        return ASSURANCE_SHORT.get(found or "")

    def status(self) -> str:
        """`latest 8.3 minutes (16 Nov 2026); goal 8, not yet met`."""
        m = self.series.measure
        if self.latest is None:
            return "no data yet"
        day, value = self.latest
        unit = m.unit if m.unit in ("%", "") else f" {m.unit}"
        goal = ""
        if m.goal is not None and self.goal_met is not None:
            goal = f"; goal {fmt_number(m.goal)}, {'met' if self.goal_met else 'not yet met'}"
        elif m.goal is not None:
            goal = f"; goal {fmt_number(m.goal)}"
        return f"latest {fmt_number(value)}{unit} ({day:%d %b %Y}){goal}"

    def line(self) -> str:
        """The status and the verdict: one line for places without the chart's subtitle."""
        if self.latest is None:  # "no data yet" says it all
            return f"{self.series.measure.title}: no data yet"
        return f"{self.series.measure.title}: {self.status()}. {self.verdict}"


def run_variation(series: series_mod.Series) -> str:
    """A run chart's latest point: part of a signal (an improvement or a concern, by its side
    of the median and the way the measure gets better), or common cause."""
    last = len(series.values)
    rules = series.signal_rules
    if last not in series.run_points[rules] | series.trend_points[rules]:
        return "common cause"
    better = series.measure.better
    centre = series.centre_line[last - 1]
    if better == "neutral" or centre is None:
        return "special cause"
    above = series.values[last - 1] > centre
    return "improvement" if above == (better == "higher") else "concern"


def measure_control(
    ws: Workspace, data: series_mod.Series, raw: list[Point]
) -> tuple[ControlView | None, Problem | None]:
    """The measure's control chart, or the problem that stops it (the run chart is shown).

    Without the charts extra the problem is a `MissingExtraError`'s message, located at the
    measure's data, with the install as its hint; `Problem.kind` tells it apart.
    """
    try:
        return control_view(data, raw), None
    except MissingExtraError as exc:
        where = Location(ws.rel(ws.measure_path(data.measure.id)))
        return None, Problem(where, exc.message, exc.hint, kind=ProblemKind.EXTRA)
    except AnalysisError as exc:
        shown = ws.rel(ws.measure_path(data.measure.id))
        where = Location(shown)
        return None, Problem(where, f"{data.measure.chart} chart: {exc.message}", exc.hint)


def meets_goal(value: float, goal: float, better: str) -> bool | None:
    """Whether a value meets the goal in the measure's direction (None when neutral)."""
    if better == "neutral":
        return None
    return value <= goal if better == "lower" else value >= goal
