"""Calibration over time: is the team getting better at predicting?

Tables of hit rate and Brier score per period, change idea and owner, and a figure drawn
with matplotlib: the reliability diagram (stated confidence against the share that came
true, each point labelled with its count) beside the Brier score per period. Like the run
charts, the SVG is the same bytes for the same data: a fixed hash salt, no date, matplotlib's
defaults whatever the user's matplotlibrc says.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from html import escape
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from pdsa.calibration import TREND_MIN, CalibrationOverTime, Score, Trend
from pdsa.render.report_common import idea_title, ideas_in_order, percent
from pdsa.render.safe import clean, md
from pdsa.report import Report

CHART_NAME = "calibration.svg"
_STYLE: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.fonttype": "path",
    "svg.hashsalt": "pdsa-calibration",
    "path.simplify": False,
}
POINT = "#1F77B4"
IDEAL = "#9A9A9A"


def brier_text(s: Score) -> str:
    """`0.204` or `—`."""
    return "—" if s.brier is None else f"{s.brier:.3f}"


def trend_text(trend: Trend | None) -> str:
    """The answer to "are we getting better at predicting?", with its evidence."""
    if trend is None:
        return (
            f"Fewer than two periods with {TREND_MIN} or more predictions with a confidence: "
            "too early to say whether calibration is changing."
        )
    (a, first), (b, last) = trend.first, trend.last
    words = {
        "better": "Getting better at predicting: the Brier score fell",
        "worse": "Predicting less well than before: the Brier score rose",
        "same": "Calibration has not changed much: the Brier score moved",
    }[trend.direction]
    return (
        f"{words} from {brier_text(first)} ({a}, {first.scored} predictions) to "
        f"{brier_text(last)} ({b}, {last.scored})."
    )


def _rows(groups: Mapping[str, Score] | list[tuple[str, Score]]) -> list[tuple[str, Score]]:
    return list(groups.items()) if isinstance(groups, Mapping) else list(groups)


def _cells(s: Score) -> list[str]:
    return [str(s.judged), str(s.met), percent(s.rate), str(s.scored), brier_text(s)]


HEADS = ["judged", "met", "hit rate", "with confidence", "Brier"]


def tables(report: Report) -> list[tuple[str, list[tuple[str, Score]]]]:
    """(heading, rows) for the period, change idea and owner tables, labels made readable."""
    cal = report.calibration_over_time
    assert cal is not None
    ideas = [(idea_title(report, k), cal.by_idea[k]) for k in ideas_in_order(report, cal.by_idea)]
    owners = [(k or "no owner", s) for k, s in sorted(cal.by_owner.items())]
    return [
        (f"By {cal.period}", _rows(cal.by_period)),
        ("By change idea", ideas),
        ("By owner", owners),
    ]


# --- terminal ---------------------------------------------------------------------------


def calibration_terminal(report: Report) -> list[RenderableType]:
    """The report's "Calibration over time" section on a terminal."""
    from rich.rule import Rule

    cal = report.calibration_over_time
    if cal is None or not cal.overall.judged:
        return []
    parts: list[RenderableType] = [Rule("Calibration over time", align="left")]
    for heading, rows in tables(report):
        table = Table(
            title=heading,
            title_justify="left",
            title_style="bold",
            box=None,
            pad_edge=False,
            header_style="dim",
        )
        table.add_column("")
        for name in HEADS:
            table.add_column(name, justify="right")
        for label, s in rows:
            table.add_row(clean(label, newlines=False), *_cells(s))
        parts.append(table)
    parts.append(Text(trend_text(cal.trend), style="dim"))
    return [Group(*parts)]


# --- Markdown and HTML -------------------------------------------------------------------


def calibration_markdown(
    report: Report, chart_folder: str | None
) -> tuple[list[str], dict[str, bytes]]:
    """The section in Markdown, and its figure (for the charts folder) when there is one."""
    cal = report.calibration_over_time
    if cal is None or not cal.overall.judged:
        return [], {}
    lines = ["## Calibration over time", ""]
    charts: dict[str, bytes] = {}
    if chart_folder is not None and cal.bins:
        charts[CHART_NAME] = calibration_svg(cal)
        lines += [
            f"![Reliability diagram and Brier score by {cal.period}]({chart_folder}/{CHART_NAME})",
            "",
        ]
    for heading, rows in tables(report):
        lines += [
            f"### {heading}",
            "",
            "| | " + " | ".join(HEADS) + " |",
            "|---|" + "---:|" * len(HEADS),
        ]
        lines += [f"| {md(label)} | " + " | ".join(_cells(s)) + " |" for label, s in rows]
        lines.append("")
    return [*lines, md(trend_text(cal.trend)), ""], charts


def calibration_html(report: Report, inline: Callable[[str, str], str]) -> str:
    """The section in HTML; `inline` makes the SVG's ids unique in the page."""
    cal = report.calibration_over_time
    if cal is None or not cal.overall.judged:
        return ""
    out = [
        '<h2 id="calibration-over-time">Calibration over time</h2>',
        "<p>Is the team getting better at predicting? Left: each point is a band of stated "
        "confidence, at the share of its predictions that came true (the count beside it); "
        "an honest team's points sit on the diagonal. Right: the Brier score per "
        f"{escape(cal.period)} (0 is perfect, 0.25 is always saying 50%).</p>",
    ]
    if cal.bins:
        svg = calibration_svg(cal).decode("utf-8")
        out.append(f"<figure>{inline(svg, 'calib')}</figure>")
    for heading, rows in tables(report):
        body = "".join(
            f"<tr><td>{escape(label)}</td>"
            + "".join(f'<td class="num">{c}</td>' for c in _cells(s))
            + "</tr>"
            for label, s in rows
        )
        heads = "".join(f"<th>{h}</th>" for h in HEADS)
        out.append(
            f"<h3>{escape(heading)}</h3><table><thead><tr><th></th>{heads}</tr></thead>"
            f"<tbody>{body}</tbody></table>"
        )
    out.append(f'<p class="dim">{escape(trend_text(cal.trend))}</p>')
    return "\n".join(out)


# --- the figure ------------------------------------------------------------------------------


@contextmanager
def _style() -> Iterator[None]:
    import matplotlib.style

    with matplotlib.style.context(["default", _STYLE]):
        yield


def calibration_svg(cal: CalibrationOverTime) -> bytes:
    """The reliability diagram and the Brier score per period, as SVG bytes."""
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    buffer = io.BytesIO()
    with _style():
        fig = Figure(figsize=(10, 4))
        FigureCanvasSVG(fig)
        left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.4]})
        left.plot([0, 1], [0, 1], ls=(0, (4, 3)), color=IDEAL, lw=1, label="perfectly calibrated")
        xs = [b.stated for b in cal.bins]
        ys = [b.observed for b in cal.bins]
        sizes = [30 + 20 * b.count for b in cal.bins]
        left.scatter(xs, ys, s=sizes, color=POINT, alpha=0.8, zorder=3)
        left.plot(xs, ys, color=POINT, lw=1)
        for b in cal.bins:
            # Below the diagonal the label goes under the point, above it over: never on
            # the line, never under the axis.
            low = b.observed < b.stated
            left.annotate(
                f"n={b.count}",
                (b.stated, b.observed),
                textcoords="offset points",
                xytext=(7, 5 if low else -11),
                fontsize=8,
            )
        left.set(
            xlim=(0, 1),
            ylim=(-0.04, 1.06),
            xlabel="stated confidence",
            ylabel="share that came true",
            title="Reliability diagram",
        )
        left.legend(loc="upper left", frameon=False, fontsize=8)
        scored = [(label, s) for label, s in cal.by_period if s.brier is not None]
        labels = [label for label, _ in scored]
        values = [s.brier or 0.0 for _, s in scored]
        right.bar(range(len(values)), values, color=POINT, alpha=0.75, width=0.6)
        right.axhline(0.25, color=IDEAL, ls=(0, (4, 3)), lw=1, label="always saying 50%")
        for i, (_, s) in enumerate(scored):
            right.annotate(
                f"n={s.scored}",
                (i, values[i]),
                textcoords="offset points",
                xytext=(0, 3),
                ha="center",
                fontsize=8,
            )
        right.set_xticks(range(len(labels)), labels, rotation=30 if len(labels) > 6 else 0)
        right.set(
            ylim=(0, max([0.3, *values]) * 1.15),
            ylabel="Brier score (lower is better)",
            title=f"Brier score by {cal.period}",
        )
        right.legend(loc="upper right", frameon=False, fontsize=8)
        fig.tight_layout()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "pdsa"})
    return buffer.getvalue()
