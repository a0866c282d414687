"""`pdsa check --history`: findings from the git history of the cycle files."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from pdsa.check.findings import Finding
from pdsa.check.history import WORKTREE, changed_since, late_predictions, repository_root, versions

if TYPE_CHECKING:
    from pdsa.check.files import FileResult
    from pdsa.store import Workspace


def history_findings(ws: Workspace, items: Sequence[FileResult], base: str | None) -> list[Finding]:
    """PD701 for every prediction not committed before its cycle's results."""
    root = repository_root(ws.root)
    cycles_spec = str(ws.cycles_dir.resolve().relative_to(root))
    by_rel = {str((ws.root / "cycles" / i.path.name).resolve().relative_to(root)): i for i in items}
    if base is not None:
        changed = changed_since(root, base, cycles_spec)
        by_rel = {rel: i for rel, i in by_rel.items() if rel in changed}
    found = versions(root, by_rel, cycles_spec)
    findings = []
    for rel, item in sorted(by_rel.items()):
        current = item.predictions
        late = late_predictions(root, found[rel], current)
        if not late:
            continue
        names = ("prediction " if len(late) == 1 else "predictions ") + ", ".join(
            f"'{x.prediction}'" for x in late
        )
        were = "was" if len(late) == 1 else "were"
        are = "is" if len(late) == 1 else "are"
        first = late[0]
        results = _short(first.results_in)
        if all(x.predicted_in == WORKTREE for x in late):
            message = f"{names} {are} not committed yet, but the results are recorded"
        elif all(x.predicted_in == first.results_in for x in late):
            message = f"{names} {were} first committed together with the results ({results})"
        else:
            message = f"{names} {were} not committed before the results ({results})"
        findings.append(
            Finding(
                "PD701",
                message,
                item.path,
                ("plan", "predictions", list(current).index(first.prediction)),
                hint="commit predictions before `pdsa start`",
            )
        )
    return findings


def _short(commit: str) -> str:
    return commit if commit == WORKTREE else f"commit {commit[:10]}"
