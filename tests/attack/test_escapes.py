"""#13 item 4: terminal escapes in the team's files are never printed raw.

A title of `x\\e]0;PWNED\\a\\e[2J` would set the terminal's title and clear the screen of
whoever runs `pdsa list`. Every printing command must strip or escape control characters.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from tests.attack import corpus
from tests.attack.support import PDSA, assert_sane, invoke, raw_controls
from tests.conftest import interruptible

PAYLOAD = "x\x1b]0;PWNED\x07\x1b[2J"
TODAY = "2026-11-21"


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The corpus base project with the payload in titles, names, texts and a rule name."""
    root = tmp_path / "p"
    corpus.Case("base", "cycle", b"").write(root)
    q = corpus.quote(PAYLOAD)
    (root / "pdsa.yaml").write_text(
        corpus.project_text(name=q, measure_title=q, idea_title=q, ignore_rule=q)
    )
    (root / corpus.TARGET_PATHS["cycle"]).write_text(
        corpus.cycle_text(title=q, statement=q, observation=q, owner=q, learning=q)
    )
    (root / corpus.TARGET_PATHS["csv"]).write_text(corpus.csv_text(PAYLOAD))
    monkeypatch.chdir(root)
    monkeypatch.delenv("PDSA_ROOT", raising=False)
    return root


COMMANDS = {
    "list": ("list",),
    "show": ("show", corpus.HOSTILE_ID),
    "report": ("report", "--date", TODAY),
    "agenda": ("agenda", "--date", TODAY),
    "tree": ("tree",),
    "tree-mermaid": ("tree", "--format", "mermaid"),
    "chart": ("chart", "handoff-minutes", "--date", TODAY),
    "check-text": ("check",),
    "check-github": ("check", "--format", "github"),
}


@pytest.mark.parametrize("args", list(COMMANDS.values()), ids=list(COMMANDS))
def test_no_command_prints_the_escape(hostile: Path, args: tuple[str, ...]) -> None:
    run = invoke(*args)
    assert run.code in (0, 1), str(run)  # the files are valid: the command does its job
    assert_sane(run)


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(("list", "--json"), id="list-json"),
        pytest.param(("show", corpus.HOSTILE_ID, "--json"), id="show-json"),
        pytest.param(("check", "--format", "json"), id="check-json"),
    ],
)
def test_json_output_escapes_control_characters(hostile: Path, args: tuple[str, ...]) -> None:
    assert_sane(invoke(*args))


@pytest.mark.parametrize(
    "where",
    [
        pytest.param("stray-cycle-file"),
        pytest.param("orphan-csv"),
    ],
)
def test_check_does_not_echo_escapes_in_file_names(project: Path, where: str) -> None:
    if where == "stray-cycle-file":
        (project / "cycles" / f"{PAYLOAD}.txt").write_text("x\n")
    else:
        (project / "measures" / f"{PAYLOAD}.csv").write_text("date,value\n")
    for fmt in ("text", "github"):
        run = invoke("check", "--format", fmt)
        assert run.code in (0, 1), str(run)
        assert_sane(run)


def briefing(root: Path) -> str:
    """What `pdsa study` prints on a terminal before its first question."""
    pexpect = pytest.importorskip("pexpect")
    env = {
        "TERM": "dumb",
        "NO_COLOR": "1",
        "COLUMNS": "120",
        "PATH": os.environ["PATH"],
        "HOME": str(root),
    }
    child = pexpect.spawn(
        str(PDSA),
        ["study", corpus.HOSTILE_ID, "--date", TODAY],
        cwd=str(root),
        env=env,
        encoding="utf-8",
        codec_errors="replace",
        timeout=30,
        preexec_fn=interruptible,
    )
    # The briefing comes a page at a time (Enter turns the page); all of it is checked.
    shown = ""
    while child.expect([r"Enter: next part", r"Decision", r"\r?\n  > "]) == 0:
        shown += child.before
        child.sendline("")
    shown += child.before  # up to the first question, whichever it is
    time.sleep(0.5)  # Ctrl-C at a waiting prompt, as a person would (see test_pty_interrupt)
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    return str(shown)


@pytest.mark.skipif(shutil.which("true") is None, reason="needs a POSIX system")
def test_study_briefing_control(tmp_path: Path) -> None:
    """The control: with plain text, the briefing on a pty holds no raw control character."""
    root = tmp_path / "p"
    corpus.Case("base", "cycle", b"").write(root)
    (root / corpus.TARGET_PATHS["cycle"]).write_text(corpus.cycle_text())
    assert not raw_controls(briefing(root).replace("\r\n", "\n"))


def test_study_briefing_does_not_print_the_escape(hostile: Path) -> None:
    shown = briefing(hostile).replace("\r\n", "\n")
    assert "Predictions (locked)" in shown
    assert not raw_controls(shown), raw_controls(shown)
