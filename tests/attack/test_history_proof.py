"""#13 item 1: `check --history` must not be beaten by ordinary git commits.

Every history here is built with the real git binary; commit dates are set explicitly so the
order of events is the one a dishonest (or honest) team would produce.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.attack.conftest import CYCLE, git, ok
from tests.attack.support import assert_sane, invoke

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

REL = f"cycles/{CYCLE}.yaml"


def commit(root: Path, message: str, date: str) -> None:
    git(root, "add", "-A", date=date)
    git(root, "commit", "-q", "--allow-empty", "-m", message, date=date)


def init_repo(root: Path) -> None:
    git(root, "init", "-q", "-b", "main")


def history_findings(root: Path, *extra: str) -> tuple[int, list[dict[str, object]]]:
    run = invoke("check", "--history", "--format", "json", *extra)
    assert_sane(run)
    assert run.code in (0, 1), str(run)
    return run.code, json.loads(run.stdout)["findings"]


def pd7(findings: list[dict[str, object]], file: str = REL) -> list[dict[str, object]]:
    return [f for f in findings if str(f["code"]).startswith("PD7") and f["file"] == file]


def set_prediction(path: Path, statement: str, bound: str) -> None:
    """Rewrite the one prediction 'shorter' in place (statement and `below`)."""
    lines = path.read_text().splitlines(keepends=True)
    out = []
    for line in lines:
        if line.lstrip().startswith("statement:"):
            line = line.split("statement:")[0] + f"statement: {statement}\n"
        elif line.lstrip().startswith("below:"):
            line = line.split("below:")[0] + f"below: {bound}\n"
        elif "expect: {below:" in line:
            line = line.split("expect:")[0] + f"expect: {{below: {bound}}}\n"
        out.append(line)
    path.write_text("".join(out))


def back_to_plan(path: Path) -> None:
    """Undo `pdsa start` by hand: status plan, no lock, no do.started."""
    text = path.read_text()
    head, _, _ = text.partition("  locked:")
    rest = text[len(head) :]
    # Drop the lock block (locked: and its indented lines) and the do.started line.
    kept = []
    skipping = False
    for line in rest.splitlines(keepends=True):
        if line.startswith("  locked:"):
            skipping = True
            continue
        if skipping and line.startswith("    "):
            continue
        skipping = False
        if line.strip().startswith("started:"):
            continue
        kept.append(line)
    path.write_text(head.replace("status: do", "status: plan") + "".join(kept))


@pytest.fixture
def repo(planned: Path) -> Path:
    root = planned.parents[1]
    init_repo(root)
    return root


def test_honest_history_passes(repo: Path, planned: Path) -> None:
    """The control: predictions committed, then the start committed, passes."""
    commit(repo, "plan", "2026-11-02T09:00:00")
    ok(invoke("start", CYCLE, "--date", "2026-11-03"))
    commit(repo, "start", "2026-11-03T09:00:00")
    code, findings = history_findings(repo)
    assert code == 0 and not pd7(findings), findings


def test_hedge_and_relock_is_caught(repo: Path, planned: Path) -> None:
    commit(repo, "plan A: below 9", "2026-11-02T09:00:00")
    set_prediction(planned, "Median handoff below 12 minutes", "12")
    commit(repo, "plan B: below 12 (the hedge)", "2026-11-02T10:00:00")
    ok(invoke("start", CYCLE, "--date", "2026-11-03"))
    ok(invoke("record", "handoff-minutes", "8.5", "--date", "2026-11-04"))
    commit(repo, "start with B, data", "2026-11-04T09:00:00")
    # The data favour A: switch back, un-start by hand, start again the same day.
    set_prediction(planned, "Median handoff below 9 minutes", "9")
    back_to_plan(planned)
    ok(invoke("start", CYCLE, "--date", "2026-11-03"))
    commit(repo, "re-lock with A", "2026-11-05T09:00:00")
    code, findings = history_findings(repo)
    assert code == 1 and pd7(findings), findings
    # "an error naming both versions": the lock committed first and the one now.
    named = {m for f in pd7(findings) for m in re.findall(r"\b[0-9a-f]{7,40}\b", str(f["message"]))}
    assert len(named) >= 2, pd7(findings)


def test_backdated_start_is_caught(repo: Path, planned: Path) -> None:
    # Cycle file without predictions at first: the plan is committed empty.
    text = planned.read_text()
    empty = text.split("  predictions:")[0] + "  predictions: []\n"
    planned.write_text(empty)
    commit(repo, "empty plan", "2026-11-02T09:00:00")
    for day, value in (("2026-11-04", "8.5"), ("2026-11-06", "8")):
        ok(invoke("record", "handoff-minutes", value, "--date", day))
    commit(repo, "the week's data", "2026-11-08T09:00:00")
    # A month later: predictions that fit the data, and a start dated before the data.
    ok(invoke("predict", CYCLE, "Median below 9", "-m", "handoff-minutes", "--below", "9"))
    commit(repo, "predictions", "2026-12-08T09:00:00")
    ok(invoke("start", CYCLE, "--date", "2026-11-03"))
    commit(repo, "start", "2026-12-08T10:00:00")
    code, findings = history_findings(repo)
    assert code == 1 and pd7(findings), findings


def test_results_first_committed_in_an_unparseable_version_are_caught(
    repo: Path, planned: Path
) -> None:
    text = planned.read_text()
    empty = text.split("  predictions:")[0] + "  predictions: []\n"
    planned.write_text(empty)
    commit(repo, "empty plan", "2026-11-02T09:00:00")
    # The test runs and its results are committed, in a file that does not parse.
    started = empty.replace("status: plan", "status: do") + "do:\n  started: 2026-11-03\n"
    planned.write_text(started + "study: [unclosed\n")
    ok(invoke("record", "handoff-minutes", "8.5", "--date", "2026-11-04"))
    commit(repo, "started, results (broken file)", "2026-11-05T09:00:00")
    # Later: back to plan, predictions written now, then a clean start.
    planned.write_text(empty)
    ok(invoke("predict", CYCLE, "Median below 9", "-m", "handoff-minutes", "--below", "9"))
    commit(repo, "predictions", "2026-11-06T09:00:00")
    ok(invoke("start", CYCLE, "--date", "2026-11-06"))
    commit(repo, "start", "2026-11-06T10:00:00")
    code, findings = history_findings(repo)
    assert code == 1 and pd7(findings), findings


def test_ignoring_pd701_in_the_same_change_does_not_silence_it(repo: Path, planned: Path) -> None:
    text = planned.read_text()
    planned.write_text(text.split("  predictions:")[0] + "  predictions: []\n")
    commit(repo, "empty plan", "2026-11-02T09:00:00")
    git(repo, "branch", "base")
    # The pull request: predictions and start in one commit, and the rule switched off.
    ok(invoke("predict", CYCLE, "Median below 9", "-m", "handoff-minutes", "--below", "9"))
    ok(invoke("start", CYCLE, "--date", "2026-11-03"))
    project = repo / "pdsa.yaml"
    project.write_text(project.read_text() + "check:\n  ignore: [PD701]\n")
    commit(repo, "predict, start and ignore PD701", "2026-11-03T09:00:00")
    code, findings = history_findings(repo, "--base", "base")
    assert code == 1, findings


def test_cycle_deleted_and_recreated_under_a_new_id_is_caught(repo: Path, planned: Path) -> None:
    commit(repo, "plan X", "2026-11-02T09:00:00")
    ok(invoke("start", CYCLE, "--date", "2026-11-03"))
    for day, value in (("2026-11-04", "10.5"), ("2026-11-06", "10")):
        ok(invoke("record", "handoff-minutes", value, "--date", day))
    commit(repo, "start X, data", "2026-11-07T09:00:00")
    # The prediction failed: delete X, plan Y with a prediction that fits, start it as of X.
    planned.unlink()
    ok(invoke("new", "SBAR card day shifts", "-c", "sbar-card", "--date", "2026-11-02"))
    new_id = "2026-11-02-sbar-card-day-shifts"
    ok(invoke("predict", new_id, "Median below 11", "-m", "handoff-minutes", "--below", "11"))
    commit(repo, "plan Y", "2026-11-08T09:00:00")
    ok(invoke("start", new_id, "--date", "2026-11-03"))
    commit(repo, "start Y", "2026-11-08T10:00:00")
    code, findings = history_findings(repo)
    assert code == 1 and pd7(findings, f"cycles/{new_id}.yaml"), findings


def test_rewritten_history_with_commit_dates_out_of_order_is_flagged(
    repo: Path, planned: Path
) -> None:
    commit(repo, "base", "2026-11-01T09:00:00")
    # Predicted and started together, then "reset and recommit" as two commits whose dates
    # run backwards: the plan commit claims a date after its child's.
    ok(invoke("start", CYCLE, "--date", "2026-11-03"))
    started = planned.read_text()
    back_to_plan(planned)
    commit(repo, "plan (recommitted)", "2026-11-20T09:00:00")
    planned.write_text(started)
    commit(repo, "start (recommitted)", "2026-11-03T09:00:00")
    _, findings = history_findings(repo)
    assert pd7(findings), findings  # a warning is enough: git cannot prove a rewrite


@pytest.mark.parametrize(
    "folder",
    [
        pytest.param("wé", id="e-acute"),
        pytest.param('w"q', id="quote"),
        pytest.param("w\tt", id="tab"),
        pytest.param("w plain", id="space"),
    ],
)
def test_honest_history_passes_in_a_path_git_quotes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: str
) -> None:
    from tests.conftest import PROJECT_YAML

    repo = tmp_path / "repo"
    root = repo / folder
    (root / "cycles").mkdir(parents=True)
    (root / "measures").mkdir()
    (root / "pdsa.yaml").write_text(PROJECT_YAML)
    monkeypatch.chdir(root)
    monkeypatch.delenv("PDSA_ROOT", raising=False)
    init_repo(repo)
    ok(invoke("new", "SBAR card days", "-c", "sbar-card", "--date", "2026-11-02"))
    ok(invoke("predict", CYCLE, "Median below 9", "-m", "handoff-minutes", "--below", "9"))
    commit(repo, "plan", "2026-11-02T09:00:00")
    ok(invoke("start", CYCLE, "--date", "2026-11-03"))
    commit(repo, "start", "2026-11-03T09:00:00")
    code, findings = history_findings(root)
    assert code == 0 and not [f for f in findings if str(f["code"]).startswith("PD7")], findings
