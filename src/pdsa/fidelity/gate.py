"""`pdsa check --min-fidelity N`: a finding (PD801) when the project's fidelity is below N.

The check runs below this tier, so it takes the rule as a function (`CheckOptions.more`)
and passes the finding through the project's `check: {ignore, warn}` like any other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from pdsa.check.findings import Finding
from pdsa.fidelity import CRITERIA, Fidelity, assess_workspace
from pdsa.model import Project
from pdsa.store import Workspace


def low_fidelity(ws: Workspace, fidelity: Fidelity, minimum: int) -> list[Finding]:
    """PD801 when the project's score is below `minimum` percent (nothing while no ramp has
    a test to judge: a new project is not failed for work it has not done yet)."""
    percent = fidelity.percent
    if percent is None or percent >= minimum:
        return []
    weakest = sorted(
        ((met, of, c) for c, (met, of) in fidelity.counts().items() if met < of),
        key=lambda item: (item[0] / item[1], list(CRITERIA).index(item[2])),
    )
    named = "; ".join(f"{c.value} met in {met} of {of} ramps" for met, of, c in weakest[:3])
    fix = next(
        (v.fix for r in fidelity.ramps for v in r.verdicts if not v.met and v.fix),
        "see pdsa fidelity",
    )
    return [
        Finding(
            "PD801",
            f"method fidelity {percent}% is below the minimum {minimum}%: {named}",
            ws.rel(ws.project_path),
            ("name",),
            hint=f"{fix} (pdsa fidelity explains each criterion)",
        )
    ]


def fidelity_rule(
    minimum: int, *, today: dt.date, history: bool | None = None
) -> Callable[[Workspace, Project | None], list[Finding]]:
    """The rule `pdsa check` runs for `--min-fidelity minimum`."""

    def rule(ws: Workspace, project: Project | None) -> list[Finding]:
        if project is None:  # pdsa.yaml does not load: the check already says why
            return []
        return low_fidelity(ws, assess_workspace(ws, today=today, history=history), minimum)

    return rule
