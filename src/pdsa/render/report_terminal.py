"""`pdsa report` on the terminal: the monthly review at a glance."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from pdsa.render.calibration import calibration_terminal
from pdsa.render.cycles import DECISION_STYLE, STATUS_STYLE
from pdsa.render.fidelity import fidelity_terminal
from pdsa.render.glance import glance_terminal
from pdsa.render.learning import learning_terminal
from pdsa.render.lines import Lines, column_widths, wrap
from pdsa.render.report_common import (
    NO_AIM,
    actual_text,
    hit_text,
    idea_title,
    ideas_in_order,
    percent,
    plural,
    ramp_step,
    unwritten_aim,
)
from pdsa.render.safe import clean
from pdsa.render.termchart import term_chart
from pdsa.render.tree import IDEA_STYLE
from pdsa.report import Report


def met_text(met: bool | None, recorded: bool = True) -> Text:
    """yes / no / not judged / pending, coloured."""
    if not recorded:
        return Text("pending", style="yellow")
    if met is None:
        return Text("not judged", style="dim")
    return Text("yes", style="green") if met else Text("no", style="red")


def report_view(report: Report, width: int) -> list[RenderableType]:
    """Every section of the report, in reading order (print them with `lines.print_parts`:
    the long ones are `Lines`)."""
    parts: list[RenderableType] = [_header(report)]
    parts.append(Rule("Measures", align="left"))
    parts.append(glance_terminal(report))
    for summary in report.measures:
        chart_width = max(20, min(width - 12, 72))
        parts.append(
            term_chart(summary.series, width=chart_width, height=7, control=summary.control)
        )
        parts.append(Text(clean(summary.line()) + "\n"))
    parts.append(Rule("Predictions against actuals", align="left"))
    parts.append(Text(f"All change ideas: {hit_text(report.hit_rates[''])}", style="bold"))
    for idea in ideas_in_order(report, report.predictions):
        parts.append(_predictions(report, idea, width))
    parts.append(Rule("What we learned", align="left"))
    parts.append(learning_terminal(report, width))
    parts += fidelity_terminal(report, width)
    parts.append(Rule("Calibration", align="left"))
    parts.append(_calibration(report))
    parts += calibration_terminal(report)
    parts.append(Rule("Ramps", align="left"))
    parts.append(_ramps(report, width))
    parts.append(Rule("Needs attention", align="left"))
    parts.append(_attention(report))
    return parts


PREDICTION_COLUMNS = ("cycle", "prediction", "expected", "actual", "met", "conf.")
MET_WORDS = {None: ("not judged", "dim"), True: ("yes", "green"), False: ("no", "red")}


def _predictions(report: Report, idea: str, width: int) -> Lines:
    """One change idea's predictions against actuals, a row each (plain lines: with a
    thousand cycles rich's table layout was most of the report's time)."""
    out = Lines()
    title = clean(idea_title(report, idea), newlines=False)
    out.wrapped(f"{title}: {hit_text(report.hit_rates[idea])}", width, "bold")
    rows = []
    for r in report.predictions[idea]:
        label = r.cycle.id[11:] or r.cycle.id
        met = MET_WORDS[r.met] if r.recorded else ("pending", "yellow")
        rows.append(
            (
                (label + (" (after the fact)" if r.cycle.retrospective else ""), ""),
                (clean(r.statement), ""),
                (r.expected or "—", ""),
                (clean(actual_text(r.actual)), ""),
                met,
                (percent(r.confidence), ""),
            )
        )
    texts = [PREDICTION_COLUMNS, *([text for text, _ in row] for row in rows)]
    widths = column_widths(texts, width, {0: 0.25, 1: 0.45, 3: 0.3})
    out.columns([(name, "dim") for name in PREDICTION_COLUMNS], widths)
    for row in rows:
        out.columns(row, widths)
    return out


def _header(report: Report) -> RenderableType:
    text = Text(clean(report.project.name), style="bold")
    for aim in report.project.stated_aims:
        text.append(f"\nAim: {clean(aim.statement)}")
    if unwritten_aim(report):
        text.append(f"\nAim: {NO_AIM}", style="dim")
    text.append(f"\n{plural(len(report.cycles), 'cycle')}: ")
    for index, (status, count) in enumerate(report.by_status.items()):
        text.append(", " if index else "")
        text.append(f"{count} {status}", style=_status_style(status))
    if report.by_decision:
        text.append("   decisions: ")
        for index, (decision, count) in enumerate(report.by_decision.items()):
            text.append(", " if index else "")
            text.append(f"{count} {decision}", style=DECISION_STYLE.get(decision, ""))
    if report.since:
        text.append(f"\nsince {report.since:%d %b %Y}", style="dim")
    if report.unreadable:
        text.append(f"\n{report.unread_summary} (named below the report)", style="yellow")
    return text


def _status_style(status: str) -> str:
    return next((style for s, style in STATUS_STYLE.items() if s.value == status), "")


def _calibration(report: Report) -> RenderableType:
    cal = report.calibration
    if cal.brier is None:
        return Text("No judged prediction has a confidence yet.", style="dim")
    table = Table(box=None, pad_edge=False, header_style="dim")
    for name in ("stated confidence", "predictions", "average stated", "came true"):
        table.add_column(name, justify="right")
    for band in cal.bands:
        table.add_row(
            f"{band.low:.0%}–{band.high:.0%}",
            str(band.count),
            percent(band.stated),
            percent(band.observed),
        )
    note = Text(
        f"Brier score {cal.brier:.3f} over {cal.judged} predictions "
        "(0 is perfect; 0.25 is what always saying 50% scores).",
        style="dim",
    )
    return Group(table, note)


def _ramps(report: Report, width: int) -> Lines:
    out = Lines()
    for idea in ideas_in_order(report, report.ramps):
        status = report.idea_status.get(idea, "")
        out.add(
            (f"{clean(idea_title(report, idea), newlines=False)} ", "bold"),
            (f"[{status}]" if idea else "", IDEA_STYLE.get(status, "")),
        )
        # Each step in a row of its own: a long one wraps under its own start, not at the
        # left edge.
        for chain in report.ramps[idea]:
            for index, c in enumerate(chain.cycles):
                step = clean(ramp_step(c), newlines=False)
                arrow = ("    " if index == 0 else "  → ", "")
                # The decision's colour on its tag; the step wraps under its own start.
                lines = wrap(f"{step} ({c.tag})", max(width - 4, 20))
                tag = f"({c.tag})"
                for n, line in enumerate(lines):
                    lead = arrow if n == 0 else ("    ", "")
                    if n == len(lines) - 1 and line.endswith(tag):
                        style = DECISION_STYLE.get(c.tag, "dim")
                        out.add(lead, (line[: -len(tag)], ""), (tag, style))
                    else:
                        out.add(lead, (line, ""))
    return out


def _attention(report: Report) -> RenderableType:
    if not report.attention:
        return Text(
            "Nothing overdue; every cycle past plan has its predictions, all locks hold.",
            style="green",
        )
    lines = Text()
    for item in report.attention:
        lines.append("• ")
        lines.append(clean(item.cycle.title, newlines=False), style="bold")
        lines.append(f"  {clean(item.message)}  ({item.cycle.id})\n", style="dim")
    return lines
