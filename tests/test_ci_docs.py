"""The documented GitHub workflow is hardened (what zizmor checks), and every `--out` takes
`-` for stdout, so the job summary is one line."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO, Invoke

DOC = REPO / "docs" / "ci-github.md"


def workflow() -> tuple[str, dict[str, object]]:
    text = DOC.read_text()
    block = re.search(r"Save as `\.github/workflows/pdsa\.yml`:\n\n```yaml\n(.*?)```", text, re.S)
    assert block is not None
    return block.group(1), yaml.safe_load(block.group(1))


def steps(flow: dict[str, object]) -> list[dict[str, str]]:
    jobs = flow["jobs"]
    assert isinstance(jobs, dict)
    return [s for job in jobs.values() for s in job["steps"]]


def test_no_expression_in_a_run_line() -> None:
    _, flow = workflow()
    runs = [s["run"] for s in steps(flow) if "run" in s]
    assert runs and not [r for r in runs if "${{" in r]


def test_actions_pinned_by_commit_and_permissions_set() -> None:
    _, flow = workflow()
    uses = [s["uses"] for s in steps(flow) if "uses" in s]
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", u) for u in uses)
    assert flow["permissions"] == {"contents": "read"}


def test_the_job_summary_line_is_in_the_workflow() -> None:
    text, _ = workflow()
    assert 'pdsa report --format markdown --out - >> "$GITHUB_STEP_SUMMARY"' in text


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("zizmor") is None, reason="zizmor is not installed")
def test_zizmor_finds_nothing(tmp_path: Path) -> None:
    text, _ = workflow()
    path = tmp_path / ".github" / "workflows" / "pdsa.yml"
    path.parent.mkdir(parents=True)
    path.write_text(text)
    zizmor = shutil.which("zizmor")
    assert zizmor is not None
    done = subprocess.run(
        [zizmor, "--offline", "--persona", "pedantic", str(path)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


OUTS = [
    ("report", "--format", "markdown", "--out", "-"),
    ("report", "--format", "html", "--out", "-"),
    ("chart", "handoff-minutes", "--out", "-"),
    ("chart", "handoff-minutes", "--format", "csv", "--out", "-"),
    ("schema", "--out", "-"),
]


@pytest.mark.parametrize("args", OUTS, ids=lambda a: " ".join(a[:3]))
def test_every_out_takes_a_dash_for_stdout(
    args: tuple[str, ...], run: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(REPO)
    before = sorted(p.name for p in REPO.iterdir())
    result = run(*args, "--date", "2026-11-21") if args[0] != "schema" else run(*args)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() and "wrote" not in result.stderr
    assert sorted(p.name for p in REPO.iterdir()) == before  # no file named '-', no charts
    summary = tmp_path / "summary.md"  # what `>> "$GITHUB_STEP_SUMMARY"` does
    summary.write_text(result.stdout)
    assert summary.read_text() == result.stdout
