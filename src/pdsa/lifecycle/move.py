"""Moving a cycle on: plan -> do (`pdsa start`, which locks the predictions) and the Act
decision (`pdsa act`, with the next cycle of the ramp)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pdsa.errors import RefusedError, UsageError, unknown
from pdsa.fingerprint import lock_plan, lock_predictions
from pdsa.lifecycle.create import new_cycle, today
from pdsa.model import Decision, Status
from pdsa.store import CycleEdit, Edit, LoadedCycle, Workspace

# --- start ---------------------------------------------------------------------------------


def start_cycle(
    ws: Workspace, loaded: LoadedCycle, *, on: dt.date | None = None, dry_run: bool = False
) -> Edit[None]:
    """plan -> do: record the start date and lock the predictions."""
    on = on or today()

    def start(edit: CycleEdit) -> None:
        cycle = edit.cycle
        if cycle.status is not Status.PLAN:
            started = f" on {cycle.started}" if cycle.started else ""
            raise RefusedError(f"{cycle.id} already started{started} (status {cycle.status.value})")
        if not cycle.plan.predictions and cycle.retrospective is None:
            raise RefusedError(
                f"{cycle.id} has no prediction: write what you expect before you test",
                hint=f'pdsa predict {cycle.id} "what you expect to happen" (for a test run '
                "before the team wrote predictions, create it with pdsa new --retrospective)",
            )
        if on < cycle.created:
            raise RefusedError(
                f"start date {on} is before the cycle was created ({cycle.created})",
                hint="a test starts after its plan and predictions are written",
            )
        edit.set(("status",), Status.DO.value)
        lock = lock_predictions(cycle.plan.predictions)
        lock = lock.model_copy(update={"plan": lock_plan(cycle.plan)})
        edit.set(("plan", "locked"), lock.model_dump())
        edit.set(("do", "started"), on)

    return ws.edit(loaded, start, dry_run=dry_run)


# --- act -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActOutcome:
    """The edit of the decided cycle and, when asked for, the follow-on cycle created."""

    edit: Edit[None]
    next_cycle: LoadedCycle | None


def act_on_cycle(
    ws: Workspace,
    loaded: LoadedCycle,
    *,
    decision: Decision,
    rationale: str,
    next_title: str | None = None,
    next_change_idea: str | None = None,
    on: dt.date | None = None,
    dry_run: bool = False,
) -> ActOutcome:
    """study -> done: record the decision and, optionally, create the next cycle in the ramp
    (testing `next_change_idea` when the team moves on to another idea).

    "not yet decided" keeps the cycle in act: the decision is recorded as pending."""
    if not rationale.strip():
        raise UsageError("a decision needs a rationale", hint="say why", option="rationale")
    if next_title and decision is Decision.ABANDON and not next_change_idea:
        raise UsageError(
            "an abandoned change idea has no next cycle in its ramp",
            hint="name the change idea the next cycle tests (--change-idea), or plan one with "
            "`pdsa new`",
        )
    if next_change_idea and not next_title:
        raise UsageError("a change idea for the next cycle needs its title", option="next")
    if next_title and decision is Decision.UNDECIDED:
        raise UsageError("decide before planning the next cycle", option="next")
    if next_change_idea:
        known = [c.id for c in ws.project().change_ideas]
        if next_change_idea not in known:
            raise unknown("change idea", next_change_idea, known)
    decided_on = on or today()

    def decide(next_id: str | None) -> Any:
        def change(edit: CycleEdit) -> None:
            cycle = edit.cycle
            if cycle.status not in (Status.STUDY, Status.ACT):
                raise RefusedError(
                    f"{cycle.id} is in {cycle.status.value}: decide after the results are studied",
                    hint=f"run `pdsa study {cycle.id}` first",
                )
            pending = decision is Decision.UNDECIDED
            edit.set(("status",), (Status.ACT if pending else Status.DONE).value)
            edit.set(("act", "decision"), decision.value)
            edit.set(("act", "date"), decided_on)
            edit.set(("act", "rationale"), rationale.strip())
            if next_change_idea:
                edit.set(("act", "next_change_idea"), next_change_idea)
            if next_id:
                edit.set(("act", "next"), next_id)

        return change

    # Check the edit before creating anything, so a refusal leaves no stray cycle behind.
    ws.edit(loaded, decide(None), dry_run=True)
    follow_on = None
    if next_title:
        # Not linked back by new_cycle: the decision edit below writes act.next itself.
        follow_on = new_cycle(
            ws,
            next_title,
            change_idea=next_change_idea,
            follows=loaded,
            created=decided_on,
            owner=loaded.cycle.owner,
            dry_run=dry_run,
            link_previous=False,
        )
    next_id = follow_on.cycle.id if follow_on else None
    result = ws.edit(loaded, decide(next_id), dry_run=dry_run)
    return ActOutcome(result, follow_on)


def record_next_idea(
    ws: Workspace, loaded: LoadedCycle, idea: str, *, dry_run: bool = False
) -> Edit[None]:
    """Record that the ramp moved on to another change idea after this cycle
    (`act.next_change_idea`), on a cycle already decided: the correction `pdsa check`'s
    PD406 asks for when a later cycle follows it testing another idea."""
    known = [c.id for c in ws.project().change_ideas]
    if idea not in known:
        raise unknown("change idea", idea, known)

    def change(edit: CycleEdit) -> None:
        cycle = edit.cycle
        if cycle.status not in (Status.ACT, Status.DONE) or cycle.decision is None:
            raise RefusedError(
                f"{cycle.id} is in {cycle.status.value}: the change idea after it is recorded "
                "with its decision",
                hint=f"pdsa act {cycle.id} --decision ... --rationale ... --next TITLE "
                f"--change-idea {idea}",
            )
        if idea in cycle.ideas:
            raise UsageError(
                f"{cycle.id} itself tests {idea}: --change-idea names the idea the ramp "
                "moved on to",
                option="change_idea",
            )
        edit.set(("act", "next_change_idea"), idea)

    return ws.edit(loaded, change, dry_run=dry_run)
