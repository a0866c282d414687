"""A cycle told in words: what the team planned, predicted, saw, learned and decided.

Plain strings, no rendering: the reports (terminal, Markdown, HTML), `pdsa show` and the
report's JSON all tell the same story from here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pdsa.model import Cycle, fmt_number
from pdsa.vocab import DECISION_WORDS


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


def cycle_dates(cycle: Cycle) -> str:
    """`12–26 Jan 2026`, `from 12 Jan 2026`, or the planned window, or ``."""
    start = cycle.started
    end = cycle.do.finished if cycle.do else None
    if start is None and cycle.plan.when and cycle.plan.when.start:
        start, end = cycle.plan.when.start, cycle.plan.when.end
        prefix = "planned "
    else:
        prefix = ""
    if start is None:
        return ""
    if end is None:
        return f"{prefix}from {day_text(start)}"
    if start == end:
        return f"{prefix}{day_text(start)}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{prefix}{start.day}–{day_text(end)}"
    if start.year == end.year:
        return f"{prefix}{start.day} {start:%b} – {day_text(end)}"
    return f"{prefix}{day_text(start)} – {day_text(end)}"


def day_text(day: dt.date) -> str:
    """`2 Feb 2026`."""
    return f"{day.day} {day:%b %Y}"


def reflow(text: str) -> str:
    """Text typed with hard line breaks, as paragraphs: a break after a sentence (or a blank
    line) is kept, one in the middle of a sentence is a space. Terminals and pages wrap it."""
    out: list[str] = []
    for line in text.strip().splitlines():
        words = line.strip()
        if out and words and out[-1] and not out[-1].endswith((".", "!", "?", ":", ";")):
            out[-1] += " " + words
        else:
            out.append(words)
    return "\n".join(out)


def ramp_step(cycle: Cycle) -> str:
    """How a cycle reads in a ramp: its title, scale and dates, so steps at the same scale
    are still told apart."""
    after = AFTER_THE_FACT if cycle.retrospective is not None else ""
    details = "; ".join(x for x in (cycle.plan.scale, cycle_dates(cycle), after) if x)
    return f"{cycle.title} ({details})" if details else cycle.title


# How a cycle entered after the fact (`retrospective:`) is marked wherever it is listed.
AFTER_THE_FACT = "entered after the fact"


@dataclass(frozen=True)
class StoryLine:
    """One line of a cycle's story: what kind of thing it is, the words, and a tone."""

    label: str
    text: str
    tone: str = ""  # met, not-met, pending: how a result reads


def cycle_story(cycle: Cycle) -> list[StoryLine]:
    """What the team planned, predicted, saw, learned and decided in one cycle, in order."""
    lines: list[StoryLine] = []
    add = lines.append
    if cycle.retrospective:
        add(StoryLine("entered after the fact", cycle.retrospective, "pending"))
    plan = cycle.plan
    if plan.purpose:
        add(StoryLine("purpose", plan.purpose.value.replace("-", " ")))
    for label, value in (("objective", plan.objective), ("scale", plan.scale)):
        if value:
            add(StoryLine(label, reflow(value)))
    for p in plan.predictions:
        expected = f"expected {p.expect.describe()}" if p.expect else ""
        sure = f"{p.confidence:.0%} sure" if p.confidence is not None else ""
        details = "; ".join(x for x in (expected, sure) if x)
        add(StoryLine("predicted", f"{p.statement}" + (f" ({details})" if details else "")))
        result = cycle.result(p.id)
        if result is not None:
            tone = "pending" if result.met is None else ("met" if result.met else "not-met")
            text = f"{actual_text(result.actual)}: {met_word(result.met)}"
            if result.override or result.note:
                text += f" ({result.override or result.note})"
            add(StoryLine("result", text, tone))
    if cycle.do:
        for label, items in (
            ("observed", cycle.do.observations),
            ("problem", cycle.do.problems),
            ("deviation", cycle.do.deviations),
        ):
            lines.extend(StoryLine(label, item) for item in items)
    if cycle.study:
        if cycle.study.learning:
            add(StoryLine("learned", reflow(cycle.study.learning)))
        lines.extend(StoryLine("surprised by", s) for s in cycle.study.surprises)
    act = cycle.act
    if act and act.decision:
        words = DECISION_WORDS[act.decision]
        why = reflow(act.rationale) if act.rationale else ""
        add(StoryLine("decided", f"{words}: {why}" if why else words))
    if act and act.next_change_idea:
        add(StoryLine("moved on to", act.next_change_idea))
    for check in act.follow_up if act else []:
        held = "" if check.held is None else ("held" if check.held else "did not hold")
        text = ", ".join(x for x in (held, check.note or "") if x)
        tone = "not-met" if check.held is False else ""
        add(StoryLine("followed up", f"{check.date:%d %b %Y}: {text}", tone))
    return lines
