"""What the study meeting sees before its questions: the plan, the ramp so far, the data
of every measure the predictions name, the lock, and what is already recorded."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pdsa.errors import InvalidDataError, MissingExtraError, Problem, UsageError
from pdsa.fingerprint import LockDiff, compare
from pdsa.measures import measure_points
from pdsa.model import Cycle, Point, Prediction
from pdsa.runchart import series as series_mod
from pdsa.runchart.control_view import ControlView, control_view, limit_view
from pdsa.runchart.verdict import apply_minimum
from pdsa.store import Workspace


@dataclass(frozen=True)
class Suggestion:
    """The actual the data suggests for a prediction: a summary of its Do window."""

    value: float | None
    how: str
    points: int
    window: tuple[dt.date, dt.date]


@dataclass(frozen=True)
class MeasureView:
    """One measure the predictions name, with its Do-window summary, for the meeting screen."""

    series: series_mod.Series
    window: tuple[dt.date, dt.date]
    in_window: list[float]
    control: ControlView | None = None


@dataclass(frozen=True)
class Briefing:
    """What the meeting sees before the first question (including answers already saved)."""

    cycle: Cycle
    ramp: list[Cycle]  # earlier cycles of this ramp, oldest first
    lock: LockDiff | None
    measures: list[MeasureView]
    window: tuple[dt.date, dt.date] | None
    unreadable: list[Problem] = field(default_factory=list)  # earlier cycles not shown


Data = dict[str, list[Point]]


def load_data(ws: Workspace, cycle: Cycle) -> Data:
    """The points of every measure the cycle's predictions name (each CSV read once)."""
    project = ws.project()
    names = dict.fromkeys(p.measure for p in cycle.plan.predictions if p.measure)
    return {m: measure_points(ws, m) for m in names if m and project.measure(m) is not None}


def suggest(
    ws: Workspace, cycle: Cycle, p: Prediction, today: dt.date, data: Data
) -> Suggestion | None:
    """The summary of the prediction's measure over the Do window, as the default actual."""
    window = cycle.do_window(today)
    measure = ws.project().measure(p.measure) if p.measure else None
    if window is None or measure is None:
        return None
    points = data.get(measure.id, [])
    if p.expect is not None and p.expect.beyond is not None:
        try:
            view = limit_view(series_mod.build(measure, points), points)
        except MissingExtraError:  # a light install: no limits, so no suggestion
            return None
        if view is None:
            return None
        inside = sum(1 for d in view.dates if window[0] <= d <= window[1])
        count = float(view.beyond(p.expect.beyond, *window))
        return Suggestion(count, f"points beyond the {p.expect.beyond} limit", inside, window)
    chosen = series_mod.window_values(measure, points, *window)
    how = p.summary or measure.summary
    return Suggestion(series_mod.summarise_values(chosen, how), how, len(chosen), window)


def implied_met(p: Prediction, actual: float | str | None) -> bool | None:
    """What the expectation says about a numeric actual (None when it cannot say)."""
    if p.expect is None or not isinstance(actual, int | float) or isinstance(actual, bool):
        return None
    return p.expect.judge(float(actual))


def ramp_before(ws: Workspace, cycle: Cycle) -> tuple[list[Cycle], list[Problem]]:
    """The earlier cycles of this ramp, oldest first, as far as they can be read, and the
    problems of the one that could not be (a broken file must not stop the meeting)."""
    ramp: list[Cycle] = []
    previous = cycle.follows
    seen = {cycle.id}
    ids = {p.stem for p in ws.cycle_files()}
    while previous and previous not in seen and previous in ids:
        seen.add(previous)
        try:
            earlier = ws.load_cycle_file(ws.cycle_path(previous)).cycle
        except InvalidDataError as exc:
            return ramp, exc.problems
        except UsageError:  # deleted meanwhile, or an id that is not a file name
            break
        ramp.insert(0, earlier)
        previous = earlier.follows
    return ramp, []


def brief(ws: Workspace, cycle: Cycle, today: dt.date, data: Data) -> Briefing:
    """Everything shown before the questions."""
    window = cycle.do_window(today)
    views = []
    project = ws.project()
    for measure_id, points in data.items():
        measure = project.measure(measure_id)
        if measure is None or window is None:
            continue
        built = apply_minimum(series_mod.build(measure, points), project.settings.min_points)
        try:
            control = control_view(built, points)
        except MissingExtraError:  # a light install: the meeting sees the run chart
            control = None
        views.append(
            MeasureView(built, window, series_mod.window_values(measure, points, *window), control)
        )
    lock = compare(cycle.plan.locked, cycle.plan.predictions) if cycle.plan.locked else None
    ramp, problems = ramp_before(ws, cycle)
    return Briefing(cycle, ramp, lock, views, window, problems)
