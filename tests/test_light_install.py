"""The light install (`pip install pdsa-cli`, no charts extra) runs the CI commands.

No venv is built: each command runs in a subprocess whose import system refuses matplotlib
and NumPy, exactly as an environment without them would (a meta-path finder installed
before the CLI is imported).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib

import pytest

from tests.conftest import CLI_ENV, REPO

# Runs each command line given as a JSON list of argument lists, in one process whose
# imports refuse matplotlib and NumPy; prints one JSON line per command: exit code, stdout,
# stderr. One interpreter for all of them keeps the test quick.
REFUSE = """
import contextlib, io, json, sys

class Refuse:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("numpy", "matplotlib"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, Refuse())
from pdsa.cli import app

for args in json.loads(sys.argv[1]):
    # Binary-backed, as a real stdout is: `--out -` writes bytes to sys.stdout.buffer.
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            app(args, prog_name="pdsa")
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    out.flush()
    err.flush()
    texts = [s.buffer.getvalue().decode("utf-8") for s in (out, err)]
    print(json.dumps([code, *texts]), file=sys.__stdout__)
"""
CYCLE = "2026-03-25-sbar-card-all-shifts-four-weeks"


def light(*commands: tuple[str, ...]) -> list[tuple[int, str, str]]:
    """Each command's exit code, stdout and stderr, run where matplotlib and NumPy are not."""
    done = subprocess.run(
        [sys.executable, "-c", REFUSE, json.dumps([list(c) for c in commands])],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**CLI_ENV, "PATH": "/usr/bin:/bin"},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return [tuple(json.loads(line)) for line in done.stdout.splitlines()]  # type: ignore[misc]


def test_the_charts_extra_holds_matplotlib_and_numpy() -> None:
    meta = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    base = " ".join(meta["dependencies"])
    assert "matplotlib" not in base and "numpy" not in base
    extras = meta["optional-dependencies"]
    assert {d.split(">")[0] for d in extras["charts"]} == {"matplotlib", "numpy"}
    assert "pdsa-cli[charts]" in extras["dev"]


DAY = ("--date", "2026-11-21")
CI_COMMANDS = [
    ("check", *DAY),
    ("list",),
    ("show", CYCLE),
    ("tree", "--json"),
    ("agenda", "--json", *DAY),
    ("report", "--json", *DAY),
    ("report", "--format", "markdown", "--out", "-", *DAY),  # the CI job summary
]
DRAWING = [
    ("chart", "handoff-minutes"),
    ("chart", "handoff-minutes", "--out", "x.svg"),
    ("report", "--format", "html", "--out", "-"),
    ("report", "--format", "markdown", "--out", "x.md"),
]


@pytest.mark.slow
def test_the_light_install_runs_the_ci_commands_and_refuses_to_draw() -> None:
    results = light(*CI_COMMANDS, *DRAWING)
    for args, (code, out, err) in zip(CI_COMMANDS, results, strict=False):
        assert code == 0, (args, err)
        assert out and "Traceback" not in err
    summary = results[len(CI_COMMANDS) - 1][1]
    # report --json: the control charts are judged on their run charts, and it says so.
    data = json.loads(results[5][1])
    problems = {m["id"]: m["chart_problem"] for m in data["measures"]}
    assert problems["handoff-minutes"] is None  # a run chart needs nothing more
    assert "charts extra" in problems["sbar-use"]
    assert "pip install 'pdsa-cli[charts]'" in results[5][2]
    assert summary.startswith("# Ward 4 shift handoffs")  # Markdown on stdout needs no charts
    for args, (code, out, err) in zip(DRAWING, results[len(CI_COMMANDS) :], strict=True):
        assert code == 2, args
        assert out == ""
        assert "needs the charts extra" in err and "pip install 'pdsa-cli[charts]'" in err
    assert not (REPO / "x.svg").exists() and not (REPO / "x.md").exists()
