"""Pydantic models of the team's files: the project (`pdsa.yaml`), one cycle per file, and
the data points of a measure. No I/O here; the JSON Schemas editors use are exported from
these models (`pdsa.model.schema`).

The names are loaded on first use: `Point`, `fmt_number` and the vocabulary come without
pydantic, so the charts' drawing process (`pdsa.cli.drawing`) can unpickle a series and draw
it without loading the models.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pdsa.model.base import (
        CYCLE_ID_PATTERN,
        SCHEMA_VERSION,
        SLUG_PATTERN,
        CycleId,
        Slug,
        Strict,
        slugify,
    )
    from pdsa.model.cycle import (
        Act,
        Cycle,
        Do,
        Expect,
        FollowUp,
        Lock,
        Plan,
        Prediction,
        Result,
        Study,
        Task,
        When,
    )
    from pdsa.model.numbers import fmt_number
    from pdsa.model.point import Point
    from pdsa.model.project import (
        PLACEHOLDER_AIM,
        Aim,
        Baseline,
        ChangeIdea,
        CheckSettings,
        Driver,
        Exclusion,
        Measure,
        PhaseStart,
        Project,
        SecondaryDriver,
        Settings,
    )
    from pdsa.vocab import STATUS_ORDER, Decision, Purpose, SignalRules, Status, SummaryKind

_HOME = {
    "Act": "pdsa.model.cycle",
    "Aim": "pdsa.model.project",
    "Baseline": "pdsa.model.project",
    "CYCLE_ID_PATTERN": "pdsa.model.base",
    "ChangeIdea": "pdsa.model.project",
    "CheckSettings": "pdsa.model.project",
    "Cycle": "pdsa.model.cycle",
    "CycleId": "pdsa.model.base",
    "Decision": "pdsa.vocab",
    "Do": "pdsa.model.cycle",
    "Driver": "pdsa.model.project",
    "Exclusion": "pdsa.model.project",
    "Expect": "pdsa.model.cycle",
    "FollowUp": "pdsa.model.cycle",
    "Lock": "pdsa.model.cycle",
    "Measure": "pdsa.model.project",
    "PLACEHOLDER_AIM": "pdsa.model.project",
    "PhaseStart": "pdsa.model.project",
    "Plan": "pdsa.model.cycle",
    "Point": "pdsa.model.point",
    "Prediction": "pdsa.model.cycle",
    "Project": "pdsa.model.project",
    "Purpose": "pdsa.vocab",
    "Result": "pdsa.model.cycle",
    "SCHEMA_VERSION": "pdsa.model.base",
    "SLUG_PATTERN": "pdsa.model.base",
    "STATUS_ORDER": "pdsa.vocab",
    "SecondaryDriver": "pdsa.model.project",
    "Settings": "pdsa.model.project",
    "SignalRules": "pdsa.vocab",
    "Slug": "pdsa.model.base",
    "Status": "pdsa.vocab",
    "Strict": "pdsa.model.base",
    "Study": "pdsa.model.cycle",
    "SummaryKind": "pdsa.vocab",
    "Task": "pdsa.model.cycle",
    "When": "pdsa.model.cycle",
    "fmt_number": "pdsa.model.numbers",
    "slugify": "pdsa.model.base",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'pdsa.model' has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value  # the next lookup is a plain one
    return value


__all__ = [
    "CYCLE_ID_PATTERN",
    "PLACEHOLDER_AIM",
    "SCHEMA_VERSION",
    "SLUG_PATTERN",
    "STATUS_ORDER",
    "Act",
    "Aim",
    "Baseline",
    "ChangeIdea",
    "CheckSettings",
    "Cycle",
    "CycleId",
    "Decision",
    "Do",
    "Driver",
    "Exclusion",
    "Expect",
    "FollowUp",
    "Lock",
    "Measure",
    "PhaseStart",
    "Plan",
    "Point",
    "Prediction",
    "Project",
    "Purpose",
    "Result",
    "SecondaryDriver",
    "Settings",
    "SignalRules",
    "Slug",
    "Status",
    "Strict",
    "Study",
    "SummaryKind",
    "Task",
    "When",
    "fmt_number",
    "slugify",
]
