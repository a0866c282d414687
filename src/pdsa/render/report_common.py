"""Wording shared by the terminal, Markdown and HTML reports."""

from __future__ import annotations

from collections.abc import Iterable

from pdsa.report import HitRate, Report
from pdsa.story import (
    StoryLine,
    actual_text,
    cycle_dates,
    cycle_story,
    day_text,
    met_word,
    ramp_step,
    reflow,
)

__all__ = [
    "StoryLine",
    "actual_text",
    "cycle_dates",
    "cycle_story",
    "day_text",
    "hit_text",
    "idea_title",
    "ideas_in_order",
    "met_word",
    "percent",
    "plural",
    "ramp_step",
    "reflow",
]


# Where pdsa.yaml still holds `pdsa init`'s placeholder, the report says so, not the text.
NO_AIM = 'not written yet (pdsa add aim "how much, by when, for whom")'


def unwritten_aim(report: Report) -> bool:
    """Whether the project's only aim is still `pdsa init`'s placeholder."""
    aims = report.project.aims
    return bool(aims) and all(a.placeholder for a in aims)


def percent(value: float | None) -> str:
    """0.625 -> 62%; None -> —."""
    return "—" if value is None else f"{value:.0%}"


def hit_text(h: HitRate) -> str:
    """`12 of 19 judged met (63%); 25 made`."""
    return f"{h.met} of {h.judged} judged met ({percent(h.rate)}); {h.made} made"


def idea_title(report: Report, idea: str) -> str:
    """A change idea's title, from its id."""
    found = next((c.title for c in report.project.change_ideas if c.id == idea), None)
    return found or (idea or "Cycles without a change idea")


def plural(count: int, word: str) -> str:
    """`1 cycle`, `2 cycles`."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def ideas_in_order(report: Report, ideas: Iterable[str]) -> list[str]:
    """Change ideas in the order pdsa.yaml lists them, then unknown ones, then "" (none)."""
    given = list(ideas)
    order = {c.id: i for i, c in enumerate(report.project.change_ideas)}
    return sorted(given, key=lambda i: (i == "", order.get(i, len(order)), i))
