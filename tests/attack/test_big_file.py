"""#13 item 14: a 50 MB cycle file is refused quickly with a clear message (a size cap), and
edits take time linear in the file's size (about 3.5 s a megabyte today, so 170 s at 50 MB)."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from tests.attack.support import Run, assert_refused, spawn

CYCLE = "2026-11-16-sbar-card-ed-ward-admission-handoffs"  # in plan in the example
LINE = "    - filler question {i} with enough words to look like a real question\n"


def inflate(example: Path, size: int) -> Path:
    """Grow the cycle's plan.questions until the file is about `size` bytes."""
    path = example / "cycles" / f"{CYCLE}.yaml"
    text = path.read_text()
    count = max(1, (size - len(text)) // len(LINE.format(i=10**6)))
    filler = "".join(LINE.format(i=i) for i in range(count))
    path.write_text(text.replace("  questions:\n", "  questions:\n" + filler, 1))
    return path


def predict(example: Path, timeout: float, pid: str = "s") -> tuple[Run, float]:
    started = time.monotonic()
    try:
        run = spawn("predict", CYCLE, "Shorter handoffs", "--id", pid, cwd=example, timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"predict on a big cycle file took more than {timeout:g} s")
    return run, time.monotonic() - started


def test_a_50_mb_cycle_file_is_refused_quickly(example: Path) -> None:
    path = inflate(example, 50 * 1024 * 1024)
    before = path.stat().st_mtime_ns, path.stat().st_size
    run, _ = predict(example, timeout=8)
    assert_refused(run, (3,), names=path.name)
    assert (path.stat().st_mtime_ns, path.stat().st_size) == before


def test_edit_time_grows_linearly_with_file_size(example: Path) -> None:
    """The control that holds today: 4 times the size takes well under 8 times as long."""
    inflate(example, 150_000)
    small_run, small = predict(example, timeout=60, pid="small")
    assert small_run.code == 0, str(small_run)
    size = inflate(example, 600_000).stat().st_size
    big_run, big = predict(example, timeout=120, pid="big")
    assert big_run.code == 0, str(big_run)
    assert big / small < 8, f"{small:.2f} s at 150 kB, {big:.2f} s at {size // 1000} kB"
