"""The ids a project defines, read quickly for shell completion: cycle ids from the names
in `cycles/`, and measure, change idea and driver ids from `pdsa.yaml` without validating
it. Never raises: a half-written pdsa.yaml completes what it can, or nothing."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pdsa.store.paths import CYCLE_SUFFIX, CYCLES_DIR, PROJECT_FILE, find_root


@dataclass(frozen=True)
class KnownIds:
    """Each kind of id, with a title where the file gives one (for the shell to show)."""

    cycles: list[str] = field(default_factory=list)
    measures: list[tuple[str, str]] = field(default_factory=list)
    change_ideas: list[tuple[str, str]] = field(default_factory=list)
    drivers: list[tuple[str, str]] = field(default_factory=list)


def known_ids(root: Path | None = None) -> KnownIds:
    """The ids of the project at `root` (default: the one around the working directory)."""
    try:
        folder = find_root(override=root) if root else find_root()
    except Exception:  # no project here: nothing to complete
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


def _items(entries: Any) -> list[tuple[str, str]]:
    """(id, title) of each mapping in a list that has a string id."""
    if not isinstance(entries, list):
        return []
    return [
        (e["id"], str(e.get("title") or ""))
        for e in entries
        if isinstance(e, dict) and isinstance(e.get("id"), str)
    ]
