"""Method fidelity as people read it: `pdsa fidelity`, and the report's section in three forms.

A ramp is a row of five marks (✓ met, ✗ not), then each criterion it misses with the reason
and the fix; `pdsa fidelity` explains the met ones too. Everything from the team's files
passes through `clean` (terminal), `md` (Markdown) or `escape` (HTML).
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from rich.console import RenderableType

from pdsa.fidelity import CRITERIA, Criterion, Fidelity, RampFidelity
from pdsa.render.lines import Lines, column_widths, wrap
from pdsa.render.safe import clean, md
from pdsa.report import Report

SHORT = {
    Criterion.ITERATIVE: "iterative",
    Criterion.PREDICTION: "predicted first",
    Criterion.SMALL_SCALE: "small, grows",
    Criterion.DATA: "data over time",
    Criterion.DOCUMENTED: "documented",
}
SOURCE = (
    "Criteria of Taylor et al., BMJ Qual Saf 2014: the five features of the PDSA method "
    "that few published projects apply in full."
)


def ramp_label(ramp: RampFidelity, titles: Mapping[str, str]) -> str:
    """`SBAR handoff card: SBAR card: one nurse, one day shift` — idea, then first test."""
    idea = titles.get(ramp.change_idea, ramp.change_idea) or "No change idea"
    return f"{idea}: {ramp.first_title}" if ramp.first_title else idea


def score_text(fidelity: Fidelity) -> str:
    """`Method fidelity 90% over 6 ramps` (or why there is no score yet)."""
    if fidelity.percent is None:
        return "Method fidelity: no ramp has a test to judge yet"
    n = len(fidelity.ramps)
    return f"Method fidelity {fidelity.percent}% over {n} ramp{'' if n == 1 else 's'}"


def progress_text(fidelity: Fidelity) -> str:
    """`Suggested IHI progress score 4.0: Significant improvement`."""
    p = fidelity.progress
    return f"Suggested IHI progress score {p.score:.1f}: {p.label}"


def proof_text(fidelity: Fidelity) -> str:
    """How the predictions' order was judged."""
    if fidelity.proof.source == "git":
        return "Predictions first: proven from the git history of cycles/."
    return f"Predictions first: judged from the locks (git not used: {fidelity.proof.note})."


# --- terminal ---------------------------------------------------------------------------


MARKS = {True: ("✓", "green"), False: ("✗", "bold red")}


def fidelity_view(
    fidelity: Fidelity, titles: Mapping[str, str], *, explain_met: bool = True, width: int = 100
) -> Lines:
    """The whole assessment on a terminal; the report leaves out the met criteria's reasons.
    Plain lines (`render.lines`): a project of a thousand cycles has hundreds of ramps."""
    out = Lines()
    out.wrapped(score_text(fidelity), width, "bold")
    out.wrapped(progress_text(fidelity), width, "bold")
    for reason in fidelity.progress.reasons:
        out.wrapped(f"• {clean(reason, newlines=False)}", width, "dim", "  ", hang="    ")
    out.wrapped(f"next level: {fidelity.progress.next_step}", width, "dim", indent="  ")
    if fidelity.ramps:
        names = ["ramp (its first test)", *(SHORT[c] for c in Criterion), "score"]
        rows = [
            [
                clean(ramp.first_title or ramp_label(ramp, titles), newlines=False),
                *("" for _ in ramp.verdicts),
                f"{ramp.met}/{len(ramp.verdicts)}",
            ]
            for ramp in fidelity.ramps
        ]
        widths = column_widths([names, *rows], width, {0: 1.0})
        out.columns([(name, "dim") for name in names], widths, right=[len(names) - 1])
        for ramp, row in zip(fidelity.ramps, rows, strict=True):
            marks = [
                (f"{MARKS[v.met][0]:^{w}}", MARKS[v.met][1])
                for v, w in zip(ramp.verdicts, widths[1:-1], strict=True)
            ]
            out.columns([(row[0], ""), *marks, (row[-1], "")], widths, right=[len(names) - 1])
    for ramp in fidelity.ramps:
        shown = [v for v in ramp.verdicts if explain_met or not v.met]
        if not shown:
            continue
        out.wrapped(clean(ramp_label(ramp, titles), newlines=False), width, "bold")
        for v in shown:
            mark, style = MARKS[v.met]
            words = wrap(f"{CRITERIA[v.criterion]}: {clean(v.reason, newlines=False)}", width - 4)
            out.add(("  ", ""), (mark, style), (" ", ""), (words[0], "bold" if not v.met else ""))
            for more in words[1:]:
                out.add(("    " + more, ""))
            if v.fix:
                out.wrapped(f"fix: {clean(v.fix, newlines=False)}", width, "cyan", indent="      ")
    if fidelity.waiting:
        waiting = ", ".join(clean(first, newlines=False) for _, first in fidelity.waiting)
        out.wrapped(f"Not judged yet (no test started): {waiting}", width, "dim")
    out.wrapped(f"{proof_text(fidelity)} {SOURCE}", width, "dim")
    return out


def fidelity_terminal(report: Report, width: int = 100) -> list[RenderableType]:
    """The report's section on a terminal (its heading included)."""
    from rich.rule import Rule

    if report.fidelity is None:
        return []
    titles = {c.id: c.title for c in report.project.change_ideas}
    return [
        Rule("Method fidelity", align="left"),
        fidelity_view(report.fidelity, titles, explain_met=False, width=width),
    ]


# --- Markdown ---------------------------------------------------------------------------


def fidelity_markdown(report: Report) -> list[str]:
    """The report's section in Markdown."""
    fid = report.fidelity
    if fid is None:
        return []
    titles = {c.id: c.title for c in report.project.change_ideas}
    lines = ["## Method fidelity", "", f"**{score_text(fid)}.** {md(progress_text(fid))}.", ""]
    lines += [f"- {md(r)}" for r in fid.progress.reasons]
    lines += [f"- next level: {md(fid.progress.next_step)}", ""]
    if fid.ramps:
        lines += [
            "| Ramp | " + " | ".join(SHORT[c] for c in Criterion) + " | Score |",
            "|---|" + ":-:|" * len(Criterion) + "---:|",
        ]
        for ramp in fid.ramps:
            marks = " | ".join("✓" if v.met else "✗" for v in ramp.verdicts)
            lines.append(
                f"| {md(ramp_label(ramp, titles))} | {marks} | {ramp.met}/{len(ramp.verdicts)} |"
            )
        lines.append("")
    for ramp in fid.ramps:
        for v in ramp.verdicts:
            if not v.met:
                lines.append(
                    f"- **{md(ramp_label(ramp, titles))}**, {md(CRITERIA[v.criterion].lower())}:"
                    f" {md(v.reason)}. *Fix:* {md(v.fix)}"
                )
    return [*lines, "", f"*{md(proof_text(fid))} {md(SOURCE)}*", ""]


# --- HTML ------------------------------------------------------------------------------------


def fidelity_html(report: Report) -> str:
    """The report's section in HTML."""
    fid = report.fidelity
    if fid is None:
        return ""
    e = escape
    titles = {c.id: c.title for c in report.project.change_ideas}
    reasons = "".join(f"<li>{e(r)}</li>" for r in fid.progress.reasons)
    out = [
        '<h2 id="fidelity">Method fidelity</h2>',
        f"<p><b>{e(score_text(fid))}.</b> {e(progress_text(fid))}.</p>",
        f'<ul class="dim">{reasons}<li>next level: {e(fid.progress.next_step)}</li></ul>',
    ]
    if fid.ramps:
        heads = "".join(f"<th>{e(SHORT[c])}</th>" for c in Criterion)
        rows = []
        for ramp in fid.ramps:
            cells = "".join(
                f'<td class="{"yes" if v.met else "no"}" title="{e(v.reason)}">'
                f"{'✓' if v.met else '✗'}</td>"
                for v in ramp.verdicts
            )
            rows.append(
                f"<tr><td>{e(ramp_label(ramp, titles))}</td>{cells}"
                f'<td class="num">{ramp.met}/{len(ramp.verdicts)}</td></tr>'
            )
        out.append(
            f"<table><thead><tr><th>Ramp</th>{heads}<th>Score</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
    misses = [
        f"<li><b>{e(ramp_label(ramp, titles))}</b>, {e(CRITERIA[v.criterion].lower())}: "
        f"{e(v.reason)}. <i>Fix:</i> {e(v.fix)}</li>"
        for ramp in fid.ramps
        for v in ramp.verdicts
        if not v.met
    ]
    if misses:
        out.append(f'<ul class="attention">{"".join(misses)}</ul>')
    out.append(f'<p class="dim">{e(proof_text(fid))} {e(SOURCE)}</p>')
    return "\n".join(out)
