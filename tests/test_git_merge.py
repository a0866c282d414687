"""Two branches add cycles on the same day and merge without a conflict."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Invoke, git


def test_two_branches_new_cycles_merge_cleanly(git_project: Path, run: Invoke) -> None:
    git(git_project, "checkout", "-q", "-b", "nights")
    assert (
        run("new", "SBAR card on nights", "-c", "sbar-card", "--date", "2026-11-21").exit_code == 0
    )
    git(git_project, "add", "-A")
    git(git_project, "commit", "-q", "-m", "nights cycle")

    git(git_project, "checkout", "-q", "main")
    assert run("new", "Bedside handoff trial", "--date", "2026-11-21").exit_code == 0
    git(git_project, "add", "-A")
    git(git_project, "commit", "-q", "-m", "bedside cycle")

    git(git_project, "merge", "-q", "--no-edit", "nights")  # raises on conflict
    assert git(git_project, "status", "--porcelain") == ""
    names = sorted(p.name for p in (git_project / "cycles").glob("*.yaml"))
    assert names == [
        "2026-11-21-bedside-handoff-trial.yaml",
        "2026-11-21-sbar-card-nights.yaml",
    ]
    listed = run("list", "--json")
    assert listed.exit_code == 0 and listed.stdout.count('"id"') == 2
