"""Everyday commands on cycles: new, list, show, edit, predict, start, act."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Annotated, Literal

import typer

from pdsa.cli._app import (
    CycleRef,
    DryRun,
    Json,
    app,
    complete_cycle,
    complete_idea,
    complete_measure,
    day_option,
    dry_run_report,
    examples,
    finish,
    workspace,
)
from pdsa.vocab import Decision, Status, SummaryKind

DateOption = Annotated[
    dt.date | None,
    day_option("Default: today.", "--date"),
]


@app.command(
    epilog=examples(
        'pdsa new "Try an SBAR card on day shift" --change-idea sbar-card',
        'pdsa new "SBAR card on nights" --follows 2026-11-03-sbar-card',
    )
)
def new(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="What the cycle tests, in a few words.")],
    change_idea: Annotated[
        list[str] | None,
        typer.Option(
            "--change-idea",
            "-c",
            metavar="ID",
            help="Change idea tested (give it twice or more for a bundle tested together).",
            autocompletion=complete_idea,
        ),
    ] = None,
    follows: Annotated[
        str | None,
        typer.Option(
            metavar="ID", help="The previous cycle in this ramp.", autocompletion=complete_cycle
        ),
    ] = None,
    retrospective: Annotated[
        str | None,
        typer.Option(
            "--retrospective",
            metavar="WHY",
            help="A test already run, entered after the fact (no prediction was written "
            "first): say why.",
        ),
    ] = None,
    template: Annotated[
        str | None, typer.Option("--template", "-t", metavar="NAME", help="default | minimal")
    ] = None,
    owner: Annotated[str | None, typer.Option(metavar="NAME")] = None,
    date: DateOption = None,
    edit: Annotated[
        bool, typer.Option("--edit", "-e", metavar="", help="Open it in your editor.")
    ] = False,
    dry_run: DryRun = False,
) -> None:
    """Create a cycle in `plan` from a template and print its path."""
    from pdsa.lifecycle import new_cycle
    from pdsa.render.console import say

    ws = workspace(ctx)
    earlier = ws.load_cycle(follows) if follows else None
    previous = earlier.cycle if earlier else None
    ideas = [i.strip() for i in change_idea or [] if i.strip()]
    loaded = new_cycle(
        ws,
        title,
        change_idea=ideas[0] if len(ideas) == 1 else (ideas or None),
        follows=earlier,
        retrospective=retrospective,
        template=template,
        owner=owner,
        created=date,
        dry_run=dry_run,
    )
    if previous is not None:
        already = previous.act.next if previous.act else None
        if already:
            say(
                f"note: {previous.id} already continues with {already}; "
                "this cycle starts a fork of the ramp"
            )
        elif dry_run:
            say(f"dry run: would also set act.next of {previous.id}")
    if dry_run:
        sys.stdout.write(loaded.text)
        say(f"dry run: would create {ws.rel(loaded.path)}")
        return
    typer.echo(str(ws.rel(loaded.path)))
    if edit:
        from pdsa.cli.editor import edit_cycle

        edit_cycle(ctx, loaded.cycle.id)


@app.command(
    "list",
    epilog=examples(
        "pdsa list --status do",
        "pdsa list --change-idea sbar-card --json",
    ),
)
def list_cycles(
    ctx: typer.Context,
    status: Annotated[
        Status | None,
        typer.Option("--status", "-s", help="Only cycles in this stage."),
    ] = None,
    change_idea: Annotated[
        str | None,
        typer.Option("--change-idea", "-c", metavar="ID", autocompletion=complete_idea),
    ] = None,
    json: Json = False,
) -> None:
    """List cycles: id, status, title, change idea, predictions, dates."""
    from pdsa.render.console import out, print_json_list, say
    from pdsa.shapes.cycles import list_json, list_row
    from pdsa.store import ReadTally

    ws = workspace(ctx)
    tally = ReadTally()
    # One cycle at a time, from the file to the output: memory does not grow with the
    # repository, and the first rows appear before the last files are read.
    chosen = (
        c
        for c in tally.cycles(ws.iter_cycles())
        if (status is None or c.status.value == status)
        and (change_idea is None or change_idea in c.ideas)
    )
    if json:
        print_json_list(lambda rows: list_json(rows, tally.problems), map(list_row, chosen))
        finish(tally.problems, tally.summary())
        return
    from pdsa.render.cycle_list import ListLayout, painter, write_list

    console = out()
    layout = ListLayout.fit([p.stem for p in ws.cycle_files()], console.width, painter(console))
    shown = write_list(layout, chosen, sys.stdout.write)
    if not shown and not tally.problems:
        say("no cycles" + (" match" if status or change_idea else " yet: `pdsa new TITLE`"))
    finish(tally.problems, tally.summary())


@app.command(
    epilog=examples(
        "pdsa show nights",
        "pdsa show 2026-11-03-sbar-card --json",
    )
)
def show(
    ctx: typer.Context,
    cycle: CycleRef,
    json: Json = False,
) -> None:
    """Show a whole cycle, stage by stage."""
    from pdsa.render.console import out, print_json
    from pdsa.render.cycles import show_view
    from pdsa.shapes.cycles import show_json
    from pdsa.study import ramp_before

    ws = workspace(ctx)
    loaded = ws.load_cycle(cycle)
    ramp, problems = ramp_before(ws, loaded.cycle)
    if json:
        print_json(show_json(loaded.cycle))
    else:
        out().print(show_view(loaded.cycle, ramp))
    finish(problems)


@app.command(
    epilog=examples(
        "pdsa edit nights",
    )
)
def edit(
    ctx: typer.Context,
    cycle: CycleRef,
) -> None:
    """Open a cycle in your editor, then validate it and say exactly what is wrong."""
    from pdsa.cli.editor import edit_cycle

    edit_cycle(ctx, cycle)


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
