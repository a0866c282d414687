"""The study meeting on a terminal: the briefing a page at a time, then the questions one
at a time, each prediction on a fresh screen beside its chart (for a projector).

Answers given as flags are used without asking; the rest are asked, with the briefing and
each prediction drawn by `pdsa.render.study_meeting`. This runs only on a terminal.
"""

from __future__ import annotations

import datetime as dt

from rich.console import Console
from rich.prompt import Confirm, Prompt
from rich.rule import Rule
from rich.text import Text

from pdsa.cli.study_answers import FlagPrompts, parse_actual
from pdsa.model import Decision, Prediction, fmt_number
from pdsa.render.report_common import actual_text
from pdsa.render.safe import clean
from pdsa.render.study_meeting import briefing_pages, prediction_screen
from pdsa.study import Briefing, MeasureView, Suggestion

NEXT = "[bold]Enter[/bold]: next part · [bold]s[/bold]: on to the questions "


class TerminalPrompts(FlagPrompts):
    """Asks on the terminal whatever the flags did not answer."""

    def __init__(self, answers: FlagPrompts, console: Console) -> None:
        super().__init__(answers.answers)
        self.console = console
        self._asked_surprises = False
        self._asked_learning = False
        self._shown: str | None = None  # the prediction whose details are on screen
        self._views: dict[str, MeasureView] = {}
        self._questions: list[str] = []

    # -- screen --------------------------------------------------------------------------

    def brief(self, briefing: Briefing) -> None:
        """The briefing a page at a time: each page a clean screen, Enter for the next."""
        super().brief(briefing)
        self._views = {v.series.measure.id: v for v in briefing.measures}
        self._questions = list(briefing.cycle.plan.questions)
        pages = briefing_pages(briefing, self.console.width, self.console.height)
        for number, (title, page) in enumerate(pages, start=1):
            self.console.clear()  # nothing on a log or a dumb terminal
            # A page is titled by a measure's title: the team's text, so no markup or escapes.
            heading = Text(f"{clean(title, newlines=False)} ({number} of {len(pages)})")
            self.console.print(Rule(heading, style="cyan"))
            self.console.print(page)
            if number < len(pages) and self.console.input(NEXT).strip().lower()[:1] == "s":
                break

    def _prediction(self, p: Prediction) -> None:
        """A fresh screen: the prediction beside its measure's chart."""
        self.console.clear()
        self.console.print(Rule(f"Prediction {p.id}", style="cyan"))
        view = self._views.get(p.measure or "")
        self.console.print(
            prediction_screen(p, view, self._questions, self.console.width, self.console.height)
        )
        self._shown = p.id

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
        self._prediction(p)
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
            self._prediction(p)
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
                self.console.print(f"  • {item}", markup=False)
            self.console.print(
                "What surprised you? One per line; an empty line ends.", style="bold"
            )
        return self.console.input("  > ").strip()

    def learning(self, so_far: str | None) -> str | None:
        if self.answers.learning:
            return super().learning(so_far)
        if not self._asked_learning:
            self._asked_learning = True
            for line in (so_far or "").splitlines():
                self.console.print(f"  {clean(line)}", markup=False)
            self.console.print(
                "What did you learn? Each line is saved. An empty line ends.",
                style="bold",
            )
        return self.console.input("  > ").strip()

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

    def next_title(self, decision: Decision, planned: str | None) -> str | None:
        if self.answers.next_title:
            return self.answers.next_title
        if planned:
            self.console.print(f"  the stopped meeting reserved the id {planned}")
        return Prompt.ask(
            "Title of the next cycle (Enter for none)",
            default="",
            show_default=False,
            console=self.console,
        ).strip()
