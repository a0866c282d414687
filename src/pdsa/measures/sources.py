"""A file to import, as a table of cells that know where they are.

A `.csv` (its delimiter sniffed, a byte-order mark and CRLF or CR line ends accepted, UTF-8
or UTF-16 as Excel writes them) or a `.tsv` becomes rows of text; an `.xlsx` workbook
(`xlsx`) becomes rows of typed cells. Either way every cell can be named in a message:
`export.csv:7:12` or `export.xlsx:Audit!C7`.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from pdsa.measures.table import DELIMITER_NAMES, Table, file_problem
from pdsa.store import DATA_LIMIT, read_bytes

DELIMITERS = (",", ";", "\t", "|")
_SNIFF_LINES = 60


def read_table(
    path: Path,
    shown: Path,
    *,
    sheet: str | None,
    delimiter: str | None,
    progress: Callable[[int, int], None] | None = None,
) -> Table:
    """The file as a table, by its suffix: .csv, .tsv, .txt or .xlsx/.xlsm (a workbook tells
    `progress` as it is read)."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from pdsa.measures.xlsx import read_workbook

        data = read_bytes(path, shown, limit=DATA_LIMIT)[0]
        return read_workbook(data, shown, sheet, progress)
    if suffix in (".xls", ".ods", ".numbers"):
        raise file_problem(
            shown,
            f"cannot read {suffix} files",
            "save it as .xlsx (Excel workbook) or as CSV UTF-8, and import that",
        )
    if sheet is not None:
        raise file_problem(shown, "--sheet is for .xlsx workbooks", "leave out --sheet")
    raw = read_bytes(path, shown, limit=DATA_LIMIT)[0]
    text = decode(raw, shown)
    if delimiter is None and suffix == ".tsv":
        delimiter = "\t"
    return read_text_table(text, shown, delimiter)


def decode(raw: bytes, shown: Path) -> str:
    """UTF-8 (with or without a byte-order mark) or UTF-16 with its mark, as Excel saves
    "CSV UTF-8" and "Unicode text"; anything else is refused, never guessed."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise file_problem(
            shown,
            "is not UTF-8 text",
            "save it from the spreadsheet as 'CSV UTF-8', or import the .xlsx itself",
            line,
        ) from None


def read_text_table(text: str, shown: Path, delimiter: str | None = None) -> Table:
    """Rows of a delimited text; the delimiter is sniffed unless given."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text_lines = text.split("\n")
    chosen = delimiter or sniff(text_lines, shown)
    rows: list[Sequence[object]] = list(csv.reader(io.StringIO(text), delimiter=chosen))
    physical = len(text_lines) - (text_lines[-1] == "")
    if len(rows) == physical:  # no quoted line breaks: row i is line i
        return Table(shown, rows, list(range(1, len(rows) + 1)), None, chosen, text_lines)
    reader = csv.reader(io.StringIO(text), delimiter=chosen)
    rows = []
    lines: list[int] = []
    previous = 0
    for row in reader:
        # A quoted note may run over several lines: the row is named by its first line.
        lines.append(previous + 1)
        previous = reader.line_num
        rows.append(row)
    return Table(shown, rows, lines, None, chosen, text_lines)


def sniff(lines: list[str], shown: Path) -> str:
    """The delimiter that splits the first lines into the same number of fields (two or
    more) most often; a tie is refused with the flag to pass."""
    sample = [line for line in lines[:_SNIFF_LINES] if line.strip()]
    scores: list[tuple[int, int, str]] = []
    for candidate in DELIMITERS:
        counts = Counter(len(row) for row in csv.reader(sample, delimiter=candidate))
        width, agreeing = max(counts.items(), key=lambda item: (item[1], item[0]))
        if width >= 2:
            scores.append((agreeing, width, candidate))
    if not scores:
        if len(sample) <= 1:
            raise file_problem(shown, "has no rows to import", "export the data with a header")
        return ","  # one column only: the header check says what is missing
    scores.sort(reverse=True)
    if len(scores) > 1 and scores[0][:2] == scores[1][:2]:
        one, other = DELIMITER_NAMES[scores[0][2]], DELIMITER_NAMES[scores[1][2]]
        raise file_problem(
            shown,
            f"cannot tell whether {one} or {other} separates the columns",
            f"pass --delimiter {_flag(scores[0][2])} or --delimiter {_flag(scores[1][2])}",
        )
    return scores[0][2]


def _flag(delimiter: str) -> str:
    return "tab" if delimiter == "\t" else f"'{delimiter}'"
