"""`pdsa add`: set up `pdsa.yaml` without an editor (an aim, a measure, a driver, an idea)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

import typer

from pdsa.cli._app import (
    DryRun,
    PdsaGroup,
    app,
    complete_driver,
    day_option,
    dry_run_report,
    examples,
    workspace,
)
from pdsa.vocab import Better, ChartType, MeasureKind, MeasurePeriod

add_app = typer.Typer(
    cls=PdsaGroup,  # records which command runs, so an error names its parameters as typed
    help="Add to pdsa.yaml: an aim, a measure, a driver or a change idea.",
    epilog=examples(
        'pdsa add idea sbar-card -t "SBAR card at the bedside" --driver shared-format',
        "pdsa add measure --help",
    ),
    no_args_is_help=True,
)
app.add_typer(add_app, name="add")

Id = Annotated[str, typer.Argument(metavar="ID", help="Short id: lowercase, digits, hyphens.")]
Title = Annotated[str, typer.Option("--title", "-t", metavar="TEXT", help="Its name.")]


def _done(ctx: typer.Context, change: Any, what: str, dry_run: bool) -> None:
    from pdsa.render.console import say

    ws = workspace(ctx)
    shown = ws.rel(change.path)
    if dry_run:
        dry_run_report(change.diff(shown), shown)
    else:
        say(f"{shown}: added {what} '{change.value}'")


@add_app.command(
    "aim",
    epilog=examples(
        'pdsa add aim "Median handoff under 8 minutes by March 2027" --by 2027-03-31',
    ),
)
def aim(
    ctx: typer.Context,
    statement: Annotated[str, typer.Argument(help="How much, by when, for whom.")],
    by: Annotated[dt.date | None, day_option("The date the aim is for.", "--by")] = None,
    population: Annotated[
        str | None, typer.Option(metavar="TEXT", help="For whom (patients, pupils, ...).")
    ] = None,
    aim_id: Annotated[str | None, typer.Option("--id", metavar="ID", help="Its id.")] = None,
    dry_run: DryRun = False,
) -> None:
    """Add the aim (the first one replaces the placeholder `pdsa init` wrote)."""
    from pdsa.projectfile import add_aim

    change = add_aim(
        workspace(ctx), statement, by=by, population=population, aim_id=aim_id, dry_run=dry_run
    )
    _done(ctx, change, "aim", dry_run)


@add_app.command(
    "measure",
    epilog=examples(
        'pdsa add measure handoff-minutes -t "Handoff time" --type outcome --better lower '
        "--unit minutes --goal 8",
    ),
)
def measure(
    ctx: typer.Context,
    measure_id: Id,
    title: Title,
    measure_type: Annotated[
        Literal["outcome", "process", "balancing"],
        typer.Option("--type", help="outcome (the aim), process (is the change used?), balancing."),
    ],
    better: Annotated[
        Better,
        typer.Option(help="Which way is an improvement (neutral: neither way is better)."),
    ],
    unit: Annotated[str | None, typer.Option(metavar="TEXT", help="e.g. minutes, %.")] = None,
    goal: Annotated[float | None, typer.Option(metavar="X", help="The target value.")] = None,
    definition: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Exactly what is counted, how, by whom.")
    ] = None,
    kind: Annotated[
        MeasureKind | None,
        typer.Option(help="What is measured; decides how rows of one period combine."),
    ] = None,
    period: Annotated[
        MeasurePeriod | None,
        typer.Option(help="What one point stands for; a period without data is a gap."),
    ] = None,
    multiply: Annotated[
        float | None,
        typer.Option(
            metavar="X", help="For a proportion or rate: 100 for percent, 1000 for per 1,000."
        ),
    ] = None,
    chart: Annotated[
        ChartType | None,
        typer.Option(help="run (the default) or a control chart."),
    ] = None,
    rules: Annotated[
        Literal["anhoej", "ihi", "both", "mdc"] | None,
        typer.Option(help="Signal rules (mdc: NHS Making Data Count, with --chart i)."),
    ] = None,
    dry_run: DryRun = False,
) -> None:
    """Add a measure; its data then goes in measures/ID.csv (pdsa record). Every flag is
    checked as the same field of pdsa.yaml is."""
    import math

    from pdsa.errors import UsageError
    from pdsa.projectfile import add_measure

    for flag, number in (("goal", goal), ("multiply", multiply)):
        if number is not None and not math.isfinite(number):
            raise UsageError("needs a finite number", option=flag)
    fields: dict[str, Any] = {
        "id": measure_id,
        "title": " ".join(title.split()),
        "unit": unit,
        "type": measure_type,
        "better": better,
        "goal": _plain(goal),
        "definition": " ".join(definition.split()) if definition else None,
        "kind": kind,
        "period": period,
        "multiply": _plain(multiply),
        "chart": chart,
        "rules": rules,
    }
    _done(ctx, add_measure(workspace(ctx), fields, dry_run=dry_run), "measure", dry_run)


def _plain(number: float | None) -> float | int | None:
    """8.0 from the command line is written as 8."""
    return int(number) if number is not None and number.is_integer() else number


@add_app.command(
    "driver",
    epilog=examples(
        'pdsa add driver reliable-handoff -t "Reliable handoffs"',
        'pdsa add driver shared-format -t "One shared format" --under reliable-handoff',
    ),
)
def driver(
    ctx: typer.Context,
    driver_id: Id,
    title: Title,
    under: Annotated[
        str | None,
        typer.Option(
            metavar="ID",
            help="A primary driver: this one is a secondary under it.",
            autocompletion=complete_driver,
        ),
    ] = None,
    dry_run: DryRun = False,
) -> None:
    """Add a primary driver of the aim, or a secondary driver under one."""
    from pdsa.projectfile import add_driver

    change = add_driver(workspace(ctx), driver_id, title, under=under, dry_run=dry_run)
    _done(ctx, change, "driver", dry_run)


@add_app.command(
    "idea",
    epilog=examples(
        'pdsa add idea sbar-card -t "SBAR card at the bedside" --driver shared-format',
    ),
)
def idea(
    ctx: typer.Context,
    idea_id: Id,
    title: Title,
    driver_id: Annotated[
        str | None,
        typer.Option(
            "--driver",
            metavar="ID",
            help="The driver it works through.",
            autocompletion=complete_driver,
        ),
    ] = None,
    description: Annotated[str | None, typer.Option(metavar="TEXT")] = None,
    dry_run: DryRun = False,
) -> None:
    """Add a change idea: something the team will try, under a driver."""
    from pdsa.projectfile import add_change_idea

    change = add_change_idea(
        workspace(ctx),
        idea_id,
        title,
        driver=driver_id,
        description=description,
        dry_run=dry_run,
    )
    _done(ctx, change, "change idea", dry_run)
