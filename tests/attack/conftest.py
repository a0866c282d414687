"""Fixtures of the attack suite: the worked example, a small project with a cycle in Do."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.attack.support import copy_example, invoke

CYCLE = "2026-11-02-sbar-card-days"


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the repository's worked example; the working directory."""
    root = copy_example(tmp_path / "example")
    monkeypatch.chdir(root)
    monkeypatch.delenv("PDSA_ROOT", raising=False)
    return root


@pytest.fixture
def planned(project: Path) -> Path:
    """The small project with one cycle in plan holding one measured prediction."""
    ok(invoke("new", "SBAR card days", "-c", "sbar-card", "--date", "2026-11-02"))
    ok(
        invoke(
            "predict",
            CYCLE,
            "Median handoff below 9 minutes",
            "-m",
            "handoff-minutes",
            "--below",
            "9",
            "-p",
            "0.7",
            "--id",
            "shorter",
        )
    )
    return project / "cycles" / f"{CYCLE}.yaml"


@pytest.fixture
def running(planned: Path) -> Path:
    """The cycle started on 2026-11-03 with a second, qualitative prediction and data."""
    ok(invoke("predict", CYCLE, "Nurses like the card", "--id", "liked"))
    ok(invoke("start", CYCLE, "--date", "2026-11-03"))
    for day, value in (("2026-11-02", "11"), ("2026-11-04", "8.5"), ("2026-11-06", "8")):
        ok(invoke("record", "handoff-minutes", value, "--date", day))
    return planned


def ok(run: object) -> None:
    """Assert a setup step worked."""
    assert getattr(run, "code", None) == 0, str(run)


def git(cwd: Path, *args: str, date: str = "2026-11-01T09:00:00") -> str:
    """The real git, with a fixed author and the given commit date (author and committer)."""
    stamp = f"{date} +0000"
    done = subprocess.run(
        ["git", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        env={
            "GIT_AUTHOR_NAME": "Test",
            "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "Test",
            "GIT_COMMITTER_EMAIL": "t@example.org",
            "GIT_AUTHOR_DATE": stamp,
            "GIT_COMMITTER_DATE": stamp,
            "HOME": str(cwd),
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        },
    )
    return done.stdout
