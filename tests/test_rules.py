"""Every `pdsa check` code: a failing example (with its place) and the clean project passing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pdsa.check import CheckOptions, run_check
from pdsa.check.findings import HISTORY_CODES, RULES
from pdsa.store import Workspace
from tests.checkfixture import A_ID, B_ID, write_clean_project

A = f"cycles/{A_ID}.yaml"
B = f"cycles/{B_ID}.yaml"


@pytest.fixture
def clean(project: Path) -> Path:
    write_clean_project(project)
    return project


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text()
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1))


def write(root: Path, rel: str, text: str) -> None:
    (root / rel).write_text(text)


def test_the_clean_project_has_no_findings(clean: Path) -> None:
    report = run_check(Workspace(clean))
    assert report.findings == [] and report.files == 4


Mutation = Callable[[Path], None]
CASES: list[tuple[str, Mutation, str, str]] = [
    ("PD101", lambda r: edit(r, A, "status: done", "status: [done"), A, "YAML syntax error"),
    ("PD101", lambda r: write(r, A, ""), A, "file is empty"),
    ("PD102", lambda r: edit(r, A, "  learning:", "  lerning:"), A, "unknown key 'lerning'"),
    (
        "PD102",
        lambda r: edit(r, "pdsa.yaml", "better: lower", "better: less"),
        "pdsa.yaml",
        "measures[0].better",
    ),
    ("PD103", lambda r: write(r, "cycles/notes.txt", "x"), "cycles/notes.txt", "not a cycle"),
    ("PD103", lambda r: write(r, "cycles/x.yml", "x: 1"), "cycles/x.yml", "not a cycle"),
    ("PD104", lambda r: edit(r, B, f"id: {B_ID}", "id: 2026-10-20-other"), B, "does not match"),
    ("PD105", lambda r: edit(r, B, f"id: {B_ID}", f"id: {A_ID}"), B, "also the id of"),
    ("PD201", lambda r: _start_without_predictions(r), B, "no prediction"),
    (
        "PD202",
        lambda r: edit(
            r,
            B,
            "  predictions:\n    - id: nights\n      statement: Night nurses use it unprompted.\n",
            "  predictions: []\n",
        ),
        B,
        "no prediction yet",
    ),
    (
        "PD203",
        lambda r: edit(r, B, "unprompted.\n", "unprompted.\n      measure: handoff-minutes\n"),
        B,
        "has no expectation",
    ),
    (
        "PD204",
        lambda r: edit(r, B, "statement: Night nurses use it unprompted.", "statement: '  '"),
        B,
        "empty statement",
    ),
    (
        "PD204",
        lambda r: edit(r, B, "      statement: Night nurses use it unprompted.\n", ""),
        B,
        "missing required key 'statement'",
    ),
    (
        "PD205",
        lambda r: edit(r, A, "confidence: 0.9", "confidence: 90"),
        A,
        "less than or equal to 1",
    ),
    ("PD301", lambda r: _drop_lock(r), A, "not locked"),
    (
        "PD302",
        lambda r: edit(r, A, "expect: {below: 8}", "expect: {below: 9}"),
        A,
        "'shorter' changed after Do started",
    ),
    (
        "PD302",
        lambda r: edit(
            r,
            A,
            "    - id: safe\n      statement: No allergy is missed.\n      confidence: 0.9\n",
            "",
        ),
        A,
        "'safe' was removed",
    ),
    (
        "PD303",
        lambda r: edit(
            r, A, "do:\n  started:", "    plan: {objective: '000000000000'}\ndo:\n  started:"
        ),
        A,
        "plan.objective changed after Do started",
    ),
    ("PD401", lambda r: edit(r, A, "  started: 2026-10-05\n", ""), A, "do.started is empty"),
    (
        "PD402",
        lambda r: edit(
            r,
            A,
            "    - prediction: safe\n      actual: None missed in 40 handoffs\n      met: true\n",
            "",
        ),
        A,
        "'safe' has no study result",
    ),
    (
        "PD403",
        lambda r: edit(r, A, "  rationale: Try it on nights.\n", ""),
        A,
        "act.rationale is empty",
    ),
    (
        "PD404",
        lambda r: edit(r, B, f"follows: {A_ID}", "follows: 2026-01-01-gone"),
        B,
        "not a cycle",
    ),
    ("PD405", lambda r: edit(r, A, f"next: {B_ID}", f"next: {A_ID}"), B, "whose act.next is"),
    (
        "PD406",
        lambda r: edit(r, B, "change_idea: sbar-card", "change_idea: bedside-handoff"),
        B,
        "changes idea without saying so",
    ),
    (
        "PD407",
        lambda r: edit(r, B, "plan:\n", "plan:\n  when: {start: 2026-10-21, end: 2026-10-25}\n"),
        B,
        "window ended on 2026-10-25",
    ),
    (
        "PD207",
        lambda r: edit(r, B, "status: plan\n", "status: plan\nretrospective: Run in 2023\n"),
        B,
        "entered after the fact (Run in 2023)",
    ),
    (
        "PD501",
        lambda r: edit(r, A, "finished: 2026-10-09", "finished: 2026-10-02"),
        A,
        "do.finished (2026-10-02) is before do.started",
    ),
    (
        "PD502",
        lambda r: edit(r, A, "actual: 7.5", "actual: 8.5"),
        A,
        "actual 8.5 does not meet < 8, but met is true",
    ),
    (
        "PD503",
        lambda r: edit(r, A, "measure: handoff-minutes", "measure: handoff-mins"),
        A,
        "unknown measure 'handoff-mins'",
    ),
    (
        "PD504",
        lambda r: edit(r, B, "change_idea: sbar-card", "change_idea: sbar"),
        B,
        "unknown change idea 'sbar'",
    ),
    (
        "PD505",
        lambda r: edit(r, "pdsa.yaml", "driver: shared-format", "driver: shared"),
        "pdsa.yaml",
        "unknown driver 'shared'",
    ),
    (
        "PD506",
        lambda r: edit(r, A, "- prediction: safe", "- prediction: safer"),
        A,
        "unknown prediction 'safer'",
    ),
    (
        "PD507",
        lambda r: edit(
            r,
            "pdsa.yaml",
            "  - statement: Median handoff under 8 minutes by March 2027 for Ward 4 patients",
            "  - statement: Describe what you will improve, by how much, by when.",
        ),
        "pdsa.yaml",
        "still the placeholder",
    ),
    (
        "PD601",
        lambda r: write(
            r,
            "measures/handoff-minutes.csv",
            "date,value,note\n2026-10-05,7.5,\n2026-13-01,8,\n2026-10-19,fast,\n",
        ),
        "measures/handoff-minutes.csv",
        "is not a date",
    ),
    (
        "PD604",
        lambda r: edit(r, "pdsa.yaml", "    goal: 8\n", "    goal: 8\n    chart: p\n"),
        "pdsa.yaml",
        "a p chart needs numerators and denominators",
    ),
    (
        "PD604",
        lambda r: _one_value_per_period(r),
        "pdsa.yaml",
        "every week holds one value",
    ),
    (
        "PD606",
        lambda r: edit(
            r, "pdsa.yaml", "change_ideas:", "check:\n  warn: [retrospective]\nchange_ideas:"
        ),
        "pdsa.yaml",
        "names PD207 (retrospective), a notice",
    ),
    (
        "PD605",
        lambda r: edit(
            r,
            "pdsa.yaml",
            "    goal: 8\n",
            "    goal: 8\n    chart: i\n    rules: mdc\n    baseline: {points: 5}\n",
        ),
        "pdsa.yaml",
        "this one has 5, so it is not used",
    ),
    (
        "PD602",
        lambda r: write(r, "measures/handoff-mins.csv", "date,value,note\n"),
        "measures/handoff-mins.csv",
        "no measure 'handoff-mins'",
    ),
    (
        "PD106",
        lambda r: write(r, "cycles/.2026-10-20-x.yaml.pdsa-999999999-ab.tmp", "half a file"),
        "cycles/.2026-10-20-x.yaml.pdsa-999999999-ab.tmp",
        "left by an interrupted write",
    ),
    (
        "PD603",
        lambda r: edit(r, "pdsa.yaml", "change_ideas:", "check:\n  ignore: [PD999]\nchange_ideas:"),
        "pdsa.yaml",
        "unknown rule 'PD999'",
    ),
]


def _one_value_per_period(root: Path) -> None:
    edit(root, "pdsa.yaml", "    goal: 8\n", "    goal: 8\n    period: week\n    chart: xbar\n")
    write(root, "measures/handoff-minutes.csv", "date,value\n2026-10-05,9\n2026-10-12,8\n")


def _start_without_predictions(root: Path) -> None:
    edit(root, B, "status: plan\n", "status: do\n")
    edit(
        root,
        B,
        "  predictions:\n    - id: nights\n      statement: Night nurses use it unprompted.\n",
        "  predictions: []\ndo:\n  started: 2026-10-21\n",
    )


def _drop_lock(root: Path) -> None:
    path = root / A
    lines = path.read_text().splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("  locked:"))
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("    "))
    path.write_text("".join(lines[:start] + lines[end:]))


@pytest.mark.parametrize(
    ("code", "mutate", "file", "text"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_each_code_fires_with_a_place(
    clean: Path, code: str, mutate: Mutation, file: str, text: str
) -> None:
    mutate(clean)
    report = run_check(Workspace(clean))
    hits = [f for f in report.findings if f.code == code]
    assert hits, [(f.code, f.message) for f in report.findings]
    hit = next((f for f in hits if text in f.message), None)
    assert hit is not None, [f.message for f in hits]
    assert str(hit.path) == file
    if not file.endswith((".txt", ".yml", ".tmp")) and code not in ("PD602",):
        assert hit.line > 0, hit
    assert hit.severity == RULES[code].severity or code in ("PD402", "PD403")


def test_every_code_has_a_failing_example() -> None:
    # The history rules need git (tests/test_history.py, tests/test_proof.py); PD801 is
    # opt-in (--min-fidelity): tests/test_fidelity.py.
    tested = {c[0] for c in CASES} | HISTORY_CODES | {"PD801"}
    assert tested == set(RULES)


def test_a_recorded_switch_of_change_idea_is_not_flagged(clean: Path) -> None:
    edit(clean, B, "change_idea: sbar-card", "change_idea: bedside-handoff")
    edit(clean, A, f"  next: {B_ID}", f"  next: {B_ID}\n  next_change_idea: bedside-handoff")
    assert [f.code for f in run_check(Workspace(clean)).findings] == []


def test_a_retrospective_notice_cannot_be_switched_off(clean: Path) -> None:
    edit(clean, B, "status: plan\n", "status: plan\nretrospective: Run in 2023\n")
    edit(clean, "pdsa.yaml", "change_ideas:", "check:\n  ignore: [PD207]\nchange_ideas:")
    report = run_check(Workspace(clean), CheckOptions(strict=True))
    found = [(f.code, f.severity) for f in report.findings]
    assert found == [("PD207", "notice"), ("PD606", "notice")]  # and why ignore did nothing
    assert report.errors == 0 and report.notices == 2


def test_csv_errors_name_each_bad_line(clean: Path) -> None:
    write(
        clean,
        "measures/handoff-minutes.csv",
        "date,value,note\n2026-10-05,7.5,\n2026-13-01,8,\n2026-10-19,fast,\n",
    )
    found = [(f.line, f.column, f.message) for f in run_check(Workspace(clean)).findings]
    assert found == [(3, 1, "'2026-13-01' is not a date"), (4, 12, "'fast' is not a number")]


def test_study_and_act_in_progress_are_warnings(clean: Path) -> None:
    edit(clean, A, "status: done", "status: study")
    edit(
        clean,
        A,
        "    - prediction: safe\n      actual: None missed in 40 handoffs\n      met: true\n",
        "",
    )
    (finding,) = run_check(Workspace(clean)).findings
    assert (finding.code, finding.severity) == ("PD402", "warning")
    assert "study in progress" in finding.message


def test_override_with_a_reason_allows_met_to_differ(clean: Path) -> None:
    edit(
        clean,
        A,
        "      actual: 7.5\n      met: true\n",
        "      actual: 8.5\n      met: true\n      override: Two outliers were agency staff.\n",
    )
    assert run_check(Workspace(clean)).findings == []


def test_settings_ignore_and_downgrade_by_code_or_name(clean: Path) -> None:
    edit(clean, A, "finished: 2026-10-09", "finished: 2026-10-02")
    edit(clean, A, "actual: 7.5", "actual: 8.5")
    edit(
        clean,
        "pdsa.yaml",
        "change_ideas:",
        "check:\n  ignore: [date-order]\n  warn: [PD502]\nchange_ideas:",
    )
    report = run_check(Workspace(clean))
    assert [(f.code, f.severity) for f in report.findings] == [("PD502", "warning")]
    assert report.errors == 0


def test_strict_makes_warnings_errors(clean: Path) -> None:
    edit(
        clean,
        B,
        "  predictions:\n    - id: nights\n      statement: Night nurses use it unprompted.\n",
        "  predictions: []\n",
    )
    assert run_check(Workspace(clean)).errors == 0
    report = run_check(Workspace(clean), CheckOptions(strict=True))
    assert [(f.code, f.severity) for f in report.findings] == [("PD202", "error")]


def test_paths_limit_what_is_reported(clean: Path) -> None:
    edit(clean, A, "actual: 7.5", "actual: 8.5")
    edit(clean, B, "change_idea: sbar-card", "change_idea: sbar")
    only_b = run_check(Workspace(clean), CheckOptions(paths=(Path(B),)))
    assert [f.code for f in only_b.findings] == ["PD504"]


def test_lock_mismatch_points_at_the_changed_prediction(clean: Path) -> None:
    edit(clean, A, "confidence: 0.9", "confidence: 0.95")
    (finding,) = run_check(Workspace(clean)).findings
    assert finding.code == "PD302" and "'safe' changed after Do started" in finding.message
    assert (finding.line, finding.column) == (17, 7)


def test_the_example_project_has_no_errors() -> None:
    from tests.conftest import REPO

    report = run_check(Workspace(REPO))
    assert report.errors == 0, [(str(f.path), f.code, f.message) for f in report.findings]


def test_parallel_check_gives_the_serial_result(
    clean: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pdsa.check import files as checker_files

    edit(clean, A, "actual: 7.5", "actual: 8.5")
    edit(clean, B, "change_idea: sbar-card", "change_idea: sbar")
    serial = run_check(Workspace(clean))
    monkeypatch.setattr(checker_files, "PARALLEL_FROM", 1)
    monkeypatch.setattr(checker_files, "CHUNK", 1)
    parallel = run_check(Workspace(clean))
    assert [(f.path, f.line, f.column, f.code, f.message) for f in parallel.findings] == [
        (f.path, f.line, f.column, f.code, f.message) for f in serial.findings
    ]
    assert {f.code for f in parallel.findings} == {"PD502", "PD504"}
