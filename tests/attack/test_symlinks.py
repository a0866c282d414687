"""#13 item 6: files from a shared repository that are not what they seem.

A symlink in `measures/` pointing at a secret outside the project, a FIFO in `cycles/`, a CSV
that is `/dev/zero`: only regular files inside the project are read, with a size cap, and
nothing is echoed from a file no measure names.
"""

from __future__ import annotations

import os
import resource
import subprocess
from pathlib import Path

import pytest

from tests.attack.support import PDSA, Run, assert_sane, invoke, spawn_env

SECRET = "machine github.com login bob password s3cr3t-t0ken\n"


@pytest.fixture
def netrc(tmp_path: Path) -> Path:
    """A ~/.netrc-like file outside the project."""
    path = tmp_path / "home" / ".netrc"
    path.parent.mkdir()
    path.write_text(SECRET + "machine example.org login x password y\n")
    return path


def limited(*args: str, cwd: Path, timeout: float = 20, memory: int = 1 << 30) -> Run:
    """A real `pdsa` with a time limit and an address-space limit (1 GiB)."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    try:
        done = subprocess.run(
            [str(PDSA), *args],
            cwd=cwd,
            env=spawn_env(cwd),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            preexec_fn=cap,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"pdsa {' '.join(args)} hung (more than {timeout:g} s)")
    return Run(args, done.returncode, done.stdout.decode(errors="replace"), done.stderr.decode())


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_check_never_echoes_an_unnamed_symlinked_file(example: Path, netrc: Path, fmt: str) -> None:
    (example / "measures" / "x.csv").symlink_to(netrc)
    run = invoke("check", "--format", fmt)
    assert_sane(run)
    assert "s3cr3t" not in run.output, str(run)
    assert "measures/x.csv" in run.output  # it is still reported


@pytest.mark.parametrize(
    "args",
    [("check",), ("chart", "late-meds"), ("record", "late-meds", "5", "--date", "2026-12-01")],
    ids=["check", "chart", "record"],
)
def test_a_measure_symlinked_out_of_the_project_is_refused(
    example: Path, netrc: Path, args: tuple[str, ...]
) -> None:
    csv = example / "measures" / "late-meds.csv"
    csv.unlink()
    csv.symlink_to(netrc)
    run = invoke(*args)
    assert_sane(run)
    assert "s3cr3t" not in run.output, str(run)
    assert run.code != 0 and "late-meds.csv" in run.output, str(run)
    assert netrc.read_text().startswith(SECRET)  # never written


@pytest.mark.parametrize(
    "command",
    [
        "list",
        "report",
        "check",  # reports it as PD103 (not a regular file)
    ],
)
def test_a_fifo_in_cycles_does_not_hang(example: Path, command: str) -> None:
    os.mkfifo(example / "cycles" / "2026-12-01-fifo.yaml")
    run = limited(command, cwd=example, timeout=5)  # each takes well under 2 s
    assert_sane(run)
    assert run.code in (1, 2, 3) and "2026-12-01-fifo.yaml" in run.output, str(run)


@pytest.mark.parametrize("command", [("check",), ("chart", "late-meds")], ids=["check", "chart"])
def test_a_csv_symlinked_to_dev_zero_is_refused(example: Path, command: tuple[str, ...]) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    csv = example / "measures" / "late-meds.csv"
    csv.unlink()
    csv.symlink_to("/dev/zero")
    run = limited(*command, cwd=example, timeout=30)
    assert_sane(run)
    assert run.code in (1, 2, 3) and "late-meds.csv" in run.output, str(run)


def test_a_symlink_inside_the_project_is_fine_or_refused_cleanly(example: Path) -> None:
    """A link to another file of the project leaks nothing: whatever the verdict, no crash."""
    csv = example / "measures" / "late-meds.csv"
    copy = example / "late-meds-data.csv"
    copy.write_bytes(csv.read_bytes())
    csv.unlink()
    csv.symlink_to(copy)
    run = invoke("check")
    assert_sane(run)
    assert run.code in (0, 1)
