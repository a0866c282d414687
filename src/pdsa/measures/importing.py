"""Import a measure's data as teams really have it: an Excel sheet, a CSV from any locale.

Every cell is read for sure or refused, never guessed: `03/04/2024` with no day over 12 in
the whole file could be March or April, so the file is refused with the flag that settles
it (`--dayfirst`, `--monthfirst`, `--date-format`); `8,1` is refused unless `--decimal ,`
says commas are decimal marks. `NA`, `N/A`, `#N/A`, `-` and an empty cell mean "no data":
such rows are left out and counted. `85%` is 85. All or nothing: one bad cell and nothing
is imported, every bad cell named (`file:line:col`, or `book.xlsx:Sheet1!C7`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pdsa.errors import InvalidDataError, Location, Problem, ProblemKind
from pdsa.measures.cellread import (
    Bad,
    DateCell,
    Pending,
    read_date_cell,
    read_number_cell,
    settle,
)
from pdsa.measures.cells import (
    Spec,
    derive,
    format_value,
    ratio_problem,
    value_problem,
)
from pdsa.measures.columns import Columns, Wanted, find_columns
from pdsa.measures.sources import read_table
from pdsa.measures.table import Percent, Table
from pdsa.model import Measure, Point

MAX_PROBLEMS = 100


@dataclass(frozen=True)
class ImportOptions:
    """How to read a file: flags for what cannot be told from the file itself."""

    sheet: str | None = None
    delimiter: str | None = None
    columns: Wanted = field(default_factory=Wanted)
    decimal: str | None = None  # "." or ","; None: refuse a comma that is not for thousands
    dayfirst: bool | None = None  # None: settled by the file, or refused
    date_format: str | None = None  # strptime format, e.g. %d.%m.%Y


@dataclass(frozen=True)
class Imported:
    """The points of an import, and what was read to get them."""

    points: list[Point]
    left_out: int  # rows without data (NA, -, empty)
    table: Table
    columns: Columns

    def describe(self) -> str:
        """One line on what was read, for the person importing."""
        header = self.table.lines[self.columns.header]
        place = f"row {header}" if self.table.sheet else f"line {header}"
        return f"{self.table.describe()}, header on {place}: {self.columns.describe()}"


def read_import(
    path: Path,
    shown: Path,
    measure: Measure,
    options: ImportOptions = ImportOptions(),
    progress: Callable[[int, int], None] | None = None,
) -> Imported:
    """Every point of a file to import; any bad cell stops the import (all or nothing).
    `progress(done, total)` is told while a workbook is read."""
    table = read_table(
        path, shown, sheet=options.sheet, delimiter=options.delimiter, progress=progress
    )
    spec = Spec.of(measure)
    columns = find_columns(table, spec, options.columns)
    if table.sheet is None and options.date_format is None:
        fast = _clean_text(table, columns, spec)
        if fast is not None:
            return Imported(fast, 0, table, columns)
    return _points(table, columns, spec, options)


def _clean_text(table: Table, columns: Columns, spec: Spec) -> list[Point] | None:
    """The common case, column by column at C speed: a text file whose every row has an
    ISO day and plain numbers. None at the first thing that needs a closer look (a gap, a
    comma, a bad cell); the row-by-row reading then decides and names every problem."""
    start = columns.header + 1
    body = table.rows[start:]
    try:
        texts = [[str(row[c]) for row in body] for c in _used(columns)]
    except IndexError:
        return None
    date_texts, *number_texts = texts[: len(texts) - (columns.note is not None)]
    if not body or set(map(len, date_texts)) != {10} or not "".join(date_texts).isascii():
        return None
    try:
        days = list(map(dt.date.fromisoformat, date_texts))
        numbers = [list(map(float, column)) for column in number_texts]
    except ValueError:
        return None
    for column, values in zip(number_texts, numbers, strict=True):
        if "_" in "".join(column) or not all(map(math.isfinite, values)):
            return None
    notes = [s.strip() for s in texts[-1]] if columns.note is not None else [""] * len(body)
    if any("\n" in note for note in notes):
        return None
    lines = table.lines[start:]
    if len(numbers) == 2:
        nums, dens = numbers
        if any(ratio_problem(n, d, spec)[0] for n, d in zip(nums, dens, strict=True)):
            return None
        values = [n * spec.multiply / d for n, d in zip(nums, dens, strict=True)]
        return list(map(Point, days, values, notes, lines, nums, dens))
    (values,) = numbers
    if spec.kind != "continuous" and any(value_problem(v, spec) for v in values):
        return None
    return list(map(Point, days, values, notes, lines))


def _used(columns: Columns) -> list[int]:
    """The date column, the number columns, then the note column, as present."""
    wanted = [columns.date, columns.value, columns.numerator, columns.denominator, columns.note]
    return [c for c in wanted if c is not None]


def _points(table: Table, columns: Columns, spec: Spec, options: ImportOptions) -> Imported:
    problems: list[Problem] = []
    pending: list[tuple[int, Pending]] = []
    kept: list[tuple[int, DateCell, list[float], str]] = []
    refusals: dict[str, list[tuple[int, int, str]]] = {}  # file-wide hint -> cells
    number_columns = [
        c for c in (columns.value, columns.numerator, columns.denominator) if c is not None
    ]
    left_out = 0
    for index in range(columns.header + 1, len(table.rows)):
        row = table.rows[index]
        numbers: list[float] = []
        missing = bad = False
        for column in number_columns:
            cell = row[column] if column < len(row) else None
            number = read_number_cell(cell, options.decimal)
            if number is None:
                missing = True
            elif isinstance(number, Bad):
                bad = True
                if number.hint.startswith("pass"):
                    refusals.setdefault(number.hint, []).append((index, column, str(number)))
                else:
                    problems.append(_problem(table.where(index, column), number, number.hint))
            else:
                if type(number) is Percent and (why := _percent_problem(column, columns, spec)):
                    bad = True
                    problems.append(_problem(table.where(index, column), *why))
                numbers.append(number)
        if missing and not bad:
            if any(_filled(c) for c in row):
                left_out += 1
            continue
        date_cell = row[columns.date] if columns.date < len(row) else None
        day = read_date_cell(date_cell, spec, options.date_format)
        if day is None:
            problems.append(
                _problem(table.where(index, columns.date), "no date", "give every row a date")
            )
        elif isinstance(day, Bad):
            problems.append(_problem(table.where(index, columns.date), day, day.hint))
        elif isinstance(day, Pending):
            pending.append((index, day))
        if not bad and day is not None and not isinstance(day, Bad):
            kept.append((index, day, numbers, _note(row, columns.note)))
    problems += _refused(table, refusals)
    days = settle(table, pending, options.dayfirst, problems)
    points = []
    for index, day, numbers, note in kept:
        real = days.get(index) if isinstance(day, Pending) else day
        if isinstance(real, dt.date):
            point = _point(table, index, columns, spec, real, numbers, note, problems)
            if point is not None:
                points.append(point)
    if problems:
        problems.sort(key=lambda p: (p.location.line, str(p.location.path), p.location.column))
        if len(problems) > MAX_PROBLEMS:
            more = len(problems) - MAX_PROBLEMS
            problems = problems[:MAX_PROBLEMS]
            problems.append(_problem(Location(table.shown), f"and {more} more bad cells", ""))
        raise InvalidDataError(problems)
    return Imported(points, left_out, table, columns)


def _filled(cell: object) -> bool:
    return cell is not None and str(cell).strip() != ""


def _note(row: object, column: int | None) -> str:
    if column is None:
        return ""
    assert isinstance(row, list | tuple)
    cell = row[column] if column < len(row) else None
    if cell is None:
        return ""
    text = (cell.isoformat() if isinstance(cell, dt.date) else str(cell)).strip()
    if "\n" in text:  # a measure file keeps each row, note and all, on one line
        return " ".join(part.strip() for part in text.splitlines() if part.strip())
    return text


def _percent_problem(column: int, columns: Columns, spec: Spec) -> tuple[str, str] | None:
    if column != columns.value:
        return "a numerator or denominator is a count, not a percentage", "import the counts"
    if spec.ratio and spec.multiply != 100:
        return (
            f"a percentage, and {spec.name} is a {spec.kind} times {format_value(spec.multiply)}",
            "set multiply: 100 for the measure in pdsa.yaml to keep it in percent",
        )
    return None


def _point(
    table: Table,
    index: int,
    columns: Columns,
    spec: Spec,
    day: dt.date,
    numbers: list[float],
    note: str,
    out: list[Problem],
) -> Point | None:
    line = table.lines[index]
    if columns.numerator is not None and columns.denominator is not None:
        numerator, denominator = numbers
        message, which = ratio_problem(numerator, denominator, spec)
        if message:
            column = columns.denominator if which else columns.numerator
            out.append(_problem(table.where(index, column), message, "check it against its source"))
            return None
        return Point(day, derive(numerator, denominator, spec), note, line, numerator, denominator)
    (value,) = numbers
    if message := value_problem(value, spec):
        assert columns.value is not None
        out.append(_problem(table.where(index, columns.value), message, f"kind is {spec.kind}"))
        return None
    return Point(day, float(value), note, line)


def _refused(table: Table, refusals: dict[str, list[tuple[int, int, str]]]) -> list[Problem]:
    """A file-wide reason (decimal commas) is said once, at its first cell, with a count."""
    found = []
    for hint, cells in refusals.items():
        index, column, message = cells[0]
        more = f", and {len(cells) - 1} more cells like it" if len(cells) > 1 else ""
        found.append(_problem(table.where(index, column), message + more, hint))
    return found


def _problem(location: Location, message: str, hint: str = "") -> Problem:
    return Problem(location, str(message), hint, kind=ProblemKind.DATA)
