"""The report's "What we learned" section, per change idea, the ramp told as a story in
order: each cycle's objective and scale, predictions against actuals, what was seen, the
learning and surprises, the decision and why, and any later follow-up. One story
(`report_common.cycle_story`), three forms: terminal, Markdown, HTML.
"""

from __future__ import annotations

from html import escape

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from pdsa.render.cycles import DECISION_STYLE
from pdsa.render.report_common import (
    StoryLine,
    cycle_dates,
    cycle_story,
    idea_title,
    ideas_in_order,
)
from pdsa.render.safe import clean, md
from pdsa.report import Report
from pdsa.tree import Ramp

TONE_STYLE = {"met": "green", "not-met": "red", "pending": "yellow"}


def _ideas(report: Report) -> list[tuple[str, list[Ramp]]]:
    return [(i, report.ramps[i]) for i in ideas_in_order(report, report.ramps)]


def _heading(report: Report, idea: str) -> str:
    status = report.idea_status.get(idea, "")
    return f"{idea_title(report, idea)}" + (f" [{status}]" if idea and status else "")


def _after(ramp: Ramp) -> str:
    """`after 2026-01-26-… (idea-a)` for a ramp that begins where another idea's ended."""
    if ramp.after is None:
        return ""
    ideas = ", ".join(ramp.after.ideas) or "no change idea"
    return f"after {ramp.after.id} ({ideas})"


# --- terminal ---------------------------------------------------------------------------------


def learning_terminal(report: Report) -> RenderableType:
    """The section for `pdsa report` on a terminal: long text wraps to the width."""
    parts: list[RenderableType] = []
    for idea, ramps in _ideas(report):
        parts.append(Text(clean(_heading(report, idea)), style="bold underline"))
        for ramp in ramps:
            if after := _after(ramp):
                parts.append(Text(f"  {after}", style="dim"))
            for cycle in ramp.cycles:
                head = Text("  ")
                head.append(clean(cycle.title, newlines=False), style="bold")
                head.append(f"  ({cycle.tag}", style=DECISION_STYLE.get(cycle.tag, "dim"))
                dates = cycle_dates(cycle)
                head.append(f"; {dates})" if dates else ")", style="dim")
                parts.append(head)
                parts.append(Padding(_story_table(cycle_story(cycle)), (0, 0, 1, 4)))
    if not parts:
        parts.append(Text("No cycle yet.", style="dim"))
    return Group(*parts)


def _story_table(lines: list[StoryLine]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim", no_wrap=True)
    table.add_column(overflow="fold")
    for line in lines:
        table.add_row(line.label, Text(clean(line.text), style=TONE_STYLE.get(line.tone, "")))
    return table


# --- Markdown ---------------------------------------------------------------------------------


def learning_markdown(report: Report) -> list[str]:
    """The section as Markdown lines, the team's text escaped (`safe.md`)."""
    escape_md = md
    out = ["## What we learned", ""]
    for idea, ramps in _ideas(report):
        out += [f"### {escape_md(_heading(report, idea))}", ""]
        for ramp in ramps:
            if after := _after(ramp):
                out += [f"*{escape_md(after)}*", ""]
            for cycle in ramp.cycles:
                dates = cycle_dates(cycle)
                out.append(
                    f"**{escape_md(cycle.title)}** ({escape_md(cycle.tag)}"
                    + (f"; {escape_md(dates)})" if dates else ")")
                )
                out.append("")
                for line in cycle_story(cycle):
                    text = escape_md(line.text)
                    out.append(f"- *{escape_md(line.label)}:* {text}")
                out.append("")
    return out


# --- HTML -------------------------------------------------------------------------------------


def learning_html(report: Report) -> str:
    """The section as HTML: every piece of the team's text escaped."""
    out = ['<h2 id="learning">What we learned</h2>']
    for idea, ramps in _ideas(report):
        out.append(f'<section class="learning"><h3>{escape(_heading(report, idea))}</h3>')
        for ramp in ramps:
            if after := _after(ramp):
                out.append(f'<p class="dim">{escape(after)}</p>')
            out.append('<ol class="story">')
            for cycle in ramp.cycles:
                dates = cycle_dates(cycle)
                out.append(
                    f"<li><h4>{escape(cycle.title)} <span class='status {escape(cycle.tag)}'>"
                    f"{escape(cycle.tag)}</span>"
                    + (f' <span class="dim">{escape(dates)}</span>' if dates else "")
                    + "</h4><dl>"
                )
                for line in cycle_story(cycle):
                    tone = f' class="{line.tone}"' if line.tone else ""
                    text = escape(line.text).replace("\n", "<br>")
                    out.append(f"<dt>{escape(line.label)}</dt><dd{tone}>{text}</dd>")
                out.append("</dl></li>")
            out.append("</ol>")
        out.append("</section>")
    return "\n".join(out)
