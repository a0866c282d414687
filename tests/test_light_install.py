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

REFUSE = """
import sys

class Refuse:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("numpy", "matplotlib"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, Refuse())
from pdsa.cli import main
sys.argv = ["pdsa", *sys.argv[1:]]
main()
"""
CYCLE = "2026-03-25-sbar-card-all-shifts-four-weeks"


def light(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", REFUSE, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**CLI_ENV, "PATH": "/usr/bin:/bin"},
        timeout=120,
    )


def test_the_charts_extra_holds_matplotlib_and_numpy() -> None:
    meta = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    base = " ".join(meta["dependencies"])
    assert "matplotlib" not in base and "numpy" not in base
    extras = meta["optional-dependencies"]
    assert {d.split(">")[0] for d in extras["charts"]} == {"matplotlib", "numpy"}
    assert "pdsa-cli[charts]" in extras["dev"]


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [("check",), ("list",), ("show", CYCLE), ("tree", "--json"), ("agenda", "--json")],
)
def test_ci_commands_run_without_matplotlib_or_numpy(args: tuple[str, ...]) -> None:
    done = light(*args, "--date", "2026-11-21") if args[0] in ("check", "agenda") else light(*args)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and done.stdout


@pytest.mark.slow
def test_report_json_without_numpy_judges_control_charts_on_run_charts() -> None:
    done = light("report", "--json", "--date", "2026-11-21")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    problems = {m["id"]: m["chart_problem"] for m in data["measures"]}
    assert problems["handoff-minutes"] is None  # a run chart needs nothing more
    assert "charts extra" in problems["sbar-use"]
    assert "pip install 'pdsa-cli[charts]'" in done.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ("chart", "handoff-minutes"),
        ("chart", "handoff-minutes", "--out", "x.svg"),
        ("report", "--format", "html", "--out", "-"),
        ("report", "--format", "markdown", "--out", "x.md"),
    ],
)
def test_drawing_without_the_extra_says_what_to_install(args: tuple[str, ...]) -> None:
    done = light(*args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "needs the charts extra" in done.stderr
    assert "pip install 'pdsa-cli[charts]'" in done.stderr
    assert not (REPO / "x.svg").exists() and not (REPO / "x.md").exists()


@pytest.mark.slow
def test_markdown_on_stdout_needs_no_charts() -> None:
    """The CI job summary: `pdsa report --format markdown --out - >> $GITHUB_STEP_SUMMARY`."""
    done = light("report", "--format", "markdown", "--out", "-", "--date", "2026-11-21")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# Ward 4 shift handoffs")
