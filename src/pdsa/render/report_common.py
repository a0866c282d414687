"""Wording shared by the terminal, Markdown and HTML reports."""

from __future__ import annotations

from pdsa.model import fmt_number
from pdsa.report import HitRate, Report


def percent(value: float | None) -> str:
    """0.625 -> 62%; None -> —."""
    return "—" if value is None else f"{value:.0%}"


def hit_text(h: HitRate) -> str:
    """`12 of 19 judged met (63%); 25 made`."""
    return f"{h.met} of {h.judged} judged met ({percent(h.rate)}); {h.made} made"


def met_word(met: bool | None, recorded: bool = True) -> str:
    """yes / no / not judged / pending (no result recorded yet)."""
    if not recorded:
        return "pending"
    return "not judged" if met is None else ("yes" if met else "no")


def actual_text(actual: float | str | None) -> str:
    """A number as a person writes it, text as it is, — for nothing."""
    if isinstance(actual, str):
        return actual or "—"
    return "—" if actual is None else fmt_number(actual)


def idea_title(report: Report, idea: str) -> str:
    """A change idea's title, from its id."""
    found = next((c.title for c in report.project.change_ideas if c.id == idea), None)
    return found or (idea or "Cycles without a change idea")
