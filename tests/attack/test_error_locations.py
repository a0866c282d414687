"""#13 item 13: every error names its place, `file:line:col` or the file the user named.

Not "position 815", not advice about `sys.set_int_max_str_digits`, not the name of a temp
file the user never heard of.
"""

from __future__ import annotations

import json
import resource
import subprocess
from pathlib import Path

import pytest

from tests.attack.support import PDSA, Run, assert_refused, assert_sane, invoke, spawn_env

CYCLE = "2026-11-16-sbar-card-ed-ward-admission-handoffs"
REL = f"cycles/{CYCLE}.yaml"


def xfail(what: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=f"#13 item 13: {what}")


def spoil(example: Path, old: str, new: str) -> None:
    path = example / REL
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def check_finding(rel: str = REL) -> dict[str, object]:
    run = invoke("check", "--format", "json")
    assert_sane(run)
    found = [f for f in json.loads(run.stdout)["findings"] if f["file"] == rel]
    assert found, run.stdout
    return found[0]


CONTROLS = {"bell": "\x07", "escape": "\x1b", "nul": "\x00", "del-c1": "\x85\x9b"}


@pytest.mark.parametrize("char", list(CONTROLS.values()), ids=list(CONTROLS))
def test_a_control_character_is_located(example: Path, char: str) -> None:
    spoil(example, "owner: Dana", f"owner: Da{char}na")
    run = invoke("show", CYCLE)
    assert_refused(run, (3,))
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert "position" not in run.stderr
    assert check_finding()["line"] == 10


@pytest.mark.parametrize("where", ["unknown-key", "confidence"])
def test_a_huge_integer_is_located(example: Path, where: str) -> None:
    if where == "unknown-key":
        spoil(example, "team: [Dana, Tom]\n", "team: [Dana, Tom]\nx: " + "9" * 5000 + "\n")
    else:
        spoil(example, "owner: Dana\n", "owner: " + "9" * 5000 + "\n")
    run = invoke("show", CYCLE)
    assert_refused(run, (3,))
    assert "set_int_max_str_digits" not in run.output
    finding = check_finding()
    assert finding["line"] and "set_int_max_str_digits" not in str(finding["message"]), finding


def test_an_os_error_names_the_target_not_the_temp_file(example: Path) -> None:
    (example / "out" / "schema.json" / "inside").mkdir(parents=True)  # a directory in the way
    run = invoke("schema", "--out", "out/schema.json")
    assert_sane(run)
    assert run.code != 0, str(run)
    assert "out/schema.json" in run.stderr and ".tmp" not in run.stderr, run.stderr


def limited(*args: str, cwd: Path, fsize: int) -> Run:
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


def test_a_failed_write_names_the_file(example: Path) -> None:
    csv = example / "measures" / "handoff-minutes.csv"
    size = csv.stat().st_size
    before = csv.read_bytes()
    run = limited("record", "handoff-minutes", "7", "--date", "2026-12-28", cwd=example, fsize=size)
    assert_sane(run)
    assert run.code != 0, str(run)
    assert "handoff-minutes.csv" in run.stderr, run.stderr
    assert csv.read_bytes() == before


def test_a_yaml_syntax_error_is_located(example: Path) -> None:
    """The control: malformed YAML gets file:line:col and exit 3 (this held in the campaign)."""
    spoil(example, "team: [Dana, Tom]", "team: [Dana, Tom")
    run = invoke("show", CYCLE)
    assert_refused(run, (3,))
    assert check_finding()["line"]
