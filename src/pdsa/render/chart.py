"""Run charts as matplotlib figures: points, medians per phase, signals, goal, and the cycles.

matplotlib is imported inside the functions only, so importing this module stays cheap (the
CLI imports its commands eagerly). Nothing touches pyplot or the global rcParams: drawing and
saving happen inside a style context with a fixed SVG hash salt and no date metadata, so the
same data gives the same bytes. The cycle strip under the chart lives in `chart_lanes`.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Literal

from pdsa.model import SignalRules
from pdsa.render import chart_lanes as lanes
from pdsa.render import chart_text as charttext
from pdsa.render.chart_control import draw_control
from pdsa.render.chart_icons import draw_icons
from pdsa.render.chart_run import draw_run
from pdsa.runchart.control_reading import measure_verdict, shown_icons
from pdsa.runchart.control_view import ControlView
from pdsa.runchart.marks import CycleMark
from pdsa.runchart.series import Series
from pdsa.runchart.verdict import verdict

if TYPE_CHECKING:
    from matplotlib.figure import Figure

Format = Literal["svg", "png"]

INK = "#333333"
PNG_DPI = 150
_STYLE: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    # Sized for the room: at 1024 px wide (a projector, the HTML report) 1 pt is 1.4 px, so
    # no text is under 9 pt (12.8 px) and most is 10 pt.
    "font.size": 10,
    "axes.edgecolor": "#777777",
    "axes.labelcolor": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": "#555555",
    "ytick.color": "#555555",
    "xtick.labelsize": 9.5,
    "ytick.labelsize": 9.5,
    "legend.fontsize": 9.5,
    "legend.frameon": False,
    "svg.fonttype": "path",
    "svg.hashsalt": "pdsa-run-chart",
    "path.simplify": False,
    # A title is the team's text, never TeX: `$\sqrt{$` must print, not crash mathtext.
    "text.parse_math": False,
}


@contextmanager
def _style() -> Iterator[None]:
    """Matplotlib's defaults plus ours, whatever the user's matplotlibrc says; restored after."""
    import matplotlib.style

    with matplotlib.style.context(["default", _STYLE]):
        yield


def load_matplotlib() -> None:
    """Load the parts of matplotlib a chart draws with, and its fonts, ahead of drawing: a
    caller can do this while it waits for something else (`pdsa.cli.drawing`)."""
    import matplotlib.dates
    import matplotlib.figure
    import matplotlib.lines
    import matplotlib.patches
    import matplotlib.textpath  # noqa: F401  # each is imported for its side effect: loading
    from matplotlib.backends import backend_agg, backend_svg  # noqa: F401
    from matplotlib.font_manager import FontProperties, findfont

    with _style():
        findfont(FontProperties())  # reads matplotlib's font list; finds DejaVu Sans


def figure(
    series: Series,
    marks: Sequence[CycleMark],
    *,
    signal_rules: SignalRules | None = None,
    change_ideas: Mapping[str, str] | None = None,
    size: tuple[float, float] = (10, 5.6),
    control: ControlView | None = None,
) -> Figure:
    """The run (or `control`) chart of a series with its cycles in lanes below; `size` in
    inches (taller when the chart needs it). Save through :func:`render` for stable bytes."""
    with _style():
        rules = signal_rules or series.signal_rules
        return _draw(series, marks, rules, change_ideas or {}, size, control)


def render(
    series: Series,
    marks: Sequence[CycleMark],
    *,
    fmt: Format,
    signal_rules: SignalRules | None = None,
    change_ideas: Mapping[str, str] | None = None,
    size: tuple[float, float] = (10, 5.6),
    control: ControlView | None = None,
) -> bytes:
    """The chart as SVG (glyphs as paths, fixed ids, no date) or PNG bytes."""
    if fmt not in ("svg", "png"):
        raise ValueError(f"chart format must be svg or png, not {fmt!r}")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    buffer = io.BytesIO()
    with _style():
        rules = signal_rules or series.signal_rules
        fig = _draw(series, marks, rules, change_ideas or {}, size, control)
        if fmt == "svg":
            FigureCanvasSVG(fig)
            meta = {"Date": None, "Creator": "pdsa", "Title": series.measure.title}
            fig.savefig(buffer, format="svg", metadata=meta)
        else:
            FigureCanvasAgg(fig)
            fig.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return buffer.getvalue()


# --- Words -------------------------------------------------------------------------------------

CHART_NAMES = {
    "run": "run chart",
    "i": "XmR chart",
    "mr": "moving range chart",
    "xbar": "x-bar chart",
    "s": "s chart",
    "t": "t chart",
    "p": "p chart",
    "pp": "Laney p' chart",
    "c": "c chart",
    "u": "u chart",
    "up": "Laney u' chart",
    "g": "g chart",
}


def chart_name(series: Series, control: ControlView | None) -> str:
    """The chart drawn, in words (`p chart`, `Making Data Count XmR chart`, `run chart`):
    the run chart when there is no control chart to draw."""
    if control is None:
        return "run chart"
    if control.mdc is not None:
        return "Making Data Count XmR chart"
    return CHART_NAMES.get(control.chart, f"{control.chart} chart")


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
    control: ControlView | None = None,
) -> Figure:
    from matplotlib.figure import Figure

    width, base_height = size
    left, right = 0.85, 1.25 if control is not None else 0.95
    ax_w = width - left - right
    xlim = _xlim(series, marks)
    strip = lanes.Strip.plan(marks, xlim, ax_w, right - 0.1, titles)
    said = measure_verdict(series, control) if control else verdict(series, signal_rules)
    icons = shown_icons(control) if control is not None and control.mdc is not None else None
    room = width - left - 0.3 - (2.0 if icons else 0.0)  # the icons sit beside the verdict
    words = charttext.wrap(said, room * 72, 10)
    head = 0.48 + 0.21 * len(words) + 0.34  # title, verdict, legend; inches from the top
    notes = series.data_notes() if series.dates else []
    below = 0.19 * len(notes)  # missing periods and how rows were combined, under the dates
    foot = 0.56 + below + strip.height + (0.2 if strip.height else 0.0)  # dates, cycle strip
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
        fontsize=14,
        fontweight="bold",
        va="top",
        color=INK,
        gid="chart-title",
    )
    colour = "#444444"
    fig.text(
        left / width,
        1 - 0.5 / height,
        "\n".join(words),
        va="top",
        color=colour,
        linespacing=1.35,
        gid="chart-verdict",
    )
    ax.set_xlim(*xlim)
    charttext.dated_axis(ax, bool(series.dates or marks))
    ax.set_ylabel(direction_note(series))
    if icons is not None:
        draw_icons(fig, icons, series.measure.better, 1 - 0.25 / width, 1 - 0.12 / height)
    if series.dates:
        if control is not None:
            handles = draw_control(ax, series, control)
        else:
            handles = draw_run(ax, series, signal_rules)
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
            fontsize=13,
            color="#666666",
            gid="no-data",
        )
    strip_bottom = 0.1 + (below + 0.08 if notes else 0.0)  # inches
    strip.draw(fig, ax, (left / width, strip_bottom / height, ax_w / width, strip.height / height))
    for row, note in enumerate(notes):
        fig.text(
            left / width,
            (0.1 + below - 0.19 * (row + 1) + 0.04) / height,
            note,
            fontsize=9,
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
