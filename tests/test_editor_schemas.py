"""The editor schemas: hover text for every key, and the project's own ids as enums in the
copies pdsa writes into `.pdsa/`, kept current by every command that changes the ids."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pdsa.model.schema import cycle_json_schema, project_json_schema
from tests.conftest import Invoke

jsonschema = pytest.importorskip("jsonschema")


def undescribed(schema: dict[str, Any]) -> list[str]:
    """Every property, anywhere in the schema, that has no description (hover text)."""
    missing: list[str] = []

    def visit(node: Any, where: str) -> None:
        if isinstance(node, list):
            for item in node:
                visit(item, where)
        if not isinstance(node, dict):
            return
        for key, prop in (node.get("properties") or {}).items():
            if not prop.get("description"):
                missing.append(f"{where}.{key}")
            visit(prop, f"{where}.{key}")
        for key, value in node.items():
            if key == "definitions":
                for name, definition in value.items():
                    visit(definition, name)
            elif key != "properties":
                visit(value, where)

    visit(schema, "")
    return missing


@pytest.mark.parametrize("schema", [cycle_json_schema(), project_json_schema()])
def test_every_key_has_hover_text(schema: dict[str, Any]) -> None:
    assert undescribed(schema) == []


def test_the_walk_finds_a_key_without_description() -> None:
    planted = {"properties": {"a": {"type": "string"}}, "definitions": {"X": {"properties": {}}}}
    assert undescribed(planted) == [".a"]


def schema(root: Path, kind: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((root / ".pdsa" / f"{kind}.schema.json").read_text())
    return loaded


def errors(root: Path, kind: str, data: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft7Validator(schema(root, kind))
    return [e.message for e in validator.iter_errors(data)]


CYCLE = {"schema_version": 1, "id": "2026-11-03-x", "title": "x", "created": "2026-11-03"}


def test_new_writes_the_projects_ids_as_enums(project: Path, run: Invoke) -> None:
    assert run("schema", "--out", ".pdsa").exit_code == 0  # as `pdsa init` leaves them
    assert run("new", "SBAR card", "-c", "sbar-card", "--date", "2026-11-03").exit_code == 0
    first = "2026-11-03-sbar-card"
    assert not errors(project, "cycle", {**CYCLE, "change_idea": "sbar-card"})
    assert not errors(project, "cycle", {**CYCLE, "change_idea": ["sbar-card", "bedside-handoff"]})
    assert errors(project, "cycle", {**CYCLE, "change_idea": "sbar-crad"})
    assert errors(project, "cycle", {**CYCLE, "change_idea": ["sbar-card", "nope"]})
    assert not errors(project, "cycle", {**CYCLE, "follows": first})
    assert errors(project, "cycle", {**CYCLE, "follows": "2026-11-03-sbar-cart"})
    assert errors(project, "cycle", {**CYCLE, "act": {"next": "2026-01-01-gone"}})
    plan = {"predictions": [{"id": "p", "statement": "s", "measure": "handoff-minutes"}]}
    assert not errors(project, "cycle", {**CYCLE, "plan": plan})
    plan["predictions"][0]["measure"] = "handoff-mins"
    assert errors(project, "cycle", {**CYCLE, "plan": plan})
    # The editor shows what each id stands for.
    idea = schema(project, "cycle")["properties"]["change_idea"]["anyOf"][0]
    assert idea["markdownEnumDescriptions"][idea["enum"].index("sbar-card")] == "SBAR card"
    # A second cycle is at once a valid `follows:` of the next.
    assert run("new", "Nights", "--follows", first, "--date", "2026-11-04").exit_code == 0
    assert not errors(project, "cycle", {**CYCLE, "follows": "2026-11-04-nights"})


def test_add_refreshes_the_enums(project: Path, run: Invoke) -> None:
    assert run("schema", "--out", ".pdsa").exit_code == 0
    assert errors(project, "cycle", {**CYCLE, "change_idea": "phone-cover"})
    assert run("add", "idea", "phone-cover", "--title", "Phone cover").exit_code == 0
    assert not errors(project, "cycle", {**CYCLE, "change_idea": "phone-cover"})
    assert run("add", "measure", "falls", "-t", "Falls", "--type", "outcome", "--better", "lower")
    plan = {"predictions": [{"id": "p", "statement": "s", "measure": "falls"}]}
    assert not errors(project, "cycle", {**CYCLE, "plan": plan})
    idea = {"id": "x", "title": "X", "driver": "no-such-driver"}
    base = {"schema_version": 1, "name": "n"}
    assert errors(project, "project", {**base, "change_ideas": [idea]})
    assert run("add", "driver", "no-such-driver", "-t", "Now there is").exit_code == 0
    assert not errors(project, "project", {**base, "change_ideas": [idea]})


def test_init_writes_schemas_without_enums_for_ids_it_does_not_have(
    tmp_path: Path, run: Invoke
) -> None:
    assert run("init", str(tmp_path / "new")).exit_code == 0
    # No change ideas yet: any id is allowed (an empty enum would refuse every value).
    assert not errors(tmp_path / "new", "cycle", {**CYCLE, "change_idea": "anything"})


def test_schema_on_stdout_stays_generic(project: Path, run: Invoke) -> None:
    printed = json.loads(run("schema").stdout)
    assert "enum" not in json.dumps(printed["properties"]["change_idea"])
    out = run("schema", "--out", "-")  # written, in a project: its ids
    assert "sbar-card" in json.dumps(json.loads(out.stdout)["properties"]["change_idea"])


def test_the_first_write_is_generic_and_a_refresh_sets_up_union_merges(
    project: Path, run: Invoke
) -> None:
    # Two branches that both create .pdsa/ write the same generic files: no conflict.
    assert run("new", "SBAR card", "-c", "sbar-card", "--date", "2026-11-03").exit_code == 0
    assert not errors(project, "cycle", {**CYCLE, "change_idea": "not-an-idea"})
    assert not (project / ".gitattributes").exists()
    # Once they exist, the next change fills in the ids, and git is told how to merge them.
    assert run("new", "Nights", "--date", "2026-11-04").exit_code == 0
    assert errors(project, "cycle", {**CYCLE, "change_idea": "not-an-idea"})
    attributes = (project / ".gitattributes").read_text()
    assert ".pdsa/*.schema.json merge=union" in attributes.splitlines()
    text = (project / ".pdsa" / "cycle.schema.json").read_text()
    assert '\n                , "2026-11-04-nights"\n' in text  # one id a line, comma first
