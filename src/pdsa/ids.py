"""The ids a project defines, read quickly for shell completion: cycle ids from the names
in `cycles/`, and measure, change idea and driver ids from `pdsa.yaml` without validating
it. Never raises: a half-written pdsa.yaml completes what it can, or nothing.

The shell waits while this runs, so it imports neither the store nor the models (pydantic
alone takes longer than a completion should): it finds the project and reads the two
things it needs itself, and writes nothing.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# As in pdsa.store.paths (importing the store would load the models).
PROJECT_FILE = "pdsa.yaml"
CYCLES_DIR = "cycles"
CYCLE_SUFFIX = ".yaml"


@dataclass(frozen=True)
class KnownIds:
    """Each kind of id, with a title where the file gives one (for the shell to show)."""

    cycles: list[str] = field(default_factory=list)
    measures: list[tuple[str, str]] = field(default_factory=list)
    change_ideas: list[tuple[str, str]] = field(default_factory=list)
    drivers: list[tuple[str, str]] = field(default_factory=list)


def known_ids(root: Path | None = None) -> KnownIds:
    """The ids of the project at `root` (default: the one around the working directory)."""
    folder = _project_root(root)
    if folder is None:  # no project here: nothing to complete
        return KnownIds()
    cycles: list[str] = []
    with contextlib.suppress(OSError):
        cycles = sorted(
            p.stem
            for p in (folder / CYCLES_DIR).iterdir()
            if p.suffix == CYCLE_SUFFIX and not p.name.startswith(".")
        )
    try:
        from pdsa.yamlio.fast import load

        data = load((folder / PROJECT_FILE).read_text(encoding="utf-8"))
    except Exception:  # unreadable or not YAML yet: the cycles still complete
        return KnownIds(cycles)
    if not isinstance(data, dict):
        return KnownIds(cycles)
    drivers = _items(data.get("drivers"))
    for primary in data.get("drivers") or []:
        if isinstance(primary, dict):
            drivers += _items(primary.get("secondary"))
    return KnownIds(cycles, _items(data.get("measures")), _items(data.get("change_ideas")), drivers)


def _project_root(root: Path | None) -> Path | None:
    """`root` if it holds pdsa.yaml, else the nearest folder upwards that does."""
    try:
        if root is not None:
            return root if (root / PROJECT_FILE).is_file() else None
        here = Path.cwd().resolve()
        return next((f for f in (here, *here.parents) if (f / PROJECT_FILE).is_file()), None)
    except OSError:
        return None


def _items(entries: Any) -> list[tuple[str, str]]:
    """(id, title) of each mapping in a list that has a string id."""
    if not isinstance(entries, list):
        return []
    return [
        (e["id"], str(e.get("title") or ""))
        for e in entries
        if isinstance(e, dict) and isinstance(e.get("id"), str)
    ]
