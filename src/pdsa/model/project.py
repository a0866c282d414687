"""The model of the project file, `pdsa.yaml`: aims, measures, drivers, change ideas, settings.

No I/O here. Every model forbids unknown keys so a typo is an error, not silently lost data.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from pdsa.model.base import SCHEMA_VERSION, CycleId, Slug, Strict, Text
from pdsa.vocab import (
    MIN_USEFUL_POINTS,
    Better,
    ChartType,
    MeasureKind,
    MeasurePeriod,
    SignalRules,
    SummaryKind,
)

# --- the project -------------------------------------------------------------------------


# The aim `pdsa init` writes, for the team to replace (`pdsa add aim` does).
PLACEHOLDER_AIM = "Describe what you will improve, by how much, by when."


class Aim(Strict):
    """What the team is trying to accomplish, by when, for whom."""

    id: Slug | None = Field(None, description="Short id: lowercase, digits, hyphens.")
    statement: Text = Field(description="What will improve, by how much, by when, for whom.")
    by: dt.date | None = Field(None, description="The date the aim is for (YYYY-MM-DD).")
    population: str | None = Field(None, description="For whom.")

    @property
    def placeholder(self) -> bool:
        """Whether this is still the placeholder `pdsa init` wrote, not the team's aim."""
        return " ".join(self.statement.split()) == PLACEHOLDER_AIM


class Baseline(Strict):
    """Which points form the frozen baseline median: the first N, or those up to a date."""

    points: int | None = Field(
        None, ge=1, description="The first N points form the baseline (e.g. 20)."
    )
    until: dt.date | None = Field(
        None, description="The points up to this date (YYYY-MM-DD) form the baseline."
    )

    @model_validator(mode="after")
    def _one(self) -> Baseline:
        if (self.points is None) == (self.until is None):
            raise ValueError("baseline needs exactly one of points or until")
        return self


class PhaseStart(Strict):
    """A new phase of the run chart (median recomputed), e.g. after adopting a change."""

    start: dt.date = Field(description="The first day of the new phase (YYYY-MM-DD).")
    label: Text = Field(
        description="What changed, shown on the chart (e.g. SBAR card on all shifts)."
    )
    cycle: CycleId | None = Field(None, description="The cycle whose adoption began it.")


class Exclusion(Strict):
    """Data points left out of the analysis, with the reason."""

    date: dt.date = Field(description="The date of the point left out (YYYY-MM-DD).")
    reason: Text = Field(description="Why it is left out (an outbreak, a closed ward).")


class Measure(Strict):
    """How the team will know a change is an improvement."""

    id: Slug = Field(
        description="Short id: lowercase, digits, hyphens; its data is measures/<id>.csv."
    )
    title: Text = Field(description="The measure's name on charts and reports.")
    unit: str = Field("", description="e.g. minutes, %, doses.")
    type: Literal["outcome", "process", "balancing"] = Field(
        description="outcome (the aim), process (is the change being used?), or balancing "
        "(what the change could make worse)."
    )
    better: Better = Field(
        description="Which way is an improvement: higher, lower, or neutral (neither)."
    )
    goal: float | None = Field(None, description="The target value, drawn as a line.")
    definition: str | None = Field(None, description="Operational definition.")
    summary: SummaryKind = Field(
        "median",
        description="How a prediction's actual is summarised over the Do window: median, "
        "mean, last, sum, count, min or max.",
    )
    baseline: Baseline | None = Field(
        None,
        description="The points the first centre line is frozen on: {points: N} or "
        "{until: DATE}. Default: all points of the phase.",
    )
    phases: list[PhaseStart] = Field(
        default_factory=list,
        description="New phases of the chart (the centre line computed again), e.g. after "
        "a change is adopted.",
    )
    exclude: list[Exclusion] = Field(
        default_factory=list, description="Points left out of the analysis, with the reason."
    )
    signal_rules: SignalRules | Literal["mdc"] = Field(
        "both",
        alias="rules",
        description="Signal rules: anhoej, ihi or both (run-chart rules), or mdc (NHS Making "
        "Data Count, on an XmR chart: chart: i).",
    )
    chart: ChartType = Field(
        "run",
        description="How the measure is drawn: run (a run chart, the default) or a control "
        "chart: i (XmR), mr, xbar, s, t, p, pp (Laney p'), c, u, up (Laney u'), g.",
    )
    kind: MeasureKind = Field(
        "continuous",
        description=(
            "What is measured, which decides how rows of one period combine: count (summed), "
            "proportion or rate (numerators and denominators summed), continuous (the mean), "
            "time-between-events (each event its own point)."
        ),
    )
    period: MeasurePeriod | None = Field(
        None,
        description=(
            "The period one point stands for: day, week, month or quarter. Rows in one period "
            "are combined, a period without rows is a gap, and dates may be written 2024-03 "
            "(month, quarter), 2024-W05 (week) or 2024-Q1 (quarter). Default: every date is "
            "its own point."
        ),
    )
    multiply: float = Field(
        1,
        gt=0,
        description=(
            "For a proportion or rate: numerator / denominator times this. 100 gives a "
            "percentage, 1000 a rate per 1,000 (falls per 1,000 bed-days)."
        ),
    )

    @model_validator(mode="after")
    def _kind_fits(self) -> Measure:
        if self.multiply != 1 and self.kind not in ("proportion", "rate"):
            raise ValueError("multiply applies to a proportion or a rate; set kind first")
        if self.period is not None and self.kind == "time-between-events":
            raise ValueError("a time-between-events measure has no period: each event is a point")
        if self.signal_rules == "mdc" and self.chart != "i":
            raise ValueError("rules: mdc needs an XmR chart: set chart: i")
        return self

    @property
    def run_rules(self) -> SignalRules:
        """The run-chart rules: the measure's own, or both for an MDC measure."""
        return "both" if self.signal_rules == "mdc" else self.signal_rules

    @property
    def mdc(self) -> bool:
        """Whether the measure is judged by NHS Making Data Count rules."""
        return self.signal_rules == "mdc"


class SecondaryDriver(Strict):
    """A secondary driver: a more specific lever under a primary driver."""

    id: Slug = Field(description="Short id: lowercase, digits, hyphens.")
    title: Text = Field(description="The driver in words.")


class Driver(Strict):
    """A primary driver of the aim, with its secondary drivers."""

    id: Slug = Field(description="Short id: lowercase, digits, hyphens.")
    title: Text = Field(description="The driver in words.")
    secondary: list[SecondaryDriver] = Field(
        default_factory=list, description="More specific levers under this driver."
    )


class ChangeIdea(Strict):
    """Something the team will try, under a driver."""

    id: Slug = Field(description="Short id: lowercase, digits, hyphens; cycles name it.")
    title: Text = Field(description="The change idea in words.")
    driver: Slug | None = Field(None, description="Id of a primary or secondary driver.")
    description: str | None = Field(None, description="More about the idea.")
    tags: list[Slug] = Field(
        default_factory=list,
        description="Words that name the idea across teams (e.g. sbar, bedside-handoff): a "
        "network hub matches change ideas tested by several teams by id or by a shared tag.",
    )


class Settings(Strict):
    """Project-wide preferences."""

    default_template: str = Field("default", description="Template `pdsa new` uses.")
    default_owner: str | None = Field(None, description="Owner of new cycles.")
    min_points: int = Field(
        MIN_USEFUL_POINTS,
        ge=1,
        description="Useful points a run chart needs before it claims a signal or random "
        "variation (10, as IHI and Anhøj advise).",
    )


class CheckSettings(Strict):
    """`pdsa check` rule codes to switch off or downgrade to warnings."""

    ignore: list[str] = Field(
        default_factory=list, description="Rule codes or names to switch off (PD202)."
    )
    warn: list[str] = Field(
        default_factory=list, description="Rule codes or names to report as warnings only."
    )


class Project(Strict):
    """The project file, `pdsa.yaml`."""

    schema_version: Literal[1] = Field(
        SCHEMA_VERSION, description="The version of this file's format: 1."
    )
    name: Text = Field(description="The project's name, at the top of every report.")
    description: str | None = Field(None, description="What the project is about.")
    aims: list[Aim] = Field(
        default_factory=list, description="What the team will accomplish, by when, for whom."
    )
    measures: list[Measure] = Field(
        default_factory=list,
        description="How the team will know a change is an improvement: outcome, process "
        "and balancing measures.",
    )
    drivers: list[Driver] = Field(
        default_factory=list, description="The primary drivers of the aim (driver diagram)."
    )
    change_ideas: list[ChangeIdea] = Field(
        default_factory=list, description="What the team will try; cycles test them."
    )
    settings: Settings = Field(
        default_factory=Settings,
        description="Preferences: the default template and owner, the points a chart needs.",
    )
    check: CheckSettings = Field(
        default_factory=CheckSettings, description="Rules of pdsa check to switch off or down."
    )

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

    @property
    def stated_aims(self) -> list[Aim]:
        """The aims the team wrote (leaving out `pdsa init`'s placeholder)."""
        return [a for a in self.aims if not a.placeholder]

    def measure(self, measure_id: str) -> Measure | None:
        """The measure with this id, if any."""
        return next((m for m in self.measures if m.id == measure_id), None)

    def driver_ids(self) -> set[str]:
        """Ids of every primary and secondary driver."""
        return {d.id for d in self.drivers} | {s.id for d in self.drivers for s in d.secondary}
