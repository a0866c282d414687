"""The study meeting on a terminal: the briefing on screen, questions asked one at a time.

Answers given as flags are used without asking; the rest are asked. Sized for a projector:
short lines, the prediction and its expectation in large type before each question.
"""

from __future__ import annotations

import datetime as dt

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.prompt import Confirm, Prompt
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from pdsa.model import Cycle, Decision, Prediction, fmt_number
from pdsa.render.cycles import DECISION_STYLE
from pdsa.render.report_common import actual_text
from pdsa.render.termchart import term_chart
from pdsa.series import summarise_values, verdict
from pdsa.study import Briefing, Suggestion
from pdsa.study_answers import FlagPrompts, parse_actual


class TerminalPrompts(FlagPrompts):
    """Asks on the terminal whatever the flags did not answer."""

    def __init__(self, answers: FlagPrompts, console: Console) -> None:
        super().__init__(answers.answers)
        self.console = console
        self._asked_surprises = False
        self._shown: str | None = None  # the prediction whose details are on screen

    # -- screen --------------------------------------------------------------------------

    def brief(self, briefing: Briefing) -> None:
        super().brief(briefing)
        self.console.print(briefing_view(briefing, self.console.width))

    # -- questions -----------------------------------------------------------------------

    def finished(self, default: dt.date) -> dt.date | None:
        given = super().finished(default) if self.answers.finished else None
        if given:
            return given
        while True:
            text = Prompt.ask(
                "When did Do finish?", default=default.isoformat(), console=self.console
            )
            try:
                return dt.date.fromisoformat(text.strip())
            except ValueError:
                self.console.print("  write the date as YYYY-MM-DD", style="red")

    def actual(self, p: Prediction, suggestion: Suggestion | None) -> float | str | None:
        self.console.print(Rule(style="dim"))
        self.console.print(prediction_view(p))
        self._shown = p.id
        if p.id in self.answers.actual:
            return super().actual(p, suggestion)
        default = None
        if suggestion is not None:
            window = f"{suggestion.window[0]} – {suggestion.window[1]}"
            if suggestion.value is None:
                self.console.print(f"  no {p.measure} data between {window}", style="yellow")
            else:
                default = fmt_number(round(suggestion.value, 4))
                self.console.print(
                    f"  data: {suggestion.how} of {suggestion.points} point"
                    f"{'s' if suggestion.points != 1 else ''} in the Do window ({window}) = "
                    f"[bold]{default}[/bold]"
                )
        text = Prompt.ask(
            "Actual (Enter accepts the data, '-' if not judged)",
            default=default,
            console=self.console,
            show_default=bool(default),
        )
        if text is None or text.strip() in ("", "-"):
            return ""
        return parse_actual(text)

    def met(self, p: Prediction, actual: float | str, implied: bool | None) -> bool | None:
        if p.id in self.answers.met:
            return super().met(p, actual, implied)
        if self._shown != p.id:  # resuming at this question: say which prediction it is
            self.console.print(Rule(style="dim"))
            self.console.print(prediction_view(p))
            self.console.print(f"  actual recorded: {actual_text(actual)}")
        if implied is not None:
            verdict_text = "[green]met[/green]" if implied else "[red]not met[/red]"
            self.console.print(
                f"  {fmt_number(actual)} against {p.expect.describe() if p.expect else ''}: "
                f"{verdict_text}"
            )
        if implied is None:  # no default: an empty answer must not count as "no"
            return Confirm.ask("Was the prediction met?", console=self.console)
        return Confirm.ask("Was the prediction met?", default=implied, console=self.console)

    def override(self, p: Prediction, implied: bool) -> str | None:
        if p.id in self.answers.note:
            return super().override(p, implied)
        self.console.print("  that differs from what the expectation says", style="yellow")
        return Prompt.ask("Why? (recorded with the result)", console=self.console).strip() or None

    def note(self, p: Prediction) -> str | None:
        if p.id in self.answers.note:
            return super().note(p)
        return Prompt.ask(
            "Note (Enter for none)", default="", show_default=False, console=self.console
        ).strip()

    def surprise(self, so_far: list[str]) -> str | None:
        if self.answers.surprises:
            return super().surprise(so_far)
        if not self._asked_surprises:
            self._asked_surprises = True
            self.console.print(Rule("Study", style="magenta"))
            for item in so_far:
                self.console.print(f"  • {item}", style="dim")
            self.console.print(
                "What surprised you? One per line; an empty line ends.", style="bold"
            )
        return self.console.input("  > ").strip()

    def learning(self) -> str | None:
        if self.answers.learning:
            return self.answers.learning
        lines = self._lines("What did you learn? An empty line ends.")
        return "\n".join(lines) if lines else None

    def decision(self) -> Decision | None:
        if self.answers.decision:
            return self.answers.decision
        self.console.print(Rule("Act", style="blue"))
        choice = Prompt.ask("Decision", choices=[d.value for d in Decision], console=self.console)
        return Decision(choice)

    def rationale(self, decision: Decision | None) -> str | None:
        if self.answers.rationale:
            return self.answers.rationale
        why = f"Why {decision.value}?" if decision else "Why?"
        return Prompt.ask(why, console=self.console).strip() or None

    def next_title(self, decision: Decision) -> str | None:
        if self.answers.next_title:
            return self.answers.next_title
        return Prompt.ask(
            "Title of the next cycle (Enter for none)",
            default="",
            show_default=False,
            console=self.console,
        ).strip()

    def _lines(self, question: str) -> list[str]:
        self.console.print(question, style="bold")
        lines: list[str] = []
        while True:
            line = self.console.input("  > ")
            if not line.strip():
                return lines
            lines.append(line.strip())


def prediction_view(p: Prediction) -> RenderableType:
    """One prediction, large enough to read from the back of the room."""
    text = Text(f"{p.id}: ", style="bold cyan")
    text.append(p.statement, style="bold")
    details = []
    if p.measure:
        details.append(p.measure)
    if p.expect:
        details.append(f"expected {p.expect.describe()}")
    if p.confidence is not None:
        details.append(f"confidence {p.confidence:.0%}")
    if details:
        text.append("\n  " + " · ".join(details), style="dim")
    return text


def briefing_view(b: Briefing, width: int) -> RenderableType:
    """Header, ramp, plan, Do, the data of each measure, and the locked predictions."""
    c = b.cycle
    parts: list[RenderableType] = [_header(c, b)]
    if b.lock is not None and not b.lock.ok:
        names = ", ".join(b.lock.changed + b.lock.added + b.lock.removed) or "the lock"
        parts.append(
            Panel(
                f"Predictions changed after Do started: {names}. The meeting "
                "should know the prediction on record is not the original.",
                title="⚠ lock mismatch",
                border_style="red",
            )
        )
    for view in b.measures:
        chart = term_chart(view.series, width=max(20, min(width - 12, 80)), window=view.window)
        summary = _window_summary(view.in_window)
        parts.append(Group(chart, Text(verdict(view.series)), Text(summary, style="cyan")))
    table = Table(
        box=None,
        pad_edge=False,
        header_style="dim",
        title="Predictions (locked)",
        title_justify="left",
        title_style="bold",
    )
    for column in ("id", "statement", "expected", "conf."):
        table.add_column(column, no_wrap=column != "statement")
    for p in c.plan.predictions:
        table.add_row(
            p.id,
            p.statement,
            p.expect.describe() if p.expect else "—",
            f"{p.confidence:.0%}" if p.confidence is not None else "—",
        )
    parts.append(table)
    return Group(*parts)


def _header(c: Cycle, b: Briefing) -> RenderableType:
    lines = Text(c.title, style="bold")
    lines.append(f"\n{c.id}", style="dim")
    if c.change_idea:
        lines.append(f"   change idea: {c.change_idea}")
    if b.ramp:
        lines.append("\nramp: ")
        for earlier in b.ramp:
            decision = earlier.act.decision.value if earlier.act and earlier.act.decision else "?"
            lines.append(earlier.id[11:] or earlier.id)
            lines.append(f" ({decision})", style=DECISION_STYLE.get(decision, "dim"))
            lines.append(" → ")
        lines.append("this cycle", style="bold")
    plan = c.plan
    for label, value in (
        ("objective", plan.objective),
        ("who", plan.who),
        ("where", plan.where),
        ("scale", plan.scale),
    ):
        if value:
            lines.append(f"\n{label}: ", style="dim")
            lines.append(value)
    if b.window:
        lines.append("\nDo window: ", style="dim")
        lines.append(f"{b.window[0]} – {b.window[1]}")
    if c.do:
        for label, items in (
            ("observed", c.do.observations),
            ("problems", c.do.problems),
            ("deviations", c.do.deviations),
        ):
            for item in items:
                lines.append(f"\n{label}: ", style="dim")
                lines.append(item)
    return Panel(lines, border_style="cyan")


def _window_summary(values: list[float]) -> str:
    if not values:
        return "no data in the Do window"
    median = summarise_values(values, "median")
    return (
        f"Do window: {len(values)} point{'s' if len(values) != 1 else ''}, "
        f"median {fmt_number(median)}, range {fmt_number(min(values))}–"
        f"{fmt_number(max(values))}"
    )
