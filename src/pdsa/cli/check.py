"""`pdsa check`: the CI gate."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Literal

import typer

from pdsa.cli._app import app, day_option, workspace


@app.command()
def check(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Only report on these files (default: the whole project)."),
    ] = None,
    output: Annotated[
        Literal["text", "json", "github"],
        typer.Option("--format", "-f", help="text for people, json for tools, github for CI."),
    ] = "text",
    strict: Annotated[
        bool, typer.Option("--strict", metavar="", help="Treat warnings as errors.")
    ] = False,
    history: Annotated[
        bool,
        typer.Option(
            "--history", metavar="", help="Prove from git that predictions came before results."
        ),
    ] = False,
    base: Annotated[
        str | None,
        typer.Option(
            "--base", metavar="REV", help="With --history: only cycles changed since REV."
        ),
    ] = None,
    min_fidelity: Annotated[
        int | None,
        typer.Option(
            "--min-fidelity",
            metavar="N",
            min=0,
            max=100,
            help="Fail (PD801) when method fidelity is below N% (see pdsa fidelity).",
        ),
    ] = None,
    list_rules: Annotated[
        bool, typer.Option("--list-rules", metavar="", help="List the rule codes and exit.")
    ] = False,
    date: Annotated[
        dt.date | None, day_option("Today, for plans whose window has passed.", "--date")
    ] = None,
) -> None:
    """Check every cycle, pdsa.yaml and the measure data; exit 1 when there are errors."""
    from pdsa.render import check as render

    if list_rules:
        for code, name, severity, summary in render.rules_table():
            typer.echo(f"{code}  {name:<31} {severity:<8} {summary}")
        return
    from pdsa.check import CheckOptions, run_check
    from pdsa.errors import UsageError

    if base and not history:
        raise UsageError("--base only applies with --history")
    for path in paths or ():
        if not path.exists():
            # Checking nothing and saying "no findings" would pass CI on a typo.
            raise UsageError(f"{path}: no such file", hint="check the path; see pdsa list")
    ws = workspace(ctx)
    today = date or dt.date.today()
    more = []
    if min_fidelity is not None:
        from pdsa.fidelity import fidelity_rule

        # With --history the proof must come from git; without it, git is used when there.
        more.append(fidelity_rule(min_fidelity, today=today, history=True if history else None))
    report = run_check(
        ws,
        CheckOptions(
            strict=strict,
            history=history,
            base=base,
            paths=tuple(paths or ()),
            today=today,
            more=tuple(more),
        ),
    )
    {"text": render.print_text, "json": render.print_json, "github": render.print_github}[output](
        report
    )
    if report.errors:
        raise typer.Exit(1)
