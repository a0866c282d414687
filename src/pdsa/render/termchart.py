"""A compact run chart drawn with text, for the terminal and the projector in a meeting."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from typing import Any

from rich.text import Text

from pdsa.model import SignalRules, fmt_number
from pdsa.render.safe import clean
from pdsa.runchart.control_reading import point_meanings
from pdsa.runchart.control_view import ControlView
from pdsa.runchart.series import Series

POINT = "●"
GAP = "┊"  # a column standing for missing periods: the line is broken there
RUN_STYLE = "bold red"
TREND_STYLE = "bold magenta"
WINDOW_STYLE = "reverse cyan"


def term_chart(
    series: Series,
    *,
    width: int = 64,
    height: int = 9,
    window: tuple[dt.date, dt.date] | None = None,
    last: int | None = None,
    signal_rules: SignalRules | None = None,
    control: ControlView | None = None,
    stretch: int = 1,
) -> Text:
    """The most recent points (as many as fit in `width`) with the median and goal, or,
    with `control`, the control chart's centre line and limits and its signals.

    `window` marks a cycle's Do window under the axis; `last` limits how many points are
    shown (default: as many as fit). Up to `stretch` columns a point let a short series
    grow with a wide terminal (a projector), the lines drawn across them.
    """
    measure = series.measure
    n_total = len(series.values)
    better = {"lower": "↓ better", "higher": "↑ better"}.get(measure.better, "neutral")
    head = Text(clean(measure.title, newlines=False), style="bold")
    unit = clean(measure.unit, newlines=False)
    head.append(f"  ({unit + ', ' if unit else ''}{better})", style="dim")
    if not n_total:
        return head + Text("\n  no data yet")
    cols = _columns(series, width, min(n_total, last or n_total))
    numbers = [n for n in cols if n is not None]
    count = len(cols)
    values = [series.values[n - 1] for n in numbers]
    signal_rules = signal_rules or series.signal_rules
    runs, trends = series.run_points[signal_rules], series.trend_points[signal_rules]
    centre_of, limits_of, meaning = _lines(series, control)
    centres = [centre_of(n) for n in numbers]
    known = list(values) + [c for c in centres if c is not None]
    known += [v for n in numbers for v in limits_of(n) if v is not None]
    if measure.goal is not None:
        known.append(measure.goal)
    low, high = min(known), max(known)
    span = (high - low) or 1.0

    def row(value: float) -> int:
        return round((high - value) / span * (height - 1))

    grid: list[list[tuple[str, str]]] = [[(" ", "")] * count for _ in range(height)]
    under: dict[tuple[int, int], tuple[str, str]] = {}  # the line a point is drawn over
    goal_row = row(measure.goal) if measure.goal is not None else None
    for col, n in enumerate(cols):
        if n is None:  # a missing period: the median and the goal break too
            for cells in grid:
                cells[col] = (GAP, "dim")
            continue
        if goal_row is not None:
            grid[goal_row][col] = ("┈", "green")
        for limit in limits_of(n):
            if limit is not None:
                grid[row(limit)][col] = ("┄", "magenta")
        centre = centre_of(n)
        if centre is not None:
            grid[row(centre)][col] = ("─", "blue")
        if n in series.excluded:
            style = "dim"
            mark = "○"
        elif control is not None:
            style = MEANING_STYLE.get(meaning[n - 1], "")
            mark = MEANING_MARK.get(meaning[n - 1], POINT)
        else:
            style = RUN_STYLE if n in runs else (TREND_STYLE if n in trends else "")
            mark = POINT
        at = row(series.values[n - 1])
        under[at, col] = grid[at][col]
        grid[at][col] = (mark, style)
    label_width = max(len(fmt_number(high)), len(fmt_number(low))) + 1
    wide = max(1, min(stretch, width // max(count, 1)))
    widths = [1 if n is None else wide for n in cols]  # a gap stays one column
    grid = [
        [
            cell
            for col, first in enumerate(cells)
            for cell in (first, *[under.get((r, col), first)] * (widths[col] - 1))
        ]
        for r, cells in enumerate(grid)
    ]
    cols = [n for col, n in enumerate(cols) for _ in range(widths[col])]
    count = len(cols)
    lines = [head]
    for index, cells in enumerate(grid):
        value = high - span * index / (height - 1)
        axis = fmt_number(value) if index in (0, height - 1) else ""
        line = Text(f"\n{axis:>{label_width}} │")
        for char, style in cells:
            line.append(char, style=style or None)
        lines.append(line)
    dates = [series.dates[n - 1] for n in numbers]
    lines.append(Text(f"\n{'':>{label_width}} └" + "─" * count))
    lines.append(_date_axis(dates, label_width, count))
    if window is not None:
        lines.append(_window_row(cols, series.dates, window, label_width))
    shown = range(numbers[0], numbers[-1] + 1)
    if control is not None:
        lines.append(_control_legend(series, [meaning[n - 1] for n in shown]))
    else:
        lines.append(_legend(series, shown, runs, trends))
    if None in cols:
        lines.append(Text(f"\n  {GAP} missing period(s)"))
    for note in series.data_notes():
        lines.append(Text(f"\n  {clean(note, newlines=False)}"))
    return Text("").join(lines)


MEANING_STYLE = {"improvement": "bold blue", "concern": "bold dark_orange3", "neutral": "magenta"}
MEANING_MARK = {"improvement": "◆", "concern": "■", "neutral": "✚"}


def _lines(
    series: Series, control: ControlView | None
) -> tuple[Callable[[int], float | None], Callable[[int], list[float | None]], list[str]]:
    """The centre line and limits at a 1-based point, and each point's meaning."""
    if control is None:
        return (lambda n: series.centre_line[n - 1]), (lambda n: []), []
    if control.mdc is not None:
        cl, ucl, lcl = control.mdc.mean, control.mdc.upl, control.mdc.lpl
    else:
        cl, ucl, lcl = (control.column(name) for name in ("cl", "ucl", "lcl"))

    def number(values: list[Any], n: int) -> float | None:
        value = values[n - 1] if n - 1 < len(values) else None
        return float(value) if isinstance(value, int | float) and math.isfinite(value) else None

    return (
        lambda n: number(cl, n),
        lambda n: [number(ucl, n), number(lcl, n)],
        point_meanings(control, series.measure.better),
    )


def _columns(series: Series, width: int, most: int) -> list[int | None]:
    """The newest points that fit in `width` columns (at most `most` of them), oldest
    first, with a gap column (None) wherever a period is missing between two of them."""
    gaps = series.gaps
    cols: list[int | None] = []
    n = len(series.values)
    shown = 0
    while n >= 1 and shown < most:
        gap = n in gaps and bool(cols)
        if len(cols) + 1 + gap > width:
            break
        if gap:
            cols.append(None)
        cols.append(n)
        shown += 1
        n -= 1
    return cols[::-1]


def _date_axis(dates: Sequence[dt.date], indent: int, count: int) -> Text:
    left, right = f"{dates[0]:%d %b %Y}", f"{dates[-1]:%d %b %Y}"
    gap = max(count - len(left) - len(right), 1)
    return Text(f"\n{'':>{indent}}  {left}{' ' * gap}{right}")


def _window_row(
    cols: Sequence[int | None],
    dates: Sequence[dt.date],
    window: tuple[dt.date, dt.date],
    indent: int,
) -> Text:
    start, end = window
    line = Text(f"\n{'':>{indent}}  ")
    for n in cols:
        inside = n is not None and start <= dates[n - 1] <= end
        line.append("▀" if inside else " ", style="cyan")
    line.append("  Do window", style="cyan")
    return line


def _control_legend(series: Series, meanings: list[str]) -> Text:
    legend = Text("\n  ")
    legend.append("─ centre line", style="blue")
    legend.append("   ┄ limits", style="magenta")
    if series.measure.goal is not None:
        legend.append(f"   ┈ goal {fmt_number(series.measure.goal)}", style="green")
    for kind, word in (
        ("improvement", "improvement"),
        ("concern", "concern"),
        ("neutral", "special cause"),
    ):
        if kind in meanings:
            legend.append(f"   {MEANING_MARK[kind]} {word}", style=MEANING_STYLE[kind])
    return legend


def _legend(series: Series, numbers: range, runs: frozenset[int], trends: frozenset[int]) -> Text:
    shown = set(numbers)
    legend = Text("\n  ")
    legend.append("─ median", style="blue")
    if series.measure.goal is not None:
        legend.append(f"   ┈ goal {fmt_number(series.measure.goal)}", style="green")
    if runs & shown:
        legend.append(f"   {POINT} run/shift", style=RUN_STYLE)
    if trends & shown:
        legend.append(f"   {POINT} trend", style=TREND_STYLE)
    if series.excluded & shown:
        legend.append("   ○ excluded", style="dim")
    return legend
