"""The study meeting's running order: what is due, what is waiting, what has no data yet.

Each item has a typed `kind`; the words shown to people are made from it (`describe`), so
rewording a message never changes which cycles are overdue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from pdsa.model import Cycle, Point, Status
from pdsa.runchart.series import window


class AgendaKind(StrEnum):
    """Why a cycle is on the agenda, in the order the meeting takes them."""

    OVERDUE = "overdue"  # the Do window ended and the cycle is not studied
    IN_STUDY = "in-study"  # the study was started and not finished
    AWAITING_DECISION = "awaiting-decision"  # studied; the Act decision is pending
    NO_DATA = "no-data"  # Do is running and its measures have no point in the window


@dataclass(frozen=True)
class AgendaItem:
    """A cycle the meeting should look at, and why."""

    cycle: Cycle
    kind: AgendaKind
    since: dt.date  # when it became due (the end of its Do window, or its start)

    def describe(self, today: dt.date) -> str:
        """The reason in words: `Do ended 2026-11-08 (3 days ago), not studied`."""
        if self.kind is AgendaKind.OVERDUE:
            days = (today - self.since).days
            return f"Do ended {self.since} ({days} day{'' if days == 1 else 's'} ago), not studied"
        if self.kind is AgendaKind.IN_STUDY:
            return "study in progress"
        if self.kind is AgendaKind.AWAITING_DECISION:
            return "decision pending"
        return f"in Do since {self.since}, no data recorded yet"


PointsOf = Mapping[str, Sequence[Point]]


def agenda(cycles: Sequence[Cycle], today: dt.date, points: PointsOf) -> list[AgendaItem]:
    """The meeting's running order: Do windows that have ended without a study (oldest
    first), cycles mid-study or awaiting a decision, then running tests with no data yet.

    `points` holds the data of the measures that running cycles predict (see `measures_needed`).
    """
    due = overdue(cycles, today)
    waiting: list[AgendaItem] = []
    quiet: list[AgendaItem] = []
    for cycle in cycles:
        span = cycle.do_window(today)
        if cycle.status is Status.DO and span is not None:
            if not _ended(cycle, today) and not _has_data(cycle, span, points):
                quiet.append(AgendaItem(cycle, AgendaKind.NO_DATA, span[0]))
        elif cycle.status in (Status.STUDY, Status.ACT):
            kind = (
                AgendaKind.IN_STUDY
                if cycle.status is Status.STUDY
                else AgendaKind.AWAITING_DECISION
            )
            when = (cycle.study.date if cycle.study else None) or cycle.created
            waiting.append(AgendaItem(cycle, kind, when))
    return [
        *due,
        *sorted(waiting, key=lambda i: i.since),
        *sorted(quiet, key=lambda i: i.since),
    ]


def overdue(cycles: Sequence[Cycle], today: dt.date) -> list[AgendaItem]:
    """Cycles whose Do window has ended without a study, oldest first."""
    items = []
    for cycle in cycles:
        span = cycle.do_window(today)
        if cycle.status is Status.DO and span is not None and _ended(cycle, today):
            items.append(AgendaItem(cycle, AgendaKind.OVERDUE, span[1]))
    return sorted(items, key=lambda i: i.since)


def _ended(cycle: Cycle, today: dt.date) -> bool:
    planned_end = cycle.plan.when.end if cycle.plan.when else None
    return bool((cycle.do and cycle.do.finished) or (planned_end and planned_end < today))


def measures_needed(cycles: Sequence[Cycle], known: set[str]) -> set[str]:
    """The measures whose data the agenda reads: those that running cycles predict."""
    return {
        p.measure
        for c in cycles
        if c.status is Status.DO
        for p in c.plan.predictions
        if p.measure and p.measure in known
    }


def _has_data(cycle: Cycle, span: tuple[dt.date, dt.date], points: PointsOf) -> bool:
    measures = {p.measure for p in cycle.plan.predictions if p.measure}
    if not measures:
        return True  # nothing to record: not "missing data"
    return any(window(points[m], span[0], max(span[1], span[0])) for m in measures if m in points)
