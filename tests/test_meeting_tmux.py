"""The study meeting on a projector-sized terminal, driven in a real tmux: the briefing a
page at a time with the test's questions on the first screen, charts that grow with the
terminal, and each prediction on one screen with its chart and its question."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO

TMUX = shutil.which("tmux")
EXE = shutil.which("pdsa", path=str(Path(sys.executable).parent))
CYCLE = "2026-10-19-bedside-handoff-whole-day-shift"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)"),
]


class Screen:
    """A detached tmux session of a fixed size running one command."""

    def __init__(self, socket: str, cwd: Path, width: int, height: int) -> None:
        self.socket = socket
        self.width, self.height = width, height
        assert EXE is not None
        command = f"{EXE} study {CYCLE} --date 2026-11-21; sleep 600"
        env = {"PATH": os.environ["PATH"], "HOME": str(cwd), "TERM": "xterm-256color"}
        self.tmux(
            "new-session",
            "-d",
            "-x",
            str(width),
            "-y",
            str(height),
            "-s",
            "m",
            "-c",
            str(cwd),
            command,
            env=env,
        )

    def tmux(self, *args: str, env: dict[str, str] | None = None) -> str:
        assert TMUX is not None
        done = subprocess.run(
            [TMUX, "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            env=env,
            check=True,
            timeout=30,
        )
        return done.stdout

    def text(self) -> list[str]:
        """The visible screen, line by line (what the room sees)."""
        return self.tmux("capture-pane", "-p", "-t", "m").rstrip("\n").split("\n")

    def wait_for(self, *words: str, timeout: float = 60) -> list[str]:
        """The screen once every one of `words` is on it (the page is drawn to the end)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            lines = self.text()
            if all(any(w in line for line in lines) for w in words):
                return lines
            time.sleep(0.3)
        raise AssertionError(f"{words!r} never appeared:\n" + "\n".join(self.text()))

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "m", *keys)

    def close(self) -> None:
        subprocess.run([TMUX or "tmux", "-L", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    root = tmp_path / "ward4"
    root.mkdir()
    for name in ("pdsa.yaml", "cycles", "measures", ".pdsa"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy(source, root / name)
    return root


@pytest.fixture
def screen(request: pytest.FixtureRequest, example: Path) -> Iterator[Screen]:
    width, height = request.param
    shown = Screen(f"pdsa-test-{os.getpid()}-{width}", example, width, height)
    yield shown
    shown.close()


@pytest.mark.parametrize("screen", [(100, 30)], indirect=True)
def test_100x30_first_screen_shows_the_test_and_its_first_question(screen: Screen) -> None:
    lines = screen.wait_for("Enter: next part")
    assert len(lines) <= 30
    assert "The test (1 of" in lines[0]  # nothing scrolled away above it
    text = "\n".join(lines)
    assert "Bedside handoff for the whole day shift" in text
    assert "1. Do we reach the goal of 8 minutes?" in text
    assert "questions:" in text
    # s skips to the questions: the first one is on one screen with its chart.
    screen.keys("s", "Enter")
    lines = screen.wait_for("Actual (Enter accepts the data")
    text = "\n".join(lines)
    assert lines[0].strip("─ ").startswith("Prediction sbar-kept")
    assert "sbar-kept: At least 85% of audited handoffs still follow SBAR." in text
    assert "Handoffs that follow SBAR" in text and "Do window" in text
    assert max(len(line) for line in lines) <= 100


@pytest.mark.parametrize("screen", [(200, 50)], indirect=True)
def test_200x50_charts_grow_and_sit_beside_the_prediction(screen: Screen) -> None:
    screen.wait_for("Enter: next part")
    screen.keys("Enter")
    screen.wait_for("(2 of", "Enter: next part")
    screen.keys("Enter")
    lines = screen.wait_for("Median handoff time (3 of", "Enter: next part")
    axis = next(line for line in lines if "└" in line)
    assert len(axis.rstrip()) > 120  # 64 weekly points drawn across 128 columns
    rows = [line for line in lines if "│" in line]
    assert len(rows) >= 15  # taller on a taller screen
    screen.keys("s", "Enter")
    lines = screen.wait_for("Actual (Enter accepts the data")
    # The chart's title and the prediction share a line: they sit side by side.
    beside = [line for line in lines if "Handoffs that follow SBAR" in line and "sbar-kept" in line]
    assert beside, "\n".join(lines)
    assert any("│" in line and "expected ≥ 85" in line for line in lines)


@pytest.mark.parametrize("screen", [(100, 30)], indirect=True)
def test_no_dim_text_on_the_projector(screen: Screen) -> None:
    screen.wait_for("Enter: next part")
    coloured = screen.tmux("capture-pane", "-p", "-e", "-t", "m")
    assert "\x1b[2m" not in coloured and ";2m" not in coloured.replace("38;2;", "")
