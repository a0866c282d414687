"""The five criteria, each a function from one ramp's tested cycles to a verdict.

A cycle counts as tested once it is past plan (a retrospective cycle too: it happened, but
earns no prediction credit). Every verdict names the cycles it is about, says why, and
says what to do: the words a team reads in `pdsa fidelity`.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from pdsa.days import next_period
from pdsa.fidelity.evidence import Proof
from pdsa.fingerprint import compare
from pdsa.model import STATUS_ORDER, Cycle, Decision, Project, Status
from pdsa.runchart.series import Series
from pdsa.story import cycle_dates, day_text

# How many problems a reason names before it counts the rest.
SHOWN = 2


class Criterion(StrEnum):
    """The five features of the method (Taylor et al. 2014)."""

    ITERATIVE = "iterative"
    PREDICTION = "prediction"
    SMALL_SCALE = "small-scale"
    DATA = "data-over-time"
    DOCUMENTED = "documented"


@dataclass(frozen=True)
class Verdict:
    """One criterion on one ramp: met or not, why, and what to do ("" when met)."""

    criterion: Criterion
    met: bool
    reason: str
    fix: str = ""


def tested_cycles(cycles: Sequence[Cycle]) -> list[Cycle]:
    """The cycles of a ramp that are past plan, in ramp order."""
    return [c for c in cycles if c.status is not Status.PLAN]


def listed(problems: Sequence[str]) -> str:
    """The first problems, then how many more."""
    more = len(problems) - SHOWN
    return "; ".join(problems[:SHOWN]) + (f"; and {more} more" if more > 0 else "")


def studied_on(cycle: Cycle) -> dt.date | None:
    """When a cycle was studied (or decided, when the study has no date)."""
    return (cycle.study.date if cycle.study else None) or (cycle.act.date if cycle.act else None)


# --- 1. iterative ------------------------------------------------------------------------


def iterative(ramp: Sequence[Cycle], tested: Sequence[Cycle]) -> Verdict:
    """Two tests or more, each studied and decided before the one that follows it began."""
    if len(tested) < 2:
        only = tested[0]
        return Verdict(
            Criterion.ITERATIVE,
            False,
            f"one test so far ({only.id}): a ramp learns from one test to the next",
            f"once it is studied, plan the next test from what it taught: "
            f"pdsa act {only.id} --next TITLE",
        )
    by_id = {c.id: c for c in ramp}
    problems, fixes = [], []
    for after in tested[1:]:
        before = by_id.get(after.follows or "")
        if before is None:
            continue
        learned = bool(before.study and (before.study.learning or before.study.results))
        decided = before.decision not in (None, Decision.UNDECIDED)
        studied = studied_on(before)
        if not (learned and decided):
            problems.append(
                f"{after.id} follows {before.id}, which records no learning or decision"
            )
            fixes.append(f"record what {before.id} taught and the decision: pdsa study, pdsa act")
        elif studied and after.started and after.started < studied:
            problems.append(
                f"{after.id} started on {day_text(after.started)}, before {before.id} was "
                f"studied ({day_text(studied)})"
            )
            fixes.append("study and decide on a test before starting the next")
    if problems:
        return Verdict(Criterion.ITERATIVE, False, listed(problems), fixes[0])
    return Verdict(
        Criterion.ITERATIVE,
        True,
        f"{len(tested)} tests, each studied and decided before the next began",
    )


# --- 2. predictions first ----------------------------------------------------------------


def predictions_first(tested: Sequence[Cycle], proof: Proof) -> Verdict:
    """Every test had a prediction, locked when Do started and, where git's history
    exists, committed before the results; a retrospective cycle earns no credit."""
    problems, fixes = [], []
    for c in tested:
        if c.retrospective:
            problems.append(f"{c.id} was entered after the fact ({c.retrospective})")
            fixes.append("write the next test's predictions first (pdsa predict), then pdsa start")
        elif not c.plan.predictions:
            problems.append(f"{c.id} was tested without a prediction")
            fixes.append(f"write a prediction before the test: pdsa predict {c.id} STATEMENT")
        elif c.plan.locked is None:
            problems.append(f"{c.id}'s predictions were not locked when Do started")
            fixes.append("start tests with pdsa start, which locks the predictions")
        elif not compare(c.plan.locked, c.plan.predictions).ok:
            problems.append(f"{c.id}'s predictions changed after Do started")
            fixes.append("restore them as locked; write what was learned in study instead")
        elif late := proof.late.get(c.id):
            problems.append(f"{c.id}: {_late_words(late)}")
            fixes.append("commit the plan and its predictions before pdsa start")
    if problems:
        return Verdict(Criterion.PREDICTION, False, listed(problems), fixes[0])
    tests = _tests(len(tested))
    if proof.source == "git":
        return Verdict(
            Criterion.PREDICTION,
            True,
            f"{tests} had predictions committed before the results, proven from git",
        )
    # Why git was not used is said once for the whole assessment (`Proof.note`).
    return Verdict(Criterion.PREDICTION, True, f"{tests} had predictions, locked when Do started")


def _late_words(late: Sequence[str]) -> str:
    """What git shows against a cycle: the first finding, and how many more."""
    more = f" (and {len(late) - 1} more: pdsa check --history)" if len(late) > 1 else ""
    return late[0] + more


def _tests(n: int) -> str:
    return "the test" if n == 1 else "both tests" if n == 2 else f"all {n} tests"


# --- 4. data over time -------------------------------------------------------------------


def _covered(series: Series, start: dt.date, end: dt.date) -> bool:
    """Whether a point's period overlaps [start, end]: the latest point dated by `end`
    reaches furthest, so it is the only one to look at (dates are sorted)."""
    last = bisect.bisect_right(series.dates, end) - 1
    return last >= 0 and next_period(series.dates[last], series.measure.period) > start


def data_over_time(
    tested: Sequence[Cycle], project: Project, series: Mapping[str, Series], today: dt.date
) -> Verdict:
    """The measures the ramp predicts have enough points, a baseline before the first test
    and a point during every test."""
    measures = list(
        dict.fromkeys(
            p.measure
            for c in tested
            for p in c.plan.predictions
            if p.measure and p.measure in series
        )
    )
    if not measures:
        return Verdict(
            Criterion.DATA,
            False,
            "no prediction of these tests names a measure: nothing ties them to data over time",
            f"tie a prediction to a measure: pdsa predict {tested[-1].id} STATEMENT "
            "--measure ID --below X",
        )
    needed = project.settings.min_points
    first_start = min((c.started or c.created) for c in tested)
    problems, fixes = [], []
    for m in measures:
        s = series[m]
        if len(s.dates) < needed:
            problems.append(f"{m} has {len(s.dates)} points, fewer than the {needed} a chart needs")
            fixes.append(f"record {m} every period: pdsa record {m} VALUE")
            continue
        if not any(d < first_start for d in s.dates):
            problems.append(f"{m} has no data before the first test ({day_text(first_start)})")
            fixes.append(f"collect a baseline of {m} before testing changes that should move it")
        for c in tested:
            window = c.do_window(today)
            if window is not None and not _covered(s, *window):
                problems.append(f"{m} has no point during {c.id} ({cycle_dates(c)})")
                fixes.append(f"record {m} while a test runs: pdsa record {m} VALUE --date")
    if problems:
        return Verdict(Criterion.DATA, False, listed(problems), fixes[0])
    points = ", ".join(f"{m} ({len(series[m].dates)} points)" for m in measures)
    return Verdict(
        Criterion.DATA, True, f"{points}: a baseline before the first test, data during each"
    )


# --- 5. documentation ---------------------------------------------------------------------


def missing_documentation(c: Cycle) -> list[str]:
    """The fields of the stages a cycle has passed that are still empty."""
    stage = STATUS_ORDER[c.status]
    plan, do, study, act = c.plan, c.do, c.study, c.act
    missing = []
    if not (plan.objective or plan.questions):
        missing.append("plan.objective")
    if not plan.data_collection:
        missing.append("plan.data_collection")
    if stage > STATUS_ORDER[Status.DO]:
        if not (do and do.finished):
            missing.append("do.finished")
        if not (do and (do.observations or do.problems or do.deviations)):
            missing.append("do.observations")
    if stage > STATUS_ORDER[Status.STUDY]:
        if not (study and study.date):
            missing.append("study.date")
        if any(c.result(p.id) is None for p in plan.predictions):
            missing.append("study.results")
        if not (study and study.learning):
            missing.append("study.learning")
    if c.status is Status.DONE:
        if c.decision in (None, Decision.UNDECIDED):
            missing.append("act.decision")
        if not (act and act.rationale):
            missing.append("act.rationale")
    return missing


_FIX = {
    "plan": "pdsa plan {id} --objective TEXT --data-collection TEXT",
    "do": "pdsa note {id} TEXT (and do.finished: the test's last day)",
    "study": "pdsa study {id}",
    "act": "pdsa act {id} --decision adopt|adapt|abandon --rationale TEXT",
}


def documented(tested: Sequence[Cycle]) -> Verdict:
    """Every stage a test has passed is written down: plan, do, study, act."""
    gaps = [(c, missing) for c in tested if (missing := missing_documentation(c))]
    if gaps:
        first, fields = gaps[0]
        return Verdict(
            Criterion.DOCUMENTED,
            False,
            listed([f"{c.id} has no {', '.join(m)}" for c, m in gaps]),
            _FIX[fields[0].split(".")[0]].format(id=first.id),
        )
    return Verdict(
        Criterion.DOCUMENTED,
        True,
        f"every stage {_tests(len(tested))} passed is written down",
    )
