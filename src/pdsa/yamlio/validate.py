"""Turn YAML text into validated models, or into problems a person can act on.

Validation runs on the fast loader's plain data. Only when something is wrong is the text
parsed again with the round-trip loader, whose node positions give each problem its
line and column; unknown keys get a "did you mean" from the model's own field names.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from pdsa.errors import InvalidDataError, Location, Problem, ProblemKind
from pdsa.model import CYCLE_ID_PATTERN, SLUG_PATTERN
from pdsa.model.schema import keys_at
from pdsa.yamlio.text import YamlSyntaxError, fast_load_with_nodes, position_of, rt_load

M = TypeVar("M", bound=BaseModel)
SYNTAX = ProblemKind.SYNTAX

_HINTS = {
    "extra_forbidden": "remove it or fix its spelling",
    "missing": "add it",
    "literal_error": "use one of the allowed values",
    "enum": "use one of the allowed values",
}


def parse_model(model: type[M], text: str, path: Path) -> M:
    """Parse and validate `text` as `model`, raising `InvalidDataError` with positions."""
    data = load_mapping(text, path)
    return validate_data(model, data, text, path)


def load_mapping(text: str, path: Path) -> dict[str, Any]:
    """Parse `text` (fast loader) and insist on a top-level mapping."""
    return load_mapping_with_nodes(text, path)[0]


def load_mapping_with_nodes(text: str, path: Path) -> tuple[dict[str, Any], Any]:
    """`load_mapping`, and the node tree for `positions` (None without libyaml)."""
    try:
        data, nodes = fast_load_with_nodes(text)
    except YamlSyntaxError as exc:
        hint = (
            "write dates as YYYY-MM-DD"
            if "not a real date" in exc.message
            else ("fix the YAML syntax")
        )
        raise InvalidDataError(
            [Problem(Location(path, exc.line, exc.column), exc.message, hint, kind=SYNTAX)]
        ) from None
    if not isinstance(data, dict):
        what = "empty" if data is None else f"a {type(data).__name__}, not a mapping of keys"
        raise InvalidDataError(
            [
                Problem(
                    Location(path, 1, 1),
                    f"file is {what}",
                    "it should hold `key: value` lines",
                    kind=ProblemKind.NOT_MAPPING,
                )
            ]
        )
    return data, nodes


def validate_data(model: type[M], data: dict[str, Any], text: str, path: Path) -> M:
    """Validate already-parsed data; on failure, locate every error in `text`."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InvalidDataError(problems_from(exc, model, text, path)) from None


def problems_from(
    exc: ValidationError, model: type[BaseModel], text: str, path: Path
) -> list[Problem]:
    """One problem per place in the file, positioned with the round-trip loader."""
    try:
        doc: Any = rt_load(text).data
    except YamlSyntaxError:
        doc = None
    errors = _without_union_noise(exc.errors())
    grouped: dict[tuple[int, int, str], list[dict[str, Any]]] = {}
    for error in errors:
        loc = _document_path(error["loc"])
        is_key = error["type"] == "extra_forbidden"
        line, column = position_of(doc, loc, key=is_key) if doc is not None else (0, 0)
        grouped.setdefault((line, column, _dotted(loc)), []).append(error)
    problems = []
    for (line, column, dotted), errors in grouped.items():
        message, hint = _describe(errors, model, dotted)
        keys = [p for p in _document_path(errors[0]["loc"]) if isinstance(p, str)]
        problems.append(
            Problem(
                Location(path, line, column),
                message,
                hint,
                field=keys[-1] if keys else "",
                detail=str(errors[0]["type"]),
            )
        )
    problems.sort(key=lambda p: (p.location.line, p.location.column))
    return problems


def _without_union_noise(errors: list[Any]) -> list[dict[str, Any]]:
    """Drop "should be a string" for a union slot when another member failed deeper inside.

    For `locked: {sha256: x}` the useful error is the bad hash, not that a mapping is not a
    string (the other member of the union).
    """
    paths = [_document_path(e["loc"]) for e in errors]
    kept = []
    for error, path in zip(errors, paths, strict=True):
        shadowed = str(error["type"]).endswith("_type") and any(
            len(other) > len(path) and other[: len(path)] == path for other in paths
        )
        if not shadowed:
            kept.append(dict(error))
    return kept


def _document_path(loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    # Pydantic puts union member names (`Lock`, `str`, `function-after[...]`) in locations;
    # they are not keys of the document, so drop anything that cannot be a YAML key here.
    return tuple(p for p in loc if isinstance(p, int) or _looks_like_key(p))


def _looks_like_key(part: str) -> bool:
    return not any(ch in part for ch in "[]()") and part not in _TYPE_NAMES


_TYPE_NAMES = frozenset(
    {"str", "int", "float", "bool", "date", "list", "dict", "tuple", "Lock", "none"}
)


def _dotted(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _describe(errors: list[dict[str, Any]], model: type[BaseModel], dotted: str) -> tuple[str, str]:
    first = errors[0]
    kind = first["type"]
    if kind == "extra_forbidden":
        key = str(first["loc"][-1])
        parent = dotted.rsplit(".", 1)[0] if "." in dotted else ""
        known = keys_at(model, _document_path(first["loc"])[:-1])
        where = f" in {parent}" if parent else ""
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else _HINTS[kind]
        if not close and known:
            hint += "; allowed: " + ", ".join(known)
        return f"unknown key '{key}'{where}", hint
    if kind == "missing":
        key = str(first["loc"][-1])
        parent = dotted.rsplit(".", 1)[0] if "." in dotted else "the file"
        return f"missing required key '{key}' in {parent}", _HINTS[kind]
    messages = list(dict.fromkeys(_short(e) for e in errors))
    joined = messages[0] + "".join(
        " or " + m.removeprefix("input should be ") for m in messages[1:]
    )
    given = first.get("input")
    if len(messages) > 1 and isinstance(given, dict | list):
        joined += f" (got a {'mapping' if isinstance(given, dict) else 'list'})"
    return f"{dotted or 'file'}: {joined}", _HINTS.get(kind, "fix the value")


def _short(error: dict[str, Any]) -> str:
    message = str(error["msg"])
    message = message.removeprefix("Value error, ")
    if error["type"] == "string_pattern_mismatch":
        pattern = str(error.get("ctx", {}).get("pattern", ""))
        if pattern in (SLUG_PATTERN, CYCLE_ID_PATTERN):
            return "must be lowercase letters, digits and hyphens (a slug such as `sbar-card`)"
        return f"does not have the expected form {pattern}" + (
            f" (got {error.get('input')!r})" if _is_scalar(error.get("input")) else ""
        )
    given = error.get("input")
    if error["type"] not in ("value_error", "assertion_error") and _is_scalar(given):
        message += f" (got {given!r})"
    return message[0].lower() + message[1:] if message else message


def _is_scalar(value: Any) -> bool:
    return isinstance(value, str | int | float) and len(str(value)) < 60
