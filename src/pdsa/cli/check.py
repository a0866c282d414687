"""`pdsa check`: the CI gate and the pre-commit hook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from pdsa.cli._app import Json, State, app, day_option, examples, workspace

if TYPE_CHECKING:
    from pdsa.store import Workspace


@app.command(
    epilog=examples(
        "pdsa check",
        "pdsa check --format github --strict",
        "pdsa check --history --base origin/main",
        "pdsa check --whole qi/pdsa.yaml   (the pre-commit hook, a project in qi/)",
    )
)
def check(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH...",
            help="Only report on these files or folders (default: the whole project). The "
            "project is the one they are in.",
        ),
    ] = None,
    output: Annotated[
        Literal["text", "json", "github"],
        typer.Option("--format", "-f", help="text for people, json for tools, github for CI."),
    ] = "text",
    json: Json = False,
    whole: Annotated[
        bool,
        typer.Option(
            "--whole",
            metavar="",
            help="With PATHs: report on the whole project each is in (rules look across "
            "cycles), as the pre-commit hook does.",
        ),
    ] = False,
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
    from pdsa.check import CheckOptions, merge, run_check
    from pdsa.errors import UsageError
    from pdsa.render.progress import ProgressBar

    if base and not history:
        raise UsageError("--base only applies with --history")
    given = list(paths or [])
    for path in given:
        if not path.exists() and not path.is_symlink():
            # Checking nothing and saying "no findings" would pass CI on a typo.
            raise UsageError(
                f"{path}: no such file or folder",
                hint="give files or folders of the project, or none to check all of it",
            )
    today = date or dt.date.today()
    more = []
    if min_fidelity is not None:
        from pdsa.fidelity import fidelity_rule

        # With --history the proof must come from git; without it, git is used when there.
        more.append(fidelity_rule(min_fidelity, today=today, history=True if history else None))
    results = []
    with ProgressBar("checking cycles") as progress:
        for ws, mine in _projects(ctx, given):
            options = CheckOptions(
                strict=strict,
                history=history,
                base=base,
                paths=() if whole else tuple(mine),
                today=today,
                more=tuple(more),
            )
            results.append(run_check(ws, options, progress))
    report = merge(results)
    show = "json" if json else output
    {"text": render.print_text, "json": render.print_json, "github": render.print_github}[show](
        report
    )
    if report.errors:
        raise typer.Exit(1)


def _projects(ctx: typer.Context, paths: list[Path]) -> list[tuple[Workspace, list[Path]]]:
    """The projects to check, each with the given paths inside it.

    Without --root, the project is found from the paths themselves (the nearest pdsa.yaml
    above each), so a hook run from the repository's top checks a project kept in `qi/`.
    """
    from pdsa.errors import UsageError
    from pdsa.store import Workspace, find_root

    state = ctx.find_object(State) or State()
    if not paths or state.root is not None:
        ws = workspace(ctx)
        outside = [p for p in paths if not p.resolve().is_relative_to(ws.root)]
        if outside:
            raise UsageError(f"{outside[0]} is not in the project at {ws.rel(ws.root)}")
        return [(ws, paths)]
    found: dict[Path, list[Path]] = {}
    for path in paths:
        start = path.resolve() if path.is_dir() else path.resolve().parent
        found.setdefault(find_root(start), []).append(path)
    return [(Workspace(root), mine) for root, mine in found.items()]
