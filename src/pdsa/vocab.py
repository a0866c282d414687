"""The words of the method that the files use and the CLI offers as choices.

Plain enums and literals, no pydantic: the command line builds its `--help` choices from
these without paying for the models at start-up. The models use the same names.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, get_args


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
    SPREAD = "adopt-and-spread"  # adopted here, and taken to other places or teams
    UNDECIDED = "not-yet-decided"  # studied; the team decides later (the cycle stays in act)


DECISION_WORDS = {
    Decision.ADOPT: "adopt",
    Decision.ADAPT: "adapt",
    Decision.ABANDON: "abandon",
    Decision.SPREAD: "adopt and spread",
    Decision.UNDECIDED: "not yet decided",
}

# The decisions as a command line or a file takes them (`adopt | adapt | ...`): every list
# shown to people is made from `Decision`, never written out by hand.
DECISION_CHOICES = tuple(d.value for d in Decision)
# The decisions that close a cycle (`not-yet-decided` leaves it in act).
FINAL_DECISIONS = tuple(d.value for d in Decision if d is not Decision.UNDECIDED)
# The decisions that keep the change (what a follow-up checks held).
KEPT_DECISIONS = tuple(v for v in FINAL_DECISIONS if v != Decision.ABANDON)


class Purpose(StrEnum):
    """What a cycle is for, in the IHI worksheet's four kinds."""

    COLLECT = "collect-information"  # learn about the process before changing it
    DEVELOP = "develop-change"  # shape a change idea into something testable
    TEST = "test-change"  # test a change: will it be an improvement here?
    IMPLEMENT = "implement-change"  # make a tested change permanent


# Below this many useful points the run-chart rules say nothing either way (IHI, Anhøj).
MIN_USEFUL_POINTS = 10


# How a prediction's actual is summarised over the Do window.
SummaryKind = Literal["median", "mean", "last", "sum", "count", "min", "max"]
SUMMARY_KINDS: tuple[str, ...] = get_args(SummaryKind)

# Which run-chart signal rules a measure is judged by.
SignalRules = Literal["anhoej", "ihi", "both"]
SIGNAL_RULES: tuple[str, ...] = get_args(SignalRules)

# What a measure counts, which decides how rows in one period combine (docs/measures.md).
MeasureKind = Literal["count", "proportion", "rate", "continuous", "time-between-events"]
MEASURE_KINDS: tuple[str, ...] = get_args(MeasureKind)

# The period one point of a measure stands for; none means any day is its own point.
MeasurePeriod = Literal["day", "week", "month", "quarter"]
MEASURE_PERIODS: tuple[str, ...] = get_args(MeasurePeriod)


# Which chart a measure is drawn as: `run` (the default) or a Shewhart control chart.
ChartType = Literal["run", "i", "mr", "xbar", "s", "t", "p", "pp", "c", "u", "up", "g"]
CHART_TYPES: tuple[str, ...] = get_args(ChartType)

# Which direction is an improvement; `neutral` when neither is (MDC's neutral direction).
Better = Literal["higher", "lower", "neutral"]

# Making Data Count fixes a chart's limits only on a baseline of at least this many points
# (here, not in runchart.mdc, so that `pdsa check` needs no NumPy to say so).
FIX_AFTER_MIN = 12

# The control chart a measure's kind suggests when the team asks for one without naming it.
CHART_FOR_KIND = {
    "count": "c",
    "proportion": "p",
    "rate": "u",
    "continuous": "i",
    "time-between-events": "t",
}
