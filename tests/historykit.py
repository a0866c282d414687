"""Helpers for the history proof's tests: a dated story of commits in a real repository.

Commits are dated as the story goes (GIT_AUTHOR_DATE, GIT_COMMITTER_DATE): PD703 compares
do.started with the day predictions were committed, so a commit made "now" would look like
a backdated start.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke, git

CYCLE = "cycles/2026-10-01-sbar-card.yaml"


def init_repo(project: Path) -> Path:
    """The project as a git repository whose first commit is dated before any cycle."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    git(project, "init", "-q", "-b", "main")
    commit(project, "project", "2026-09-01")
    return project


def commit(root: Path, message: str, on: str) -> str:
    """Commit everything with author and committer dated `on` (a day, noon UTC by default)."""
    when = on if "T" in on else f"{on}T12:00:00Z"
    git(root, "add", "-A")
    git(
        root,
        "commit",
        "-q",
        "-m",
        message,
        env={"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when},
    )
    return git(root, "rev-parse", "HEAD").strip()


def findings(run: Invoke, *args: str) -> tuple[int, list[dict[str, Any]]]:
    result = run("check", "--history", "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)["findings"]


def only(found: list[dict[str, Any]], code: str) -> dict[str, Any]:
    hits = [f for f in found if f["code"] == code]
    assert len(hits) == 1, [(f["code"], f["message"]) for f in found]
    return hits[0]


def names(finding: dict[str, Any], *commits: str) -> None:
    """The finding names each commit by its short hash."""
    for sha in commits:
        assert sha[:10] in finding["message"], (sha[:10], finding["message"])


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def unlock(path: Path) -> None:
    """Status back to plan, the lock deleted: what the hedge does by hand."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\n  locked:\n(?:    .*\n)+", "\n", text).replace("status: do", "status: plan")
    path.write_text(text, encoding="utf-8")


def plan(run: Invoke, *, predict: bool = True, below: str = "8") -> Path:
    assert run("new", "SBAR card", "--date", "2026-10-01").exit_code == 0
    if predict:
        args = ("--id", "shorter", "-m", "handoff-minutes", "--below", below)
        assert run("predict", "sbar", "Handoffs get shorter", *args).exit_code == 0
    return Path(CYCLE)


def record(run: Invoke, *days: str, value: str = "7") -> None:
    for day in days:
        assert run("record", "handoff-minutes", value, "--date", day).exit_code == 0


def honest(repo: Path, run: Invoke) -> None:
    """Plan committed, then the start and the data: the history the proof expects."""
    plan(run)
    commit(repo, "plan", "2026-10-01")
    assert run("start", "sbar", "--date", "2026-10-02").exit_code == 0
    record(run, "2026-10-02", "2026-10-03")
    commit(repo, "start and data", "2026-10-04")
