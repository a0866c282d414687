"""A measure's CSV file as text: parse it strictly, and add rows to it.

No file access here (the store reads and writes). Every problem is reported with its line
and the column of the cell, so a person can fix the file in an editor. Two layouts:
`date,value[,note]`, and for a proportion or rate `date,numerator,denominator[,note]`
(the value is derived, so periods can be combined exactly).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from pdsa.days import period_label, period_start
from pdsa.errors import InvalidDataError, Location, Problem, ProblemKind
from pdsa.measures.cells import (
    Spec,
    by_period,
    derive,
    field_columns,
    format_date,
    format_value,
    ratio_problem,
    read_date,
    read_number,
    value_problem,
)
from pdsa.model import Measure, Point

VALUE_HEADER = ("date", "value")
RATIO_HEADER = ("date", "numerator", "denominator")
NUMBER_HINT = "write plain numbers such as 7.5; leave out rows without data"


def parse_csv(text: str, path: Path, measure: Measure | None = None) -> list[Point]:
    """Parse a measure CSV; raises `InvalidDataError` listing every bad cell."""
    points, problems = _parse(text, path, Spec.of(measure))
    if problems:
        raise InvalidDataError(problems)
    return points


def check_csv(text: str, path: Path, measure: Measure | None = None) -> list[Problem]:
    """Every problem in a measure CSV (empty when it is fine)."""
    return _parse(text, path, Spec.of(measure))[1]


def header_hint(spec: Spec) -> str:
    """The header lines a measure's file may start with."""
    if spec.ratio:
        return "the first line must be: date,numerator,denominator,note (or date,value,note)"
    return "the first line must be: date,value,note"


def _header(line: str, path: Path, spec: Spec) -> tuple[bool | None, Problem | None]:
    """Whether the file has numerator and denominator columns (None: a bad header)."""
    if "\r" in line:  # old Mac line ends: the whole file reads as one line
        return None, _problem(
            Location(path, 1, 1),
            "lines end in a carriage return alone (CR), so the file reads as one line",
            "save it with LF or CRLF line ends (any editor's 'line endings' setting)",
        )
    try:
        names = tuple(h.strip().lower() for h in next(csv.reader([line])))
    except csv.Error:  # a stray quote inside the header line
        names = ()
    core = names[:-1] if names and names[-1] == "note" else names
    if core == RATIO_HEADER and not spec.ratio:
        return None, _problem(
            Location(path, 1, 1),
            "numerator and denominator columns are for a proportion or a rate",
            hint=f"set kind: proportion (or rate) for {spec.name or 'this measure'} in pdsa.yaml",
        )
    if core in (VALUE_HEADER, RATIO_HEADER):
        return core == RATIO_HEADER, None
    return None, _problem(Location(path, 1, 1), f"header is '{line.strip()}'", header_hint(spec))


def split_rows(text: str) -> list[str]:
    """The file's lines with their endings, split at newlines only: csv and git agree that
    a form feed, a lone carriage return or U+2028 is inside a line, where splitlines() would
    end one (and a note holding one would swallow the next row)."""
    lines = text.split("\n")
    last = lines.pop()
    return [line + "\n" for line in lines] + ([last] if last else [])


def _parse(text: str, path: Path, spec: Spec) -> tuple[list[Point], list[Problem]]:
    text = text.removeprefix("\ufeff")
    lines = [line.rstrip("\r\n") for line in split_rows(text)]
    if not lines or not lines[0].strip():
        return [], [_problem(Location(path, 1, 1), "empty file: no header", header_hint(spec))]
    ratio, bad = _header(lines[0], path, spec)
    if ratio is None:
        return [], [bad] if bad else []
    width = 3 if ratio else 2
    points: list[Point] = []
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text), strict=True)
    previous = 1
    try:
        next(reader)
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
            if not width <= len(row) <= width + 1:
                layout = "date,numerator,denominator,note" if ratio else "date,value,note"
                problems.append(
                    _problem(
                        Location(path, line, 1),
                        f"expected {width} or {width + 1} fields, found {len(row)}",
                        hint=f"write {layout}; quote a note that contains commas",
                    )
                )
                continue
            point, found = _row(row, line, lines[line - 1], path, spec, ratio)
            if found:
                problems.extend(found)
            elif point:
                points.append(point)
    except csv.Error as error:
        # The reader cannot go on past a broken row; report it where it starts.
        problems.append(_broken_row(str(error), previous + 1, lines, path))
    if spec.ratio and not ratio:
        problems.extend(_uncombinable(points, path, spec))
    return points, problems


_BROKEN = {
    "new-line character seen in unquoted field": (
        "\r",
        "a carriage return inside a row",
        "save the file with ordinary line endings, or quote the note",
    ),
    "unexpected end of data": (
        '"',
        "a quote is opened and never closed",
        "close the quote at the end of the note, or remove it",
    ),
    "expected after": (
        '"',
        "text after a closing quote",
        'inside a quoted note, write a quote twice: ""',
    ),
    "field larger than field limit": (
        "",
        f"a cell longer than {csv.field_size_limit() // 1024} KiB",
        "shorten the note; keep long text in the cycle's study notes",
    ),
}


def _broken_row(error: str, line: int, lines: list[str], path: Path) -> Problem:
    """A row the csv module gave up on, located at the character that broke it."""
    raw = lines[line - 1] if line <= len(lines) else ""
    for key, (char, message, hint) in _BROKEN.items():
        if key in error:
            column = raw.find(char) + 1 if char and char in raw else 1
            return _problem(Location(path, line, column), message, hint=hint)
    return _problem(Location(path, line, 1), f"this row is not CSV ({error})", "")


def _row(
    row: list[str], line: int, raw: str, path: Path, spec: Spec, ratio: bool
) -> tuple[Point | None, list[Problem]]:
    day, why = read_date(row[0], spec)
    found: list[Problem] = []
    if day is None:
        hint = spec.date_hint() if why.endswith("is not a date") else spec.example()
        found.append(_problem(Location(path, line, 1), why, hint=hint))
    cells = row[1:3] if ratio else row[1:2]
    numbers = [read_number(cell) for cell in cells]
    for offset, (cell, number) in enumerate(zip(cells, numbers, strict=True), start=1):
        if number is None:
            found.append(
                _problem(
                    Location(path, line, field_columns(raw)[offset]),
                    f"'{cell.strip()}' is not a number",
                    hint=NUMBER_HINT,
                )
            )
    if found or day is None:
        return None, found
    note_at = len(cells) + 1
    note = row[note_at].strip() if len(row) > note_at else ""
    if ratio:
        numerator, denominator = numbers
        assert numerator is not None and denominator is not None
        message, which = ratio_problem(numerator, denominator, spec)
        if message:
            where = Location(path, line, field_columns(raw)[1 + which])
            return None, [_problem(where, message, hint="check the row against its source")]
        derived = derive(numerator, denominator, spec)
        return Point(day, derived, note, line, numerator, denominator), []
    value = numbers[0]
    assert value is not None
    if message := value_problem(value, spec):
        where = Location(path, line, field_columns(raw)[1])
        return None, [_problem(where, message, hint=f"check the row; kind is {spec.kind}")]
    return Point(day, value, note, line), []


def _uncombinable(points: list[Point], path: Path, spec: Spec) -> list[Problem]:
    """A proportion written as a value cannot be combined with another row of its period:
    averaging percentages is wrong, and their numerators are unknown."""
    first: dict[dt.date, int] = {}
    found = []
    for p in points:
        start = period_start(p.date, spec.period)
        if start in first:
            found.append(
                _problem(
                    Location(path, p.line, 1),
                    f"a second row for {period_label(start, spec.period)} (the first is on "
                    f"line {first[start]}), and a {spec.kind} given as a value cannot be "
                    "combined with another",
                    hint="write date,numerator,denominator rows, or one row per period",
                )
            )
        first.setdefault(start, p.line)
    return found


def _problem(location: Location, message: str, hint: str = "") -> Problem:
    return Problem(location, message, hint, kind=ProblemKind.DATA)


def _row_text(point: Point, with_note: bool, ratio: bool, spec: Spec, periods: bool) -> str:
    buffer = io.StringIO()
    fields = [format_date(point.date, spec, periods)]
    if ratio:
        assert point.numerator is not None and point.denominator is not None
        fields += [format_value(point.numerator), format_value(point.denominator)]
    else:
        fields.append(format_value(point.value))
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


def _key(p: Point) -> tuple[dt.date, float, str, float | None, float | None]:
    return (p.date, p.value, p.note, p.numerator, p.denominator)


def add_rows(
    before: str | None, new: list[Point], shown: Path, measure: Measure | None = None
) -> Added:
    """The CSV text with `new` points added, existing rows kept byte for byte, sorted by date.

    A point equal to one already there (date, numbers and note) is skipped, so importing
    the same file twice does not double the data. `before` is None for a file not yet
    written; text that does not parse raises, so it is never rewritten.
    """
    spec = Spec.of(measure)
    existing = parse_csv(before, shown, measure) if before is not None else []
    have = {_key(p) for p in existing}
    added: list[Point] = []
    skipped: list[Point] = []
    for point in new:
        key = _key(point)
        (skipped if key in have else added).append(point)
        have.add(key)
    if before is None:
        with_ratio = spec.ratio and any(p.numerator is not None for p in new)
        before_lines = [",".join(RATIO_HEADER if with_ratio else VALUE_HEADER) + ",note\n"]
    else:
        before_lines = split_rows(before)
    lines = before_lines
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    header, rows = lines[0], lines[1:]
    ratio = "numerator" in header.lower()
    _check_layout(added, ratio, shown, spec)
    with_note = "note" in header.lower() or any(p.note for p in added)
    if with_note and "note" not in header.lower():
        header = header.rstrip("\r\n") + ",note\n"
    dated = _dated_rows(rows, existing)
    written = [r for r in rows if r.strip()]
    periods = by_period(spec, [p.date for p in added], written)
    dated += [(p.date, _row_text(p, with_note, ratio, spec, periods)) for p in added]
    # A stable sort keeps same-date rows in the order they were written, and leaves an
    # already sorted file's rows where they were: a new latest point is one appended line.
    dated.sort(key=lambda item: item[0])
    after = header + "".join(text for _, text in dated)
    # Never write what the reader would refuse (a note that ends a row, an odd number).
    parse_csv(after, shown, measure)
    return Added(after, added, skipped)


def _check_layout(points: list[Point], ratio: bool, shown: Path, spec: Spec) -> None:
    """A row must fit the file's columns: a value into date,value; a numerator and a
    denominator into date,numerator,denominator."""
    for p in points:
        if ratio == (p.numerator is not None):
            continue
        if ratio:
            message = f"{shown} has numerator and denominator columns; this point has a value"
            hint = "give the numerator and the denominator (--numerator N --denominator D)"
        else:
            message = f"{shown} has a value column; this point has a numerator and denominator"
            hint = (
                "record the value itself, or change the file to date,numerator,denominator"
                if spec.ratio
                else f"set kind: proportion (or rate) for {spec.name or 'the measure'}"
            )
        raise InvalidDataError([_problem(Location(shown, 1, 1), message, hint)])


def _dated_rows(rows: list[str], points: list[Point]) -> list[tuple[dt.date, str]]:
    """Pair each existing data row with its date (blank lines are dropped)."""
    by_line = {p.line: p.date for p in points}
    dated = []
    for offset, text in enumerate(rows, start=2):
        if text.strip():
            dated.append((by_line.get(offset, dt.date.min), text))
    return dated
