"""The report's "Measures at a glance": for every measure, the variation of its latest point,
whether the process will meet its goal (assurance), the latest value and the goal: the
one-line verdict of NHS Making Data Count, for control and run charts alike."""

from __future__ import annotations

from html import escape

from rich.table import Table

from pdsa.measure_summary import MeasureSummary
from pdsa.model import fmt_number
from pdsa.render.safe import clean, md
from pdsa.report import Report

# The icons in the HTML table, drawn inline: a ring in the meaning's colour and a mark.
_ICON = {
    "improvement": ("#1F6FB2", "▲"),
    "concern": ("#C25400", "■"),
    "common cause": ("#6B6E70", "~"),
    "will meet the goal": ("#1F6FB2", "P"),
    "will miss the goal": ("#C25400", "F"),
    "may meet the goal": ("#6B6E70", "?"),
}


def rows(report: Report) -> list[tuple[str, str, str, str, str]]:
    """(measure, variation, assurance, latest, goal) per measure."""
    out = []
    for s in report.measures:
        m = s.series.measure
        latest = f"{fmt_number(s.latest[1])} ({s.latest[0]:%d %b %Y})" if s.latest else "—"
        goal = fmt_number(m.goal) if m.goal is not None else "—"
        out.append((m.title, s.variation(), s.assurance() or "—", latest, goal))
    return out


def glance_terminal(report: Report) -> Table:
    """The table for the terminal report."""
    table = Table(box=None, pad_edge=False, header_style="dim")
    for name in ("measure", "variation", "assurance", "latest", "goal"):
        table.add_column(name, overflow="fold")
    style = {"improvement": "blue", "concern": "dark_orange3", "will miss the goal": "dark_orange3"}
    for title, variation, assurance, latest, goal in rows(report):
        table.add_row(
            clean(title, newlines=False),
            f"[{style.get(variation, 'default')}]{variation}[/]",
            f"[{style.get(assurance, 'default')}]{assurance}[/]",
            latest,
            goal,
        )
    return table


def glance_markdown(report: Report) -> list[str]:
    """The table as Markdown lines."""
    lines = ["| Measure | Variation | Assurance | Latest | Goal |", "|---|---|---|---|---|"]
    for title, variation, assurance, latest, goal in rows(report):
        lines.append(f"| {md(title)} | {variation} | {assurance} | {latest} | {goal} |")
    return [*lines, ""]


def _icon(word: str) -> str:
    if word not in _ICON:
        return ""
    colour, mark = _ICON[word]
    return (
        f'<svg class="icon" viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">'
        f'<circle cx="10" cy="10" r="8.5" fill="none" stroke="{colour}" stroke-width="2"/>'
        f'<text x="10" y="14" text-anchor="middle" font-size="10" font-weight="bold" '
        f'fill="{colour}">{escape(mark)}</text></svg> '
    )


def glance_html(report: Report, summaries: list[MeasureSummary] | None = None) -> str:
    """The table as HTML, the icons drawn inline beside their words."""
    body = "".join(
        f'<tr><td data-label="Measure"><a href="#measure-{escape(s.series.measure.id)}">'
        f"{escape(title)}</a></td>"
        f'<td data-label="Variation">{_icon(variation)}{escape(variation)}</td>'
        f'<td data-label="Assurance">{_icon(assurance)}{escape(assurance)}</td>'
        f'<td class="num" data-label="Latest">{escape(latest)}</td>'
        f'<td class="num" data-label="Goal">{escape(goal)}</td></tr>'
        for s, (title, variation, assurance, latest, goal) in zip(
            summaries or report.measures, rows(report), strict=True
        )
    )
    return (
        "<h3>Measures at a glance</h3><table class='glance'><thead><tr><th>Measure</th>"
        "<th>Variation</th><th>Assurance</th><th>Latest</th><th>Goal</th></tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )
