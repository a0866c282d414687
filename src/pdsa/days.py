"""One way to read a day (or a period), for flags, prompts and files alike.

A day is written `YYYY-MM-DD`. Every place that takes a day from a person calls `parse_day`,
so `--date`, the study meeting's prompts and the measure files accept exactly the same text
and say the same thing about text they refuse.
"""

from __future__ import annotations

import datetime as dt
import re

DAY_FORM = "YYYY-MM-DD"
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


class DayError(ValueError):
    """Text that is not a day; the message says what is wrong."""


def parse_day(text: str) -> dt.date:
    """`2026-11-21` -> date; anything else raises `DayError` with a reason."""
    cleaned = text.strip()
    match = _DAY.fullmatch(cleaned)
    if match is None:
        raise DayError(f"'{text}' is not a date written {DAY_FORM}")
    year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DayError(f"'{text}' is not a real date") from None


# --- periods ------------------------------------------------------------------------------
# A measure with a `period` may name the period itself: `2024-03` (a month), `2024-W05` (an
# ISO week), `2024-Q1` (a quarter). The date such text stands for is the period's first
# day, so rows written either way land in the same period. A form is accepted only where
# it names a whole number of the measure's periods: a month fits a monthly or quarterly
# measure, never a weekly one (weeks straddle months).

_MONTH = re.compile(r"(\d{4})-(\d{2})")
_WEEK = re.compile(r"(\d{4})-[Ww](\d{2})")
_QUARTER = re.compile(r"(\d{4})-[Qq]([1-4])")
PERIOD_FORMS = {
    None: "YYYY-MM-DD",
    "day": "YYYY-MM-DD",
    "week": "YYYY-MM-DD or YYYY-Www",
    "month": "YYYY-MM-DD or YYYY-MM",
    "quarter": "YYYY-MM-DD, YYYY-MM or YYYY-Qn",
}
_WORD = {"week": "an ISO week", "month": "a month", "quarter": "a quarter"}
_ALLOWED = {"week": ("week",), "month": ("month", "quarter"), "quarter": ("quarter",)}


def date_forms(period: str | None) -> str:
    """How dates may be written for a measure with this period (for hints)."""
    return PERIOD_FORMS.get(period, DAY_FORM)


def parse_period(text: str, period: str | None = None) -> dt.date:
    """A measure's date: a day always; a week, month or quarter where `period` allows it.

    Returns the day, or the first day of the period named. Raises `DayError` saying what
    the text is and which forms this measure takes.
    """
    cleaned = text.strip()
    if len(cleaned) == 10:
        return parse_day(cleaned)
    for form, pattern in (("month", _MONTH), ("week", _WEEK), ("quarter", _QUARTER)):
        match = pattern.fullmatch(cleaned)
        if match is None:
            continue
        if period not in _ALLOWED[form]:
            whose = f"a {period}ly" if period else "this"
            measure = "a daily" if period == "day" else whose
            raise DayError(
                f"'{text}' is {_WORD[form]}, and {measure} measure takes dates written "
                f"{date_forms(period)}"
            )
        year, number = int(match.group(1)), int(match.group(2))
        try:
            if form == "month":
                return dt.date(year, number, 1)
            if form == "week":
                return dt.date.fromisocalendar(year, number, 1)
            return dt.date(year, 3 * number - 2, 1)
        except ValueError:
            raise DayError(f"'{text}' is not a real {form}") from None
    raise DayError(f"'{text}' is not a date written {date_forms(period)}")


def period_start(day: dt.date, period: str | None) -> dt.date:
    """The first day of the period holding `day` (the day itself for none or day)."""
    if period == "week":
        return day - dt.timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    if period == "quarter":
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return day


def next_period(start: dt.date, period: str | None) -> dt.date:
    """The first day of the period after the one starting on `start`."""
    if period == "week":
        return start + dt.timedelta(days=7)
    if period in ("month", "quarter"):
        months = start.year * 12 + start.month - 1 + (1 if period == "month" else 3)
        return dt.date(months // 12, months % 12 + 1, 1)
    return start + dt.timedelta(days=1)


def period_label(start: dt.date, period: str | None) -> str:
    """`2024-03`, `2024-W05`, `2024-Q1`, or the ISO day: how people name the period."""
    if period == "month":
        return f"{start:%Y-%m}"
    if period == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if period == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return start.isoformat()
