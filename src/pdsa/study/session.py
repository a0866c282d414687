"""The study meeting as plain functions: prompts are injected, every answer is saved at once.

`run_study` walks a cycle through Study and Act. Each answer is one atomic edit of the cycle
file before the next question, so an interrupted meeting leaves a valid file holding every
answer given so far, and running again resumes at the first unanswered step. The terminal
(or flags, or a test) supplies the answers through the `Prompts` protocol; what is still
missing comes back as typed `Missing` steps, which the CLI turns into the flags to pass.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from pdsa.errors import Problem, RefusedError, UsageError
from pdsa.lifecycle import new_cycle
from pdsa.model import Cycle, Decision, Prediction, Result, Status
from pdsa.store import CycleEdit, LoadedCycle, Workspace
from pdsa.study.briefing import Briefing, Data, Suggestion, brief, implied_met, load_data, suggest


class Step(StrEnum):
    """A question of the meeting."""

    FINISHED = "finished"  # the day Do finished
    ACTUAL = "actual"  # a prediction's actual result
    MET = "met"  # whether it was met
    WHY = "why"  # why `met` differs from what the expectation implies
    LEARNING = "learning"
    DECISION = "decision"
    RATIONALE = "rationale"
    NEXT = "next"  # the next cycle's title, or none


@dataclass(frozen=True)
class Missing:
    """A question still unanswered (for `prediction`, when it is about one)."""

    step: Step
    prediction: str | None = None


class Prompts(Protocol):
    """Where answers come from. Returning None means "not answered" (the step stays open)."""

    def brief(self, briefing: Briefing) -> None:
        """Show the plan, predictions, data and answers so far before the questions."""

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

    def learning(self, so_far: str | None) -> str | None:
        """One more line of what the team learned; `""` when there is no more."""

    def decision(self) -> Decision | None:
        """Adopt, adapt or abandon."""

    def rationale(self, decision: Decision | None) -> str | None:
        """Why (the decision is None only when listing what is missing)."""

    def next_title(self, decision: Decision, planned: str | None) -> str | None:
        """Title of the next cycle in the ramp (`""` for none); `planned` is an id already
        reserved by an interrupted meeting."""


@dataclass
class Outcome:
    """How the meeting ended."""

    cycle: Cycle
    missing: list[Missing] = field(default_factory=list)
    next_cycle: str | None = None
    unreadable: list[Problem] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """True when every step is answered."""
        return not self.missing


def run_study(ws: Workspace, loaded: LoadedCycle, prompts: Prompts, *, today: dt.date) -> Outcome:
    """Run (or resume) the study meeting for a cycle; returns what is still missing."""
    cycle = loaded.cycle
    if cycle.status is Status.PLAN:
        raise RefusedError(
            f"{cycle.id} is still in plan: there is nothing to study yet",
            hint=f"start the test first: pdsa start {cycle.id}",
        )
    if cycle.status is Status.DONE:
        raise RefusedError(
            f"{cycle.id} is done (decision: {cycle.tag})",
            hint="plan the next cycle with `pdsa new --follows`",
        )
    if cycle.started is None:
        raise RefusedError(
            f"{cycle.id} is in {cycle.status.value} but do.started is empty",
            hint="record when the test began: set do.started (YYYY-MM-DD) in the file",
        )
    data = load_data(ws, cycle)
    briefing = brief(ws, cycle, today, data)
    prompts.brief(briefing)
    session = _Session(ws, loaded, prompts, today, data)
    session.run()
    return Outcome(session.cycle, session.missing, session.next_id, briefing.unreadable)


def _plain(value: float | str) -> float | int | str:
    """12.0 is written as 12; 7.25 stays 7.25."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


Change = tuple[tuple[str | int, ...], Any]


class _Session:
    """One pass over the open steps, saving each answer as it comes."""

    def __init__(
        self, ws: Workspace, loaded: LoadedCycle, prompts: Prompts, today: dt.date, data: Data
    ) -> None:
        self.ws, self.loaded, self.prompts, self.today = ws, loaded, prompts, today
        self.data = data
        self.missing: list[Missing] = []
        self.next_id: str | None = None
        # Once a step that later ones depend on is unanswered, the rest are only asked (to
        # list everything missing at once), never written.
        self.probing = False

    @property
    def cycle(self) -> Cycle:
        return self.loaded.cycle

    def save(self, *changes: Change) -> None:
        if self.probing:
            return

        def edit(handle: CycleEdit) -> None:
            for path, value in changes:
                handle.set(path, value)

        self.loaded = self.ws.edit(self.loaded, edit).loaded

    def append(self, path: tuple[str, ...], item: Any) -> None:
        if self.probing:
            return
        self.loaded = self.ws.edit(self.loaded, lambda h: h.append(path, item)).loaded

    def run(self) -> None:
        if self.cycle.status is Status.DO and not self._open_study():
            self.probing = True
        for p in self.cycle.plan.predictions:
            self._prediction(p)
        self._surprises()
        self._learning()
        # The decision comes after the whole study: with anything missing, only ask.
        self.probing = self.probing or bool(self.missing)
        self._act()

    def _open_study(self) -> bool:
        """do -> study: the Do window closes and the study date is set."""
        assert self.cycle.do is not None and self.cycle.do.started is not None
        changes: list[Change] = []
        started = self.cycle.do.started
        if self.cycle.do.finished is None:
            planned = self.cycle.plan.when.end if self.cycle.plan.when else None
            default = max(min(planned or self.today, self.today), started)
            finished = self.prompts.finished(default)
            if finished is None:
                self.missing.append(Missing(Step.FINISHED))
                return False
            if finished < started:
                raise UsageError(
                    f"Do cannot finish on {finished}: it started on {started}",
                    hint="give a date on or after do.started",
                    option="finished",
                )
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
            suggestion = suggest(self.ws, self.cycle, p, self.today, self.data)
            actual = self.prompts.actual(p, suggestion)
            if actual is None:
                self.missing.append(Missing(Step.ACTUAL, p.id))
                return
            entry = {"prediction": p.id, "actual": _plain(actual) if actual != "" else None}
            self.append(("study", "results"), entry)
            index, result = self._result(p.id)
            if result is None:  # probing: nothing was written
                result = Result(prediction=p.id, actual=entry["actual"])
        if result.actual is None:
            return  # "not judged"
        implied = implied_met(p, result.actual)
        where = ("study", "results", index)
        met = result.met
        if met is None:
            met = self.prompts.met(p, result.actual, implied)
            if met is None:
                self.missing.append(Missing(Step.MET, p.id))
                return
            # Saved before asking why it differs, so an interruption keeps the answer.
            self.save(((*where, "met"), met))
            if implied is None or met == implied:
                note = self.prompts.note(p)
                if note:
                    self.save(((*where, "note"), note))
        if implied is not None and met != implied and not result.override:
            reason = self.prompts.override(p, implied)
            if not reason:
                self.missing.append(Missing(Step.WHY, p.id))
                return
            self.save(((*where, "override"), reason))

    def _surprises(self) -> None:
        study = self.cycle.study
        if study is not None and study.learning and self._decided():
            return
        # One at a time, each saved as it is given; on resume the list so far is shown.
        so_far = list(study.surprises) if study else []
        while item := self.prompts.surprise(so_far):
            self.append(("study", "surprises"), item)
            so_far.append(item)

    def _learning(self) -> None:
        study = self.cycle.study
        learning = study.learning if study else None
        if learning and self._decided():
            return
        # Line by line, each saved as it is confirmed, so an interruption loses none.
        while line := self.prompts.learning(learning):
            learning = f"{learning}\n{line}" if learning else line
            self.save((("study", "learning"), learning))
        if not learning:
            self.missing.append(Missing(Step.LEARNING))

    def _decided(self) -> bool:
        return self.cycle.decision is not None

    def _act(self) -> None:
        decision = self.cycle.decision
        if decision is None or decision is Decision.UNDECIDED:  # pending: ask again
            decision = self.prompts.decision()
            if decision is None:
                self.missing.append(Missing(Step.DECISION))
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
                self.missing.append(Missing(Step.RATIONALE))
                return
            self.save((("act", "rationale"), rationale))
        if decision is None or decision is Decision.UNDECIDED or self.probing:
            return  # "not yet decided" leaves the cycle in act, with the reason recorded
        self._next(decision)

    def _follow_on_titled(self, title: str) -> str | None:
        """The id of a cycle that follows this one under this title, if there is one."""
        wanted = " ".join(title.split()).casefold()
        for other in self.ws.cycles().cycles:
            if other.follows == self.cycle.id and other.title.casefold() == wanted:
                return other.id
        return None

    def _next(self, decision: Decision) -> None:
        """The next cycle: its id is reserved in act.next before it is created, so a meeting
        stopped in between resumes by creating that very cycle, never a `-2` copy."""
        planned = self.cycle.act.next if self.cycle.act else None
        exists = planned is not None and planned in {p.stem for p in self.ws.cycle_files()}
        if planned and exists:
            self.next_id = planned
            self.save((("status",), Status.DONE.value))
            return
        title: str | None = ""  # an abandoned idea has no next cycle in its ramp
        if decision is not Decision.ABANDON:
            title = self.prompts.next_title(decision, planned)
        if title is None:
            self.missing.append(Missing(Step.NEXT))
            return
        if not title and planned:  # reserved by a stopped meeting, now not wanted
            self.save((("act", "next"), None))
        if title and not planned and (orphan := self._follow_on_titled(title)):
            # Created already (a `pdsa new --follows`, or a meeting stopped before linking
            # it): link that cycle rather than make a `-2` copy of it.
            self.next_id = orphan
            self.save((("act", "next"), orphan), (("status",), Status.DONE.value))
            return
        if title:
            cycle_id = planned or self.ws.new_cycle_id(self.today, title)
            self.save((("act", "next"), cycle_id))
            follow_on = new_cycle(
                self.ws,
                title,
                follows=self.loaded,
                created=self.today,
                owner=self.cycle.owner,
                link_previous=False,
                cycle_id=cycle_id,
            )
            self.next_id = follow_on.cycle.id
        self.save((("status",), Status.DONE.value))
