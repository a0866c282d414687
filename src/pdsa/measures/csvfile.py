"""A measure's CSV file as text: parse it strictly, and add rows to it.

No file access here (the store reads and writes). Every problem is reported with its line
(and the column of the field), so a person can fix the file in an editor.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from dataclasses import dataclass
from pathlib import Path

from pdsa.errors import InvalidDataError, Location, Problem, ProblemKind
from pdsa.model import Point


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
            _problem(
                Location(path, 1, 1),
                "empty file: no header",
                hint="the first line must be: date,value,note",
            )
        ]
    header = [h.strip().lower() for h in next(csv.reader([lines[0]]))]
    if header[:2] != ["date", "value"] or len(header) > 3 or header[2:] not in ([], ["note"]):
        return [], [
            _problem(
                Location(path, 1, 1),
                f"header is '{lines[0].strip()}'",
                hint="the first line must be: date,value,note",
            )
        ]
    points: list[Point] = []
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text))
    next(reader)
    previous = 1
    for row in reader:
        line = reader.line_num
        first_line, previous = previous + 1, line
        if line != first_line:
            problems.append(
                _problem(
                    Location(path, first_line, 1),
                    "a row spans several lines",
                    hint="keep each point, note included, on one line",
                )
            )
            continue
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
        return None, _problem(
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
        return None, _problem(
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
        return None, _problem(
            Location(path, line, column),
            f"'{value_text}' is not a number",
            hint="write plain numbers such as 7.5; leave out rows without data",
        )
    note = row[2].strip() if len(row) == 3 else ""
    return Point(day, value, note, line), None


def _problem(location: Location, message: str, hint: str = "") -> Problem:
    return Problem(location, message, hint, kind=ProblemKind.DATA)


def format_value(value: float) -> str:
    """8 not 8.0; otherwise the shortest text that reads back as the same number."""
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(value)


def _row_text(point: Point, with_note: bool) -> str:
    buffer = io.StringIO()
    fields = [point.date.isoformat(), format_value(point.value)]
    if with_note:
        fields.append(point.note)
    csv.writer(buffer, lineterminator="\n").writerow(fields)
    return buffer.getvalue()


@dataclass(frozen=True)
class Added:
    """The text after adding points, and which points were added or already there."""

    after: str
    added: list[Point]
    skipped: list[Point]


def add_rows(before: str | None, new: list[Point], shown: Path) -> Added:
    """The CSV text with `new` points added, existing rows kept byte for byte, sorted by date.

    A point equal to one already there (date, value and note) is skipped, so importing the
    same file twice does not double the data. `before` is None for a file not yet written;
    text that does not parse raises, so it is never rewritten.
    """
    existing = parse_csv(before, shown) if before is not None else []
    have = {(p.date, p.value, p.note) for p in existing}
    added: list[Point] = []
    skipped: list[Point] = []
    for point in new:
        key = (point.date, point.value, point.note)
        (skipped if key in have else added).append(point)
        have.add(key)
    lines = before.splitlines(keepends=True) if before is not None else ["date,value,note\n"]
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    header, rows = lines[0], lines[1:]
    with_note = "note" in header.lower() or any(p.note for p in added)
    if with_note and "note" not in header.lower():
        header = header.rstrip("\r\n") + ",note\n"
    dated = _dated_rows(rows, existing)
    dated += [(p.date, _row_text(p, with_note)) for p in added]
    # A stable sort keeps same-date rows in the order they were written, and leaves an
    # already sorted file's rows where they were: a new latest point is one appended line.
    dated.sort(key=lambda item: item[0])
    after = header + "".join(text for _, text in dated)
    # Never write what the reader would refuse (a note that ends a row, an odd number).
    parse_csv(after, shown)
    return Added(after, added, skipped)


def _dated_rows(rows: list[str], points: list[Point]) -> list[tuple[dt.date, str]]:
    """Pair each existing data row with its date (blank lines are dropped)."""
    by_line = {p.line: p.date for p in points}
    dated = []
    for offset, text in enumerate(rows, start=2):
        if text.strip():
            dated.append((by_line.get(offset, dt.date.min), text))
    return dated
