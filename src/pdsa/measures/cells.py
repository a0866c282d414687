"""What a measure's cells may hold, shared by its own CSV file and by imports.

A measure's `kind`, `period` and `multiply` (in `pdsa.yaml`) decide which dates and numbers
a row may carry; one set of checks here means `pdsa record`, `--from` imports and
`pdsa check` refuse exactly the same cells, with the same words.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from pdsa.days import DayError, date_forms, parse_period, period_label, period_start
from pdsa.model import Measure

RATIO_KINDS = ("proportion", "rate")


@dataclass(frozen=True)
class Spec:
    """The parts of a measure that decide what its rows may hold."""

    kind: str = "continuous"
    period: str | None = None
    multiply: float = 1.0
    name: str = ""  # the measure id, for messages

    @classmethod
    def of(cls, measure: Measure | None) -> Spec:
        """The spec of a measure in pdsa.yaml (the defaults when there is none)."""
        if measure is None:
            return cls()
        return cls(measure.kind, measure.period, float(measure.multiply), measure.id)

    @property
    def ratio(self) -> bool:
        """A proportion or a rate: rows may carry a numerator and a denominator."""
        return self.kind in RATIO_KINDS

    def date_hint(self) -> str:
        """How dates are written for this measure."""
        return f"write dates as {date_forms(self.period)}, {self.example()}"

    def example(self) -> str:
        """`e.g. 2026-11-03 or 2026-W45`: dates this measure takes."""
        example = {"week": "2026-W45", "month": "2026-11", "quarter": "2026-Q4"}
        more = f" or {example[self.period]}" if self.period in example else ""
        return f"e.g. 2026-11-03{more}"


# Measure data from before 1900 or after 2199 is a typo (0001 for 2001); charts cannot place
# the first and last years of the calendar at all.
FIRST_YEAR, LAST_YEAR = 1900, 2199


def read_date(text: str, spec: Spec) -> tuple[dt.date | None, str]:
    """A cell's date, or None and why not."""
    cleaned = text.strip()
    # The common case first: ten characters of an ISO day, read by the C parser.
    if len(cleaned) == 10 and cleaned[4] == "-" and cleaned[7] == "-" and cleaned.isascii():
        try:
            day = dt.date.fromisoformat(cleaned)
        except ValueError:
            return None, f"'{cleaned}' is not a date"
    else:
        try:
            day = parse_period(cleaned, spec.period)
        except DayError as exc:
            if "is not a date" in str(exc):
                return None, f"'{cleaned}' is not a date"
            return None, str(exc)
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        return None, f"'{cleaned}' is outside the years {FIRST_YEAR}-{LAST_YEAR}"
    return day, ""


# What a person writes for a number: Python's float() also takes `1_000`, `nan`, `inf` and
# digits of other scripts, none of which a spreadsheet or another reader would agree with.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def read_number(text: str) -> float | None:
    """A plain number written as in a measure file (`7.5`, `-28`, `1e-3`), else None."""
    text = text.strip()
    if not _NUMBER.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


# Beyond this, sums, ranges and limits of a few points overflow to infinity; no measure of
# care, teaching or production comes near it (9e15 is also where whole numbers stop being
# exact in floating point).
LARGEST = 1e15


def magnitude_problem(value: float, what: str = "") -> str:
    """Why a number is too large to analyse ('' when it is not)."""
    if abs(value) > LARGEST:
        return f"{what}{format_value(value)} is too large (keep numbers within ±1e15)"
    return ""


def value_problem(value: float, spec: Spec) -> str:
    """Why a value cannot be a point of this measure ('' when it can)."""
    if too_large := magnitude_problem(value):
        return too_large
    if spec.kind == "count" and (value < 0 or not value.is_integer()):
        return f"{format_value(value)} is not a count (a whole number, 0 or more)"
    if spec.kind == "time-between-events" and value < 0:
        return f"{format_value(value)} is a negative time between events"
    if spec.ratio and value < 0:
        return f"{format_value(value)} is a negative {spec.kind}"
    return ""


def ratio_problem(numerator: float, denominator: float, spec: Spec) -> tuple[str, int]:
    """Why a numerator and denominator cannot be a point ('' when they can), and which of
    the two cells (0 the numerator, 1 the denominator) to point at."""
    for which, (name, number) in enumerate(
        (("numerator ", numerator), ("denominator ", denominator))
    ):
        if too_large := magnitude_problem(number, name):
            return too_large, which
    if numerator < 0:
        return f"numerator {format_value(numerator)} is negative", 0
    if denominator <= 0:
        return f"denominator {format_value(denominator)} is not above 0", 1
    if spec.kind == "proportion" and numerator > denominator:
        return (
            f"numerator {format_value(numerator)} is over the denominator "
            f"{format_value(denominator)}, which a proportion cannot be",
            0,
        )
    if too_large := magnitude_problem(derive(numerator, denominator, spec), "the value "):
        return too_large, 1
    return "", 0


def derive(numerator: float, denominator: float, spec: Spec) -> float:
    """The value of a proportion or rate row: numerator / denominator x multiply."""
    # Multiplying first keeps whole numbers exact: 17 * 100 / 20 is 85, not 85.00000000000001.
    return numerator * spec.multiply / denominator


def format_value(value: float) -> str:
    """8 not 8.0; otherwise the shortest text that reads back as the same number."""
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(value)


def format_date(day: dt.date, spec: Spec, by_period: bool = False) -> str:
    """The date as its ISO day; with `by_period`, a month or quarter measure's date on the
    first day of its period as `2026-11` / `2026-Q4` (how people name them). Weeks are
    always days: the Monday reads better than `2026-W45` to most teams."""
    if by_period and spec.period in ("month", "quarter") and period_start(day, spec.period) == day:
        return period_label(day, spec.period)
    return day.isoformat()


def by_period(spec: Spec, days: list[dt.date], written: list[str]) -> bool:
    """Whether new rows are written as periods: the measure is monthly or quarterly, every
    new date starts its period, and every row already written names a period too."""
    if spec.period not in ("month", "quarter"):
        return False
    starts = all(period_start(d, spec.period) == d for d in days)
    return starts and all(len(text.split(",", 1)[0].strip()) < 10 for text in written)


def field_columns(line: str, delimiter: str = ",") -> list[int]:
    """The 1-based character column where each field of a CSV line starts (quote-aware)."""
    columns = [1]
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            columns.append(index + 2)
    return columns
