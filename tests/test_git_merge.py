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


def test_schemas_with_ids_merge_cleanly_and_stay_valid(tmp_path: Path, run: Invoke) -> None:
    """Both branches add an id to .pdsa/*.schema.json; git's union driver keeps both."""
    import json
    import os

    root = tmp_path / "ward"
    assert run("init", str(root)).exit_code == 0
    os.chdir(root)
    assert run("add", "idea", "sbar-card", "-t", "SBAR card").exit_code == 0
    assert run("new", "First test", "--date", "2026-11-01").exit_code == 0
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "project")
    git(root, "checkout", "-q", "-b", "nights")
    assert (
        run("new", "SBAR card on nights", "-c", "sbar-card", "--date", "2026-11-21").exit_code == 0
    )
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "nights cycle")
    git(root, "checkout", "-q", "main")
    assert run("add", "idea", "bedside", "-t", "Bedside handoff").exit_code == 0
    assert run("new", "Bedside handoff trial", "--date", "2026-11-21").exit_code == 0
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "bedside cycle")

    git(root, "merge", "-q", "--no-edit", "nights")  # raises on conflict
    schema = json.loads((root / ".pdsa" / "cycle.schema.json").read_text())  # valid JSON
    follows = schema["properties"]["follows"]["anyOf"][0]["enum"]
    assert {"2026-11-21-bedside-handoff-trial", "2026-11-21-sbar-card-nights"} <= set(follows)
    # pdsa.yaml itself needs the usual merge; the schemas never stand in the way.
    assert git(root, "status", "--porcelain") == ""
