"""Cycles placed on a chart: each cycle's Do window, clipped to the chart's dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from pdsa.model import Cycle
from pdsa.runchart.series import Series


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


def short_label(cycle_id: str, length: int = 22) -> str:
    """A cycle id without its date, cut at a word: `sbar-card-all-shifts`."""
    slug = cycle_id[11:] if len(cycle_id) > 11 and cycle_id[10] == "-" else cycle_id
    if len(slug) <= length:
        return slug
    cut = slug[: length + 1].rsplit("-", 1)[0]
    return (cut if len(cut) >= length // 2 else slug[:length]) + "…"


def place_cycles(series: Series, cycles: Sequence[Cycle], today: dt.date) -> list[CycleMark]:
    """The cycles whose Do window overlaps the chart's dates, oldest first."""
    if not series.dates:
        return []
    first, last = series.dates[0], max(series.dates[-1], today)
    marks = []
    for cycle in cycles:
        span = cycle.do_window(today)
        if span is None:
            continue
        start, end = span
        ongoing = cycle.do is None or cycle.do.finished is None
        if end < first or start > last:
            continue
        marks.append(
            CycleMark(
                cycle.id,
                short_label(cycle.id),
                cycle.ideas[0] if cycle.ideas else None,
                cycle.status.value,
                max(start, first),
                min(end, last),
                ongoing,
                any(p.measure == series.measure.id for p in cycle.plan.predictions),
                tuple(cycle.ideas),
            )
        )
    return sorted(marks, key=lambda m: (m.start, m.id))
