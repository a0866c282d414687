"""The commands that move a cycle through its stages: predict, start, act."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import typer

from pdsa.cli._app import (
    CycleRef,
    DryRun,
    app,
    complete_idea,
    complete_measure,
    day_option,
    dry_run_report,
    examples,
    workspace,
)
from pdsa.vocab import Decision, SummaryKind

DateOption = Annotated[
    dt.date | None,
    day_option("Default: today.", "--date"),
]


@app.command(
    epilog=examples(
        'pdsa predict sbar "Median handoff falls below 8 minutes" --measure handoff-minutes '
        "--below 8 --confidence 0.7",
    )
)
def predict(
    ctx: typer.Context,
    cycle: CycleRef,
    statement: Annotated[str, typer.Argument(help="What you expect to happen.")],
    measure: Annotated[
        str | None,
        typer.Option("--measure", "-m", metavar="ID", autocompletion=complete_measure),
    ] = None,
    below: Annotated[float | None, typer.Option(metavar="X", help="Expect actual < X.")] = None,
    above: Annotated[float | None, typer.Option(metavar="X", help="Expect actual > X.")] = None,
    at_most: Annotated[
        float | None, typer.Option("--at-most", metavar="X", help="Expect actual <= X.")
    ] = None,
    at_least: Annotated[
        float | None, typer.Option("--at-least", metavar="X", help="Expect actual >= X.")
    ] = None,
    between: Annotated[
        tuple[float, float] | None,
        typer.Option(metavar="LO HI", help="Expect LO <= actual <= HI."),
    ] = None,
    equals: Annotated[float | None, typer.Option(metavar="X", help="Expect actual = X.")] = None,
    beyond: Annotated[
        Literal["upper", "lower"] | None,
        typer.Option(help="Expect a point beyond this limit of the measure's control chart."),
    ] = None,
    confidence: Annotated[
        float | None, typer.Option("--confidence", "-p", metavar="P", help="0..1")
    ] = None,
    summary: Annotated[
        SummaryKind | None,
        typer.Option(help="How to summarise the measure over the Do window."),
    ] = None,
    prediction_id: Annotated[
        str | None, typer.Option("--id", metavar="SLUG", help="Default: from the statement.")
    ] = None,
    rationale: Annotated[
        str | None, typer.Option("--rationale", "-r", help="Why you expect this.")
    ] = None,
    question: Annotated[
        int | None,
        typer.Option(
            "--question",
            "-q",
            metavar="N",
            min=1,
            help="Which plan question it answers (1 = first).",
        ),
    ] = None,
    dry_run: DryRun = False,
) -> None:
    """Add a prediction to a cycle that is still in plan."""
    from pdsa.errors import UsageError
    from pdsa.lifecycle import add_prediction
    from pdsa.render.console import say

    given = {
        k: v
        for k, v in (
            ("below", below),
            ("above", above),
            ("at_most", at_most),
            ("at_least", at_least),
            ("between", between),
            ("equals", equals),
            ("beyond", beyond),
        )
        if v is not None
    }
    if len(given) > 1:
        flags = ", ".join("--" + k.replace("_", "-") for k in given)
        raise UsageError(f"give one expectation, not {flags}")
    ws = workspace(ctx)
    result = add_prediction(
        ws,
        ws.load_cycle(cycle),
        statement,
        measure=measure,
        expect=given or None,
        confidence=confidence,
        prediction_id=prediction_id,
        summary=summary,
        rationale=rationale,
        question=question,
        dry_run=dry_run,
    )
    if dry_run:
        dry_run_report(result.diff(ws.rel(result.path)), ws.rel(result.path))
    else:
        say(f"{ws.rel(result.path)}: added prediction '{result.value.id}'")


@app.command(
    epilog=examples(
        "pdsa start sbar-card",
    )
)
def start(
    ctx: typer.Context,
    cycle: CycleRef,
    date: DateOption = None,
    dry_run: DryRun = False,
) -> None:
    """Move a cycle from plan to do: record the start and lock its predictions."""
    from pdsa.lifecycle import start_cycle
    from pdsa.render.console import say

    ws = workspace(ctx)
    result = start_cycle(ws, ws.load_cycle(cycle), on=date, dry_run=dry_run)
    if dry_run:
        dry_run_report(result.diff(ws.rel(result.path)), ws.rel(result.path))
        return
    count = len(result.cycle.plan.predictions)
    say(
        f"{result.cycle.id}: Do started {result.cycle.started}; "
        f"{count} prediction{'s' if count != 1 else ''} locked"
    )


@app.command(
    epilog=examples(
        'pdsa act sbar-card --decision adapt --rationale "Nights need a shorter card" '
        '--next "SBAR card on nights"',
    )
)
def act(
    ctx: typer.Context,
    cycle: CycleRef,
    decision: Annotated[Decision | None, typer.Option("--decision", "-d")] = None,
    rationale: Annotated[str | None, typer.Option("--rationale", "-r", help="Why.")] = None,
    next_title: Annotated[
        str | None,
        typer.Option("--next", metavar="TITLE", help="Create the next cycle of the ramp."),
    ] = None,
    next_idea: Annotated[
        str | None,
        typer.Option(
            "--change-idea",
            "-c",
            metavar="ID",
            help="With --next: the change idea the next cycle tests, when the team moves on. "
            "Alone, on a decided cycle: record that the ramp moved on to this idea "
            "(act.next_change_idea), as `pdsa check` PD406 asks.",
            autocompletion=complete_idea,
        ),
    ] = None,
    date: DateOption = None,
    dry_run: DryRun = False,
) -> None:
    """Record the Act decision (study -> done); optionally create the next cycle.

    `not-yet-decided` records that the team will decide later; the cycle stays in act.
    `--change-idea ID` alone, on a cycle already decided, records the idea the ramp moved
    on to.
    """
    from pdsa.errors import UsageError
    from pdsa.lifecycle import act_on_cycle, record_next_idea
    from pdsa.render.console import say
    from pdsa.vocab import DECISION_CHOICES

    ws = workspace(ctx)
    if decision is None and rationale is None and next_title is None and next_idea:
        edit = record_next_idea(ws, ws.load_cycle(cycle), next_idea, dry_run=dry_run)
        if dry_run:
            dry_run_report(edit.diff(ws.rel(edit.path)), ws.rel(edit.path))
            return
        say(f"{edit.cycle.id}: the ramp moved on to {next_idea} (act.next_change_idea)")
        return
    if decision is None:
        raise UsageError(
            "give the decision",
            hint=f"--decision {'|'.join(DECISION_CHOICES)}, with --rationale",
            option="decision",
        )
    outcome = act_on_cycle(
        ws,
        ws.load_cycle(cycle),
        decision=Decision(decision),
        rationale=rationale or "",
        next_title=next_title,
        next_change_idea=next_idea,
        on=date,
        dry_run=dry_run,
    )
    if dry_run:
        dry_run_report(outcome.edit.diff(ws.rel(outcome.edit.path)), ws.rel(outcome.edit.path))
        if outcome.next_cycle:
            say(f"dry run: would create {ws.rel(outcome.next_cycle.path)}")
        return
    say(f"{outcome.edit.cycle.id}: {decision}; status {outcome.edit.cycle.status.value}")
    if outcome.next_cycle:
        typer.echo(str(ws.rel(outcome.next_cycle.path)))
