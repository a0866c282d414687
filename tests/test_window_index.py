"""The index of Do windows: a chart opens only the cycles it shows, and never trusts a stale or
foreign memory of them."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pdsa.runchart.marks import CycleFacts
from pdsa.store import Workspace
from pdsa.store.window_index import CACHE_DIR, INDEX_NAME, VERSION

D = dt.date

CYCLE = """\
schema_version: 1
id: {id}
title: {title}
status: {status}
created: {created}
plan:
  objective: Learn.
  predictions:
    - id: p
      statement: It helps.
{do}"""


def write_cycle(
    root: Path, cid: str, *, started: str | None = None, finished: str | None = None
) -> Path:
    """A cycle in plan, or in study when it ran from `started` to `finished`."""
    do = ""
    status = "plan"
    if started:
        status = "study"
        do = f"do:\n  started: {started}\n" + (f"  finished: {finished}\n" if finished else "")
    path = root / "cycles" / f"{cid}.yaml"
    path.write_text(CYCLE.format(id=cid, title=cid, status=status, created=cid[:10], do=do))
    return path


@pytest.fixture
def cycles(project: Path) -> Path:
    for old in (project / "cycles").glob("*.yaml"):
        old.unlink()
    write_cycle(project, "2026-01-05-early", started="2026-01-06", finished="2026-01-10")
    write_cycle(project, "2026-06-01-inside", started="2026-06-02", finished="2026-06-09")
    write_cycle(project, "2026-06-20-running", started="2026-06-21")
    write_cycle(project, "2026-07-01-planned")
    return project


def loaded_ids(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[str]]:
    """(files opened, cycles returned) for a chart of June 2026, on 2026-06-30."""
    opened: list[str] = []
    original = Workspace.load_cycle_file

    def counting(self: Workspace, path: Path) -> object:
        opened.append(path.stem)
        return original(self, path)

    monkeypatch.setattr(Workspace, "load_cycle_file", counting)
    found = ws.cycles_running(D(2026, 6, 1), D(2026, 6, 30), D(2026, 6, 30))
    monkeypatch.undo()
    return opened, [c.id for c in found.cycles]


def test_the_second_chart_opens_no_unchanged_cycle(
    cycles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = ["2026-06-01-inside", "2026-06-20-running"]
    first_opened, first = loaded_ids(Workspace(cycles), monkeypatch)
    assert first == shown
    assert len(first_opened) == 4  # no memory yet: every file is read once
    opened, again = loaded_ids(Workspace(cycles), monkeypatch)
    assert again == shown and opened == []
    ignore = cycles / ".pdsa" / CACHE_DIR / ".gitignore"
    assert ignore.read_text().splitlines()[-1] == "*"


def test_a_changed_file_is_read_again(cycles: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loaded_ids(Workspace(cycles), monkeypatch)
    # The early cycle is corrected: it really ran in June. Its stat changes, so it is reread.
    path = write_cycle(cycles, "2026-01-05-early", started="2026-06-03", finished="2026-06-04")
    os.utime(path, ns=(1, 1))
    opened, shown = loaded_ids(Workspace(cycles), monkeypatch)
    assert "2026-01-05-early" in opened and "2026-01-05-early" in shown


def test_an_unreadable_file_is_always_read_and_reported(
    cycles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (cycles / "cycles" / "2026-02-01-broken.yaml").write_text("id: [\n")
    loaded_ids(Workspace(cycles), monkeypatch)
    opened, _ = loaded_ids(Workspace(cycles), monkeypatch)
    assert "2026-02-01-broken" in opened
    found = Workspace(cycles).cycles_running(D(2026, 6, 1), D(2026, 6, 30), D(2026, 6, 30))
    assert found.problems and "1 file could not be read" in found.summary()


def test_an_index_from_another_checkout_is_not_trusted(
    cycles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded_ids(Workspace(cycles), monkeypatch)
    copy = tmp_path / "clone"
    shutil.copytree(cycles, copy)  # other inodes and change times: every key differs
    opened, shown = loaded_ids(Workspace(copy), monkeypatch)
    assert len(opened) == 4 and shown == ["2026-06-01-inside", "2026-06-20-running"]


def rewrite_index(root: Path, change: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
    """Replace the index in `root` with `change` of it (a forged or an old one)."""
    index = root / ".pdsa" / CACHE_DIR / INDEX_NAME
    index.write_text(json.dumps(change(json.loads(index.read_text()))))


def test_a_forged_index_cannot_hide_a_cycle_it_does_not_match(
    cycles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded_ids(Workspace(cycles), monkeypatch)

    def forge(data: dict[str, Any]) -> dict[str, Any]:
        entry = data["cycles"]["2026-06-01-inside.yaml"]
        entry["key"][1] += 1  # claims another size: the key no longer matches the file
        entry["started"], entry["finished"] = "2020-01-01", "2020-01-02"
        return data

    rewrite_index(cycles, forge)
    _, shown = loaded_ids(Workspace(cycles), monkeypatch)
    assert "2026-06-01-inside" in shown


@pytest.mark.parametrize("garbage", ["", "not json", "[]", '{"version": 99}', '{"version": 2}'])
def test_a_broken_index_is_rebuilt(
    cycles: Path, monkeypatch: pytest.MonkeyPatch, garbage: str
) -> None:
    folder = cycles / ".pdsa" / CACHE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    (folder / INDEX_NAME).write_text(garbage)
    opened, shown = loaded_ids(Workspace(cycles), monkeypatch)
    assert len(opened) == 4 and shown == ["2026-06-01-inside", "2026-06-20-running"]
    assert json.loads((folder / INDEX_NAME).read_text())["version"] == VERSION


def test_a_cache_that_cannot_be_written_is_gone_without(
    cycles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (cycles / ".pdsa").mkdir(exist_ok=True)
    (cycles / ".pdsa" / CACHE_DIR).write_text("a file where the folder should be")
    for _ in range(2):
        opened, shown = loaded_ids(Workspace(cycles), monkeypatch)
        assert len(opened) == 4 and shown == ["2026-06-01-inside", "2026-06-20-running"]


def _running_facts(root: Path) -> dict[str, CycleFacts]:
    found = Workspace(root).cycles_running(D(2026, 1, 1), D(2026, 12, 31), D(2026, 6, 30))
    return {f.id: f for f in found.cycles}


def test_remembered_facts_are_the_files_facts(cycles: Path) -> None:
    """What the index gives back is what reading the file gives, field for field."""
    ws = Workspace(cycles)
    from_files = {c.id: CycleFacts.of(c) for c in ws.cycles().cycles if c.started}
    assert _running_facts(cycles) == from_files  # the first run reads the files
    assert _running_facts(cycles) == from_files  # the second, the index


@pytest.mark.parametrize(
    ("field", "forged"),
    [
        ("status", "\x1b[31mdone"),
        ("status", None),
        ("ideas", ["\x1b]8;;http://evil\x07x"]),
        ("ideas", "sbar-card"),
        ("predicts", [1]),
        ("started", "not a day"),
        ("finished", 20260601),
    ],
)
def test_an_index_entry_of_the_wrong_shape_means_read_the_file(
    cycles: Path, monkeypatch: pytest.MonkeyPatch, field: str, forged: object
) -> None:
    """A planted entry whose key matches the file but whose facts are not what pdsa writes
    (an escape sequence for a status, a number for a day) is ignored: the file is read."""
    loaded_ids(Workspace(cycles), monkeypatch)

    def forge(data: dict[str, Any]) -> dict[str, Any]:
        data["cycles"]["2026-06-01-inside.yaml"][field] = forged
        return data

    rewrite_index(cycles, forge)
    opened, shown = loaded_ids(Workspace(cycles), monkeypatch)
    assert opened == ["2026-06-01-inside"]
    assert shown == ["2026-06-01-inside", "2026-06-20-running"]
    assert _running_facts(cycles)["2026-06-01-inside"].status == "study"


def test_an_index_of_the_first_version_is_rebuilt(
    cycles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Version 1 kept windows only: reading it as facts would lose the status and ideas."""
    loaded_ids(Workspace(cycles), monkeypatch)

    def first_version(data: dict[str, Any]) -> dict[str, Any]:
        entries = data["cycles"].items()
        old = {name: [*e["key"], e["started"], e["finished"]] for name, e in entries}
        return {"version": 1, "cycles": old}

    rewrite_index(cycles, first_version)
    opened, _ = loaded_ids(Workspace(cycles), monkeypatch)
    assert len(opened) == 4
