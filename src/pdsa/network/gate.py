"""`pdsa network check`: `pdsa check` on every team's project, the hub's CI gate.

Each team is checked exactly as `pdsa check` checks it in its own repository (its own
`check:` settings apply), with the history proof when the hub fetched full history and the
fidelity gate when a minimum is set. A team that could not be fetched or read fails the gate
with the reason, and never stops the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from pdsa.check import CheckOptions, CheckResult, run_check
from pdsa.check.findings import Finding
from pdsa.errors import InvalidDataError, PdsaError
from pdsa.fidelity import fidelity_rule
from pdsa.model import Project
from pdsa.network.config import source_text
from pdsa.network.fetch import Fetched
from pdsa.parallel import pool_map
from pdsa.store import PROJECT_FILE, Workspace


@dataclass(frozen=True)
class GateOptions:
    """How strictly every team is checked."""

    today: dt.date
    history: bool = False
    strict: bool = False
    min_fidelity: int | None = None


@dataclass(frozen=True)
class TeamCheck:
    """One team's check, or why it could not be checked."""

    id: str
    name: str
    source: str
    fetch: str
    error: str = ""  # unreachable or unreadable: the team fails without a check
    result: CheckResult | None = None

    @property
    def passed(self) -> bool:
        """Checked, fetched fresh, and no errors."""
        return (
            self.result is not None
            and not self.error
            and self.fetch not in ("stale", "unreachable")
            and not self.result.errors
        )


def check_team(fetched: Fetched, options: GateOptions) -> TeamCheck:
    """`pdsa check` on one team's fetched project."""
    team = fetched.team
    head = TeamCheck(team.id, team.name or team.id, source_text(team), fetched.status)
    if fetched.root is None:
        return replace(head, error=fetched.error or "not fetched")
    if not (fetched.root / PROJECT_FILE).is_file():
        return replace(head, error=f"no {PROJECT_FILE} in {team.subfolder or 'the repository'}")
    more: tuple[Callable[[Workspace, Project | None], list[Finding]], ...] = ()
    if options.min_fidelity is not None:
        proof = True if options.history else None
        more = (fidelity_rule(options.min_fidelity, today=options.today, history=proof),)
    try:
        result = run_check(
            Workspace(fetched.root),
            CheckOptions(
                strict=options.strict, history=options.history, today=options.today, more=more
            ),
        )
    except InvalidDataError as exc:
        return replace(head, error=str(exc.problems[0]) if exc.problems else exc.message)
    except PdsaError as exc:
        return replace(head, error=exc.lines()[0])
    return replace(head, error=fetched.error if fetched.status == "stale" else "", result=result)


def _job(job: tuple[Fetched, GateOptions]) -> TeamCheck:
    return check_team(*job)


def check_all(fetched: Sequence[Fetched], options: GateOptions) -> list[TeamCheck]:
    """Check every team, in worker processes when there are several."""
    return pool_map(_job, [(f, options) for f in fetched], min_items=8)
