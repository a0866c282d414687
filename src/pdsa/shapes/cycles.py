"""JSON of the cycle commands: `list`, `show`, `agenda`, `tree`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from pdsa.agenda import AgendaItem
from pdsa.errors import Problem
from pdsa.model import Cycle
from pdsa.shapes import envelope, iso


def list_row(cycle: Cycle) -> dict[str, Any]:
    """One cycle as a flat object (`pdsa list --json`)."""
    return {
        "id": cycle.id,
        "title": cycle.title,
        "status": cycle.status.value,
        "change_idea": cycle.change_idea,
        "follows": cycle.follows,
        "owner": cycle.owner,
        "created": cycle.created.isoformat(),
        "started": iso(cycle.do.started if cycle.do else None),
        "finished": iso(cycle.do.finished if cycle.do else None),
        "studied": iso(cycle.study.date if cycle.study else None),
        "decision": cycle.decision.value if cycle.decision else None,
        "predictions": len(cycle.plan.predictions),
    }


def list_json(rows: Any, problems: Iterable[Problem] = ()) -> dict[str, Any]:
    """`pdsa list --json`: `rows` are `list_row`s (or the marker a streamed print puts
    in their place)."""
    return envelope("cycle-list", {"cycles": rows}, problems)


def show_json(cycle: Cycle) -> dict[str, Any]:
    """`pdsa show --json`: the whole cycle, every field, as the file holds it."""
    return envelope("cycle", {"cycle": cycle.model_dump(mode="json", by_alias=True)})


def agenda_json(
    items: Sequence[AgendaItem], today: dt.date, problems: Iterable[Problem] = ()
) -> dict[str, Any]:
    """`pdsa agenda --json`."""
    return envelope(
        "agenda",
        {
            "today": today.isoformat(),
            "items": [
                {
                    "id": i.cycle.id,
                    "title": i.cycle.title,
                    "status": i.cycle.status.value,
                    "kind": i.kind.value,
                    "reason": i.describe(today),
                    "since": i.since.isoformat(),
                }
                for i in items
            ],
        },
        problems,
    )


def tree_json(tree: dict[str, Any], problems: Iterable[Problem] = ()) -> dict[str, Any]:
    """`pdsa tree --json`: the driver diagram built by `pdsa.tree.build_tree`."""
    return envelope("tree", tree, problems)
