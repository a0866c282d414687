"""Run charts on the chart's frame: points (the line broken at gaps), the median of each
phase (solid over its baseline, dashed where extended), signals by what they mean, the goal,
phase boundaries and labels."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pdsa.model import SignalRules, fmt_number
from pdsa.render import chart_text as charttext
from pdsa.render.chart_control import MEANING
from pdsa.runchart.series import Series

if TYPE_CHECKING:
    from matplotlib.axes import Axes

POINT = "#3B4A5A"
MEDIAN = "#1F77B4"
GOAL = "#1B7837"
MUTED = "#9A9A9A"
DASHED = (0, (4, 2.5))
_DOT: dict[str, Any] = {"ls": "none", "marker": "o"}
_NOTE: dict[str, Any] = {"textcoords": "offset points", "fontsize": charttext.PHASE_SIZE}
_BOX = {"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.85}


def draw_run(ax: Axes, series: Series, signal_rules: SignalRules) -> list[Any]:
    """Points, line, signals, medians, goal, phases; returns the legend handles."""
    from matplotlib.lines import Line2D

    xs = [charttext.date_num(d) for d in series.dates]
    ys = series.values
    n = len(xs)
    size = 5.0 if n <= 80 else 3.6 if n <= 200 else 2.4
    ex = series.excluded
    labels = charttext.phase_labels(ax, series, xs)
    _ylim(ax, series, rows=max((row for _, _, row in labels), default=-1) + 1)

    def dots(points: Sequence[int], gid: str, **style: Any) -> list[Any]:
        px, py = [xs[p - 1] for p in points], [ys[p - 1] for p in points]
        return list(ax.plot(px, py, gid=gid, **style))

    included = [p for p in range(1, n + 1) if p not in ex]
    if gaps := series.gaps:
        # A missing period breaks the line: NaN between the points on either side of it.
        px: list[float] = []
        py: list[float] = []
        last = 0
        for point in included:
            if px and any(q in gaps for q in range(last, point)):
                px.append(math.nan)
                py.append(math.nan)
            px.append(xs[point - 1])
            py.append(ys[point - 1])
            last = point
        ax.plot(px, py, gid="points", color=POINT, lw=1.1, marker="o", ms=size, zorder=3)
    else:
        dots(included, "points", color=POINT, lw=1.1, marker="o", ms=size, zorder=3)
    handles: list[Any] = []
    # Signals by what they mean (improvement, concern, or neither), in colour and shape.
    word = {"anhoej": "long run", "ihi": "shift", "both": "run / shift"}[signal_rules]
    runs = sorted(series.run_points[signal_rules] - ex)
    for meaning, chosen in _by_meaning(series, runs, "run").items():
        style = MEANING[meaning]
        label = f"{word}: {style['label']}"
        handles += dots(
            chosen,
            f"signal-run-{meaning}",
            ls="none",
            marker=style["marker"],
            ms=size + 1.5,
            color=style["color"],
            zorder=4,
            label=label,
        )
    trends = sorted(series.trend_points[signal_rules] - ex)
    for meaning, chosen in _by_meaning(series, trends, "trend").items():
        style = {"ms": size + 4.5, "mfc": "none", "mew": 1.5, "zorder": 5}
        colour = MEANING[meaning]["color"]
        label = f"trend: {MEANING[meaning]['label']}"
        handles += dots(
            chosen, f"signal-trend-{meaning}", **_DOT, **style, color=colour, label=label
        )
    if ex:
        style = {"ms": size, "mfc": "white", "mew": 1.2, "color": MUTED, "zorder": 4}
        handles += dots(sorted(ex), "excluded", **_DOT, **style, label="excluded")
        for e in sorted(ex) if len(ex) <= 5 else []:
            ax.annotate(
                "excluded",
                (xs[e - 1], ys[e - 1]),
                xytext=(5, 0),
                **(_NOTE | {"fontsize": 9}),
                va="center",
                color="#666666",  # 5.7:1 on white (WCAG AA)
                gid=f"excluded-note-{e}",
            )
    dashed = _medians(ax, series, xs)
    if any(p.centre is not None for p in series.phases):
        label = "median (baseline)" if dashed else "median"
        handles.append(Line2D([], [], color=MEDIAN, lw=1.4, label=label))
    if dashed:
        handles.append(Line2D([], [], color=MEDIAN, lw=1.4, ls=DASHED, label="median extended"))
    for x, text, row in labels:
        ax.annotate(
            text,
            (x, 1.0),
            xycoords=ax.get_xaxis_transform(),
            xytext=(0, -4 - 14 * row),
            **_NOTE,
            va="top",
            color="#555555",
            fontstyle="italic",
            bbox=_BOX,
            gid=f"phase-label-{row}-{text}",
        )
    for p in series.phases[1:]:
        x = (xs[p.start - 2] + xs[p.start - 1]) / 2
        ax.axvline(
            x, color="#888888", lw=0.9, ls=(0, (6, 3)), zorder=1, gid=f"phase-boundary-{p.number}"
        )
    if (goal := series.measure.goal) is not None:
        ax.axhline(goal, color=GOAL, lw=1.1, ls=(0, (1, 1.6)), zorder=2, gid="goal-line")
    _right_labels(ax, series)
    return handles


def _by_meaning(series: Series, points: Sequence[int], kind: str) -> dict[str, list[int]]:
    """Signal points grouped as improvement, concern or neutral: a run by its side of the
    centre line, a trend by its direction, against the way the measure gets better."""
    better = series.measure.better
    # Each phase's trends count its points from 1: place them on the whole series.
    trends = [
        (t.start_first_tied + p.start - 1, t.end_last_tied + p.start - 1, t.direction)
        for p in series.phases
        for t in p.ihi.trends
    ]
    grouped: dict[str, list[int]] = {}
    for point in points:
        if better == "neutral":
            meaning = "neutral"
        else:
            if kind == "run":
                centre = series.centre_line[point - 1]
                up = centre is not None and series.values[point - 1] > centre
            else:
                way = next((w for a, b, w in trends if a <= point <= b), "increasing")
                up = way == "increasing"
            meaning = "improvement" if up == (better == "higher") else "concern"
        grouped.setdefault(meaning, []).append(point)
    return grouped


def _ylim(ax: Axes, series: Series, rows: int) -> None:
    """Room above the data for `rows` rows of phase labels; the goal always in view."""
    values = [*series.values, *(p.centre for p in series.phases if p.centre is not None)]
    if series.measure.goal is not None:
        values.append(series.measure.goal)
    lo, hi = min(values), max(values)
    if hi == lo:  # all equal: centre them
        lo, hi = lo - max(abs(lo) * 0.1, 0.5), hi + max(abs(hi) * 0.1, 0.5)
    span = hi - lo
    height = charttext.axes_points(ax)[1]
    top = (6 + 14 * rows + (4 if rows else 0)) / height  # share of the axes above the data
    total = span / (1 - top - 0.06)
    bottom = lo - 0.06 * total
    if lo >= 0 > bottom:
        bottom = -0.02 * total  # a count or a share never goes below zero
    ax.set_ylim(bottom, hi + top * total)


def _medians(ax: Axes, series: Series, xs: Sequence[float]) -> bool:
    """Each phase's median: solid over its baseline, dashed where extended. Whether any is."""
    dashed = False
    for p in series.phases:
        if p.centre is None:
            continue
        x_start, x_base, x_end = xs[p.start - 1], xs[p.baseline_end - 1], xs[p.end - 1]
        if p.start == p.end:  # one point: a short tick so the median still shows
            x_start, x_base, x_end = x_start - 3, x_start + 3, x_start + 3
        ys = [p.centre] * 2
        ax.plot([x_start, x_base], ys, color=MEDIAN, lw=1.4, zorder=2, gid=f"median-{p.number}")
        if p.baseline_end < p.end:
            dashed = True
            ax.plot(
                [x_base, x_end],
                ys,
                color=MEDIAN,
                lw=1.4,
                zorder=2,
                ls=DASHED,
                gid=f"median-{p.number}-extended",
            )
        if p.number < len(series.phases):
            ax.annotate(
                fmt_number(p.centre),
                (x_end, p.centre),
                xytext=(-2, 3),
                **_NOTE,
                ha="right",
                va="bottom",
                color=MEDIAN,
                zorder=6,
                bbox=_BOX,
                gid=f"median-value-{p.number}",
            )
    return dashed


def _right_labels(ax: Axes, series: Series) -> None:
    """The last median and the goal, in the right margin, nudged apart when close."""
    items: list[tuple[float, str, str, str]] = []
    last = series.phases[-1] if series.phases else None
    if last is not None and last.centre is not None:
        items.append((last.centre, f"median {fmt_number(last.centre)}", MEDIAN, "median-value"))
    if (goal := series.measure.goal) is not None:
        items.append((goal, f"goal {fmt_number(goal)}", GOAL, "goal-label"))
    y0, y1 = ax.get_ylim()
    height = charttext.axes_points(ax)[1]
    ys = [(y - y0) / (y1 - y0) * height for y, *_ in items]  # points from the bottom
    if len(ys) == 2 and abs(ys[0] - ys[1]) < 13:
        mid, up = (ys[0] + ys[1]) / 2, 1 if items[0][0] >= items[1][0] else -1
        ys = [mid + up * 6.5, mid - up * 6.5]
    for (_, text, colour, gid), y in zip(items, ys, strict=True):
        ax.annotate(
            text,
            (1.0, y / height),
            xycoords="axes fraction",
            xytext=(6, 0),
            **_NOTE,
            va="center",
            color=colour,
            annotation_clip=False,
            gid=gid,
        )
