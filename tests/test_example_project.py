"""The example project at the repository root: valid, listed, and untouched by a round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pdsa.model.schema_ids import project_schemas
from pdsa.store import Workspace
from pdsa.yamlio.text import rt_load
from tests.conftest import REPO

FILES = [REPO / "pdsa.yaml", *sorted((REPO / "cycles").glob("*.yaml"))]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_loading_and_saving_unchanged_is_byte_identical(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert rt_load(text).dump() == text


def test_every_cycle_and_the_project_validate() -> None:
    ws = Workspace(REPO)
    found = ws.cycles()
    cycles, problems = found.cycles, found.problems
    assert problems == []
    assert len(cycles) >= 12
    assert {c.status.value for c in cycles} == {"plan", "do", "study", "act", "done"}
    assert len(ws.project().measures) >= 2


@pytest.mark.parametrize("kind", ["cycle", "project"])
def test_committed_editor_schemas_are_current(kind: str) -> None:
    name = f"{kind}.schema.json"
    committed = (REPO / ".pdsa" / name).read_text(encoding="utf-8")
    ws = Workspace(REPO)
    current = project_schemas(ws.project(), [p.stem for p in ws.cycle_files()])[name]
    assert json.loads(committed) == current, "run: pdsa schema --out .pdsa"
