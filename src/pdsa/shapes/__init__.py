"""Every `--json` output of pdsa, built in one place, versioned, documented in docs/json.md.

Each output is one JSON object with `version` (bumped when a field is removed or changes
meaning; new fields may appear within a version) and `kind` (which command made it).
Files that could not be read are listed under `unreadable` wherever a command reads the
project, so a script sees the same "15 of 16 cycles" a person does.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pdsa.errors import Problem

VERSION = 1


def envelope(kind: str, body: dict[str, Any], problems: Iterable[Problem] = ()) -> dict[str, Any]:
    """`{"version": 1, "kind": kind, ...body, "unreadable": [...]}`."""
    out: dict[str, Any] = {"version": VERSION, "kind": kind, **body}
    out["unreadable"] = [problem_json(p) for p in problems]
    return out


def problem_json(problem: Problem) -> dict[str, Any]:
    """A file that could not be used: where, what, and what to do."""
    loc = problem.location
    return {
        "file": str(loc.path),
        "line": loc.line or None,
        "column": loc.column or None,
        "message": problem.message,
        "hint": problem.hint or None,
    }


def iso(value: Any) -> str | None:
    """A date as `YYYY-MM-DD`, None as null."""
    return value.isoformat() if value is not None else None
