"""Time `pdsa chart M --out c.svg` / `--out c.png` against drawing the line and median with bare
matplotlib.

Run: ``.venv/bin/python benchmarks/bench_chart.py [--cycles 1000] [--svg-points 500]
[--png-points 10000] [--repeat 5] [--keep DIR] [--profile] [--summary FILE]``. Prints
figures; asserts nothing.

For each size of the charted measure (500 points, saved as SVG; 10,000 points, saved as PNG)
the script writes two projects from a fixed seed with ``bench_report``'s generators: one with
``--cycles`` cycles and one with none, so the cost of the cycles shows. The charted measure,
``interruptions``, is daily (500 points are the last 16 months, 10,000 the last 27 years), a
plain run chart: no phases, baseline, goal or excluded points. The project has 9 other
measures with 10 years of weekly (or daily) points. The cycles are ``bench_report``'s: ramps of
1-5 cycles over the last ten years, more of them recent, in every status; each predicts 1-3 of
the measures its change idea should move (2 of the 8 ideas move ``interruptions``) where the
measure has data, plus questions without a measure. So some cycles touch the chart (they ran
in its window, and some predict it) and many do not (they ran before its first point, or are
still in plan and never ran); the script prints how many are placed on each chart. ``pdsa
check`` must find no errors in either project with cycles (its counts are printed).

Two subprocesses per row, interleaved with every other row (A, B, A, B, ...), best of R:

1. ``pdsa chart interruptions --out c.svg --date 2026-07-06`` (or ``c.png``);
2. the peer, ``peer_chart.py`` (written into the project): reads the same CSV with ``csv``,
   takes ``statistics.median``, and draws a ``matplotlib.figure.Figure`` of pdsa's size (read
   from pdsa's file) with pdsa's rcParams: the points joined by a line (pdsa's marker size),
   the median as a line, a dated x axis, the title and y label; saves the same format (PNG at
   pdsa's 150 dpi, SVG without date metadata). No run-chart analysis, no signals, no cycle
   strip: what "a line and its median" costs.

``--profile`` adds a cProfile of each row's ``pdsa chart`` with cycles in a fresh process.
Target (issue 16): pdsa / peer <= 1.3x with 1,000 cycles.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import random
import re
import struct
import sys
import tempfile
import time
from pathlib import Path

from bench_report import SPECS, TODAY, write_project
from bench_report import make_measures as measures_of
from benchtime import PDSA, PLAIN, Job, Run, compare, interleave, must, profile, record, run, stats
from yamlgen import machine

from pdsa.render.chart import _STYLE, PNG_DPI

SEED = 20261116
MEASURE = "interruptions"
OTHER_POINTS = 520  # ten years of weekly points
FIRST = TODAY - dt.timedelta(days=3650)  # cycles start in the last ten years
CYCLES = 1_000
REPEAT = 5
GOAL = 1.3

PEER = r'''
"""Bare matplotlib: one measure's points as a line, and their median, saved as SVG or PNG."""
import csv
import datetime as dt
import json
import statistics
import sys

import matplotlib
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
from matplotlib.figure import Figure

cfg = json.load(open(sys.argv[1]))
matplotlib.rcParams.update(cfg["rc"])  # the settings pdsa draws with
dates, values = [], []
with open(cfg["csv"], newline="") as f:
    for row in csv.DictReader(f):
        dates.append(dt.date.fromisoformat(row["date"]))
        values.append(float(row["value"]))
median = statistics.median(values)
width, height = cfg["size"]
fig = Figure(figsize=(width, height))
ax = fig.add_axes((0.85 / width, 0.6 / height, (width - 1.8) / width, (height - 1.6) / height))
fig.text(0.85 / width, 1 - 0.14 / height, cfg["title"], fontsize=13, fontweight="bold",
         va="top")
xs = date2num(dates)
size = 5.0 if len(xs) <= 80 else 3.6 if len(xs) <= 200 else 2.4
ax.plot(xs, values, color="#3B4A5A", lw=1.1, marker="o", ms=size, zorder=3)
ax.plot([xs[0], xs[-1]], [median, median], color="#1F77B4", lw=1.4)
locator = AutoDateLocator(minticks=5, maxticks=12)
ax.xaxis.set_major_locator(locator)
ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
ax.set_ylabel(cfg["unit"])
if cfg["format"] == "svg":
    fig.savefig(cfg["out"], format="svg", metadata={"Date": None, "Title": cfg["title"]})
else:
    fig.savefig(cfg["out"], format="png", dpi=cfg["dpi"], metadata={"Software": None})
'''


@dataclasses.dataclass
class Row:
    fmt: str
    points: int
    cycles: int
    root: Path
    placed: int = 0  # cycles drawn on the chart
    predicting: int = 0  # of them, predicting the measure

    @property
    def name(self) -> str:
        return f"chart {self.fmt}, {self.points:,} points, {self.cycles:,} cycles"


def make(root: Path, points: int, cycles: int) -> tuple[int, int]:
    """The project: the charted measure with `points` points, 9 others, `cycles` cycles."""
    rng = random.Random(SEED)
    spec = next(s for s in SPECS if s.id == MEASURE)
    plain = dataclasses.replace(spec, phases=(), goal=None, baseline=None, exclude=0, rules=None)
    others = measures_of([s for s in SPECS if s.id != MEASURE], OTHER_POINTS, rng)
    charted = measures_of([plain], points, random.Random(SEED + points))
    return write_project(root, charted + others, cycles, first=FIRST)


def figure_size(path: Path) -> tuple[float, float]:
    """The size in inches of pdsa's chart: from the SVG's width/height, or the PNG's pixels."""
    data = path.read_bytes()
    if path.suffix == ".png":
        w, h = struct.unpack(">II", data[16:24])
        return w / PNG_DPI, h / PNG_DPI
    found = re.search(rb'width="([\d.]+)pt" height="([\d.]+)pt"', data)
    assert found, "no size in pdsa's SVG"
    return float(found[1]) / 72, float(found[2]) / 72


def jobs_for(row: Row) -> dict[str, Job]:
    """The two commands of a row; each deletes its output first, so both write a new file."""
    out, peer_out = row.root / f"c.{row.fmt}", row.root / f"peer.{row.fmt}"
    pdsa_cmd = [PDSA, "chart", MEASURE, "--out", str(out), "--date", TODAY.isoformat()]
    must(run(pdsa_cmd, row.root, PLAIN), row.name)  # once, for the size the peer draws at
    config = {
        "csv": str(row.root / "measures" / f"{MEASURE}.csv"),
        "format": row.fmt,
        "out": str(peer_out),
        "size": figure_size(out),
        "dpi": PNG_DPI,
        "rc": _STYLE,
        "title": next(s.title for s in SPECS if s.id == MEASURE),
        "unit": "",
    }
    cfg = row.root / f"peer-{row.fmt}.json"
    cfg.write_text(json.dumps(config), encoding="utf-8")
    peer_cmd = [sys.executable, str(row.root / "peer_chart.py"), str(cfg)]

    def mine() -> Run:
        out.unlink(missing_ok=True)
        return run(pdsa_cmd, row.root, PLAIN)

    def theirs() -> Run:
        peer_out.unlink(missing_ok=True)
        return run(peer_cmd, row.root, PLAIN)

    return {f"pdsa {row.name}": mine, f"peer {row.name}": theirs}


def describe(row: Row) -> str:
    """Placed cycles (from `pdsa chart --json`) and `pdsa check`'s counts, for a project."""
    argv = [PDSA, "chart", MEASURE, "--json", "--date", TODAY.isoformat()]
    chart = json.loads(must(run(argv, row.root, PLAIN), "pdsa chart --json").stdout)
    marks = chart["cycles"]
    row.placed = len(marks)
    row.predicting = sum(1 for m in marks if m["predicts_here"])
    files = list((row.root / "cycles").glob("*.yaml"))
    predicts = sum(1 for f in files if f"measure: {MEASURE}\n" in f.read_text())
    text = (
        f"{row.points:,} points, {len(files):,} cycles: {row.placed:,} placed on the chart "
        f"({row.predicting:,} of them predict {MEASURE}; {predicts:,} files predict it)"
    )
    if files:
        check = run([PDSA, "check", "--format", "json"], row.root, PLAIN)
        summary = json.loads(check.stdout)["summary"]
        text += f"; pdsa check: {summary['errors']} errors, {summary['warnings']} warnings"
        if summary["errors"]:
            sys.exit(f"bench_chart: pdsa check found errors in {row.root}")
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cycles", type=int, default=CYCLES, metavar="N")
    parser.add_argument("--svg-points", type=int, default=500, metavar="P")
    parser.add_argument("--png-points", type=int, default=10_000, metavar="P")
    parser.add_argument("--repeat", type=int, default=REPEAT, metavar="R")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="write the projects here")
    parser.add_argument("--profile", action="store_true", help="then cProfile pdsa chart")
    parser.add_argument("--top", type=int, default=15, help="profile entries shown")
    parser.add_argument("--summary", type=Path, metavar="FILE", help="append summary rows")
    args = parser.parse_args()

    cleanup = None
    if args.keep:
        if args.keep.exists() and any(args.keep.iterdir()):
            sys.exit(f"bench_chart: {args.keep} is not empty")
        args.keep.mkdir(parents=True, exist_ok=True)
        base = args.keep.resolve()
    else:
        cleanup = tempfile.TemporaryDirectory(prefix="bench_chart-")
        base = Path(cleanup.name)
    try:
        rows: list[Row] = []
        t0 = time.perf_counter()
        for fmt, points in (("svg", args.svg_points), ("png", args.png_points)):
            for cycles in (args.cycles, 0):
                root = base / f"{points}-points-{cycles}-cycles"
                root.mkdir()
                make(root, points, cycles)
                (root / "peer_chart.py").write_text(PEER.lstrip(), encoding="utf-8")
                rows.append(Row(fmt, points, cycles, root))
        generated = time.perf_counter() - t0

        print(
            f"pdsa chart benchmark: measure {MEASURE} (daily), best of {args.repeat} "
            "and median, interleaved"
        )
        print(machine("matplotlib", "numpy", "pydantic", "ruamel.yaml", "pyyaml"))
        print(f"projects: {base} (generated in {generated:.1f} s)")
        for row in rows:
            print(f"  {describe(row)}")

        jobs: dict[str, Job] = {}
        for row in rows:
            jobs.update(jobs_for(row))
        runs = interleave(jobs, args.repeat)
        for row in rows:
            mine, peer = stats(runs[f"pdsa {row.name}"]), stats(runs[f"peer {row.name}"])
            kib = (row.root / f"c.{row.fmt}").stat().st_size / 1024
            peer_kib = (row.root / f"peer.{row.fmt}").stat().st_size / 1024
            compare(
                f"{row.name} ({row.placed:,} placed): output {kib:,.0f} KiB, "
                f"peer {peer_kib:,.0f} KiB",
                (f"pdsa chart {MEASURE} --out c.{row.fmt}", mine),
                ("peer: bare matplotlib line + median", peer),
                GOAL if row.cycles else None,
            )
            record(args.summary, row.name, mine, peer, GOAL if row.cycles else None)
        print("\nwhat the cycles cost pdsa (with cycles - without):")
        for with_, without in zip(rows[::2], rows[1::2], strict=True):
            a, b = stats(runs[f"pdsa {with_.name}"]), stats(runs[f"pdsa {without.name}"])
            print(
                f"  {with_.fmt}, {with_.points:,} points: {a.best - b.best:+.3f} s wall (best), "
                f"{a.cpu_best - b.cpu_best:+.3f} s CPU (best) for {with_.cycles:,} cycles"
            )
        if args.profile:
            for row in rows[::2]:
                argv = ["chart", MEASURE, "--out", f"profile.{row.fmt}"]
                profile([*argv, "--date", TODAY.isoformat()], row.root, args.top, f"({row.name}) ")
    finally:
        if cleanup is not None:
            cleanup.cleanup()


if __name__ == "__main__":
    main()
