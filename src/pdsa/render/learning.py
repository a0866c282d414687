"""The report's "What we learned" section, per change idea, the ramp told as a story in
order: each cycle's objective and scale, predictions against actuals, what was seen, the
learning and surprises, the decision and why, and any later follow-up. One story
(`report_common.cycle_story`), three forms: terminal, Markdown, HTML.
"""

from __future__ import annotations

from html import escape

from pdsa.render.cycles import DECISION_STYLE
from pdsa.render.lines import Lines
from pdsa.render.report_common import (
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


def learning_terminal(report: Report, width: int = 100) -> Lines:
    """The section for `pdsa report` on a terminal, long text wrapped to `width`: one
    story per cycle, the longest section of the report, so laid out as plain lines."""
    out = Lines()
    for idea, ramps in _ideas(report):
        out.wrapped(clean(_heading(report, idea)), width, "bold underline")
        for ramp in ramps:
            if after := _after(ramp):
                out.wrapped(after, width, "dim", indent="  ")
            for cycle in ramp.cycles:
                dates = cycle_dates(cycle)
                out.add(
                    ("  ", ""),
                    (clean(cycle.title, newlines=False), "bold"),
                    (f"  ({cycle.tag}", DECISION_STYLE.get(cycle.tag, "dim")),
                    (f"; {dates})" if dates else ")", "dim"),
                )
                story = cycle_story(cycle)
                label = max((len(line.label) for line in story), default=0)
                for line in story:
                    cells = [(line.label, "dim"), (clean(line.text), TONE_STYLE.get(line.tone, ""))]
                    out.columns(cells, [label, max(width - 4 - label - 2, 20)], indent="    ")
                out.blank()
    if not len(out):
        out.add(("No cycle yet.", "dim"))
    return out


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
