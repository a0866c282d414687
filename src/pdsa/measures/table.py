"""The cells of a file to import, each able to say where it is: `export.csv:7:12` for a
text file, `export.xlsx:Audit!C7` for a workbook."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pdsa.errors import InvalidDataError, Location, Problem, ProblemKind
from pdsa.measures.cells import field_columns

DELIMITER_NAMES = {",": "','", ";": "';'", "\t": "tab", "|": "'|'"}


class Percent(float):
    """A number a spreadsheet shows as a percentage: 0.85 shown as 85% is 85 here."""


@dataclass
class Table:
    """The rows of a file to import, each with the line (or sheet row) it came from."""

    shown: Path
    rows: list[Sequence[object]]
    lines: list[int]
    sheet: str | None = None  # a workbook's sheet; None for text files
    delimiter: str = ","
    text_lines: list[str] = field(default_factory=list)  # a text file's lines, for columns

    def where(self, index: int, column: int) -> Location:
        """The place of a cell: row `index` of `rows`, 0-based `column`."""
        line = self.lines[index]
        if self.sheet is not None:
            return Location(Path(f"{self.shown}:{self.sheet}!{column_letter(column)}{line}"))
        raw = self.text_lines[line - 1] if line <= len(self.text_lines) else ""
        columns = field_columns(raw, self.delimiter)
        return Location(self.shown, line, columns[column] if column < len(columns) else 1)

    def describe(self) -> str:
        """Where the rows came from: the sheet, or the delimiter."""
        if self.sheet is not None:
            return f"sheet '{self.sheet}'"
        return f"{DELIMITER_NAMES.get(self.delimiter, repr(self.delimiter))}-separated"


def column_letter(column: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: a spreadsheet's name for a 0-based column."""
    name = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        name = chr(65 + rest) + name
    return name


def file_problem(shown: Path, message: str, hint: str, line: int = 0) -> InvalidDataError:
    """A problem with the file as a whole (or one of its lines)."""
    return InvalidDataError(
        [Problem(Location(shown, line, 1 if line else 0), message, hint, kind=ProblemKind.DATA)]
    )
