"""End to end through the installed console script, as a user runs it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def pdsa(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("pdsa", path=str(Path(sys.executable).parent)) or "pdsa"
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb"}
    env.pop("PDSA_ROOT", None)
    return subprocess.run(
        [exe, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=60, check=False
    )


def test_a_cycle_from_init_to_done(tmp_path: Path) -> None:
    assert pdsa(tmp_path, "init", ".", "--name", "Ward 4").returncode == 0
    project = (tmp_path / "pdsa.yaml").read_text()
    (tmp_path / "pdsa.yaml").write_text(
        project.replace(
            "change_ideas:\n", "change_ideas:\n  - id: sbar-card\n    title: SBAR card\n"
        )
    )
    made = pdsa(tmp_path, "new", "Try an SBAR card", "-c", "sbar-card", "--date", "2026-11-03")
    assert made.returncode == 0, made.stderr
    path = tmp_path / made.stdout.strip()
    assert path.read_text().startswith("# yaml-language-server: $schema=../.pdsa/cycle.schema.json")

    assert pdsa(tmp_path, "start", "sbar").returncode == 1  # no prediction yet
    assert pdsa(tmp_path, "predict", "sbar", "Handoffs get shorter", "-p", "0.6").returncode == 0
    assert pdsa(tmp_path, "start", "sbar", "--date", "2026-11-04").returncode == 0
    path.write_text(path.read_text().replace("status: do", "status: study"))
    done = pdsa(tmp_path, "act", "sbar", "-d", "adopt", "-r", "It works.", "--date", "2026-11-10")
    assert done.returncode == 0, done.stderr
    listed = pdsa(tmp_path, "list")
    assert listed.returncode == 0
    assert "2026-11-03-try-sbar-card" in listed.stdout and "done adopt" in listed.stdout


def test_broken_file_gives_one_line_and_exit_3(tmp_path: Path) -> None:
    assert pdsa(tmp_path, "init", ".").returncode == 0
    made = pdsa(tmp_path, "new", "X", "--date", "2026-11-03")
    path = tmp_path / made.stdout.strip()
    path.write_text(path.read_text().replace("status: plan", "status: plan: no"))
    shown = pdsa(tmp_path, "show", "x")
    assert shown.returncode == 3
    assert shown.stderr.count("\n") == 1 and "Traceback" not in shown.stderr
    assert shown.stderr.startswith("cycles/2026-11-03-x.yaml:9:13: error: YAML syntax error")
