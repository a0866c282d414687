"""`pdsa check`'s rules beyond the schema: pure functions from loaded data to findings.

A finding names its place as a path inside the document (`plan.predictions[1].expect`);
`checker` turns paths into line and column by re-parsing only the files that have findings.
Codes are stable: CI configurations and `check: {ignore, warn}` in pdsa.yaml refer to them.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pdsa.check.findings import BY_NAME, RULES, DocPath, Finding
from pdsa.fingerprint import compare, plan_changes
from pdsa.model import STATUS_ORDER, Cycle, Project, Status
from pdsa.vocab import FINAL_DECISIONS


@dataclass(frozen=True)
class Context:
    """What single-file rules need beyond the cycle: the project, which ids exist, today."""

    project: Project | None
    cycle_ids: frozenset[str]
    today: dt.date = field(default_factory=dt.date.today)


def cycle_findings(cycle: Cycle, path: Path, ctx: Context) -> Iterator[Finding]:
    """Every rule finding for one valid cycle."""
    yield from _predictions(cycle, path, ctx)
    yield from _window(cycle, path, ctx.today)
    yield from _lock(cycle, path)
    yield from _stages(cycle, path)
    yield from _links(cycle, path, ctx)
    yield from _dates(cycle, path)
    yield from _results(cycle, path)
    known = {c.id for c in ctx.project.change_ideas} if ctx.project else set()
    for idea in cycle.ideas if ctx.project is not None else []:
        if idea not in known:
            yield Finding(
                "PD504",
                f"unknown change idea '{idea}'",
                path,
                ("change_idea",),
                hint="add it to change_ideas in pdsa.yaml",
            )


def _past(cycle: Cycle, status: Status) -> bool:
    return STATUS_ORDER[cycle.status] > STATUS_ORDER[status]


def _predictions(cycle: Cycle, path: Path, ctx: Context) -> Iterator[Finding]:
    predictions = cycle.plan.predictions
    if cycle.retrospective is not None:
        yield Finding(
            "PD207",
            f"entered after the fact ({cycle.retrospective}): "
            + (
                "no prediction was written before the test"
                if not predictions
                else "its predictions are not proven to come first"
            ),
            path,
            ("retrospective",),
            hint="reports mark it; new tests get their predictions first",
        )
    elif not predictions:
        if cycle.status is Status.PLAN:
            yield Finding(
                "PD202",
                "no prediction yet",
                path,
                ("plan",),
                hint="add one before `pdsa start`: pdsa predict ID STATEMENT",
            )
        else:
            yield Finding(
                "PD201",
                f"cycle is in {cycle.status.value} but has no prediction",
                path,
                ("status",),
                hint="predictions are written before the test",
            )
    measures = {m.id for m in ctx.project.measures} if ctx.project else None
    for index, p in enumerate(predictions):
        where: DocPath = ("plan", "predictions", index)
        if not p.statement.strip():
            yield Finding(
                "PD204",
                f"prediction '{p.id}' has an empty statement",
                path,
                (*where, "statement"),
                hint="say what you expect to happen",
            )
        if p.measure and p.expect is None:
            yield Finding(
                "PD203",
                f"prediction '{p.id}' names measure '{p.measure}' but has no expectation",
                path,
                where,
                hint="add expect: {below: X} (or above, at_most, at_least, between)",
            )
        if p.measure and measures is not None and p.measure not in measures:
            yield Finding(
                "PD503",
                f"unknown measure '{p.measure}'",
                path,
                (*where, "measure"),
                hint="add it to measures in pdsa.yaml",
            )


def _window(cycle: Cycle, path: Path, today: dt.date) -> Iterator[Finding]:
    """PD407: the plan's Do window ended and the test never started."""
    end = cycle.plan.when.end if cycle.plan.when else None
    if cycle.status is Status.PLAN and end is not None and end < today:
        yield Finding(
            "PD407",
            f"the planned Do window ended on {end} and the test has not started",
            path,
            ("plan", "when"),
            hint=f"start it (pdsa start {cycle.id} --date), move the dates "
            f"(pdsa plan {cycle.id} --start --end), or drop the cycle",
        )


def _lock(cycle: Cycle, path: Path) -> Iterator[Finding]:
    if cycle.status is Status.PLAN:
        return
    for name in plan_changes(cycle.plan.locked, cycle.plan):
        yield Finding(
            "PD303",
            f"plan.{name} changed after Do started",
            path,
            ("plan", name) if getattr(cycle.plan, name) not in (None, []) else ("plan",),
            hint="the plan says what was planned: restore it, and record what changed "
            f"during the test as a deviation (pdsa note {cycle.id} --deviation TEXT)",
        )
    if not cycle.plan.predictions:
        return
    locked = cycle.plan.locked
    if locked is None:
        yield Finding(
            "PD301",
            "cycle is past plan but its predictions are not locked",
            path,
            ("plan",),
            hint="`pdsa start` locks them; a hand-edited status skips it",
        )
        return
    diff = compare(locked, cycle.plan.predictions)
    if diff.ok:
        return
    ids = [p.id for p in cycle.plan.predictions]
    for names, what, hint in (
        (diff.changed, "changed", "restore it as locked; record what you learned in study instead"),
        (diff.added, "was added", "a prediction written after the test began is not a prediction"),
        (diff.removed, "was removed", "restore it as locked"),
    ):
        for pid in names:
            where: DocPath = (
                ("plan", "predictions", ids.index(pid)) if pid in ids else ("plan", "locked")
            )
            verb = "changed" if what == "changed" else what
            yield Finding(
                "PD302", f"prediction '{pid}' {verb} after Do started", path, where, hint=hint
            )
    if diff.unverifiable:
        yield Finding(
            "PD302",
            "predictions do not match plan.locked",
            path,
            ("plan", "locked"),
            hint="restore the predictions as they were when Do started",
        )


def _stages(cycle: Cycle, path: Path) -> Iterator[Finding]:
    if cycle.status is not Status.PLAN and not cycle.started:
        yield Finding(
            "PD401",
            f"cycle is in {cycle.status.value} but do.started is empty",
            path,
            ("do",) if cycle.do else ("status",),
            hint="`pdsa start ID --date YYYY-MM-DD` records it",
        )
    if _past(cycle, Status.DO) and cycle.plan.predictions:
        # Results are the work of the study stage: missing while in it is work in progress.
        in_progress = cycle.status is Status.STUDY
        for p in cycle.plan.predictions:
            if cycle.result(p.id) is None:
                yield Finding(
                    "PD402",
                    f"prediction '{p.id}' has no study result"
                    + (" yet (study in progress)" if in_progress else ""),
                    path,
                    ("study", "results") if cycle.study else ("status",),
                    hint=f"record it: pdsa study {cycle.id}",
                    severity="warning" if in_progress else None,
                )
    if _past(cycle, Status.STUDY):
        act = cycle.act
        pending = cycle.status is Status.ACT
        missing = [
            f"act.{key}"
            for key, value in (
                ("decision", act.decision if act and act.decision != "not-yet-decided" else None),
                ("rationale", act.rationale if act else None),
            )
            if not value
        ]
        if missing:
            yield Finding(
                "PD403",
                f"cycle is in {cycle.status.value} but {' and '.join(missing)} "
                f"{'is' if len(missing) == 1 else 'are'} empty"
                + (" (decision pending)" if pending else ""),
                path,
                ("act",) if act else ("status",),
                hint=f"pdsa act {cycle.id} --decision {'|'.join(FINAL_DECISIONS)} --rationale TEXT",
                severity="warning" if pending else None,
            )


def _links(cycle: Cycle, path: Path, ctx: Context) -> Iterator[Finding]:
    next_id = cycle.act.next if cycle.act else None
    for key, target, where in (
        ("follows", cycle.follows, ("follows",)),
        ("next", next_id, ("act", "next")),
    ):
        if target and target not in ctx.cycle_ids:
            yield Finding(
                "PD404",
                f"{key} names '{target}', which is not a cycle",
                path,
                where,
                hint="fix the id or remove it; `pdsa list` shows the ids",
            )
        elif target == cycle.id:
            # A ramp that loops on itself has no start: every walk along it would circle.
            yield Finding(
                "PD404",
                f"{key} names this cycle itself",
                path,
                where,
                hint="name the cycle before (follows) or after (act.next), or remove it",
            )


@dataclass(frozen=True)
class Links:
    """What the cross-file ramp rules need of one cycle."""

    follows: str | None
    next: str | None
    ideas: tuple[str, ...] = ()
    next_idea: str | None = None  # act.next_change_idea


def ramp_findings(
    cycle_id: str, path: Path, links: dict[str, Links], ideas: set[str] | None = None
) -> Iterator[Finding]:
    """PD405: a cycle follows one whose `act.next` names another. PD406: it follows a cycle
    of another change idea, and nothing records that the team moved on (`ideas` are the
    project's; an unknown idea is PD504's to report)."""
    mine = links[cycle_id]
    before = links.get(mine.follows) if mine.follows else None
    if before is None:
        return
    if before.next and before.next != cycle_id:
        yield Finding(
            "PD405",
            f"follows {mine.follows}, whose act.next is {before.next}",
            path,
            ("follows",),
            hint="a ramp is a chain: make the two agree",
        )
    switched = mine.ideas and before.ideas and not set(mine.ideas) & set(before.ideas)
    known = ideas is None or set(mine.ideas) <= ideas
    if switched and known and before.next_idea not in mine.ideas:
        yield Finding(
            "PD406",
            f"tests {', '.join(mine.ideas)} but follows {mine.follows}, which tests "
            f"{', '.join(before.ideas)}: the ramp changes idea without saying so",
            path,
            ("change_idea",),
            hint=f"if the team moved on, record it: pdsa act {mine.follows} --change-idea "
            f"{mine.ideas[0]}; if not, fix change_idea",
        )


def _dates(cycle: Cycle, path: Path) -> Iterator[Finding]:
    steps: list[tuple[str, DocPath, object]] = [("created", ("created",), cycle.created)]
    if cycle.do:
        steps += [
            ("do.started", ("do", "started"), cycle.do.started),
            ("do.finished", ("do", "finished"), cycle.do.finished),
        ]
    if cycle.study:
        steps.append(("study.date", ("study", "date"), cycle.study.date))
    if cycle.act:
        steps.append(("act.date", ("act", "date"), cycle.act.date))
    known = [(name, where, day) for name, where, day in steps if day is not None]
    for (before, _, first), (after, where, second) in itertools.pairwise(known):
        if second < first:  # type: ignore[operator]
            yield Finding(
                "PD501",
                f"{after} ({second}) is before {before} ({first})",
                path,
                where,
                hint="created <= do.started <= do.finished <= study.date",
            )


def _results(cycle: Cycle, path: Path) -> Iterator[Finding]:
    if not cycle.study:
        return
    for index, result in enumerate(cycle.study.results):
        where: DocPath = ("study", "results", index)
        prediction = cycle.prediction(result.prediction)
        if prediction is None:
            yield Finding(
                "PD506",
                f"result for unknown prediction '{result.prediction}'",
                path,
                (*where, "prediction"),
                hint="use the id of one of plan.predictions",
            )
            continue
        if prediction.expect is None or result.met is None or result.override:
            continue
        if isinstance(result.actual, int | float) and not isinstance(result.actual, bool):
            implied = prediction.expect.judge(float(result.actual))
            if implied != result.met:
                yield Finding(
                    "PD502",
                    f"'{prediction.id}': actual {result.actual:g} "
                    f"{'meets' if implied else 'does not meet'} "
                    f"{prediction.expect.describe()}, but met is {str(result.met).lower()}",
                    path,
                    (*where, "met"),
                    hint="fix met, or give the reason in `override:`",
                )


def project_findings(project: Project, path: Path) -> Iterator[Finding]:
    """Rules on pdsa.yaml itself: references between its parts and the check settings."""
    drivers = project.driver_ids()
    for index, idea in enumerate(project.change_ideas):
        if idea.driver and idea.driver not in drivers:
            yield Finding(
                "PD505",
                f"change idea '{idea.id}' names unknown driver '{idea.driver}'",
                path,
                ("change_ideas", index, "driver"),
                hint="add it under drivers, or fix the id",
            )
    for index, aim in enumerate(project.aims):
        if aim.placeholder:
            yield Finding(
                "PD507",
                "the aim is still the placeholder `pdsa init` wrote",
                path,
                ("aims", index, "statement"),
                hint='say how much, by when, for whom: pdsa add aim "..." replaces it',
            )
    for key in ("ignore", "warn"):
        for index, code in enumerate(getattr(project.check, key)):
            rule = RULES.get(BY_NAME.get(code, code))
            if rule is None:
                yield Finding(
                    "PD603",
                    f"check.{key} names unknown rule '{code}'",
                    path,
                    ("check", key, index),
                    hint="see `pdsa check --list-rules`",
                )
            elif rule.severity == "notice":
                yield Finding(
                    "PD606",
                    f"check.{key} names {rule.code} ({rule.name}), a notice: it is said every "
                    f"time and never fails the check, so check.{key} does not change it",
                    path,
                    ("check", key, index),
                    hint=f"remove {code} from check.{key}",
                )
