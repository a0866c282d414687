"""Control charts on the run chart's frame: the centre line and limits of each part (stepped
where the subgroup size varies), points coloured and shaped by what they mean, the goal.

Meaning, never colour alone: an improvement is a blue diamond, a concern an orange square,
a signal neither way is better a purple plus, common cause a grey dot (as NHS Making Data
Count colours them, darkened to keep 3:1 contrast on white).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pdsa.model import fmt_number
from pdsa.render import chart_text as charttext
from pdsa.runchart.control_reading import point_meanings
from pdsa.runchart.control_view import ControlView
from pdsa.runchart.periods import gap_after
from pdsa.runchart.series import Series

if TYPE_CHECKING:
    from matplotlib.axes import Axes

CENTRE = "#1F77B4"
LIMIT = "#8A4F7D"
GOAL = "#1B7837"
MEANING: dict[str, dict[str, Any]] = {
    "improvement": {"color": "#1F6FB2", "marker": "D", "label": "improvement"},
    "concern": {"color": "#C25400", "marker": "s", "label": "concern"},
    "neutral": {"color": "#5B2C91", "marker": "P", "label": "special cause (neutral)"},
    "common": {"color": "#6B6E70", "marker": "o", "label": "common cause"},
}


def draw_control(ax: Axes, series: Series, view: ControlView) -> list[Any]:
    """Points, limits and signals of a control chart; returns the legend handles."""
    from matplotlib.lines import Line2D

    xs = [charttext.date_num(d) for d in view.dates]
    ys = [_num(v) for v in view.column("y")]
    n = len(xs)
    size = 4.5 if n <= 80 else 3.2 if n <= 200 else 2.2
    excluded = view.excluded
    _ylim(ax, series, view)
    line_x, line_y = broken_at_gaps(xs, ys, gap_after(series.measure, view.dates))
    ax.plot(line_x, line_y, color="#3B4A5A", lw=1.0, zorder=3, gid="points-line")
    meanings = point_meanings(view, series.measure.better)
    handles: list[Any] = []
    for kind, style in MEANING.items():
        chosen = [i for i in range(n) if meanings[i] == kind and i + 1 not in excluded]
        if not chosen:
            continue
        size_k = size if kind == "common" else size + 1.5
        (line,) = ax.plot(
            [xs[i] for i in chosen],
            [ys[i] for i in chosen],
            ls="none",
            marker=style["marker"],
            ms=size_k,
            color=style["color"],
            zorder=4,
            label=style["label"],
            gid=f"points-{kind}",
        )
        if kind != "common":
            handles.append(line)
    if excluded:
        (line,) = ax.plot(
            [xs[i - 1] for i in sorted(excluded)],
            [ys[i - 1] for i in sorted(excluded)],
            ls="none",
            marker="o",
            ms=size,
            mfc="white",
            mew=1.2,
            color="#9A9A9A",
            zorder=4,
            label="excluded",
            gid="excluded",
        )
        handles.append(line)
    lines = _lines(view)
    dashes = (0, (5, 2))
    for name, colour, width, dash in (
        ("cl", CENTRE, 1.4, "-"),
        ("ucl", LIMIT, 1.1, dashes),
        ("lcl", LIMIT, 1.1, dashes),
    ):
        for part, (px, py) in enumerate(_steps(xs, lines[name], view.column("part")), start=1):
            ax.plot(px, py, color=colour, lw=width, ls=dash, zorder=2, gid=f"{name}-{part}")
    centre_label = "mean" if view.chart in ("i", "xbar", "c") else "centre line"
    handles.append(Line2D([], [], color=CENTRE, lw=1.4, label=centre_label))
    handles.append(Line2D([], [], color=LIMIT, lw=1.1, ls=(0, (5, 2)), label="limits"))
    if (goal := series.measure.goal) is not None:
        ax.axhline(goal, color=GOAL, lw=1.1, ls=(0, (1, 1.6)), zorder=2, gid="goal-line")
    for p in series.phases[1:]:
        x = (xs[p.start - 2] + xs[p.start - 1]) / 2
        ax.axvline(x, color="#888888", lw=0.9, ls=(0, (6, 3)), zorder=1, gid=f"phase-{p.number}")
    _right_labels(ax, lines, series.measure.goal)
    return handles


def broken_at_gaps(
    xs: Sequence[float], ys: Sequence[float], gaps: frozenset[int]
) -> tuple[list[float], list[float]]:
    """The points of a line with NaN after each 1-based point followed by a missing period,
    so matplotlib breaks the line there (as the run chart does)."""
    px: list[float] = []
    py: list[float] = []
    for number, (x, y) in enumerate(zip(xs, ys, strict=True), start=1):
        px.append(x)
        py.append(y)
        if number in gaps and number < len(xs):
            px.append(math.nan)
            py.append(math.nan)
    return px, py


def _num(value: Any) -> float:
    return float(value) if isinstance(value, int | float) else math.nan


def _lines(view: ControlView) -> dict[str, list[float]]:
    """The centre line and limits to draw, as numbers (NaN where there is none)."""
    return {name: [_num(v) for v in values] for name, values in view.lines().items()}


def _steps(
    xs: Sequence[float], ys: Sequence[float], parts: Sequence[Any]
) -> list[tuple[list[float], list[float]]]:
    """Per part, a stepped line: flat across each point's width, jumping half-way between
    points, so a limit that changes with the subgroup size reads as it is computed."""
    out = []
    indices = list(range(len(xs)))
    for part in dict.fromkeys(parts):
        mine = [i for i in indices if parts[i] == part]
        if not mine:
            continue
        px: list[float] = []
        py: list[float] = []
        for k, i in enumerate(mine):
            left = xs[i] - (xs[i] - xs[mine[k - 1]]) / 2 if k else xs[i] - _half(xs, mine)
            right = (
                xs[i] + (xs[mine[k + 1]] - xs[i]) / 2
                if k + 1 < len(mine)
                else xs[i] + _half(xs, mine)
            )
            px += [left, right]
            py += [ys[i], ys[i]]
        out.append((px, py))
    return out


def _half(xs: Sequence[float], mine: Sequence[int]) -> float:
    if len(mine) < 2:
        return 3.0
    return (xs[mine[-1]] - xs[mine[0]]) / (len(mine) - 1) / 2


def _ylim(ax: Axes, series: Series, view: ControlView) -> None:
    lines = _lines(view)
    values = [
        v for v in (*map(_num, view.column("y")), *lines["ucl"], *lines["lcl"]) if math.isfinite(v)
    ]
    if series.measure.goal is not None:
        values.append(series.measure.goal)
    if not values:
        return
    lo, hi = min(values), max(values)
    if hi == lo:
        lo, hi = lo - 0.5, hi + 0.5
    pad = (hi - lo) * 0.08
    bottom = lo - pad
    if lo >= 0 > bottom:
        bottom = 0 - (hi - lo) * 0.02
    ax.set_ylim(bottom, hi + pad)


def _right_labels(ax: Axes, lines: dict[str, list[float]], goal: float | None) -> None:
    """The last centre line and limits, and the goal, in the right margin."""
    items = []
    for name, text in (("ucl", "upper"), ("cl", "centre"), ("lcl", "lower")):
        finite = [v for v in lines[name] if math.isfinite(v)]
        if finite:
            colour = CENTRE if name == "cl" else LIMIT
            items.append((finite[-1], f"{text} {fmt_number(float(f'{finite[-1]:.3g}'))}", colour))
    if goal is not None:
        items.append((goal, f"goal {fmt_number(goal)}", GOAL))
    y0, y1 = ax.get_ylim()
    height = charttext.axes_points(ax)[1]
    placed: list[float] = []
    for value, text, colour in sorted(items, key=lambda i: -i[0]):
        y = (value - y0) / (y1 - y0) * height
        for other in placed:  # keep 11 points between labels, top down
            if abs(y - other) < 11:
                y = other - 11
        placed.append(y)
        ax.annotate(
            text,
            (1.0, y / height),
            xycoords="axes fraction",
            xytext=(6, 0),
            textcoords="offset points",
            fontsize=charttext.PHASE_SIZE,
            va="center",
            color=colour,
            annotation_clip=False,
            gid=f"label-{text.split()[0]}",
        )
