"""Time importing 100,000 rows of measure data against a bare read of the same file.

Run: ``.venv/bin/python benchmarks/bench_import.py [--rows N] [--repeat R]``. Prints figures;
asserts nothing. Target: the import within 2x of the bare read.

- CSV: ``pdsa.measures.read_import`` (decode, sniff the delimiter, find the header and the
  columns, read every date and number, refuse what is ambiguous, build the points) against
  ``list(csv.reader(...))`` over the same file, opened as UTF-8.
- xlsx: ``read_import`` on a workbook with date cells, numbers and a percent-formatted
  column, against ``openpyxl.load_workbook(read_only=True, data_only=True)`` and
  ``list(sheet.iter_rows(values_only=True))``.
- Whole command: ``pdsa record MEASURE --from FILE`` into a new measure file, in-process (the
  import, sorting and de-duplicating, writing the CSV and reading it back to prove it), shown
  beside the bare reads for scale.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pdsa.measures import read_import, record
from pdsa.model import Measure
from pdsa.store import Workspace

MEASURE = Measure.model_validate(
    {"id": "minutes", "title": "Minutes", "type": "outcome", "better": "lower"}
)
PROJECT = """\
schema_version: 1
name: Bench
measures:
  - id: minutes
    title: Minutes
    type: outcome
    better: lower
"""


def best_of(fn: Callable[[], object], repeat: int) -> float:
    """Best wall time of ``repeat`` calls, in seconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def rows(n: int) -> list[tuple[dt.date, float, str]]:
    """Ten timed handoffs a day, one note in fifty (fixed seed)."""
    rng = random.Random(11)
    start = dt.date(1990, 1, 1)
    return [
        (
            start + dt.timedelta(days=i // 10),
            round(rng.gauss(10, 2), 1),
            "agency staff" if rng.random() < 0.02 else "",
        )
        for i in range(n)
    ]


def write_csv(path: Path, data: list[tuple[dt.date, float, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(["date", "value", "note"])
        out.writerows((d.isoformat(), v, note) for d, v, note in data)


def write_xlsx(path: Path, data: list[tuple[dt.date, float, str]]) -> None:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Data")
    sheet.append(["Report of handoff times"])
    sheet.append([])
    sheet.append(["Date", "Value", "Share", "Note"])
    for day, value, note in data:
        when = WriteOnlyCell(sheet, value=dt.datetime.combine(day, dt.time()))
        when.number_format = "yyyy-mm-dd"
        share = WriteOnlyCell(sheet, value=value / 20)
        share.number_format = "0%"
        sheet.append([when, value, share, note or None])
    book.save(path)


def bare_csv(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        return len(list(csv.reader(handle)))


def bare_xlsx(path: Path) -> int:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return len(list(book["Data"].iter_rows(values_only=True)))
    finally:
        book.close()


def record_into_new_project(source: Path) -> int:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "pdsa.yaml").write_text(PROJECT, encoding="utf-8")
        ws = Workspace(root)
        points = read_import(source, source, MEASURE).points
        return len(record(ws, "minutes", points).added)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    data = rows(args.rows)
    with tempfile.TemporaryDirectory() as folder:
        csv_path, xlsx_path = Path(folder) / "data.csv", Path(folder) / "data.xlsx"
        write_csv(csv_path, data)
        write_xlsx(xlsx_path, data)
        assert len(read_import(csv_path, csv_path, MEASURE).points) == args.rows
        assert len(read_import(xlsx_path, xlsx_path, MEASURE).points) == args.rows
        csv_bare = best_of(lambda: bare_csv(csv_path), args.repeat)
        csv_pdsa = best_of(lambda: read_import(csv_path, csv_path, MEASURE), args.repeat)
        whole = best_of(lambda: record_into_new_project(csv_path), max(1, args.repeat // 2))
        xlsx_repeat = max(1, args.repeat // 2)
        xlsx_bare = best_of(lambda: bare_xlsx(xlsx_path), xlsx_repeat)
        xlsx_pdsa = best_of(lambda: read_import(xlsx_path, xlsx_path, MEASURE), xlsx_repeat)
        size = csv_path.stat().st_size / 1048576, xlsx_path.stat().st_size / 1048576
    print(f"{args.rows:,} rows; CSV {size[0]:.1f} MiB, xlsx {size[1]:.1f} MiB; best of runs")
    print(f"{'':34}{'bare':>10}{'pdsa':>10}{'ratio':>8}")
    print(f"{'CSV: read_import vs csv.reader':34}{csv_bare:10.3f}{csv_pdsa:10.3f}", end="")
    print(f"{csv_pdsa / csv_bare:7.2f}x")
    print(f"{'xlsx: read_import vs openpyxl':34}{xlsx_bare:10.3f}{xlsx_pdsa:10.3f}", end="")
    print(f"{xlsx_pdsa / xlsx_bare:7.2f}x")
    print(f"{'CSV: whole record --from':34}{csv_bare:10.3f}{whole:10.3f}{whole / csv_bare:7.2f}x")


if __name__ == "__main__":
    main()
