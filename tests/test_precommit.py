"""The pre-commit hook as pre-commit runs it: from the repository's top, with the changed
files that match its `files:` pattern, for a project at the top or in a subfolder."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.checkfixture import A_ID, write_clean_project
from tests.conftest import CLI_ENV, PROJECT_YAML, REPO, git

EXE = shutil.which("pdsa", path=str(Path(sys.executable).parent))
HOOK = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())[0]


def run_hook(repo: Path) -> subprocess.CompletedProcess[str]:
    """What `pre-commit run` does: staged files matching `files:`, appended to the entry."""
    staged = git(repo, "diff", "--cached", "--name-only", "--diff-filter=ACMRTUXB").split()
    chosen = [f for f in staged if re.search(HOOK["files"], f)]
    assert chosen, "the hook would not run at all"
    assert EXE is not None
    entry = shlex.split(HOOK["entry"])
    args = [EXE, *entry[1:], *(chosen if HOOK["pass_filenames"] else [])]
    env = {**CLI_ENV, "PATH": "/usr/bin:/bin"}
    env.pop("PDSA_ROOT")
    return subprocess.run(args, cwd=repo, env=env, capture_output=True, text=True, timeout=120)


def repo_with_project(tmp_path: Path, folder: str) -> Path:
    repo = tmp_path / "repo"
    project = repo / folder if folder else repo
    for sub in ("cycles", "measures"):
        (project / sub).mkdir(parents=True)
    (project / "pdsa.yaml").write_text(PROJECT_YAML, encoding="utf-8")
    write_clean_project(project)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "clean project")
    return repo


def break_a_cycle(project: Path) -> None:
    path = project / "cycles" / f"{A_ID}.yaml"
    text = path.read_text().replace("actual: 7.5", "actual: 8.5")
    path.write_text(text.replace("finished: 2026-10-09", "finished: 2026-10-02"))


@pytest.mark.parametrize("folder", ["", "qi", "teams/ward4"])
def test_the_hook_stops_a_cycle_with_errors_wherever_the_project_is(
    tmp_path: Path, folder: str
) -> None:
    repo = repo_with_project(tmp_path, folder)
    project = repo / folder if folder else repo
    break_a_cycle(project)
    git(repo, "add", "-A")
    done = run_hook(repo)
    assert done.returncode == 1, done.stdout + done.stderr
    prefix = f"{folder}/" if folder else ""
    assert f"{prefix}cycles/{A_ID}.yaml" in done.stdout
    assert "2 errors" in done.stdout


def test_the_hook_checks_the_whole_project_not_only_the_files(tmp_path: Path) -> None:
    repo = repo_with_project(tmp_path, "qi")
    # Only pdsa.yaml changes, but it breaks a cycle that names the measure it removes.
    project_file = repo / "qi" / "pdsa.yaml"
    project_file.write_text(project_file.read_text().replace("handoff-minutes", "handoff-mins"))
    git(repo, "add", "-A")
    done = run_hook(repo)
    assert done.returncode == 1
    assert "PD503" in done.stdout


def test_a_clean_commit_passes(tmp_path: Path) -> None:
    repo = repo_with_project(tmp_path, "qi")
    note = repo / "qi" / "cycles" / f"{A_ID}.yaml"
    note.write_text(note.read_text() + "# a comment\n")
    git(repo, "add", "-A")
    done = run_hook(repo)
    assert done.returncode == 0, done.stdout + done.stderr


def test_check_of_a_path_that_does_not_exist_exits_2(project: Path) -> None:
    from typer.testing import CliRunner

    from pdsa.cli import app

    result = CliRunner().invoke(app, ["check", "cycles/no-such-cycle.yaml"], env=CLI_ENV)
    assert result.exit_code == 2
    assert "no such file" in result.stderr
