"""`pdsa plan` and `pdsa note` through a real pseudo-terminal, interrupted at every prompt:
the file is always valid and keeps every answer given before the interruption."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from pdsa.model import Cycle
from pdsa.store import Workspace
from tests.conftest import Invoke, interruptible

pexpect = pytest.importorskip("pexpect")
pytestmark = pytest.mark.slow

CYCLE = "2026-11-03-sbar-card"

# (what the prompt says, what the team types)
PLAN_STEPS = [
    ("objective of this test", "Learn whether the card shortens handoffs"),
    ("What is it for", "test-change"),
    ("an empty line ends.\r\n  > ", "Will handoffs be shorter?"),
    ("\r\n  > ", ""),
    ("What do you predict", "Median handoff falls below 8 minutes"),
    ("Measure it is judged on", "handoff-minutes"),
    ("Expected", "below 8"),
    ("How sure", "70%"),
    ("Who will run it", "Dana and Tom"),
    ("Where?", "Ward 4, day shift"),
    ("First day of the test", "2026-11-04"),
    ("Last day of the test", "2026-11-08"),
    ("How small", "2 nurses, 5 shifts"),
    ("How will the data be collected", "Tom times 10 handoffs a shift"),
    ("optional); an empty line ends.\r\n  > ", "Print 20 cards | Dana | 2026-11-03"),
    ("\r\n  > ", ""),
]


def spawn(root: Path, *args: str) -> Any:
    exe = shutil.which("pdsa", path=str(Path(sys.executable).parent))
    env = {"TERM": "dumb", "NO_COLOR": "1", "COLUMNS": "120", "PATH": os.environ["PATH"]}
    return pexpect.spawn(
        exe,
        list(args),
        cwd=str(root),
        env=env,
        encoding="utf-8",
        timeout=30,
        preexec_fn=interruptible,
    )


def answer(child: Any, steps: list[tuple[str, str]]) -> None:
    for prompt, text in steps:
        child.expect_exact(prompt)
        child.sendline(text)


def load(root: Path) -> Cycle:
    return Workspace(root).load_cycle(CYCLE).cycle  # validates: raises if the file is broken


def plan_answers(cycle: Cycle) -> list[object]:
    """Every answer the guided plan saves, in the order it asks them."""
    plan = cycle.plan
    values: list[object] = [plan.objective, plan.purpose, *plan.questions]
    for p in plan.predictions:
        values += [p.statement, p.measure, p.expect, p.confidence]
    when = plan.when
    values += [plan.who, plan.where, when.start if when else None, when.end if when else None]
    values += [plan.scale, plan.data_collection, *plan.tasks]
    return [v for v in values if v is not None]


# How many answers the file holds once the first k prompts have been answered.
PLAN_SAVED = [0, 1, 2, 3, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]


@pytest.fixture
def planned(project: Path, run: Invoke) -> Path:
    assert run("new", "SBAR card", "-c", "sbar-card", "--date", "2026-11-03").exit_code == 0
    return project


def test_the_guided_plan_fills_the_worksheet(planned: Path) -> None:
    child = spawn(planned, "plan", "sbar")
    answer(child, PLAN_STEPS)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    cycle = load(planned)
    assert len(plan_answers(cycle)) == 14 == PLAN_SAVED[-1]
    (prediction,) = cycle.plan.predictions
    assert (prediction.question, prediction.measure, prediction.confidence) == (
        1,
        "handoff-minutes",
        0.7,
    )
    assert prediction.expect is not None and prediction.expect.describe() == "< 8"
    assert cycle.plan.tasks[0].who == "Dana"


@pytest.mark.parametrize("step", range(len(PLAN_STEPS)))
def test_ctrl_c_at_any_plan_prompt_keeps_every_answer(planned: Path, step: int) -> None:
    child = spawn(planned, "plan", "sbar")
    answer(child, PLAN_STEPS[:step])
    child.expect_exact(PLAN_STEPS[step][0])
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "every answer given so far is saved" in child.before
    assert len(plan_answers(load(planned))) == PLAN_SAVED[step]
    assert not list((planned / "cycles").glob(".*.tmp"))


def test_a_second_plan_run_keeps_what_was_answered(planned: Path) -> None:
    child = spawn(planned, "plan", "sbar")
    answer(child, PLAN_STEPS[:3])
    child.expect_exact("\r\n  > ")
    child.sendintr()
    child.expect(pexpect.EOF)
    child = spawn(planned, "plan", "sbar")
    child.expect_exact("now: Learn whether the card shortens handoffs")
    child.sendline("")  # Enter keeps it
    child.expect_exact("What is it for")
    child.sendintr()
    child.expect(pexpect.EOF)
    assert load(planned).plan.objective == "Learn whether the card shortens handoffs"


NOTES = ["Night shift borrowed the cards", "problem: Cards ran out", "deviation: Only 7 timed"]


@pytest.mark.parametrize("step", range(len(NOTES) + 1))
def test_huddle_notes_are_saved_one_by_one(planned: Path, run: Invoke, step: int) -> None:
    assert run("predict", "sbar", "Shorter", "-m", "handoff-minutes", "--below", "8").exit_code == 0
    assert run("start", "sbar", "--date", "2026-11-04").exit_code == 0
    child = spawn(planned, "note", "sbar", "--date", "2026-11-05")
    for text in NOTES[:step]:
        child.expect_exact("  > ")
        child.sendline(text)
    child.expect_exact("  > ")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    do = load(planned).do
    assert do is not None
    saved = [*do.observations, *do.problems, *do.deviations]
    assert len(saved) == step
    if step == len(NOTES):
        assert do.problems == ["2026-11-05: Cards ran out"]
        assert do.deviations == ["2026-11-05: Only 7 timed"]
