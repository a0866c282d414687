"""Everyday commands on cycles: new, list, show, edit (predict, start, act: `stages`)."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Annotated

import typer

from pdsa.cli._app import (
    CycleRef,
    DryRun,
    Json,
    app,
    complete_cycle,
    complete_idea,
    day_option,
    examples,
    finish,
    workspace,
)
from pdsa.vocab import Status

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
    from pdsa.render.cycle_list import ListLayout, write_list
    from pdsa.render.lines import painter

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
