"""The interactive meeting through a real pseudo-terminal: answers, Ctrl-C at every step, resume."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from pdsa.model import Cycle, Status
from pdsa.store import Workspace
from tests.conftest import interruptible
from tests.test_study import CYCLE, running  # noqa: F401  (fixture)

pexpect = pytest.importorskip("pexpect")
pytestmark = pytest.mark.slow

# (what the prompt says, what the facilitator types)
STEPS = [
    ("When did Do finish", "2026-11-07"),
    ("Actual", ""),  # Enter: accept 8.25 from the data
    ("Was the prediction met", ""),  # Enter: the computed "yes"
    ("Note", "Only day shifts"),
    ("Actual", "Yes, 5 of 6 nurses"),
    ("Was the prediction met", "y"),
    ("Note", ""),
    # Multi-line answers: each pattern ends with its own "> " so none is matched twice.
    ("an empty line ends.\r\n  > ", "Nights borrowed the cards"),
    ("\r\n  > ", ""),
    ("An empty line ends.\r\n  > ", "The card helps."),
    ("\r\n  > ", "The allergies box is easy to miss."),
    ("\r\n  > ", ""),
    ("Decision", "adapt"),
    ("Why adapt", "Move allergies to the front"),
    ("Title of the next cycle", "SBAR card nights"),
]


def spawn(root: Path) -> Any:
    exe = shutil.which("pdsa", path=str(Path(sys.executable).parent))
    env = {
        "TERM": "dumb",
        "NO_COLOR": "1",
        "COLUMNS": "100",
        "PATH": os.environ["PATH"],
        "HOME": str(root),
    }
    return pexpect.spawn(
        exe,
        ["study", CYCLE, "--date", "2026-11-21"],
        cwd=str(root),
        env=env,
        encoding="utf-8",
        timeout=30,
        preexec_fn=interruptible,
    )


# The briefing comes a page at a time; Enter turns the page.
PAGE = "Enter: next part"


def expect_prompt(child: Any, prompt: str) -> None:
    """Wait for `prompt`, turning the briefing's pages on the way."""
    while child.expect_exact([PAGE, prompt]) == 0:
        child.sendline("")


def answer(child: Any, steps: list[tuple[str, str]]) -> None:
    for prompt, text in steps:
        expect_prompt(child, prompt)
        child.sendline(text)


def load(root: Path) -> Cycle:
    return Workspace(root).load_cycle(CYCLE).cycle  # validates: raises if the file is broken


def saved_answers(cycle: Cycle) -> list[object]:
    """Everything the meeting writes, in the order it is asked."""
    results = cycle.study.results if cycle.study else []
    values: list[object] = [cycle.do.finished if cycle.do else None]
    for r in results:
        values += [r.actual, r.met, r.note]
    if cycle.study:
        values += [*cycle.study.surprises, cycle.study.learning]
    if cycle.act:
        values += [cycle.act.decision, cycle.act.rationale, cycle.act.next]
    return [v for v in values if v is not None]


def test_the_whole_meeting_answered_at_the_terminal(running: Path) -> None:  # noqa: F811
    root = running.parents[1]
    child = spawn(root)
    expect_prompt(child, "Predictions (locked)")  # the briefing comes first
    answer(child, STEPS)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    cycle = load(root)
    assert cycle.status is Status.DONE
    assert saved_answers(cycle)[:8] == [
        __import__("datetime").date(2026, 11, 7),
        8.25,
        True,
        "Only day shifts",
        "Yes, 5 of 6 nurses",
        True,
        "Nights borrowed the cards",
        "The card helps.\nThe allergies box is easy to miss.",
    ]
    assert cycle.act is not None and cycle.act.next == "2026-11-21-sbar-card-nights"


# How many saved answers the file holds after the first k steps are answered.
# Each learning line is saved as it is confirmed (an interruption loses none of them).
EXPECTED_SAVED = [0, 1, 2, 3, 4, 5, 6, 6, 7, 7, 8, 8, 8, 9, 10]


@pytest.mark.parametrize("step", range(len(STEPS)))
def test_ctrl_c_at_any_prompt_keeps_every_answer_so_far(running: Path, step: int) -> None:  # noqa: F811
    root = running.parents[1]
    before = running.read_text()
    child = spawn(root)
    answer(child, STEPS[:step])
    expect_prompt(child, STEPS[step][0])
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "every answer given so far is saved" in child.before
    cycle = load(root)  # still valid
    assert len(saved_answers(cycle)) == EXPECTED_SAVED[step], saved_answers(cycle)
    if step == 0:
        assert running.read_text() == before
    assert not list(running.parent.glob(".*.tmp"))  # no temp files left behind


def test_resume_starts_at_the_first_unanswered_step(running: Path) -> None:  # noqa: F811
    root = running.parents[1]
    child = spawn(root)
    answer(child, STEPS[:5])  # up to liked's actual
    child.expect_exact("Was the prediction met")
    child.sendintr()
    child.expect(pexpect.EOF)
    child = spawn(root)
    # It does not ask again for the finish date or the first prediction.
    index = 0
    while index == 0:
        index = child.expect_exact([PAGE, "When did Do finish", "Was the prediction met"])
        if index == 0:
            child.sendline("")
    assert index == 2
    assert "shorter: Median handoff" not in child.before.split("liked:")[-1]
    child.sendline("y")
    answer(child, STEPS[6:])
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert load(root).status is Status.DONE


def test_edit_validates_after_saving_and_offers_to_edit_again(
    project: Path, tmp_path: Path
) -> None:
    from tests.conftest import CLI_ENV, interruptible

    exe = shutil.which("pdsa", path=str(Path(sys.executable).parent))
    env = {**CLI_ENV, "PATH": os.environ["PATH"], "HOME": str(tmp_path)}
    env.pop("PDSA_ROOT", None)
    assert pexpect.run(f"{exe} new 'SBAR card' --date 2026-11-03", cwd=str(project), env=env)
    path = project / "cycles" / "2026-11-03-sbar-card.yaml"
    # An "editor" that breaks the file the first time it is opened and mends it the second.
    editor = tmp_path / "editor.sh"
    editor.write_text(
        "#!/bin/sh\n"
        f'if [ -e "{tmp_path}/once" ]; then sed -i "s/status: planned/status: plan/" "$1";\n'
        f'else touch "{tmp_path}/once"; sed -i "s/status: plan/status: planned/" "$1"; fi\n'
    )
    editor.chmod(0o755)
    child = pexpect.spawn(
        exe,
        ["edit", "sbar"],
        cwd=str(project),
        env={**env, "EDITOR": str(editor), "VISUAL": ""},
        encoding="utf-8",
        timeout=30,
        preexec_fn=interruptible,
    )
    child.expect_exact("cycles/2026-11-03-sbar-card.yaml:9:9: error: status:")
    child.expect_exact("Edit again?")
    child.sendline("y")
    child.expect_exact("is valid")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "status: plan\n" in path.read_text()
