"""`pdsa fidelity`: how fully the project applies the PDSA method, ramp by ramp."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from pdsa.cli._app import Json, app, day_option, finish, workspace


@app.command()
def fidelity(
    ctx: typer.Context,
    json: Json = False,
    history: Annotated[
        bool | None,
        typer.Option(
            "--history/--no-history",
            help="Prove from git that predictions came first (default: when git history "
            "exists; --history fails without it, --no-history uses the locks alone).",
        ),
    ] = None,
    date: Annotated[dt.date | None, day_option("Today, for tests still running.")] = None,
) -> None:
    """How fully each ramp applies the PDSA method, and a suggested IHI progress score.

    The criteria of Taylor et al. 2014, each met or not with the reason and the fix; the
    project's score is the mean over its ramps; the progress score (0.5-5) with its evidence.
    """
    from pdsa.fidelity import assess_workspace
    from pdsa.render.console import out, print_json

    ws = workspace(ctx)
    found = ws.cycles()
    result = assess_workspace(
        ws, today=date or dt.date.today(), history=history, cycles=found.cycles
    )
    if json:
        from pdsa.shapes.fidelity import fidelity_json

        print_json(fidelity_json(result, found.problems))
    else:
        from pdsa.render.fidelity import fidelity_view

        titles = {c.id: c.title for c in ws.project().change_ideas}
        out().print(fidelity_view(result, titles))
    finish(found.problems, found.summary())
