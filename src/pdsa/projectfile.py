"""`pdsa.yaml` through the CLI: the aim, the measures, the driver diagram, the change ideas.

A nurse or a teacher should not need an editor to set up a project. Each function adds one
thing in one edit of `pdsa.yaml`, keeping the comments and layout already there.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import ValidationError

from pdsa.errors import UsageError, unknown
from pdsa.lifecycle import check_slug, ensure_schemas
from pdsa.model import Measure, slugify
from pdsa.store import Change, ProjectEdit, Workspace


def add_aim(
    ws: Workspace,
    statement: str,
    *,
    by: dt.date | None = None,
    population: str | None = None,
    aim_id: str | None = None,
    dry_run: bool = False,
) -> Change[str]:
    """Add an aim (how much, by when, for whom); the first aim replaces the scaffold's
    placeholder."""
    text = " ".join(statement.split())
    if not text:
        raise UsageError("an aim needs a statement", option="statement")
    new_id = aim_id or slugify(text, max_length=32)
    check_slug(new_id, "id")
    entry: dict[str, Any] = {"id": new_id, "statement": text}
    if by:
        entry["by"] = by
    if population:
        entry["population"] = " ".join(population.split())

    def change(edit: ProjectEdit) -> str:
        aims = edit.project.aims
        if any(a.id == new_id for a in aims):
            raise UsageError(f"there is already an aim '{new_id}'", option="id")
        placeholder = len(aims) == 1 and aims[0].placeholder
        if placeholder:
            edit.set(("aims", 0), entry)
        else:
            edit.append(("aims",), entry)
        return new_id

    return _edit(ws, change, dry_run)


def add_measure(ws: Workspace, fields: dict[str, Any], *, dry_run: bool = False) -> Change[str]:
    """Add a measure: `fields` as in pdsa.yaml (id, title, unit, type, better, goal, ...),
    checked as pdsa.yaml's measures are before anything is written."""
    measure_id = fields["id"]
    check_slug(measure_id, "id")
    fields = {k: v for k, v in fields.items() if v is not None}
    try:
        Measure.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = [str(p) for p in first.get("loc", ())]
        message = str(first.get("msg", exc)).removeprefix("Value error, ")
        raise UsageError(message, option=where[0] if where else "") from None

    def change(edit: ProjectEdit) -> str:
        if edit.project.measure(measure_id) is not None:
            raise UsageError(f"there is already a measure '{measure_id}'", option="id")
        edit.append(("measures",), fields)
        return str(measure_id)

    return _edit(ws, change, dry_run)


def add_driver(
    ws: Workspace,
    driver_id: str,
    title: str,
    *,
    under: str | None = None,
    dry_run: bool = False,
) -> Change[str]:
    """Add a primary driver, or a secondary one `under` a primary driver."""
    check_slug(driver_id, "id")
    entry = {"id": driver_id, "title": " ".join(title.split())}

    def change(edit: ProjectEdit) -> str:
        project = edit.project
        if driver_id in project.driver_ids():
            raise UsageError(f"there is already a driver '{driver_id}'", option="id")
        if under is None:
            edit.append(("drivers",), entry)
            return driver_id
        primaries = [d.id for d in project.drivers]
        if under not in primaries:
            raise unknown("primary driver", under, primaries)
        edit.append(("drivers", primaries.index(under), "secondary"), entry)
        return driver_id

    return _edit(ws, change, dry_run)


def add_change_idea(
    ws: Workspace,
    idea_id: str,
    title: str,
    *,
    driver: str | None = None,
    description: str | None = None,
    dry_run: bool = False,
) -> Change[str]:
    """Add a change idea, under a primary or secondary driver."""
    check_slug(idea_id, "id")
    entry: dict[str, Any] = {"id": idea_id, "title": " ".join(title.split())}
    if driver:
        entry["driver"] = driver
    if description and description.strip():
        entry["description"] = " ".join(description.split())

    def change(edit: ProjectEdit) -> str:
        project = edit.project
        if any(c.id == idea_id for c in project.change_ideas):
            raise UsageError(f"there is already a change idea '{idea_id}'", option="id")
        if driver and driver not in project.driver_ids():
            raise unknown("driver", driver, sorted(project.driver_ids()))
        edit.append(("change_ideas",), entry)
        return idea_id

    return _edit(ws, change, dry_run)


def _edit(ws: Workspace, change: Any, dry_run: bool) -> Change[str]:
    """One edit of pdsa.yaml, then the editor schemas in .pdsa/ get the new ids."""
    done: Change[str] = ws.edit_project(change, dry_run=dry_run)
    if not dry_run:
        ensure_schemas(ws)
    return done
