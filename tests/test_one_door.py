"""One door to the team's files: a command resolves a cycle once and reads its file once.

File opens and folder listings are counted while the real CLI runs in-process.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke

CYCLE = "2026-11-03-sbar-card"


@contextmanager
def counting(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """Count `os.open`/`open` of each file and `listdir`/`scandir` of each folder."""
    seen: Counter[str] = Counter()
    real_open, real_listdir, real_scandir = os.open, os.listdir, os.scandir
    import builtins

    real_builtin_open = builtins.open

    def opened(path: Any, *args: Any, **kwargs: Any) -> Any:
        seen[f"open {Path(os.fsdecode(path)).resolve()}"] += 1
        return real_open(path, *args, **kwargs)

    def builtin_opened(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, str | bytes | os.PathLike):
            seen[f"open {Path(os.fsdecode(file)).resolve()}"] += 1
        return real_builtin_open(file, *args, **kwargs)

    def listed(path: Any = ".") -> Any:
        seen[f"list {Path(os.fsdecode(path)).resolve()}"] += 1
        return real_listdir(path)

    def scanned(path: Any = ".") -> Any:
        seen[f"list {Path(os.fsdecode(path)).resolve()}"] += 1
        return real_scandir(path)

    monkeypatch.setattr(os, "open", opened)
    monkeypatch.setattr(builtins, "open", builtin_opened)
    monkeypatch.setattr(os, "listdir", listed)
    monkeypatch.setattr(os, "scandir", scanned)
    yield seen


@pytest.fixture
def planned(project: Path, run: Invoke) -> Path:
    assert run("new", "SBAR card", "--date", "2026-11-03").exit_code == 0
    for title in ("Bedside handoff", "Phone cover", "Lanyards"):
        assert run("new", title, "--date", "2026-11-04").exit_code == 0
    result = run(
        "predict", "sbar-card", "Shorter handoffs", "-m", "handoff-minutes", "--below", "8"
    )
    assert result.exit_code == 0, result.stderr
    return project / "cycles" / f"{CYCLE}.yaml"


def test_start_reads_the_cycle_once_and_lists_cycles_once(
    planned: Path, run: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    with counting(monkeypatch) as seen:
        result = run("start", "sbar-card", "--date", "2026-11-05")
    assert result.exit_code == 0, result.stderr
    assert seen[f"open {planned.resolve()}"] == 1
    assert seen[f"list {planned.parent.resolve()}"] <= 1


def test_act_next_reads_the_cycle_once_and_lists_cycles_once(
    planned: Path, run: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("start", "sbar-card", "--date", "2026-11-05").exit_code == 0
    answers = ["--finished", "2026-11-09", "--actual", "shorter-handoffs=7", "--learning", "ok"]
    assert run("study", "sbar-card", "--date", "2026-11-10", *answers).exit_code == 1
    with counting(monkeypatch) as seen:
        result = run("act", "sbar-card", "-d", "adapt", "-r", "Nights next", "--next", "Nights")
    assert result.exit_code == 0, result.stderr
    assert seen[f"open {planned.resolve()}"] == 1
    assert seen[f"list {planned.parent.resolve()}"] <= 1
    nights = sorted(planned.parent.glob("*-nights.yaml"))
    assert len(nights) == 1 and f"next: {nights[0].stem}" in planned.read_text()


def test_record_opens_no_cycle_file(
    planned: Path, run: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    with counting(monkeypatch) as seen:
        assert run("record", "handoff-minutes", "9", "--date", "2026-11-05").exit_code == 0
    cycles = str(planned.parent.resolve())
    assert [k for k in seen if cycles in k] == []
