"""Method fidelity: a met and an unmet case for each criterion, the example project with every
criterion explained, the progress score, `pdsa fidelity` and `pdsa check --min-fidelity`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from pdsa.fidelity import Criterion, Fidelity, assess_workspace
from pdsa.fidelity.scale import is_small, scale_size
from pdsa.fingerprint import lock_predictions
from pdsa.model import Prediction
from pdsa.store import Workspace
from tests.conftest import git

TODAY = dt.date(2026, 11, 21)
SHORTER = {
    "id": "shorter",
    "statement": "Median handoff falls below 10 minutes.",
    "measure": "handoff-minutes",
    "expect": {"below": 10},
    "confidence": 0.7,
}


def cycle(
    cid: str,
    *,
    follows: str | None = None,
    status: str = "done",
    scale: str | None = "1 nurse, 1 shift",
    predictions: list[dict[str, Any]] | None = None,
    started: str | None = None,
    finished: str | None = None,
    studied: str | None = None,
    learning: str | None = "It helps.",
    decision: str | None = "adapt",
    retrospective: str | None = None,
    lock: bool = True,
) -> dict[str, Any]:
    """A cycle file's data: a full record of a test unless told otherwise."""
    preds = [SHORTER] if predictions is None else predictions
    created = cid[:10]
    day = dt.date.fromisoformat(created)
    started = started or str(day + dt.timedelta(days=7))
    finished = finished or str(day + dt.timedelta(days=11))
    studied = studied or str(day + dt.timedelta(days=13))
    plan: dict[str, Any] = {
        "objective": "Learn whether it works.",
        "predictions": preds,
        "scale": scale,
        "data_collection": "The usual weekly timing.",
    }
    if lock and preds and status != "plan":
        plan["locked"] = lock_predictions(
            [Prediction.model_validate(p) for p in preds]
        ).model_dump()
    data: dict[str, Any] = {
        "schema_version": 1,
        "id": cid,
        "title": cid[11:].replace("-", " "),
        "change_idea": "sbar-card",
        "follows": follows,
        "status": status,
        "owner": "Dana",
        "created": created,
        "retrospective": retrospective,
        "plan": plan,
    }
    if status == "plan":
        return data
    data["do"] = {"started": started, "observations": ["Went as planned."]}
    if status == "do":
        return data
    data["do"]["finished"] = finished
    results = [{"prediction": p["id"], "actual": 9, "met": True} for p in preds]
    data["study"] = {"date": studied, "results": results, "learning": learning}
    if status in ("act", "done"):
        data["act"] = {"decision": decision, "date": studied, "rationale": "Next step."}
    return data


def write(root: Path, *cycles: dict[str, Any], weeks: int = 30, start: str = "2026-01-05") -> None:
    """The cycles (JSON is YAML) and a weekly handoff-minutes series."""
    for c in cycles:
        (root / "cycles" / f"{c['id']}.yaml").write_text(json.dumps(c), encoding="utf-8")
    first = dt.date.fromisoformat(start)
    rows = [f"{first + dt.timedelta(weeks=i)},{11 - i * 0.1:.1f}," for i in range(weeks)]
    (root / "measures" / "handoff-minutes.csv").write_text(
        "date,value,note\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )


def assess(root: Path, history: bool | None = False) -> Fidelity:
    return assess_workspace(Workspace(root), today=TODAY, history=history)


def verdict(root: Path, criterion: Criterion, history: bool | None = False) -> tuple[bool, str]:
    (ramp,) = assess(root, history).ramps
    v = ramp.verdict(criterion)
    assert v.reason and (v.met or v.fix), v  # every verdict is explained, every miss has a fix
    return v.met, v.reason


A = "2026-03-02-card-one-nurse"
B = "2026-03-23-card-whole-ward"


def ramp_of_two(**second: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return cycle(A), cycle(B, follows=A, **{"scale": "Whole day shift, 2 weeks", **second})


# --- 1. iterative --------------------------------------------------------------------------


def test_iterative_met_when_each_test_was_studied_before_the_next(project: Path) -> None:
    write(project, *ramp_of_two())
    assert verdict(project, Criterion.ITERATIVE) == (
        True,
        "2 tests, each studied and decided before the next began",
    )


def test_iterative_unmet_for_one_test(project: Path) -> None:
    write(project, cycle(A))
    met, reason = verdict(project, Criterion.ITERATIVE)
    assert not met and reason.startswith(f"one test so far ({A})")


def test_iterative_unmet_when_the_next_test_began_before_the_study(project: Path) -> None:
    write(project, *ramp_of_two(started="2026-03-12"))  # A was studied on 15 March
    met, reason = verdict(project, Criterion.ITERATIVE)
    assert not met
    assert reason == f"{B} started on 12 Mar 2026, before {A} was studied (15 Mar 2026)"


# --- 2. predictions first -------------------------------------------------------------------


def test_predictions_met_from_the_locks(project: Path) -> None:
    write(project, *ramp_of_two())
    met, reason = verdict(project, Criterion.PREDICTION)
    assert met and "both tests had predictions, locked when Do started" in reason


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"predictions": []}, f"{B} was tested without a prediction"),
        ({"retrospective": "typed up from the ward diary"}, "entered after the fact"),
        ({"lock": False}, f"{B}'s predictions were not locked when Do started"),
    ],
)
def test_predictions_unmet(project: Path, change: dict[str, Any], expected: str) -> None:
    write(project, *ramp_of_two(**change))
    met, reason = verdict(project, Criterion.PREDICTION)
    assert not met and expected in reason


def test_a_retrospective_cycle_earns_no_prediction_credit_even_with_a_lock(
    project: Path,
) -> None:
    write(project, *ramp_of_two(retrospective="entered after the meeting"))
    met, reason = verdict(project, Criterion.PREDICTION)
    assert not met and reason == f"{B} was entered after the fact (entered after the meeting)"


def test_predictions_changed_after_the_lock_are_unmet(project: Path) -> None:
    first, second = ramp_of_two()
    second["plan"]["predictions"] = [{**SHORTER, "expect": {"below": 12}}]
    write(project, first, second)
    met, reason = verdict(project, Criterion.PREDICTION)
    assert not met and reason == f"{B}'s predictions changed after Do started"


def commit(root: Path, message: str, when: str | None = None) -> None:
    git(root, "add", "-A")
    dated = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when} if when else None
    git(root, "commit", "-q", "-m", message, env=dated)


def test_predictions_proven_from_git_history(project: Path) -> None:
    # Every commit dated as the team made it: a plan committed after Do started is PD703
    # (backdated), a commit dated before its parent PD708, the test's data committed with
    # the plan PD704.
    git_project = project
    git(git_project, "init", "-q", "-b", "main")
    planned = cycle(A, status="plan")
    write(git_project, planned, weeks=9)  # data up to 2 March: none yet from the test
    commit(git_project, "plan with predictions", "2026-03-06T12:00:00Z")
    write(git_project, cycle(A))
    commit(git_project, "tested and studied", "2026-03-15T12:00:00Z")
    met, reason = verdict(git_project, Criterion.PREDICTION, history=None)
    assert met
    assert reason == "the test had predictions committed before the results, proven from git"


def test_predictions_committed_with_the_results_are_unmet(git_project: Path) -> None:
    write(git_project, cycle(A))
    commit(git_project, "everything at once")
    met, reason = verdict(git_project, Criterion.PREDICTION, history=None)
    assert not met
    assert reason.startswith(
        f"{A}: PD701 prediction 'shorter' was first committed together with the results (commit "
    )


def test_without_history_the_lock_is_the_evidence_and_says_why(project: Path) -> None:
    write(project, cycle(A))
    fid = assess(project, history=None)
    assert fid.proof.source == "lock" and fid.proof.note == "the project is not in a git repository"


# --- 3. small scale, growing -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "size", "small"),
    [
        ("1 nurse, 1 shift", 1, True),
        ("2 nurses, 5 shifts", 10, True),
        ("two pairs, five shifts", 10, True),
        ("Day shift, 5 mornings", 5, True),
        ("Whole day shift, 2 weeks", 200, False),
        ("All shifts, 4 weeks", 400, False),
        ("Every agency nurse, 2 weeks", 200, False),
    ],
)
def test_scale_is_read_from_the_words(text: str, size: float, small: bool) -> None:
    assert scale_size(text) == size and is_small(text) is small


def test_small_scale_met_when_it_starts_small_and_grows(project: Path) -> None:
    write(project, *ramp_of_two())
    assert verdict(project, Criterion.SMALL_SCALE) == (
        True,
        "started small ('1 nurse, 1 shift') and grew to 'Whole day shift, 2 weeks'",
    )


@pytest.mark.parametrize(
    ("first_scale", "second_scale", "expected"),
    [
        ("Whole ward, 4 weeks", "Whole ward, 8 weeks", "the first test ran at 'Whole ward, 4"),
        ("2 nurses, 1 shift", "1 nurse, 2 shifts", "the ramp does not grow"),
        (None, "2 nurses", f"{A} does not say its scale"),
    ],
)
def test_small_scale_unmet(
    project: Path, first_scale: str | None, second_scale: str, expected: str
) -> None:
    write(project, cycle(A, scale=first_scale), cycle(B, follows=A, scale=second_scale))
    met, reason = verdict(project, Criterion.SMALL_SCALE)
    assert not met and expected in reason


def test_a_ramp_spreading_an_adopted_change_need_not_start_small(project: Path) -> None:
    adopted = cycle(A, decision="adopt")
    spread = cycle("2026-04-20-card-every-agency-nurse", scale="Every agency nurse, 2 weeks")
    write(project, adopted, spread)
    fid = assess(project)
    spreading = next(r for r in fid.ramps if r.cycle_ids[0] == spread["id"])
    v = spreading.verdict(Criterion.SMALL_SCALE)
    assert v.met and v.reason.startswith("spreads a change adopted on 15 Mar 2026")


# --- 4. data over time ---------------------------------------------------------------------


def test_data_over_time_met(project: Path) -> None:
    write(project, *ramp_of_two())
    met, reason = verdict(project, Criterion.DATA)
    assert met and reason.startswith("handoff-minutes (30 points): a baseline before the first")


@pytest.mark.parametrize(
    ("weeks", "start", "predictions", "expected"),
    [
        (30, "2026-01-05", [], "no prediction of these tests names a measure"),
        (6, "2026-01-05", None, "handoff-minutes has 6 points, fewer than the 10 a chart needs"),
        (30, "2026-03-16", None, "handoff-minutes has no data before the first test (9 Mar 2026)"),
        (10, "2026-01-05", None, f"handoff-minutes has no point during {B} (30 Mar – 3 Apr 2026)"),
    ],
)
def test_data_over_time_unmet(
    project: Path,
    weeks: int,
    start: str,
    predictions: list[dict[str, Any]] | None,
    expected: str,
) -> None:
    write(
        project,
        cycle(A, predictions=predictions),
        cycle(B, follows=A, scale="Whole day shift", predictions=predictions),
        weeks=weeks,
        start=start,
    )
    met, reason = verdict(project, Criterion.DATA)
    assert not met and expected in reason, reason


# --- 5. documentation ----------------------------------------------------------------------


def test_documented_met(project: Path) -> None:
    write(project, *ramp_of_two())
    assert verdict(project, Criterion.DOCUMENTED) == (
        True,
        "every stage both tests passed is written down",
    )


def test_documented_unmet_names_the_missing_fields_and_the_command(project: Path) -> None:
    write(project, cycle(A), cycle(B, follows=A, learning=None, status="done"))
    (ramp,) = assess(project).ramps
    v = ramp.verdict(Criterion.DOCUMENTED)
    assert not v.met and v.reason == f"{B} has no study.learning"
    assert v.fix == f"pdsa study {B}"


def test_a_running_test_is_judged_on_the_stages_it_passed(project: Path) -> None:
    write(project, cycle(A), cycle(B, follows=A, status="do"))
    assert verdict(project, Criterion.DOCUMENTED)[0]


# --- scores ------------------------------------------------------------------------------------


def test_ramp_and_project_scores(project: Path) -> None:
    write(project, *ramp_of_two(), cycle("2026-06-01-other-ramp", scale="Whole ward"))
    fid = assess(project)
    # The second ramp is one test, and not a small one: 3 of 5.
    assert [r.met for r in fid.ramps] == [5, 3]
    assert fid.percent == round(100 * (5 / 5 + 3 / 5) / 2) == 80
    assert fid.counts()[Criterion.ITERATIVE] == (1, 2)


def test_plan_only_ramps_wait_unjudged(project: Path) -> None:
    write(project, cycle(A, status="plan"))
    fid = assess(project)
    assert fid.ramps == [] and fid.waiting == [("sbar-card", A)] and fid.percent is None
