"""The drawing process (`pdsa.cli.drawing`): started only for a chart drawn to an image, it
gives the same bytes as drawing in-process, and any failure of it means drawing in-process.

The process is forked from the `pdsa` program's `main`, so these tests run pdsa as a real
subprocess, on a copy of the example project shipped at the repository's root.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pdsa.cli.drawing import draws_image
from tests.conftest import CLI_ENV, REPO

LINUX = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks on Linux only")
MEASURE = "handoff-minutes"
DAY = "2026-11-16"


@pytest.mark.parametrize(
    ("args", "draws"),
    [
        (["chart", MEASURE, "--out", "c.svg"], True),
        (["chart", MEASURE, "-o", "c.PNG"], True),
        (["chart", MEASURE, "--out=c.svg"], True),
        (["chart", MEASURE, "-oc.png"], True),
        (["chart", MEASURE, "--out", "-"], True),  # SVG on stdout
        (["--root", "ward", "--debug", "chart", MEASURE, "--out", "c.svg"], True),
        (["--root=ward", "chart", MEASURE, "--out", "c.svg"], True),
        (["chart", MEASURE], False),  # the terminal chart needs no matplotlib
        (["chart", MEASURE, "--json"], False),
        (["chart", MEASURE, "--out", "c.csv"], False),
        (["chart", MEASURE, "--out", "c.svg", "--format", "csv"], False),
        (["chart", MEASURE, "--out"], False),
        (["report", "--out", "r.svg"], False),  # another command
        (["--root", "chart"], False),  # `chart` is the folder here: no command yet
        ([], False),
    ],
)
def test_only_a_chart_drawn_to_an_image_starts_it(args: list[str], draws: bool) -> None:
    assert draws_image(args) is draws


@pytest.fixture
def ward(tmp_path: Path) -> Path:
    """A copy of the example project."""
    root = tmp_path / "ward"
    root.mkdir()
    shutil.copy(REPO / "pdsa.yaml", root)
    for folder in ("cycles", "measures"):
        shutil.copytree(REPO / folder, root / folder)
    return root


def pdsa(
    root: Path, *args: str, jobs: str = "2", code: str | None = None
) -> subprocess.CompletedProcess[str]:
    """`pdsa args` in a subprocess (or `code`, a script that runs `main` its own way)."""
    env = {**os.environ, **CLI_ENV, "PDSA_JOBS": jobs}
    argv = [sys.executable, "-c", code or "from pdsa.cli import main; main()", *args]
    return subprocess.run(argv, cwd=root, env=env, capture_output=True, text=True, timeout=120)


# Runs `main` with pdsa's own `render` refusing to draw in this process: the chart can then
# only have been drawn by the drawing process, which must not have loaded pydantic (it gets
# the measure's values, not the model: `drawing.Frozen`).
ONLY_THE_CHILD_DRAWS = """
import os, sys
import pdsa.render.chart as chart

parent = os.getpid()
real = chart.render

def render(**job):
    if os.getpid() == parent:
        raise SystemExit("drawn in the parent")
    if "pydantic" in sys.modules:
        raise RuntimeError("the drawing process loaded pydantic")
    return real(**job)

chart.render = render
from pdsa.cli import main
main()
"""


@LINUX
@pytest.mark.parametrize(
    ("args", "fmt"),
    [
        ([MEASURE], "svg"),  # phases, a baseline, excluded points
        (["sbar-use"], "png"),  # a proportion's p chart
        (["falls", "--chart", "i", "--rules", "ihi"], "svg"),  # a monthly rate as an XmR chart
    ],
)
def test_the_chart_is_drawn_by_the_drawing_process(ward: Path, args: list[str], fmt: str) -> None:
    argv = ["chart", *args, "--out", f"c.{fmt}", "--date", DAY]
    done = pdsa(ward, *argv, code=ONLY_THE_CHILD_DRAWS)
    assert done.returncode == 0, done.stderr
    drawn = (ward / f"c.{fmt}").read_bytes()
    alone = pdsa(ward, *argv[:-4], "--out", f"alone.{fmt}", "--date", DAY, jobs="1")
    assert alone.returncode == 0, alone.stderr
    assert drawn == (ward / f"alone.{fmt}").read_bytes()


@LINUX
def test_with_one_cpu_the_program_draws_the_chart_itself(ward: Path) -> None:
    one = pdsa(ward, "chart", MEASURE, "--out", "d.svg", jobs="1", code=ONLY_THE_CHILD_DRAWS)
    assert one.returncode == 1 and "drawn in the parent" in one.stderr
    assert not (ward / "d.svg").exists()


# The drawing process is killed before it gets its job: the parent draws the chart itself.
CHILD_KILLED = """
import os, signal, sys
import pdsa.cli.drawing as drawing

start = drawing.start_if_drawing

def started(args):
    start(args)
    os.kill(drawing._child.pid, signal.SIGKILL)

drawing.start_if_drawing = started
from pdsa.cli import main
main()
"""


@LINUX
def test_a_drawing_process_that_dies_means_drawing_here(ward: Path) -> None:
    done = pdsa(ward, "chart", MEASURE, "--out", "c.png", "--date", DAY, code=CHILD_KILLED)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "wrote c.png\n"
    assert (ward / "c.png").read_bytes().startswith(b"\x89PNG")


# A command that stops before drawing stops the drawing process too: none is left running.
PID_TOLD = """
import sys
import pdsa.cli.drawing as drawing

start = drawing.start_if_drawing

def started(args):
    start(args)
    print(drawing._child.pid, file=sys.stdout, flush=True)

drawing.start_if_drawing = started
from pdsa.cli import main
main()
"""


@LINUX
def test_an_error_before_drawing_leaves_no_process(ward: Path) -> None:
    done = pdsa(ward, "chart", "no-such-measure", "--out", "c.svg", code=PID_TOLD)
    assert done.returncode == 2
    assert "no-such-measure" in done.stderr
    child = int(done.stdout.split()[0])
    assert not Path(f"/proc/{child}").exists()
    assert not (ward / "c.svg").exists()


@LINUX
@pytest.mark.parametrize("delay", [0.3, 0.6, 0.9])
def test_ctrl_c_stops_both_processes(ward: Path, delay: float) -> None:
    """Ctrl-C reaches the program and its drawing process alike (one process group): the
    program says it was interrupted, and no drawing process is left behind."""
    import signal
    import time

    env = {**os.environ, **CLI_ENV, "PDSA_JOBS": "2"}
    argv = [sys.executable, "-c", "from pdsa.cli import main; main()", "chart", MEASURE]
    proc = subprocess.Popen(
        [*argv, "--out", "c.png", "--date", DAY],
        cwd=ward,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    time.sleep(delay)
    with contextlib.suppress(ProcessLookupError):  # it had finished
        os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode in (0, 130), err
    assert "Traceback" not in err
    if proc.returncode == 130:
        assert not (ward / "c.png").exists()
    left = subprocess.run(["pgrep", "-g", str(proc.pid)], capture_output=True, text=True)
    assert left.stdout.split() == []
