"""Time `pdsa list` (the table) against a bare libyaml parse and against `pdsa list --json`, and
measure its peak memory for 1,000 to 30,000 cycles.

Run: ``.venv/bin/python benchmarks/bench_list.py [--small 1000] [--large 10000]
[--memory 1000,10000,30000] [--repeat 3] [--keep DIR] [--profile] [--summary FILE]``.
Prints figures; asserts nothing.

The projects are ``bench_check``'s (a copy of the repository's ``pdsa.yaml`` and ``measures/``,
and N realistic cycle files from a fixed seed: ramps, every status, comments, multi-line
text, correct ``plan.locked`` hashes, results). ``pdsa list`` writes its table to a file, with
a fixed terminal (``COLUMNS=160``, ``NO_COLOR=1``, ``TERM=dumb``); ``--json`` to a pipe.

Rows, each pair of subprocesses interleaved (A, B, A, B, ...), best of R and median:

1. ``pdsa list`` on ``--small`` cycles (1,000) against the floor, ``python -c`` parsing every
   cycle file with libyaml through PyYAML's CSafeLoader (``bench_check.FLOOR``). Target
   (issue 16): <= 2x;
2. ``pdsa list`` on ``--large`` cycles (10,000) against ``pdsa list --json`` on the same
   project: what the table costs on top of loading. Target: <= 1.3x.

Then the peak resident set size (the command's own ``ru_maxrss``, one run each, through
``benchtime.peak_rss``) of ``pdsa list``, ``pdsa list --json`` and the floor for an empty
project and each ``--memory`` size, and the KiB each holds per cycle over the empty project:
flat in the number of cycles means the RSS does not grow with it (the floor holds one file
at a time). ``--profile`` adds a cProfile of
``pdsa list`` on the large project in a fresh process.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from bench_check import FLOOR, make_project
from benchtime import PDSA, PLAIN, Job, compare, interleave, peak_rss, profile, record, run, stats
from yamlgen import machine

REPEAT = 3
GOAL_FLOOR = 2.0
GOAL_JSON = 1.3
KINDS = ("pdsa list", "pdsa list --json", "floor")


def commands(root: Path, n: int) -> dict[str, tuple[list[str], Path | None]]:
    """The three commands on a project of n cycles: argv and where stdout goes (None: pipe)."""
    return {
        f"pdsa list, {n:,}": ([PDSA, "list"], root.parent / f"list-{n}.txt"),
        f"pdsa list --json, {n:,}": ([PDSA, "list", "--json"], None),
        f"floor, {n:,}": ([sys.executable, "-c", FLOOR], None),
    }


def job(root: Path, argv: list[str], out: Path | None) -> Job:
    return lambda: run(argv, root, PLAIN, stdout=out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=1_000, metavar="N")
    parser.add_argument("--large", type=int, default=10_000, metavar="N")
    parser.add_argument("--memory", default="1000,10000,30000", metavar="N,N,...")
    parser.add_argument("--repeat", type=int, default=REPEAT, metavar="R")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="write the projects here")
    parser.add_argument("--profile", action="store_true", help="then cProfile pdsa list")
    parser.add_argument("--top", type=int, default=15, help="profile entries shown")
    parser.add_argument("--summary", type=Path, metavar="FILE", help="append summary rows")
    args = parser.parse_args()
    sizes = sorted({0, args.small, args.large, *(int(n) for n in args.memory.split(","))})

    cleanup = None
    if args.keep:
        if args.keep.exists() and any(args.keep.iterdir()):
            sys.exit(f"bench_list: {args.keep} is not empty")
        args.keep.mkdir(parents=True, exist_ok=True)
        base = args.keep.resolve()
    else:
        cleanup = tempfile.TemporaryDirectory(prefix="bench_list-")
        base = Path(cleanup.name)
    try:
        t0 = time.perf_counter()
        roots: dict[int, Path] = {}
        megabytes: dict[int, float] = {}
        for n in sizes:
            roots[n] = base / f"{n}-cycles"
            roots[n].mkdir()
            megabytes[n] = make_project(roots[n], n) / 1e6
        generated = time.perf_counter() - t0
        print(f"pdsa list benchmark: best of {args.repeat} and median, interleaved")
        print(machine("pydantic", "ruamel.yaml", "pyyaml", "rich"))
        print(f"projects: {base} (generated in {generated:.1f} s)")
        print("  " + ", ".join(f"{n:,} cycles {megabytes[n]:.1f} MB" for n in sizes if n))

        timed: dict[str, Job] = {}
        for n, kinds in ((args.small, ("pdsa list", "floor")), (args.large, KINDS[:2])):
            for name, (argv, out) in commands(roots[n], n).items():
                if name.startswith(tuple(f"{k}," for k in kinds)):
                    timed[name] = job(roots[n], argv, out)
        runs = interleave(timed, args.repeat)
        s = {name: stats(r) for name, r in runs.items()}
        lines = (base / f"list-{args.small}.txt").read_text().count("\n")

        mine, peer = s[f"pdsa list, {args.small:,}"], s[f"floor, {args.small:,}"]
        compare(
            f"pdsa list on {args.small:,} cycles ({lines:,} lines of table) vs bare libyaml parse",
            ("pdsa list > file", mine),
            ("floor: PyYAML CSafeLoader, every file", peer),
            GOAL_FLOOR,
        )
        record(
            args.summary, f"list table, {args.small:,} cycles vs libyaml", mine, peer, GOAL_FLOOR
        )
        mine, peer = s[f"pdsa list, {args.large:,}"], s[f"pdsa list --json, {args.large:,}"]
        compare(
            f"pdsa list on {args.large:,} cycles vs pdsa list --json",
            ("pdsa list > file", mine),
            ("pdsa list --json | pipe", peer),
            GOAL_JSON,
        )
        record(args.summary, f"list table, {args.large:,} cycles vs --json", mine, peer, GOAL_JSON)

        memory(roots, sizes)
        if args.profile:
            profile(["list"], roots[args.large], args.top, f"({args.large:,} cycles) ")
    finally:
        if cleanup is not None:
            cleanup.cleanup()


def memory(roots: dict[int, Path], sizes: list[int]) -> None:
    """Peak RSS of each command at each size, one run each, through `benchtime.peak_rss`."""
    peak: dict[str, int] = {}
    for n in sizes:
        for name, (argv, out) in commands(roots[n], n).items():
            peak[name] = peak_rss(argv, roots[n], PLAIN, stdout=out)
    print("\npeak memory (max RSS of the command), MiB; KiB per cycle over the empty project")
    print(
        f"  {'cycles':>8}{'pdsa list':>12}{'KiB/cycle':>11}{'--json':>10}{'KiB/cycle':>11}", end=""
    )
    print(f"{'floor':>9}")
    base = {kind: peak[f"{kind}, 0"] for kind in KINDS}
    for n in sizes:
        cells = [peak[f"{kind}, {n:,}"] for kind in KINDS]
        per = [(c - base[k]) / n if n else 0.0 for c, k in zip(cells, KINDS, strict=True)]
        print(
            f"  {n:>8,}{cells[0] / 1024:12.1f}{per[0]:11.2f}{cells[1] / 1024:10.1f}{per[1]:11.2f}"
            f"{cells[2] / 1024:9.1f}"
        )
    if len(sizes) > 2:
        lo, hi = sizes[1], sizes[-1]
        for kind in KINDS[:2]:
            grow = (peak[f"{kind}, {hi:,}"] - peak[f"{kind}, {lo:,}"]) / 1024
            print(f"  {kind}: +{grow:.1f} MiB from {lo:,} to {hi:,} cycles", end="")
            print(f" ({grow * 1024 / (hi - lo):.2f} KiB per added cycle)")


if __name__ == "__main__":
    main()
