"""The study meeting's logic, driven by scripted prompts (no terminal)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from pdsa.agenda import AgendaItem, agenda, measures_needed
from pdsa.cli.study_answers import Answers, FlagPrompts, missing_text
from pdsa.errors import RefusedError, UsageError
from pdsa.measures import measure_points
from pdsa.model import Decision, Status
from pdsa.store import Workspace
from pdsa.study import Outcome, run_study
from tests.conftest import Invoke

TODAY = dt.date(2026, 11, 21)
CYCLE = "2026-11-02-sbar-card-days"


@pytest.fixture
def running(project: Path, run: Invoke) -> Path:
    """A cycle in Do with a numeric and a qualitative prediction, and data in its window."""
    assert run("new", "SBAR card days", "-c", "sbar-card", "--date", "2026-11-02").exit_code == 0
    assert (
        run(
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
        ).exit_code
        == 0
    )
    assert run("predict", CYCLE, "Nurses like the card", "--id", "liked").exit_code == 0
    assert run("start", CYCLE, "--date", "2026-11-03").exit_code == 0
    for day, value in (
        ("2026-11-02", "11"),
        ("2026-11-04", "8.5"),
        ("2026-11-06", "8"),
        ("2026-11-20", "7"),
    ):
        assert run("record", "handoff-minutes", value, "--date", day).exit_code == 0
    return project / "cycles" / f"{CYCLE}.yaml"


def study(project: Path, **answers: Any) -> tuple[Workspace, Outcome]:
    ws = Workspace(project)
    prompts = FlagPrompts(Answers(**answers))
    return ws, run_study(ws, ws.load_cycle(CYCLE), prompts, today=TODAY)


def missing(outcome: Outcome) -> list[str]:
    return [missing_text(m) for m in outcome.missing]


def agenda_of(root: Path, today: dt.date) -> list[AgendaItem]:
    ws = Workspace(root)
    found = ws.cycles()
    known = {m.id for m in ws.project().measures}
    points = {m: measure_points(ws, m) for m in measures_needed(found.cycles, known)}
    return agenda(found.cycles, today, points)


def test_full_meeting_from_flags(running: Path) -> None:
    ws, outcome = study(
        running.parents[1],
        finished=dt.date(2026, 11, 7),
        accept_suggestions=True,
        actual={"liked": "Yes, 5 of 6 nurses"},
        met={"liked": "yes"},
        note={"shorter": "Only day shifts"},
        surprises=["Nights borrowed cards"],
        learning=["The card helps."],
        decision=Decision.ADAPT,
        rationale="Try nights.",
        next_title="SBAR card nights",
    )
    cycle = ws.load_cycle(CYCLE).cycle
    assert outcome.complete and cycle.status is Status.DONE
    assert cycle.do is not None and cycle.do.finished == dt.date(2026, 11, 7)
    assert cycle.study is not None and cycle.study.date == TODAY
    shorter, liked = cycle.study.results
    # Suggested from the data in [2026-11-03, 2026-11-07]: median of 8.5 and 8.
    assert (shorter.actual, shorter.met, shorter.note) == (8.25, True, "Only day shifts")
    assert (liked.actual, liked.met) == ("Yes, 5 of 6 nurses", True)
    assert cycle.study.surprises == ["Nights borrowed cards"]
    assert cycle.act is not None and cycle.act.next == "2026-11-21-sbar-card-nights"
    nxt = ws.load_cycle("nights").cycle
    assert nxt.follows == CYCLE and nxt.change_idea == "sbar-card"


def test_missing_answers_are_listed_and_nothing_blocked_is_written(running: Path) -> None:
    before = running.read_text()
    _, outcome = study(running.parents[1], learning=["x"])
    assert running.read_text() == before  # Do's end unknown: nothing can be written
    assert missing(outcome) == [
        "the day Do finished (--finished YYYY-MM-DD)",
        "the actual for 'shorter' (--actual shorter=VALUE)",
        "the actual for 'liked' (--actual liked=VALUE)",
        "the decision (--decision adopt|adapt|abandon|adopt-and-spread|not-yet-decided)",
        "the rationale for the decision (--rationale TEXT)",
    ]


def test_answers_given_are_saved_and_a_second_run_resumes(running: Path) -> None:
    root = running.parents[1]
    _, first = study(root, finished=dt.date(2026, 11, 7), actual={"shorter": "8.25"})
    assert missing(first)[0] == "the actual for 'liked' (--actual liked=VALUE)"
    ws = Workspace(root)
    partial = ws.load_cycle(CYCLE).cycle
    assert partial.status is Status.STUDY and partial.study is not None
    assert [(r.prediction, r.met) for r in partial.study.results] == [("shorter", True)]
    _, second = study(
        root, actual={"liked": ""}, learning=["ok"], decision=Decision.ADOPT, rationale="works"
    )
    done = ws.load_cycle(CYCLE).cycle
    assert second.complete and done.status is Status.DONE
    assert done.study is not None and done.study.results[1].actual is None  # not judged
    assert done.study.results[1].met is None


def test_overriding_met_needs_a_reason(running: Path) -> None:
    root = running.parents[1]
    _, outcome = study(
        root, finished=dt.date(2026, 11, 7), actual={"shorter": "8.25"}, met={"shorter": "no"}
    )
    assert "why 'shorter' is judged against its expectation" in missing(outcome)[0]
    study(root, met={"shorter": "no"}, note={"shorter": "Two agency nurses timed badly"})
    studied = Workspace(root).load_cycle(CYCLE).cycle.study
    assert studied is not None
    result = studied.results[0]
    assert (result.met, result.override) == (False, "Two agency nurses timed badly")


def test_refuses_plan_and_done_and_unknown_ids(running: Path, run: Invoke) -> None:
    root = running.parents[1]
    assert run("new", "Later", "--date", "2026-11-05").exit_code == 0
    with pytest.raises(RefusedError, match="still in plan"):
        ws = Workspace(root)
        run_study(ws, ws.load_cycle("later"), FlagPrompts(Answers()), today=TODAY)
    with pytest.raises(UsageError, match="no prediction 'shortr'"):
        study(root, actual={"shortr": "1"})


def test_agenda_orders_what_is_due(running: Path, run: Invoke) -> None:
    root = running.parents[1]
    assert [i.cycle.id for i in agenda_of(root, dt.date(2026, 11, 5))] == []  # has data
    path = root / "cycles" / f"{CYCLE}.yaml"
    path.write_text(
        path.read_text().replace("  when:\n", "  when: {start: 2026-11-03, end: 2026-11-07}\n")
    )
    (item,) = agenda_of(root, TODAY)
    assert item.cycle.id == CYCLE and "Do ended 2026-11-07 (14 days ago)" in item.describe(TODAY)


def test_cli_without_a_terminal_never_waits(running: Path, run: Invoke) -> None:
    result = run("study", CYCLE, "--date", "2026-11-21")
    assert result.exit_code == 1
    assert "still needed: the day Do finished" in result.stderr
    assert "without a terminal pdsa never asks" in result.stderr
    result = run(
        "study",
        CYCLE,
        "--date",
        "2026-11-21",
        "--finished",
        "2026-11-07",
        "--yes",
        "--actual",
        "liked=Mostly",
        "--met",
        "liked=yes",
        "--learning",
        "Helps",
        "--decision",
        "adopt",
        "--rationale",
        "Works",
    )
    assert result.exit_code == 0, result.stderr
    assert "decision adopt; status done" in result.stderr
    assert run("check").exit_code == 0


def test_abandon_with_next_is_refused_like_act(running: Path, run: Invoke) -> None:
    result = run("study", CYCLE, "--decision", "abandon", "--rationale", "no", "--next", "More")
    assert result.exit_code == 2 and "abandoned change idea has no next cycle" in result.stderr


def test_agenda_says_one_day_not_one_days(running: Path) -> None:
    path = running
    path.write_text(path.read_text().replace("  when:\n", "  when: {end: 2026-11-20}\n"))
    (item,) = agenda_of(running.parents[1], TODAY)
    assert "(1 day ago)" in item.describe(TODAY)


def test_the_meeting_is_warned_when_predictions_changed_after_the_lock(running: Path) -> None:
    from rich.console import Console

    from pdsa.render.study_meeting import briefing_view
    from pdsa.study import brief, load_data

    running.write_text(running.read_text().replace("below 9 minutes", "below 10 minutes"))
    ws = Workspace(running.parents[1])
    cycle = ws.load_cycle(CYCLE).cycle
    briefing = brief(ws, cycle, TODAY, load_data(ws, cycle))
    assert briefing.lock is not None and briefing.lock.changed == ["shorter"]
    console = Console(record=True, width=100, color_system=None)
    console.print(briefing_view(briefing, 100))
    screen = console.export_text()
    assert "lock mismatch" in screen and "Predictions changed after Do started: shorter" in screen
    assert screen.index("lock mismatch") < screen.index("Predictions (locked)")


# --- what the meeting says, and keeps -----------------------------------------------------


def flags_up_to_decision(*extra: str) -> list[str]:
    return [
        "study", CYCLE, "--date", "2026-11-21", "--finished", "2026-11-07", "--yes",
        "--actual", "liked=Mostly", "--met", "liked=yes", *extra,
    ]  # fmt: skip


def test_not_yet_decided_says_the_status_written(running: Path, run: Invoke) -> None:
    result = run(
        *flags_up_to_decision(
            "--learning", "Helps", "--decision", "not-yet-decided", "--rationale", "Ask nights"
        )
    )
    assert result.exit_code == 0, result.stderr
    assert "status done" not in result.stderr
    assert "decision not-yet-decided; status act" in result.stderr
    assert "status: act\n" in running.read_text()


def test_every_learning_flag_is_kept(running: Path, run: Invoke) -> None:
    result = run(
        *flags_up_to_decision(
            "--learning", "A", "--learning", "B", "--decision", "adopt", "--rationale", "Works"
        )
    )
    assert result.exit_code == 0, result.stderr
    studied = Workspace(running.parents[1]).load_cycle(CYCLE).cycle.study
    assert studied is not None and studied.learning == "A\nB"


def test_learning_flags_given_again_are_not_added_twice(running: Path, run: Invoke) -> None:
    first = run(*flags_up_to_decision("--learning", "A", "--learning", "B"))
    assert first.exit_code == 1  # the decision is still missing
    again = flags_up_to_decision("--learning", "A", "--learning", "B", "--learning", "C")
    done = run(*again, "--decision", "adopt", "--rationale", "Works")
    assert done.exit_code == 0, done.stderr
    studied = Workspace(running.parents[1]).load_cycle(CYCLE).cycle.study
    assert studied is not None and studied.learning == "A\nB\nC"


def test_an_actual_of_dash_means_not_judged(running: Path, run: Invoke) -> None:
    help_text = run("study", "--help").stdout
    assert "not judged" in help_text
    result = run(
        "study", CYCLE, "--date", "2026-11-21", "--finished", "2026-11-07", "--yes",
        "--actual", "liked=-", "--learning", "Helps", "--decision", "adopt",
        "--rationale", "Works",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    studied = Workspace(running.parents[1]).load_cycle(CYCLE).cycle.study
    assert studied is not None
    liked = next(r for r in studied.results if r.prediction == "liked")
    assert liked.actual is None and liked.met is None


def test_decision_lists_come_from_the_vocabulary(running: Path, run: Invoke) -> None:
    from pdsa.vocab import Decision as Words

    result = run(*flags_up_to_decision("--learning", "Helps"))
    assert result.exit_code == 1
    assert "--decision " + "|".join(d.value for d in Words) in result.stderr


def test_the_template_lists_every_decision(project: Path, run: Invoke) -> None:
    from pdsa.vocab import Decision as Words

    created = run("new", "Any", "--date", "2026-11-02")
    assert created.exit_code == 0, created.stderr
    text = (project / created.stdout.strip()).read_text()
    assert "  decision:       # " + " | ".join(d.value for d in Words) + "\n" in text
