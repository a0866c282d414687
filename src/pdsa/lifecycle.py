"""Moving a cycle through Plan-Do-Study-Act: create, predict, start, decide.

Plain functions over a `Workspace`; they raise `pdsa.errors` exceptions and return what
changed. Edits go through `Workspace.edit_cycle`, which changes only the keys named here.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pdsa.errors import InvalidDataError, Location, Problem, RefusedError, UsageError, unknown
from pdsa.fingerprint import lock_predictions
from pdsa.measures import known_measure
from pdsa.model import Cycle, Decision, Prediction, Status, SummaryKind, slugify
from pdsa.store import Edit, LoadedCycle, Workspace, field_order, write_text
from pdsa.yamlio.edit import append_to, set_in
from pdsa.yamlio.text import scalar_text
from pdsa.yamlio.validate import parse_model


def today() -> dt.date:
    """Today's date (one place, so tests and scripts can reason about it)."""
    return dt.date.today()


# --- schema files --------------------------------------------------------------------------


def schema_text(kind: str = "cycle") -> str:
    """The JSON Schema of a cycle file (or, with kind="project", of pdsa.yaml) as text."""
    from pdsa.model.schema import cycle_json_schema, project_json_schema

    schema = cycle_json_schema() if kind == "cycle" else project_json_schema()
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def ensure_schemas(ws: Workspace) -> list[str]:
    """Write `.pdsa/*.schema.json` when missing or stale; returns the files written."""
    from pdsa.store import CYCLE_SCHEMA, PROJECT_SCHEMA

    written = []
    ws.schema_dir.mkdir(exist_ok=True)
    for name, kind in ((CYCLE_SCHEMA, "cycle"), (PROJECT_SCHEMA, "project")):
        path = ws.schema_dir / name
        text = schema_text(kind)
        if not path.exists():
            write_text(path, text, create=True)
            written.append(name)
        elif path.read_text(encoding="utf-8") != text:
            write_text(path, text)
            written.append(name)
    return written


# --- new -----------------------------------------------------------------------------------


def render_template(template: str, values: dict[str, str | None], schema_ref: str) -> str:
    """Fill `{{name}}` placeholders with YAML scalars; ensure the schema modeline is first."""
    text = template
    raw = {"schema", "created"}  # already valid YAML: a path and an ISO date
    for key, value in {**values, "schema": schema_ref}.items():
        scalar = "null" if value is None else (value if key in raw else scalar_text(value))
        for spelling in (f"{{{{{key}}}}}", f"{{{{ {key} }}}}"):
            text = text.replace(spelling, scalar)
    modeline = f"# yaml-language-server: $schema={schema_ref}"
    if not text.startswith("# yaml-language-server:"):
        text = f"{modeline}\n{text}"
    return text


def new_cycle(
    ws: Workspace,
    title: str,
    *,
    change_idea: str | None = None,
    follows: str | None = None,
    template: str | None = None,
    owner: str | None = None,
    created: dt.date | None = None,
    dry_run: bool = False,
    link_previous: bool = True,
) -> LoadedCycle:
    """Create a cycle in `plan` from a template and return it.

    With `follows`, the previous cycle's empty `act.next` is pointed at the new one
    (unless `link_previous` is off), so a ramp stays linked in both directions.
    """
    title = " ".join(title.split())
    if not title:
        raise UsageError("a cycle needs a title", hint='pdsa new "Try an SBAR card on Ward 4"')
    project = ws.project()
    previous: Cycle | None = None
    if follows:
        previous = ws.load_cycle(follows).cycle
        change_idea = change_idea or previous.change_idea
    if change_idea:
        ideas = [c.id for c in project.change_ideas]
        if change_idea not in ideas:
            raise unknown("change idea", change_idea, ideas)
    created = created or today()
    cycle_id = ws.new_cycle_id(created, title)
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
    if link_previous and previous is not None and not (previous.act and previous.act.next):
        # Keep the ramp linked both ways: the previous cycle now points at this one.
        ws.edit_cycle(
            previous.id,
            lambda doc, _: set_in(doc, ("act", "next"), cycle_id, field_order(("act",))),
            dry_run=dry_run,
        )
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
    ref: str,
    statement: str,
    *,
    measure: str | None = None,
    expect: dict[str, Any] | None = None,
    confidence: float | None = None,
    prediction_id: str | None = None,
    summary: SummaryKind | None = None,
    rationale: str | None = None,
    dry_run: bool = False,
) -> tuple[Edit, Prediction]:
    """Add a prediction to a cycle that is still in `plan`."""
    loaded = ws.load_cycle(ref)
    cycle = loaded.cycle
    if cycle.status is not Status.PLAN:
        raise RefusedError(
            f"{cycle.id} is in {cycle.status.value}: its predictions were locked when Do started",
            hint="predictions are written before the test; plan a new cycle with `pdsa new`",
        )
    if measure:
        known_measure(ws, measure)
    if confidence is not None and not 0 <= confidence <= 1:
        raise UsageError(
            f"confidence {confidence:g} is not between 0 and 1", hint="write 70% as 0.7"
        )
    taken = {p.id for p in cycle.plan.predictions}
    if prediction_id is None:
        prediction_id = _unique(slugify(statement, max_length=24), taken)
    elif prediction_id in taken:
        raise UsageError(
            f"{cycle.id} already has a prediction '{prediction_id}'", hint="choose another --id"
        )
    data: dict[str, Any] = {"id": prediction_id, "statement": " ".join(statement.split())}
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
    prediction = Prediction.model_validate(
        {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}
    )

    def edit(doc: Any, _: Cycle) -> None:
        append_to(doc, ("plan", "predictions"), data, field_order(("plan",)))

    return ws.edit_cycle(cycle.id, edit, dry_run=dry_run), prediction


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
    ws: Workspace, ref: str, *, on: dt.date | None = None, dry_run: bool = False
) -> Edit:
    """plan -> do: record the start date and lock the predictions."""
    cycle = ws.load_cycle(ref).cycle
    if cycle.status is not Status.PLAN:
        started = f" on {cycle.started}" if cycle.started else ""
        raise RefusedError(f"{cycle.id} already started{started} (status {cycle.status.value})")
    if not cycle.plan.predictions:
        raise RefusedError(
            f"{cycle.id} has no prediction: write what you expect before you test",
            hint=f'pdsa predict {cycle.id} "Median handoff time falls below 8 minutes"',
        )
    on = on or today()
    if on < cycle.created:
        raise RefusedError(
            f"start date {on} is before the cycle was created ({cycle.created})",
            hint="a test starts after its plan and predictions are written",
        )
    lock = lock_predictions(cycle.plan.predictions).model_dump()

    def edit(doc: Any, _: Cycle) -> None:
        set_in(doc, ("status",), Status.DO.value, field_order(()))
        set_in(doc, ("plan", "locked"), lock, field_order(("plan",)))
        set_in(doc, ("do", "started"), on, field_order(("do",)))

    return ws.edit_cycle(cycle.id, edit, dry_run=dry_run)


# --- act -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActOutcome:
    """The edit of the decided cycle and, when asked for, the follow-on cycle created."""

    edit: Edit
    next_cycle: LoadedCycle | None


def act_on_cycle(
    ws: Workspace,
    ref: str,
    *,
    decision: Decision,
    rationale: str,
    next_title: str | None = None,
    on: dt.date | None = None,
    dry_run: bool = False,
) -> ActOutcome:
    """study -> done: record the decision and, optionally, create the next cycle in the ramp."""
    cycle = ws.load_cycle(ref).cycle
    if cycle.status not in (Status.STUDY, Status.ACT):
        raise RefusedError(
            f"{cycle.id} is in {cycle.status.value}: decide after the results are studied",
            hint=f"run `pdsa study {cycle.id}` first",
        )
    if not rationale.strip():
        raise UsageError("a decision needs a rationale", hint="--rationale 'why'")
    if next_title and decision is Decision.ABANDON:
        raise UsageError(
            "an abandoned change idea has no next cycle in its ramp",
            hint="plan a different change idea with `pdsa new`",
        )

    decided_on = on or today()

    def edit(doc: Any, next_id: str | None) -> None:
        set_in(doc, ("status",), Status.DONE.value, field_order(()))
        order = field_order(("act",))
        set_in(doc, ("act", "decision"), decision.value, order)
        set_in(doc, ("act", "date"), decided_on, order)
        set_in(doc, ("act", "rationale"), rationale.strip(), order)
        if next_id:
            set_in(doc, ("act", "next"), next_id, order)

    # Validate the edit before creating anything, so a failure leaves no stray cycle behind.
    ws.edit_cycle(cycle.id, lambda doc, _: edit(doc, None), dry_run=True)
    follow_on = None
    if next_title:
        # Not linked back by new_cycle: the decision edit below writes act.next itself.
        follow_on = new_cycle(
            ws,
            next_title,
            follows=cycle.id,
            created=decided_on,
            owner=cycle.owner,
            dry_run=dry_run,
            link_previous=False,
        )
    next_id = follow_on.cycle.id if follow_on else None
    result = ws.edit_cycle(cycle.id, lambda doc, _: edit(doc, next_id), dry_run=dry_run)
    return ActOutcome(result, follow_on)
