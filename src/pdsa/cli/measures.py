"""Measure commands: record data points (`pdsa chart` draws them: `cli/chart.py`)."""

from __future__ import annotations

import datetime as dt
import math
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

if TYPE_CHECKING:
    pass

from pdsa.cli._app import DryRun, MeasureRef, app, examples, workspace

Column = Annotated[str | None, typer.Option(metavar="NAME")]


# Unknown options are let through so that `pdsa record fall-change -28` needs no `--`, and
# extra arguments are kept in `ctx.args` (not a hidden parameter, which would show in the
# usage line); `_refuse_unknown` then names any option that is not a number, or a second VALUE.
@app.command(
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    epilog=examples(
        "pdsa record handoff-minutes 9.5 --date 2026-11-16",
        "pdsa record sbar-use --numerator 17 -d 20",
        "pdsa record falls --from falls.xlsx --sheet 2026",
    ),
)
def record(
    ctx: typer.Context,
    measure: MeasureRef,
    value: Annotated[
        str | None, typer.Argument(metavar="VALUE", help="The number to record (-28 works).")
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="DATE",
            help="Date of the point: YYYY-MM-DD, or where the measure's period allows "
            "2026-11 (month), 2026-W45 (week), 2026-Q4 (quarter). Default: today.",
        ),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", metavar="TEXT")] = None,
    numerator: Annotated[
        float | None,
        typer.Option("--numerator", metavar="N", help="For a proportion or rate, with -d."),
    ] = None,
    denominator: Annotated[
        float | None, typer.Option("--denominator", "-d", metavar="D", help="See --numerator.")
    ] = None,
    from_file: Annotated[
        Path | None,
        typer.Option(
            "--from",
            metavar="FILE",
            help="Import rows from a .csv, .tsv or .xlsx file; none are imported if any is bad.",
        ),
    ] = None,
    sheet: Annotated[
        str | None, typer.Option(metavar="NAME", help="The workbook's sheet (--from .xlsx).")
    ] = None,
    date_column: Column = None,
    value_column: Column = None,
    numerator_column: Column = None,
    denominator_column: Column = None,
    note_column: Column = None,
    delimiter: Annotated[
        str | None,
        typer.Option(metavar="CHAR", help="The column separator (default: sniffed; 'tab')."),
    ] = None,
    decimal: Annotated[
        Literal[".", ","] | None,
        typer.Option(help="The decimal mark of the file's numbers, when it has commas."),
    ] = None,
    dayfirst: Annotated[
        bool | None,
        typer.Option(
            "--dayfirst/--monthfirst",
            help="03/04/2024 is 3 April (--dayfirst) or 4 March (--monthfirst).",
        ),
    ] = None,
    date_format: Annotated[
        str | None,
        typer.Option(metavar="FORMAT", help="How the file writes dates, e.g. '%d.%m.%Y'."),
    ] = None,
    dry_run: DryRun = False,
) -> None:
    """Append a data point to a measure (or import many from a .csv, .tsv or .xlsx file)."""
    from pdsa import measures
    from pdsa.errors import UsageError
    from pdsa.render.console import say

    rest = list(ctx.args)
    _refuse_unknown([value or "", *rest], extra=bool(rest))
    counted = (value is not None) + (numerator is not None or denominator is not None)
    if counted + (from_file is not None) != 1:
        raise UsageError(
            "give a VALUE, --numerator and --denominator, or --from FILE (one of the three)",
            hint="pdsa record handoff-minutes 9.5 --date 2026-11-16",
        )
    ws = workspace(ctx)
    found = measures.known_measure(ws, measure)
    import_flags = {
        "sheet": sheet,
        "date-column": date_column,
        "value-column": value_column,
        "numerator-column": numerator_column,
        "denominator-column": denominator_column,
        "note-column": note_column,
        "delimiter": delimiter,
        "decimal": decimal,
        "dayfirst": dayfirst,
        "date-format": date_format,
    }
    if from_file is None:
        if given := [f"--{k}" for k, v in import_flags.items() if v is not None]:
            raise UsageError(f"{', '.join(given)} apply to --from FILE")
        points = [_one_point(found, value, numerator, denominator, date, note)]
        left_out = 0
    else:
        if date or note:
            raise UsageError("--date and --note apply to one VALUE, not to --from")
        from pdsa.render.progress import ProgressBar

        with ProgressBar(f"reading {from_file.name}") as progress:
            imported = measures.read_import(
                from_file, from_file, found, _import_options(import_flags, delimiter), progress
            )
        points, left_out = imported.points, imported.left_out
        say(f"{from_file}: {imported.describe()}")
    done = measures.record(ws, found.id, points, dry_run=dry_run)
    shown = ws.rel(done.path)
    extra = [f"{len(done.skipped)} already there, skipped"] if done.skipped else []
    if left_out:
        extra.append(f"{left_out} row{'s' if left_out != 1 else ''} without data left out")
    detail = f" ({'; '.join(extra)})" if extra else ""
    count = f"{len(done.added)} point{'s' if len(done.added) != 1 else ''}"
    if dry_run:
        from pdsa.store import unified_diff

        sys.stdout.write(unified_diff(shown, done.before, done.after))
        say(f"dry run: {shown} not written; {count} would be added{detail}")
        return
    say(f"{shown}: {count} added{detail}")


_NEGATIVE = re.compile(r"-(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
# A line break would split the row; other controls have no business in a one-line note.
_CONTROL_IN_NOTE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def _refuse_unknown(args: list[str], *, extra: bool) -> None:
    """An option click let through that is not a negative number, or a second VALUE."""
    from pdsa.errors import UsageError

    for arg in args:
        if arg.startswith("-") and not _NEGATIVE.fullmatch(arg):
            raise UsageError(f"no such option: {arg.split('=')[0]}", hint="see pdsa record -h")
    if extra:
        raise UsageError(f"one VALUE at a time, not {' '.join(args)}", hint="see pdsa record -h")


def _import_options(flags: dict[str, Any], delimiter: str | None) -> Any:
    from pdsa.measures import ImportOptions
    from pdsa.measures.columns import Wanted

    if delimiter is not None:
        delimiter = "\t" if delimiter.lower() in ("tab", "\\t") else delimiter
        if len(delimiter) != 1:
            from pdsa.errors import UsageError

            raise UsageError(
                f"'{delimiter}' is not one character",
                hint="e.g. --delimiter ';'",
                option="delimiter",
            )
    return ImportOptions(
        sheet=flags["sheet"],
        delimiter=delimiter,
        columns=Wanted(
            flags["date-column"],
            flags["value-column"],
            flags["numerator-column"],
            flags["denominator-column"],
            flags["note-column"],
        ),
        decimal=flags["decimal"],
        dayfirst=flags["dayfirst"],
        date_format=flags["date-format"],
    )


def _one_point(
    found: Any,
    value: str | None,
    numerator: float | None,
    denominator: float | None,
    date: str | None,
    note: str | None,
) -> Any:
    """The point of `pdsa record MEASURE VALUE`, read as a row of its file is read."""
    from pdsa.days import DayError, parse_period
    from pdsa.errors import UsageError
    from pdsa.measures import Spec
    from pdsa.measures.cells import derive, ratio_problem, read_number, value_problem
    from pdsa.model import Point

    spec = Spec.of(found)
    try:
        when = parse_period(date, found.period) if date else dt.date.today()
    except DayError as exc:
        raise UsageError(str(exc), hint=spec.example(), option="date") from None
    text = (note or "").strip()
    if bad := _CONTROL_IN_NOTE.search(text):
        raise UsageError(
            f"the note holds a control character ({bad.group(0)!r})",
            hint="a note is one line of plain text",
            option="note",
        )
    if value is None:
        if not spec.ratio:
            raise UsageError(
                f"--numerator and --denominator are for a proportion or a rate; "
                f"{found.id} is a {found.kind} measure",
                hint=f"record a VALUE, or set kind: proportion for {found.id} in pdsa.yaml",
            )
        if numerator is None or denominator is None:
            missing = "denominator" if denominator is None else "numerator"
            raise UsageError(f"give --{missing} too", option=missing)
        for name, given in (("numerator", numerator), ("denominator", denominator)):
            if not math.isfinite(given):
                raise UsageError(f"{given} is not a number", option=name)
        message, _ = ratio_problem(numerator, denominator, spec)
        if message:
            raise UsageError(message, hint="check the numbers against their source")
        return Point(when, derive(numerator, denominator, spec), text, 0, numerator, denominator)
    number = read_number(value)
    if number is None:
        raise UsageError(f"'{value}' is not a number", hint="write plain numbers such as 7.5")
    if message := value_problem(number, spec):
        raise UsageError(message, hint=f"{found.id} is a {found.kind} measure")
    return Point(when, number, text)


# `pdsa chart` lives in its own module; imported here, it is registered (and listed in the
# help) right after `record`.
from pdsa.cli import chart as _chart  # noqa: E402, F401
