"""The history proof under attack (issue #13): every way an ordinary commit beat it.

Each attack passed `pdsa check --history` before the history rules PD702-PD708; each test
names the rule that now catches it and checks that the finding names the commits and the
prediction. Real repositories, the real `git`, dated commits (tests/historykit.py). The
honest histories that must keep passing are in tests/test_history.py.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import PROJECT_YAML, Invoke, git
from tests.historykit import (
    CYCLE,
    commit,
    edit,
    findings,
    init_repo,
    names,
    only,
    plan,
    record,
    unlock,
)


@pytest.fixture
def repo(project: Path) -> Path:
    """The project as a dated git repository."""
    return init_repo(project)


def test_hedge_relocked_after_a_committed_start(repo: Path, run: Invoke) -> None:
    path = plan(run, below="9")
    commit(repo, "prediction A: below 9", "2026-10-01T09:00:00Z")
    edit(path, "{below: 9}", "{below: 8}")
    commit(repo, "prediction B: below 8", "2026-10-01T10:00:00Z")
    assert run("start", "sbar", "--date", "2026-10-02").exit_code == 0
    started = commit(repo, "start (B locked)", "2026-10-02")
    record(run, "2026-10-02", "2026-10-03", value="8.5")  # misses B, meets A
    commit(repo, "data", "2026-10-04")
    edit(path, "{below: 8}", "{below: 9}")
    unlock(path)
    assert run("start", "sbar", "--date", "2026-10-02").exit_code == 0
    relocked = commit(repo, "start", "2026-10-04")
    assert run("check").exit_code == 0  # the lock alone cannot see it
    assert "locked" in run("show", "sbar").stdout
    code, found = findings(run)
    assert code == 1
    hit = only(found, "PD702")
    assert "'shorter' was changed after Do first started" in hit["message"]
    names(hit, started, relocked)
    assert hit["line"] > 0


def test_hedge_switched_back_when_the_start_is_committed(repo: Path, run: Invoke) -> None:
    path = plan(run, below="9")
    a = commit(repo, "prediction A", "2026-10-01T09:00:00Z")
    edit(path, "{below: 9}", "{below: 8}")
    b = commit(repo, "prediction B", "2026-10-01T10:00:00Z")
    # B started and data seen without committing either; then back to A, started, committed.
    edit(path, "{below: 8}", "{below: 9}")
    assert run("start", "sbar", "--date", "2026-10-02").exit_code == 0
    record(run, "2026-10-02", "2026-10-03", value="8.5")
    start = commit(repo, "start", "2026-10-04")
    code, found = findings(run)
    hit = only(found, "PD702")
    assert code == 1 and "is locked as it was in" in hit["message"]
    names(hit, a, b, start)


def test_a_prediction_dropped_in_the_start_commit(repo: Path, run: Invoke) -> None:
    plan(run)
    assert run("predict", "sbar", "Nobody objects", "--id", "liked").exit_code == 0
    on_record = commit(repo, "plan", "2026-10-01")
    text = Path(CYCLE).read_text()
    Path(CYCLE).write_text(re.sub(r"    - id: liked\n(?:      .*\n)+", "", text))
    assert run("start", "sbar", "--date", "2026-10-02").exit_code == 0
    start = commit(repo, "start without the inconvenient one", "2026-10-02")
    hit = only(findings(run)[1], "PD702")
    assert "'liked' was on record" in hit["message"] and "dropped" in hit["message"]
    names(hit, on_record, start)


def test_backdated_start_after_the_data(repo: Path, run: Invoke) -> None:
    plan(run, predict=False)
    record(run, "2026-10-05", "2026-10-06", "2026-10-07")
    data = commit(repo, "data", "2026-10-08")
    plan_again = ("--id", "shorter", "-m", "handoff-minutes", "--below", "8")
    assert run("predict", "sbar", "Handoffs get shorter", *plan_again).exit_code == 0
    predicted = commit(repo, "predictions, a month later", "2026-11-08")
    assert run("start", "sbar", "--date", "2026-10-05").exit_code == 0
    commit(repo, "start", "2026-11-08")
    code, found = findings(run)
    assert code == 1
    backdated = only(found, "PD703")
    assert "do.started 2026-10-05 is before" in backdated["message"]
    assert "(2026-11-08)" in backdated["message"] and "'shorter'" in backdated["message"]
    names(backdated, predicted)
    early = only(found, "PD704")
    assert "rows of 'handoff-minutes' dated in the Do window (from 2026-10-05)" in early["message"]
    names(early, data, predicted)


def test_results_first_committed_in_a_version_that_does_not_parse(repo: Path, run: Invoke) -> None:
    path = plan(run, predict=False)
    commit(repo, "plan", "2026-10-01")
    args = ("--id", "shorter", "-m", "handoff-minutes", "--below", "8")
    assert run("predict", "sbar", "Handoffs get shorter", *args).exit_code == 0
    planned = path.read_text()
    assert run("start", "sbar", "--date", "2026-10-02").exit_code == 0
    edit(path, "title: SBAR card", "title: [SBAR card")
    broken = commit(repo, "wip", "2026-10-03")
    path.write_text(planned)
    commit(repo, "predictions", "2026-10-04")
    assert run("start", "sbar", "--date", "2026-10-04").exit_code == 0
    commit(repo, "start", "2026-10-04")
    code, found = findings(run)
    hit = only(found, "PD705")
    assert code == 1 and "does not parse but shows results (line" in hit["message"]
    assert "(line 9: status: do)" in hit["message"] and "'shorter'" in hit["message"]
    names(hit, broken)


def test_results_hidden_under_a_key_the_format_does_not_have(repo: Path, run: Invoke) -> None:
    path = plan(run, predict=False)
    commit(repo, "plan", "2026-10-01")
    text = path.read_text()
    hidden = text.replace("do:\n  started:", "doo:\n  started: 2026-10-02", 1)
    assert hidden != text
    path.write_text(hidden)  # parses, but pdsa would refuse it (PD102)
    sneaky = commit(repo, "wip", "2026-10-03")
    path.write_text(text)
    args = ("--id", "shorter", "-m", "handoff-minutes", "--below", "8")
    assert run("predict", "sbar", "Handoffs get shorter", *args).exit_code == 0
    commit(repo, "predictions", "2026-10-04")
    assert run("start", "sbar", "--date", "2026-10-04").exit_code == 0
    commit(repo, "start", "2026-10-04")
    code, found = findings(run)
    hit = only(found, "PD705")
    assert code == 1 and "does not match the cycle format" in hit["message"]
    assert "started: 2026-10-02" in hit["message"]
    names(hit, sneaky)


def test_an_ignore_added_with_the_results_does_not_silence(repo: Path, run: Invoke) -> None:
    plan(run, predict=False)
    commit(repo, "plan", "2026-10-01")
    assert run("predict", "sbar", "Handoffs get shorter", "--id", "shorter").exit_code == 0
    assert run("start", "sbar", "--date", "2026-10-02").exit_code == 0
    Path("pdsa.yaml").write_text(PROJECT_YAML + "check:\n  ignore: [PD701]\n")
    late = commit(repo, "plan, start and a quiet check", "2026-10-02")
    code, found = findings(run)
    assert code == 1
    assert only(found, "PD701")["severity"] == "error"
    hit = only(found, "PD706")
    assert hit["file"] == "pdsa.yaml" and hit["line"] > 0
    assert "check.ignore lists PD701" in hit["message"] and "'shorter'" in hit["message"]
    names(hit, late)


def test_an_ignore_committed_before_the_results_is_honoured_except_in_the_change(
    repo: Path, run: Invoke
) -> None:
    plan(run, predict=False)
    commit(repo, "plan", "2026-10-01")
    git(repo, "branch", "base")
    Path("pdsa.yaml").write_text(PROJECT_YAML + "check:\n  warn: [predicted-late]\n")
    commit(repo, "team policy", "2026-10-01")
    assert run("predict", "sbar", "Handoffs get shorter", "--id", "shorter").exit_code == 0
    assert run("start", "sbar", "--date", "2026-10-02").exit_code == 0
    commit(repo, "plan and start", "2026-10-02")
    code, found = findings(run)
    assert code == 0 and only(found, "PD701")["severity"] == "warning"
    code, found = findings(run, "--base", "base")  # a pull request cannot bring its excuse
    assert code == 1 and only(found, "PD701")["severity"] == "error"
    assert "at the base" in only(found, "PD706")["message"]


def test_a_cycle_deleted_and_recreated_under_a_new_id(repo: Path, run: Invoke) -> None:
    plan(run, predict=False)
    commit(repo, "plan", "2026-10-01")
    args = ("--id", "shorter", "-m", "handoff-minutes", "--below", "8")
    assert run("predict", "sbar", *(["Handoffs get shorter", *args])).exit_code == 0
    assert run("start", "sbar", "--date", "2026-10-02").exit_code == 0
    record(run, "2026-10-02", "2026-10-03")
    results = commit(repo, "everything at once", "2026-10-04")
    assert run("check", "--history").exit_code == 1  # PD701 on the original
    git(repo, "rm", "-q", CYCLE)
    deleted = commit(repo, "tidy up", "2026-10-05")
    assert run("new", "SBAR card again", "--date", "2026-10-05").exit_code == 0
    assert run("predict", "again", "Handoffs get shorter", *args).exit_code == 0
    again = commit(repo, "a fresh plan", "2026-10-05")
    assert run("start", "again", "--date", "2026-10-06").exit_code == 0
    commit(repo, "start", "2026-10-06")
    code, found = findings(run)
    hit = only(found, "PD707")
    assert code == 1 and "repeats cycles/2026-10-01-sbar-card.yaml" in hit["message"]
    names(hit, results, deleted, again)


def late_start(repo: Path, run: Invoke, *, data: bool = False) -> str:
    """Predictions and the start in one commit (PD701), with data committed first or not."""
    path = plan(run, predict=False)
    commit(repo, "plan", "2026-10-01")
    if data:
        record(run, "2026-10-02", "2026-10-03", "2026-10-04")
        commit(repo, "data", "2026-10-05")
    args = ("--id", "shorter", "-m", "handoff-minutes", "--below", "8")
    assert run("predict", "sbar", "Handoffs get shorter", *args).exit_code == 0
    planned = path.read_text()
    assert run("start", "sbar", "--date", "2026-10-02").exit_code == 0
    commit(repo, "predictions and start", "2026-10-05")
    assert run("check", "--history").exit_code == 1
    return planned


def test_reset_and_recommit_later(repo: Path, run: Invoke) -> None:
    planned = late_start(repo, run)
    started = Path(CYCLE).read_text()
    git(repo, "reset", "-q", "--soft", "HEAD~1")
    Path(CYCLE).write_text(planned)
    predicted = commit(repo, "predictions", "2026-10-20")
    Path(CYCLE).write_text(started)
    commit(repo, "start", "2026-10-20")
    code, found = findings(run)
    assert code == 1 and [f["code"] for f in found] == ["PD703"]
    names(found[0], predicted)


def test_reset_and_recommit_backdated(repo: Path, run: Invoke) -> None:
    planned = late_start(repo, run, data=True)
    started = Path(CYCLE).read_text()
    git(repo, "reset", "-q", "--soft", "HEAD~1")
    data = git(repo, "rev-parse", "HEAD").strip()
    Path(CYCLE).write_text(planned)
    predicted = commit(repo, "predictions", "2026-10-01")  # before its parent
    Path(CYCLE).write_text(started)
    commit(repo, "start", "2026-10-02")
    code, found = findings(run)
    assert code == 1
    rewritten = only(found, "PD708")
    assert "looks rewritten" in rewritten["message"] and "'shorter'" in rewritten["message"]
    names(rewritten, predicted, data)
    names(only(found, "PD704"), data, predicted)


def test_filter_branch_moving_the_predictions_back(repo: Path, run: Invoke) -> None:
    plan(run, predict=False)
    record(run, "2026-10-05", "2026-10-06")
    commit(repo, "data", "2026-10-08")
    args = ("--id", "shorter", "-m", "handoff-minutes", "--below", "8")
    assert run("predict", "sbar", "Handoffs get shorter", *args).exit_code == 0
    predicted = commit(repo, "predictions", "2026-11-08")
    assert run("start", "sbar", "--date", "2026-10-05").exit_code == 0
    commit(repo, "start", "2026-11-08")
    env_filter = (
        f'if [ "$GIT_COMMIT" = {predicted} ]; then '
        "export GIT_AUTHOR_DATE=2026-10-04T12:00:00Z GIT_COMMITTER_DATE=2026-10-04T12:00:00Z; fi"
    )
    subprocess.run(
        ["git", "filter-branch", "-f", "--env-filter", env_filter, "HEAD"],
        cwd=repo,
        check=True,
        capture_output=True,
        env={**os.environ, "FILTER_BRANCH_SQUELCH_WARNING": "1"},
    )
    code, found = findings(run)
    assert code == 1 and "PD703" not in [f["code"] for f in found]  # the date now fits
    assert "looks rewritten" in only(found, "PD708")["message"]
    only(found, "PD704")  # the order of commits did not change
