"""Terminal views of cycles: the `list` table and the `show` page, plus their JSON forms."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from pdsa.fingerprint import compare
from pdsa.model import Cycle, Status, fmt_number
from pdsa.render.safe import clean

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


# Columns of `pdsa list` in the order they are dropped when the terminal is narrow (last
# dropped first): a person needs the id, the stage and the title above all.
_COLUMNS = ("id", "status", "title", "pred.", "started", "change idea", "finished")
_MIN_WIDTH = {
    "status": 14,
    "title": 24,
    "pred.": 6,
    "started": 11,
    "change idea": 16,
    "finished": 11,
}


def list_table(cycles: list[Cycle], width: int = 160) -> Table:
    """The `pdsa list` table, with as many columns as fit in `width`."""
    id_width = max((len(c.id) for c in cycles), default=10) + 2
    if id_width + _MIN_WIDTH["status"] + _MIN_WIDTH["title"] > width:
        return _stacked_table(cycles)
    shown = ["id", "status", "title"]
    used = id_width + _MIN_WIDTH["status"] + _MIN_WIDTH["title"]
    for name in _COLUMNS[3:]:
        if used + _MIN_WIDTH[name] <= width:
            shown.append(name)
            used += _MIN_WIDTH[name]
    table = Table(box=None, pad_edge=False, header_style="bold")
    for name in _COLUMNS:
        if name in shown:
            table.add_column(
                name,
                no_wrap=name != "title",
                justify=_justify(name),
                min_width=_MIN_WIDTH.get(name, 0) - 2 if name == "title" else None,
            )
    for c in cycles:
        cells: dict[str, Any] = {
            "id": c.id,
            "status": status_text(c),
            "title": clean(c.title, newlines=False),
            "change idea": ", ".join(c.ideas) or "—",
            "pred.": str(len(c.plan.predictions)),
            "started": _iso(c.started) or "—",
            "finished": _iso(c.do.finished if c.do else None) or "—",
        }
        table.add_row(*(cells[name] for name in _COLUMNS if name in shown))
    return table


def status_text(cycle: Cycle) -> Text:
    """The stage, coloured, and the decision once made: `done adopt`."""
    text = Text(cycle.status.value, style=STATUS_STYLE[cycle.status])
    if cycle.decision:
        text.append(f" {cycle.decision.value}", style=DECISION_STYLE[cycle.decision.value])
    return text


def _stacked_table(cycles: list[Cycle]) -> Table:
    """For narrow terminals: id and stage on one line, the title indented below."""
    table = Table(box=None, pad_edge=False, header_style="bold", show_header=True)
    table.add_column("id / title", overflow="fold")
    table.add_column("status", no_wrap=True)
    for c in cycles:
        table.add_row(c.id, status_text(c))
        table.add_row(Text(f"  {clean(c.title, newlines=False)}", style="dim"), "")
    return table


def _justify(name: str) -> Any:
    return "right" if name == "pred." else "left"


def show_view(cycle: Cycle) -> RenderableType:
    """The whole cycle, stage by stage, as a person would read a worksheet."""
    parts: list[RenderableType] = []
    head = Text()
    head.append(cycle.title, style="bold")
    head.append("\n")
    head.append(cycle.id, style="dim")
    head.append("  ")
    head.append(cycle.status.value, style=STATUS_STYLE[cycle.status])
    parts.append(head)
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
            _fields(
                [
                    ("started", _iso(cycle.do.started)),
                    ("finished", _iso(cycle.do.finished)),
                ]
            )
        )
        parts.extend(_bullets("observations", cycle.do.observations))
        parts.extend(_bullets("problems", cycle.do.problems))
        parts.extend(_bullets("deviations", cycle.do.deviations))
    if _filled(cycle.study):
        parts.extend(_study(cycle))
    if cycle.act and (cycle.act.decision or cycle.act.rationale or cycle.act.next):
        parts.append(_heading("Act"))
        decision = cycle.decision.value if cycle.decision else None
        parts.append(
            _fields(
                [
                    ("decision", decision),
                    ("rationale", cycle.act.rationale),
                    ("next", cycle.act.next),
                ]
            )
        )
    return Group(*parts)


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
            table.add_row(label, value)
    return table


def _bullets(label: str, items: list[str]) -> list[RenderableType]:
    if not items:
        return []
    lines = Text(f"{label}\n", style="dim")
    for item in items:
        lines.append(f"  • {item}\n", style="default")
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
                ("objective", plan.objective),
                ("who", plan.who),
                ("where", plan.where),
                ("when", when),
                ("scale", plan.scale),
                ("data", plan.data_collection),
            ]
        )
    )
    parts.extend(_bullets("questions", plan.questions))
    if plan.predictions:
        table = Table(box=None, pad_edge=False, header_style="dim", title_justify="left")
        for name in ("prediction", "statement", "measure", "expect", "conf."):
            table.add_column(name, no_wrap=name != "statement")
        for p in plan.predictions:
            table.add_row(
                p.id,
                p.statement,
                p.measure or "—",
                p.expect.describe() if p.expect else "—",
                f"{p.confidence:.0%}" if p.confidence is not None else "—",
            )
        parts.append(Padding(table, (1, 0, 0, 0)))
    else:
        parts.append(Text("no predictions yet", style="yellow"))
    if plan.locked is not None:
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
        table = Table(box=None, pad_edge=False, header_style="dim")
        for name in ("prediction", "expected", "actual", "met", "note"):
            table.add_column(name, no_wrap=name not in ("note",))
        for r in study.results:
            p = cycle.prediction(r.prediction)
            expected = p.expect.describe() if p and p.expect else "—"
            met = (
                Text("—")
                if r.met is None
                else (Text("yes", style="green") if r.met else Text("no", style="red"))
            )
            actual = (
                fmt_number(r.actual) if isinstance(r.actual, float | int) else (r.actual or "—")
            )
            table.add_row(r.prediction, expected, actual, met, r.note or r.override or "")
        parts.append(table)
    if study.learning:
        parts.append(Text("learning", style="dim"))
        parts.append(Padding(Text(study.learning.strip()), (0, 0, 0, 2)))
    parts.extend(_bullets("surprises", study.surprises))
    return parts
