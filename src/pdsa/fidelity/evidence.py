"""What fidelity is judged on beyond the cycle files: git's proof and the measures' data.

The proof reuses `pdsa check --history`'s reading of git (one `git log` pass, one
`git cat-file` process): a prediction counts as written first when the commit that first
holds it in its final form comes before the commit that first records a result.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pdsa.errors import InvalidDataError
from pdsa.fingerprint import canonical
from pdsa.measures import measure_points
from pdsa.model import Cycle, Project, Status
from pdsa.runchart import series as series_mod
from pdsa.runchart.series import Series
from pdsa.runchart.verdict import apply_minimum
from pdsa.store import Workspace


@dataclass(frozen=True)
class Proof:
    """How the predictions' order was established: from git, or from the locks alone."""

    source: Literal["git", "lock"]
    note: str = ""  # why git was not used
    late: dict[str, list[str]] = field(default_factory=dict)  # cycle id -> what git shows
    checked: frozenset[str] = frozenset()  # cycles whose history was read


def prove(ws: Workspace, cycles: Sequence[Cycle], history: bool | None, today: dt.date) -> Proof:
    """Read git's history of the tested cycles (`history`: None when available, True
    required, False never). A cycle is late when `pdsa check --history` finds anything
    against it (PD701-PD708): predicted late, relocked, backdated, data seen first."""
    if history is False:
        return Proof("lock", "git history not read (--no-history)")
    if history is None and not _in_git(ws.root):
        # Most reports run outside git or in CI's shallow clones: say so without paying
        # for the history reader's imports and a git process.
        return Proof("lock", "the project is not in a git repository")
    from pdsa.check.files import FileResult
    from pdsa.check.proof import history_findings
    from pdsa.check.repo import HistoryUnavailableError, repository_root

    try:
        root = repository_root(ws.root)
    except HistoryUnavailableError as exc:
        if history:
            raise
        # Where the project is says nothing the reader needs, and would differ per machine.
        return Proof("lock", exc.message.replace(str(ws.root), "the project"))
    if not ws.cycles_dir.resolve().is_relative_to(root.resolve()):
        return Proof("lock", "the cycles folder is outside the git repository")
    tested = [c for c in cycles if c.status is not Status.PLAN and not c.retrospective]
    items = [
        FileResult(
            ws.cycle_path(c.id),
            cycle_id=c.id,
            status=c.status.value,
            predictions={p.id: canonical(p) for p in c.plan.predictions},
        )
        for c in tested
    ]
    by_path = {i.path: i.cycle_id for i in items}
    late: dict[str, list[str]] = {}
    project = ws.project()
    for finding in history_findings(ws, items, None, project, today) if items else []:
        cycle_id = by_path.get(finding.path)
        if cycle_id is not None:
            late.setdefault(cycle_id, []).append(f"{finding.code} {finding.message}")
    return Proof("git", "", late, frozenset(c.id for c in tested))


def _in_git(folder: Path) -> bool:
    """Whether a `.git` is in the folder or above it (or git is pointed elsewhere)."""
    if os.environ.get("GIT_DIR"):
        return True
    here = folder.resolve()
    return any((f / ".git").exists() for f in (here, *here.parents))


def measure_series(
    ws: Workspace, project: Project, given: Mapping[str, Series]
) -> dict[str, Series]:
    """Every measure's analysed series, reusing those already built; a measure whose file
    cannot be read has no data here (the report and `pdsa check` name the file)."""
    found = {}
    for m in project.measures:
        if m.id in given:
            found[m.id] = given[m.id]
            continue
        try:
            points = measure_points(ws, m.id)
        except InvalidDataError:
            points = []
        found[m.id] = apply_minimum(series_mod.build(m, points), project.settings.min_points)
    return found
