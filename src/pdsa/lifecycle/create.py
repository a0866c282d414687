"""Creating a cycle from a template (`pdsa new`), and the editor schemas beside it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

from pdsa.errors import InvalidDataError, Location, Problem, UsageError, unknown
from pdsa.model import Cycle
from pdsa.store import CYCLE_SCHEMA, CycleEdit, LoadedCycle, Workspace, read_text, write_text
from pdsa.vocab import DECISION_CHOICES
from pdsa.yamlio.text import scalar_text
from pdsa.yamlio.validate import parse_model


def today() -> dt.date:
    """Today's date (one place, so tests and scripts can reason about it)."""
    return dt.date.today()


# --- schema files --------------------------------------------------------------------------


# Lets two branches that each add a cycle (and so an id in the schemas) merge cleanly; the
# schemas' text is laid out for it (`pdsa.model.schema_ids`).
SCHEMA_MERGE = ".pdsa/*.schema.json merge=union"
SCHEMA_MERGE_WHY = (
    "# The editor schemas list the project's ids: keep both sides' new ids when merging."
)


def ensure_schemas(ws: Workspace, adding: Sequence[str] = ()) -> list[str]:
    """Write `.pdsa/*.schema.json` when missing or stale; returns the files written.
    `adding` names cycles about to be created, so the schemas can be written first.

    Once the files exist they carry this project's ids as enums (generic where pdsa.yaml
    does not load), and `.gitattributes` gets the union-merge line that lets branches merge
    them. The first write is generic, as on every branch: two branches that both create
    them then add the same files, which git merges without a conflict.
    """
    from pdsa.model.schema import schema_texts
    from pdsa.model.schema_ids import project_schema_texts

    if not (ws.schema_dir / CYCLE_SCHEMA).exists():
        return ws.write_schemas(schema_texts())
    try:
        project = ws.project()
    except InvalidDataError:
        project = None
    ids = sorted({p.stem for p in ws.cycle_files()} | set(adding))
    written = ws.write_schemas(project_schema_texts(project, ids))
    if written:
        ensure_union_merge(ws)
    return written


def ensure_union_merge(ws: Workspace) -> None:
    """Add the schemas' union-merge line to the project's `.gitattributes` if it lacks it."""
    path = ws.root / ".gitattributes"
    text = read_text(path).text if path.is_file() else ""
    if SCHEMA_MERGE in text.splitlines():
        return
    body = (text if not text or text.endswith("\n") else text + "\n") + (
        f"{SCHEMA_MERGE_WHY}\n{SCHEMA_MERGE}\n"
    )
    write_text(path, body, create=not path.exists())


# --- new -----------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{\{ ?([a-z_]+) ?\}\}")


def render_template(
    template: str, values: dict[str, str | list[str] | None], schema_ref: str
) -> str:
    """Fill `{{name}}` placeholders with YAML scalars; ensure the schema modeline is first.

    One pass over the template: a title that itself contains `{{owner}}` stays as typed.
    """
    # Already valid YAML (a path, an ISO date), or comment text: the decisions a cycle's
    # act.decision takes, from the vocabulary, for the template's comment.
    raw = {"schema", "created", "decisions"}
    filled = {**values, "schema": schema_ref, "decisions": " | ".join(DECISION_CHOICES)}

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
    retrospective: str | None = None,
) -> LoadedCycle:
    """Create a cycle in `plan` from a template and return it.

    With `follows`, the previous cycle's empty `act.next` is pointed at the new one
    (unless `link_previous` is off), so a ramp stays linked in both directions. `cycle_id`
    is an id reserved earlier (by an interrupted study meeting), else one is made. With
    `retrospective` (the reason), the cycle is one entered after the fact.
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
    if retrospective is not None:
        text = _with_retrospective(text, retrospective)
    if not dry_run:
        # The editor schemas first (listing the new id): on a full disk `new` then fails
        # before the cycle exists.
        ensure_schemas(ws, [cycle_id])
    loaded = ws.create_cycle(cycle_id, text, dry_run=dry_run)
    if link_previous and follows is not None:
        ideas = [change_idea] if isinstance(change_idea, str) else change_idea or []

        def link(edit: CycleEdit) -> None:
            # Keep the ramp linked both ways, unless the previous cycle already continues;
            # a follow-on of another change idea records that the team moved on.
            if not (edit.cycle.act and edit.cycle.act.next):
                edit.set(("act", "next"), cycle_id)
                if ideas and not set(ideas) & set(edit.cycle.ideas):
                    edit.set(("act", "next_change_idea"), ideas[0])

        try:
            ws.edit(follows, link, dry_run=dry_run)
        except BaseException:
            if not dry_run:  # all or nothing: no new cycle its ramp does not lead to
                ws.remove_created(loaded)
            raise
    return loaded


def _with_retrospective(text: str, reason: str) -> str:
    """The new cycle's text marked as entered after the fact, with the reason."""
    from pdsa.model.schema import keys_at
    from pdsa.yamlio.edit import set_in
    from pdsa.yamlio.text import rt_load

    why = " ".join(reason.split())
    if not why:
        raise UsageError(
            "say why the cycle is entered after the fact",
            hint='e.g. --retrospective "run in 2023, before the team wrote predictions"',
            option="retrospective",
        )
    doc = rt_load(text)
    set_in(doc.data, ("retrospective",), why, keys_at(Cycle, ()))
    return doc.dump()


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
