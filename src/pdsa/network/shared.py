"""Change ideas tested by more than one team, matched by id or by a shared tag.

What a hub needs before it spreads a change: the same idea's result in each context side by
side (its status, how far its ramps went, predictions met, the method's fidelity, the last
decision and what the team learned), and a one-line reading of that evidence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from pdsa.fidelity.scale import scale_size
from pdsa.model import Decision
from pdsa.report import Report


@dataclass(frozen=True)
class IdeaResult:
    """One team's result with one change idea."""

    id: str
    title: str
    tags: list[str]
    status: str  # adopted, abandoned, testing
    cycles: int
    tested: int
    judged: int
    met: int
    fidelity: int | None  # mean score of the idea's judged ramps, percent
    decision: str | None  # the latest decision
    decided: dt.date | None
    learning: str | None  # the latest study's learning
    largest_scale: str | None  # the widest scale a test of it ran at


@dataclass(frozen=True)
class SharedIdea:
    """One change idea (or a family matched by tag) and each team's result with it."""

    ids: list[str]
    tags: list[str]  # the tags that tie the teams' ideas together
    results: list[tuple[str, str, IdeaResult]]  # (team id, team name, result)

    @property
    def label(self) -> str:
        """`sbar-card` or `sbar-card / sbar-handover (tag: sbar)`."""
        tags = f" (tag: {', '.join(self.tags)})" if self.tags else ""
        return " / ".join(self.ids) + tags

    @property
    def title(self) -> str:
        """The title most teams give it (the first team's on a tie)."""
        titles = [r.title for _, _, r in self.results]
        return max(titles, key=titles.count)

    @property
    def teams(self) -> int:
        """How many teams tested it."""
        return len({team for team, _, _ in self.results})

    def verdict(self) -> str:
        """The evidence for spreading it, in one line."""
        statuses = [r.status for _, _, r in self.results]
        n, adopted, abandoned = self.teams, statuses.count("adopted"), statuses.count("abandoned")
        if adopted >= 2 and not abandoned:
            return f"adopted in {adopted} of {n} teams and abandoned in none: evidence to spread it"
        if adopted and abandoned:
            return (
                f"adopted in {adopted}, abandoned in {abandoned} of {n} teams: it works in some "
                "contexts and not others; compare what each learned"
            )
        if adopted == 1:
            return f"adopted in 1 of {n} teams: wait until it holds in another context"
        if abandoned == len(statuses):
            return f"abandoned in all {n} teams that tested it"
        return f"still being tested in {n} teams"


def idea_results(report: Report) -> list[IdeaResult]:
    """Each change idea a team has cycles for, with its result so far."""
    found = []
    fid = report.fidelity
    for idea in report.project.change_ideas:
        ramps = report.ramps.get(idea.id)
        if not ramps:
            continue
        cycles = [c for r in ramps for c in r.cycles]
        tested = [c for c in cycles if c.started is not None]
        decided = sorted(
            (c for c in cycles if c.decision not in (None, Decision.UNDECIDED)),
            key=lambda c: ((c.act.date if c.act else None) or c.created, c.id),
        )
        studied = sorted(
            (c for c in cycles if c.study and c.study.learning),
            key=lambda c: ((c.study.date if c.study else None) or c.created, c.id),
        )
        scales = [c.plan.scale for c in tested if c.plan.scale]
        scores = [r.score for r in fid.ramps if r.change_idea == idea.id] if fid else []
        hits = report.hit_rates.get(idea.id)
        last = decided[-1] if decided else None
        found.append(
            IdeaResult(
                id=idea.id,
                title=idea.title,
                tags=list(idea.tags),
                status=report.idea_status.get(idea.id, "not started"),
                cycles=len(cycles),
                tested=len(tested),
                judged=hits.judged if hits else 0,
                met=hits.met if hits else 0,
                fidelity=round(100 * sum(scores) / len(scores)) if scores else None,
                decision=last.decision.value if last and last.decision else None,
                decided=(last.act.date if last and last.act else None),
                learning=studied[-1].study.learning if studied and studied[-1].study else None,
                largest_scale=max(scales, key=scale_size) if scales else None,
            )
        )
    return found


def shared_ideas(teams: Sequence[tuple[str, str, Sequence[IdeaResult]]]) -> list[SharedIdea]:
    """Groups of ideas linked by a common id or tag that span two teams or more (`teams`:
    each team's id, name and ideas), the most widely tested first."""
    nodes = [(team, name, idea) for team, name, ideas in teams for idea in ideas]
    parent = list(range(len(nodes)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_key: dict[str, list[int]] = {}
    for index, (_, _, idea) in enumerate(nodes):
        for key in [f"id:{idea.id}", *(f"tag:{t}" for t in idea.tags)]:
            by_key.setdefault(key, []).append(index)
    for members in by_key.values():
        for other in members[1:]:
            parent[root(other)] = root(members[0])
    groups: dict[int, list[int]] = {}
    for index in range(len(nodes)):
        groups.setdefault(root(index), []).append(index)
    found = []
    for members in groups.values():
        if len({nodes[i][0] for i in members}) < 2:
            continue
        ideas = [nodes[i][2] for i in members]
        tags = sorted(
            {t for idea in ideas for t in idea.tags if sum(t in i.tags for i in ideas) > 1}
        )
        found.append(
            SharedIdea(
                ids=sorted({i.id for i in ideas}),
                tags=tags,
                results=[nodes[i] for i in members],
            )
        )
    return sorted(found, key=lambda s: (-s.teams, s.label))
