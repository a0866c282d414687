"""One way to read a day, for flags, prompts and files alike.

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
