"""`pdsa report --format html`: one self-contained page (inline SVG and CSS, no network).

Every piece of the team's text passes through `html.escape`: a title of
`<script>alert(1)</script>` shows as text. Readable on a screen, a phone and A4 paper, in
light and dark mode (`report_style`); each chart says what it shows in words too.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from pdsa.render.calibration import calibration_html
from pdsa.render.chart_words import chart_description, plain_signals
from pdsa.render.fidelity import fidelity_html
from pdsa.render.glance import glance_html
from pdsa.render.learning import learning_html
from pdsa.render.report_common import (
    NO_AIM,
    actual_text,
    cycle_dates,
    hit_text,
    idea_title,
    ideas_in_order,
    met_word,
    plural,
    unwritten_aim,
)
from pdsa.render.report_style import CSS
from pdsa.report import Report
from pdsa.shapes.report import report_json
from pdsa.store import write_output
from pdsa.story import AFTER_THE_FACT


def e(text: object) -> str:
    """Escape for HTML text and attribute values."""
    return escape(str(text), quote=True)


_XML_PROLOGUE = re.compile(r"^\s*<\?xml[^>]*\?>\s*(<!DOCTYPE[^>]*>\s*)?", re.S)
_ID = re.compile(r'\bid="([^"]+)"')
# An id's definition, or a reference to it (`href="#x"`, `url(#x)`): one pass over the text.
_ID_OR_REF = re.compile(r'(\bid=")([^"]+)(?=")|(#)([^"\s)]+)(?=["\)])')


def inline_svg(svg: str, prefix: str) -> str:
    """An SVG document as an element of the page, its ids made unique to this chart."""
    body = _XML_PROLOGUE.sub("", svg)
    ids = set(_ID.findall(body))

    def rename(match: re.Match[str]) -> str:
        lead, name = (
            (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        )
        return f"{lead}{prefix}-{name}" if name in ids else match.group(0)

    return _ID_OR_REF.sub(rename, body)


def charts_svg(
    report: Report, progress: Callable[[int, int], None] | None = None
) -> dict[str, str]:
    """Each measure's chart as SVG text (drawn in parallel when there are several)."""
    from pdsa.parallel import pool_map

    ideas = {c.id: c.title for c in report.project.change_ideas}
    jobs = [(s.series, s.marks, ideas, s.control) for s in report.measures]
    count = [0]

    def drawn_one(_: str) -> None:
        count[0] += 1
        if progress is not None:
            progress(count[0], len(jobs))

    drawn = pool_map(_svg, jobs, min_items=2, done=drawn_one)
    return {s.series.measure.id: svg for s, svg in zip(report.measures, drawn, strict=True)}


def _svg(job: tuple[Any, Any, dict[str, str], Any]) -> str:
    from pdsa.render.chart import render

    series, marks, ideas, control = job
    return render(series, marks, fmt="svg", change_ideas=ideas, control=control).decode("utf-8")


def render_html(report: Report, progress: Callable[[int, int], None] | None = None) -> str:
    """The whole page (`progress` is told as the charts are drawn)."""
    charts = charts_svg(report, progress)
    numbers = report_json(report)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(report.project.name)}: PDSA report</title>",
        f"<style>{CSS}</style></head><body>",
        _header(report),
        "<main>",
        "<h2>Measures</h2>",
        glance_html(report),
    ]
    for n, summary in enumerate(report.measures):
        m = summary.series.measure
        badge = (
            '<span class="badge signal">signal of change</span>'
            if summary.signal()
            else '<span class="badge">no signal</span>'
        )
        words = chart_description(summary)
        parts += [
            f'<section id="measure-{e(m.id)}"><h3>{e(m.title)} '
            f'<span class="dim">({e(m.type)} measure)</span> {badge}</h3>',
            # Plain words first; which rules found it after, for whoever checks.
            f'<p class="verdict">{e(_capital(summary.status()))}. '
            f"{e(plain_signals(summary.series, summary.control))} "
            f'<span class="rules">({e(summary.verdict)})</span></p>',
            f"<figure>{_described(inline_svg(charts[m.id], f'c{n}'), words)}"
            f"<details><summary>The chart in words</summary><p>{e(words)}</p></details>"
            "</figure>",
            *(f'<p class="dim data-note">{e(note)}</p>' for note in summary.series.data_notes()),
            "</section>",
        ]
    parts += [
        _predictions(report),
        learning_html(report),
        fidelity_html(report),
        _calibration(report),
        calibration_html(report, inline_svg),
        _ramps(report),
        _tree(report),
        _attention(report),
    ]
    total = numbers["hit_rates"]["all"]
    parts.append("</main>")
    parts.append(
        f'<footer><p class="meta">Generated by pdsa on {report.today:%d %B %Y} · '
        f"{total['made']} predictions made, {total['judged']} judged.</p></footer>"
    )
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _described(svg: str, words: str) -> str:
    """The chart as one image for assistive technology, named by what it shows."""
    return svg.replace("<svg ", f'<svg role="img" aria-label="{e(words)}" ', 1)


def write_html(
    report: Report, path: Path, progress: Callable[[int, int], None] | None = None
) -> bool:
    """Write the page atomically (or to stdout for `-`: then False)."""
    return write_output(path, render_html(report, progress))


def _header(report: Report) -> str:
    stated = report.project.stated_aims
    aims = "".join(f'<p class="aim"><b>Aim:</b> {e(a.statement)}</p>' for a in stated)
    if unwritten_aim(report):
        aims += f'<p class="aim"><b>Aim:</b> <i>{e(NO_AIM)}</i></p>'
    status = "".join(f"<span>{count} {e(s)}</span>" for s, count in report.by_status.items())
    decisions = "".join(
        f'<span class="{e(d)}">{count} {e(d)}</span>' for d, count in report.by_decision.items()
    )
    since = f" · since {report.since:%d %b %Y}" if report.since else ""
    return (
        f"<header><h1>{e(report.project.name)}</h1>{aims}"
        f'<p class="meta">Report of {report.today:%d %B %Y}{since}</p>'
        f'<div class="badges">{plural(len(report.cycles), "cycle")}: {status}</div>'
        f'<div class="badges">decisions: {decisions or "none yet"}</div>{_unread(report)}'
        "</header>"
    )


def _unread(report: Report) -> str:
    if not report.unreadable:
        return ""
    files = ", ".join(sorted({e(p.location.path) for p in report.unreadable}))
    return f'<p class="warning" role="alert">{e(report.unread_summary)}: {files}</p>'


def _predictions(report: Report) -> str:
    out = [
        "<h2>Predictions against actuals</h2>",
        f"<p><b>All change ideas:</b> {e(hit_text(report.hit_rates['']))}</p>",
    ]
    for idea in ideas_in_order(report, report.predictions):
        rows = report.predictions[idea]
        out.append(
            f"<h3>{e(idea_title(report, idea))}</h3>"
            f'<p class="dim keep">{e(hit_text(report.hit_rates[idea]))}</p>'
        )
        out.append(
            "<table><thead><tr><th>Cycle</th><th>Prediction</th><th>Measure</th>"
            "<th>Expected</th><th>Actual</th><th>Met</th><th>Confidence</th></tr>"
            "</thead><tbody>"
        )
        per_cycle = Counter(r.cycle.id for r in rows)
        named: set[str] = set()
        for r in rows:
            met = met_word(r.met, r.recorded)
            conf = f"{r.confidence:.0%}" if r.confidence is not None else "—"
            # The cycle is named once for its rows (its id in the tooltip): a long id in a
            # narrow column would wrap letter by letter, on screen and on paper.
            cycle = ""
            if r.cycle.id not in named:
                named.add(r.cycle.id)
                cycle = (
                    f'<td class="cycle" rowspan="{per_cycle[r.cycle.id]}" data-label="Cycle" '
                    f'title="{e(r.cycle.id)}">{e(r.cycle.title)}'
                    f'<br><span class="dim">{r.cycle.id[:10]}</span>'
                    + (
                        '<br><span class="pending">entered after the fact</span>'
                        if r.cycle.retrospective
                        else ""
                    )
                    + "</td>"
                )
            out.append(
                f"<tr>{cycle}"
                f'<td class="statement" data-label="Prediction">{e(r.statement)}</td>'
                f'<td data-label="Measure">{e(r.measure or "—")}</td>'
                f'<td data-label="Expected">{e(r.expected or "—")}</td>'
                f'<td data-label="Actual">{e(actual_text(r.actual))}</td>'
                f'<td class="{met.replace(" ", "")}" data-label="Met">{met}</td>'
                f'<td class="num" data-label="Confidence">{conf}</td></tr>'
            )
        out.append("</tbody></table>")
    return "\n".join(out)


def _calibration(report: Report) -> str:
    cal = report.calibration
    if cal.brier is None:
        return "<h2>Calibration</h2><p class='dim'>No judged prediction has a confidence yet.</p>"
    rows = "".join(
        f'<tr><td data-label="Stated confidence">{b.low:.0%}–{b.high:.0%}</td>'
        f'<td class="num" data-label="Predictions">{b.count}</td>'
        f'<td class="num" data-label="Average stated">{b.stated:.0%}</td>'
        f'<td class="num" data-label="Came true">{b.observed:.0%}</td></tr>'
        for b in cal.bands
    )
    return (
        "<h2>Calibration</h2><p>Are the team's confidences honest? When the team says "
        "70%, about 7 in 10 such predictions should come true.</p>"
        "<table><thead><tr><th>Stated confidence</th><th>Predictions</th>"
        "<th>Average stated</th><th>Came true</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
        f"<p class='dim'>Brier score {cal.brier:.3f} over {cal.judged} predictions "
        "(0 is perfect; always saying 50% scores 0.25).</p>"
    )


def _ramps(report: Report) -> str:
    out = ["<h2>Ramps</h2>"]
    for idea in ideas_in_order(report, report.ramps):
        status = report.idea_status.get(idea, "") if idea else ""
        badge = f' <span class="status {e(status)}">{e(status)}</span>' if status else ""
        out.append(f"<h3>{e(idea_title(report, idea))}{badge}</h3>")
        for chain in report.ramps[idea]:
            steps = []
            for c in chain.cycles:
                tag = c.tag
                after = AFTER_THE_FACT if c.retrospective is not None else ""
                detail = " · ".join(x for x in (c.plan.scale, cycle_dates(c), tag, after) if x)
                steps.append(
                    f'<span class="step {e(tag)}" title="{e(c.id)}"><b>{e(c.title)}</b>'
                    f"{e(detail)}</span>"
                )
            out.append('<div class="ramp">' + '<span class="arrow">→</span>'.join(steps) + "</div>")
    return "\n".join(out)


def _tree(report: Report) -> str:
    from pdsa.tree import build_tree

    tree = build_tree(report.project, report.cycles, report.idea_status)

    def ideas(items: list[dict[str, object]]) -> str:
        return "".join(
            f"<li>◆ {e(i['title'])} <span class='status {e(i['status'])}'>"
            f"{e(i['status'])}</span></li>"
            for i in items
        )

    out = ['<h2>Driver diagram</h2><ul class="tree">']
    for a in tree["aims"]:
        out.append(f"<li><b>Aim:</b> {e(a['statement'])}<ul>")
    for d in tree["drivers"]:
        out.append(f"<li><b>{e(d['title'])}</b><ul>{ideas(d['change_ideas'])}")
        for s in d["secondary"]:
            out.append(f"<li>{e(s['title'])}<ul>{ideas(s['change_ideas'])}</ul></li>")
        out.append("</ul></li>")
    out.append(ideas(tree["unassigned"]))
    out.append("</ul></li>" * len(tree["aims"]) + "</ul>")
    return "".join(out)


def _attention(report: Report) -> str:
    if not report.attention:
        return (
            "<h2>Needs attention</h2><p>Nothing overdue; every cycle past plan has its "
            "predictions, and every lock holds.</p>"
        )
    items = "".join(
        f"<li><b>{e(a.cycle.title)}</b>: {e(a.message)} "
        f"<span class='dim'>({e(a.cycle.id)})</span></li>"
        for a in report.attention
    )
    return f'<h2>Needs attention</h2><ul class="attention">{items}</ul>'
