"""#13 item 5: `--out` never replaces a device node, a FIFO or a symlink.

Real processes with a timeout: writing into a FIFO with no reader blocks forever, and that
must show up as a failure, not as a hung test run.
"""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.attack.support import Run, assert_sane, copy_example, invoke, spawn

COMMANDS: dict[str, Callable[[Path], tuple[str, ...]]] = {
    "schema": lambda out: ("schema", "--out", str(out)),
    "chart-svg": lambda out: ("chart", "handoff-minutes", "--out", str(out.with_suffix(".svg"))),
    "report-html": lambda out: ("report", "--format", "html", "--out", str(out)),
    "report-markdown": lambda out: ("report", "--format", "markdown", "--out", str(out)),
}


def make_fifo(path: Path) -> None:
    os.mkfifo(path)


def make_device(path: Path) -> None:
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 7))  # like /dev/full
    except PermissionError:
        pytest.skip("cannot create a device node here (not root, or no CAP_MKNOD)")


def kind(path: Path) -> str:
    mode = path.lstat().st_mode
    for name, test in (
        ("symlink", stat.S_ISLNK),
        ("fifo", stat.S_ISFIFO),
        ("chardev", stat.S_ISCHR),
        ("file", stat.S_ISREG),
    ):
        if test(mode):
            return name
    return "other"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "example")


def run_out(root: Path, command: str, target: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """In-process, except for a FIFO: opening one to write with no reader blocks for ever."""
    args = COMMANDS[command](target)
    if not target.is_fifo():
        monkeypatch.chdir(root)
        return invoke(*args)
    try:
        return spawn(*args, cwd=root, timeout=6)
    except subprocess.TimeoutExpired:
        pytest.fail(f"pdsa {' '.join(args)} hung on a {kind(target)} (it opened it for writing)")


def assert_refused_naming(run: Run, target: Path) -> None:
    assert_sane(run)
    assert run.code in (1, 2), f"exit {run.code}: the write was not refused\n{run}"
    assert target.name in run.stderr, f"the message does not name the target\n{run}"


# The reports and `schema` write through the same code (store.write_text), the chart through
# its own: one of each per kind of special file.
@pytest.mark.parametrize(
    ("make", "command"),
    [
        pytest.param(make_fifo, "schema", id="fifo-schema"),
        pytest.param(make_fifo, "chart-svg", id="fifo-chart-svg"),
        pytest.param(make_device, "schema", id="chardev-schema"),
        pytest.param(make_device, "chart-svg", id="chardev-chart-svg"),
        pytest.param(make_device, "report-html", id="chardev-report-html"),
    ],
)
def test_out_refuses_a_special_file(
    root: Path,
    command: str,
    make: Callable[[Path], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = root / "out" / ("special.svg" if command == "chart-svg" else "special.out")
    target.parent.mkdir()
    make(target)
    before = kind(target)
    run = run_out(root, command, target, monkeypatch)
    assert kind(target) == before, f"the {before} was replaced by a {kind(target)}"
    assert_refused_naming(run, target)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_out_does_not_replace_or_follow_a_symlink(
    root: Path,
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    outside = tmp_path / "precious.txt"
    outside.write_text("keep me\n")
    target = root / ("link.svg" if command == "chart-svg" else "link.out")
    target.symlink_to(outside)
    run = run_out(root, command, target, monkeypatch)
    assert kind(target) == "symlink", "the symlink was replaced by a regular file"
    assert outside.read_text() == "keep me\n", "the file the symlink points to was written"
    assert_refused_naming(run, target)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_out_writes_a_new_regular_file(
    root: Path, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The control: a plain new path is written."""
    target = root / "out" / ("new.svg" if command == "chart-svg" else "new.out")
    run = run_out(root, command, target, monkeypatch)
    assert_sane(run)
    assert run.code == 0, str(run)
    assert kind(target) == "file" and target.stat().st_size > 0
