"""Pydantic models of the team's files: the project (`pdsa.yaml`) and one cycle per file.

No I/O here. Every model forbids unknown keys so a typo is an error, not silently lost data.
The JSON Schemas editors use are exported from these models (`cycle_json_schema`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from enum import StrEnum
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StringConstraints,
    model_serializer,
    model_validator,
)

SCHEMA_VERSION: Literal[1] = 1

# Ids become file names and URL fragments: lowercase, digits, hyphens; never a path.
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
CYCLE_ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
CycleId = Annotated[str, StringConstraints(pattern=CYCLE_ID_PATTERN, max_length=120)]
Text = Annotated[str, StringConstraints(min_length=1)]

SummaryKind = Literal["median", "mean", "last", "sum", "count", "min", "max"]
RuleSet = Literal["anhoej", "ihi", "both"]


class Strict(BaseModel):
    """Base for every model: unknown keys are errors, fields keep declaration order."""

    model_config = ConfigDict(extra="forbid", validate_by_alias=True, validate_by_name=False)

    @model_validator(mode="before")
    @classmethod
    def _empty_means_none(cls, data: Any) -> Any:
        # A key left empty in YAML (`observations:`) is null; for a list or mapping field
        # that means "none yet", not an error.
        if isinstance(data, dict):
            empties = {
                k: factory()
                for k, factory in _collection_keys(cls)
                if k in data and data[k] is None
            }
            if empties:
                data = {**data, **empties}
        return data


@cache
def _collection_keys(model: type[BaseModel]) -> tuple[tuple[str, Any], ...]:
    """(YAML key, empty factory) of the fields that have an empty default (lists, sections)."""
    keys = []
    for name, field in model.model_fields.items():
        if field.default_factory is not None:
            keys.append((field.alias or name, field.default_factory))
    return tuple(keys)


class Status(StrEnum):
    """Where a cycle is in Plan-Do-Study-Act; `done` once the Act decision is recorded."""

    PLAN = "plan"
    DO = "do"
    STUDY = "study"
    ACT = "act"
    DONE = "done"


STATUS_ORDER = {s: i for i, s in enumerate(Status)}


class Decision(StrEnum):
    """The Act decision on the change idea after a cycle."""

    ADOPT = "adopt"
    ADAPT = "adapt"
    ABANDON = "abandon"


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

    @model_validator(mode="after")
    def _exactly_one(self) -> Expect:
        given = [k for k, v in self if v is not None]
        if len(given) != 1:
            raise ValueError(
                "expect needs exactly one of below, above, at_most, at_least, between, equals"
                + (f" (got {', '.join(given)})" if given else "")
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


class Lock(Strict):
    """Fingerprints of the predictions, written when Do starts."""

    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] = Field(
        description="Hash of all predictions (canonical JSON, sorted by id)."
    )
    predictions: dict[str, str] = Field(
        default_factory=dict, description="Per-prediction short hash, to name what changed."
    )


# --- the four stages ---------------------------------------------------------------------


class When(Strict):
    """The planned Do window."""

    start: dt.date | None = None
    end: dt.date | None = None


class Plan(Strict):
    """Plan: objective, questions, predictions and the logistics of the test."""

    objective: str | None = Field(None, description="What this cycle is meant to learn.")
    questions: list[str] = Field(default_factory=list)
    predictions: list[Prediction] = Field(default_factory=list)
    who: str | None = None
    where: str | None = None
    when: When | None = None
    scale: str | None = Field(None, description="How small: people, shifts, days.")
    data_collection: str | None = None
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

    started: dt.date | None = None
    finished: dt.date | None = None
    observations: list[str] = Field(default_factory=list)
    problems: list[str] = Field(default_factory=list)
    deviations: list[str] = Field(default_factory=list, description="Departures from the plan.")


class Result(Strict):
    """The actual outcome for one prediction."""

    prediction: Slug = Field(description="Id of the prediction this result answers.")
    actual: float | str | None = Field(None, description="The observed value or description.")
    met: bool | None = Field(None, description="Whether the prediction came true.")
    override: str | None = Field(
        None, description="Why `met` differs from what the expectation and actual imply."
    )
    note: str | None = None


class Study(Strict):
    """Study: actual results against predictions, and the learning."""

    date: dt.date | None = None
    results: list[Result] = Field(default_factory=list)
    learning: str | None = None
    surprises: list[str] = Field(default_factory=list)


class Act(Strict):
    """Act: adopt, adapt or abandon the change idea, and what comes next."""

    decision: Decision | None = None
    date: dt.date | None = Field(None, description="When the decision was made.")
    rationale: str | None = None
    next: CycleId | None = Field(None, description="Id of the follow-on cycle.")


class Cycle(Strict):
    """One small test of one change idea: one file in `cycles/`."""

    schema_version: Literal[1] = SCHEMA_VERSION
    id: CycleId = Field(description="YYYY-MM-DD-slug; equals the file name without .yaml.")
    title: Text
    change_idea: Slug | None = Field(None, description="Id of a change idea in pdsa.yaml.")
    follows: CycleId | None = Field(None, description="The previous cycle in this ramp.")
    status: Status = Status.PLAN
    owner: str | None = None
    team: list[str] = Field(default_factory=list)
    created: dt.date
    plan: Plan = Field(default_factory=Plan)
    do: Do | None = None
    study: Study | None = None
    act: Act | None = None

    def prediction(self, prediction_id: str) -> Prediction | None:
        """The prediction with this id, if any."""
        return next((p for p in self.plan.predictions if p.id == prediction_id), None)

    def result(self, prediction_id: str) -> Result | None:
        """The study result for this prediction, if any."""
        results = self.study.results if self.study else []
        return next((r for r in results if r.prediction == prediction_id), None)

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


# --- the project -------------------------------------------------------------------------


class Aim(Strict):
    """What the team is trying to accomplish, by when, for whom."""

    id: Slug | None = None
    statement: Text
    by: dt.date | None = None
    population: str | None = Field(None, description="For whom.")


class Baseline(Strict):
    """Which points form the frozen baseline median: the first N, or those up to a date."""

    points: int | None = Field(None, ge=1)
    until: dt.date | None = None

    @model_validator(mode="after")
    def _one(self) -> Baseline:
        if (self.points is None) == (self.until is None):
            raise ValueError("baseline needs exactly one of points or until")
        return self


class Phase(Strict):
    """A new phase of the run chart (median recomputed), e.g. after adopting a change."""

    start: dt.date
    label: Text
    cycle: CycleId | None = Field(None, description="The cycle whose adoption began it.")


class Exclusion(Strict):
    """Data points left out of the analysis, with the reason."""

    date: dt.date
    reason: Text


class Measure(Strict):
    """How the team will know a change is an improvement."""

    id: Slug
    title: Text
    unit: str = ""
    type: Literal["outcome", "process", "balancing"]
    better: Literal["higher", "lower"]
    goal: float | None = None
    definition: str | None = Field(None, description="Operational definition.")
    summary: SummaryKind = "median"
    baseline: Baseline | None = None
    phases: list[Phase] = Field(default_factory=list)
    exclude: list[Exclusion] = Field(default_factory=list)
    rules: RuleSet = "both"


class SecondaryDriver(Strict):
    """A secondary driver: a more specific lever under a primary driver."""

    id: Slug
    title: Text


class Driver(Strict):
    """A primary driver of the aim, with its secondary drivers."""

    id: Slug
    title: Text
    secondary: list[SecondaryDriver] = Field(default_factory=list)


class ChangeIdea(Strict):
    """Something the team will try, under a driver."""

    id: Slug
    title: Text
    driver: Slug | None = Field(None, description="Id of a primary or secondary driver.")
    description: str | None = None


class Settings(Strict):
    """Project-wide preferences."""

    default_template: str = "default"
    default_owner: str | None = None


class CheckSettings(Strict):
    """`pdsa check` rule codes to switch off or downgrade to warnings."""

    ignore: list[str] = Field(default_factory=list)
    warn: list[str] = Field(default_factory=list)


class Project(Strict):
    """The project file, `pdsa.yaml`."""

    schema_version: Literal[1] = SCHEMA_VERSION
    name: Text
    description: str | None = None
    aims: list[Aim] = Field(default_factory=list)
    measures: list[Measure] = Field(default_factory=list)
    drivers: list[Driver] = Field(default_factory=list)
    change_ideas: list[ChangeIdea] = Field(default_factory=list)
    settings: Settings = Field(default_factory=Settings)
    check: CheckSettings = Field(default_factory=CheckSettings)

    @model_validator(mode="after")
    def _unique_ids(self) -> Project:
        driver_ids = [d.id for d in self.drivers] + [
            s.id for d in self.drivers for s in d.secondary
        ]
        for label, ids in (
            ("measure", [m.id for m in self.measures]),
            ("driver", driver_ids),
            ("change idea", [c.id for c in self.change_ideas]),
        ):
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                raise ValueError(f"{label} id '{dupes[0]}' is used twice; ids must be unique")
        return self

    def measure(self, measure_id: str) -> Measure | None:
        """The measure with this id, if any."""
        return next((m for m in self.measures if m.id == measure_id), None)

    def driver_ids(self) -> set[str]:
        """Ids of every primary and secondary driver."""
        return {d.id for d in self.drivers} | {s.id for d in self.drivers for s in d.secondary}


# --- helpers used across the package -----------------------------------------------------


def fmt_number(value: float | int | str | None) -> str:
    """A number the way a person writes it: 8 not 8.0, 7.25 not 7.250000001."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.4g}" if abs(value) < 1e4 else f"{value:.6g}"


_SLUG_STRIP = re.compile(r"[^a-z0-9]+")
# Short words that make ids long without making them easier to recognise.
_STOP_WORDS = frozenset(
    ["a", "an", "the", "of", "for", "on", "in", "at", "to", "with", "and", "or", "by", "from"]
)


def slugify(text: str, max_length: int = 40) -> str:
    """A file-name-safe slug of a title: ascii, lowercase, hyphens, cut at a word boundary."""
    import unicodedata

    # "nurse's card" is one word per word, not nurse-s-card.
    text = re.sub(r"(?<=\w)['’](?=\w)", "", text)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = _SLUG_STRIP.sub(" ", ascii_text.lower()).split()
    kept = [w for w in words if w not in _STOP_WORDS] or words
    slug = "-".join(kept)
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else slug[:max_length]
    return slug.strip("-") or "cycle"
