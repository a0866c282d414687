"""Time `pdsa check --history` on a generated git repository with many versions.

Run: ``.venv/bin/python benchmarks/bench_history.py [--cycles N] [--repeat R] [--linear]
[--keep DIR] [--before SRC]``. Prints figures; asserts nothing.

The script builds a repository with `git fast-import` (fixed content, no randomness): N
cycles (default 500), each planned with two predictions in one commit, started in the
next, its measure rows recorded (one version of `measures/handoff-minutes.csv` per cycle,
so the file has N versions and up to 2N rows) and studied and decided in a third: 3N
cycle versions, N data versions. Each cycle's commits are made on a branch merged into
`main` with a merge commit (`--linear`: all on `main`), so ancestry is a graph. Every
commit is dated as the story goes, so the proof passes: `pdsa check --history` exits 0.

It then times `pdsa check --history` and `pdsa check` (the same without the history, so
the difference is the proof's cost) as subprocesses, in one process (`PDSA_JOBS=1`),
interleaved, best of R, as wall time and as CPU time (the process and its git children:
the steadier figure on a shared machine). `--before SRC` times another copy of pdsa too
(a `src` folder put first on PYTHONPATH, with the `templates/` folder beside it), for a
before/after figure on the same repository.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pdsa.fingerprint import lock_predictions
from pdsa.model import Expect, Prediction

PROJECT = """\
schema_version: 1
name: Ward 4 handoffs
aims:
  - statement: Median handoff under 8 minutes
measures:
  - id: handoff-minutes
    title: Handoff duration
    unit: minutes
    type: outcome
    better: lower
    goal: 8
"""
START = dt.date(2020, 1, 6)


def predictions(k: int) -> list[Prediction]:
    return [
        Prediction(
            id="shorter",
            statement=f"Handoffs get shorter in test {k}",
            measure="handoff-minutes",
            expect=Expect(below=8),
        ),
        Prediction(id="liked", statement=f"Nurses on shift {k % 3} like it", confidence=0.7),
    ]


def cycle_text(k: int, stage: str) -> str:
    day = START + dt.timedelta(days=3 * k)
    cid = f"{day}-test-{k}"
    status = {"plan": "plan", "do": "do", "done": "done"}[stage]
    text = [
        "schema_version: 1",
        f"id: {cid}",
        f"title: Test {k}",
        f"status: {status}",
        f"created: {day}",
        "plan:",
        "  objective: See whether the card helps",
        "  predictions:",
        "    - id: shorter",
        f"      statement: Handoffs get shorter in test {k}",
        "      measure: handoff-minutes",
        "      expect: {below: 8}",
        "    - id: liked",
        f"      statement: Nurses on shift {k % 3} like it",
        "      confidence: 0.7",
    ]
    if stage != "plan":
        lock = lock_predictions(predictions(k))
        text += ["  locked:", f"    sha256: {lock.sha256}", "    predictions:"]
        text += [f"      {pid}: '{h}'" for pid, h in lock.predictions.items()]
        text += ["do:", f"  started: {day + dt.timedelta(days=1)}"]
    if stage == "done":
        text += [
            f"  finished: {day + dt.timedelta(days=2)}",
            "study:",
            f"  date: {day + dt.timedelta(days=2)}",
            "  results:",
            "    - prediction: shorter",
            "      actual: 7",
            "      met: true",
            "    - prediction: liked",
            "      actual: yes",
            "      met: true",
            "  learning: It helped",
            "act:",
            "  decision: adopt",
            f"  date: {day + dt.timedelta(days=2)}",
            "  rationale: It helped",
        ]
    return "\n".join(text) + "\n"


class Stream:
    """A `git fast-import` stream, one commit at a time."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.mark = 0

    def commit(
        self, ref: str, when: dt.date, files: dict[str, str], parents: list[int], message: str
    ) -> int:
        self.mark += 1
        stamp = int(dt.datetime(when.year, when.month, when.day, 12, tzinfo=dt.UTC).timestamp())
        lines = [
            f"commit {ref}",
            f"mark :{self.mark}",
            f"author Bench <b@example.org> {stamp} +0000",
            f"committer Bench <b@example.org> {stamp} +0000",
            f"data {len(message.encode())}",
            message,
        ]
        lines += [f"from :{parents[0]}"] if parents else []
        lines += [f"merge :{p}" for p in parents[1:]]
        self.parts.append(("\n".join(lines) + "\n").encode())
        for path, text in files.items():
            data = text.encode()
            self.parts.append(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")
        self.parts.append(b"\n")
        return self.mark


def build(root: Path, cycles: int, linear: bool) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    stream = Stream()
    main = stream.commit("refs/heads/main", START, {"pdsa.yaml": PROJECT}, [], "project")
    rows = ["date,value,note"]
    for k in range(cycles):
        day = START + dt.timedelta(days=3 * k)
        path = f"cycles/{day}-test-{k}.yaml"
        ref = "refs/heads/main" if linear else f"refs/heads/test-{k}"
        tip = stream.commit(ref, day, {path: cycle_text(k, "plan")}, [main], "plan")
        tip = stream.commit(
            ref, day + dt.timedelta(days=1), {path: cycle_text(k, "do")}, [tip], "start"
        )
        rows += [f"{day + dt.timedelta(days=d)},7,test {k}" for d in (1, 2)]
        files = {
            path: cycle_text(k, "done"),
            "measures/handoff-minutes.csv": "\n".join(rows) + "\n",
        }
        tip = stream.commit(ref, day + dt.timedelta(days=2), files, [tip], "data, study, act")
        if linear:
            main = tip
        else:
            main = stream.commit(
                "refs/heads/main", day + dt.timedelta(days=2), files, [main, tip], "merge"
            )
    subprocess.run(
        ["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream.parts), check=True
    )
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=root, check=True)


def timed(root: Path, pythonpath: str | None, *args: str) -> tuple[float, float, int]:
    """Wall time, CPU time (the process and its git children) and exit code."""
    env = {**os.environ, "PDSA_JOBS": "1"}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    argv = ["pdsa", "check", *args]
    code = f"import sys; from pdsa.cli import app; sys.argv = {argv!r}; app()"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--linear", action="store_true", help="no branches or merges")
    parser.add_argument("--keep", type=Path, help="build the repository here and keep it")
    parser.add_argument("--before", help="another pdsa src folder to time beside this one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp) / "repo"
        started = time.perf_counter()
        build(root, args.cycles, args.linear)
        commits = subprocess.run(
            ["git", "rev-list", "--count", "HEAD"], cwd=root, capture_output=True, text=True
        ).stdout.strip()
        print(
            f"repository: {args.cycles} cycles, {3 * args.cycles} cycle versions, "
            f"{args.cycles} data versions, {commits} commits "
            f"({'linear' if args.linear else 'a branch and a merge per cycle'}); "
            f"built in {time.perf_counter() - started:.1f} s"
        )
        plans = [("pdsa check --history", None, "--history"), ("pdsa check", None, "")]
        if args.before:
            plans.insert(1, ("pdsa check --history (before)", args.before, "--history"))
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name, _, _ in plans}
        for _ in range(args.repeat):
            for name, path, flag in plans:
                wall, cpu, code = timed(root, path, *([flag] if flag else []))
                runs[name].append((wall, cpu))
                if code != 0:
                    print(f"  {name}: exit {code}")
        for name, times in runs.items():
            wall = min(t[0] for t in times)
            cpu = min(t[1] for t in times)
            print(f"{name:<32} best {wall:6.2f} s wall, {cpu:6.2f} s CPU, of {len(times)}")


if __name__ == "__main__":
    main()
