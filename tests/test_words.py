"""The team's words through the CLI: pdsa add, plan, note, follow-up, retrospective cycles,
bundles and switches of change idea, and honest verdicts on short series."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pdsa.model import slugify
from pdsa.store import Workspace
from tests.conftest import Invoke, git

CYCLE = "2026-11-03-sbar-card"


@pytest.fixture
def planned(project: Path, run: Invoke) -> Path:
    assert run("new", "SBAR card", "-c", "sbar-card", "--date", "2026-11-03").exit_code == 0
    return project / "cycles" / f"{CYCLE}.yaml"


def cycle(project: Path, ref: str = CYCLE):  # type: ignore[no-untyped-def]
    return Workspace(project).load_cycle(ref).cycle


# --- pdsa add ---------------------------------------------------------------------------------


def test_a_project_is_set_up_without_an_editor(tmp_path: Path, run: Invoke, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    assert run("init", "school", "--name", "Year 9 attendance").exit_code == 0
    monkeypatch.chdir(tmp_path / "school")
    steps = [
        [
            "add",
            "aim",
            "Raise Year 9 attendance from 88% to 93% by July 2027",
            "--by",
            "2027-07-20",
            "--population",
            "Year 9 pupils",
        ],
        [
            "add",
            "measure",
            "attendance",
            "-t",
            "Year 9 attendance",
            "--type",
            "outcome",
            "--better",
            "higher",
            "--unit",
            "%",
            "--goal",
            "93",
        ],
        ["add", "driver", "belonging", "-t", "Pupils feel they belong"],
        [
            "add",
            "driver",
            "tutor-contact",
            "-t",
            "A tutor notices every absence",
            "--under",
            "belonging",
        ],
        [
            "add",
            "idea",
            "first-day-call",
            "-t",
            "Call home on the first day absent",
            "--driver",
            "tutor-contact",
        ],
    ]
    for args in steps:
        result = run(*args)
        assert result.exit_code == 0, (args, result.stderr)
    text = (tmp_path / "school" / "pdsa.yaml").read_text()
    assert "# The project: its aim" in text  # the scaffold's comments stay
    assert "Describe what you will improve" not in text  # the placeholder aim is replaced
    project = Workspace(tmp_path / "school").project()
    assert [a.id for a in project.aims] == ["raise-year-9-attendance-88-93"]
    assert project.measure("attendance") is not None
    assert project.drivers[0].secondary[0].id == "tutor-contact"
    assert project.change_ideas[0].driver == "tutor-contact"
    again = run("add", "idea", "first-day-call", "-t", "x")
    assert again.exit_code == 2 and "already a change idea 'first-day-call'" in again.stderr
    unknown = run("add", "idea", "x", "-t", "x", "--driver", "belongin")
    assert unknown.exit_code == 2 and "did you mean 'belonging'" in unknown.stderr
    assert run("check").exit_code == 0


# --- pdsa plan, predict --question ------------------------------------------------------------


def test_plan_flags_fill_the_worksheet(planned: Path, run: Invoke) -> None:
    before = planned.read_text()
    result = run(
        "plan",
        "sbar",
        "--objective",
        "Learn whether the card shortens handoffs",
        "--purpose",
        "test-change",
        "-q",
        "Will handoffs be shorter?",
        "-q",
        "Will anything be missed?",
        "--who",
        "Dana and Tom",
        "--where",
        "Ward 4, days",
        "--start",
        "2026-11-04",
        "--end",
        "2026-11-08",
        "--scale",
        "2 nurses, 5 shifts",
        "--data-collection",
        "Tom times 10 handoffs",
        "--task",
        "Print 20 cards | Dana | 2026-11-03",
        "--task",
        "Brief the night team",
    )
    assert result.exit_code == 0, result.stderr
    plan = cycle(planned.parents[1]).plan
    assert plan.objective == "Learn whether the card shortens handoffs"
    assert plan.purpose is not None and plan.purpose.value == "test-change"
    assert plan.questions == ["Will handoffs be shorter?", "Will anything be missed?"]
    assert (plan.who, plan.where, plan.scale) == (
        "Dana and Tom",
        "Ward 4, days",
        "2 nurses, 5 shifts",
    )
    assert plan.when is not None and str(plan.when.end) == "2026-11-08"
    assert [(t.what, t.who, str(t.due)) for t in plan.tasks] == [
        ("Print 20 cards", "Dana", "2026-11-03"),
        ("Brief the night team", None, "None"),
    ]
    # The template's comments stay, and running it again adds nothing twice.
    after = planned.read_text()
    assert after.count("#") >= before.count("#") - 1
    assert run("plan", "sbar", "-q", "Will handoffs be shorter?").exit_code == 0
    assert cycle(planned.parents[1]).plan.questions == plan.questions
    bad = run("plan", "sbar", "--end", "2026-11-01")
    assert (
        bad.exit_code == 2
        and "--end: the test cannot end (2026-11-01) before it starts" in bad.stderr
    )


def test_a_prediction_answers_a_question(planned: Path, run: Invoke) -> None:
    assert run("plan", "sbar", "-q", "Will handoffs be shorter?").exit_code == 0
    ok = run(
        "predict", "sbar", "Median below 8", "-m", "handoff-minutes", "--below", "8", "-q", "1"
    )
    assert ok.exit_code == 0, ok.stderr
    assert cycle(planned.parents[1]).plan.predictions[0].question == 1
    bad = run("predict", "sbar", "Nothing missed", "-q", "2")
    assert bad.exit_code == 2 and "the plan has 1 question, not 2" in bad.stderr


def test_plan_without_flags_or_a_terminal_never_waits(planned: Path, run: Invoke) -> None:
    result = run("plan", "sbar")
    assert result.exit_code == 2 and "give them as flags" in result.stderr


# --- pdsa note, follow-up ---------------------------------------------------------------------


def started(root: Path, run: Invoke) -> None:
    assert run("predict", "sbar", "Shorter", "-m", "handoff-minutes", "--below", "8").exit_code == 0
    assert run("start", "sbar", "--date", "2026-11-04").exit_code == 0


def test_notes_are_dated_and_filed(planned: Path, run: Invoke) -> None:
    refused = run("note", "sbar", "Cards printed")
    assert refused.exit_code == 1 and "still in plan" in refused.stderr
    started(planned.parents[1], run)
    assert (
        run("note", "sbar", "Night shift borrowed the cards", "--date", "2026-11-05").exit_code == 0
    )
    assert run("note", "sbar", "Cards ran out", "--problem", "--date", "2026-11-06").exit_code == 0
    assert run("note", "sbar", "Only 7 timed", "--deviation", "--date", "2026-11-07").exit_code == 0
    do = cycle(planned.parents[1]).do
    assert do is not None
    assert do.observations == ["2026-11-05: Night shift borrowed the cards"]
    assert do.problems == ["2026-11-06: Cards ran out"]
    assert do.deviations == ["2026-11-07: Only 7 timed"]
    early = run("note", "sbar", "x", "--date", "2026-11-01")
    assert early.exit_code == 2 and "before the test began" in early.stderr


def test_follow_up_after_the_decision(planned: Path, run: Invoke) -> None:
    root = planned.parents[1]
    started(root, run)
    assert run("follow-up", "sbar", "--held", "yes").exit_code == 1
    study = ["--finished", "2026-11-08", "--actual", "shorter=7", "--learning", "It helps"]
    assert (
        run("study", "sbar", "--date", "2026-11-09", *study, "-d", "adopt", "-r", "Works").exit_code
        == 0
    )
    result = run(
        "follow-up", "sbar", "--held", "yes", "--note", "Still 7.5 minutes", "--date", "2027-02-01"
    )
    assert result.exit_code == 0, result.stderr
    act = cycle(root).act
    assert act is not None and act.follow_up[0].held is True
    report = run("report", "--date", "2027-02-02").stdout
    assert "followed up" in report and "1 Feb 2027: held, Still 7.5 minutes" in report


# --- retrospective cycles -----------------------------------------------------------------------


def test_a_retrospective_cycle_is_entered_honestly(git_project: Path, run: Invoke) -> None:
    new = run(
        "new",
        "Card trial, spring 2023",
        "-c",
        "sbar-card",
        "--date",
        "2026-11-03",
        "--retrospective",
        "Run in 2023 before the team wrote predictions",
    )
    assert new.exit_code == 0, new.stderr
    ref = "card-trial"
    assert run("start", ref, "--date", "2026-11-03").exit_code == 0  # no prediction: allowed
    assert run("note", ref, "Done on days only", "--date", "2026-11-03").exit_code == 0
    study = [
        "--finished",
        "2026-11-03",
        "--learning",
        "Nurses liked it",
        "-d",
        "adapt",
        "-r",
        "Retry",
    ]
    assert run("study", ref, "--date", "2026-11-03", *study).exit_code == 0
    git(git_project, "add", "-A")
    git(git_project, "commit", "-q", "-m", "history")
    checked = run("check", "--history")
    assert checked.exit_code == 0, checked.stdout
    assert (
        "PD207" in checked.stdout
        and "PD701" not in checked.stdout
        and "PD201" not in checked.stdout
    )
    assert "1 notice" in checked.stdout
    shown = run("show", ref).stdout
    assert "entered after the fact" in shown and "locked" not in shown
    assert "entered after the fact" in run("report", "--date", "2026-11-04").stdout


def test_without_a_reason_retrospective_is_refused(project: Path, run: Invoke) -> None:
    result = run("new", "Old trial", "--retrospective", "  ")
    assert result.exit_code == 2 and "--retrospective: say why" in result.stderr


# --- change ideas: bundles, switches, attribution ----------------------------------------------


def test_a_switch_of_idea_is_credited_to_each_idea(project: Path, run: Invoke) -> None:
    assert run("new", "Card, one nurse", "-c", "sbar-card", "--date", "2026-11-02").exit_code == 0
    first = "2026-11-02-card-one-nurse"
    assert run("predict", first, "Shorter", "-m", "handoff-minutes", "--below", "9").exit_code == 0
    assert run("start", first, "--date", "2026-11-02").exit_code == 0
    study = ["--finished", "2026-11-03", "--actual", "shorter=10", "--learning", "Slow"]
    assert (
        run(
            "study", first, "--date", "2026-11-04", *study, "-d", "abandon", "-r", "Too slow"
        ).exit_code
        == 0
    )
    moved = run("act", first, "-d", "abandon", "-r", "x")
    assert moved.exit_code == 1  # already decided: act refuses a done cycle
    # The team moves to the bedside handoff, continuing the ramp with another idea.
    result = run(
        "new",
        "Bedside, one pair",
        "--follows",
        first,
        "-c",
        "bedside-handoff",
        "--date",
        "2026-11-05",
    )
    assert result.exit_code == 0
    second = "2026-11-05-bedside-one-pair"
    tree = json.loads(run("tree", "--json").stdout)
    ideas = {
        i["id"]: i for d in tree["drivers"] for s in [d, *d["secondary"]] for i in s["change_ideas"]
    }
    assert ideas["sbar-card"]["status"] == "abandoned"
    assert [c["id"] for r in ideas["sbar-card"]["ramps"] for c in r] == [first]
    assert ideas["bedside-handoff"]["status"] == "testing"
    assert [c["id"] for r in ideas["bedside-handoff"]["ramps"] for c in r] == [second]
    # Created through the CLI, the switch is recorded on the earlier cycle: nothing to flag.
    first_act = cycle(project, first).act
    assert first_act is not None and first_act.next_change_idea == "bedside-handoff"
    assert "PD406" not in run("check").stdout


def test_act_next_can_name_another_idea(project: Path, run: Invoke) -> None:
    assert run("new", "Card", "-c", "sbar-card", "--date", "2026-11-02").exit_code == 0
    assert run("predict", "card", "Shorter", "-m", "handoff-minutes", "--below", "9").exit_code == 0
    assert run("start", "card", "--date", "2026-11-02").exit_code == 0
    study = ["--finished", "2026-11-03", "--actual", "shorter=8", "--learning", "Works"]
    assert run("study", "card", "--date", "2026-11-04", *study).exit_code == 1
    result = run(
        "act",
        "card",
        "-d",
        "adopt-and-spread",
        "-r",
        "Spread it; next, bedside",
        "--next",
        "Bedside handoff, one pair",
        "--change-idea",
        "bedside-handoff",
        "--date",
        "2026-11-04",
    )
    assert result.exit_code == 0, result.stderr
    nxt = cycle(project, "bedside-handoff-one-pair")
    assert nxt.ideas == ["bedside-handoff"] and nxt.follows == "2026-11-02-card"
    assert "PD406" not in run("check").stdout
    status = json.loads(run("report", "--json", "--date", "2026-11-05").stdout)[
        "change_idea_status"
    ]
    assert status == {"sbar-card": "adopted", "bedside-handoff": "testing"}


def test_a_bundle_is_one_cycle_of_several_ideas(project: Path, run: Invoke) -> None:
    result = run("new", "Card and bedside together", "-c", "sbar-card", "-c", "bedside-handoff")
    assert result.exit_code == 0, result.stderr
    path = next((project / "cycles").glob("*card-bedside-together.yaml"))
    assert "change_idea: [sbar-card, bedside-handoff]" in path.read_text()
    tree = json.loads(run("tree", "--json").stdout)
    counted = [
        i["id"]
        for d in tree["drivers"]
        for s in [d, *d["secondary"]]
        for i in s["change_ideas"]
        if i["ramps"]
    ]
    assert sorted(counted) == ["bedside-handoff", "sbar-card"]


def test_not_yet_decided_keeps_the_cycle_in_act(planned: Path, run: Invoke) -> None:
    root = planned.parents[1]
    started(root, run)
    study = ["--finished", "2026-11-08", "--actual", "shorter=7", "--learning", "It helps"]
    assert run("study", "sbar", "--date", "2026-11-09", *study).exit_code == 1
    result = run("act", "sbar", "-d", "not-yet-decided", "-r", "Wait for the audit")
    assert result.exit_code == 0 and "status act" in result.stderr
    assert cycle(root).status.value == "act"
    again = run("study", "sbar", "--date", "2026-11-10")
    assert again.exit_code == 1 and "the decision" in again.stderr


# --- honest verdicts ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([49, 33, 25, 18], "Too few points to judge (4 of the 10 needed)"),
        # Five points: the middle one is the median, so four are useful.
        ([9, 8, 7, 6, 5], "Too few points to judge (4 of the 10 needed)"),
    ],
)
def test_no_verdict_below_the_minimum(
    project: Path, run: Invoke, values: list[int], expected: str
) -> None:
    for week, value in enumerate(values, start=1):
        assert (
            run("record", "late-meds", str(value), "--date", f"2026-10-{week:02d}").exit_code == 0
        )
    shown = run("chart", "late-meds", "--date", "2026-11-01")
    assert expected in shown.stdout and "trend" not in shown.stdout
    assert "random variation" not in shown.stdout
    data = json.loads(run("chart", "late-meds", "--json").stdout)
    phase = data["phases"][0]
    assert (phase["judged"], phase["needed"], data["signal"]) == (False, 10, False)
    assert phase["anhoej"]["n_useful"] == phase["useful"] == 4  # the raw rule outputs stay


def test_the_minimum_is_a_setting(project: Path, run: Invoke) -> None:
    (project / "pdsa.yaml").write_text(
        (project / "pdsa.yaml").read_text() + "settings:\n  min_points: 4\n"
    )
    for week, value in enumerate([49, 33, 25, 18], start=1):
        assert (
            run("record", "late-meds", str(value), "--date", f"2026-10-{week:02d}").exit_code == 0
        )
    assert "No signal" in run("chart", "late-meds").stdout


# --- smaller things -----------------------------------------------------------------------------


def test_a_cut_id_does_not_end_mid_phrase() -> None:
    title = "Check whether nurses who use the card on both cycles not only the day shift"
    assert slugify(title) == "check-whether-nurses-who-use-card"
    assert not slugify("Test the new summary on both wards whether or not it helps").endswith(
        ("-not", "-whether", "-both")
    )


def test_one_cycle_is_not_one_cycles(planned: Path, run: Invoke) -> None:
    assert "1 cycle:" in run("report").stdout
    assert "no data yet. No data yet" not in run("report").stdout
