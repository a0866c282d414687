"""Project-level commands: init, schema."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from pdsa.cli._app import DryRun, app


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Folder for the project.")] = Path(),
    name: Annotated[str | None, typer.Option(help="Project name. Default: the folder's.")] = None,
    dry_run: DryRun = False,
) -> None:
    """Start a project: pdsa.yaml, cycles/, measures/ and the editor schemas."""
    from pdsa.render.console import say
    from pdsa.scaffold import init_project

    outcome = init_project(path, name, dry_run=dry_run)
    verb = "would create" if dry_run else "created"
    here = Path.cwd().resolve()
    for created in outcome.created:
        shown = created.relative_to(here) if created.is_relative_to(here) else created
        say(f"{verb} {shown}")
    if not dry_run:
        say(
            'next: pdsa add aim "how much, by when, for whom", then pdsa add measure, '
            "pdsa add idea, and pdsa new TITLE (see pdsa add --help)"
        )


@app.command()
def schema(
    out: Annotated[
        Path | None, typer.Option("--out", "-o", metavar="PATH", help="Write to a file.")
    ] = None,
    kind: Annotated[
        Literal["cycle", "project", "network"],
        typer.Option(help="Schema of a cycle file, of pdsa.yaml or of a hub's network.yaml."),
    ] = "cycle",
    dry_run: DryRun = False,
) -> None:
    """Print (or write) the JSON Schema (draft-07) editors use to check and complete files."""
    import sys

    from pdsa.model.schema import schema_text
    from pdsa.render.console import say
    from pdsa.store import write_output

    text = schema_text(kind)
    if out is None:
        sys.stdout.write(text)
        return
    if dry_run:
        say(f"dry run: would write {out}")
        return
    if write_output(out, text):
        say(f"wrote {out}")
