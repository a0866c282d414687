"""What editors and validators know about the files: JSON Schemas and the keys allowed where.

Both are derived from the models in `pdsa.model`, so they cannot disagree with them.
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel

from pdsa.model import Cycle, Project


def model_fields_of(model: type[BaseModel]) -> list[str]:
    """The YAML key names a model accepts (aliases where set)."""
    return [f.alias or name for name, f in model.model_fields.items()]


def schema_of(model: type[BaseModel]) -> dict[str, Any]:
    """A draft-07 JSON Schema of a model, for the VS Code YAML extension and check-jsonschema."""
    schema: dict[str, Any] = _allow_empty_collections(
        _to_draft7(model.model_json_schema(by_alias=True))
    )
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    return schema


def _allow_empty_collections(node: Any) -> Any:
    """Lists and mappings may be left empty (null) in YAML, as the models accept."""
    if isinstance(node, list):
        return [_allow_empty_collections(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _allow_empty_collections(v) for k, v in node.items()}
    props = out.get("properties")
    required = set(out.get("required", []))
    if isinstance(props, dict):
        for key, prop in props.items():
            if prop.get("type") in ("array", "object") and key not in required:
                wrapped: dict[str, Any] = {"anyOf": [prop, {"type": "null"}]}
                for meta in ("title", "description", "default"):
                    if meta in prop:
                        wrapped[meta] = prop.pop(meta)
                props[key] = wrapped
    return out


def _to_draft7(node: Any) -> Any:
    """Pydantic emits 2020-12 keywords; rewrite the few that draft-07 spells differently."""
    if isinstance(node, list):
        return [_to_draft7(n) for n in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "$defs":
            out["definitions"] = _to_draft7(value)
        elif key == "$ref" and isinstance(value, str):
            out["$ref"] = value.replace("#/$defs/", "#/definitions/")
        elif key == "prefixItems":
            out["items"] = _to_draft7(value)
            out["additionalItems"] = False
        else:
            out[key] = _to_draft7(value)
    if "$ref" in out and len(out) > 1:
        # Draft-07 ignores every keyword beside `$ref`: wrap it, so editors show the
        # description (hover text) and validators still follow the reference.
        out = {"allOf": [{"$ref": out.pop("$ref")}], **out}
    return out


def cycle_json_schema() -> dict[str, Any]:
    """The JSON Schema of a cycle file."""
    schema = schema_of(Cycle)
    # YAML dates arrive in editors as strings, but loaders may hand validators date objects;
    # both are fine, so keep `format: date` as advice rather than a type change.
    schema["title"] = "pdsa cycle"
    return schema


def project_json_schema() -> dict[str, Any]:
    """The JSON Schema of `pdsa.yaml`."""
    schema = schema_of(Project)
    schema["title"] = "pdsa project"
    return schema


def network_json_schema() -> dict[str, Any]:
    """The JSON Schema of a hub's `network.yaml`."""
    from pdsa.model.network import Network

    schema = schema_of(Network)
    schema["title"] = "pdsa network"
    return schema


def keys_at(model: type[BaseModel], path: tuple[int | str, ...]) -> list[str]:
    """The YAML keys allowed at `path` (keys and list indexes) inside `model`, in field order."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        sub = _model_in(current)
        field = _field_named(sub, part) if sub else None
        if field is None:
            return []
        current = field.annotation
    sub = _model_in(current)
    return model_fields_of(sub) if sub else []


def _field_named(model: type[BaseModel], key: str) -> Any:
    return next((f for name, f in model.model_fields.items() if (f.alias or name) == key), None)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside `X | None`, `list[X]`, `Annotated[X, ...]`, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType, list, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None


def schema_text(kind: str = "cycle") -> str:
    """The JSON Schema of a cycle file (or, with kind="project", of pdsa.yaml; with
    kind="network", of a hub's network.yaml) as text."""
    import json

    makers = {"project": project_json_schema, "network": network_json_schema}
    schema = makers.get(kind, cycle_json_schema)()
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def schema_texts() -> dict[str, str]:
    """The editor schema files of `.pdsa/`, by file name."""
    return {
        "cycle.schema.json": schema_text("cycle"),
        "project.schema.json": schema_text("project"),
    }
