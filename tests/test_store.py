"""The store: atomic writes, file modes, never overwriting, ids, and finding things."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from pdsa.errors import (
    InvalidDataError,
    NotFoundError,
    ProjectNotFoundError,
    RefusedError,
    UsageError,
)
from pdsa.lifecycle import new_cycle
from pdsa.model import Cycle
from pdsa.store import Workspace, WriteError, find_root, read_text, write_text

DAY = dt.date(2026, 11, 3)


def test_find_root_walks_up_and_honours_override(project: Path) -> None:
    deep = project / "cycles" / "x"
    deep.mkdir()
    assert find_root(deep) == project
    assert find_root(override=project) == project
    with pytest.raises(ProjectNotFoundError, match=r"no pdsa\.yaml"):
        find_root(override=project / "cycles")
    with pytest.raises(ProjectNotFoundError):
        find_root(project.parent)


def test_write_keeps_mode_and_leaves_no_temp_files(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("a: 1\n")
    path.chmod(0o640)
    write_text(path, "a: 2\n")
    assert path.read_text() == "a: 2\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.yaml"]


def test_create_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    write_text(path, "a: 1\n", create=True)
    with pytest.raises(RefusedError, match="already exists"):
        write_text(path, "a: 2\n", create=True)
    assert path.read_text() == "a: 1\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.yaml"]


def test_failed_write_leaves_the_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("a: 1\n")

    def boom(*_: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(WriteError, match=r"cannot write .*c\.yaml: No space"):
        write_text(path, "a: 2\n")
    assert path.read_text() == "a: 1\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.yaml"]


def test_crlf_and_bom_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\r\nb: 2\r\n")
    source = read_text(path)
    assert source.text == "a: 1\nb: 2\n" and source.bom and source.crlf
    write_text(path, "a: 1\nb: 3\n", like=source)
    assert path.read_bytes() == b"\xef\xbb\xbfa: 1\r\nb: 3\r\n"


def test_new_ids_are_dated_slugs_with_suffixes_on_collision(project: Path) -> None:
    ws = Workspace(project)
    first = new_cycle(ws, "Try an SBAR card", created=DAY)
    second = new_cycle(ws, "Try an SBAR card!", created=DAY)
    third = new_cycle(ws, "try an sbar card", created=DAY)
    assert [c.cycle.id for c in (first, second, third)] == [
        "2026-11-03-try-sbar-card",
        "2026-11-03-try-sbar-card-2",
        "2026-11-03-try-sbar-card-3",
    ]
    assert first.path == project / "cycles" / "2026-11-03-try-sbar-card.yaml"


@pytest.mark.parametrize("bad", ["../pdsa", "a/b", "/etc/passwd", "..", ".hidden", "a\\b", ""])
def test_ids_that_could_escape_cycles_are_rejected(project: Path, bad: str) -> None:
    ws = Workspace(project)
    with pytest.raises(UsageError, match="not a valid id"):
        ws.cycle_path(bad)
    with pytest.raises(UsageError):
        ws.load_cycle(bad)


def test_resolve_exact_prefix_part_and_ambiguity(project: Path) -> None:
    ws = Workspace(project)
    new_cycle(ws, "SBAR card days", created=DAY)
    new_cycle(ws, "SBAR card nights", created=DAY)
    assert ws.resolve("2026-11-03-sbar-card-days") == "2026-11-03-sbar-card-days"
    assert ws.resolve("nights") == "2026-11-03-sbar-card-nights"
    assert ws.resolve("cycles/2026-11-03-sbar-card-days.yaml") == "2026-11-03-sbar-card-days"
    with pytest.raises(UsageError, match="matches 2 cycles"):
        ws.resolve("sbar")
    with pytest.raises(NotFoundError, match="no cycle 'bedside'"):
        ws.resolve("bedside")


def test_id_must_match_file_name(project: Path) -> None:
    ws = Workspace(project)
    loaded = new_cycle(ws, "SBAR", created=DAY)
    renamed = loaded.path.with_name("2026-11-03-other.yaml")
    loaded.path.rename(renamed)
    with pytest.raises(InvalidDataError, match="does not match the file name"):
        ws.load_cycle_file(renamed)


def test_edit_that_changes_nothing_does_not_rewrite(project: Path) -> None:
    ws = Workspace(project)
    loaded = new_cycle(ws, "SBAR", created=DAY)
    before = loaded.path.stat()
    edit = ws.edit(loaded, lambda h: h.set(("status",), "plan"))
    assert not edit.changed and not edit.written
    after = loaded.path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_edit_that_breaks_the_model_writes_nothing(project: Path) -> None:
    ws = Workspace(project)
    loaded = new_cycle(ws, "SBAR", created=DAY)
    text = loaded.path.read_text()
    with pytest.raises(InvalidDataError, match="status"):
        ws.edit(loaded, lambda h: h.set(("status",), "finished"))
    assert loaded.path.read_text() == text


def test_broken_file_is_never_written(project: Path) -> None:
    ws = Workspace(project)
    loaded = new_cycle(ws, "SBAR", created=DAY)
    broken = loaded.path.read_text().replace("status: plan", "status: [plan")
    loaded.path.write_text(broken)
    with pytest.raises(InvalidDataError, match="YAML syntax error"):
        ws.edit(loaded, lambda h: h.set(("owner",), "Sam"))
    assert loaded.path.read_text() == broken


def test_team_templates_override_builtin_ones(project: Path) -> None:
    ws = Workspace(project)
    (project / "templates").mkdir()
    (project / "templates" / "default.yaml").write_text(
        "schema_version: 1\nid: {{id}}\ntitle: {{title}}\ncreated: {{created}}\n"
        "owner: Ward 4 team\n"
    )
    loaded = new_cycle(ws, "Ours", created=DAY)
    assert loaded.cycle.owner == "Ward 4 team"
    assert loaded.text.startswith("# yaml-language-server: $schema=../.pdsa/cycle.schema.json\n")
    minimal = new_cycle(ws, "Built in", created=DAY, template="minimal")
    assert isinstance(minimal.cycle, Cycle) and "predictions: []" in minimal.text
    with pytest.raises(NotFoundError, match="no template 'fancy'") as caught:
        new_cycle(ws, "Nope", created=DAY, template="fancy")
    assert caught.value.hint == "available: default, minimal"


def test_a_broken_team_template_creates_nothing(project: Path) -> None:
    ws = Workspace(project)
    (project / "templates").mkdir()
    (project / "templates" / "bad.yaml").write_text("id: {{id}}\ntitle: {{title}}\ncolour: red\n")
    with pytest.raises(InvalidDataError) as caught:
        new_cycle(ws, "X", created=DAY, template="bad")
    assert [str(p) for p in caught.value.problems] == [
        "templates/bad.yaml:1:1: missing required key 'created' in the file "
        "(fix the template: add it)",
        "templates/bad.yaml:3:1: unknown key 'colour' (fix the template: remove it or fix its "
        "spelling; allowed: schema_version, id, title, change_idea, follows, status, owner, "
        "team, created, retrospective, plan, do, study, act)",
    ]
    assert list((project / "cycles").iterdir()) == []


def test_cycles_reports_bad_files_without_hiding_good_ones(project: Path) -> None:
    ws = Workspace(project)
    new_cycle(ws, "Good", created=DAY)
    (project / "cycles" / "2026-11-03-bad.yaml").write_text("id: 2026-11-03-bad\ntitle: [\n")
    found = Workspace(project).cycles()  # a workspace lists cycles/ once: a fresh one
    good, problems = found.cycles, found.problems
    assert [c.id for c in good] == ["2026-11-03-good"]
    assert found.summary() == "1 of 2 cycles; 1 file could not be read"
    assert len(problems) == 1 and problems[0].location.path.name == "2026-11-03-bad.yaml"
