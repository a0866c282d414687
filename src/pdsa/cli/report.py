"""`pdsa report` (the main job) and `pdsa tree`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Literal

import typer

from pdsa.cli._app import (
    Json,
    app,
    complete_idea,
    complete_measure,
    day_option,
    examples,
    finish,
    workspace,
)


@app.command(
    epilog=examples(
        "pdsa report",
        "pdsa report --format html --out report.html",
        'pdsa report --format markdown --out - >> "$GITHUB_STEP_SUMMARY"',
    )
)
def report(
    ctx: typer.Context,
    output: Annotated[
        Literal["terminal", "markdown", "html"],
        typer.Option("--format", "-f", help="terminal, or a markdown/html file (--out)."),
    ] = "terminal",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", metavar="PATH", help="File to write.")
    ] = None,
    measure: Annotated[
        str | None,
        typer.Option(metavar="ID", help="Only this measure.", autocompletion=complete_measure),
    ] = None,
    change_idea: Annotated[
        str | None,
        typer.Option(
            "--change-idea",
            "-c",
            metavar="ID",
            help="Only this idea.",
            autocompletion=complete_idea,
        ),
    ] = None,
    since: Annotated[
        dt.date | None,
        day_option("Only data and cycles from this date on."),
    ] = None,
    json: Json = False,
    date: Annotated[
        dt.date | None,
        day_option("Today, for due dates."),
    ] = None,
    period: Annotated[
        Literal["month", "quarter", "half", "year"],
        typer.Option(help="Calibration over time: hit rate and Brier score per period."),
    ] = "quarter",
) -> None:
    """Is it working? Run charts, predictions against actuals, calibration, ramps."""
    from pdsa.errors import ProblemKind, UsageError, require_charts
    from pdsa.measures import known_measure
    from pdsa.render.console import print_json, say
    from pdsa.report import build_report
    from pdsa.shapes.report import report_json

    if output != "terminal" and out is None:
        raise UsageError(f"--format {output} writes a file: give --out PATH (or - for stdout)")
    # Charts are drawn for HTML, and for Markdown written to a file (beside it); Markdown on
    # stdout (a CI job summary) has none, so a light install can write it.
    if not json and (output == "html" or (output == "markdown" and str(out) != "-")):
        require_charts(f"pdsa report --format {output}")
    ws = workspace(ctx)
    if measure:
        known_measure(ws, measure)
    from pdsa.render.progress import ProgressBar

    with ProgressBar("reading cycles") as progress:
        data = build_report(
            ws,
            today=date or dt.date.today(),
            measure=measure,
            change_idea=change_idea,
            since=since,
            period=period,
            progress=progress,
        )
    for summary in data.measures:
        for note in summary.control.notes if summary.control else ():
            say(f"warning: {note}")
    if json:
        print_json(report_json(data, data.unreadable))
    elif output == "terminal":
        from pdsa.render.console import out as stdout
        from pdsa.render.lines import print_parts
        from pdsa.render.report_terminal import report_view

        console = stdout()
        print_parts(console, report_view(data, console.width))
    else:
        assert out is not None
        if output == "html":
            from pdsa.render.report_html import write_html

            with ProgressBar("drawing charts") as progress:
                written = write_html(data, out, progress)
        else:
            from pdsa.render.report_markdown import write_markdown

            written = write_markdown(data, out)
        if written:
            say(f"wrote {out}")
    charts = [s.chart_problem for s in data.measures if s.chart_problem]
    light = [p for p in charts if p.kind is ProblemKind.EXTRA]
    if light:  # a light install: said once, and not a problem with the team's files
        ids = ", ".join(p.location.path.stem for p in light)
        say(
            f"pdsa: note: control charts need the charts extra (numpy is not installed): "
            f"{ids} judged on run charts ({light[0].hint})"
        )
    finish(
        [*data.unreadable, *(p for p in charts if p.kind is not ProblemKind.EXTRA)],
        data.unread_summary,
    )


@app.command(
    epilog=examples(
        "pdsa tree",
        "pdsa tree --format mermaid",
        "pdsa tree --json",
    )
)
def tree(
    ctx: typer.Context,
    output: Annotated[Literal["text", "mermaid", "json"], typer.Option("--format", "-f")] = "text",
    json: Json = False,
) -> None:
    """Aim -> drivers -> change ideas -> ramps of cycles, with status and decisions."""
    from pdsa.render.console import out, print_json
    from pdsa.report import idea_status
    from pdsa.shapes.cycles import tree_json
    from pdsa.tree import build_tree, ramps_by_change_idea

    ws = workspace(ctx)
    found = ws.cycles()
    status = {
        idea: idea_status(chain) for idea, chain in ramps_by_change_idea(found.cycles).items()
    }
    data = build_tree(ws.project(), found.cycles, status)
    if json or output == "json":
        print_json(tree_json(data, found.problems))
    elif output == "mermaid":
        from pdsa.render.tree import mermaid

        typer.echo(mermaid(data), nl=False)
    else:
        from pdsa.render.tree import text_tree

        out().print(text_tree(data, ws.project().name))
    finish(found.problems, found.summary())
