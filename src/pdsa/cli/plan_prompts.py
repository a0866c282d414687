"""The guided plan and the huddle's notes on a terminal: one question at a time, each answer
saved before the next is asked."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from rich.console import Console
from rich.prompt import Prompt
from rich.rule import Rule

from pdsa.days import DayError, parse_day
from pdsa.errors import PdsaError
from pdsa.lifecycle import add_prediction, update_prediction
from pdsa.planning import NoteKind, PlanFields, add_note, parse_task, set_plan
from pdsa.render.console import error_lines, out
from pdsa.render.safe import clean
from pdsa.store import LoadedCycle, Workspace
from pdsa.vocab import Purpose, Status

_EXPECT = [
    (re.compile(r"^(?:<=|≤|at most|no more than)\s*(.+)$"), "at_most"),
    (re.compile(r"^(?:>=|≥|at least|no less than)\s*(.+)$"), "at_least"),
    (re.compile(r"^(?:<|below|under|less than)\s*(.+)$"), "below"),
    (re.compile(r"^(?:>|above|over|more than)\s*(.+)$"), "above"),
    (re.compile(r"^(?:=|equals?|exactly)\s*(.+)$"), "equals"),
]
_BETWEEN = re.compile(r"^between\s+(\S+)\s+(?:and|-)\s+(\S+)$")


def parse_number(text: str) -> float:
    """`7.5`, `75%` (75) or `1,000`-free plain numbers; ValueError otherwise."""
    value = float(text.strip().rstrip("%").strip())
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(text)
    return value


def parse_expectation(text: str) -> dict[str, Any]:
    """`below 8`, `at least 75%`, `between 2 and 4`, `= 5` -> the `expect` mapping."""
    said = " ".join(text.lower().split())
    between = _BETWEEN.match(said)
    if between:
        low, high = parse_number(between.group(1)), parse_number(between.group(2))
        return {"between": (min(low, high), max(low, high))}
    for pattern, key in _EXPECT:
        match = pattern.match(said)
        if match:
            return {key: parse_number(match.group(1))}
    raise ValueError(f"'{text}' is not an expectation")


def parse_confidence(text: str) -> float:
    """`70%` or `0.7` -> 0.7."""
    said = text.strip()
    value = parse_number(said)
    value = value / 100 if said.endswith("%") or value > 1 else value
    if not 0 <= value <= 1:
        raise ValueError(text)
    return value


class _Asker:
    """Questions on the console; every answer is saved before the next question."""

    def __init__(self, ws: Workspace, loaded: LoadedCycle, console: Console) -> None:
        self.ws, self.loaded, self.console = ws, loaded, console

    def save(self, fields: PlanFields) -> None:
        self.loaded = set_plan(self.ws, self.loaded, fields).loaded

    def text(self, question: str, current: str | None) -> str | None:
        """An answer, the current one on Enter, or None for none."""
        if current:
            self.console.print(f"  now: {clean(current, markup=True)}", style="dim")
        answer = Prompt.ask(
            question + (" (Enter keeps it)" if current else " (Enter to skip)"),
            default="",
            show_default=False,
            console=self.console,
        ).strip()
        return answer or None

    def day(self, question: str, current: dt.date | None) -> dt.date | None:
        while True:
            answer = self.text(question + ", YYYY-MM-DD", current.isoformat() if current else None)
            if answer is None:
                return None
            try:
                return parse_day(answer)
            except DayError as exc:
                self.console.print(f"  {exc}", style="red", markup=False)

    def line(self) -> str:
        return self.console.input("  > ").strip()


def guided_plan(ws: Workspace, loaded: LoadedCycle, console: Console) -> None:
    """Walk the IHI worksheet for one cycle, saving each answer as it is given."""
    ask = _Asker(ws, loaded, console)
    cycle = loaded.cycle
    console.print(Rule(clean(cycle.title, markup=True), style="cyan"))
    console.print(f"{cycle.id}  ({cycle.status.value})", style="dim", markup=False)
    plan = cycle.plan
    if objective := ask.text("What is the objective of this test?", plan.objective):
        ask.save(PlanFields(objective=objective))
    choices = [p.value for p in Purpose]
    current = plan.purpose.value if plan.purpose else ""
    console.print("  " + " · ".join(choices), style="dim", markup=False)
    chosen = Prompt.ask(
        "What is it for?" + (" (Enter keeps it)" if current else " (Enter to skip)"),
        choices=[*choices, ""],
        default="",
        show_choices=False,
        show_default=False,
        console=console,
    )
    if chosen:
        ask.save(PlanFields(purpose=Purpose(chosen)))
    _questions(ask)
    if ask.loaded.cycle.status is Status.PLAN:
        _predictions(ask)
    for name, question in (("who", "Who will run it?"), ("where", "Where?")):
        if value := ask.text(question, getattr(ask.loaded.cycle.plan, name)):
            ask.save(_only(name, value))
    when = ask.loaded.cycle.plan.when
    for key, question in (("start", "First day of the test"), ("end", "Last day of the test")):
        day = ask.day(question, getattr(when, key) if when else None)
        if day is not None:
            try:
                ask.save(_only(key, day))
            except PdsaError as exc:
                for line in error_lines(exc):
                    console.print(line, style="red", markup=False)
    for name, question in (
        ("scale", "How small? (people, shifts, days)"),
        ("data_collection", "How will the data be collected, by whom?"),
    ):
        if value := ask.text(question, getattr(ask.loaded.cycle.plan, name)):
            ask.save(_only(name, value))
    _tasks(ask)
    console.print(f"plan of {ask.loaded.cycle.id} saved", style="green", markup=False)


def _only(name: str, value: object) -> PlanFields:
    """Plan answers with just this one field given."""
    fields = PlanFields()
    setattr(fields, name, value)
    return fields


def _questions(ask: _Asker) -> None:
    for number, question in enumerate(ask.loaded.cycle.plan.questions, start=1):
        ask.console.print(f"  {number}. {clean(question)}", style="dim", markup=False)
    ask.console.print("What do you want to learn? One question per line; an empty line ends.")
    while line := ask.line():
        ask.save(PlanFields(questions=[line]))


def _predictions(ask: _Asker) -> None:
    """A prediction for each question that has none yet (as the NHS series template asks)."""
    plan = ask.loaded.cycle.plan
    answered = {p.question for p in plan.predictions}
    measures = [m.id for m in ask.ws.project().measures]
    for number, question in enumerate(plan.questions, start=1):
        if number in answered:
            continue
        ask.console.print(f"Question {number}: {clean(question)}", style="bold", markup=False)
        statement = ask.text("What do you predict?", None)
        if statement is None:
            continue
        # Saved at once, then completed answer by answer: an interruption keeps what was said.
        added = add_prediction(ask.ws, ask.loaded, statement, question=number)
        ask.loaded, pid = added.loaded, added.value.id
        if measures:
            ask.console.print("  measures: " + ", ".join(measures), style="dim", markup=False)
            measure = Prompt.ask(
                "Measure it is judged on (Enter for none)",
                choices=[*measures, ""],
                default="",
                show_choices=False,
                show_default=False,
                console=ask.console,
            )
            if measure:
                ask.loaded = update_prediction(ask.ws, ask.loaded, pid, {"measure": measure}).loaded
                expect = _ask_parsed(
                    ask, "Expected (e.g. below 8, at least 75%)", parse_expectation
                )
                if expect:
                    ask.loaded = update_prediction(
                        ask.ws, ask.loaded, pid, {"expect": expect}
                    ).loaded
        confidence = _ask_parsed(ask, "How sure, 0-100%?", parse_confidence)
        if confidence is not None:
            ask.loaded = update_prediction(
                ask.ws, ask.loaded, pid, {"confidence": confidence}
            ).loaded


def _update(ask: _Asker, pid: str, **changes: Any) -> None:
    ask.loaded = update_prediction(ask.ws, ask.loaded, pid, changes).loaded


def _ask_parsed(ask: _Asker, question: str, parse: Any) -> Any:
    while True:
        answer = ask.text(question, None)
        if answer is None:
            return None
        try:
            return parse(answer)
        except ValueError:
            ask.console.print(f"  '{clean(answer)}' is not understood", style="red", markup=False)


def _tasks(ask: _Asker) -> None:
    ask.console.print("Tasks: what | who | due (who and due optional); an empty line ends.")
    while line := ask.line():
        try:
            ask.save(PlanFields(tasks=[parse_task(line)]))
        except PdsaError as exc:
            for text in error_lines(exc):
                ask.console.print(text, style="red", markup=False)


def huddle_notes(
    ws: Workspace, loaded: LoadedCycle, on: dt.date, kind: NoteKind, saved: list[NoteKind]
) -> None:
    """Notes typed one per line, each saved at once; `problem:` or `deviation:` at the start
    of a line files it there. The kind of each note saved is appended to `saved`, so the
    caller can say what was kept, also after an interruption."""
    console = out()
    console.print(
        f"Notes for {loaded.cycle.id}, dated {on}. One per line; start with 'problem:' or "
        "'deviation:' to file it there; an empty line ends.",
        markup=False,
    )
    while line := console.input("  > ").strip():
        chosen = kind
        for prefix, other in (("problem:", NoteKind.PROBLEM), ("deviation:", NoteKind.DEVIATION)):
            if line.lower().startswith(prefix):
                chosen, line = other, line[len(prefix) :].strip()
        loaded = add_note(ws, loaded, line, chosen, on=on).loaded
        saved.append(chosen)
