"""Pydantic models of the team's files: the project (`pdsa.yaml`), one cycle per file, and
the data points of a measure. No I/O here; the JSON Schemas editors use are exported from
these models (`pdsa.model.schema`).
"""

from pdsa.model.base import (
    CYCLE_ID_PATTERN,
    SCHEMA_VERSION,
    SLUG_PATTERN,
    CycleId,
    Slug,
    Strict,
    fmt_number,
    slugify,
)
from pdsa.model.cycle import (
    Act,
    Cycle,
    Do,
    Expect,
    Lock,
    Plan,
    Prediction,
    Result,
    Study,
    When,
)
from pdsa.model.point import Point
from pdsa.model.project import (
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
from pdsa.vocab import STATUS_ORDER, Decision, SignalRules, Status, SummaryKind

__all__ = [
    "CYCLE_ID_PATTERN",
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
    "Lock",
    "Measure",
    "PhaseStart",
    "Plan",
    "Point",
    "Prediction",
    "Project",
    "Result",
    "SecondaryDriver",
    "Settings",
    "SignalRules",
    "Slug",
    "Status",
    "Strict",
    "Study",
    "SummaryKind",
    "When",
    "fmt_number",
    "slugify",
]
