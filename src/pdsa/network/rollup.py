"""The network roll-up: each team's numbers from its own report, side by side.

Each team's project is read exactly as `pdsa report` reads it (`build_report`): the aim, the
latest point of each measure against its goal, the predictions made, judged and met, the
calibration, the method fidelity and the suggested progress score, and how many cycles it
starts a month. A team whose source could not be fetched, or whose pdsa.yaml cannot be read,
is kept in the roll-up with the reason; it never stops the others. Teams are analysed in
worker processes when there are many (`pdsa.parallel`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from pdsa.errors import InvalidDataError, PdsaError, Problem
from pdsa.network.config import source_text
from pdsa.network.fetch import Fetched
from pdsa.network.shared import IdeaResult, SharedIdea, idea_results, shared_ideas
from pdsa.parallel import pool_map
from pdsa.report import Report, build_report
from pdsa.store import PROJECT_FILE, Workspace

TeamState = Literal["ok", "stale", "unreachable", "broken"]
# Cycles per month is counted over this many months, the current one included.
TEMPO_MONTHS = 6


@dataclass(frozen=True)
class MeasureLine:
    """One measure's latest point against its goal."""

    id: str
    title: str
    type: str
    latest: tuple[dt.date, float] | None
    goal: float | None
    goal_met: bool | None
    status: str  # "latest 8.3 minutes (16 Nov 2026); goal 8, not yet met"
    signal: bool


@dataclass(frozen=True)
class TeamSummary:
    """Everything the network report shows about one team."""

    id: str
    name: str
    source: str
    state: TeamState
    fetch: str  # the fetch status: cloned, fetched, unchanged, local, cached, stale, ...
    commit: str | None = None
    error: str = ""
    project: str = ""
    aims: list[str] = field(default_factory=list)
    measures: list[MeasureLine] = field(default_factory=list)
    cycles: int = 0
    tested: int = 0
    started_by_month: dict[str, int] = field(default_factory=dict)
    made: int = 0
    judged: int = 0
    met: int = 0
    brier: float | None = None
    scored: int = 0
    fidelity: int | None = None
    fidelity_counts: dict[str, tuple[int, int]] = field(default_factory=dict)
    progress: float | None = None
    progress_label: str = ""
    ideas: list[IdeaResult] = field(default_factory=list)
    unreadable: list[Problem] = field(default_factory=list)  # files the report left out

    @property
    def cycles_per_month(self) -> float:
        """Cycles started a month over the last TEMPO_MONTHS months."""
        return sum(self.started_by_month.values()) / TEMPO_MONTHS

    @property
    def rate(self) -> float | None:
        """Share of judged predictions that came true."""
        return self.met / self.judged if self.judged else None


@dataclass(frozen=True)
class NetworkReport:
    """The roll-up of every team, and the change ideas tested in more than one."""

    name: str
    today: dt.date
    teams: list[TeamSummary]
    shared: list[SharedIdea]

    @property
    def failed(self) -> list[TeamSummary]:
        """Teams missing from the roll-up or shown from an old copy."""
        return [t for t in self.teams if t.state != "ok"]

    @property
    def unreadable(self) -> list[TeamSummary]:
        """Teams in the roll-up with some files that could not be used."""
        return [t for t in self.teams if t.unreadable]


def months_back(today: dt.date, count: int) -> list[str]:
    """`YYYY-MM` of the last `count` months, oldest first, the current one last."""
    index = today.year * 12 + today.month - 1
    return [f"{(i // 12):04d}-{(i % 12) + 1:02d}" for i in range(index - count + 1, index + 1)]


def summarise(fetched: Fetched, today: dt.date) -> TeamSummary:
    """One team's summary from its fetched project (or the reason there is none)."""
    team = fetched.team
    head = TeamSummary(
        id=team.id,
        name=team.name or team.id,
        source=source_text(team),
        state="unreachable",
        fetch=fetched.status,
        commit=fetched.commit,
        error=fetched.error,
    )
    if fetched.root is None:
        return head
    if not (fetched.root / PROJECT_FILE).is_file():
        where = f"in {team.subfolder}" if team.subfolder else "at the top of the repository"
        return replace(head, state="broken", error=f"no {PROJECT_FILE} {where}")
    try:
        report = build_report(Workspace(fetched.root), today=today)
    except InvalidDataError as exc:
        first = exc.problems[0] if exc.problems else exc.message
        more = f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
        return replace(head, state="broken", error=f"{first}{more}")
    except PdsaError as exc:
        return replace(head, state="broken", error=exc.lines()[0])
    return _from_report(head, fetched, report, today)


def _from_report(
    head: TeamSummary, fetched: Fetched, report: Report, today: dt.date
) -> TeamSummary:
    started = dict.fromkeys(months_back(today, TEMPO_MONTHS), 0)
    for c in report.cycles:
        if c.started is not None and (key := f"{c.started:%Y-%m}") in started:
            started[key] += 1
    total = report.hit_rates[""]
    fid = report.fidelity
    return replace(
        head,
        name=fetched.team.name or report.project.name,
        state="stale" if fetched.status == "stale" else "ok",
        project=report.project.name,
        aims=[a.statement for a in report.project.aims],
        measures=[
            MeasureLine(
                s.series.measure.id,
                s.series.measure.title,
                s.series.measure.type,
                s.latest,
                s.series.measure.goal,
                s.goal_met,
                s.status(),
                s.series.signal(),
            )
            for s in report.measures
        ],
        cycles=len(report.cycles),
        tested=sum(1 for c in report.cycles if c.started is not None),
        started_by_month=started,
        made=total.made,
        judged=total.judged,
        met=total.met,
        brier=report.calibration.brier,
        scored=report.calibration.judged,
        fidelity=fid.percent if fid else None,
        fidelity_counts={c.value: n for c, n in fid.counts().items()} if fid else {},
        progress=fid.progress.score if fid else None,
        progress_label=fid.progress.label if fid else "",
        ideas=idea_results(report),
        unreadable=list(report.unreadable),
    )


def _job(job: tuple[Fetched, dt.date]) -> TeamSummary:
    return summarise(*job)


def roll_up(name: str, fetched: Sequence[Fetched], today: dt.date) -> NetworkReport:
    """Summarise every team (in worker processes when there are several) and match the
    change ideas they share."""
    teams = pool_map(_job, [(f, today) for f in fetched], min_items=8)
    return NetworkReport(name, today, teams, shared_ideas([(t.id, t.name, t.ideas) for t in teams]))
