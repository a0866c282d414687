"""A small project with zero `pdsa check` findings, for rule tests to break one thing at a time."""

from __future__ import annotations

from pathlib import Path

from pdsa.fingerprint import lock_predictions
from pdsa.model import Prediction

A_ID = "2026-10-01-sbar-card-days"
B_ID = "2026-10-20-sbar-card-nights"

A_PREDICTIONS = [
    {
        "id": "shorter",
        "statement": "Median handoff falls below 8 minutes.",
        "measure": "handoff-minutes",
        "expect": {"below": 8},
        "confidence": 0.7,
    },
    {"id": "safe", "statement": "No allergy is missed.", "confidence": 0.9},
]


def _lock_yaml(predictions: list[dict[str, object]]) -> str:
    lock = lock_predictions([Prediction.model_validate(p) for p in predictions])
    lines = ["  locked:", f"    sha256: {lock.sha256}", "    predictions:"]
    lines += [f"      {pid}: '{digest}'" for pid, digest in lock.predictions.items()]
    return "\n".join(lines) + "\n"


CYCLE_A = f"""\
# yaml-language-server: $schema=../.pdsa/cycle.schema.json
schema_version: 1
id: {A_ID}
title: SBAR card on day shift
change_idea: sbar-card
follows: null
status: done
created: 2026-10-01
plan:
  objective: Learn whether the card shortens handoffs.
  predictions:
    - id: shorter
      statement: Median handoff falls below 8 minutes.
      measure: handoff-minutes
      expect: {{below: 8}}
      confidence: 0.7
    - id: safe
      statement: No allergy is missed.
      confidence: 0.9
{_lock_yaml(A_PREDICTIONS)}do:
  started: 2026-10-05
  finished: 2026-10-09
study:
  date: 2026-10-12
  results:
    - prediction: shorter
      actual: 7.5
      met: true
    - prediction: safe
      actual: None missed in 40 handoffs
      met: true
  learning: It helps.
act:
  decision: adapt
  date: 2026-10-12
  rationale: Try it on nights.
  next: {B_ID}
"""

CYCLE_B = f"""\
schema_version: 1
id: {B_ID}
title: SBAR card on nights
change_idea: sbar-card
follows: {A_ID}
status: plan
created: 2026-10-20
plan:
  predictions:
    - id: nights
      statement: Night nurses use it unprompted.
"""

CSV = "date,value,note\n2026-10-05,7.5,\n2026-10-12,7.9,audit\n"


def write_clean_project(root: Path) -> None:
    """Add the two cycles and a measure CSV to a project made by the `project` fixture."""
    (root / "cycles" / f"{A_ID}.yaml").write_text(CYCLE_A, encoding="utf-8")
    (root / "cycles" / f"{B_ID}.yaml").write_text(CYCLE_B, encoding="utf-8")
    (root / "measures" / "handoff-minutes.csv").write_text(CSV, encoding="utf-8")
