"""#13 item 11: the minor cases, one test each."""

from __future__ import annotations

import json
import resource
import subprocess
from pathlib import Path

import pytest

from tests.attack.conftest import CYCLE
from tests.attack.support import PDSA, Run, assert_refused, assert_sane, invoke, spawn_env


def xfail(what: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=f"#13 item 11: {what}")


def test_check_of_a_path_that_is_not_there_is_a_usage_error(example: Path) -> None:
    run = invoke("check", "cycles/typo.yaml")
    assert_refused(run, (2,), names="typo.yaml")


def test_check_of_an_existing_path_reports_on_it(example: Path) -> None:
    """The control: a real path is checked (the example has a warning in this file)."""
    run = invoke("check", "cycles/2026-11-20-ask-patient-one-question-bedside-handoff.yaml")
    assert_sane(run)
    assert run.code == 0 and "PD202" in run.stdout, str(run)


def test_a_read_only_file_is_not_rewritten(planned: Path) -> None:
    planned.chmod(0o444)
    before = planned.read_bytes()
    run = invoke("predict", CYCLE, "Nobody objects", "--id", "calm")
    assert_sane(run)
    assert run.code != 0 and planned.name in run.stderr, str(run)
    assert planned.read_bytes() == before
    assert planned.stat().st_mode & 0o777 == 0o444


def test_study_refuses_a_finish_before_the_start(running: Path) -> None:
    before = running.read_bytes()
    run = invoke("study", CYCLE, "--finished", "2026-11-01", "--date", "2026-11-21")
    assert_refused(run, (2,), names="--finished")
    assert running.read_bytes() == before


def test_study_accepts_a_finish_on_the_start_day(running: Path) -> None:
    """The control: finishing the day it started is fine."""
    run = invoke("study", CYCLE, "--finished", "2026-11-03", "--date", "2026-11-21")
    assert_sane(run)
    assert run.code == 1 and "2026-11-03" in running.read_text(), str(run)  # more is missing


def test_new_keeps_braces_in_a_title_literally(project: Path) -> None:
    run = invoke("new", "T {{owner}} and {{ created }}", "--owner", "Dana", "--date", "2026-11-02")
    assert run.code == 0, str(run)
    path = project / run.stdout.strip()
    shown = json.loads(invoke("show", path.stem, "--json").stdout)
    assert shown["cycle"]["title"] == "T {{owner}} and {{ created }}", shown["cycle"]["title"]


@pytest.mark.parametrize("flag", ["--below", "--above", "--at-most", "--at-least", "--equals"])
@pytest.mark.parametrize("value", ["nan", "inf"])
def test_predict_refuses_a_bound_that_is_not_a_number(planned: Path, flag: str, value: str) -> None:
    before = planned.read_bytes()
    run = invoke("predict", CYCLE, "Shorter", "-m", "handoff-minutes", flag, value, "--id", "x")
    assert_refused(run, (2,), names=flag)
    assert planned.read_bytes() == before


def test_check_reports_a_cycle_that_follows_itself(planned: Path) -> None:
    text = planned.read_text()
    assert "follows: null" in text
    planned.write_text(text.replace("follows: null", f"follows: {CYCLE}"))
    run = invoke("check", "--format", "json")
    assert_sane(run)
    findings = json.loads(run.stdout)["findings"]
    assert [f for f in findings if f["file"] == f"cycles/{CYCLE}.yaml" and f["line"]], findings
    assert run.code == 1


def limited(*args: str, cwd: Path, fsize: int) -> Run:
    """A real `pdsa` that cannot write files beyond `fsize` bytes (a nearly full disk)."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    done = subprocess.run(
        [str(PDSA), *args],
        cwd=cwd,
        env=spawn_env(cwd),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=60,
        preexec_fn=cap,
        check=False,
    )
    return Run(args, done.returncode, done.stdout.decode(), done.stderr.decode())


def test_new_on_a_full_disk_is_all_or_nothing(project: Path) -> None:
    # Room for the cycle file (about 2 KB) but not for the editor schemas (.pdsa/, ~20 KB).
    run = limited("new", "SBAR card", "--date", "2026-11-02", cwd=project, fsize=8192)
    assert_sane(run)
    made = list((project / "cycles").glob("*.yaml"))
    if run.code == 0:
        assert made, "exit 0 but no cycle file"
    else:
        assert not made, f"exit {run.code} ({run.stderr.strip()}) but {made[0].name} was left"
    assert not list(project.rglob(".*.tmp"))


@pytest.mark.parametrize(
    "row",
    [
        pytest.param("2026-W45-1,5,", id="iso-week-date"),
        pytest.param("2026-11-02,1_000,", id="underscore"),
        pytest.param("2026-306,5,", id="ordinal-date"),
        pytest.param("2026-11-02,0x10,", id="hex"),
    ],
)
def test_check_reports_unusual_csv_spellings(project: Path, row: str) -> None:
    (project / "measures" / "handoff-minutes.csv").write_text(f"date,value,note\n{row}\n")
    run = invoke("check", "--format", "json")
    assert_sane(run)
    codes = [f["code"] for f in json.loads(run.stdout)["findings"]]
    assert "PD601" in codes, codes
