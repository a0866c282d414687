"""Method fidelity: how fully a project applies PDSA, on the criteria of Taylor et al. 2014.

Taylor, McNicholas, Nicolay et al., "Systematic review of the application of the
plan-do-study-act method to improve quality in healthcare", BMJ Qual Saf 2014;23:290-298,
judged published projects on five features of the method. pdsa judges each ramp on the same
five, from the team's own files (and git, where its history exists):

1. iterative cycles, each informing the next;
2. prediction-based testing, the predictions written before the test;
3. small-scale testing that grows along the ramp;
4. regular data over time on the measures the cycles predict;
5. documentation of every stage.

Each criterion is met or not, with the reason and the fix. A ramp scores the share of the
five it meets; the project scores the mean over its ramps that have a test to judge. A
suggested IHI progress score (0.5-5) comes with it (`progress`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pdsa.fidelity.criteria import (
    Criterion,
    Verdict,
    data_over_time,
    documented,
    iterative,
    predictions_first,
    tested_cycles,
)
from pdsa.fidelity.evidence import Proof, measure_series, prove
from pdsa.fidelity.progress import LEVELS, Progress, progress_score
from pdsa.fidelity.scale import adopted_before, small_scale
from pdsa.model import Cycle, Project
from pdsa.runchart.series import Series
from pdsa.store import Workspace
from pdsa.tree import ramps_by_change_idea

if TYPE_CHECKING:
    from pdsa.check.findings import Finding

__all__ = [
    "CRITERIA",
    "LEVELS",
    "Criterion",
    "Fidelity",
    "Progress",
    "Proof",
    "RampFidelity",
    "Verdict",
    "assess",
    "assess_workspace",
    "fidelity_rule",
    "low_fidelity",
]

CRITERIA: dict[Criterion, str] = {
    Criterion.ITERATIVE: "Iterative cycles, each informing the next",
    Criterion.PREDICTION: "Predictions written before the test",
    Criterion.SMALL_SCALE: "Small-scale tests that grow along the ramp",
    Criterion.DATA: "Regular data over time on the measures predicted",
    Criterion.DOCUMENTED: "Every stage documented",
}


@dataclass(frozen=True)
class RampFidelity:
    """One ramp judged on the five criteria."""

    change_idea: str  # "" for cycles without a change idea
    cycle_ids: list[str]  # the whole ramp, first test first
    tested: int  # cycles past plan: what the criteria judge
    verdicts: list[Verdict]
    first_title: str = ""  # the title of the ramp's first cycle, to tell ramps apart

    @property
    def met(self) -> int:
        """How many criteria the ramp meets."""
        return sum(1 for v in self.verdicts if v.met)

    @property
    def score(self) -> float:
        """Share of the criteria met, 0..1."""
        return self.met / len(self.verdicts)

    def verdict(self, criterion: Criterion) -> Verdict:
        """The verdict on one criterion."""
        return next(v for v in self.verdicts if v.criterion is criterion)


@dataclass(frozen=True)
class Fidelity:
    """Every judged ramp, the ramps still waiting for a test, and the progress score."""

    ramps: list[RampFidelity]
    waiting: list[tuple[str, str]]  # (change idea, first cycle id) of ramps not tested yet
    proof: Proof
    progress: Progress
    criteria: dict[Criterion, str] = field(default_factory=lambda: dict(CRITERIA))

    @property
    def score(self) -> float | None:
        """The project's score: the mean of its ramps' scores, 0..1 (None with no ramp)."""
        if not self.ramps:
            return None
        return sum(r.score for r in self.ramps) / len(self.ramps)

    @property
    def percent(self) -> int | None:
        """The project's score as a whole percentage."""
        score = self.score
        return None if score is None else round(score * 100)

    def counts(self) -> dict[Criterion, tuple[int, int]]:
        """Per criterion: (ramps meeting it, ramps judged)."""
        return {
            c: (sum(1 for r in self.ramps if r.verdict(c).met), len(self.ramps)) for c in Criterion
        }


def assess(
    project: Project,
    cycles: Sequence[Cycle],
    series: Mapping[str, Series],
    proof: Proof,
    today: dt.date,
) -> Fidelity:
    """Judge every ramp of `cycles`; `series` holds each measure's analysed data."""
    judged, waiting = [], []
    grouped = ramps_by_change_idea(cycles)
    order = {c.id: i for i, c in enumerate(project.change_ideas)}
    for idea in sorted(grouped, key=lambda i: (i == "", order.get(i, len(order)), i)):
        for ramp in grouped[idea]:
            tested = tested_cycles(ramp.cycles)
            if not tested:
                waiting.append((idea, ramp.cycles[0].id))
                continue
            verdicts = [
                iterative(ramp.cycles, tested),
                predictions_first(tested, proof),
                small_scale(tested, adopted_before(grouped[idea], tested[0])),
                data_over_time(tested, project, series, today),
                documented(tested),
            ]
            ids = [c.id for c in ramp.cycles]
            judged.append(RampFidelity(idea, ids, len(tested), verdicts, ramp.cycles[0].title))
    return Fidelity(judged, waiting, proof, progress_score(project, cycles, series))


def assess_workspace(
    ws: Workspace,
    *,
    today: dt.date,
    history: bool | None = None,
    cycles: Sequence[Cycle] | None = None,
    series: Mapping[str, Series] | None = None,
) -> Fidelity:
    """Assess a project folder: its cycles (unless given), every measure's data (reusing
    `series` where given), and git's proof of the predictions (`history`: None tries git
    and says why when it cannot; True requires it; False uses the locks alone)."""
    project = ws.project()
    if cycles is None:
        cycles = ws.cycles().cycles
    return assess(
        project,
        cycles,
        measure_series(ws, project, series or {}),
        prove(ws, cycles, history, today),
        today,
    )


# --- `pdsa check --min-fidelity N` (rule PD801) ------------------------------------------
# The check runs below this tier, so it takes the rule as a function (`CheckOptions.more`)
# and passes the finding through the project's `check: {ignore, warn}` like any other.


def low_fidelity(ws: Workspace, fidelity: Fidelity, minimum: int) -> list[Finding]:
    """PD801 when the project's score is below `minimum` percent (nothing while no ramp has
    a test to judge: a new project is not failed for work it has not done yet)."""
    percent = fidelity.percent
    if percent is None or percent >= minimum:
        return []
    weakest = sorted(
        ((met, of, c) for c, (met, of) in fidelity.counts().items() if met < of),
        key=lambda item: (item[0] / item[1], list(CRITERIA).index(item[2])),
    )
    named = "; ".join(f"{c.value} met in {met} of {of} ramps" for met, of, c in weakest[:3])
    fix = next(
        (v.fix for r in fidelity.ramps for v in r.verdicts if not v.met and v.fix),
        "see pdsa fidelity",
    )
    from pdsa.check.findings import Finding  # only `pdsa check` needs it: keep imports light

    return [
        Finding(
            "PD801",
            f"method fidelity {percent}% is below the minimum {minimum}%: {named}",
            ws.rel(ws.project_path),
            ("name",),
            hint=f"{fix}; pdsa fidelity explains each criterion",
        )
    ]


def fidelity_rule(
    minimum: int, *, today: dt.date, history: bool | None = None
) -> Callable[[Workspace, Project | None], list[Finding]]:
    """The rule `pdsa check` runs for `--min-fidelity minimum`."""

    def rule(ws: Workspace, project: Project | None) -> list[Finding]:
        if project is None:  # pdsa.yaml does not load: the check already says why
            return []
        return low_fidelity(ws, assess_workspace(ws, today=today, history=history), minimum)

    return rule
