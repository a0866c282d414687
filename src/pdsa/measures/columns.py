"""Which row of an import is the header, and which columns hold the date, the numbers and
the note: named by flags, or found by their names. A choice that cannot be made for sure
is refused, naming the columns there are and the flag to pass.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pdsa.errors import UsageError
from pdsa.measures.cells import Spec
from pdsa.measures.table import Table, file_problem

_SCAN_ROWS = 30
# English first; a few words of the locales whose exports teams send most often.
DATE_NAMES = {"date", "day", "week", "month", "quarter", "period", "when", "datum", "fecha"}
DATE_STARTS = ("date", "week", "month", "period", "quarter")
NOTE_NAMES = {
    "note",
    "notes",
    "comment",
    "comments",
    "remark",
    "remarks",
    "notiz",
    "bemerkung",
    "kommentar",
    "opmerking",
    "commentaire",
    "nota",
}
NUMERATOR_NAMES = {"numerator", "num"}
DENOMINATOR_NAMES = {"denominator", "den", "denom"}


@dataclass(frozen=True)
class Wanted:
    """Column names given by flags (None: find it by its name)."""

    date: str | None = None
    value: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Columns:
    """The header's row index in the table and the 0-based column of each field used."""

    header: int
    names: tuple[str, ...]
    labels: tuple[str, ...]  # the header cells as written
    date: int
    value: int | None
    numerator: int | None
    denominator: int | None
    note: int | None

    def describe(self) -> str:
        """`date 'Week', numerator 'SBAR', denominator 'Audited'`: what was read."""
        parts = []
        for label, index in (
            ("date", self.date),
            ("value", self.value),
            ("numerator", self.numerator),
            ("denominator", self.denominator),
            ("note", self.note),
        ):
            if index is not None:
                parts.append(f"{label} '{self.labels[index]}'")
        return ", ".join(parts)


def norm(cell: object) -> str:
    """A header cell as compared: lower case, single spaces, no surrounding punctuation."""
    text = str(cell).strip().casefold() if cell is not None else ""
    return re.sub(r"\s+", " ", text).strip(" :*")


def is_date_name(name: str) -> bool:
    """A header that names dates: `Date`, `Week starting`, `Month`, `Audit date`."""
    return name in DATE_NAMES or name.startswith(DATE_STARTS) or name.endswith(" date")


def looks_like_header(row: Sequence[object]) -> bool:
    """A row with a date column's name and at least one other named column."""
    names = [norm(c) for c in row]
    return any(is_date_name(n) for n in names) and sum(1 for n in names if n) >= 2


def find_columns(table: Table, spec: Spec, wanted: Wanted) -> Columns:
    """The header row (the first of the first rows that fits) and the columns to read."""
    if not spec.ratio and (wanted.numerator or wanted.denominator):
        raise UsageError(
            f"--numerator-column and --denominator-column are for a proportion or a rate; "
            f"{spec.name or 'the measure'} is a {spec.kind} measure",
            hint="set kind: proportion (or rate) in pdsa.yaml, or give --value-column",
        )
    for index, row in enumerate(table.rows[:_SCAN_ROWS]):
        names = tuple(norm(c) for c in row)
        if wanted.date is not None:
            if norm(wanted.date) in names:
                return _choose(table, index, names, spec, wanted)
        elif looks_like_header(row):
            return _choose(table, index, names, spec, wanted)
    asked = f"a column named '{wanted.date}'" if wanted.date else "a header naming a date column"
    raise file_problem(
        table.shown,
        f"has no header row: none of its first {_SCAN_ROWS} rows has {asked}",
        "add a header row (date, value), or pass --date-column NAME",
    )


def _choose(
    table: Table, header: int, names: tuple[str, ...], spec: Spec, wanted: Wanted
) -> Columns:
    shown = [str(c).strip() for c in table.rows[header] if c is not None and str(c).strip()]

    def pick(flag: str, asked: str | None, found: int | None) -> int | None:
        if asked is None:
            return found
        if norm(asked) not in names:
            raise UsageError(
                f"{table.shown} has no column '{asked}'",
                hint="its columns: " + ", ".join(f"'{s}'" for s in shown),
                option=flag,
            )
        return names.index(norm(asked))

    def named(choices: set[str]) -> int | None:
        return next((i for i, n in enumerate(names) if n in choices), None)

    found_date = next((i for i, n in enumerate(names) if is_date_name(n)), None)
    date = pick("date_column", wanted.date, found_date)
    assert date is not None  # the header row was chosen for having one
    note = pick("note_column", wanted.note, named(NOTE_NAMES))
    numerator = denominator = None
    if spec.ratio and wanted.value is None:
        numerator = pick("numerator_column", wanted.numerator, named(NUMERATOR_NAMES))
        denominator = pick("denominator_column", wanted.denominator, named(DENOMINATOR_NAMES))
        if (numerator is None) != (denominator is None):
            missing = "denominator" if denominator is None else "numerator"
            raise UsageError(
                f"found a {'numerator' if missing == 'denominator' else 'denominator'} "
                f"column but no {missing} column in {table.shown}",
                hint=f"pass --{missing}-column NAME; its columns: "
                + ", ".join(f"'{s}'" for s in shown),
            )
    value = None
    if numerator is None:
        taken = {date, note}
        value = pick("value_column", wanted.value, _value_column(names, spec, taken))
        if value is None:
            row = table.rows[header]
            others = [str(row[i]).strip() for i, n in enumerate(names) if n and i not in taken]
            what = "a value column" if not spec.ratio else "a value, or numerator and denominator"
            raise UsageError(
                f"cannot tell which column of {table.shown} holds {what}: "
                + (", ".join(f"'{o}'" for o in others) or "there is none besides the date"),
                hint="pass --value-column NAME"
                + (", or --numerator-column and --denominator-column" if spec.ratio else ""),
            )
    labels = tuple("" if c is None else str(c).strip() for c in table.rows[header])
    return Columns(header, names, labels, date, value, numerator, denominator, note)


def _value_column(names: tuple[str, ...], spec: Spec, taken: set[int | None]) -> int | None:
    """`value`, or the measure's id, or the only other named column. (A proportion's or a
    rate's column named after it could be its numerator: only `value` is taken for it.)"""
    names_for = ("value",) if spec.ratio else ("value", spec.name, spec.name.replace("-", " "))
    for choice in names_for:
        if choice and choice in names:
            return names.index(choice)
    rest = [i for i, n in enumerate(names) if n and i not in taken]
    return rest[0] if len(rest) == 1 and not spec.ratio else None
