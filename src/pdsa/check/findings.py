"""The rule codes of `pdsa check` and what a finding is.

Codes are stable: CI configurations and `check: {ignore, warn}` in pdsa.yaml refer to them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

DocPath = tuple[str | int, ...]

# A notice is said every time and never fails the check: it cannot be switched off, made
# a warning or an error (`check: {ignore, warn}` and --strict leave it as it is).
Severity = Literal["error", "warning", "notice"]


@dataclass(frozen=True)
class Rule:
    """A check: its stable code, readable name, default severity and what it means."""

    code: str
    name: str
    severity: Severity
    summary: str


RULES: dict[str, Rule] = {
    r.code: r
    for r in [
        Rule("PD101", "yaml-syntax", "error", "the file is not valid YAML"),
        Rule("PD102", "schema", "error", "the file does not match the format"),
        Rule("PD103", "stray-file", "error", "a file in cycles/ that is not <id>.yaml"),
        Rule("PD104", "id-mismatch", "error", "a cycle's id differs from its file name"),
        Rule("PD105", "duplicate-id", "error", "two files claim the same cycle id"),
        Rule(
            "PD106",
            "leftover-temp-file",
            "warning",
            "a temp file left by a write that was interrupted (safe to delete)",
        ),
        Rule("PD201", "no-prediction", "error", "a cycle past plan has no prediction"),
        Rule("PD202", "plan-without-prediction", "warning", "a cycle in plan has no prediction"),
        Rule(
            "PD203",
            "prediction-without-expectation",
            "warning",
            "a prediction names a measure but has no expectation",
        ),
        Rule("PD204", "empty-statement", "error", "a prediction has no statement"),
        Rule("PD205", "confidence-range", "error", "a confidence is outside 0..1"),
        Rule(
            "PD207",
            "retrospective",
            "notice",
            "a cycle entered after the fact: no pre-registration is claimed",
        ),
        Rule("PD301", "not-locked", "error", "a cycle past plan has no prediction lock"),
        Rule("PD302", "lock-mismatch", "error", "predictions changed after Do started"),
        Rule("PD303", "plan-changed", "warning", "the plan was rewritten after Do started"),
        Rule("PD401", "do-not-started", "error", "a cycle past plan has no do.started"),
        Rule("PD402", "missing-result", "error", "a prediction has no study result"),
        Rule("PD403", "missing-decision", "error", "a cycle in act/done has no decision"),
        Rule("PD404", "dangling-link", "error", "follows/next names no cycle, or the cycle itself"),
        Rule("PD405", "ramp-mismatch", "warning", "follows and next disagree"),
        Rule(
            "PD406",
            "change-idea-switch",
            "warning",
            "a cycle follows one of another change idea without the switch being recorded",
        ),
        Rule("PD407", "plan-window-passed", "warning", "a planned Do window passed unstarted"),
        Rule("PD501", "date-order", "error", "dates out of order"),
        Rule("PD502", "met-mismatch", "error", "`met` disagrees with the expectation"),
        Rule("PD503", "unknown-measure", "error", "a prediction names an unknown measure"),
        Rule("PD504", "unknown-change-idea", "error", "a cycle names an unknown change idea"),
        Rule("PD505", "unknown-driver", "error", "a change idea names an unknown driver"),
        Rule("PD506", "unknown-prediction", "error", "a result answers no prediction"),
        Rule("PD507", "placeholder-aim", "warning", "the aim is still the placeholder of init"),
        Rule("PD601", "measure-data", "error", "a measure CSV does not parse"),
        Rule("PD602", "orphan-data", "warning", "a measure CSV for no measure in pdsa.yaml"),
        Rule("PD603", "unknown-rule", "warning", "check settings name an unknown rule"),
        Rule(
            "PD604",
            "chart-kind-mismatch",
            "warning",
            "a measure's chart does not fit its data",
        ),
        Rule(
            "PD605",
            "baseline-not-used",
            "warning",
            "a Making Data Count baseline is too short to fix the limits",
        ),
        Rule(
            "PD606",
            "notice-not-silenceable",
            "notice",
            "check settings try to switch off or downgrade a notice",
        ),
        # The history rules (`--history`); see docs/ci.md#history and docs/security.md.
        Rule(
            "PD701", "predicted-late", "error", "predictions were not committed before the results"
        ),
        Rule(
            "PD702",
            "relocked",
            "error",
            "the lock differs from the predictions on record before Do started (a hedge)",
        ),
        Rule(
            "PD703",
            "backdated-start",
            "error",
            "do.started is earlier than the commit that first recorded the predictions",
        ),
        Rule(
            "PD704",
            "data-before-predictions",
            "error",
            "measure rows dated in the Do window were committed before the predictions",
        ),
        Rule(
            "PD705",
            "unparsed-results",
            "error",
            "a version that does not parse shows results before the predictions were committed",
        ),
        Rule(
            "PD706",
            "history-rule-silenced",
            "error",
            "a setting to silence a history rule was added with or after the results",
        ),
        Rule(
            "PD707",
            "recreated-cycle",
            "error",
            "a deleted cycle recorded results for the same prediction before this one had it",
        ),
        Rule(
            "PD708",
            "dates-out-of-order",
            "error",
            "a commit the proof rests on is dated before its parent: history looks rewritten",
        ),
        Rule(
            "PD801",
            "low-fidelity",
            "error",
            "method fidelity below --min-fidelity (opt-in: only with that option)",
        ),
    ]
}
BY_NAME = {r.name: r.code for r in RULES.values()}
HISTORY_CODES = frozenset(c for c in RULES if c.startswith("PD7"))


@dataclass
class Finding:
    """One thing a reviewer would point at."""

    code: str
    message: str
    path: Path
    doc_path: DocPath = ()
    hint: str = ""
    severity: Severity | None = None  # None: the rule's default
    line: int = 0
    column: int = 0
    extra: dict[str, str] = field(default_factory=dict)
    # Project settings (`ignore`, `warn`) that may not apply to this finding: a history rule
    # is silenced only by a setting committed before the results (see check/silence.py).
    refused: frozenset[str] = frozenset()

    @property
    def name(self) -> str:
        """The rule's readable name."""
        return RULES[self.code].name
