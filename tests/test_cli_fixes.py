"""Commands say what they did, take what their messages tell people to type, and drop nothing
the team wrote: the fixes a documentation writer's run-through asked for."""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from tests.checkfixture import A_ID, B_ID, write_clean_project
from tests.conftest import Invoke


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def findings(run: Invoke, code: str) -> list[dict[str, str]]:
    result = run("check", "--format", "json")
    return [f for f in json.loads(result.stdout)["findings"] if f["code"] == code]


# --- 10. following PD406's hint clears it ------------------------------------------------------


def test_following_the_pd406_hint_clears_it(project: Path, run: Invoke) -> None:
    write_clean_project(project)
    edit(project, f"cycles/{B_ID}.yaml", "change_idea: sbar-card", "change_idea: bedside-handoff")
    (finding,) = findings(run, "PD406")
    command = finding["hint"].split("record it: ")[1].split(";")[0]
    assert command == f"pdsa act {A_ID} --change-idea bedside-handoff"
    args = shlex.split(command)[1:]
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    assert "moved on to bedside-handoff" in result.stderr
    assert findings(run, "PD406") == []
    text = (project / "cycles" / f"{A_ID}.yaml").read_text(encoding="utf-8")
    assert "next_change_idea: bedside-handoff" in text


def test_recording_the_next_idea_refuses_what_makes_no_sense(project: Path, run: Invoke) -> None:
    write_clean_project(project)
    own = run("act", A_ID, "--change-idea", "sbar-card")
    assert own.exit_code == 2 and "--change-idea" in own.stderr
    unknown = run("act", A_ID, "--change-idea", "no-such-idea")
    assert unknown.exit_code == 2 and "no change idea 'no-such-idea'" in unknown.stderr
    in_plan = run("act", B_ID, "--change-idea", "bedside-handoff")
    assert in_plan.exit_code == 1 and "is in plan" in in_plan.stderr
    no_decision = run("act", B_ID, "--rationale", "why")
    assert no_decision.exit_code == 2 and "--decision" in no_decision.stderr


# --- 12. an error names the parameter as it is typed ---------------------------------------------


def test_errors_name_a_positional_id_as_an_argument(project: Path, run: Invoke) -> None:
    cases = [
        (("add", "idea", "sbar-card", "--title", "again"), "ID: there is already a change idea"),
        (
            (
                "add",
                "measure",
                "late-meds",
                "--title",
                "x",
                "--type",
                "outcome",
                "--better",
                "lower",
            ),
            "ID: there is already a measure",
        ),
        (("add", "driver", "shared-format", "--title", "x"), "ID: there is already a driver"),
        (("add", "idea", "Bad Id", "--title", "x"), "ID: 'Bad Id' is not a valid id"),
        (("add", "aim", "  "), "STATEMENT: an aim needs a statement"),
    ]
    for args, said in cases:
        result = run(*args)
        assert result.exit_code == 2, (args, result.stderr)
        assert f"pdsa: error: {said}" in result.stderr, (args, result.stderr)
        assert "--id" not in result.stderr and "--statement" not in result.stderr


def test_errors_about_an_option_still_name_the_flag(project: Path, run: Invoke) -> None:
    assert run("add", "aim", "Faster handoffs", "--id", "fast").exit_code == 0
    again = run("add", "aim", "Faster handoffs again", "--id", "fast")
    assert again.exit_code == 2 and "pdsa: error: --id: there is already an aim" in again.stderr
    goal = run(
        "add", "measure", "m2", "--title", "x", "--type", "outcome", "--better", "lower",
        "--goal", "inf",
    )  # fmt: skip
    assert goal.exit_code == 2 and "pdsa: error: --goal: needs a finite number" in goal.stderr


# --- 13. add measure takes every field a measure has ---------------------------------------


def test_add_measure_takes_kind_period_multiply_chart_rules(project: Path, run: Invoke) -> None:
    import yaml

    result = run(
        "add", "measure", "falls", "--title", "Falls per 1,000 bed-days", "--type", "balancing",
        "--better", "lower", "--kind", "rate", "--period", "month", "--multiply", "1000",
        "--chart", "u",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    neutral = run(
        "add", "measure", "temp", "--title", "Ward temperature", "--type", "balancing",
        "--better", "neutral", "--chart", "i", "--rules", "mdc",
    )  # fmt: skip
    assert neutral.exit_code == 0, neutral.stderr
    measures = yaml.safe_load((project / "pdsa.yaml").read_text(encoding="utf-8"))["measures"]
    falls, temp = measures[-2:]
    assert (falls["kind"], falls["period"], falls["multiply"], falls["chart"]) == (
        "rate",
        "month",
        1000,
        "u",
    )
    assert (temp["better"], temp["chart"], temp["rules"]) == ("neutral", "i", "mdc")
    assert run("check").exit_code == 0


def test_add_measure_checks_fields_as_the_file_does(project: Path, run: Invoke) -> None:
    before = (project / "pdsa.yaml").read_text(encoding="utf-8")
    base = ("add", "measure", "m", "--title", "M", "--type", "outcome", "--better", "lower")
    for extra, said in (
        (("--multiply", "100"), "multiply applies to a proportion or a rate"),
        (("--rules", "mdc"), "rules: mdc needs an XmR chart"),
        (("--kind", "rate", "--multiply", "0"), "--multiply: "),
        (("--kind", "time-between-events", "--period", "week"), "has no period"),
        (("--chart", "pie"), "'pie'"),
    ):
        result = run(*base, *extra)
        assert result.exit_code == 2, (extra, result.stderr)
        assert said in result.stderr, (extra, result.stderr)
        assert "Traceback" not in result.stderr
    assert (project / "pdsa.yaml").read_text(encoding="utf-8") == before


# --- 14. init points to pdsa add; the placeholder aim is not an aim --------------------------


def test_init_points_to_add_and_the_placeholder_aim_is_flagged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Invoke
) -> None:
    root = tmp_path / "new-project"
    made = run("init", str(root))
    assert made.exit_code == 0, made.stderr
    assert "describe your aim" not in made.stderr
    assert "pdsa add aim" in made.stderr and "pdsa add measure" in made.stderr
    monkeypatch.chdir(root)
    (finding,) = findings(run, "PD507")
    assert finding["severity"] == "warning" and "placeholder" in finding["message"]
    for args in (("report",), ("report", "--format", "markdown", "--out", "-")):
        shown = run(*args)
        assert "Describe what you will improve" not in shown.stdout
        assert "not written yet" in shown.stdout
    assert load_json(run("report", "--json"))["project"]["aims"] == []
    assert load_json(run("tree", "--json"))["aims"] == []
    assert run("add", "aim", "Falls halved by June 2027 on Ward 4").exit_code == 0
    assert findings(run, "PD507") == []
    assert "Aim: Falls halved by June 2027 on Ward 4" in run("report").stdout


def load_json(result: Result) -> dict[str, Any]:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


# --- 15. keys go under their own comments, in the real templates -----------------------------


def lines_between(text: str, first: str, last: str) -> list[str]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(first))
    end = next(i for i in range(start, len(lines)) if lines[i].startswith(last))
    return lines[start : end + 1]


def test_purpose_goes_under_the_objective_not_the_questions_heading(
    project: Path, run: Invoke
) -> None:
    made = run("new", "Card on days", "-c", "sbar-card", "--date", "2026-11-02")
    path = project / made.stdout.strip()
    assert run("plan", path.stem, "--objective", "Learn if it helps").exit_code == 0
    assert run("plan", path.stem, "--purpose", "test-change").exit_code == 0
    assert lines_between(path.read_text(encoding="utf-8"), "  objective:", "  questions:") == [
        "  objective: Learn if it helps",
        "  purpose: test-change",
        "  # Questions: what do we want this test to answer?",
        "  questions: []",
    ]


def test_retrospective_goes_above_the_plan_heading(project: Path, run: Invoke) -> None:
    made = run(
        "new", "Card in 2025", "-c", "sbar-card", "--date", "2026-11-02",
        "--retrospective", "Run in 2025",
    )  # fmt: skip
    text = (project / made.stdout.strip()).read_text(encoding="utf-8")
    assert lines_between(text, "created:", "plan:") == [
        "created: 2026-11-02",
        "retrospective: Run in 2025",
        "",
        "# PLAN: What change are we testing? What do we want to learn? What do we predict?",
        "plan:",
    ]


def test_pdsa_add_goes_below_the_init_templates_examples(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Invoke
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("init", ".").exit_code == 0
    for args in (
        ("add", "measure", "falls", "--title", "Falls", "--type", "outcome", "--better", "lower"),
        ("add", "measure", "late", "--title", "Late", "--type", "balancing", "--better", "lower"),
        ("add", "idea", "card", "--title", "A card"),
    ):
        result = run(*args)
        assert result.exit_code == 0, result.stderr
    text = (tmp_path / "pdsa.yaml").read_text(encoding="utf-8")
    measures = lines_between(text, "measures:", "drivers:")
    examples = [i for i, line in enumerate(measures) if line.startswith("  #")]
    entries = [i for i, line in enumerate(measures) if line.startswith("  - id:")]
    assert examples and entries and max(examples) < min(entries)
    assert [measures[i] for i in entries] == ["  - id: falls", "  - id: late"]
    assert measures[-2:] == ["", "drivers:"]  # the blank line still ends the section
    ideas = text[text.index("change_ideas:") :].splitlines()
    assert ideas[-2:] == ["  - id: card", "    title: A card"]
    assert all(line.startswith("  #") for line in ideas[1:-2])


# --- 17. record's usage line --------------------------------------------------------------------


def test_record_usage_line_has_no_stray_brackets(project: Path, run: Invoke) -> None:
    usage = next(line for line in run("record", "--help").stdout.splitlines() if "Usage:" in line)
    assert usage.split("Usage:")[1].split() == [
        "pdsa",
        "record",
        "[OPTIONS]",
        "{MEASURE}",
        "[VALUE]",
    ]
    assert run("record", "handoff-minutes", "-28", "--date", "2026-11-02").exit_code == 0
    two = run("record", "handoff-minutes", "5", "6")
    assert two.exit_code == 2 and "one VALUE at a time" in two.stderr


# --- 19. wrapped lines keep their indent ------------------------------------------------------


def narrow(*args: str, columns: int = 60) -> Result:
    from typer.testing import CliRunner

    from pdsa.cli import app
    from tests.conftest import CLI_ENV

    return CliRunner().invoke(app, list(args), env={**CLI_ENV, "COLUMNS": str(columns)})


def test_report_ramps_wrap_under_their_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from tests.conftest import REPO

    for part in ("pdsa.yaml", "cycles", "measures"):
        source = REPO / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / part)
    monkeypatch.chdir(tmp_path)
    result = narrow("report", "--date", "2026-11-21", columns=60)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Ramps"))
    end = next(i for i, line in enumerate(lines) if line.startswith("Needs attention"))
    ramps = [line.rstrip() for line in lines[start + 1 : end] if line.strip()]
    steps = [line for line in ramps if line.startswith(" ")]
    assert steps and all(line.startswith(("    ", "  → ")) for line in steps), steps
    assert any(line.startswith("    ") and not line.lstrip().startswith("→") for line in steps)


def test_recorded_learning_lines_are_indented_under_the_label(project: Path, run: Invoke) -> None:
    from rich.console import Console

    from pdsa.render.study_meeting import briefing_view
    from pdsa.store import Workspace
    from pdsa.study import brief, load_data

    made = run("new", "Card", "-c", "sbar-card", "--date", "2026-11-02")
    cycle_id = Path(made.stdout.strip()).stem
    assert run("predict", cycle_id, "Nurses like it", "--id", "liked").exit_code == 0
    assert run("start", cycle_id, "--date", "2026-11-03").exit_code == 0
    partial = run(
        "study", cycle_id, "--date", "2026-11-10", "--finished", "2026-11-07",
        "--actual", "liked=-", "--learning", "First thing we learned",
        "--learning", "Second thing we learned", "--surprise", "One surprise",
    )  # fmt: skip
    assert partial.exit_code == 1  # the decision is still to come
    ws = Workspace(project)
    cycle = ws.load_cycle(cycle_id).cycle
    console = Console(width=60, record=True, color_system=None)
    console.print(briefing_view(brief(ws, cycle, cycle.created, load_data(ws, cycle)), 60))
    lines = console.export_text().splitlines()
    first = next(i for i, line in enumerate(lines) if "learned:" in line)
    column = lines[first].index("First thing")
    assert lines[first + 1].index("Second thing") == column
    assert lines[first + 1][:column].strip() == ""


# --- 20. retrospective cycles and bundles are marked everywhere -------------------------------


def test_retrospective_cycles_are_marked_in_ramps_and_tree(project: Path, run: Invoke) -> None:
    made = run(
        "new", "Card in 2025", "-c", "sbar-card", "--date", "2026-11-02",
        "--retrospective", "Run before we used pdsa",
    )  # fmt: skip
    assert made.exit_code == 0, made.stderr
    report = run("report", "--date", "2026-11-21")
    ramps = report.stdout[report.stdout.index("Ramps") : report.stdout.index("Needs attention")]
    assert "entered after the fact" in ramps
    tree = run("tree")
    assert "card-2025 (plan) [entered after the fact]" in tree.stdout
    assert "entered after the fact" in run("tree", "--format", "mermaid").stdout
    drivers = json.loads(run("tree", "--json").stdout)["drivers"]
    ideas = [i for d in drivers for s in d["secondary"] for i in s["change_ideas"]]
    ramp = next(i for i in ideas if i["id"] == "sbar-card")["ramps"][0]
    assert ramp[0]["retrospective"] is True
    markdown = run("report", "-f", "markdown", "-o", "-", "--date", "2026-11-21").stdout
    ramps = markdown[markdown.index("## Driver diagram and ramps") : markdown.index("## Needs")]
    assert "entered after the fact" in ramps


def test_a_bundle_lane_shows_every_idea(project: Path, run: Invoke) -> None:
    import re

    made = run(
        "new", "Card and bedside", "-c", "sbar-card", "-c", "bedside-handoff",
        "--date", "2026-11-02",
    )  # fmt: skip
    cycle_id = Path(made.stdout.strip()).stem
    assert (
        run("predict", cycle_id, "Shorter", "-m", "handoff-minutes", "--below", "9").exit_code == 0
    )
    assert run("start", cycle_id, "--date", "2026-11-03").exit_code == 0
    for day, value in (("2026-11-02", "11"), ("2026-11-04", "9"), ("2026-11-06", "8")):
        assert run("record", "handoff-minutes", value, "--date", day).exit_code == 0
    chart = json.loads(run("chart", "handoff-minutes", "--json", "--date", "2026-11-07").stdout)
    (mark,) = chart["cycles"]
    assert mark["change_ideas"] == ["sbar-card", "bedside-handoff"]
    assert run("chart", "handoff-minutes", "--out", "c.svg", "--date", "2026-11-07").exit_code == 0
    svg = (project / "c.svg").read_text(encoding="utf-8")
    stripes = re.findall(rf'id="cycle-{cycle_id}-idea-(\d)"', svg)
    assert stripes == ["1", "2"]
    fills = set(
        re.findall(r'id="cycle-[^"]+-idea-\d"[^>]*>\s*<path[^>]*style="fill: (#[0-9a-f]+)', svg)
    )
    assert len(fills) == 2  # two colours, one per idea


# --- 21. notes, notices, follow-ups, JSON nulls and the plan after Do -------------------------


def running_cycle(run: Invoke, title: str = "Card on days") -> str:
    made = run("new", title, "-c", "sbar-card", "--date", "2026-11-02")
    cycle_id = Path(made.stdout.strip()).stem
    assert run("predict", cycle_id, "Nurses like it", "--id", "liked").exit_code == 0
    assert run("start", cycle_id, "--date", "2026-11-03").exit_code == 0
    return cycle_id


def test_typed_notes_say_what_was_saved(
    project: Path, run: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pdsa.cli import words

    cycle_id = running_cycle(run)
    monkeypatch.setattr(words, "_interactive", lambda: True)
    typed = run(
        "note", cycle_id, "--date", "2026-11-04", input="Cards ran out\nproblem: Lost one\n\n"
    )
    assert typed.exit_code == 0, typed.stderr
    assert f"cycles/{cycle_id}.yaml: 1 observation and 1 problem noted" in typed.stderr
    nothing = run("note", cycle_id, "--date", "2026-11-04", input="\n")
    assert nothing.exit_code == 0 and "nothing noted" in nothing.stderr


def test_ignoring_a_notice_says_it_cannot_be(project: Path, run: Invoke) -> None:
    path = project / "pdsa.yaml"
    path.write_text(path.read_text() + "check:\n  ignore: [PD207]\n", encoding="utf-8")
    made = run("new", "Old test", "--date", "2026-11-02", "--retrospective", "Run in 2025")
    assert made.exit_code == 0
    result = run("check")
    assert "PD207" in result.stdout  # still said
    assert "PD606" in result.stdout and "does not change it" in result.stdout
    assert result.exit_code == 0  # notices never fail the check


def test_follow_up_refuses_an_abandoned_cycle_and_a_future_date(project: Path, run: Invoke) -> None:
    cycle_id = running_cycle(run)
    studied = run(
        "study", cycle_id, "--date", "2026-11-10", "--finished", "2026-11-07",
        "--actual", "liked=-", "--learning", "Nobody used it", "--decision", "abandon",
        "--rationale", "Not used",
    )  # fmt: skip
    assert studied.exit_code == 0, studied.stderr
    abandoned = run("follow-up", cycle_id, "--held", "yes", "--date", "2026-11-20")
    assert abandoned.exit_code == 1 and "is abandoned" in abandoned.stderr
    other = running_cycle(run, "Card on nights")
    kept = run(
        "study", other, "--date", "2026-11-10", "--finished", "2026-11-07",
        "--actual", "liked=-", "--learning", "Used", "--decision", "adopt", "--rationale", "Used",
    )  # fmt: skip
    assert kept.exit_code == 0, kept.stderr
    # A date after today is recorded as given (a walkthrough may script one), but said.
    future = run("follow-up", other, "--held", "yes", "--date", "2999-01-01")
    assert future.exit_code == 0, future.stderr
    assert "warning: --date 2999-01-01 is after today" in future.stderr
    past = run("follow-up", other, "--held", "yes", "--date", "2026-11-20")
    assert past.exit_code == 0 and "warning" not in past.stderr


def test_report_json_says_null_for_no_assurance(project: Path, run: Invoke) -> None:
    measures = json.loads(run("report", "--json").stdout)["measures"]
    assert [m["assurance"] for m in measures] == [None, None]


def test_a_plan_rewritten_after_do_started_is_flagged(project: Path, run: Invoke) -> None:
    cycle_id = running_cycle(run)
    assert findings(run, "PD303") == []
    changed = run("plan", cycle_id, "--scale", "Every shift")
    assert changed.exit_code == 0
    assert "warning: the test began on 2026-11-03: plan.scale" in changed.stderr
    (finding,) = findings(run, "PD303")
    assert finding["message"] == "plan.scale changed after Do started"
    assert "--deviation" in finding["hint"]
