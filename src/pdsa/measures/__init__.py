"""Measure data: one CSV per measure in `measures/`, read strictly, added to atomically.

`csvfile` parses and builds the text; this module finds a measure's file through the store
and adds points under the folder's write lock, so parallel `pdsa record`s lose nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pdsa.errors import unknown
from pdsa.measures.cells import Spec, format_value
from pdsa.measures.csvfile import add_rows, check_csv, parse_csv
from pdsa.measures.importing import Imported, ImportOptions, read_import
from pdsa.model import Measure, Point
from pdsa.store import DATA_LIMIT, Workspace, read_text, write_lock, write_text
from pdsa.store.locks import clean_stale_temps

__all__ = [
    "ImportOptions",
    "Imported",
    "Recorded",
    "Spec",
    "add_points",
    "check_csv",
    "format_value",
    "known_measure",
    "measure_points",
    "parse_csv",
    "read_import",
    "record",
]


@dataclass(frozen=True)
class Recorded:
    """What `record` did: the text before and after, and the points added or skipped."""

    path: Path
    before: str
    after: str
    added: list[Point]
    skipped: list[Point]


def known_measure(ws: Workspace, measure_id: str) -> Measure:
    """The measure with this id in pdsa.yaml, or a usage error with a suggestion."""
    project = ws.project()
    measure = project.measure(measure_id)
    if measure is None:
        raise unknown("measure", measure_id, [m.id for m in project.measures])
    return measure


def measure_points(ws: Workspace, measure_id: str) -> list[Point]:
    """A measure's points, sorted by date (none when it has no data file yet)."""
    source = ws.read_measure(measure_id)
    if source is None:
        return []
    measure = ws.project().measure(measure_id)
    points = parse_csv(source.text, ws.rel(ws.measure_path(measure_id)), measure)
    return sorted(points, key=lambda p: p.date)


def record(
    ws: Workspace, measure_id: str, points: list[Point], *, dry_run: bool = False
) -> Recorded:
    """Add points to a measure named in pdsa.yaml, under the folder's write lock."""
    measure = known_measure(ws, measure_id)
    path = ws.measure_path(measure.id)
    ws.measures_dir.mkdir(parents=True, exist_ok=True)
    with write_lock(ws.measures_dir, ws.rel(ws.measures_dir)):
        clean_stale_temps(ws.measures_dir.iterdir())
        return add_points(
            path, ws.rel(path), points, dry_run=dry_run, root=ws.root, measure=measure
        )


def add_points(
    path: Path,
    shown: Path,
    points: list[Point],
    *,
    dry_run: bool = False,
    root: Path | None = None,
    measure: Measure | None = None,
) -> Recorded:
    """Add points to the CSV at `path` (created with its header when missing).

    Existing rows stay byte for byte; a file that does not parse is never rewritten.
    Callers that may race with other writers hold the folder's `write_lock`.
    """
    exists = path.exists() or path.is_symlink()
    source = read_text(path, shown, limit=DATA_LIMIT, root=root) if exists else None
    before = source.text if source else None
    result = add_rows(before, points, shown, measure)
    if result.after != (before or "") and not dry_run:
        if source is not None:
            write_text(path, result.after, like=source, shown=shown)
        else:
            write_text(path, result.after, create=True, shown=shown)
    return Recorded(path, before or "", result.after, result.added, result.skipped)
