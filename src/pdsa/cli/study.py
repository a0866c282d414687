"""`pdsa study` (the meeting) and `pdsa agenda` (its running order)."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Annotated

import typer

from pdsa.cli._app import CycleRef, Json, app, day_option, examples, finish, workspace
from pdsa.vocab import Decision


@app.command(
    epilog=examples(
        "pdsa study sbar-card",
        'pdsa study sbar-card --actual shorter=7.5 --met shorter=yes --learning "..." '
        '--decision adopt -r "..."',
    )
)
def study(
    ctx: typer.Context,
    cycle: CycleRef,
    actual: Annotated[
        list[str] | None,
        typer.Option(
            "--actual",
            metavar="ID=VALUE",
            help="An actual result; ID=- (or ID= ) records it as not judged, as '-' does at "
            "the prompt.",
        ),
    ] = None,
    met: Annotated[
        list[str] | None, typer.Option("--met", metavar="ID=yes|no", help="Was it met?")
    ] = None,
    note: Annotated[
        list[str] | None,
        typer.Option(
            "--note",
            metavar="ID=TEXT",
            help="A note (the reason, when met differs from the expectation).",
        ),
    ] = None,
    learning: Annotated[
        list[str] | None,
        typer.Option(
            "--learning", metavar="TEXT", help="What you learned; repeat it for several lines."
        ),
    ] = None,
    surprise: Annotated[
        list[str] | None, typer.Option("--surprise", metavar="TEXT", help="What surprised you.")
    ] = None,
    decision: Annotated[Decision | None, typer.Option("--decision", "-d")] = None,
    rationale: Annotated[str | None, typer.Option("--rationale", "-r", metavar="TEXT")] = None,
    next_title: Annotated[
        str | None, typer.Option("--next", metavar="TITLE", help="Create the next cycle.")
    ] = None,
    finished: Annotated[
        dt.date | None,
        day_option("The day Do finished."),
    ] = None,
    date: Annotated[
        dt.date | None,
        day_option("The meeting's date. Default: today."),
    ] = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", metavar="", help="Accept the actuals the data suggests.")
    ] = False,
) -> None:
    """Run the study meeting: compare actuals with predictions, record learning and the decision.

    Interactive on a terminal; every prompt also has a flag, and without a terminal nothing
    waits: missing answers are listed (exit 1). Each answer is saved as it is given, so an
    interrupted meeting resumes where it stopped.
    """
    from pdsa.cli.study_answers import Answers, FlagPrompts, missing_text, parse_pairs
    from pdsa.errors import RefusedError, UsageError
    from pdsa.model import Status
    from pdsa.render.console import out, say
    from pdsa.study import run_study

    if decision == "abandon" and next_title:
        raise UsageError(
            "an abandoned change idea has no next cycle in its ramp",
            hint="plan a different change idea with `pdsa new`",
        )
    answers = Answers(
        actual=parse_pairs(actual or [], "--actual"),
        met=parse_pairs(met or [], "--met"),
        note=parse_pairs(note or [], "--note"),
        learning=[
            line.strip() for text in learning or [] for line in text.splitlines() if line.strip()
        ],
        surprises=[s.strip() for s in surprise or [] if s.strip()],
        decision=Decision(decision) if decision else None,
        rationale=rationale.strip() if rationale else None,
        next_title=next_title.strip() if next_title else None,
        finished=finished,
        accept_suggestions=yes,
    )
    ws = workspace(ctx)
    prompts: FlagPrompts = FlagPrompts(answers)
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    if interactive:
        from pdsa.cli.study_prompts import TerminalPrompts

        prompts = TerminalPrompts(prompts, out())
    today = date or dt.date.today()
    try:
        outcome = run_study(ws, ws.load_cycle(cycle), prompts, today=today)
    except (KeyboardInterrupt, EOFError):
        say("\nstopped: every answer given so far is saved; run the same command to resume")
        raise typer.Exit(130) from None
    broken = outcome.unreadable
    if outcome.missing:
        refusal = RefusedError(
            f"{outcome.cycle.id}: not finished, still needed: "
            + "; ".join(missing_text(m) for m in outcome.missing),
            hint="answers given so far are saved; run again with the missing flags"
            + ("" if interactive else "; without a terminal pdsa never asks"),
        )
        if broken:  # say both: what the meeting still needs, and what could not be read
            from pdsa.render.console import error_lines

            for line in error_lines(refusal):
                say(line)
            finish(broken)
        raise refusal
    done = outcome.cycle
    said = f"{done.id}: studied; decision {done.tag}; status {done.status.value}"
    if done.status is not Status.DONE:
        said += f" (decide later: pdsa act {done.id} --decision ...)"
    say(said)
    if outcome.next_cycle:
        typer.echo(str(ws.rel(ws.cycle_path(outcome.next_cycle))))
    finish(broken)


@app.command(
    epilog=examples(
        "pdsa agenda",
        "pdsa agenda --json",
    )
)
def agenda(
    ctx: typer.Context,
    json: Json = False,
    date: Annotated[
        dt.date | None,
        day_option("Default: today."),
    ] = None,
) -> None:
    """The study meeting's running order: what is due for study, oldest first."""
    from pdsa.agenda import agenda as build_agenda
    from pdsa.agenda import measures_needed
    from pdsa.measures import measure_points
    from pdsa.render.console import out, print_json, say
    from pdsa.render.safe import clean
    from pdsa.shapes.cycles import agenda_json

    today = date or dt.date.today()
    ws = workspace(ctx)
    found = ws.cycles()
    known = {m.id for m in ws.project().measures}
    points = {m: measure_points(ws, m) for m in measures_needed(found.cycles, known)}
    items = build_agenda(found.cycles, today, points)
    if json:
        print_json(agenda_json(items, today, found.problems))
    elif not items:
        say("nothing due for study")
    else:
        console = out()
        for number, item in enumerate(items, start=1):
            console.print(
                f"{number}. [bold]{clean(item.cycle.title, markup=True)}[/bold]  "
                f"[dim]{item.cycle.id}[/dim]"
            )
            console.print(
                f"   {item.describe(today)}   →  pdsa study {item.cycle.id}",
                style="dim",
                markup=False,
            )
    finish(found.problems, found.summary())
