"""Time `pdsa report` (the terminal report) against `pdsa list --json` on the same project.

Run: ``.venv/bin/python benchmarks/bench_report_terminal.py [--cycles 1000] [--measures 10]
[--points 500] [--repeat 5] [--keep DIR] [--profile] [--summary FILE]``. Prints figures;
asserts nothing.

The project is ``bench_report``'s (fixed seed): ``pdsa.yaml`` with 10 measures of 500 points
(goals, frozen baselines, phases, excluded points, rule sets), 8 change ideas under 3 primary
drivers, and 1,000 cycles in ramps, every status, with predictions on the measures judged by
the data in their Do window and real ``plan.locked`` hashes. ``pdsa check`` must find no
errors (its counts are printed).

Two subprocesses, interleaved (A, B, A, B, ...), best of R and median, both writing to a pipe
with a fixed terminal (``COLUMNS=160``, ``NO_COLOR=1``, ``TERM=dumb``):

1. ``pdsa report --date 2026-07-06``: the terminal report (run charts of every measure,
   predictions against actuals, calibration, ramps);
2. the peer, ``pdsa list --json``: the same cycles loaded and validated, and printed as JSON,
   so the ratio is what the report adds on top of reading the project.

``--profile`` adds a cProfile of ``pdsa report`` in a fresh process. Target (issue 16):
pdsa report / pdsa list --json <= 2x.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from bench_report import TODAY, make_project
from benchtime import PDSA, PLAIN, compare, interleave, profile, record, run, stats
from yamlgen import machine

CYCLES = 1_000
MEASURES = 10
POINTS = 500
REPEAT = 5
GOAL = 2.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cycles", type=int, default=CYCLES, metavar="N")
    parser.add_argument("--measures", type=int, default=MEASURES, choices=range(1, 11))
    parser.add_argument("--points", type=int, default=POINTS, metavar="N")
    parser.add_argument("--repeat", type=int, default=REPEAT, metavar="R")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="write the project here")
    parser.add_argument("--profile", action="store_true", help="then cProfile pdsa report")
    parser.add_argument("--top", type=int, default=15, help="profile entries shown")
    parser.add_argument("--summary", type=Path, metavar="FILE", help="append a summary row")
    args = parser.parse_args()
    if args.points < 60:
        parser.error("--points must be at least 60")

    cleanup = None
    if args.keep:
        if args.keep.exists() and any(args.keep.iterdir()):
            sys.exit(f"bench_report_terminal: {args.keep} is not empty")
        args.keep.mkdir(parents=True, exist_ok=True)
        root = args.keep.resolve()
    else:
        cleanup = tempfile.TemporaryDirectory(prefix="bench_report_terminal-")
        root = Path(cleanup.name)
    try:
        t0 = time.perf_counter()
        n, size = make_project(root, args.cycles, args.measures, args.points)
        generated = time.perf_counter() - t0
        check = run([PDSA, "check", "--format", "json"], root, PLAIN)
        summary = json.loads(check.stdout)["summary"]
        print(
            f"pdsa report (terminal) benchmark: {n:,} cycles ({size / n / 1024:.2f} KiB "
            f"average), {args.measures} measures x {args.points} points; best of {args.repeat} "
            "and median, interleaved"
        )
        print(machine("matplotlib", "pydantic", "ruamel.yaml", "pyyaml", "rich"))
        print(f"project: {root} (generated in {generated:.1f} s)")
        print(
            f"pdsa check: exit {check.returncode}, {summary['errors']} errors, "
            f"{summary['warnings']} warnings in {summary['files']} files"
        )
        if summary["errors"]:
            sys.exit("bench_report_terminal: pdsa check found errors in the generated project")

        report = [PDSA, "report", "--date", TODAY.isoformat()]
        runs = interleave(
            {
                "report": lambda: run(report, root, PLAIN),
                "list": lambda: run([PDSA, "list", "--json"], root, PLAIN),
            },
            args.repeat,
        )
        out, listed = runs["report"][-1].stdout, runs["list"][-1].stdout
        lines = out.count(b"\n")
        mine, peer = stats(runs["report"]), stats(runs["list"])
        compare(
            f"pdsa report: {lines:,} lines ({len(out) / 1024:,.0f} KiB); "
            f"pdsa list --json: {len(listed) / 1024:,.0f} KiB",
            (f"pdsa report --date {TODAY} | pipe", mine),
            ("pdsa list --json | pipe", peer),
            GOAL,
        )
        record(args.summary, f"report terminal, {n:,} cycles vs list --json", mine, peer, GOAL)
        if args.profile:
            profile(report[1:], root, args.top, f"({n:,} cycles) ")
    finally:
        if cleanup is not None:
            cleanup.cleanup()


if __name__ == "__main__":
    main()
