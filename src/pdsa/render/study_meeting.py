"""The study meeting's screens, sized for a projector: the briefing as pages (one screen a
part: the test and its questions, what happened during Do, each measure's data, the
locked predictions, what an earlier meeting recorded) and each prediction beside its chart.

Charts take the terminal's width and, on a tall screen, its height. No content is dim: a
projector washes dim text out. The questions themselves are asked by the CLI
(`pdsa.cli.study_prompts`).
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
from pdsa.study import Briefing, MeasureView

LABEL = "bold cyan"  # labels stand out by colour and weight, never by dimming
SIDE_BY_SIDE = 150  # columns from which a prediction and its chart sit side by side
WORDS_WIDTH = 46  # the prediction's column then


def prediction_view(p: Prediction, questions: list[str] | None = None) -> RenderableType:
    """One prediction, large enough to read from the back of the room, with the plan
    question it answers."""
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
        text.append("\n  " + " · ".join(details))
    if p.question and questions and p.question <= len(questions):
        text.append(f"\n  answers question {p.question}: ", style=LABEL)
        text.append(clean(questions[p.question - 1]))
    return text


def prediction_screen(
    p: Prediction,
    view: MeasureView | None,
    questions: list[str],
    width: int,
    height: int,
) -> RenderableType:
    """A prediction with its measure's chart (the Do window marked) beside it on a wide
    screen, above the question on a narrow one; the chart fills what the screen leaves."""
    words = prediction_view(p, questions)
    if view is None:
        return words
    if width >= SIDE_BY_SIDE:
        column = width - WORDS_WIDTH - 3
        # Room in the column for the value labels on the left and "Do window" on the right.
        chart = _chart(view, column - 24, max(7, min(18, height - 14)))
        grid = Table.grid(padding=(0, 3))
        grid.add_column(width=column)
        grid.add_column(width=WORDS_WIDTH)
        grid.add_row(chart, words)
        return grid
    chart = _chart(view, max(20, width - 12), max(5, min(14, height - 20)))
    return Group(words, Text(""), chart)


def briefing_pages(b: Briefing, width: int, height: int = 30) -> list[tuple[str, RenderableType]]:
    """The briefing as (title, screen) pages, in the meeting's order. The first page holds
    the test and the questions it set out to answer, so the room starts from them."""
    c = b.cycle
    first: list[RenderableType] = [_header(c, b)]
    if b.lock is not None and not b.lock.ok:
        names = ", ".join(b.lock.changed + b.lock.added + b.lock.removed) or "the lock"
        first.append(
            Panel(
                f"Predictions changed after Do started: {names}. The meeting "
                "should know the prediction on record is not the original.",
                title="⚠ lock mismatch",
                border_style="red",
            )
        )
    pages: list[tuple[str, RenderableType]] = [("The test", Group(*first))]
    if happened := _do_notes(c):
        pages.append(("What happened during Do", happened))
    chart_height = max(7, min(20, height - 14))
    for view in b.measures:
        chart = _chart(view, max(20, width - 12), chart_height)
        said = measure_verdict(view.series, view.control)
        summary = _window_summary(view.in_window)
        pages.append(
            (view.series.measure.title, Group(chart, Text(said), Text(summary, style="cyan")))
        )
    pages.append(("Predictions (locked)", _predictions(c)))
    if so_far := _so_far(c):
        pages.append(("Recorded so far", Group(*so_far)))
    return pages


def briefing_view(b: Briefing, width: int, height: int = 30) -> RenderableType:
    """Every page of the briefing, one after the other (for a log or a test)."""
    parts: list[RenderableType] = []
    for title, page in briefing_pages(b, width, height):
        parts += [Text(title, style="bold"), page]
    return Group(*parts)


def _chart(view: MeasureView, width: int, height: int) -> Text:
    return term_chart(
        view.series,
        width=width,
        height=height,
        window=view.window,
        control=view.control,
        stretch=3,  # a short series grows with a wide screen
    )


def _predictions(c: Cycle) -> RenderableType:
    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("id", "statement", "expected", "conf.", "question"):
        table.add_column(column, no_wrap=column not in ("statement",))
    for p in c.plan.predictions:
        table.add_row(
            p.id,
            clean(p.statement),
            p.expect.describe() if p.expect else "—",
            f"{p.confidence:.0%}" if p.confidence is not None else "—",
            str(p.question) if p.question else "—",
        )
    return table


def _so_far(c: Cycle) -> list[RenderableType]:
    """What an earlier, interrupted meeting already recorded, so the room sees it again."""
    study = c.study
    if study is None or not (study.results or study.learning or study.surprises):
        return []
    parts: list[RenderableType] = []
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
    lines.append(f"\n{c.id}")
    if c.ideas:
        lines.append(f"   change idea: {', '.join(c.ideas)}")
    if b.ramp:
        lines.append("\nramp: ", style=LABEL)
        for earlier in b.ramp:
            decision = earlier.tag
            lines.append(earlier.id[11:] or earlier.id)
            lines.append(f" ({decision})", style=DECISION_STYLE.get(decision, ""))
            lines.append(" → ")
        lines.append("this cycle", style="bold")
    plan = c.plan
    if plan.objective:
        lines.append("\nobjective: ", style=LABEL)
        lines.append(clean(plan.objective))
    if plan.questions:
        lines.append("\nquestions:", style=LABEL)
        for number, question in enumerate(plan.questions, start=1):
            lines.append(f"\n  {number}. ")
            lines.append(clean(question), style="bold")
    for label, value in (("who", plan.who), ("where", plan.where), ("scale", plan.scale)):
        if value:
            lines.append(f"\n{label}: ", style=LABEL)
            lines.append(clean(value))
    if b.window:
        lines.append("\nDo window: ", style=LABEL)
        lines.append(f"{b.window[0]} – {b.window[1]}")
    return Panel(lines, border_style="cyan")


def _do_notes(c: Cycle) -> RenderableType | None:
    if not c.do:
        return None
    lines = Text()
    for label, items in (
        ("observed", c.do.observations),
        ("problem", c.do.problems),
        ("deviation", c.do.deviations),
    ):
        for item in items:
            lines.append(f"\n{label}: " if lines else f"{label}: ", style=LABEL)
            lines.append(clean(item))
    return lines if lines else None


def _window_summary(values: list[float]) -> str:
    if not values:
        return "no data in the Do window"
    median = summarise_values(values, "median")
    return (
        f"Do window: {len(values)} point{'s' if len(values) != 1 else ''}, "
        f"median {fmt_number(median)}, range {fmt_number(min(values))}–"
        f"{fmt_number(max(values))}"
    )
