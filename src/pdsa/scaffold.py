"""`pdsa init`: a new project's files, with comments that teach the format."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import get_args

from pdsa.errors import RefusedError
from pdsa.model import PLACEHOLDER_AIM, Measure, Project
from pdsa.store import (
    CYCLES_DIR,
    MEASURES_DIR,
    PROJECT_FILE,
    SCHEMA_DIR,
    Workspace,
    read_text,
    write_text,
)
from pdsa.vocab import Better
from pdsa.yamlio.text import scalar_text
from pdsa.yamlio.validate import parse_model

PROJECT_TEMPLATE = """\
# yaml-language-server: $schema=.pdsa/project.schema.json
# The project: its aim, how you will know a change is an improvement (measures),
# and the change ideas you will test, under the drivers of your driver diagram.
schema_version: 1
name: {name}

aims:
  # How much, by when, for whom: `pdsa add aim "..."` writes it.
  - statement: {placeholder}
    by:
    population:

measures:
  # One CSV per measure in measures/<id>.csv (date,value,note).
  # - id: handoff-minutes
  #   title: Median handoff duration
  #   unit: minutes
  #   type: outcome            # {types}
  #   better: lower            # {better}
  #   goal: 8

drivers:
  # Primary drivers, each with its secondary drivers.
  # - id: reliable-handoff
  #   title: Reliable, structured handoffs
  #   secondary:
  #     - id: shared-format
  #       title: One shared format for every handoff

change_ideas:
  # - id: sbar-card
  #   title: SBAR card at the bedside
  #   driver: shared-format
"""

GITATTRIBUTES = """\
# Measure data is appended on many branches: keep both sides' rows when merging.
measures/*.csv merge=union
# The editor schemas list the project's ids: keep both sides' new ids when merging.
.pdsa/*.schema.json merge=union
"""


@dataclass(frozen=True)
class InitOutcome:
    """What `init` created."""

    root: Path
    created: list[Path]


GITIGNORE_LINE = ".*.tmp"
GITIGNORE = f"# temp files of a pdsa write that was interrupted\n{GITIGNORE_LINE}\n"


def _ignore_temp_files(path: Path) -> None:
    """Keep pdsa's leftover temp files out of git: add the pattern to .gitignore (created
    when missing; a team's own lines are kept as they are)."""
    if not path.exists():
        write_text(path, GITIGNORE, create=True)
        return
    text = read_text(path).text
    if GITIGNORE_LINE in text.splitlines():
        return
    write_text(path, text + ("" if not text or text.endswith("\n") else "\n") + GITIGNORE)


def init_project(root: Path, name: str | None = None, *, dry_run: bool = False) -> InitOutcome:
    """Create pdsa.yaml, cycles/, measures/ and .pdsa/ schemas; refuse an existing project."""
    from pdsa.lifecycle import ensure_schemas

    root = root.expanduser().resolve()
    project_file = root / PROJECT_FILE
    if project_file.exists():
        raise RefusedError(f"{project_file} already exists", hint="this is already a project")
    name = name or root.name.replace("-", " ").replace("_", " ").strip() or "Improvement project"
    text = PROJECT_TEMPLATE.format(
        name=scalar_text(name),
        placeholder=PLACEHOLDER_AIM,
        types=" | ".join(get_args(Measure.model_fields["type"].annotation)),
        better=" | ".join(get_args(Better)),
    )
    parse_model(Project, text, project_file)  # the scaffold must itself be valid
    created = [project_file, root / CYCLES_DIR, root / MEASURES_DIR, root / SCHEMA_DIR]
    gitattributes = root / ".gitattributes"
    if not gitattributes.exists():
        created.append(gitattributes)
    gitignore = root / ".gitignore"
    if not gitignore.exists():
        created.append(gitignore)
    if dry_run:
        return InitOutcome(root, created)
    root.mkdir(parents=True, exist_ok=True)
    write_text(project_file, text, create=True)
    for folder in (CYCLES_DIR, MEASURES_DIR):
        (root / folder).mkdir(exist_ok=True)
        if not any((root / folder).iterdir()):
            write_text(root / folder / ".gitkeep", "", create=True)
    if gitattributes in created:
        write_text(gitattributes, GITATTRIBUTES, create=True)
    _ignore_temp_files(root / ".gitignore")
    ensure_schemas(Workspace(root))
    return InitOutcome(root, created)
