"""The progress bar: on stderr, only on a terminal, only once work has run about a second."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from pdsa.render import console as consoles
from pdsa.render.progress import ProgressBar


@pytest.fixture
def screen(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    buffer = io.StringIO()
    fake = Console(file=buffer, force_terminal=True, width=80)
    monkeypatch.setattr(consoles, "err", lambda: fake)
    return buffer


def test_long_work_on_a_terminal_shows_a_bar(screen: io.StringIO) -> None:
    with ProgressBar("checking cycles", delay=0) as tell:
        tell.enabled = True
        for done in range(1, 501):
            tell(done, 1000)
    assert "checking cycles" in screen.getvalue()


def test_quick_work_shows_nothing(screen: io.StringIO) -> None:
    with ProgressBar("checking cycles", delay=60) as tell:
        tell.enabled = True
        tell(10, 1000)
    assert screen.getvalue() == ""


def test_not_a_terminal_shows_nothing(screen: io.StringIO) -> None:
    with ProgressBar("checking cycles", delay=0) as tell:
        assert not tell.enabled  # pytest's stderr is not a terminal
        tell(10, 1000)
    assert screen.getvalue() == ""


def test_check_tells_its_progress(project: object) -> None:
    from pdsa.check import run_check
    from pdsa.store import Workspace
    from tests.checkfixture import write_clean_project

    write_clean_project(project)  # type: ignore[arg-type]
    told: list[tuple[int, int]] = []
    run_check(Workspace(project), progress=lambda d, t: told.append((d, t)))  # type: ignore[arg-type]
    assert told == [(1, 2), (2, 2)]
