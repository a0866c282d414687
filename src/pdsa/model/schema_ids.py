"""The editor schemas of one project: the generic schemas with the project's own ids as
enums, so an editor completes `change_idea:`, `measure:`, `follows:`, `next:` and `driver:`
from the ids that exist and marks an unknown one red before CI does.

`pdsa` writes these into `.pdsa/` and refreshes them whenever it changes the ids (a new
cycle, `pdsa add`, `pdsa init`, `pdsa schema --out`); `pdsa schema` on stdout stays generic.
No I/O here: the caller passes the project and the cycle ids.

Two branches that each add a cycle both change these files, so their text is laid out to
merge with git's union driver (`.pdsa/*.schema.json merge=union` in `.gitattributes`): each
id on a line of its own, commas first (`, "2026-11-21-nights"`), new ids at the end (cycle
ids sort by date; the others keep pdsa.yaml's order). Lines that both branches add are
then kept side by side, and the result is still valid JSON.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from pdsa.model.project import Project
from pdsa.model.schema import cycle_json_schema, project_json_schema

Choices = Sequence[tuple[str, str]]  # (id, what it is, for the hover text)


def project_schemas(project: Project | None, cycle_ids: Sequence[str]) -> dict[str, Any]:
    """Both schemas, by `.pdsa/` file name, with the project's ids as enums (generic where
    the project has none of a kind, or `project` is None because pdsa.yaml does not load)."""
    cycle, proj = cycle_json_schema(), project_json_schema()
    cycles: Choices = [(i, "") for i in sorted(cycle_ids)]
    if project is not None:
        ideas: Choices = [(c.id, c.title) for c in project.change_ideas]
        measures: Choices = [(m.id, m.title) for m in project.measures]
        drivers: Choices = [(d.id, d.title) for d in project.drivers] + [
            (s.id, f"{s.title} (under {d.id})") for d in project.drivers for s in d.secondary
        ]
        defs = cycle["definitions"]
        restrict(cycle["properties"]["change_idea"], ideas)
        restrict(defs["Prediction"]["properties"]["measure"], measures)
        restrict(defs["Act"]["properties"]["next_change_idea"], ideas)
        restrict(proj["definitions"]["ChangeIdea"]["properties"]["driver"], drivers)
    restrict(cycle["properties"]["follows"], cycles)
    restrict(cycle["definitions"]["Act"]["properties"]["next"], cycles)
    restrict(proj["definitions"]["PhaseStart"]["properties"]["cycle"], cycles)
    return {"cycle.schema.json": cycle, "project.schema.json": proj}


def project_schema_texts(project: Project | None, cycle_ids: Sequence[str]) -> dict[str, str]:
    """`project_schemas` as the text of each file."""
    return {
        name: union_friendly(json.dumps(schema, indent=2, ensure_ascii=False)) + "\n"
        for name, schema in project_schemas(project, cycle_ids).items()
    }


_ID_LIST = re.compile(r'("(?:enum|markdownEnumDescriptions)": \[\n)(.*?)(\n *\])', re.S)


def union_friendly(text: str) -> str:
    """The id lists of a schema's JSON text with their commas first: every line after the
    first is `, "id"`, complete on its own, so a union merge of two branches' new lines
    stays valid JSON."""

    def commas_first(match: re.Match[str]) -> str:
        items = match.group(2).split(",\n")
        indent = items[0][: len(items[0]) - len(items[0].lstrip())]
        rest = [f"{indent}, {item.strip()}" for item in items[1:]]
        return match.group(1) + "\n".join([items[0], *rest]) + match.group(3)

    return _ID_LIST.sub(commas_first, text)


def restrict(prop: dict[str, Any], choices: Choices) -> None:
    """Give every string alternative of a property (a string, or the items of a list, as
    for a bundle of change ideas) the ids as an enum, each described for the editor."""
    if not choices:  # no ids of this kind yet: an empty enum would reject everything
        return
    for node in _strings(prop):
        node["enum"] = [i for i, _ in choices]
        if any(title for _, title in choices):
            # vscode-json-languageservice (under the YAML extension) shows these per value.
            node["markdownEnumDescriptions"] = [title for _, title in choices]
        node.pop("pattern", None)
        node.pop("maxLength", None)


def _strings(node: dict[str, Any]) -> list[dict[str, Any]]:
    if node.get("type") == "string":
        return [node]
    if node.get("type") == "array" and isinstance(node.get("items"), dict):
        return _strings(node["items"])
    found: list[dict[str, Any]] = []
    for key in ("anyOf", "oneOf", "allOf"):
        for alternative in node.get(key, []):
            found += _strings(alternative)
    return found
