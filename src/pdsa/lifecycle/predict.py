"""Adding a prediction to a cycle still in plan (`pdsa predict`)."""

from __future__ import annotations

import math
import re
from typing import Any

from pdsa.errors import RefusedError, UsageError, unknown
from pdsa.measures import known_measure
from pdsa.model import SLUG_PATTERN, Prediction, Status, SummaryKind, fmt_number, slugify
from pdsa.store import CycleEdit, Edit, LoadedCycle, Workspace

# --- predict -------------------------------------------------------------------------------


def add_prediction(
    ws: Workspace,
    loaded: LoadedCycle,
    statement: str,
    *,
    measure: str | None = None,
    expect: dict[str, Any] | None = None,
    confidence: float | None = None,
    prediction_id: str | None = None,
    summary: SummaryKind | None = None,
    rationale: str | None = None,
    question: int | None = None,
    dry_run: bool = False,
) -> Edit[Prediction]:
    """Add a prediction to a cycle that is still in `plan`."""
    statement = " ".join(statement.split())
    if not statement:
        raise UsageError(
            "a prediction needs a statement",
            hint="say what you expect to happen",
            option="STATEMENT",
        )
    if measure:
        known_measure(ws, measure)
    if confidence is not None and not 0 <= confidence <= 1:  # NaN fails this too
        raise UsageError(
            f"{confidence:g} is not between 0 and 1", hint="write 70% as 0.7", option="confidence"
        )
    for key, bound in (expect or {}).items():
        if key == "beyond":
            continue
        numbers = bound if isinstance(bound, list | tuple) else [bound]
        if not all(math.isfinite(float(x)) for x in numbers):
            raise UsageError("needs a finite number", option=key)
        if key == "between" and numbers[0] > numbers[1]:
            low, high = (fmt_number(x) for x in numbers)
            raise UsageError(
                f"LO {low} is above HI {high}", hint=f"write --between {high} {low}", option=key
            )
    if prediction_id is not None:
        check_slug(prediction_id, "id")

    def add(edit: CycleEdit) -> Prediction:
        cycle = edit.cycle
        if cycle.status is not Status.PLAN:
            raise RefusedError(
                f"{cycle.id} is in {cycle.status.value}: its predictions were locked when Do "
                "started",
                hint="predictions are written before the test; plan a new cycle with `pdsa new`",
            )
        if question is not None and question > len(cycle.plan.questions):
            have = len(cycle.plan.questions)
            raise UsageError(
                f"the plan has {have} question{'' if have == 1 else 's'}, not {question}",
                hint=f"add questions with pdsa plan {cycle.id} --question TEXT",
                option="question",
            )
        taken = {p.id for p in cycle.plan.predictions}
        pid = prediction_id or _unique(slugify(statement, max_length=24), taken)
        if pid in taken:
            raise UsageError(
                f"{cycle.id} already has a prediction '{pid}'", hint="choose another", option="id"
            )
        data: dict[str, Any] = {"id": pid, "statement": statement}
        if measure:
            data["measure"] = measure
        if expect:
            data["expect"] = {k: _plain_number(v) for k, v in expect.items()}
        if confidence is not None:
            data["confidence"] = confidence
        if summary:
            data["summary"] = summary
        if rationale and rationale.strip():
            data["rationale"] = " ".join(rationale.split())
        if question is not None:
            data["question"] = question
        try:
            prediction = Prediction.model_validate(
                {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}
            )
        except ValueError as exc:
            raise UsageError(_first_error(exc)) from None
        edit.append(("plan", "predictions"), data)
        return prediction

    return ws.edit(loaded, add, dry_run=dry_run)


def check_slug(value: str, option: str) -> None:
    """Refuse a value that is not a slug (`sbar-card`), naming the option it came from."""
    if not re.fullmatch(SLUG_PATTERN, value) or len(value) > 80:
        raise UsageError(
            f"{value!r} is not a valid id",
            hint="lowercase letters, digits and hyphens, e.g. shorter-handoffs",
            option=option,
        )


def _first_error(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        message = str(first.get("msg", exc)).removeprefix("Value error, ")
        return f"{where}: {message}" if where else message
    return str(exc)


def _plain_number(value: Any) -> Any:
    """8.0 from the command line is written as 8; a pair stays a pair."""
    if isinstance(value, list | tuple):
        return tuple(_plain_number(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def update_prediction(
    ws: Workspace,
    loaded: LoadedCycle,
    prediction_id: str,
    changes: dict[str, Any],
    *,
    dry_run: bool = False,
) -> Edit[Prediction]:
    """Set fields of a prediction while the cycle is still in plan (the guided plan saves a
    prediction's measure, expectation and confidence one answer at a time)."""

    def change(edit: CycleEdit) -> Prediction:
        cycle = edit.cycle
        if cycle.status is not Status.PLAN:
            raise RefusedError(f"{cycle.id} is in {cycle.status.value}: its predictions are locked")
        ids = [p.id for p in cycle.plan.predictions]
        if prediction_id not in ids:
            raise unknown("prediction", prediction_id, ids)
        index = ids.index(prediction_id)
        for key, value in changes.items():
            if key == "expect" and isinstance(value, dict):
                value = {k: _plain_number(v) for k, v in value.items()}
            edit.set(("plan", "predictions", index, key), value)
        data = {**cycle.plan.predictions[index].model_dump(exclude_none=True), **changes}
        try:
            return Prediction.model_validate(
                {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}
            )
        except ValueError as exc:
            raise UsageError(_first_error(exc)) from None

    return ws.edit(loaded, change, dry_run=dry_run)
