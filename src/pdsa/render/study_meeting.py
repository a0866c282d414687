"""The study meeting's screens: the briefing before the questions and each prediction.

Sized for a projector: short lines, the prediction and its expectation in large type. The
questions themselves are asked by the CLI (`pdsa.cli.study_prompts`).
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from pdsa.model import Cycle, Prediction, fmt_number
from pdsa.render.cycles import DECISION_STYLE, results_table
from pdsa.render.safe import clean
from pdsa.render.termchart import term_chart
from pdsa.runchart.control_reading import measure_verdict
from pdsa.runchart.series import summarise_values
from pdsa.study import Briefing


def prediction_view(p: Prediction) -> RenderableType:
    """One prediction, large enough to read from the back of the room."""
    text = Text(f"{p.id}: ", style="bold cyan")
    text.append(clean(p.statement), style="bold")
    details = []
    if p.measure:
        details.append(p.measure)
    if p.expect:
        details.append(f"expected {p.expect.describe()}")
    if p.confidence is not None:
        details.append(f"confidence {p.confidence:.0%}")
    if details:
        text.append("\n  " + " · ".join(details), style="dim")
    return text


def briefing_view(b: Briefing, width: int) -> RenderableType:
    """Header, ramp, plan, Do, the data of each measure, and the locked predictions."""
    c = b.cycle
    parts: list[RenderableType] = [_header(c, b)]
    if b.lock is not None and not b.lock.ok:
        names = ", ".join(b.lock.changed + b.lock.added + b.lock.removed) or "the lock"
        parts.append(
            Panel(
                f"Predictions changed after Do started: {names}. The meeting "
                "should know the prediction on record is not the original.",
                title="⚠ lock mismatch",
                border_style="red",
            )
        )
    for view in b.measures:
        chart = term_chart(
            view.series,
            width=max(20, min(width - 12, 80)),
            window=view.window,
            control=view.control,
        )
        summary = _window_summary(view.in_window)
        said = measure_verdict(view.series, view.control)
        parts.append(Group(chart, Text(said), Text(summary, style="cyan")))
    table = Table(
        box=None,
        pad_edge=False,
        header_style="dim",
        title="Predictions (locked)",
        title_justify="left",
        title_style="bold",
    )
    for column in ("id", "statement", "expected", "conf."):
        table.add_column(column, no_wrap=column != "statement")
    for p in c.plan.predictions:
        table.add_row(
            p.id,
            clean(p.statement),
            p.expect.describe() if p.expect else "—",
            f"{p.confidence:.0%}" if p.confidence is not None else "—",
        )
    parts.append(table)
    parts.extend(_so_far(c))
    return Group(*parts)


def _so_far(c: Cycle) -> list[RenderableType]:
    """What an earlier, interrupted meeting already recorded, so the room sees it again."""
    study = c.study
    if study is None or not (study.results or study.learning or study.surprises):
        return []
    parts: list[RenderableType] = [Text("Recorded so far", style="bold")]
    if study.results:
        parts.append(results_table(c))
    # A label, then the text in a column of its own: its second line (and any line that
    # wraps) starts under the first, not at the left edge.
    notes = Table.grid(padding=(0, 1))
    notes.add_column(no_wrap=True)
    notes.add_column(overflow="fold")
    for item in study.surprises:
        notes.add_row("  surprise:", Text(clean(item)))
    if study.learning:
        notes.add_row("  learned:", Text(clean(study.learning)))
    if notes.row_count:
        parts.append(notes)
    return parts


def _header(c: Cycle, b: Briefing) -> RenderableType:
    lines = Text(clean(c.title, newlines=False), style="bold")
    lines.append(f"\n{c.id}", style="dim")
    if c.ideas:
        lines.append(f"   change idea: {', '.join(c.ideas)}")
    if b.ramp:
        lines.append("\nramp: ")
        for earlier in b.ramp:
            decision = earlier.tag
            lines.append(earlier.id[11:] or earlier.id)
            lines.append(f" ({decision})", style=DECISION_STYLE.get(decision, "dim"))
            lines.append(" → ")
        lines.append("this cycle", style="bold")
    plan = c.plan
    for label, value in (
        ("objective", plan.objective),
        ("who", plan.who),
        ("where", plan.where),
        ("scale", plan.scale),
    ):
        if value:
            lines.append(f"\n{label}: ", style="dim")
            lines.append(clean(value))
    if b.window:
        lines.append("\nDo window: ", style="dim")
        lines.append(f"{b.window[0]} – {b.window[1]}")
    if c.do:
        for label, items in (
            ("observed", c.do.observations),
            ("problems", c.do.problems),
            ("deviations", c.do.deviations),
        ):
            for item in items:
                lines.append(f"\n{label}: ", style="dim")
                lines.append(clean(item))
    return Panel(lines, border_style="cyan")


def _window_summary(values: list[float]) -> str:
    if not values:
        return "no data in the Do window"
    median = summarise_values(values, "median")
    return (
        f"Do window: {len(values)} point{'s' if len(values) != 1 else ''}, "
        f"median {fmt_number(median)}, range {fmt_number(min(values))}–"
        f"{fmt_number(max(values))}"
    )
