"""`pdsa report --format markdown`: renders on GitHub; charts as SVG files beside it.

The driver diagram and the ramps are Mermaid blocks, which GitHub draws.
"""

from __future__ import annotations

from pathlib import Path

from pdsa.render.calibration import calibration_markdown
from pdsa.render.fidelity import fidelity_markdown
from pdsa.render.glance import glance_markdown
from pdsa.render.learning import learning_markdown
from pdsa.render.report_common import (
    NO_AIM,
    actual_text,
    hit_text,
    idea_title,
    ideas_in_order,
    met_word,
    plural,
    ramp_step,
    unwritten_aim,
)
from pdsa.render.safe import md
from pdsa.report import Report
from pdsa.store import write_output


def unread_lines(report: Report) -> list[str]:
    """A warning naming the cycle files the report had to leave out."""
    if not report.unreadable:
        return []
    files = sorted({md(p.location.path) for p in report.unreadable})
    return [f"> **Warning:** {md(report.unread_summary)}: {', '.join(files)}.", ""]


def write_markdown(report: Report, path: Path) -> bool:
    """Write the report and its charts (SVG files in `<name>-charts/`), or, for `-`, the
    report alone on stdout (then False: charts need files to link to)."""
    from pdsa.store import STDOUT

    folder = None if path == STDOUT else path.with_name(f"{path.stem}-charts")
    text, charts = render_markdown(report, folder.name if folder else None)
    if folder is not None:
        for name, svg in charts.items():
            write_output(folder / name, svg)
    return write_output(path, text)


def render_markdown(report: Report, chart_folder: str | None) -> tuple[str, dict[str, bytes]]:
    """The Markdown text and its charts by file name (none without `chart_folder`).

    Every piece of the team's text passes through `md()`: no tag, link or image in a title
    or a note does anything when the Markdown is rendered.
    """
    from pdsa.render.tree import mermaid
    from pdsa.tree import build_tree

    ideas = {c.id: c.title for c in report.project.change_ideas}
    charts: dict[str, bytes] = {}
    lines = [f"# {md(report.project.name)}", ""]
    for aim in report.project.stated_aims:
        lines += [f"**Aim:** {md(aim.statement)}", ""]
    if unwritten_aim(report):
        lines += [f"**Aim:** {md(NO_AIM)}", ""]
    since = f", since {report.since:%d %b %Y}" if report.since else ""
    status = ", ".join(f"{n} {s}" for s, n in report.by_status.items())
    decisions = ", ".join(f"{n} {d}" for d, n in report.by_decision.items()) or "none yet"
    lines += [
        f"Report of {report.today:%d %B %Y}{since}. {plural(len(report.cycles), 'cycle')}: "
        f"{status or 'none yet'}. Decisions: {decisions}.",
        "",
        *unread_lines(report),
        "## Measures",
        "",
        *glance_markdown(report),
    ]
    for summary in report.measures:
        m = summary.series.measure
        lines += [f"### {md(m.title)}", "", md(summary.line()), ""]
        if chart_folder is not None:
            from pdsa.render.chart import chart_name, render

            name = f"{m.id}.svg"
            charts[name] = render(
                summary.series,
                summary.marks,
                fmt="svg",
                change_ideas=ideas,
                control=summary.control,
            )
            kind = chart_name(summary.series, summary.control)
            lines += [f"![{md(m.title)}: {md(kind)}]({chart_folder}/{name})", ""]
        lines += [f"*{md(note)}*\n" for note in summary.series.data_notes()]
    lines += [
        "## Predictions against actuals",
        "",
        f"**All change ideas:** {hit_text(report.hit_rates[''])}",
        "",
    ]
    for idea in ideas_in_order(report, report.predictions):
        rows = report.predictions[idea]
        lines += [
            f"### {md(idea_title(report, idea))}",
            "",
            hit_text(report.hit_rates[idea]),
            "",
            "| Cycle | Prediction | Measure | Expected | Actual | Met | Confidence |",
            "|---|---|---|---|---|---|---:|",
        ]
        for r in rows:
            conf = f"{r.confidence:.0%}" if r.confidence is not None else "—"
            retro = " (entered after the fact)" if r.cycle.retrospective else ""
            lines.append(
                f"| {md(r.cycle.id)}{retro} | {md(r.statement)} | {md(r.measure or '—')}"
                f" | {md(r.expected or '—')} | {md(actual_text(r.actual))} | "
                f"{met_word(r.met, r.recorded)} | {conf} |"
            )
        lines.append("")
    lines += learning_markdown(report)
    lines += fidelity_markdown(report)
    cal = report.calibration
    lines += ["## Calibration", ""]
    if cal.brier is None:
        lines += ["No judged prediction has a confidence yet.", ""]
    else:
        lines += [
            "| Stated confidence | Predictions | Average stated | Came true |",
            "|---|---:|---:|---:|",
        ]
        lines += [
            f"| {b.low:.0%}–{b.high:.0%} | {b.count} | {b.stated:.0%} | {b.observed:.0%} |"
            for b in cal.bands
        ]
        lines += [
            "",
            f"Brier score {cal.brier:.3f} over {cal.judged} predictions (0 is "
            "perfect; always saying 50% scores 0.25).",
            "",
        ]
    over_time, figure = calibration_markdown(report, chart_folder)
    lines += over_time
    charts.update(figure)
    tree = build_tree(report.project, report.cycles, report.idea_status)
    lines += ["## Driver diagram and ramps", "", "```mermaid", mermaid(tree).rstrip(), "```", ""]
    for idea in ideas_in_order(report, report.ramps):
        status = report.idea_status.get(idea, "")
        lines.append(f"- **{md(idea_title(report, idea))}**" + (f" ({status})" if idea else ""))
        for chain in report.ramps[idea]:
            steps = [f"{md(ramp_step(c))} ({c.tag})" for c in chain.cycles]
            lines.append("  - " + " → ".join(steps))
    lines += ["", "## Needs attention", ""]
    if not report.attention:
        lines.append(
            "Nothing overdue; every cycle past plan has its predictions, and every lock holds."
        )
    lines += [
        f"- **{md(a.cycle.title)}**: {md(a.message)} ({md(a.cycle.id)})" for a in report.attention
    ]
    return "\n".join(lines) + "\n", charts
