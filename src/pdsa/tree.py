"""Ramps and the driver diagram: aim -> drivers -> change ideas -> ramps of cycles.

A ramp is a chain of cycles that test one change idea at growing scale, linked by
`follows:`. Each change idea's ramps are made of the cycles that test it (a bundle's cycle
tests several), whatever chain they sit in: when a team moves from idea A to idea B, the
cycle that starts B begins a ramp of B, noting the cycle of A it came after. Two cycles that
follow the same one are a fork; the ramp keeps both, in creation order, so nothing is hidden.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pdsa.model import Cycle, Project


@dataclass(frozen=True)
class Ramp:
    """Cycles of one change idea linked by `follows`, first test first."""

    change_idea: str | None
    cycles: list[Cycle]
    after: Cycle | None = None  # the cycle of another idea that the first one follows

    @property
    def latest(self) -> Cycle:
        """The newest cycle of the ramp."""
        return self.cycles[-1]


def ramps(cycles: Sequence[Cycle], idea: str | None = None) -> list[Ramp]:
    """Chain `cycles` (all testing `idea`) into ramps; a cycle whose predecessor is not
    among them starts one."""
    by_id = {c.id: c for c in cycles}
    children: dict[str, list[Cycle]] = {}
    roots = []
    for c in sorted(cycles, key=lambda c: (c.created, c.id)):
        if c.follows and c.follows in by_id and c.follows != c.id:
            children.setdefault(c.follows, []).append(c)
        else:
            roots.append(c)
    result = []
    seen: set[str] = set()
    for root in roots:
        chain: list[Cycle] = []
        stack = [root]
        while stack:  # depth first, oldest branch first: the natural reading order
            node = stack.pop(0)
            if node.id in seen:
                continue
            seen.add(node.id)
            chain.append(node)
            stack = children.get(node.id, []) + stack
        result.append(Ramp(idea, chain))
    # A cycle whose `follows` forms a loop is never a root: give it a ramp of its own.
    result += [Ramp(idea, [c]) for c in cycles if c.id not in seen]
    return result


def ramps_by_change_idea(cycles: Sequence[Cycle]) -> dict[str, list[Ramp]]:
    """Each change idea's ramps, from the cycles that test it ("" for cycles without one)."""
    by_id = {c.id: c for c in cycles}
    ideas = sorted({i for c in cycles for i in c.ideas})
    grouped: dict[str, list[Ramp]] = {}
    for idea in [*ideas, ""]:
        mine = [c for c in cycles if (idea in c.ideas if idea else not c.ideas)]
        if not mine:
            continue
        found = []
        for ramp in ramps(mine, idea or None):
            first = ramp.cycles[0]
            before = by_id.get(first.follows) if first.follows else None
            found.append(Ramp(ramp.change_idea, ramp.cycles, before))
        grouped[idea] = found
    return grouped


def cycle_node(c: Cycle) -> dict[str, Any]:
    """A cycle as the tree shows it."""
    return {
        "id": c.id,
        "title": c.title,
        "status": c.status.value,
        "scale": c.plan.scale,
        "decision": c.decision.value if c.decision else None,
        "tag": c.tag,
        "retrospective": c.retrospective is not None,
    }


def build_tree(project: Project, cycles: list[Cycle], status: dict[str, str]) -> dict[str, Any]:
    """The driver diagram with each change idea's status and ramps, as JSON-ready data."""
    grouped = ramps_by_change_idea(cycles)

    def idea(i: Any) -> dict[str, Any]:
        return {
            "id": i.id,
            "title": i.title,
            "status": status.get(i.id, "not started"),
            "ramps": [[cycle_node(c) for c in r.cycles] for r in grouped.get(i.id, [])],
        }

    placed: set[str] = set()

    def ideas_under(driver_id: str) -> list[dict[str, Any]]:
        found = [i for i in project.change_ideas if i.driver == driver_id]
        placed.update(i.id for i in found)
        return [idea(i) for i in found]

    drivers = []
    for d in project.drivers:
        drivers.append(
            {
                "id": d.id,
                "title": d.title,
                "change_ideas": ideas_under(d.id),
                "secondary": [
                    {"id": s.id, "title": s.title, "change_ideas": ideas_under(s.id)}
                    for s in d.secondary
                ],
            }
        )
    known = {i.id for i in project.change_ideas}
    return {
        "aims": [
            {"statement": a.statement, "by": a.by.isoformat() if a.by else None}
            for a in project.stated_aims
        ],
        "drivers": drivers,
        "unassigned": [idea(i) for i in project.change_ideas if i.id not in placed],
        "cycles_without_change_idea": [
            [cycle_node(c) for c in r.cycles]
            for key, rs in grouped.items()
            if key == "" or key not in known
            for r in rs
        ],
    }
