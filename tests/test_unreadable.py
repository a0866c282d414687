"""A file a command cannot use is never dropped without a word: every command that reads the
project names it with file:line:col on stderr, exits 3, and still shows the rest."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO, Invoke

BROKEN = "2026-01-26-sbar-card-two-nurses-five-day-shifts.yaml"


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "example"
    root.mkdir()
    for name in ("pdsa.yaml", "cycles", "measures", ".pdsa"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy(source, root / name)
    path = root / "cycles" / BROKEN
    path.write_text(path.read_text(encoding="utf-8") + "titel: x\n", encoding="utf-8")
    monkeypatch.chdir(root)
    monkeypatch.delenv("PDSA_ROOT", raising=False)
    return root


def where(root: Path) -> str:
    """`cycles/<file>:<line>:1`: the line of the unknown key, appended last."""
    lines = (root / "cycles" / BROKEN).read_text(encoding="utf-8").count("\n")
    return f"cycles/{BROKEN}:{lines}:1"


@pytest.mark.parametrize(
    ("args", "still_shown"),
    [
        (["report", "--date", "2026-11-21"], "Ward 4 shift handoffs"),
        (["tree"], "SBAR handoff card"),
        (["agenda", "--date", "2026-11-21"], "pdsa study"),
        (["list"], "2026-01-12-sbar-card-one-nurse-one-day-shift"),
        (["chart", "handoff-minutes", "--date", "2026-11-21"], "Median handoff time"),
    ],
)
def test_read_commands_name_the_file_and_exit_3(
    example: Path, run: Invoke, args: list[str], still_shown: str
) -> None:
    result = run(*args)
    assert result.exit_code == 3, result.stderr
    assert f"{where(example)}: error: unknown key 'titel'" in result.stderr
    assert still_shown in result.stdout


def test_the_count_says_what_was_left_out(example: Path, run: Invoke) -> None:
    result = run("report", "--date", "2026-11-21")
    assert "15 of 16 cycles; 1 file could not be read" in result.stderr
    data = json.loads(run("report", "--json", "--date", "2026-11-21").stdout)
    assert data["cycles"]["total"] == 15
    assert [u["file"] for u in data["unreadable"]] == [f"cycles/{BROKEN}"]


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_written_reports_say_it_too(example: Path, run: Invoke, fmt: str) -> None:
    out = example / f"r.{fmt}"
    result = run("report", "--format", fmt, "--out", str(out), "--date", "2026-11-21")
    assert result.exit_code == 3
    assert "15 of 16 cycles; 1 file could not be read" in out.read_text(encoding="utf-8")


def test_json_outputs_list_the_unreadable_file(example: Path, run: Invoke) -> None:
    for args in (["list", "--json"], ["agenda", "--json"], ["tree", "--json"]):
        result = run(*args)
        assert result.exit_code == 3
        assert json.loads(result.stdout)["unreadable"][0]["file"] == f"cycles/{BROKEN}"


def test_study_names_a_broken_earlier_cycle_of_its_ramp(example: Path, run: Invoke) -> None:
    earlier = example / "cycles" / "2026-08-24-bedside-handoff-two-pairs-five-shifts.yaml"
    earlier.write_text(earlier.read_text(encoding="utf-8") + "titel: x\n", encoding="utf-8")
    result = run("study", "2026-10-19-bedside-handoff-whole-day-shift", "--date", "2026-11-21")
    assert result.exit_code == 3
    assert f"cycles/{earlier.name}:" in result.stderr
    assert "still needed:" in result.stderr  # the meeting itself still ran
