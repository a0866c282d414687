"""#13 item 8: an interrupted study meeting loses no confirmed answer.

The meeting runs in a real pseudo-terminal (pexpect). At each prompt it is stopped with
Ctrl-C, SIGTERM or SIGHUP; afterwards the cycle file must be valid and hold every answer
confirmed (typed and Enter pressed) before the stop. At scale 1 each prompt gets one of the
three signals in turn; from PDSA_ATTACK_SCALE=2 on, every prompt gets all three.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from pdsa.model import Cycle
from pdsa.store import Workspace
from tests.attack.conftest import CYCLE
from tests.attack.support import PDSA, SCALE, invoke
from tests.conftest import interruptible
from tests.test_study_pty import expect_prompt  # turns the briefing's pages

pexpect = pytest.importorskip("pexpect")

TODAY = "2026-11-21"

# (what the prompt says, what the facilitator types), as in tests/test_study_pty.py.
STEPS = [
    ("When did Do finish", "2026-11-07"),
    ("Actual", ""),  # Enter: accept 8.25 from the data
    ("Was the prediction met", ""),  # Enter: the computed "yes"
    ("Note", "Only day shifts"),
    ("Actual", "Yes, 5 of 6 nurses"),
    ("Was the prediction met", "y"),
    ("Note", ""),
    ("an empty line ends.\r\n  > ", "Nights borrowed the cards"),
    ("\r\n  > ", ""),
    ("An empty line ends.\r\n  > ", "The card helps."),
    ("\r\n  > ", "The allergies box is easy to miss."),
    ("\r\n  > ", ""),
    ("Decision", "adapt"),
    ("Why adapt", "Move allergies to the front"),
    ("Title of the next cycle", "SBAR card nights"),
]

# How many answers the file must hold when the meeting is stopped at prompt i, i.e. after
# STEPS[:i] were confirmed: a confirmed learning line counts (prompts 10 and 11).
CONFIRMED = [0, 1, 2, 3, 4, 5, 6, 6, 7, 7, 8, 8, 8, 9, 10]
LEARNING_LINES = {10, 11}  # the learning is saved line by line, each as it is confirmed

SIGNALS = {"ctrl-c": signal.SIGINT, "sigterm": signal.SIGTERM, "sighup": signal.SIGHUP}


def spawn(root: Path, *extra: str) -> Any:
    env = {
        "TERM": "dumb",
        "NO_COLOR": "1",
        "COLUMNS": "100",
        "PATH": os.environ["PATH"],
        "HOME": str(root),
    }
    return pexpect.spawn(
        str(PDSA),
        ["study", CYCLE, "--date", TODAY, *extra],
        cwd=str(root),
        env=env,
        encoding="utf-8",
        timeout=30,
        preexec_fn=interruptible,
    )


def stop(child: Any, how: str) -> None:
    """Interrupt the meeting as a person (Ctrl-C) or the system (a signal) would.

    A person presses Ctrl-C at a prompt that is waiting; the short pause makes it one.
    (The prompts poll their input, so a Ctrl-C landing before the read is not lost either.)
    """
    if how == "ctrl-c":
        time.sleep(0.5)
        child.sendintr()
    else:
        child.kill(SIGNALS[how])
    child.expect(pexpect.EOF)
    child.close()


def load(root: Path) -> Cycle:
    return Workspace(root).load_cycle(CYCLE).cycle  # raises if the file is broken


def saved_answers(cycle: Cycle) -> list[object]:
    results = cycle.study.results if cycle.study else []
    values: list[object] = [cycle.do.finished if cycle.do else None]
    for r in results:
        values += [r.actual, r.met, r.note]
    if cycle.study:
        values += [*cycle.study.surprises, cycle.study.learning]
    if cycle.act:
        values += [cycle.act.decision, cycle.act.rationale, cycle.act.next]
    return [v for v in values if v is not None]


def cases() -> list[object]:
    names = list(SIGNALS)
    found = []
    for step in range(len(STEPS)):
        chosen = names if SCALE >= 2 else [names[step % len(names)]]
        for how in chosen:
            found.append(pytest.param(step, how, id=f"{step}-{how}"))
    return found


@pytest.mark.parametrize(("step", "how"), cases())
def test_stopping_at_any_prompt_keeps_every_confirmed_answer(
    running: Path, step: int, how: str
) -> None:
    root = running.parents[1]
    before = running.read_text()
    child = spawn(root)
    for prompt, text in STEPS[:step]:
        expect_prompt(child, prompt)
        child.sendline(text)
    expect_prompt(child, STEPS[step][0])
    stop(child, how)
    if how == "ctrl-c":
        assert child.exitstatus == 130
        assert "every answer given so far is saved" in child.before
    cycle = load(root)
    got = saved_answers(cycle)
    if step == 0:
        assert running.read_text() == before
    if step in LEARNING_LINES:
        confirmed = [t for _, t in STEPS[9:step] if t]
        assert cycle.study is not None and cycle.study.learning, got
        assert all(line in cycle.study.learning for line in confirmed), cycle.study.learning
    assert len(got) == CONFIRMED[step], got


@pytest.mark.parametrize("how", list(SIGNALS) if SCALE >= 2 else ["sigterm"])
def test_a_met_waiting_for_its_why_is_kept(running: Path, how: str) -> None:
    root = running.parents[1]
    child = spawn(root)
    for prompt, text in [*STEPS[:2], ("Was the prediction met", "n")]:
        expect_prompt(child, prompt)
        child.sendline(text)
    child.expect_exact("Why?")
    stop(child, how)
    cycle = load(root)
    result = cycle.result("shorter")
    assert result is not None and result.met is False, result


def test_resuming_after_a_kill_past_the_next_title_makes_no_duplicate(running: Path) -> None:
    """The state a kill leaves just after the next cycle is created, before act.next is saved.

    The follow-on cycle exists (follows: this cycle) but this cycle does not name it yet.
    Resuming with the same title must link that cycle, not create `...-2`.
    """
    root = running.parents[1]
    flags = ["--finished", "2026-11-07", "--yes", "--actual", "liked=yes", "--met", "liked=y"]
    flags += ["--learning", "It helps", "--decision", "adapt", "--rationale", "Nights next"]
    first = invoke("study", CYCLE, *flags, "--date", TODAY)
    assert first.code == 0, str(first)  # studied, no next cycle yet
    orphan = invoke("new", "SBAR card nights", "--follows", CYCLE, "--date", TODAY)
    assert orphan.code == 0, str(orphan)
    # What the kill left: the new cycle exists; this cycle is still in act, act.next empty.
    text = running.read_text().replace("status: done", "status: act")
    running.write_text("\n".join(ln for ln in text.splitlines() if "next:" not in ln) + "\n")
    assert load(root).act is not None
    resumed = invoke("study", CYCLE, "--next", "SBAR card nights", "--date", TODAY)
    assert resumed.code == 0, str(resumed)
    made = sorted(p.name for p in (root / "cycles").glob("*nights*.yaml"))
    assert made == ["2026-11-21-sbar-card-nights.yaml"], made
    act = load(root).act
    assert act is not None and act.next == "2026-11-21-sbar-card-nights"
