"""Reading one cell of an import: a number or a date, as a spreadsheet or a CSV from any
locale writes it, or why not. Nothing is guessed: a comma that could be a decimal mark or a
thousands separator, and a day-month date whose order the file does not settle, are refused
with the flag that settles them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from pdsa.errors import Location, Problem, ProblemKind
from pdsa.measures.cells import Spec, format_value, read_date
from pdsa.measures.table import Percent, Table

MISSING = {"", "na", "n/a", "#n/a", "-", "–", "—", "null", "none"}
_SPACES = re.compile(r"(?<=\d)[\s\u00a0\u202f'](?=\d)")
_COMMA_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_DOT_THOUSANDS = re.compile(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d*,\d+")
_DATE_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?")
_DMY = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})(?:[T ]\d{1,2}:\d{2}(:\d{2})?)?")
MONTHS = "January February March April May June July August September October November December"
NUMBER_HINT = "write numbers such as 7.5; NA, - or an empty cell mark a row without data"


class Bad(str):
    """Why a cell could not be read (a message, with `hint` beside it)."""

    hint = NUMBER_HINT


@dataclass
class Pending:
    """A day-month date whose order the whole file decides."""

    first: int
    second: int
    year: int
    text: str


DateCell = dt.date | Pending | Bad | None
NumberCell = float | Bad | None


def read_number_cell(cell: object, decimal: str | None) -> NumberCell:
    """A cell's number, None for "no data", or why it is not one."""
    kind = type(cell)
    if kind is float or kind is int or kind is Percent:
        value = float(cell)  # type: ignore[arg-type]
        return (Percent(value) if kind is Percent else value) if math.isfinite(value) else None
    if cell is None:
        return None
    if kind is bool or isinstance(cell, dt.date):
        return Bad(f"'{cell}' is not a number")
    text = str(cell).strip()
    if "," not in text and "_" not in text and "%" not in text:
        try:
            value = float(text)
        except ValueError:
            pass
        else:
            return value if math.isfinite(value) else Bad(f"'{text}' is not a number")
    if text.casefold() in MISSING:
        return None
    percent = text.endswith("%")
    core = _SPACES.sub("", text.removesuffix("%").strip())
    core = _decimal(core, decimal)
    if isinstance(core, Bad):
        return core
    try:
        value = float(core)
    except ValueError:
        return Bad(f"'{text}' is not a number")
    if not math.isfinite(value) or "_" in core:
        return Bad(f"'{text}' is not a number")
    return Percent(value) if percent else value


def _decimal(text: str, decimal: str | None) -> str | Bad:
    """The number text with Python's decimal point and no thousands separators."""
    if decimal == ",":
        if "." in text:
            if not _DOT_THOUSANDS.fullmatch(text):
                return Bad(f"'{text}' has a decimal point, and --decimal , says commas are")
            text = text.replace(".", "")
        return text.replace(",", ".")
    if "," not in text:
        return text
    if _COMMA_THOUSANDS.fullmatch(text) and ("." in text or decimal == "."):
        return text.replace(",", "")
    if decimal == ".":
        return Bad(f"'{text}' has a comma, and --decimal . says points are decimal marks")
    bad = Bad(
        f"'{text}' could be {text.replace(',', '')} or {text.replace(',', '.')}"
        if _COMMA_THOUSANDS.fullmatch(text)
        else f"'{text}' has a decimal comma"
    )
    if _COMMA_THOUSANDS.fullmatch(text) or _DECIMAL_COMMA.fullmatch(text):
        bad.hint = "pass --decimal , if commas are decimal marks here, or --decimal . if not"
        return bad
    return Bad(f"'{text}' is not a number")


def read_date_cell(cell: object, spec: Spec, date_format: str | None) -> DateCell:
    """A cell's date; a day-month date whose order is not yet known; or why not."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    if cell is None:
        return None
    if isinstance(cell, int | float):
        bad = Bad(f"{format_value(float(cell))} is a number, not a date")
        bad.hint = "format the column as dates in the spreadsheet"
        return bad
    text = str(cell).strip()
    if not text:
        return None
    if date_format is not None:
        try:
            return dt.datetime.strptime(text, date_format).date()
        except ValueError:
            bad = Bad(f"'{text}' does not match --date-format {date_format}")
            bad.hint = "give the format these dates are written in (e.g. %d.%m.%Y)"
            return bad
    day, why = read_date(text, spec)
    if day is not None:
        return day
    if match := _DATE_TIME.fullmatch(text):
        return read_date(match.group(1), spec)[0] or Bad(why)
    if match := _DMY.fullmatch(text):
        first, second, year = int(match.group(1)), int(match.group(3)), match.group(4)
        if len(year) == 2:
            bad = Bad(f"'{text}' has a two-digit year")
            sep = match.group(2)
            bad.hint = f"pass --date-format %d{sep}%m{sep}%y (or %m{sep}%d{sep}%y)"
            return bad
        return Pending(first, second, int(year), text)
    if "is not a date" not in why:  # a period this measure does not have
        bad = Bad(why)
        bad.hint = "give the measure that period in pdsa.yaml, or pass --date-format"
        return bad
    bad = Bad(f"'{text}' is not a date")
    bad.hint = f"{spec.date_hint()}; or pass --date-format, e.g. '%d %b %Y'"
    return bad


def settle(
    table: Table, pending: list[tuple[int, Pending]], dayfirst: bool | None, out: list[Problem]
) -> dict[int, dt.date]:
    """Day-month dates, in the order the flags or the file itself make certain."""
    if not pending:
        return {}
    day_over = next(((i, p) for i, p in pending if p.first > 12), None)
    month_over = next(((i, p) for i, p in pending if p.second > 12), None)
    if dayfirst is None:
        if day_over and month_over:
            index, p = max(day_over, month_over, key=lambda item: item[0])
            other = min(day_over, month_over, key=lambda item: item[0])[1]
            out.append(
                _problem(
                    table.where(index, 0),
                    f"'{p.text}' and '{other.text}' put the day in different places",
                    "pass --dayfirst or --monthfirst, and fix the dates that do not fit",
                )
            )
            return {}
        if not day_over and not month_over:
            index, p = pending[0]
            out.append(
                _problem(
                    table.where(index, 0),
                    f"'{p.text}' could be {_spoken(p.first, p.second, p.year)} or "
                    f"{_spoken(p.second, p.first, p.year)}, and no date in the file has a "
                    "day over 12 to tell",
                    "pass --dayfirst or --monthfirst",
                )
            )
            return {}
        dayfirst = day_over is not None
    days = {}
    for index, p in pending:
        day, month = (p.first, p.second) if dayfirst else (p.second, p.first)
        try:
            days[index] = dt.date(p.year, month, day)
        except ValueError:
            order = "day first" if dayfirst else "month first"
            out.append(_problem(table.where(index, 0), f"'{p.text}' ({order}) is not a real date"))
    return days


def _spoken(day: int, month: int, year: int) -> str:
    if not 1 <= month <= 12:
        return f"day {day} of month {month}"
    return f"{day} {MONTHS.split()[month - 1]} {year}"


def _problem(location: Location, message: str, hint: str = "") -> Problem:
    return Problem(location, str(message), hint, kind=ProblemKind.DATA)
