"""The everyday commands through the CLI: exact diffs, exit codes, dry runs, JSON."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import DATA, Invoke
from tests.test_yamltext import changed_lines

GOLDEN = Path(__file__).parent / "golden"
CYCLE_ID = "2026-11-03-sbar-handoff-card"


@pytest.fixture
def commented(project: Path) -> Path:
    """The heavily commented cycle file, in the project."""
    path = project / "cycles" / f"{CYCLE_ID}.yaml"
    shutil.copy(DATA / "commented-cycle.yaml", path)
    return path


def golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if not path.exists() or os.environ.get("PDSA_UPDATE_GOLDEN"):  # review the diff, commit
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")


def test_predict_start_act_change_only_the_lines_they_must(commented: Path, run: Invoke) -> None:
    original = commented.read_text()

    result = run("predict", CYCLE_ID, "No allergy is missed", "--id", "safe", "-p", "0.9")
    assert result.exit_code == 0, result.output
    after_predict = commented.read_text()
    assert changed_lines(original, after_predict) == (
        [],
        ["    - id: safe", "      statement: No allergy is missed", "      confidence: 0.9"],
    )

    result = run("start", CYCLE_ID, "--date", "2026-11-04")
    assert result.exit_code == 0, result.output
    after_start = commented.read_text()
    removed, added = changed_lines(after_predict, after_start)
    assert removed == [
        "status: plan                   # plan | do | study | act | done",
        "  started: ~",
    ]
    assert added[0] == "status: do                     # plan | do | study | act | done"
    assert added[1:3] == ["  locked:", added[2]] and added[2].startswith("    sha256: ")
    assert added[3:6] == ["    predictions:", added[4], added[5]]
    # The plan's fields, fingerprinted at the start (PD303 names one rewritten later).
    assert added[6] == "    plan:" and len(added[7:15]) == 8
    assert all(line.startswith("      ") for line in added[7:15])
    assert added[15:] == ["  started: 2026-11-04"]

    commented.write_text(after_start.replace("status: do     ", "status: study  "))
    before_act = commented.read_text()
    result = run(
        "act",
        CYCLE_ID,
        "-d",
        "adapt",
        "-r",
        "Move allergies to the front.",
        "--next",
        "SBAR card on nights",
        "--date",
        "2026-11-10",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "cycles/2026-11-10-sbar-card-nights.yaml"
    removed, added = changed_lines(before_act, commented.read_text())
    assert removed == [
        "status: study                  # plan | do | study | act | done",
        "  decision:      # adopt | adapt | abandon",
        "  rationale:",
        "  next:",
    ]
    assert added == [
        "status: done                   # plan | do | study | act | done",
        "  decision: adapt # adopt | adapt | abandon",
        "  date: 2026-11-10",
        "  rationale: Move allergies to the front.",
        "  next: 2026-11-10-sbar-card-nights",
    ]
    nxt = (commented.parent / "2026-11-10-sbar-card-nights.yaml").read_text()
    assert f"follows: {CYCLE_ID}" in nxt and "change_idea: sbar-card" in nxt


def test_new_follows_links_the_ramp_both_ways(commented: Path, run: Invoke) -> None:
    result = run("new", "SBAR card on nights", "--follows", "sbar", "--date", "2026-11-12")
    assert result.exit_code == 0, result.stderr
    assert "  next: 2026-11-12-sbar-card-nights\n" in commented.read_text()
    shown = run("show", "nights", "--json").stdout
    assert f'"follows": "{CYCLE_ID}"' in shown and '"change_idea": "sbar-card"' in shown
    again = run("new", "SBAR card on weekends", "--follows", CYCLE_ID, "--date", "2026-11-13")
    assert again.exit_code == 0  # act.next already set: left alone
    assert "  next: 2026-11-12-sbar-card-nights\n" in commented.read_text()


def test_start_refuses_without_a_prediction(project: Path, run: Invoke) -> None:
    assert run("new", "Bedside handoff", "--date", "2026-11-05").exit_code == 0
    result = run("start", "bedside")
    assert result.exit_code == 1
    assert "has no prediction" in result.stderr and "pdsa predict" in result.stderr


def test_predict_refuses_after_start(commented: Path, run: Invoke) -> None:
    assert run("start", CYCLE_ID, "--date", "2026-11-04").exit_code == 0
    locked = commented.read_text()
    result = run("predict", CYCLE_ID, "Something else")
    assert result.exit_code == 1 and "locked when Do started" in result.stderr
    assert commented.read_text() == locked


def test_predict_validates_its_input(commented: Path, run: Invoke) -> None:
    original = commented.read_text()
    for args, message in [
        (["--below", "8", "--above", "2"], "give one expectation, not --below, --above"),
        (["--measure", "handoff-minute"], "did you mean 'handoff-minutes'?"),
        (["--confidence", "70"], "--confidence: 70 is not between 0 and 1"),
        (["--id", "shorter"], "already has a prediction 'shorter'"),
    ]:
        result = run("predict", CYCLE_ID, "x", *args)
        assert result.exit_code == 2, args
        assert message in result.stderr
    assert commented.read_text() == original


def test_predict_writes_between_and_whole_numbers_plainly(commented: Path, run: Invoke) -> None:
    result = run(
        "predict",
        CYCLE_ID,
        "Late doses stay low",
        "-m",
        "late-meds",
        "--between",
        "0",
        "3.5",
        "--summary",
        "sum",
    )
    assert result.exit_code == 0, result.stderr
    text = commented.read_text()
    assert "      expect: {between: [0, 3.5]}\n      summary: sum\n" in text


def test_dry_run_writes_nothing_and_shows_the_diff(commented: Path, run: Invoke) -> None:
    original = commented.read_text()
    result = run("start", CYCLE_ID, "--date", "2026-11-04", "--dry-run")
    assert result.exit_code == 0
    assert "+  started: 2026-11-04" in result.stdout and "-status: plan" in result.stdout
    assert "not written" in result.stderr
    assert commented.read_text() == original
    result = run("new", "Whiteboard", "--dry-run", "--date", "2026-11-05")
    assert result.exit_code == 0 and "id: 2026-11-05-whiteboard" in result.stdout
    assert not (commented.parent / "2026-11-05-whiteboard.yaml").exists()


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("status: plan", "status: [plan", ":9:1:"),
        ("confidence: 0.7", "confidence: high", ":23:19:"),
        ("  observations: []", "  obsrvations: []", ":36:3:"),
        ("      statement: Median handoff time falls below 8 minutes.\n", "", ":19:7:"),
    ],
)
def test_broken_file_exit_3_position_no_traceback_untouched(
    commented: Path, run: Invoke, old: str, new: str, where: str
) -> None:
    broken = commented.read_text().replace(old, new)
    commented.write_text(broken)
    for args in (["show", CYCLE_ID], ["start", CYCLE_ID], ["predict", CYCLE_ID, "x"], ["list"]):
        result = run(*args)
        assert result.exit_code == 3, (args, result.output)
        first = result.stderr.splitlines()[0]
        assert first.startswith(f"cycles/{CYCLE_ID}.yaml{where}"), first
        assert "Traceback" not in result.output
        assert commented.read_text() == broken


def test_unknown_cycle_is_a_usage_error(project: Path, run: Invoke) -> None:
    result = run("show", "nope")
    assert result.exit_code == 2 and "no cycle 'nope'" in result.stderr


def test_outside_a_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Invoke) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("list")
    assert result.exit_code == 2 and "run `pdsa init`" in result.stderr


def test_list_filters_and_json(commented: Path, run: Invoke) -> None:
    assert (
        run(
            "new",
            "Bedside handoff",
            "-c",
            "bedside-handoff",
            "--date",
            "2026-11-05",
            "--owner",
            "Sam",
        ).exit_code
        == 0
    )
    assert run("start", CYCLE_ID, "--date", "2026-11-04").exit_code == 0
    result = run("list", "--json")
    assert result.exit_code == 0
    golden("list.json", result.stdout)
    rows = json.loads(result.stdout)["cycles"]
    assert [r["id"] for r in rows] == [CYCLE_ID, "2026-11-05-bedside-handoff"]
    listed = json.loads(run("list", "--json", "-s", "do").stdout)["cycles"]
    assert [r["id"] for r in listed] == [CYCLE_ID]
    only = json.loads(run("list", "--json", "-c", "bedside-handoff").stdout)["cycles"]
    assert [r["owner"] for r in only] == ["Sam"]
    table = run("list").stdout
    assert "2026-11-05-bedside-handoff" in table and "Bedside handoff" in table


def test_show_json_is_the_validated_model(commented: Path, run: Invoke) -> None:
    result = run("show", "sbar", "--json")
    assert result.exit_code == 0
    golden("show.json", result.stdout)
    data = json.loads(result.stdout)["cycle"]
    assert data["plan"]["predictions"][0]["expect"]["below"] == 8.0
    assert data["do"]["started"] is None


def test_show_renders_every_stage(commented: Path, run: Invoke) -> None:
    result = run("show", "sbar")
    assert result.exit_code == 0
    for text in ("Try an SBAR card", "Plan", "Median handoff time", "< 8", "70%", "questions"):
        assert text in result.stdout
    assert "Study" not in result.stdout  # an empty template section is not shown


def test_act_refuses_before_study_and_abandon_with_next(commented: Path, run: Invoke) -> None:
    result = run("act", CYCLE_ID, "-d", "adopt", "-r", "why")
    assert result.exit_code == 1 and "pdsa study" in result.stderr
    commented.write_text(commented.read_text().replace("status: plan", "status: study"))
    result = run("act", CYCLE_ID, "-d", "abandon", "-r", "why", "--next", "More")
    assert result.exit_code == 2 and "abandoned" in result.stderr


def test_init_scaffolds_and_refuses_twice(tmp_path: Path, run: Invoke) -> None:
    target = tmp_path / "new-project"
    result = run("init", str(target))
    assert result.exit_code == 0, result.output
    assert {p.name for p in target.iterdir()} == {
        "pdsa.yaml",
        "cycles",
        "measures",
        ".pdsa",
        ".gitattributes",
        ".gitignore",
    }
    assert (target / ".gitignore").read_text().splitlines()[-1] == ".*.tmp"
    assert json.loads((target / ".pdsa" / "cycle.schema.json").read_text())["title"] == "pdsa cycle"
    before = (target / "pdsa.yaml").read_text()
    result = run("init", str(target))
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert (target / "pdsa.yaml").read_text() == before
    result = run("--root", str(target), "new", "First test", "--date", "2026-11-21")
    assert result.exit_code == 0 and result.stdout.strip().endswith("2026-11-21-first-test.yaml")


def test_schema_command(tmp_path: Path, run: Invoke) -> None:
    result = run("schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["$schema"] == "http://json-schema.org/draft-07/schema#"
    out = tmp_path / "s" / "project.json"
    assert run("schema", "--kind", "project", "--out", str(out)).exit_code == 0
    assert json.loads(out.read_text())["title"] == "pdsa project"


def test_version(run: Invoke) -> None:
    from pdsa import __version__

    result = run("--version")
    assert result.exit_code == 0 and result.stdout == f"pdsa {__version__}\n"


def test_edit_refuses_without_a_terminal(commented: Path, run: Invoke) -> None:
    result = run("edit", CYCLE_ID)
    assert result.exit_code == 2 and "needs a terminal" in result.stderr


def test_unexpected_errors_are_one_line_without_debug(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys

    from pdsa.cli import _app

    def explode() -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(_app, "app_for", lambda args: explode)
    monkeypatch.setattr(sys, "argv", ["pdsa", "list"])
    with pytest.raises(SystemExit) as caught:
        _app.run_app()
    assert caught.value.code == 70
    err = capsys.readouterr().err
    assert err.splitlines()[0] == "pdsa: internal error: RuntimeError: disk on fire"
    assert "Traceback" not in err
    monkeypatch.setattr(sys, "argv", ["pdsa", "--debug", "list"])
    with pytest.raises(RuntimeError):
        _app.run_app()


def test_list_orders_collision_copies_after_the_original(project: Path, run: Invoke) -> None:
    for _ in range(2):
        assert run("new", "Night shift", "--date", "2026-11-03").exit_code == 0
    rows = json.loads(run("list", "--json").stdout)["cycles"]
    assert [r["id"] for r in rows] == ["2026-11-03-night-shift", "2026-11-03-night-shift-2"]


@pytest.mark.parametrize("columns", ["60", "80", "100", "200"])
def test_list_keeps_titles_readable_at_any_width(
    commented: Path, columns: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from pdsa.cli import app
    from tests.conftest import CLI_ENV

    result = CliRunner().invoke(app, ["list"], env={**CLI_ENV, "COLUMNS": columns})
    assert result.exit_code == 0
    words = result.stdout.split()
    assert all(
        w in words
        for w in ["Try", "an", "SBAR", "card", "for", "day-shift", "handoffs", "on", "Ward", "4"]
    )
    assert max(len(line) for line in result.stdout.splitlines()) <= int(columns)


def test_new_dry_run_says_would_create(project: Path, run: Invoke) -> None:
    result = run("new", "Whiteboard", "--dry-run", "--date", "2026-11-05")
    assert "dry run: would create cycles/2026-11-05-whiteboard.yaml" in result.stderr


def test_predict_writes_its_rationale(commented: Path, run: Invoke) -> None:
    result = run(
        "predict",
        CYCLE_ID,
        "Nights use it",
        "--id",
        "nights",
        "--rationale",
        "Night staff asked for it",
    )
    assert result.exit_code == 0
    assert "      rationale: Night staff asked for it\n" in commented.read_text()


def test_new_follows_notes_a_fork_and_dry_run_says_what_else_changes(
    commented: Path, run: Invoke
) -> None:
    dry = run("new", "Nights", "--follows", CYCLE_ID, "--date", "2026-11-12", "--dry-run")
    assert f"would also set act.next of {CYCLE_ID}" in dry.stderr
    assert run("new", "Nights", "--follows", CYCLE_ID, "--date", "2026-11-12").exit_code == 0
    fork = run("new", "Weekends", "--follows", CYCLE_ID, "--date", "2026-11-13")
    assert "already continues with 2026-11-12-nights" in fork.stderr and "fork" in fork.stderr


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-11-31", "'2026-11-31' is not a real date"),
        ("21/11/2026", "'21/11/2026' is not a date written YYYY-MM-DD"),
    ],
)
def test_dates_on_the_command_line_say_what_is_wrong(
    project: Path, run: Invoke, value: str, message: str
) -> None:
    result = run("new", "X", "--date", value)
    assert result.exit_code == 2 and message in result.output


def test_dry_run_diff_names_the_file_with_its_folder(commented: Path, run: Invoke) -> None:
    result = run("start", CYCLE_ID, "--date", "2026-11-04", "--dry-run")
    assert f"--- a/cycles/{CYCLE_ID}.yaml" in result.stdout
