"""Project-level commands: init, schema."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from pdsa.cli._app import DryRun, app, examples, workspace


@app.command(
    epilog=examples(
        "pdsa init",
        'pdsa init qi --name "Ward 4 handoffs"',
    )
)
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


@app.command(
    epilog=examples(
        "pdsa schema --out .pdsa",
        "pdsa schema --kind project",
    )
)
def schema(
    ctx: typer.Context,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="PATH",
            help="Write to a file (- for stdout), or both schemas into a folder such as "
            ".pdsa; in a project they carry its ids.",
        ),
    ] = None,
    kind: Annotated[
        Literal["cycle", "project", "network"],
        typer.Option(help="Schema of a cycle file, of pdsa.yaml or of a hub's network.yaml."),
    ] = "cycle",
    dry_run: DryRun = False,
) -> None:
    """Print (or write) the JSON Schema (draft-07) editors use to check and complete files.

    On stdout it is generic. Written with --out inside a project, it lists the project's own
    ids (change ideas, measures, cycles, drivers), so the editor completes them and marks an
    unknown one; pdsa refreshes the copies in .pdsa/ whenever it changes the ids.
    """
    import sys

    from pdsa.model.schema import schema_text
    from pdsa.render.console import say
    from pdsa.store import STDOUT, write_output

    if out is None:
        sys.stdout.write(schema_text(kind))
        return
    texts = _project_schemas(ctx)
    name = f"{kind}.schema.json"
    # A folder (one that exists, or a name with no extension such as .pdsa) gets both
    # schemas; any other path is one file, so `--out x.json` over a directory is refused
    # rather than written into, and `--out schema.out` is not made a folder.
    folder = out != STDOUT and out.suffix.lower() != ".json" and (out.is_dir() or not out.suffix)
    targets = {out / n: text for n, text in texts.items()} if folder else {out: texts[name]}
    for path, text in targets.items():
        if dry_run and path != STDOUT:
            say(f"dry run: would write {path}")
        elif write_output(path, text):
            say(f"wrote {path}")


def _project_schemas(ctx: typer.Context) -> dict[str, str]:
    """Both schemas by file name: the project's (with its ids), or generic outside one."""
    from pdsa.errors import InvalidDataError, ProjectNotFoundError
    from pdsa.model.schema import schema_texts
    from pdsa.model.schema_ids import project_schema_texts

    try:
        ws = workspace(ctx)
        project = ws.project()
    except ProjectNotFoundError:
        return schema_texts()
    except InvalidDataError:
        project = None  # the ids of a pdsa.yaml that does not load are not known
    return project_schema_texts(project, [p.stem for p in ws.cycle_files()])
