"""The team's words about a cycle, through the CLI: the plan's fields, tasks, running notes
during Do, and follow-up checks after the decision.

Each function is one edit of the cycle file, so the guided `pdsa plan` can save every
answer as it is given and a meeting interrupted at any prompt keeps what it had.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pdsa.days import DayError, parse_day
from pdsa.errors import RefusedError, UsageError
from pdsa.model import Decision, Purpose, Status
from pdsa.store import CycleEdit, Edit, LoadedCycle, Workspace
from pdsa.vocab import KEPT_DECISIONS

# The plan's free-text fields, in the order the IHI worksheet asks them.
PLAN_TEXT = ("objective", "who", "where", "scale", "data_collection")


@dataclass
class PlanFields:
    """Plan answers to write; None (or empty) leaves a field as it is."""

    objective: str | None = None
    purpose: Purpose | None = None
    questions: list[str] = field(default_factory=list)
    who: str | None = None
    where: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    scale: str | None = None
    data_collection: str | None = None
    tasks: list[dict[str, Any]] = field(default_factory=list)

    def empty(self) -> bool:
        """True when nothing is given."""
        return not any(
            (
                *(getattr(self, name) for name in PLAN_TEXT),
                self.purpose,
                self.questions,
                self.start,
                self.end,
                self.tasks,
            )
        )


def _text(value: str) -> str:
    """Text as the team typed it, with runs of spaces and edge whitespace tidied per line."""
    lines = (" ".join(line.split()) for line in value.strip().splitlines())
    return "\n".join(line for line in lines if line)


def set_plan(
    ws: Workspace, loaded: LoadedCycle, fields: PlanFields, *, dry_run: bool = False
) -> Edit[list[str]]:
    """Write the given plan answers in one edit; returns the names of the fields it set.

    Questions and tasks are added (one already there is not added twice); the other fields
    are replaced. The Do window must end on or after it starts.
    """

    def change(edit: CycleEdit) -> list[str]:
        plan = edit.cycle.plan
        done: list[str] = []
        for name in PLAN_TEXT:
            value = getattr(fields, name)
            if value is not None and _text(value) and edit.set(("plan", name), _text(value)):
                done.append(name)
        if fields.purpose is not None and edit.set(("plan", "purpose"), fields.purpose.value):
            done.append("purpose")
        for question in fields.questions:
            text = _text(question)
            if text and text not in plan.questions:
                edit.append(("plan", "questions"), text)
                done.append("questions")
        start = fields.start or (plan.when.start if plan.when else None)
        end = fields.end or (plan.when.end if plan.when else None)
        if start and end and end < start:
            raise UsageError(
                f"the test cannot end ({end}) before it starts ({start})", option="end"
            )
        for key, day in (("start", fields.start), ("end", fields.end)):
            if day is not None and edit.set(("plan", "when", key), day):
                done.append(f"when.{key}")
        known = {(t.what, t.who, t.due) for t in plan.tasks}
        for task in fields.tasks:
            if (task["what"], task.get("who"), task.get("due")) not in known:
                edit.append(("plan", "tasks"), task)
                done.append("tasks")
        return done

    return ws.edit(loaded, change, dry_run=dry_run)


def parse_task(text: str) -> dict[str, Any]:
    """`"Print 40 cards | Dana | 2026-11-20"` -> {what, who, due}; who and due optional."""
    parts = [" ".join(p.split()) for p in text.split("|")]
    if not parts[0] or len(parts) > 3:
        raise UsageError(
            f"{text!r} is not a task",
            hint='write "what | who | due", e.g. "Print cards | Dana | 2026-11-20"',
            option="task",
        )
    task: dict[str, Any] = {"what": parts[0]}
    if len(parts) > 1 and parts[1]:
        task["who"] = parts[1]
    if len(parts) > 2 and parts[2]:
        try:
            task["due"] = parse_day(parts[2])
        except DayError as exc:
            raise UsageError(f"due date: {exc}", option="task") from None
    return task


class NoteKind(StrEnum):
    """Where a running note goes in the Do section."""

    OBSERVATION = "observations"
    PROBLEM = "problems"
    DEVIATION = "deviations"


def add_note(
    ws: Workspace,
    loaded: LoadedCycle,
    text: str,
    kind: NoteKind = NoteKind.OBSERVATION,
    *,
    on: dt.date,
    dry_run: bool = False,
) -> Edit[str]:
    """Append a dated note (`2026-11-21: text`) to the Do section; the test must have begun."""
    note = _text(text)
    if not note:
        raise UsageError("a note needs some text", hint='pdsa note ID "what happened"')

    def change(edit: CycleEdit) -> str:
        cycle = edit.cycle
        if cycle.status is Status.PLAN:
            raise RefusedError(
                f"{cycle.id} is still in plan: notes are about the test as it runs",
                hint=f"start it first (pdsa start {cycle.id}), or add to the plan with pdsa plan",
            )
        if cycle.started and on < cycle.started:
            raise UsageError(f"{on} is before the test began ({cycle.started})", option="date")
        entry = f"{on.isoformat()}: {note}"
        edit.append(("do", kind.value), entry)
        return entry

    return ws.edit(loaded, change, dry_run=dry_run)


def add_follow_up(
    ws: Workspace,
    loaded: LoadedCycle,
    *,
    held: bool | None,
    note: str | None,
    on: dt.date,
    dry_run: bool = False,
) -> Edit[None]:
    """Record a later check that the change held: on a change kept (adopted, adapted or
    spread), dated on or after the decision."""
    if held is None and not (note and note.strip()):
        raise UsageError("say whether it held, or what you found", option="held")

    def change(edit: CycleEdit) -> None:
        cycle = edit.cycle
        decided = cycle.act.date if cycle.act else None
        if cycle.decision is None:
            raise RefusedError(
                f"{cycle.id} has no decision yet: a follow-up checks a change after it",
                hint=f"pdsa act {cycle.id} --decision adopt --rationale WHY",
            )
        if cycle.decision in (Decision.ABANDON, Decision.UNDECIDED):
            said = "abandoned" if cycle.decision is Decision.ABANDON else "not yet decided"
            raise RefusedError(
                f"{cycle.id} is {said}: a follow-up checks that a change the team kept held",
                hint="follow up a cycle whose decision is " + " or ".join(KEPT_DECISIONS),
            )
        if decided and on < decided:
            raise UsageError(f"{on} is before the decision ({decided})", option="date")
        entry: dict[str, Any] = {"date": on}
        if held is not None:
            entry["held"] = held
        if note and note.strip():
            entry["note"] = _text(note)
        edit.append(("act", "follow_up"), entry)

    return ws.edit(loaded, change, dry_run=dry_run)
