"""#13 item 3: racing writers lose nothing.

Real processes of the installed `pdsa`, started together on one file. Every writer that
exits 0 must find its change in the file afterwards; a writer that could not get its turn
must say so (non-zero, a one-line message, no traceback). PDSA_ATTACK_SCALE repeats rounds.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from pdsa.measures import parse_csv
from pdsa.store import Workspace
from tests.attack.conftest import CYCLE
from tests.attack.support import PDSA, SCALE, Run, assert_sane, spawn_env

RECORDERS = 20
PREDICTORS = 10
ROUNDS = SCALE


def race(root: Path, commands: list[list[str]], timeout: float = 120) -> list[Run]:
    """Start every command at once and wait for all of them."""
    env = spawn_env(root)
    procs = [
        subprocess.Popen(
            [str(PDSA), *args],
            cwd=root,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for args in commands
    ]
    runs = []
    for args, proc in zip(commands, procs, strict=True):
        out, err = proc.communicate(timeout=timeout)
        runs.append(Run(tuple(args), proc.returncode, out.decode(), err.decode()))
    return runs


def check_losers(runs: list[Run]) -> None:
    for run in runs:
        assert_sane(run)
        if run.code != 0:
            assert run.stderr.strip(), f"a writer failed without a message\n{run}"


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_parallel_records_lose_no_row(project: Path, round_: int) -> None:
    csv = project / "measures" / "handoff-minutes.csv"
    csv.write_text("date,value,note\n2026-11-01,10,\n")
    values = [f"{100 + round_ * RECORDERS + i}" for i in range(RECORDERS)]
    runs = race(project, [["record", "handoff-minutes", v, "--date", "2026-11-02"] for v in values])
    check_losers(runs)
    kept = {p.value for p in parse_csv(csv.read_text(), csv)}
    won = [float(r.args[2]) for r in runs if r.code == 0]
    lost = sorted(v for v in won if v not in kept)
    assert not lost, f"{len(lost)} of {len(won)} successful writers lost: {lost}"
    assert won, "no writer succeeded"


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_parallel_predictions_lose_none(planned: Path, round_: int) -> None:
    root = planned.parents[1]
    ids = [f"p{round_}-{i}" for i in range(PREDICTORS)]
    runs = race(root, [["predict", CYCLE, f"Prediction {i}", "--id", i] for i in ids])
    check_losers(runs)
    cycle = Workspace(root).load_cycle(CYCLE).cycle  # still valid
    kept = {p.id for p in cycle.plan.predictions}
    won = [r.args[-1] for r in runs if r.code == 0]
    lost = sorted(i for i in won if i not in kept)
    assert not lost, f"{len(lost)} of {len(won)} successful writers lost: {lost}"
    assert won, "no writer succeeded"
