"""Shell completion of the project's ids: cycles, measures, change ideas, drivers.

Typer calls these while the shell waits, so they read only the folder listing and
pdsa.yaml (`pdsa.ids`), never every cycle file, and never fail: a completion that
cannot be made offers nothing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def _ids(ctx: Any) -> Any:
    from pdsa.ids import known_ids

    root = ctx.find_root().params.get("root") if ctx is not None else None
    root = root or os.environ.get("PDSA_ROOT") or None
    return known_ids(Path(root) if root else None)


def _matching(items: list[tuple[str, str]], incomplete: str) -> list[tuple[str, str]]:
    """The ids starting with what was typed (typer keeps only those anyway)."""
    return [(i, t) for i, t in items if i.startswith(incomplete)]


def cycle_ids(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """Completion of a cycle id."""
    try:
        return _matching([(c, "") for c in _ids(ctx).cycles], incomplete)
    except Exception:
        return []


def measure_ids(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """Completion of a measure id, each with its title."""
    try:
        return _matching(_ids(ctx).measures, incomplete)
    except Exception:
        return []


def change_idea_ids(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """Completion of a change idea id, each with its title."""
    try:
        return _matching(_ids(ctx).change_ideas, incomplete)
    except Exception:
        return []


def driver_ids(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """Completion of a driver id, each with its title."""
    try:
        return _matching(_ids(ctx).drivers, incomplete)
    except Exception:
        return []
