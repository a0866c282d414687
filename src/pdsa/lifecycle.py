"""Moving a cycle through Plan-Do-Study-Act: create, predict, start, decide.

Plain functions over a `Workspace` and a cycle the command loaded once; they raise
`pdsa.errors` exceptions and return what changed. Edits go through `Workspace.edit`, whose
handle changes only the keys named here; each edit checks its preconditions on the cycle
as it is when the write lock is held, so two people editing at once never lose a change.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pdsa.errors import InvalidDataError, Location, Problem, RefusedError, UsageError, unknown
from pdsa.fingerprint import lock_predictions
from pdsa.measures import known_measure
from pdsa.model import SLUG_PATTERN, Cycle, Decision, Prediction, Status, SummaryKind, slugify
from pdsa.store import CycleEdit, Edit, LoadedCycle, Workspace
from pdsa.yamlio.text import scalar_text
from pdsa.yamlio.validate import parse_model


def today() -> dt.date:
    """Today's date (one place, so tests and scripts can reason about it)."""
    return dt.date.today()


# --- schema files --------------------------------------------------------------------------


def ensure_schemas(ws: Workspace) -> list[str]:
    """Write `.pdsa/*.schema.json` when missing or stale; returns the files written."""
    from pdsa.model.schema import schema_texts

    return ws.write_schemas(schema_texts())


# --- new -----------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{\{ ?([a-z_]+) ?\}\}")


def render_template(
    template: str, values: dict[str, str | list[str] | None], schema_ref: str
) -> str:
    """Fill `{{name}}` placeholders with YAML scalars; ensure the schema modeline is first.

    One pass over the template: a title that itself contains `{{owner}}` stays as typed.
    """
    raw = {"schema", "created"}  # already valid YAML: a path and an ISO date
    filled = {**values, "schema": schema_ref}

    def fill(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in filled:
            return match.group(0)
        value = filled[key]
        if value is None:
            return "null"
        if isinstance(value, list):  # a bundle of change ideas
            return "[" + ", ".join(scalar_text(v) for v in value) + "]"
        return value if key in raw else scalar_text(value)

    text = _PLACEHOLDER.sub(fill, template)
    modeline = f"# yaml-language-server: $schema={schema_ref}"
    if not text.startswith("# yaml-language-server:"):
        text = f"{modeline}\n{text}"
    return text


def new_cycle(
    ws: Workspace,
    title: str,
    *,
    change_idea: str | list[str] | None = None,
    follows: LoadedCycle | None = None,
    template: str | None = None,
    owner: str | None = None,
    created: dt.date | None = None,
    dry_run: bool = False,
    link_previous: bool = True,
    cycle_id: str | None = None,
) -> LoadedCycle:
    """Create a cycle in `plan` from a template and return it.

    With `follows`, the previous cycle's empty `act.next` is pointed at the new one
    (unless `link_previous` is off), so a ramp stays linked in both directions. `cycle_id`
    is an id reserved earlier (by an interrupted study meeting), else one is made.
    """
    title = " ".join(title.split())
    if not title:
        raise UsageError("a cycle needs a title", hint='pdsa new "Try an SBAR card on Ward 4"')
    project = ws.project()
    previous = follows.cycle if follows else None
    if previous is not None:
        change_idea = change_idea or previous.change_idea
    known = [c.id for c in project.change_ideas]
    for idea in [change_idea] if isinstance(change_idea, str) else change_idea or []:
        if idea not in known:
            raise unknown("change idea", idea, known)
    created = created or today()
    cycle_id = cycle_id or ws.new_cycle_id(created, title)
    template_path, template_text = ws.template(template or project.settings.default_template)
    text = render_template(
        template_text,
        {
            "id": cycle_id,
            "title": title,
            "created": created.isoformat(),
            "change_idea": change_idea,
            "follows": previous.id if previous else None,
            "owner": owner or project.settings.default_owner,
        },
        ws.schema_ref(),
    )
    _check_template_output(text, template_text, ws.rel(template_path))
    loaded = ws.create_cycle(cycle_id, text, dry_run=dry_run)
    if link_previous and follows is not None:

        def link(edit: CycleEdit) -> None:
            # Keep the ramp linked both ways, unless the previous cycle already continues.
            if not (edit.cycle.act and edit.cycle.act.next):
                edit.set(("act", "next"), cycle_id)

        ws.edit(follows, link, dry_run=dry_run)
    if not dry_run:
        ensure_schemas(ws)
    return loaded


def _check_template_output(text: str, template_text: str, template_path: Path) -> None:
    """Report an invalid team template against the template file, not the would-be cycle."""
    try:
        parse_model(Cycle, text, template_path)
    except InvalidDataError as exc:
        # render_template may have put the modeline on top: shift lines back to the template's.
        shift = text.count("\n") - template_text.count("\n")
        problems = [
            Problem(
                Location(p.location.path, max(p.location.line - shift, 1), p.location.column),
                p.message,
                "fix the template" + (f": {p.hint}" if p.hint else ""),
            )
            for p in exc.problems
        ]
        raise InvalidDataError(problems) from None


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
    dry_run: bool = False,
) -> Edit[Prediction]:
    """Add a prediction to a cycle that is still in `plan`."""
    statement = " ".join(statement.split())
    if not statement:
        raise UsageError("a prediction needs a statement", hint="say what you expect to happen")
    if measure:
        known_measure(ws, measure)
    if confidence is not None and not 0 <= confidence <= 1:  # NaN fails this too
        raise UsageError(
            f"{confidence:g} is not between 0 and 1", hint="write 70% as 0.7", option="confidence"
        )
    for key, bound in (expect or {}).items():
        numbers = bound if isinstance(bound, list | tuple) else [bound]
        if not all(math.isfinite(float(x)) for x in numbers):
            raise UsageError("needs a finite number", option=key)
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


# --- start ---------------------------------------------------------------------------------


def start_cycle(
    ws: Workspace, loaded: LoadedCycle, *, on: dt.date | None = None, dry_run: bool = False
) -> Edit[None]:
    """plan -> do: record the start date and lock the predictions."""
    on = on or today()

    def start(edit: CycleEdit) -> None:
        cycle = edit.cycle
        if cycle.status is not Status.PLAN:
            started = f" on {cycle.started}" if cycle.started else ""
            raise RefusedError(f"{cycle.id} already started{started} (status {cycle.status.value})")
        if not cycle.plan.predictions:
            raise RefusedError(
                f"{cycle.id} has no prediction: write what you expect before you test",
                hint=f'pdsa predict {cycle.id} "what you expect to happen"',
            )
        if on < cycle.created:
            raise RefusedError(
                f"start date {on} is before the cycle was created ({cycle.created})",
                hint="a test starts after its plan and predictions are written",
            )
        edit.set(("status",), Status.DO.value)
        edit.set(("plan", "locked"), lock_predictions(cycle.plan.predictions).model_dump())
        edit.set(("do", "started"), on)

    return ws.edit(loaded, start, dry_run=dry_run)


# --- act -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActOutcome:
    """The edit of the decided cycle and, when asked for, the follow-on cycle created."""

    edit: Edit[None]
    next_cycle: LoadedCycle | None


def act_on_cycle(
    ws: Workspace,
    loaded: LoadedCycle,
    *,
    decision: Decision,
    rationale: str,
    next_title: str | None = None,
    on: dt.date | None = None,
    dry_run: bool = False,
) -> ActOutcome:
    """study -> done: record the decision and, optionally, create the next cycle in the ramp."""
    if not rationale.strip():
        raise UsageError("a decision needs a rationale", hint="say why", option="rationale")
    if next_title and decision is Decision.ABANDON:
        raise UsageError(
            "an abandoned change idea has no next cycle in its ramp",
            hint="plan a different change idea with `pdsa new`",
        )
    decided_on = on or today()

    def decide(next_id: str | None) -> Any:
        def change(edit: CycleEdit) -> None:
            cycle = edit.cycle
            if cycle.status not in (Status.STUDY, Status.ACT):
                raise RefusedError(
                    f"{cycle.id} is in {cycle.status.value}: decide after the results are studied",
                    hint=f"run `pdsa study {cycle.id}` first",
                )
            edit.set(("status",), Status.DONE.value)
            edit.set(("act", "decision"), decision.value)
            edit.set(("act", "date"), decided_on)
            edit.set(("act", "rationale"), rationale.strip())
            if next_id:
                edit.set(("act", "next"), next_id)

        return change

    # Check the edit before creating anything, so a refusal leaves no stray cycle behind.
    ws.edit(loaded, decide(None), dry_run=True)
    follow_on = None
    if next_title:
        # Not linked back by new_cycle: the decision edit below writes act.next itself.
        follow_on = new_cycle(
            ws,
            next_title,
            follows=loaded,
            created=decided_on,
            owner=loaded.cycle.owner,
            dry_run=dry_run,
            link_previous=False,
        )
    next_id = follow_on.cycle.id if follow_on else None
    result = ws.edit(loaded, decide(next_id), dry_run=dry_run)
    return ActOutcome(result, follow_on)
