"""The team's words through the CLI: `plan` (the IHI worksheet), `note` (running notes
during Do) and `follow-up` (did the change hold?).

Each answer is one edit of the cycle file, saved as it is given: an interrupted `pdsa plan`
keeps every answer so far. With flags, nothing is asked; without a terminal, nothing waits.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Annotated, Any

import typer

from pdsa.cli._app import CycleRef, DryRun, app, day_option, dry_run_report, examples, workspace
from pdsa.vocab import Purpose

DateOption = Annotated[dt.date | None, day_option("Default: today.", "--date")]


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


@app.command(
    epilog=examples(
        "pdsa plan sbar-card",
        'pdsa plan sbar-card --objective "Is the card usable on days?" --who "Two day nurses" '
        '--scale "2 nurses, 1 shift"',
    )
)
def plan(
    ctx: typer.Context,
    cycle: CycleRef,
    objective: Annotated[
        str | None, typer.Option(metavar="TEXT", help="What this test is meant to learn.")
    ] = None,
    purpose: Annotated[
        Purpose | None, typer.Option(help="What the cycle is for (the IHI worksheet's four).")
    ] = None,
    question: Annotated[
        list[str] | None,
        typer.Option("--question", "-q", metavar="TEXT", help="A question the test answers."),
    ] = None,
    who: Annotated[str | None, typer.Option(metavar="TEXT", help="Who runs the test.")] = None,
    where: Annotated[str | None, typer.Option(metavar="TEXT", help="Where it runs.")] = None,
    start: Annotated[
        dt.date | None, day_option("The planned first day of the test.", "--start")
    ] = None,
    end: Annotated[dt.date | None, day_option("The planned last day.", "--end")] = None,
    scale: Annotated[
        str | None, typer.Option(metavar="TEXT", help="How small: people, shifts, days.")
    ] = None,
    data_collection: Annotated[
        str | None,
        typer.Option("--data-collection", metavar="TEXT", help="How the data is collected."),
    ] = None,
    task: Annotated[
        list[str] | None,
        typer.Option("--task", metavar="'WHAT | WHO | DUE'", help="A task; who and due optional."),
    ] = None,
    dry_run: DryRun = False,
) -> None:
    """Fill in a cycle's plan: the IHI worksheet's questions, asked one by one on a terminal.

    Every answer is saved as it is given (Ctrl-C keeps them all). Give the answers as flags
    instead to run it from a script; questions and tasks are added, the rest replaced.
    """
    from pdsa.errors import UsageError
    from pdsa.planning import PlanFields, parse_task, set_plan
    from pdsa.render.console import out, say

    ws = workspace(ctx)
    loaded = ws.load_cycle(cycle)
    fields = PlanFields(
        objective=objective,
        purpose=purpose,
        questions=list(question or []),
        who=who,
        where=where,
        start=start,
        end=end,
        scale=scale,
        data_collection=data_collection,
        tasks=[parse_task(t) for t in task or []],
    )
    if not fields.empty():
        result = set_plan(ws, loaded, fields, dry_run=dry_run)
        if dry_run:
            dry_run_report(result.diff(ws.rel(result.path)), ws.rel(result.path))
        elif result.value:
            say(f"{ws.rel(result.path)}: plan {', '.join(dict.fromkeys(result.value))} saved")
            _changed_after_start(result.cycle)
        else:
            say(f"{ws.rel(result.path)}: nothing changed")
        return
    if not _interactive():
        raise UsageError(
            "pdsa plan asks its questions on a terminal; without one, give them as flags",
            hint=f'pdsa plan {loaded.cycle.id} --objective "..." --who "..." --scale "..."',
        )
    from pdsa.cli.plan_prompts import guided_plan

    try:
        guided_plan(ws, loaded, out())
    except (KeyboardInterrupt, EOFError):
        say("\nstopped: every answer given so far is saved; run the same command to go on")
        raise typer.Exit(130) from None


def _changed_after_start(cycle: Any) -> None:
    """Say so when the plan of a test already running (or done) was just rewritten."""
    from pdsa.fingerprint import plan_changes
    from pdsa.render.console import say

    changed = plan_changes(cycle.plan.locked, cycle.plan)
    if cycle.started is None or not changed:
        return
    fields = ", ".join(f"plan.{name}" for name in changed)
    say(
        f"warning: the test began on {cycle.started}: {fields} no longer says what was "
        f"planned (pdsa check: PD303); record a change during the test as a deviation: "
        f"pdsa note {cycle.id} --deviation TEXT"
    )


@app.command(
    epilog=examples(
        'pdsa note sbar-card "Night staff borrowed the cards"',
        'pdsa note sbar-card "Ran out of cards" --problem',
    )
)
def note(
    ctx: typer.Context,
    cycle: CycleRef,
    text: Annotated[
        str | None, typer.Argument(help="What happened (leave out to type notes one by one).")
    ] = None,
    problem: Annotated[
        bool, typer.Option("--problem", metavar="", help="A problem, not an observation.")
    ] = False,
    deviation: Annotated[
        bool, typer.Option("--deviation", metavar="", help="A departure from the plan.")
    ] = False,
    date: DateOption = None,
    dry_run: DryRun = False,
) -> None:
    """Add a dated note to the Do section: an observation, a problem or a deviation.

    For the huddle during the test: each note is appended as `YYYY-MM-DD: text`, and the
    file's comments stay. Without TEXT, on a terminal, notes are typed one per line.
    """
    from pdsa.errors import UsageError
    from pdsa.planning import NoteKind, add_note
    from pdsa.render.console import say

    if problem and deviation:
        raise UsageError("a note is a problem or a deviation, not both")
    kind = (
        NoteKind.PROBLEM if problem else NoteKind.DEVIATION if deviation else NoteKind.OBSERVATION
    )
    ws = workspace(ctx)
    loaded = ws.load_cycle(cycle)
    on = date or dt.date.today()
    if text is not None:
        result = add_note(ws, loaded, text, kind, on=on, dry_run=dry_run)
        if dry_run:
            dry_run_report(result.diff(ws.rel(result.path)), ws.rel(result.path))
        else:
            say(f"{ws.rel(result.path)}: {kind.value.rstrip('s')} noted")
        return
    if not _interactive():
        raise UsageError("give the note's TEXT (without a terminal pdsa never asks)")
    from pdsa.cli.plan_prompts import huddle_notes

    saved: list[Any] = []
    try:
        huddle_notes(ws, loaded, on, kind, saved)
    except (KeyboardInterrupt, EOFError):
        say(f"\nstopped: {_noted(saved)} saved" if saved else "\nstopped: no note was saved")
        raise typer.Exit(130) from None
    shown = ws.rel(ws.cycle_path(loaded.cycle.id))
    say(f"{shown}: {_noted(saved)} noted" if saved else f"{shown}: nothing noted")


def _noted(kinds: list[Any]) -> str:
    """`2 observations and 1 problem`."""
    from collections import Counter

    counts = Counter(k.value.rstrip("s") for k in kinds)
    return " and ".join(f"{n} {word}{'s' if n != 1 else ''}" for word, n in counts.items())


@app.command(
    "follow-up",
    epilog=examples(
        'pdsa follow-up sbar-card --held yes --note "Still used on every shift"',
    ),
)
def follow_up(
    ctx: typer.Context,
    cycle: CycleRef,
    held: Annotated[
        str | None, typer.Option("--held", metavar="yes|no", help="Did the change hold?")
    ] = None,
    note_text: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help="What the team found.")
    ] = None,
    date: DateOption = None,
    dry_run: DryRun = False,
) -> None:
    """Record a check, weeks or months after the decision, that the change held (on a
    cycle whose change was kept: not on an abandoned or undecided one)."""
    from pdsa.cli.study_answers import parse_yes_no
    from pdsa.planning import add_follow_up
    from pdsa.render.console import say

    ws = workspace(ctx)
    today = dt.date.today()
    result = add_follow_up(
        ws,
        ws.load_cycle(cycle),
        held=parse_yes_no(held, "--held") if held is not None else None,
        note=note_text,
        on=date or today,
        dry_run=dry_run,
    )
    if date is not None and date > today:  # recorded as given, but said
        say(
            f"warning: --date {date} is after today ({today}): a follow-up records a check "
            "already made; correct the date if it is not the day the team checked"
        )
    if dry_run:
        dry_run_report(result.diff(ws.rel(result.path)), ws.rel(result.path))
    else:
        say(f"{ws.rel(result.path)}: follow-up recorded")
