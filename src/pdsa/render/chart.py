"""Run charts as matplotlib figures: points, medians per phase, signals, goal, and the cycles.

matplotlib is imported inside the functions only, so importing this module stays cheap (the
CLI imports its commands eagerly). Nothing touches pyplot or the global rcParams: drawing and
saving happen inside a style context with a fixed SVG hash salt and no date metadata, so the
same data gives the same bytes. The cycle strip under the chart lives in `chart_lanes`.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Literal

from pdsa.model import SignalRules, fmt_number
from pdsa.render import chart_lanes as lanes
from pdsa.render import chart_text as charttext
from pdsa.runchart.marks import CycleMark
from pdsa.runchart.series import Series
from pdsa.runchart.verdict import verdict

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

Format = Literal["svg", "png"]

INK = "#333333"
POINT = "#3B4A5A"
MEDIAN = "#1F77B4"
GOAL = "#1B7837"
RUN = "#E66100"  # long runs and shifts
TREND = "#5D3A9B"  # trends
MUTED = "#9A9A9A"
PNG_DPI = 150
DASHED = (0, (4, 2.5))
_DOT: dict[str, Any] = {"ls": "none", "marker": "o"}
_NOTE: dict[str, Any] = {"textcoords": "offset points", "fontsize": 8}
_BOX = {"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.85}
_STYLE: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.edgecolor": "#777777",
    "axes.labelcolor": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": "#555555",
    "ytick.color": "#555555",
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 8,
    "legend.frameon": False,
    "svg.fonttype": "path",
    "svg.hashsalt": "pdsa-run-chart",
    "path.simplify": False,
}


@contextmanager
def _style() -> Iterator[None]:
    """Matplotlib's defaults plus ours, whatever the user's matplotlibrc says; restored after."""
    import matplotlib.style

    with matplotlib.style.context(["default", _STYLE]):
        yield


def figure(
    series: Series,
    marks: Sequence[CycleMark],
    *,
    signal_rules: SignalRules | None = None,
    change_ideas: Mapping[str, str] | None = None,
    size: tuple[float, float] = (10, 5.6),
) -> Figure:
    """The run chart of a series with its cycles in lanes below; `size` in inches (taller
    when the chart needs it). Save through :func:`render` for reproducible bytes."""
    with _style():
        return _draw(series, marks, signal_rules or series.signal_rules, change_ideas or {}, size)


def render(
    series: Series,
    marks: Sequence[CycleMark],
    *,
    fmt: Format,
    signal_rules: SignalRules | None = None,
    change_ideas: Mapping[str, str] | None = None,
    size: tuple[float, float] = (10, 5.6),
) -> bytes:
    """The chart as SVG (glyphs as paths, fixed ids, no date) or PNG bytes."""
    if fmt not in ("svg", "png"):
        raise ValueError(f"chart format must be svg or png, not {fmt!r}")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    buffer = io.BytesIO()
    with _style():
        fig = _draw(series, marks, signal_rules or series.signal_rules, change_ideas or {}, size)
        if fmt == "svg":
            FigureCanvasSVG(fig)
            meta = {"Date": None, "Creator": "pdsa", "Title": series.measure.title}
            fig.savefig(buffer, format="svg", metadata=meta)
        else:
            FigureCanvasAgg(fig)
            fig.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return buffer.getvalue()


# --- Words -------------------------------------------------------------------------------------


def direction_note(series: Series) -> str:
    """The y-axis label: unit and which way is better."""
    arrow = {"lower": "↓ lower is better", "higher": "↑ higher is better"}.get(
        series.measure.better, "neither way is better"
    )
    unit = series.measure.unit.strip()
    return f"{unit}   ({arrow})" if unit else arrow


# --- Drawing -----------------------------------------------------------------------------------


def _draw(
    series: Series,
    marks: Sequence[CycleMark],
    signal_rules: SignalRules,
    titles: Mapping[str, str],
    size: tuple[float, float],
) -> Figure:
    from matplotlib.figure import Figure

    width, base_height = size
    left, right = 0.85, 0.95
    ax_w = width - left - right
    xlim = _xlim(series, marks)
    strip = lanes.Strip.plan(marks, xlim, ax_w, right - 0.1, titles)
    words = charttext.wrap(verdict(series, signal_rules), (width - left - 0.3) * 72, 9)
    head = 0.44 + 0.19 * len(words) + 0.3  # title, verdict, legend; inches from the top
    notes = series.data_notes() if series.dates else []
    below = 0.17 * len(notes)  # missing periods and how rows were combined, under the dates
    foot = 0.5 + below + strip.height + (0.18 if strip.height else 0.0)  # dates, cycle strip
    height = max(base_height, head + foot + 2.6)
    main_h = height - head - foot

    fig = Figure(figsize=(width, height))
    ax = fig.add_axes((left / width, foot / height, ax_w / width, main_h / height))
    ax.set_gid("data-area")
    title = series.measure.title
    fig.text(
        left / width,
        1 - 0.14 / height,
        title,
        fontsize=13,
        fontweight="bold",
        va="top",
        color=INK,
        gid="chart-title",
    )
    colour = RUN if series.dates and series.signal(signal_rules) else "#444444"
    fig.text(
        left / width,
        1 - 0.46 / height,
        "\n".join(words),
        va="top",
        color=colour,
        linespacing=1.35,
        gid="chart-verdict",
    )
    ax.set_xlim(*xlim)
    charttext.dated_axis(ax, bool(series.dates or marks))
    ax.set_ylabel(direction_note(series))
    if series.dates:
        handles = _data(ax, series, signal_rules)
        if handles:
            legend = ax.legend(
                handles=handles,
                loc="lower left",
                bbox_to_anchor=(0.0, 1.0),
                ncol=len(handles),
                borderaxespad=0.15,
                columnspacing=1.2,
            )
            legend.set_gid("legend")
    else:
        ax.set_ylim(0, 1)
        ax.set_yticks([])
        ax.text(
            0.5,
            0.5,
            "no data yet",
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=12,
            color=MUTED,
            gid="no-data",
        )
    strip_bottom = 0.1 + (below + 0.08 if notes else 0.0)
    strip.draw(fig, ax, (left / width, strip_bottom / height, ax_w / width, strip.height / height))
    for row, note in enumerate(notes):
        fig.text(
            left / width,
            (0.1 + below - 0.17 * (row + 1) + 0.04) / height,
            note,
            fontsize=8,
            color="#555555",
            gid=f"data-note-{row}",
        )
    return fig


def _xlim(series: Series, marks: Sequence[CycleMark]) -> tuple[float, float]:
    days = [charttext.date_num(d) for d in series.dates]
    days += [charttext.date_num(d) for m in marks for d in (m.start, m.end)]
    if not days:
        return 0.0, 1.0
    lo, hi = min(days), max(days) + (1.0 if marks else 0.0)
    pad = max(3.0, (hi - lo) * 0.02)
    return lo - pad, hi + pad


def _data(ax: Axes, series: Series, signal_rules: SignalRules) -> list[Any]:
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
    if runs := sorted(series.run_points[signal_rules] - ex):
        label = {"anhoej": "long run", "ihi": "shift", "both": "run / shift"}[signal_rules]
        handles += dots(runs, "signal-run", **_DOT, ms=size + 1.2, color=RUN, zorder=4, label=label)
    if trends := sorted(series.trend_points[signal_rules] - ex):
        style = {"ms": size + 4.5, "mfc": "none", "mew": 1.5, "color": TREND, "zorder": 5}
        handles += dots(trends, "signal-trend", **_DOT, **style, label="trend")
    if ex:
        style = {"ms": size, "mfc": "white", "mew": 1.2, "color": MUTED, "zorder": 4}
        handles += dots(sorted(ex), "excluded", **_DOT, **style, label="excluded")
        for e in sorted(ex) if len(ex) <= 5 else []:
            ax.annotate(
                "excluded",
                (xs[e - 1], ys[e - 1]),
                xytext=(5, 0),
                **(_NOTE | {"fontsize": 7}),
                va="center",
                color="#777777",
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
            xytext=(0, -4 - 12 * row),
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
    top = (6 + 12 * rows + (4 if rows else 0)) / height  # share of the axes above the data
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
    if len(ys) == 2 and abs(ys[0] - ys[1]) < 11:
        mid, up = (ys[0] + ys[1]) / 2, 1 if items[0][0] >= items[1][0] else -1
        ys = [mid + up * 5.5, mid - up * 5.5]
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
