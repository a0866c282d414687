"""`pdsa check` through the CLI: formats, exit codes, and no traceback on any input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pdsa.check.findings import Finding
from pdsa.render.check import github_command
from tests.checkfixture import A_ID, write_clean_project
from tests.conftest import Invoke
from tests.test_cli_cycles import golden

A = f"cycles/{A_ID}.yaml"


@pytest.fixture
def clean(project: Path) -> Path:
    write_clean_project(project)
    return project


def break_two_things(root: Path) -> None:
    path = root / A
    text = path.read_text().replace("actual: 7.5", "actual: 8.5")
    path.write_text(text.replace("finished: 2026-10-09", "finished: 2026-10-02"))


def test_clean_project_exits_0(clean: Path, run: Invoke) -> None:
    result = run("check")
    assert result.exit_code == 0
    assert result.stdout.strip() == "✓ no findings in 4 files"


def test_errors_exit_1_text_grouped_by_file(clean: Path, run: Invoke) -> None:
    break_two_things(clean)
    result = run("check")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == A
    assert lines[1].split()[:3] == ["27:13", "error", "PD501"]
    assert lines[2].split()[:3] == ["33:12", "error", "PD502"]
    assert lines[-1] == "2 errors, 0 warnings in 4 files"


def test_json_format_is_stable(clean: Path, run: Invoke) -> None:
    break_two_things(clean)
    result = run("check", "--format", "json")
    assert result.exit_code == 1
    golden("check.json", result.stdout)
    data = json.loads(result.stdout)
    assert data["summary"] == {"files": 4, "errors": 2, "warnings": 0, "notices": 0}
    assert {f["code"] for f in data["findings"]} == {"PD501", "PD502"}


def test_github_format(clean: Path, run: Invoke) -> None:
    break_two_things(clean)
    result = run("check", "--format", "github")
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"::error file={A},line=27,col=13,title=PD501 date-order::")


def test_github_escaping() -> None:
    finding = Finding(
        "PD102",
        "50% done\nnext: a,b",
        Path("cycles/a:b,c.yaml"),
        line=3,
        column=1,
        hint="fix it",
        severity="warning",
    )
    assert github_command(finding) == (
        "::warning file=cycles/a%3Ab%2Cc.yaml,line=3,col=1,title=PD102 schema::"
        "50%25 done%0Anext: a,b (fix it)"
    )


def test_warnings_exit_0_and_strict_exits_1(clean: Path, run: Invoke) -> None:
    path = clean / "cycles" / "2026-10-20-sbar-card-nights.yaml"
    path.write_text(path.read_text().split("  predictions:")[0] + "  predictions: []\n")
    assert run("check").exit_code == 0
    assert run("check", "--strict").exit_code == 1


def test_usage_errors_exit_2(clean: Path, run: Invoke) -> None:
    assert run("check", "--format", "xml").exit_code == 2
    result = run("check", "--base", "main")
    assert result.exit_code == 2 and "--base only applies with --history" in result.stderr


def test_list_rules(run: Invoke) -> None:
    result = run("check", "--list-rules")
    assert result.exit_code == 0
    assert "PD302  lock-mismatch" in result.stdout and len(result.stdout.splitlines()) >= 25


@settings(
    max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_no_traceback_on_any_cycle_file(clean: Path, run: Invoke, content: bytes) -> None:
    (clean / A).write_bytes(content)
    result = run("check", "--format", "json")
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    findings = json.loads(result.stdout)["findings"]
    assert any(f["file"] == A for f in findings) or content.strip() == b""
