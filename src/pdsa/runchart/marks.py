"""Cycles placed on a chart: each cycle's Do window, clipped to the chart's dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pdsa.runchart.series import Series

if TYPE_CHECKING:
    from pdsa.model import Cycle


@dataclass(frozen=True)
class CycleMark:
    """A cycle placed on a chart: its Do window, clipped to the chart's dates."""

    id: str
    label: str
    change_idea: str | None
    status: str
    start: dt.date
    end: dt.date
    ongoing: bool  # Do has started and not finished: drawn up to the last point
    predicts_here: bool  # one of its predictions is on this measure
    change_ideas: tuple[str, ...] = ()  # every idea it tests (a bundle tests several)


@dataclass(frozen=True, slots=True)
class CycleFacts:
    """All a chart needs of a cycle: small enough to remember between runs (`.pdsa/cache`),
    so a chart can place a cycle without reading its file."""

    id: str
    status: str
    ideas: tuple[str, ...]
    started: dt.date | None  # do.started
    finished: dt.date | None  # do.finished
    planned_end: dt.date | None  # plan.when.end
    predicts: tuple[str, ...]  # the measures its predictions are on

    @classmethod
    def of(cls, cycle: Cycle) -> CycleFacts:
        """The facts of a loaded cycle."""
        return cls(
            cycle.id,
            cycle.status.value,
            tuple(cycle.ideas),
            cycle.started,
            cycle.do.finished if cycle.do else None,
            cycle.plan.when.end if cycle.plan.when else None,
            tuple(dict.fromkeys(p.measure for p in cycle.plan.predictions if p.measure)),
        )

    def do_window(self, today: dt.date) -> tuple[dt.date, dt.date] | None:
        """The window `Cycle.do_window` gives: [started, finished], else the planned end,
        else today while Do runs; None before Do starts."""
        if self.started is None:
            return None
        end = self.finished or self.planned_end or today
        return self.started, max(end, self.started)

    def window_within(
        self, first: dt.date, last: dt.date, today: dt.date
    ) -> tuple[dt.date, dt.date] | None:
        """The Do window when it meets [first, last] (a chart's dates), else None."""
        span = self.do_window(today)
        if span is None or span[1] < first or span[0] > last:
            return None
        return span


def short_label(cycle_id: str, length: int = 22) -> str:
    """A cycle id without its date, cut at a word: `sbar-card-all-shifts`."""
    slug = cycle_id[11:] if len(cycle_id) > 11 and cycle_id[10] == "-" else cycle_id
    if len(slug) <= length:
        return slug
    cut = slug[: length + 1].rsplit("-", 1)[0]
    return (cut if len(cut) >= length // 2 else slug[:length]) + "…"


def place_cycles(
    series: Series, cycles: Sequence[Cycle | CycleFacts], today: dt.date
) -> list[CycleMark]:
    """The cycles whose Do window overlaps the chart's dates, oldest first."""
    if not series.dates:
        return []
    first, last = series.dates[0], max(series.dates[-1], today)
    marks = []
    for cycle in cycles:
        facts = cycle if isinstance(cycle, CycleFacts) else CycleFacts.of(cycle)
        span = facts.window_within(first, last, today)
        if span is None:
            continue
        start, end = span
        marks.append(
            CycleMark(
                facts.id,
                short_label(facts.id),
                facts.ideas[0] if facts.ideas else None,
                facts.status,
                max(start, first),
                min(end, last),
                facts.finished is None,
                series.measure.id in facts.predicts,
                facts.ideas,
            )
        )
    return sorted(marks, key=lambda m: (m.start, m.id))
