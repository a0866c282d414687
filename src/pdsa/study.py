"""The study meeting as plain functions: prompts are injected, every answer is saved at once.

`run_study` walks a cycle through Study and Act. Each answer is one atomic edit of the cycle
file before the next question, so an interrupted meeting leaves a valid file holding every
answer given so far, and running again resumes at the first unanswered step. The terminal
(or flags, or a test) supplies the answers through the `Prompts` protocol.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Protocol

from pdsa.errors import RefusedError
from pdsa.fingerprint import LockDiff, compare
from pdsa.lifecycle import new_cycle
from pdsa.measures import measure_points
from pdsa.model import Cycle, Decision, Prediction, Result, Status
from pdsa.runchart import series as series_mod
from pdsa.store import Workspace, field_order
from pdsa.yamlio.edit import append_to, set_in


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


@dataclass(frozen=True)
class Briefing:
    """What the meeting sees before the first question."""

    cycle: Cycle
    ramp: list[Cycle]  # earlier cycles of this ramp, oldest first
    lock: LockDiff | None
    measures: list[MeasureView]
    window: tuple[dt.date, dt.date] | None


class Prompts(Protocol):
    """Where answers come from. Returning None means "not answered" (the step stays open)."""

    def brief(self, briefing: Briefing) -> None:
        """Show the plan, predictions and data before the questions."""

    def finished(self, default: dt.date) -> dt.date | None:
        """The day Do finished."""

    def actual(self, p: Prediction, suggestion: Suggestion | None) -> float | str | None:
        """The actual result; `""` records "not judged"."""

    def met(self, p: Prediction, actual: float | str, implied: bool | None) -> bool | None:
        """Whether the prediction came true (`implied` when the expectation decides it)."""

    def override(self, p: Prediction, implied: bool) -> str | None:
        """Why `met` differs from what the expectation implies."""

    def note(self, p: Prediction) -> str | None:
        """An optional note on the result (`""` for none)."""

    def surprise(self, so_far: list[str]) -> str | None:
        """One more thing that surprised the team; `""` when there is no more."""

    def learning(self) -> str | None:
        """What the team learned."""

    def decision(self) -> Decision | None:
        """Adopt, adapt or abandon."""

    def rationale(self, decision: Decision | None) -> str | None:
        """Why (the decision is None only when listing what is missing)."""

    def next_title(self, decision: Decision) -> str | None:
        """Title of the next cycle in the ramp (`""` for none)."""


@dataclass
class Outcome:
    """How the meeting ended."""

    cycle: Cycle
    missing: list[str] = field(default_factory=list)
    next_cycle: str | None = None

    @property
    def complete(self) -> bool:
        """True when every step is answered."""
        return not self.missing


def suggest(ws: Workspace, cycle: Cycle, p: Prediction, today: dt.date) -> Suggestion | None:
    """The summary of the prediction's measure over the Do window, as the default actual."""
    window = cycle.do_window(today)
    measure = ws.project().measure(p.measure) if p.measure else None
    if window is None or measure is None:
        return None
    chosen = series_mod.window_values(measure, measure_points(ws, measure.id), *window)
    how = p.summary or measure.summary
    return Suggestion(series_mod.summarise_values(chosen, how), how, len(chosen), window)


def implied_met(p: Prediction, actual: float | str | None) -> bool | None:
    """What the expectation says about a numeric actual (None when it cannot say)."""
    if p.expect is None or not isinstance(actual, int | float) or isinstance(actual, bool):
        return None
    return p.expect.judge(float(actual))


def brief(ws: Workspace, cycle: Cycle, today: dt.date) -> Briefing:
    """Everything shown before the questions."""
    ramp: list[Cycle] = []
    previous = cycle.follows
    seen = {cycle.id}
    while previous and previous not in seen:
        seen.add(previous)
        try:
            earlier = ws.load_cycle(previous).cycle
        except Exception:  # a broken or missing earlier cycle must not stop the meeting
            break
        ramp.insert(0, earlier)
        previous = earlier.follows
    window = cycle.do_window(today)
    views = []
    project = ws.project()
    for measure_id in dict.fromkeys(p.measure for p in cycle.plan.predictions if p.measure):
        measure = project.measure(measure_id)
        if measure is None or window is None:
            continue
        points = measure_points(ws, measure_id)
        views.append(
            MeasureView(
                series_mod.build(measure, points),
                window,
                [pt.value for pt in series_mod.window(points, *window)],
            )
        )
    lock = compare(cycle.plan.locked, cycle.plan.predictions) if cycle.plan.locked else None
    return Briefing(cycle, ramp, lock, views, window)


def run_study(ws: Workspace, ref: str, prompts: Prompts, *, today: dt.date) -> Outcome:
    """Run (or resume) the study meeting for a cycle; returns what is still missing."""
    cycle = ws.load_cycle(ref).cycle
    if cycle.status is Status.PLAN:
        raise RefusedError(
            f"{cycle.id} is still in plan: there is nothing to study yet",
            hint=f"start the test first: pdsa start {cycle.id}",
        )
    if cycle.status is Status.DONE:
        raise RefusedError(
            f"{cycle.id} is done (decision: {_decision(cycle)})",
            hint="plan the next cycle with `pdsa new --follows`",
        )
    prompts.brief(brief(ws, cycle, today))
    session = _Session(ws, cycle, prompts, today)
    session.run()
    return Outcome(session.cycle, session.missing, session.next_id)


def _plain(value: float | str) -> float | int | str:
    """12.0 is written as 12; 7.25 stays 7.25."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _decision(cycle: Cycle) -> str:
    return cycle.act.decision.value if cycle.act and cycle.act.decision else "none"


class _Session:
    """One pass over the open steps, saving each answer as it comes."""

    def __init__(self, ws: Workspace, cycle: Cycle, prompts: Prompts, today: dt.date) -> None:
        self.ws, self.cycle, self.prompts, self.today = ws, cycle, prompts, today
        self.missing: list[str] = []
        self.next_id: str | None = None
        # Once a step that later ones depend on is unanswered, the rest are only asked (to
        # list everything missing at once), never written.
        self.probing = False

    def save(self, *changes: tuple[tuple[str | int, ...], Any]) -> None:
        if self.probing:
            return

        def edit(doc: Any, _: Cycle) -> None:
            for path, value in changes:
                set_in(doc, path, value, field_order(path[:-1]))

        self.cycle = self.ws.edit_cycle(self.cycle.id, edit).cycle

    def append(self, path: tuple[str, ...], item: Any) -> None:
        if self.probing:
            return

        def edit(doc: Any, _: Cycle) -> None:
            append_to(doc, path, item, field_order(path[:-1]))

        self.cycle = self.ws.edit_cycle(self.cycle.id, edit).cycle

    def run(self) -> None:
        if self.cycle.status is Status.DO and not self._open_study():
            self.probing = True
        for p in self.cycle.plan.predictions:
            self._prediction(p)
        self._learning()
        # The decision comes after the whole study: with anything missing, only ask.
        self.probing = self.probing or bool(self.missing)
        self._act()

    def _open_study(self) -> bool:
        """do -> study: the Do window closes and the study date is set."""
        assert self.cycle.do is not None
        changes: list[tuple[tuple[str | int, ...], Any]] = []
        if self.cycle.do.finished is None:
            planned = self.cycle.plan.when.end if self.cycle.plan.when else None
            default = min(planned or self.today, self.today)
            finished = self.prompts.finished(max(default, self.cycle.do.started or default))
            if finished is None:
                self.missing.append("the day Do finished (--finished)")
                return False
            changes.append((("do", "finished"), finished))
        changes += [(("status",), Status.STUDY.value), (("study", "date"), self.today)]
        self.save(*changes)
        return True

    def _result(self, pid: str) -> tuple[int, Result | None]:
        results = self.cycle.study.results if self.cycle.study else []
        index = next((i for i, r in enumerate(results) if r.prediction == pid), len(results))
        return index, results[index] if index < len(results) else None

    def _prediction(self, p: Prediction) -> None:
        index, result = self._result(p.id)
        if result is None:
            actual = self.prompts.actual(p, suggest(self.ws, self.cycle, p, self.today))
            if actual is None:
                self.missing.append(f"the actual for '{p.id}' (--actual {p.id}=VALUE)")
                return
            entry = {"prediction": p.id, "actual": _plain(actual) if actual != "" else None}
            self.append(("study", "results"), entry)
            index, result = self._result(p.id)
            if result is None:  # probing: nothing was written
                result = Result(prediction=p.id, actual=entry["actual"])
        if result.actual is None or result.met is not None:
            return  # "not judged", or already decided
        implied = implied_met(p, result.actual)
        met = self.prompts.met(p, result.actual, implied)
        if met is None:
            self.missing.append(f"whether '{p.id}' was met (--met {p.id}=yes|no)")
            return
        where = ("study", "results", index)
        if implied is not None and met != implied:
            reason = self.prompts.override(p, implied)
            if not reason:
                self.missing.append(
                    f"why '{p.id}' is judged against its expectation (--note {p.id}=REASON)"
                )
                return
            self.save(((*where, "met"), met), ((*where, "override"), reason))
            return
        self.save(((*where, "met"), met))
        note = self.prompts.note(p)
        if note:
            self.save(((*where, "note"), note))

    def _learning(self) -> None:
        study = self.cycle.study
        if study is not None and study.learning:
            return
        # One at a time, each saved as it is given; on resume the list so far is shown.
        so_far = list(study.surprises) if study else []
        while item := self.prompts.surprise(so_far):
            self.append(("study", "surprises"), item)
            so_far.append(item)
        learning = self.prompts.learning()
        if not learning:
            self.missing.append("what the team learned (--learning TEXT)")
            return
        self.save((("study", "learning"), learning))

    def _act(self) -> None:
        act = self.cycle.act
        decision = act.decision if act else None
        if decision is None:
            decision = self.prompts.decision()
            if decision is None:
                self.missing.append("the decision (--decision adopt|adapt|abandon)")
                self.probing = True
            else:
                self.save(
                    (("status",), Status.ACT.value),
                    (("act", "decision"), decision.value),
                    (("act", "date"), self.today),
                )
        if not (self.cycle.act and self.cycle.act.rationale):
            rationale = self.prompts.rationale(decision)
            if not rationale:
                self.missing.append("the rationale for the decision (--rationale TEXT)")
                return
            self.save((("act", "rationale"), rationale))
        if decision is None or self.probing:
            return
        title = self.prompts.next_title(decision) if decision is not Decision.ABANDON else ""
        if title is None:
            self.missing.append("the next cycle's title, or none (--next TITLE)")
            return
        changes: list[tuple[tuple[str | int, ...], Any]] = [(("status",), Status.DONE.value)]
        if title and not self.probing:
            follow_on = new_cycle(
                self.ws,
                title,
                follows=self.cycle.id,
                created=self.today,
                owner=self.cycle.owner,
                link_previous=False,
            )
            self.next_id = follow_on.cycle.id
            changes.append((("act", "next"), self.next_id))
        self.save(*changes)


@dataclass(frozen=True)
class AgendaItem:
    """A cycle the meeting should look at, and why."""

    cycle: Cycle
    reason: str
    since: dt.date  # when it became due (the end of its Do window, or its start)


def agenda(ws: Workspace, today: dt.date, cycles: list[Cycle] | None = None) -> list[AgendaItem]:
    """The meeting's running order: Do windows that have ended without a study (oldest
    first), cycles mid-study or awaiting a decision, then running tests with no data yet."""
    if cycles is None:
        cycles, _ = ws.cycles()
    due: list[AgendaItem] = []
    waiting: list[AgendaItem] = []
    quiet: list[AgendaItem] = []
    for cycle in cycles:
        window = cycle.do_window(today)
        if cycle.status is Status.DO and window is not None:
            ended = (cycle.do and cycle.do.finished) or (
                cycle.plan.when and cycle.plan.when.end and cycle.plan.when.end < today
            )
            if ended:
                days = (today - window[1]).days
                due.append(
                    AgendaItem(
                        cycle,
                        f"Do ended {window[1]} ({days} day{'' if days == 1 else 's'} ago), "
                        "not studied",
                        window[1],
                    )
                )
            elif not _has_data(ws, cycle, window):
                quiet.append(
                    AgendaItem(cycle, f"in Do since {window[0]}, no data recorded yet", window[0])
                )
        elif cycle.status in (Status.STUDY, Status.ACT):
            what = "study in progress" if cycle.status is Status.STUDY else "decision pending"
            when = (cycle.study.date if cycle.study else None) or cycle.created
            waiting.append(AgendaItem(cycle, what, when))
    return [
        *sorted(due, key=lambda i: i.since),
        *sorted(waiting, key=lambda i: i.since),
        *sorted(quiet, key=lambda i: i.since),
    ]


def _has_data(ws: Workspace, cycle: Cycle, window: tuple[dt.date, dt.date]) -> bool:
    measures = {p.measure for p in cycle.plan.predictions if p.measure}
    if not measures:
        return True  # nothing to record: not "missing data"
    for measure_id in measures:
        if ws.project().measure(measure_id) is None:
            continue
        if series_mod.window(measure_points(ws, measure_id), window[0], max(window[1], window[0])):
            return True
    return False
