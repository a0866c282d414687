"""`pdsa check --history` in real git repositories made with the real git binary."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests import historykit as kit
from tests.conftest import PROJECT_YAML, Invoke, git


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


# --- honest histories the history rules (PD701-PD708) must keep passing ----------------------


@pytest.fixture
def repo(project: Path) -> Path:
    """The project as a dated git repository (tests/historykit.py)."""
    return kit.init_repo(project)


@pytest.mark.parametrize("folder", ["pé", 'ward "4"', "ward\t4", "[x]*"])
def test_honest_history_in_a_folder_git_would_quote(
    tmp_path: Path, run: Invoke, folder: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    top = tmp_path / "repo"
    root = top / folder
    (root / "cycles").mkdir(parents=True)
    (root / "measures").mkdir()
    (root / "pdsa.yaml").write_text(PROJECT_YAML)
    monkeypatch.chdir(root)
    git(top, "init", "-q", "-b", "main")
    kit.commit(top, "project", "2026-09-01")
    git(top, "branch", "base")
    kit.honest(top, run)
    assert kit.findings(run) == (0, [])
    assert kit.findings(run, "--base", "base") == (0, [])


def test_honest_plans_that_change_before_the_start_pass(repo: Path, run: Invoke) -> None:
    path = kit.plan(run)
    kit.commit(repo, "first thoughts", "2026-10-01T09:00:00Z")
    kit.edit(path, "{below: 8}", "{below: 7}")
    kit.commit(repo, "second thoughts", "2026-10-01T10:00:00Z")
    assert run("start", "sbar", "--date", "2026-10-02").exit_code == 0  # uncommitted start
    assert kit.findings(run) == (0, [])
    kit.commit(repo, "start", "2026-10-02")
    assert kit.findings(run) == (0, [])


def test_honest_branches_merged(repo: Path, run: Invoke) -> None:
    git(repo, "checkout", "-q", "-b", "nights")
    assert run("new", "Nights", "--date", "2026-10-01").exit_code == 0
    assert run("predict", "nights", "Nights shorter", "--id", "nights").exit_code == 0
    kit.commit(repo, "nights plan", "2026-10-01")
    git(repo, "checkout", "-q", "main")
    kit.honest(repo, run)
    git(repo, "checkout", "-q", "nights")
    assert run("start", "nights", "--date", "2026-10-03").exit_code == 0
    kit.commit(repo, "nights start", "2026-10-03")
    git(repo, "checkout", "-q", "main")
    git(
        repo,
        "merge",
        "-q",
        "--no-edit",
        "nights",
        env={"GIT_COMMITTER_DATE": "2026-10-05T12:00:00Z"},
    )
    assert kit.findings(run) == (0, [])


@pytest.mark.parametrize("when", ["before", "after"])
def test_honest_rename_by_git_mv(repo: Path, run: Invoke, when: str) -> None:
    kit.plan(run)
    kit.commit(repo, "plan", "2026-10-01")
    new = "cycles/2026-10-01-sbar-card-days.yaml"

    def rename() -> None:
        git(repo, "mv", kit.CYCLE, new)
        kit.edit(Path(new), "id: 2026-10-01-sbar-card\n", "id: 2026-10-01-sbar-card-days\n")
        kit.commit(repo, "rename", "2026-10-02")

    if when == "before":
        rename()
    assert run("start", "sbar", "--date", "2026-10-02").exit_code == 0
    kit.commit(repo, "start", "2026-10-02")
    if when == "after":
        rename()
    code, found = kit.findings(run)
    assert (code, found) == (0, []), found


def test_honest_ramp_repeats_a_prediction(repo: Path, run: Invoke) -> None:
    kit.honest(repo, run)
    assert run("new", "SBAR card, nights", "--date", "2026-10-05").exit_code == 0
    args = ("--id", "shorter", "-m", "handoff-minutes", "--below", "8")
    assert run("predict", "nights", "Handoffs get shorter", *args).exit_code == 0
    kit.commit(repo, "the same prediction, for the next test", "2026-10-05")
    assert run("start", "nights", "--date", "2026-10-06").exit_code == 0
    kit.record(run, "2026-10-06")
    kit.commit(repo, "start", "2026-10-07")
    assert kit.findings(run) == (0, [])  # the first cycle is still there: no PD707


def test_a_version_git_cannot_read_stops_the_proof(repo: Path, run: Invoke) -> None:
    kit.honest(repo, run)
    blob = git(repo, "rev-parse", f"HEAD~1:{kit.CYCLE}").strip()
    (repo / ".git" / "objects" / blob[:2] / blob[2:]).unlink()  # as in a broken partial clone
    result = run("check", "--history")
    assert result.exit_code == 2, result.output
    assert "history is incomplete" in result.stderr and blob[:10] in result.stderr
