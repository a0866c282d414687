"""Shared fixtures: a small real project on disk, a CLI runner, git helpers."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner, Result

from pdsa.cli import app

# Speed is measured in benchmarks/, not in tests: on a loaded CI machine a property test's
# example may take longer than hypothesis's default 200 ms deadline without being wrong.
settings.register_profile("pdsa", deadline=None)
settings.load_profile("pdsa")

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
CLI_ENV = {"TERM": "dumb", "NO_COLOR": "1", "COLUMNS": "200", "PDSA_ROOT": ""}

PROJECT_YAML = """\
# yaml-language-server: $schema=.pdsa/project.schema.json
schema_version: 1
name: Ward 4 handoffs
aims:
  - statement: Median handoff under 8 minutes by March 2027 for Ward 4 patients
measures:
  - id: handoff-minutes
    title: Handoff duration
    unit: minutes
    type: outcome
    better: lower
    goal: 8
  - id: late-meds
    title: Late medication doses
    unit: doses
    type: balancing
    better: lower
drivers:
  - id: reliable-handoff
    title: Reliable handoffs
    secondary:
      - id: shared-format
        title: One shared format
change_ideas:
  - id: sbar-card
    title: SBAR card
    driver: shared-format
  - id: bedside-handoff
    title: Handoff at the bedside
    driver: reliable-handoff
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An initialised project with measures and change ideas; the working directory."""
    root = tmp_path / "ward4"
    root.mkdir()
    (root / "pdsa.yaml").write_text(PROJECT_YAML, encoding="utf-8")
    (root / "cycles").mkdir()
    (root / "measures").mkdir()
    monkeypatch.chdir(root)
    monkeypatch.delenv("PDSA_ROOT", raising=False)
    return root


Invoke = Callable[..., Result]


@pytest.fixture
def run() -> Invoke:
    """Run the CLI in-process with a plain, colourless terminal."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, list(args), env=CLI_ENV, input=input)

    return invoke


def git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """Run the real git binary and return its stdout (`env` adds variables, e.g. dates)."""
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
            "HOME": str(cwd),
            "PATH": _path(),
            **(env or {}),
        },
    )
    return done.stdout


def _path() -> str:
    import os

    return os.environ.get("PATH", "/usr/bin:/bin")


@pytest.fixture
def git_project(project: Path) -> Path:
    """The project as a git repository with one commit."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "start")
    return project


def interruptible() -> None:
    """`preexec_fn` for a child that tests Ctrl-C: SIGINT back to its default.

    A test run started in the background by a non-interactive shell (`cmd &` in a CI
    script) inherits SIGINT ignored; Python then installs no KeyboardInterrupt handler in
    the child, and a Ctrl-C sent to its terminal would do nothing at all.
    """
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)
