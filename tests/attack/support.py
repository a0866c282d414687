"""Shared pieces of the attack suite: how to run the CLI, and what an acceptable run looks like.

Two ways to run `pdsa`:

- `invoke` runs it in-process with typer's `CliRunner`, as the `run` fixture does, and
  reports an exception that escapes the command as exit 70 with its traceback, which is what
  the console script (`pdsa.cli:main`) turns it into.
- `spawn` runs the installed console script (`pdsa` beside `sys.executable`) in a real
  process, for kill -9, racing writers, pseudo-terminals and hangs.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import traceback
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from typer.testing import CliRunner

from pdsa.cli import app
from tests.conftest import CLI_ENV

REPO = Path(__file__).resolve().parents[2]
PDSA = Path(sys.executable).with_name("pdsa")
EXIT_INTERNAL = 70
T = TypeVar("T")
R = TypeVar("R")


def scale() -> int:
    """PDSA_ATTACK_SCALE: 1 in CI, raised for a long local campaign."""
    try:
        return max(1, int(os.environ.get("PDSA_ATTACK_SCALE", "1")))
    except ValueError:
        return 1


SCALE = scale()


@dataclass(frozen=True)
class Run:
    """One run of the CLI: its arguments, exit code, output and any escaped traceback."""

    args: tuple[str, ...]
    code: int
    stdout: str
    stderr: str
    traceback: str = ""

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def __str__(self) -> str:
        text = (
            f"pdsa {' '.join(self.args)!r} -> {self.code}\n"
            f"--- stdout ---\n{self.stdout[-3000:]}\n--- stderr ---\n{self.stderr[-3000:]}"
        )
        return text + (f"\n--- traceback ---\n{self.traceback[-4000:]}" if self.traceback else "")


def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Run:
    """Run the CLI in-process; an escaping exception is exit 70, as the console script makes it."""
    result = CliRunner().invoke(app, list(args), env={**CLI_ENV, **(env or {})}, input=input)
    exc = result.exception
    if exc is not None and not isinstance(exc, SystemExit):
        tb = "".join(traceback.format_exception(exc))
        line = f"pdsa: internal error: {type(exc).__name__}: {exc}\n"
        return Run(args, EXIT_INTERNAL, result.stdout, result.stderr + line, tb)
    return Run(args, result.exit_code, result.stdout, result.stderr)


def spawn_env(home: Path, **extra: str) -> dict[str, str]:
    """A plain environment for a real `pdsa` process."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "TERM": "dumb",
        "NO_COLOR": "1",
        "COLUMNS": "200",
        "LC_ALL": "C.UTF-8",
        # A process capped to a few KiB (the full-disk tests) must not leave a truncated
        # .pyc behind for every later run to trip over.
        "PYTHONDONTWRITEBYTECODE": "1",
        **extra,
    }


def spawn(*args: str, cwd: Path, timeout: float = 60, env: dict[str, str] | None = None) -> Run:
    """Run the installed console script in a real process."""
    done = subprocess.run(
        [str(PDSA), *args],
        cwd=cwd,
        capture_output=True,
        timeout=timeout,
        env=env or spawn_env(cwd),
        stdin=subprocess.DEVNULL,
        check=False,
    )
    return Run(
        args,
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
    )


# --- what output may contain ----------------------------------------------------------------

# C0 controls but newline and tab (ESC and CR included), DEL, and the C1 controls.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def raw_controls(text: str) -> list[str]:
    """The distinct raw control characters in `text`, as their repr."""
    return sorted({repr(ch) for ch in RAW_CONTROL.findall(text)})


def problems_of(run: Run) -> list[str]:
    """What is wrong with any run, whatever its input: tracebacks, exit 70, raw controls."""
    found = []
    if run.code == EXIT_INTERNAL:
        found.append("exit 70 (internal error)")
    if "Traceback" in run.output or run.traceback:
        found.append("a traceback")
    controls = raw_controls(run.output)
    if controls:
        found.append("raw control characters " + " ".join(controls))
    return found


def assert_sane(run: Run) -> None:
    """No traceback, no exit 70, no raw control character in what was printed."""
    found = problems_of(run)
    assert not found, f"{'; '.join(found)}\n{run}"


# `file:line:col: ` at the start of a message (the file may be relative or absolute).
LOCATED = re.compile(r"^\S[^\n]*?:\d+:\d+: ", re.M)


def assert_refused(run: Run, codes: tuple[int, ...] = (2, 3), *, names: str = "") -> None:
    """A clean refusal: exit 2 or 3, no traceback, and a one-line message that is located.

    Located means `file:line:col:` or, with `names`, that the message names that flag or file.
    """
    assert_sane(run)
    assert run.code in codes, f"exit {run.code}, expected one of {codes}\n{run}"
    first = run.stderr.strip().splitlines()[0] if run.stderr.strip() else ""
    if names:
        assert names in first, f"the message does not name {names!r}\n{run}"
    else:
        assert LOCATED.match(first), f"the message has no file:line:col\n{run}"


# --- projects on disk ----------------------------------------------------------------------


def copy_example(dest: Path) -> Path:
    """A copy of the worked example at the repository root (pdsa.yaml, cycles/, measures/)."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "pdsa.yaml", dest / "pdsa.yaml")
    for folder in ("cycles", "measures"):
        shutil.copytree(REPO / folder, dest / folder)
    return dest


def snapshot(root: Path) -> dict[str, bytes]:
    """Every regular file under `root` (relative path -> bytes)."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def temp_files(root: Path) -> list[Path]:
    """The writers' temp files (`.<name>.<random>.tmp`) left anywhere under `root`."""
    return sorted(p for p in root.rglob(".*.tmp"))


def parallel_map(fn: Callable[[T], R], items: list[T]) -> list[R]:
    """`fn` over `items` in forked worker processes (one per CPU, at most 4), in order.

    The workers are `ProcessPoolExecutor`'s, not `multiprocessing.Pool`'s: those are daemonic
    and could not start the worker processes `pdsa` itself uses for reports.
    """
    workers = min(len(items), os.cpu_count() or 1, 4)
    if workers <= 1:
        return [fn(item) for item in items]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        return list(pool.map(fn, items))


def selected_params(request: Any, module: str, name: str) -> list[Any]:
    """The values of parameter `name` in the tests of `module` this session will run."""
    return sorted(
        {
            item.callspec.params[name]
            for item in request.session.items
            if getattr(item, "module", None) is not None
            and item.module.__name__ == module
            and hasattr(item, "callspec")
            and name in item.callspec.params
        }
    )
