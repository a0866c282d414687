"""Moving a cycle through Plan-Do-Study-Act: create, predict, start, decide.

Plain functions over a `Workspace` and a cycle the command loaded once; they raise
`pdsa.errors` exceptions and return what changed. Edits go through `Workspace.edit`, whose
handle changes only the keys named here; each edit checks its preconditions on the cycle
as it is when the write lock is held, so two people editing at once never lose a change.
"""

from pdsa.lifecycle.create import ensure_schemas, new_cycle, render_template, today
from pdsa.lifecycle.move import ActOutcome, act_on_cycle, record_next_idea, start_cycle
from pdsa.lifecycle.predict import add_prediction, check_slug, update_prediction

__all__ = [
    "ActOutcome",
    "act_on_cycle",
    "add_prediction",
    "check_slug",
    "ensure_schemas",
    "new_cycle",
    "record_next_idea",
    "render_template",
    "start_cycle",
    "today",
    "update_prediction",
]
