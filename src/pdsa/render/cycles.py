"""Terminal views of one cycle: the `show` page (the `list` table is in `cycle_list`)."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from pdsa.fingerprint import compare
from pdsa.model import Cycle, Status, fmt_number
from pdsa.render.safe import clean
from pdsa.vocab import DECISION_WORDS

STATUS_STYLE = {
    Status.PLAN: "cyan",
    Status.DO: "yellow",
    Status.STUDY: "magenta",
    Status.ACT: "blue",
    Status.DONE: "green",
}
DECISION_STYLE = {
    "adopt": "green",
    "adopt-and-spread": "green",
    "adapt": "yellow",
    "abandon": "red",
    "not-yet-decided": "magenta",
}


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def status_text(cycle: Cycle) -> Text:
    """The stage, coloured, and the decision once made: `done adopt`."""
    text = Text(cycle.status.value, style=STATUS_STYLE[cycle.status])
    if cycle.decision:
        text.append(f" {cycle.decision.value}", style=DECISION_STYLE[cycle.decision.value])
    return text


def show_view(cycle: Cycle, ramp: list[Cycle] | None = None) -> RenderableType:
    """The whole cycle, stage by stage, as a person would read a worksheet; `ramp` is the
    earlier cycles of its ramp, shown as the story so far."""
    parts: list[RenderableType] = []
    head = Text()
    head.append(clean(cycle.title, newlines=False), style="bold")
    head.append("\n")
    head.append(cycle.id, style="dim")
    head.append("  ")
    head.append_text(status_text(cycle))
    parts.append(head)
    if cycle.retrospective:
        parts.append(
            Text(
                f"entered after the fact: {clean(cycle.retrospective)} (no prediction was "
                "proven to come first)",
                style="yellow",
            )
        )
    if ramp:
        line = Text("ramp so far: ", style="dim")
        for earlier in ramp:
            line.append(clean(earlier.id[11:] or earlier.id, newlines=False))
            line.append(f" ({earlier.tag})", style=DECISION_STYLE.get(earlier.tag, "dim"))
            line.append(" → ")
        line.append("this cycle", style="bold")
        parts.append(line)
    parts.append(
        _fields(
            [
                ("change idea" if len(cycle.ideas) < 2 else "bundle", ", ".join(cycle.ideas)),
                ("follows", cycle.follows),
                ("owner", cycle.owner),
                ("team", ", ".join(cycle.team) or None),
                ("created", cycle.created.isoformat()),
            ]
        )
    )
    parts.extend(_plan(cycle))
    if _filled(cycle.do):
        assert cycle.do is not None
        parts.append(_heading("Do"))
        parts.append(
            _fields([("started", _iso(cycle.do.started)), ("finished", _iso(cycle.do.finished))])
        )
        parts.extend(_bullets("observations", cycle.do.observations))
        parts.extend(_bullets("problems", cycle.do.problems))
        parts.extend(_bullets("deviations", cycle.do.deviations))
    if _filled(cycle.study):
        parts.extend(_study(cycle))
    if _filled(cycle.act):
        parts.extend(_act(cycle))
    return Group(*parts)


def _act(cycle: Cycle) -> list[RenderableType]:
    assert cycle.act is not None
    act = cycle.act
    parts: list[RenderableType] = [_heading("Act")]
    parts.append(
        _fields(
            [
                ("decision", DECISION_WORDS[act.decision] if act.decision else None),
                ("date", _iso(act.date)),
                ("rationale", act.rationale),
                ("next", act.next),
                ("next idea", act.next_change_idea),
            ]
        )
    )
    checks = []
    for check in act.follow_up:
        held = "" if check.held is None else ("held" if check.held else "did not hold")
        checks.append(f"{check.date}: " + ", ".join(x for x in (held, check.note or "") if x))
    parts.extend(_bullets("follow-up", checks))
    return parts


def _filled(section: Any) -> bool:
    """True when a stage has anything written in it (templates leave empty sections)."""
    if section is None:
        return False
    return any(v not in (None, [], "") for v in section.model_dump().values())


def _heading(title: str) -> Text:
    return Text(f"\n{title}", style="bold underline")


def _fields(pairs: list[tuple[str, str | None]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim", no_wrap=True)
    table.add_column()
    for label, value in pairs:
        if value:
            table.add_row(label, clean(value))
    return table


def _bullets(label: str, items: list[str]) -> list[RenderableType]:
    if not items:
        return []
    lines = Text(f"{label}\n", style="dim")
    for item in items:
        lines.append(f"  • {clean(item)}\n", style="default")
    return [lines]


def _plan(cycle: Cycle) -> list[RenderableType]:
    plan = cycle.plan
    parts: list[RenderableType] = [_heading("Plan")]
    when = None
    if plan.when and (plan.when.start or plan.when.end):
        when = f"{_iso(plan.when.start) or '?'} → {_iso(plan.when.end) or '?'}"
    parts.append(
        _fields(
            [
                ("purpose", plan.purpose.value.replace("-", " ") if plan.purpose else None),
                ("objective", plan.objective),
                ("who", plan.who),
                ("where", plan.where),
                ("when", when),
                ("scale", plan.scale),
                ("data", plan.data_collection),
            ]
        )
    )
    questions = [f"{n}. {q}" for n, q in enumerate(plan.questions, start=1)]
    parts.extend(_bullets("questions", questions))
    if plan.predictions:
        table = Table(box=None, pad_edge=False, header_style="dim", title_justify="left")
        for name in ("prediction", "statement", "q.", "measure", "expect", "conf."):
            table.add_column(name, no_wrap=name != "statement")
        for p in plan.predictions:
            table.add_row(
                p.id,
                clean(p.statement),
                str(p.question) if p.question else "—",
                p.measure or "—",
                p.expect.describe() if p.expect else "—",
                f"{p.confidence:.0%}" if p.confidence is not None else "—",
            )
        parts.append(Padding(table, (1, 0, 0, 0)))
    elif cycle.retrospective is None:
        parts.append(Text("no predictions yet", style="yellow"))
    tasks = []
    for t in plan.tasks:
        who = f" ({t.who})" if t.who else ""
        due = f", due {t.due}" if t.due else ""
        done = " ✓" if t.done else ""
        tasks.append(f"{t.what}{who}{due}{done}")
    parts.extend(_bullets("tasks", tasks))
    if plan.locked is not None and cycle.retrospective is None:
        diff = compare(plan.locked, plan.predictions)
        if diff.ok:
            parts.append(Text("🔒 predictions locked when Do started", style="dim"))
        else:
            names = ", ".join(diff.changed + diff.added + diff.removed) or "the lock"
            parts.append(Text(f"⚠ predictions changed after the lock: {names}", style="red"))
    return parts


def _study(cycle: Cycle) -> list[RenderableType]:
    assert cycle.study is not None
    study = cycle.study
    parts: list[RenderableType] = [_heading("Study")]
    parts.append(_fields([("date", _iso(study.date))]))
    if study.results:
        parts.append(results_table(cycle))
    if study.learning:
        parts.append(Text("learning", style="dim"))
        parts.append(Padding(Text(clean(study.learning.strip())), (0, 0, 0, 2)))
    parts.extend(_bullets("surprises", study.surprises))
    return parts


def results_table(cycle: Cycle) -> Table:
    """The results recorded so far: prediction, expected, actual, met, note."""
    table = Table(box=None, pad_edge=False, header_style="dim")
    for name in ("prediction", "expected", "actual", "met", "note"):
        table.add_column(name, no_wrap=name not in ("note", "actual"))
    for r in cycle.study.results if cycle.study else []:
        p = cycle.prediction(r.prediction)
        expected = p.expect.describe() if p and p.expect else "—"
        met = (
            Text("—")
            if r.met is None
            else (Text("yes", style="green") if r.met else Text("no", style="red"))
        )
        actual = fmt_number(r.actual) if isinstance(r.actual, float | int) else (r.actual or "—")
        table.add_row(r.prediction, expected, clean(actual), met, clean(r.note or r.override or ""))
    return table
