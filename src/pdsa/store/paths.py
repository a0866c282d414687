"""Where a project's files are: the project root, the folders, ids that are safe file names."""

from __future__ import annotations

from pathlib import Path

from pdsa.errors import ProjectNotFoundError, UsageError

PROJECT_FILE = "pdsa.yaml"
CYCLES_DIR = "cycles"
MEASURES_DIR = "measures"
TEMPLATES_DIR = "templates"
SCHEMA_DIR = ".pdsa"
CYCLE_SCHEMA = "cycle.schema.json"
PROJECT_SCHEMA = "project.schema.json"
CYCLE_SUFFIX = ".yaml"


def find_root(start: Path | None = None, override: Path | None = None) -> Path:
    """The folder holding `pdsa.yaml`: `override` if given, else the nearest one upwards."""
    if override is not None:
        root = override.expanduser().resolve()
        if not (root / PROJECT_FILE).is_file():
            raise ProjectNotFoundError(
                f"{root}: no {PROJECT_FILE} here", hint="run `pdsa init` or pass another --root"
            )
        return root
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / PROJECT_FILE).is_file():
            return folder
    raise ProjectNotFoundError(
        f"no {PROJECT_FILE} in {here} or any folder above it",
        hint="run `pdsa init` to start a project, or pass --root PATH",
    )


def relative_to_cwd(path: Path) -> Path:
    """`path` relative to the working directory when it is below it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except (ValueError, OSError):
        return path


def builtin_templates_dir() -> Path:
    """The templates shipped with pdsa (in the wheel), or the checkout's `templates/`."""
    packaged = Path(__file__).resolve().parents[1] / "templates"
    if packaged.is_dir():
        return packaged
    # An editable install runs from src/; the top-level templates/ is the source of truth.
    return Path(__file__).resolve().parents[3] / "templates"


def check_id_is_safe(cycle_id: str) -> None:
    """Refuse an id that could name a file outside its folder."""
    if (
        not cycle_id
        or cycle_id.startswith((".", "-"))
        or any(ch in cycle_id for ch in "/\\:\0")
        or ".." in cycle_id
        or any(ord(ch) < 32 or ord(ch) == 127 for ch in cycle_id)
        or Path(cycle_id).is_absolute()
    ):
        raise UsageError(
            f"{cycle_id!r} is not a valid id",
            hint="ids are like 2026-11-03-sbar-card: no slashes or dots",
        )


def id_position(text: str) -> tuple[int, int]:
    """Line and column of a cycle file's `id:` value (1, 1 when there is none)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("id:"):
            return number, 5
    return 1, 1
