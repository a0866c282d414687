"""The model of one cycle file: plan (with predictions), do, study, act.

No I/O here. Every model forbids unknown keys so a typo is an error, not silently lost data.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Any, Literal

from pydantic import (
    Field,
    SerializerFunctionWrapHandler,
    StringConstraints,
    model_serializer,
    model_validator,
)

from pdsa.model.base import SCHEMA_VERSION, CycleId, Slug, Strict, Text
from pdsa.model.numbers import fmt_number
from pdsa.vocab import STATUS_ORDER, Decision, Purpose, Status, SummaryKind

__all__ = ["STATUS_ORDER", "Decision", "Status"]

# --- predictions -------------------------------------------------------------------------


class Expect(Strict):
    """A machine-checkable expectation about a number: exactly one of the keys."""

    below: float | None = Field(None, description="Actual is strictly below this value.")
    above: float | None = Field(None, description="Actual is strictly above this value.")
    at_most: float | None = Field(None, description="Actual is this value or lower.")
    at_least: float | None = Field(None, description="Actual is this value or higher.")
    between: tuple[float, float] | None = Field(
        None, description="Actual lies in [low, high], both ends included."
    )
    equals: float | None = Field(None, description="Actual equals this value.")
    beyond: Literal["upper", "lower"] | None = Field(
        None,
        description="A point in the Do window lies beyond this limit of the measure's control "
        "chart (the actual is how many do).",
    )

    @model_validator(mode="after")
    def _exactly_one(self) -> Expect:
        given = [k for k, v in self if v is not None]
        if len(given) != 1:
            raise ValueError(
                "expect needs exactly one of below, above, at_most, at_least, between, equals, "
                "beyond" + (f" (got {', '.join(given)})" if given else "")
            )
        if self.between is not None and self.between[0] > self.between[1]:
            raise ValueError("between needs [low, high] with low <= high")
        return self

    @model_serializer(mode="wrap")
    def _only_the_bound(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # An expectation is one key; five nulls beside it would only be noise in JSON.
        data: dict[str, Any] = handler(self)
        return {k: v for k, v in data.items() if v is not None}

    @property
    def kind(self) -> str:
        """The one key that is set."""
        return next(k for k, v in self if v is not None)

    def judge(self, actual: float) -> bool:
        """Whether a numeric actual meets this expectation."""
        kind, bound = self.kind, getattr(self, self.kind)
        if kind == "between":
            low, high = bound
            return bool(low <= actual <= high)
        if kind == "beyond":  # the actual counts the points beyond the limit
            return actual >= 1
        target = float(bound)
        return {
            "below": actual < target,
            "above": actual > target,
            "at_most": actual <= target,
            "at_least": actual >= target,
            "equals": math.isclose(actual, target, rel_tol=1e-9, abs_tol=1e-12),
        }[kind]

    def describe(self) -> str:
        """A short human form such as ``< 8`` or ``between 2 and 4``."""
        kind, bound = self.kind, getattr(self, self.kind)
        if kind == "between":
            return f"between {fmt_number(bound[0])} and {fmt_number(bound[1])}"
        if kind == "beyond":
            return f"a point beyond the {bound} limit"
        symbol = {"below": "<", "above": ">", "at_most": "≤", "at_least": "≥", "equals": "="}
        return f"{symbol[kind]} {fmt_number(bound)}"


class Prediction(Strict):
    """What the team expects to happen, written before the test runs."""

    id: Slug = Field(description="Short slug, unique within the cycle (e.g. `shorter`).")
    statement: Text = Field(description="The prediction in the team's words.")
    measure: Slug | None = Field(None, description="Id of a measure in pdsa.yaml.")
    expect: Expect | None = Field(None, description="Machine-checkable expectation.")
    confidence: float | None = Field(
        None, ge=0, le=1, description="Probability the team gives the prediction (0..1)."
    )
    summary: SummaryKind | None = Field(
        None, description="How to summarise the measure over the Do window (default median)."
    )
    rationale: str | None = Field(None, description="Why the team expects this.")
    question: int | None = Field(
        None, ge=1, description="Which of plan.questions this prediction answers (1 = the first)."
    )


class Lock(Strict):
    """Fingerprints of the predictions, written when Do starts."""

    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] = Field(
        description="Hash of all predictions (canonical JSON, sorted by id)."
    )
    predictions: dict[str, str] = Field(
        default_factory=dict, description="Per-prediction short hash, to name what changed."
    )
    plan: dict[str, str] = Field(
        default_factory=dict,
        description="Per plan field (objective, who, scale, ...) a short hash of what it said "
        "when Do started, so a plan rewritten afterwards is noticed (pdsa check PD303).",
    )


# --- the four stages ---------------------------------------------------------------------


class When(Strict):
    """The planned Do window."""

    start: dt.date | None = Field(None, description="The first day of the test.")
    end: dt.date | None = Field(None, description="The last day of the test.")


class Task(Strict):
    """Something to get done for the test: what, who, by when (the IHI worksheet's list)."""

    what: Text = Field(description="The task.")
    who: str | None = Field(None, description="Who does it.")
    due: dt.date | None = Field(None, description="By when.")
    done: bool | None = Field(None, description="Whether it is done.")


class Plan(Strict):
    """Plan: objective, questions, predictions and the logistics of the test."""

    objective: str | None = Field(None, description="What this cycle is meant to learn.")
    purpose: Purpose | None = Field(
        None,
        description="What the cycle is for: collect-information, develop-change, "
        "test-change or implement-change.",
    )
    questions: list[str] = Field(
        default_factory=list, description="What the team wants to learn from this test."
    )
    predictions: list[Prediction] = Field(
        default_factory=list, description="What the team expects, written before the test."
    )
    who: str | None = Field(None, description="Who runs the test.")
    where: str | None = Field(None, description="Where it runs.")
    when: When | None = Field(None, description="The planned Do window.")
    scale: str | None = Field(None, description="How small: people, shifts, days.")
    data_collection: str | None = Field(
        None, description="How the data will be collected, by whom, how often."
    )
    tasks: list[Task] = Field(
        default_factory=list, description="What must be done for the test, by whom, by when."
    )
    locked: Lock | str | None = Field(
        None, description="Written by `pdsa start`; do not edit by hand."
    )

    @model_validator(mode="after")
    def _unique_prediction_ids(self) -> Plan:
        seen: set[str] = set()
        for p in self.predictions:
            if p.id in seen:
                raise ValueError(f"prediction id '{p.id}' is used twice; ids must be unique")
            seen.add(p.id)
        return self


class Do(Strict):
    """Do: running the test and what happened."""

    started: dt.date | None = Field(None, description="The day the test began (pdsa start).")
    finished: dt.date | None = Field(None, description="The day the test ended.")
    observations: list[str] = Field(
        default_factory=list, description="What the team saw during the test (pdsa note)."
    )
    problems: list[str] = Field(
        default_factory=list, description="What went wrong (pdsa note --problem)."
    )
    deviations: list[str] = Field(
        default_factory=list, description="Departures from the plan (pdsa note --deviation)."
    )


class Result(Strict):
    """The actual outcome for one prediction."""

    prediction: Slug = Field(description="Id of the prediction this result answers.")
    actual: float | str | None = Field(None, description="The observed value or description.")
    met: bool | None = Field(None, description="Whether the prediction came true.")
    override: str | None = Field(
        None, description="Why `met` differs from what the expectation and actual imply."
    )
    note: str | None = Field(None, description="Anything the team adds about this result.")


class Study(Strict):
    """Study: actual results against predictions, and the learning."""

    date: dt.date | None = Field(None, description="The day of the study meeting.")
    results: list[Result] = Field(
        default_factory=list, description="The actual result of each prediction."
    )
    learning: str | None = Field(None, description="What the team learned.")
    surprises: list[str] = Field(default_factory=list, description="What surprised the team.")


class FollowUp(Strict):
    """A check, weeks or months later, that an adopted change held."""

    date: dt.date = Field(description="When the team looked again.")
    held: bool | None = Field(None, description="Whether the change held.")
    note: str | None = Field(None, description="What the team found.")


class Act(Strict):
    """Act: adopt, adapt or abandon the change idea, and what comes next."""

    decision: Decision | None = Field(
        None,
        description="adopt, adapt, abandon, adopt-and-spread, or not-yet-decided.",
    )
    date: dt.date | None = Field(None, description="When the decision was made.")
    rationale: str | None = Field(None, description="Why.")
    next: CycleId | None = Field(None, description="Id of the follow-on cycle.")
    next_change_idea: Slug | None = Field(
        None, description="The change idea the next cycle tests, when the team moves to another."
    )
    follow_up: list[FollowUp] = Field(
        default_factory=list, description="Later checks that the change held (pdsa follow-up)."
    )


class Cycle(Strict):
    """One small test of one change idea: one file in `cycles/`."""

    schema_version: Literal[1] = Field(
        SCHEMA_VERSION, description="The version of this file's format: 1."
    )
    id: CycleId = Field(description="YYYY-MM-DD-slug; equals the file name without .yaml.")
    title: Text = Field(description="What the cycle tests, in a few words.")
    change_idea: Slug | list[Slug] | None = Field(
        None,
        description="Id of the change idea in pdsa.yaml this cycle tests, or a list of ids "
        "for a bundle tested together.",
    )
    follows: CycleId | None = Field(None, description="The previous cycle in this ramp.")
    status: Status = Field(
        Status.PLAN,
        description="Where the cycle is: plan, do, study, act, or done once the Act decision "
        "is recorded. Moved by pdsa start, pdsa study and pdsa act.",
    )
    owner: str | None = Field(None, description="Who leads the cycle.")
    team: list[str] = Field(default_factory=list, description="Who else takes part.")
    created: dt.date = Field(description="When the cycle was planned (YYYY-MM-DD).")
    retrospective: str | None = Field(
        None,
        description="Entered after the fact, and why: no prediction was written before the "
        "test, so no pre-registration is claimed for it.",
    )
    plan: Plan = Field(
        default_factory=Plan,
        description="Plan: the objective, the questions, the predictions written before the "
        "test, and who, where, when.",
    )
    do: Do | None = Field(None, description="Do: when the test ran and what happened.")
    study: Study | None = Field(
        None, description="Study: the actual results against the predictions, the learning."
    )
    act: Act | None = Field(
        None, description="Act: adopt, adapt or abandon, why, and the next cycle."
    )

    def prediction(self, prediction_id: str) -> Prediction | None:
        """The prediction with this id, if any."""
        return next((p for p in self.plan.predictions if p.id == prediction_id), None)

    def result(self, prediction_id: str) -> Result | None:
        """The study result for this prediction, if any."""
        results = self.study.results if self.study else []
        return next((r for r in results if r.prediction == prediction_id), None)

    @property
    def ideas(self) -> list[str]:
        """The change ideas this cycle tests (several for a bundle, none for no idea)."""
        if self.change_idea is None:
            return []
        return [self.change_idea] if isinstance(self.change_idea, str) else self.change_idea

    @property
    def decision(self) -> Decision | None:
        """The Act decision, once made."""
        return self.act.decision if self.act else None

    @property
    def tag(self) -> str:
        """The decision once made, else the stage: what lists and ramps show."""
        return self.decision.value if self.decision else self.status.value

    @property
    def started(self) -> dt.date | None:
        """The day Do started, if it has."""
        return self.do.started if self.do else None

    def do_window(self, today: dt.date) -> tuple[dt.date, dt.date] | None:
        """[do.started, do.finished], else the planned end, else today while Do runs."""
        if not self.started:
            return None
        planned = self.plan.when.end if self.plan.when else None
        end = (self.do.finished if self.do else None) or planned or today
        return self.started, max(end, self.started)
