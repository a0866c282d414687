"""`pdsa network` on the terminal and in Markdown: the teams side by side, the change ideas
they share, and every team that could not be fetched or read, with why.

Everything that comes from a team's files (names, titles, aims, learning, errors) passes
through `clean` on the terminal and `md` in Markdown. The HTML page is `network_html`.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from pdsa.network import Fetched, NetworkReport, SharedIdea, TeamSummary
from pdsa.network.gate import TeamCheck
from pdsa.render.report_common import percent, plural
from pdsa.render.safe import clean, md

# The terminal shows the start of each team's learning; the HTML page shows all of it.
LEARNING_CHARS = 120
STATE_STYLE = {"ok": "green", "stale": "yellow", "unreachable": "bold red", "broken": "bold red"}
FETCH_STYLE = {
    "cloned": "green",
    "fetched": "green",
    "unchanged": "dim",
    "local": "dim",
    "cached": "yellow",
    "stale": "yellow",
    "unreachable": "bold red",
}


def headline(t: TeamSummary) -> str:
    """The team's first outcome measure with a goal (else its first measure), in words."""
    measures = sorted(t.measures, key=lambda m: (m.type != "outcome", m.goal is None))
    if not measures:
        return "no measure yet"
    m = measures[0]
    return f"{m.title}: {m.status}"


def predictions_text(t: TeamSummary) -> str:
    """`18 of 33 met (55%); 43 made`."""
    return f"{t.met} of {t.judged} met ({percent(t.rate)}); {t.made} made"


def number(value: float | int | None, form: str = "{}") -> str:
    """A number in a form, or — for none."""
    return "—" if value is None else form.format(value)


def shorten(text: str, limit: int = LEARNING_CHARS) -> str:
    """The first `limit` characters of a team's words, cut at a word, with … when cut."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0] + " …"


def summary_text(report: NetworkReport) -> str:
    """`30 teams: 28 in the roll-up, 1 broken, 1 unreachable`."""
    states = [t.state for t in report.teams]
    parts = [f"{states.count('ok')} in the roll-up"]
    parts += [f"{states.count(s)} {s}" for s in ("stale", "broken", "unreachable") if s in states]
    return f"{plural(len(states), 'team')}: " + ", ".join(parts)


def failure_text(t: TeamSummary) -> str:
    """Why a team is missing or old: `unreachable: repository not found`."""
    what = {"stale": "shown from an older copy", "unreachable": "could not be fetched"}.get(
        t.state, "could not be read"
    )
    return f"{what}: {t.error}" if t.error else what


# --- terminal ---------------------------------------------------------------------------


def network_view(report: NetworkReport) -> RenderableType:
    """The whole roll-up on a terminal."""
    head = Text(clean(report.name, newlines=False), style="bold")
    head.append(f"\nReport of {report.today:%d %b %Y}. {summary_text(report)}")
    parts: list[RenderableType] = [head, Rule("Teams", align="left")]
    table = Table(box=None, pad_edge=False, header_style="dim")
    for name, justify in (
        ("team", "left"),
        ("progress", "right"),
        ("fidelity", "right"),
        ("cycles/month", "right"),
        ("predictions", "left"),
        ("Brier", "right"),
        ("latest against goal", "left"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for t in report.teams:
        if t.state in ("unreachable", "broken"):
            table.add_row(
                Text(clean(t.name, newlines=False), style="bold"),
                Text(t.state, style=STATE_STYLE[t.state]),
                *[""] * 4,
                Text("why: below", style="red"),
            )
            continue
        table.add_row(
            Text(clean(t.name, newlines=False) + (" (stale)" if t.state == "stale" else "")),
            number(t.progress, "{:.1f}"),
            number(t.fidelity, "{}%"),
            f"{t.cycles_per_month:.1f}",
            predictions_text(t),
            number(t.brier, "{:.3f}"),
            clean(headline(t), newlines=False),
        )
    parts.append(table)
    parts.append(Rule("Change ideas tested in more than one team", align="left"))
    parts.append(shared_view(report.shared))
    if report.failed or report.unreadable:
        parts.append(Rule("Not in the roll-up, or only in part", align="left"))
        lines = Text()
        for t in report.failed:
            lines.append(f"✗ {clean(t.name, newlines=False)}", style=STATE_STYLE[t.state])
            lines.append(f" ({clean(t.source, newlines=False)}): {clean(failure_text(t))}\n")
        for t in report.unreadable:
            lines.append(f"! {clean(t.name, newlines=False)}: ", style="yellow")
            lines.append(f"{plural(len(t.unreadable), 'file')} could not be used\n")
        parts.append(lines)
    return Group(*parts)


def shared_view(shared: Sequence[SharedIdea]) -> RenderableType:
    """Each shared idea: a line of evidence, then each team's result side by side."""
    if not shared:
        return Text("No change idea is tested by more than one team yet.", style="dim")
    parts: list[RenderableType] = []
    for s in shared:
        title = Text(clean(f"{s.title}: {s.label}", newlines=False), style="bold")
        title.append(f"  {clean(s.verdict())}", style="dim")
        table = Table(box=None, pad_edge=False, header_style="dim")
        for name in ("team", "status", "tests", "widest scale", "met", "fidelity", "learned"):
            table.add_column(name)
        for _, name, r in s.results:
            table.add_row(
                clean(name, newlines=False),
                r.status,
                str(r.tested),
                clean(r.largest_scale or "—", newlines=False),
                f"{r.met} of {r.judged}",
                number(r.fidelity, "{}%"),
                clean(shorten(r.learning or "—"), newlines=False),
            )
        parts += [title, table]
    return Group(*parts)


def fetch_view(fetched: Sequence[Fetched]) -> RenderableType:
    """`pdsa network fetch`: one line a team."""
    table = Table(box=None, pad_edge=False, header_style="dim")
    for name in ("team", "status", "commit", "seconds", ""):
        table.add_column(name, justify="right" if name == "seconds" else "left")
    for f in fetched:
        table.add_row(
            clean(f.team.id),
            Text(f.status + (" (shallow)" if f.shallow else ""), style=FETCH_STYLE[f.status]),
            (f.commit or "")[:10],
            f"{f.seconds:.2f}",
            Text(clean(f.error, newlines=False), style="red" if f.error else ""),
        )
    return table


def check_view(checks: Sequence[TeamCheck]) -> RenderableType:
    """`pdsa network check`: each team's verdict, then its findings."""
    lines = Text()
    for c in checks:
        mark, style = ("✓", "green") if c.passed else ("✗", "bold red")
        lines.append(f"{mark} {clean(c.name, newlines=False)}", style=style)
        if c.result is not None:
            r = c.result
            counts = f"{plural(r.errors, 'error')}, {plural(r.warnings, 'warning')}"
            lines.append(f"  {counts}", style="dim")
        if c.error:
            lines.append(f"  {clean(c.error, newlines=False)}", style="red")
        lines.append("\n")
        for f in c.result.findings if c.result else []:
            if f.severity == "notice":
                continue
            place = f"{f.path}:{f.line}:{f.column}" if f.line else str(f.path)
            lines.append(f"    {clean(place)} {f.severity} {f.code} {clean(f.message)}\n", "dim")
    failed = sum(1 for c in checks if not c.passed)
    lines.append(
        f"{len(checks) - failed} of {plural(len(checks), 'team')} pass",
        style="bold red" if failed else "green",
    )
    return lines


# --- Markdown ---------------------------------------------------------------------------


def network_markdown(report: NetworkReport) -> str:
    """The roll-up as Markdown (GitHub renders it)."""
    lines = [
        f"# {md(report.name)}",
        "",
        f"Report of {report.today:%d %B %Y}. {md(summary_text(report))}.",
        "",
        "## Teams",
        "",
        "| Team | Progress | Fidelity | Cycles/month | Predictions | Brier | Latest against goal |",
        "|---|---:|---:|---:|---|---:|---|",
    ]
    for t in report.teams:
        if t.state in ("unreachable", "broken"):
            lines.append(f"| {md(t.name)} | **{t.state}** | | | | | {md(t.error)} |")
            continue
        stale = " (stale)" if t.state == "stale" else ""
        lines.append(
            f"| {md(t.name)}{stale} | {number(t.progress, '{:.1f}')} | "
            f"{number(t.fidelity, '{}%')} | {t.cycles_per_month:.1f} | "
            f"{md(predictions_text(t))} | {number(t.brier, '{:.3f}')} | {md(headline(t))} |"
        )
    lines += ["", "## Change ideas tested in more than one team", ""]
    if not report.shared:
        lines += ["No change idea is tested by more than one team yet.", ""]
    for s in report.shared:
        lines += [
            f"### {md(s.title)}: {md(s.label)}",
            "",
            md(s.verdict()),
            "",
            "| Team | Status | Tests | Widest scale | Met | Fidelity | Learned |",
            "|---|---|---:|---|---:|---:|---|",
        ]
        lines += [
            f"| {md(name)} | {r.status} | {r.tested} | {md(r.largest_scale or '—')} | "
            f"{r.met} of {r.judged} | {number(r.fidelity, '{}%')} | {md(r.learning or '—')} |"
            for _, name, r in s.results
        ]
        lines.append("")
    if report.failed or report.unreadable:
        lines += ["## Not in the roll-up, or only in part", ""]
        lines += [
            f"- **{md(t.name)}** ({md(t.source)}): {md(failure_text(t))}" for t in report.failed
        ]
        lines += [
            f"- **{md(t.name)}**: {plural(len(t.unreadable), 'file')} could not be used: "
            + ", ".join(md(p.location) for p in t.unreadable)
            for t in report.unreadable
        ]
        lines.append("")
    return "\n".join(lines) + "\n"
