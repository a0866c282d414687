"""kill -9 at random moments (fixed seed): a file is always the old one or the new one.

Then #13 item 9: the temp files such kills leave (`.<name>.<random>.tmp` beside the target)
are reported by `pdsa check`, cleaned by the next write, and ignored by git in a project made
by `pdsa init`.
"""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from pdsa.measures import parse_csv
from pdsa.store import Workspace
from tests.attack.conftest import CYCLE, git
from tests.attack.support import PDSA, SCALE, invoke, spawn, spawn_env, temp_files

SEED = 13
TRIALS = 3 * SCALE
TODAY = "2026-11-21"

WRITERS: dict[str, tuple[tuple[str, ...], str]] = {
    # name: (arguments, the file it writes, relative to the project)
    "record": (("record", "handoff-minutes", "7.5", "--date", "2026-11-05"), "measures/hm.csv"),
    "predict": (("predict", CYCLE, "Nobody objects", "--id", "calm"), f"cycles/{CYCLE}.yaml"),
    "start": (("start", CYCLE, "--date", "2026-11-03"), f"cycles/{CYCLE}.yaml"),
    "new": (("new", "Bedside handoff", "--date", TODAY), "cycles/2026-11-21-bedside-handoff.yaml"),
    "init": (("init", "sub"), "sub/pdsa.yaml"),
}


@pytest.fixture
def pristine(planned: Path, tmp_path: Path) -> Path:
    """A small project with a cycle in plan and some data, kept aside as the 'old' state."""
    root = planned.parents[1]
    (root / "measures" / "handoff-minutes.csv").write_text(
        "date,value,note\n" + "".join(f"2026-10-{d:02d},{10 + d % 3},\n" for d in range(1, 29))
    )
    keep = tmp_path / "pristine"
    shutil.copytree(root, keep)
    return keep


def target(root: Path, name: str) -> Path:
    rel = WRITERS[name][1].replace("measures/hm.csv", "measures/handoff-minutes.csv")
    return root / rel


def state(path: Path) -> bytes | None:
    return path.read_bytes() if path.exists() else None


def valid(root: Path, path: Path) -> None:
    """The tool's own readers accept the file."""
    if path.suffix == ".csv":
        parse_csv(path.read_text(), path)
    elif path.name == "pdsa.yaml":
        Workspace(path.parent).project()
    else:
        Workspace(root).load_cycle_file(path)


@pytest.mark.parametrize("name", list(WRITERS))
def test_kill_9_at_random_moments_leaves_the_old_or_the_new_file(
    pristine: Path, tmp_path: Path, name: str
) -> None:
    args = WRITERS[name][0]
    done = tmp_path / "done"
    shutil.copytree(pristine, done)
    finished = spawn(*args, cwd=done)
    assert finished.code == 0, str(finished)
    old, new = state(target(pristine, name)), state(target(done, name))
    assert old != new
    rng = random.Random(f"{SEED}-{name}")
    outcomes = []
    for trial in range(TRIALS):
        root = tmp_path / f"t{trial}"
        shutil.copytree(pristine, root)
        proc = subprocess.Popen(
            [str(PDSA), *args],
            cwd=root,
            env=spawn_env(root),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.05, 0.9))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        now = state(target(root, name))
        assert now in (old, new), f"trial {trial}: the file is neither old nor new"
        if now is not None:
            valid(root, target(root, name))
        outcomes.append("new" if now == new else "old")
    assert len(outcomes) == TRIALS


def big_csv(root: Path, rows: int = 200_000) -> Path:
    path = root / "measures" / "handoff-minutes.csv"
    with path.open("w") as out:
        out.write("date,value,note\n")
        for i in range(rows):
            out.write(f"2026-{1 + i % 12:02d}-{1 + i % 28:02d},{i % 97}.5,note {i}\n")
    return path


def kill_during_write(root: Path) -> list[Path]:
    """Kill `pdsa record` as soon as its temp file appears; returns the temp files left."""
    proc = subprocess.Popen(
        [str(PDSA), "record", "handoff-minutes", "7.5", "--date", "2026-12-31"],
        cwd=root,
        env=spawn_env(root),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    measures = root / "measures"
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline:
        if any(n.startswith(".") and n.endswith(".tmp") for n in _names(measures)):
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=30)
    return temp_files(root)


def _names(folder: Path) -> list[str]:
    try:
        return [e.name for e in folder.iterdir()]
    except OSError:
        return []


@pytest.fixture
def stale(planned: Path) -> Path:
    """A temp file left by a writer killed mid-write (caught by polling a slow write)."""
    root = planned.parents[1]
    big_csv(root)
    left = kill_during_write(root)
    if not left:  # the write was too quick to catch: plant what the kill would have left
        (root / "measures" / ".handoff-minutes.csv.k1ll3d.tmp").write_text("date,value\n")
        left = temp_files(root)
    return left[0]


def test_check_reports_a_stale_temp_file(stale: Path) -> None:
    run = invoke("check")
    assert stale.name in run.output, str(run)


def test_the_next_write_cleans_a_stale_temp_file(stale: Path) -> None:
    old = time.time() - 3600
    import os

    os.utime(stale, (old, old))  # an hour old: no writer is still using it
    assert invoke("record", "handoff-minutes", "8", "--date", "2027-01-01").code == 0
    assert not stale.exists()


def test_git_ignores_temp_files_in_a_new_project(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "new"
    assert spawn("init", str(root), cwd=tmp_path).code == 0
    git(root, "init", "-q")
    temp = root / "cycles" / ".2026-11-21-x.yaml.a1b2c3.tmp"
    temp.write_text("x")
    done = subprocess.run(
        ["git", "check-ignore", "-q", str(temp.relative_to(root))], cwd=root, check=False
    )
    assert done.returncode == 0, "git would commit the temp file"
