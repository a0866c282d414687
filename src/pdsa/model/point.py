"""One data point of a measure, as read from its CSV file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)  # slots: half the cost of making 100,000 of them
class Point:
    """One data point; `line` is where it is in the CSV (0 for points not yet written).

    A proportion or rate row keeps its `numerator` and `denominator`; its `value` is derived
    from them (times the measure's `multiply`), so periods can be combined exactly.
    """

    date: dt.date
    value: float
    note: str = ""
    line: int = 0
    numerator: float | None = None
    denominator: float | None = None
