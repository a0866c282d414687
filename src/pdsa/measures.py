"""Measure data: one CSV per measure (`date,value,note`), read strictly, written atomically.

A file that does not parse is never rewritten; every problem is reported with its line (and
the column of the field), so a person can fix the file in an editor.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from dataclasses import dataclass
from pathlib import Path

from pdsa.errors import InvalidDataError, Location, Problem

HEADER = ("date", "value", "note")


@dataclass(frozen=True)
class Point:
    """One data point; `line` is where it is in the CSV (0 for points not yet written)."""

    date: dt.date
    value: float
    note: str = ""
    line: int = 0


def parse_csv(text: str, path: Path) -> list[Point]:
    """Parse a measure CSV; raises `InvalidDataError` listing every bad row."""
    points, problems = _parse(text, path)
    if problems:
        raise InvalidDataError(problems)
    return points


def check_csv(text: str, path: Path) -> list[Problem]:
    """Every problem in a measure CSV (empty when it is fine)."""
    return _parse(text, path)[1]


def _parse(text: str, path: Path) -> tuple[list[Point], list[Problem]]:
    text = text.removeprefix("\ufeff")
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        return [], [
            Problem(
                Location(path, 1, 1),
                "empty file: no header",
                hint="the first line must be: date,value,note",
            )
        ]
    header = [h.strip().lower() for h in next(csv.reader([lines[0]]))]
    if header[:2] != ["date", "value"] or len(header) > 3 or header[2:] not in ([], ["note"]):
        return [], [
            Problem(
                Location(path, 1, 1),
                f"header is '{lines[0].strip()}'",
                hint="the first line must be: date,value,note",
            )
        ]
    points: list[Point] = []
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text))
    next(reader)
    for row in reader:
        line = reader.line_num
        if not row or all(not cell.strip() for cell in row):
            continue
        point, problem = _row(row, line, lines[line - 1] if line <= len(lines) else "", path)
        if problem:
            problems.append(problem)
        elif point:
            points.append(point)
    return points, problems


def _row(row: list[str], line: int, raw: str, path: Path) -> tuple[Point | None, Problem | None]:
    if len(row) < 2 or len(row) > 3:
        return None, Problem(
            Location(path, line, 1),
            f"expected 2 or 3 fields, found {len(row)}",
            hint="write date,value,note; quote a note that contains commas",
        )
    date_text, value_text = row[0].strip(), row[1].strip()
    try:
        day = dt.date.fromisoformat(date_text)
        if len(date_text) != 10:
            raise ValueError
    except ValueError:
        return None, Problem(
            Location(path, line, 1),
            f"'{date_text}' is not a date",
            hint="write dates as YYYY-MM-DD, e.g. 2026-11-03",
        )
    column = raw.find(",") + 2 if "," in raw else 1
    try:
        value = float(value_text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        return None, Problem(
            Location(path, line, column),
            f"'{value_text}' is not a number",
            hint="write plain numbers such as 7.5; leave out rows without data",
        )
    note = row[2].strip() if len(row) == 3 else ""
    return Point(day, value, note, line), None
