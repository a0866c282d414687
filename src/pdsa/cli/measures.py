"""Measure commands: record data points, draw run charts."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, Literal

import typer

from pdsa.cli._app import DryRun, Json, app, day_option, finish, workspace
from pdsa.vocab import SignalRules


@app.command()
def record(
    ctx: typer.Context,
    measure: Annotated[str, typer.Argument(metavar="MEASURE", help="Measure id in pdsa.yaml.")],
    value: Annotated[
        float | None, typer.Argument(metavar="[VALUE]", help="The number to record.")
    ] = None,
    date: Annotated[
        dt.date | None,
        day_option("Date of the point. Default: today.", "--date"),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", metavar="TEXT")] = None,
    from_file: Annotated[
        Path | None,
        typer.Option(
            "--from",
            metavar="FILE.csv",
            help="Import date,value[,note] rows; none are imported if any is bad.",
        ),
    ] = None,
    dry_run: DryRun = False,
) -> None:
    """Append a data point to a measure (or import many from a CSV file)."""
    from pdsa import measures
    from pdsa.errors import UsageError
    from pdsa.model import Point
    from pdsa.render.console import say

    if (value is None) == (from_file is None):
        raise UsageError(
            "give a VALUE or --from FILE.csv (one of the two)",
            hint="pdsa record handoff-minutes 9.5 --date 2026-11-16",
        )
    if from_file is not None and (date or note):
        raise UsageError("--date and --note apply to one VALUE, not to --from")
    ws = workspace(ctx)
    if from_file is not None:
        points = measures.read_import(from_file)
    else:
        assert value is not None
        when = date or dt.date.today()
        points = [Point(when, value, (note or "").strip())]
    done = measures.record(ws, measure, points, dry_run=dry_run)
    shown = ws.rel(done.path)
    if dry_run:
        from pdsa.store import unified_diff

        sys.stdout.write(unified_diff(shown, done.before, done.after))
        say(f"dry run: {shown} not written")
        return
    skipped = f" ({len(done.skipped)} already there, skipped)" if done.skipped else ""
    say(f"{shown}: {len(done.added)} point{'s' if len(done.added) != 1 else ''} added{skipped}")


@app.command()
def chart(
    ctx: typer.Context,
    measure: Annotated[str, typer.Argument(metavar="MEASURE", help="Measure id in pdsa.yaml.")],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="PATH",
            help="Write an .svg or .png file (default: draw in the terminal).",
        ),
    ] = None,
    signal_rules: Annotated[
        SignalRules | None,
        typer.Option("--rules", help="Signal rules (default: the measure's setting, else both)."),
    ] = None,
    json: Json = False,
    date: Annotated[
        dt.date | None, day_option("Today, for cycles still running. Default: today.", "--date")
    ] = None,
) -> None:
    """A run chart of a measure with its median, signals and the cycles marked where they ran."""
    from pdsa.errors import UsageError
    from pdsa.measures import known_measure, measure_points
    from pdsa.render.console import out as stdout
    from pdsa.render.console import print_json, say
    from pdsa.runchart import series
    from pdsa.shapes.chart import chart_json
    from pdsa.store import STDOUT

    if out is not None and out != STDOUT and out.suffix.lower() not in (".svg", ".png"):
        raise UsageError(
            f"cannot write '{out.suffix or out.name}' charts",
            hint="use a path ending in .svg or .png (or - for SVG on stdout)",
        )
    ws = workspace(ctx)
    found = known_measure(ws, measure)
    data = series.build(found, measure_points(ws, found.id))
    data = series.apply_minimum(data, ws.project().settings.min_points)
    cycles = ws.cycles()
    marks = series.place_cycles(data, cycles.cycles, date or dt.date.today())
    if json:
        print_json(chart_json(data, marks, signal_rules, cycles.problems))
    if out is not None:
        from pdsa.render.chart import render
        from pdsa.store import write_output

        fmt: Literal["svg", "png"] = "png" if out.suffix.lower() == ".png" else "svg"
        project = ws.project()
        image = render(
            data,
            marks,
            fmt=fmt,
            signal_rules=signal_rules,
            change_ideas={c.id: c.title for c in project.change_ideas},
        )
        if write_output(out, image):
            say(f"wrote {out}")
    elif not json:
        from pdsa.render.termchart import term_chart

        console = stdout()
        console.print(
            term_chart(data, width=max(20, min(console.width - 12, 104)), signal_rules=signal_rules)
        )
        console.print(series.verdict(data, signal_rules))
    finish(cycles.problems, cycles.summary())
