"""Answers to the study meeting given up front (command-line flags), as `Prompts`, and the
flag that answers each step the meeting may still miss.

With every answer given, `pdsa study` runs without a terminal. Questions without an answer
return None, which the session records as missing; optional questions (a note, surprises,
the next cycle) count as answered with "none".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pdsa.errors import UsageError
from pdsa.model import Decision, Prediction
from pdsa.study import Briefing, Missing, Step, Suggestion
from pdsa.vocab import DECISION_CHOICES

YES = {"yes", "y", "true", "met", "1"}
NOT_JUDGED = ("", "-")  # an actual of `-` (or nothing) records "not judged", as at the prompt
NO = {"no", "n", "false", "not met", "0"}


def parse_pairs(items: list[str], flag: str) -> dict[str, str]:
    """`["shorter=7.2", "safe=no"]` -> {"shorter": "7.2", "safe": "no"}."""
    pairs: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"{flag} {item!r}: expected ID=VALUE", hint=f"{flag} shorter=7.2")
        pairs[key.strip()] = value.strip()
    return pairs


def parse_actual(text: str) -> float | str:
    """A number when it reads as one ("7.2", "7,2" is not), else the text itself."""
    try:
        return float(text)
    except ValueError:
        return text.strip()


def parse_yes_no(text: str, what: str) -> bool:
    """yes/no in the forms people type."""
    lowered = text.strip().lower()
    if lowered in YES:
        return True
    if lowered in NO:
        return False
    raise UsageError(f"{what}: '{text}' is not yes or no")


@dataclass
class Answers:
    """Everything the flags say, checked against the cycle's prediction ids."""

    actual: dict[str, str] = field(default_factory=dict)
    met: dict[str, str] = field(default_factory=dict)
    note: dict[str, str] = field(default_factory=dict)
    learning: list[str] = field(default_factory=list)  # one entry per --learning
    surprises: list[str] = field(default_factory=list)
    decision: Decision | None = None
    rationale: str | None = None
    next_title: str | None = None
    finished: dt.date | None = None
    accept_suggestions: bool = False

    def check_ids(self, predictions: list[Prediction]) -> None:
        """Refuse answers for predictions the cycle does not have (a typo would be lost)."""
        known = {p.id for p in predictions}
        for flag, given in (("--actual", self.actual), ("--met", self.met), ("--note", self.note)):
            for key in given:
                if key not in known:
                    raise UsageError(
                        f"{flag} {key}=…: the cycle has no prediction '{key}'",
                        hint="predictions: " + ", ".join(sorted(known)),
                    )


class FlagPrompts:
    """`Prompts` answered from flags only; never waits for input."""

    def __init__(self, answers: Answers) -> None:
        self.answers = answers
        self._learning_given = 0  # how many --learning lines this meeting has used

    def brief(self, briefing: Briefing) -> None:
        self.answers.check_ids(briefing.cycle.plan.predictions)

    def finished(self, default: dt.date) -> dt.date | None:
        if self.answers.finished:
            return self.answers.finished
        return default if self.answers.accept_suggestions else None

    def actual(self, p: Prediction, suggestion: Suggestion | None) -> float | str | None:
        if p.id in self.answers.actual:
            text = self.answers.actual[p.id]
            return "" if text in NOT_JUDGED else parse_actual(text)
        if self.answers.accept_suggestions and suggestion and suggestion.value is not None:
            return round(suggestion.value, 4)
        return None

    def met(self, p: Prediction, actual: float | str, implied: bool | None) -> bool | None:
        if p.id in self.answers.met:
            return parse_yes_no(self.answers.met[p.id], f"--met {p.id}")
        return implied

    def override(self, p: Prediction, implied: bool) -> str | None:
        return self.answers.note.get(p.id) or None

    def note(self, p: Prediction) -> str | None:
        return self.answers.note.get(p.id, "")

    def surprise(self, so_far: list[str]) -> str | None:
        return next((s for s in self.answers.surprises if s not in so_far), "")

    def learning(self, so_far: str | None) -> str | None:
        """Each --learning in turn, one line of learning each; a line already recorded (a
        meeting run again with the same flags) is not added twice."""
        recorded = (so_far or "").splitlines()
        while self._learning_given < len(self.answers.learning):
            given = self.answers.learning[self._learning_given]
            self._learning_given += 1
            if given not in recorded:
                return given
        return ""

    def decision(self) -> Decision | None:
        return self.answers.decision

    def rationale(self, decision: Decision | None) -> str | None:
        return self.answers.rationale

    def next_title(self, decision: Decision, planned: str | None) -> str | None:
        return self.answers.next_title or ""


_FLAGS = {
    Step.FINISHED: ("the day Do finished", "--finished YYYY-MM-DD"),
    Step.ACTUAL: ("the actual for '{p}'", "--actual {p}=VALUE"),
    Step.MET: ("whether '{p}' was met", "--met {p}=yes|no"),
    Step.WHY: ("why '{p}' is judged against its expectation", "--note {p}=REASON"),
    Step.LEARNING: ("what the team learned", "--learning TEXT"),
    Step.DECISION: ("the decision", f"--decision {'|'.join(DECISION_CHOICES)}"),
    Step.RATIONALE: ("the rationale for the decision", "--rationale TEXT"),
    Step.NEXT: ("the next cycle's title, or none", "--next TITLE"),
}


def missing_text(item: Missing) -> str:
    """`the actual for 'shorter' (--actual shorter=VALUE)`."""
    what, flag = _FLAGS[item.step]
    p = item.prediction or ""
    return f"{what.format(p=p)} ({flag.format(p=p)})"
