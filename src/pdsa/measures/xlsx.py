"""An Excel workbook (.xlsx) as a table to import, read with openpyxl in read-only mode.

Cells keep their types: a date cell is a date, a number a number, and a number formatted
as a percentage is read as it is shown (0.85 shown as 85% is 85). Formulas give the value
Excel last calculated and saved. The sheet is the one named, the only one, or the only one
whose first rows hold a date column; several candidates are refused, naming them.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from pdsa.measures.table import Percent, Table, file_problem

_SCAN_ROWS = 30


def read_workbook(
    data: bytes,
    shown: Path,
    sheet: str | None,
    progress: Callable[[int, int], None] | None = None,
) -> Table:
    """The rows of one sheet of the workbook in `data`; `progress(rows read, rows in all)`
    is told every thousand rows (reading a big workbook takes seconds)."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise file_problem(
            shown,
            f"is not an Excel workbook, or it is damaged ({type(exc).__name__})",
            "open it in Excel and save it again as .xlsx, or save the sheet as CSV UTF-8",
        ) from None
    try:
        name = _choose_sheet(book, shown, sheet)
        rows: list[Sequence[object]] = []
        worksheet = book[name]
        total = worksheet.max_row or 0
        for cells in worksheet.iter_rows():
            rows.append(tuple(_value(c) for c in cells))
            if progress is not None and len(rows) % 1000 == 0:
                progress(len(rows), max(total, len(rows)))
    finally:
        book.close()
    return Table(shown, rows, list(range(1, len(rows) + 1)), name)


def _value(cell: Any) -> object:
    value = cell.value
    kind = type(value)
    if kind is float or kind is int:
        # Only numbers can be percentages; their format is looked up only for them.
        if "%" in (cell.number_format or ""):
            return Percent(value * 100)
        return value
    if kind is dt.datetime:
        return value.date()
    return value


def _choose_sheet(book: Any, shown: Path, sheet: str | None) -> str:
    names: list[str] = list(book.sheetnames)
    if sheet is not None:
        match = next((n for n in names if n == sheet), None) or next(
            (n for n in names if n.casefold() == sheet.strip().casefold()), None
        )
        if match is None:
            raise file_problem(
                shown,
                f"has no sheet '{sheet}'",
                "its sheets: " + ", ".join(f"'{n}'" for n in names),
            )
        return match
    if len(names) == 1:
        return names[0]
    from pdsa.measures.columns import looks_like_header

    with_dates = [n for n in names if any(looks_like_header(r) for r in _first_rows(book[n]))]
    if len(with_dates) == 1:
        return with_dates[0]
    candidates = with_dates or names
    raise file_problem(
        shown,
        f"has {len(candidates)} sheets that could hold the data: "
        + ", ".join(f"'{n}'" for n in candidates),
        f"pass --sheet '{candidates[0]}' (or another)",
    )


def _first_rows(worksheet: Any) -> Iterator[tuple[object, ...]]:
    for number, row in enumerate(worksheet.iter_rows(values_only=True), start=1):
        if number > _SCAN_ROWS:
            return
        yield row
