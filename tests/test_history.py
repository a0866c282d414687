"""`pdsa check --history` in real git repositories made with the real git binary."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import Invoke, git


def new_cycle(run: Invoke, title: str) -> Path:
    result = run("new", title, "--date", "2026-11-02")
    assert result.exit_code == 0, result.output
    return Path(result.stdout.strip())


def commit(root: Path, message: str, on: str = "2026-11-02T12:00:00Z") -> None:
    # Dated as the story goes: PD703 compares do.started with the day predictions were
    # committed, so a test commit made "now" would look like a backdated start.
    dates = {"GIT_AUTHOR_DATE": on, "GIT_COMMITTER_DATE": on}
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, env=dates)


def test_predictions_committed_before_start_pass(git_project: Path, run: Invoke) -> None:
    new_cycle(run, "SBAR card")
    assert run("predict", "sbar", "Handoffs get shorter", "--id", "shorter").exit_code == 0
    commit(git_project, "plan")
    assert run("start", "sbar", "--date", "2026-11-03").exit_code == 0
    commit(git_project, "start")
    result = run("check", "--history")
    assert result.exit_code == 0, result.stdout


def test_predictions_committed_with_the_start_fail(git_project: Path, run: Invoke) -> None:
    new_cycle(run, "SBAR card")
    commit(git_project, "empty plan")
    assert run("predict", "sbar", "Handoffs get shorter", "--id", "shorter").exit_code == 0
    assert run("start", "sbar", "--date", "2026-11-03").exit_code == 0
    commit(git_project, "plan and start at once")
    assert run("check").exit_code == 0  # the lock alone cannot see this
    result = run("check", "--history", "--format", "json")
    assert result.exit_code == 1
    (finding,) = [
        f for f in __import__("json").loads(result.stdout)["findings"] if f["code"] == "PD701"
    ]
    assert (
        "prediction 'shorter' was first committed together with the results" in finding["message"]
    )
    assert finding["line"] > 0


def test_uncommitted_predictions_with_a_recorded_start_fail(git_project: Path, run: Invoke) -> None:
    new_cycle(run, "SBAR card")
    commit(git_project, "empty plan")
    assert run("predict", "sbar", "Handoffs get shorter").exit_code == 0
    assert run("start", "sbar", "--date", "2026-11-03").exit_code == 0
    result = run("check", "--history")
    assert result.exit_code == 1 and "is not committed yet" in result.stdout


def test_a_prediction_added_later_is_named(git_project: Path, run: Invoke) -> None:
    path = new_cycle(run, "SBAR card")
    assert run("predict", "sbar", "Handoffs get shorter", "--id", "shorter").exit_code == 0
    commit(git_project, "plan")
    text = path.read_text()
    path.write_text(text.replace("status: plan", "status: do"))
    assert run("check", "--history").exit_code == 1  # PD301 not locked, not PD701
    path.write_text(text)
    assert run("predict", "sbar", "Nobody objects", "--id", "late").exit_code == 0
    assert run("start", "sbar", "--date", "2026-11-03").exit_code == 0
    commit(git_project, "late prediction and start")
    result = run("check", "--history")
    assert result.exit_code == 1
    assert "prediction 'late' was first committed together" in result.stdout
    assert "'shorter'" not in result.stdout


def test_base_limits_the_history_check(git_project: Path, run: Invoke) -> None:
    new_cycle(run, "SBAR card")
    commit(git_project, "empty plan")
    assert run("predict", "sbar", "Shorter").exit_code == 0
    assert run("start", "sbar", "--date", "2026-11-03").exit_code == 0
    commit(git_project, "bad")
    git(git_project, "branch", "base")
    assert run("new", "Bedside", "--date", "2026-11-04").exit_code == 0
    commit(git_project, "new plan")
    assert run("check", "--history").exit_code == 1
    assert run("check", "--history", "--base", "base").exit_code == 0
    result = run("check", "--history", "--base", "nope")
    assert result.exit_code == 2 and "no such revision" in result.stderr
    result = run("check", "--history", "--base", "--output=x")  # never read as an option
    assert result.exit_code == 2 and "no such revision" in result.stderr


def test_not_a_git_repository(project: Path, run: Invoke) -> None:
    result = run("check", "--history")
    assert result.exit_code == 2
    assert "is not in a git repository" in result.stderr and "Traceback" not in result.output


def test_shallow_clone_says_to_fetch_full_history(
    git_project: Path, run: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new_cycle(run, "SBAR card")
    commit(git_project, "second")
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{git_project}", str(shallow)],
        check=True,
        capture_output=True,
    )
    monkeypatch.chdir(shallow)
    result = run("check", "--history")
    assert result.exit_code == 2
    assert "shallow clone" in result.stderr and "fetch-depth: 0" in result.stderr
