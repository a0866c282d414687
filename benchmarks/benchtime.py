"""Timing helpers the side-by-side benchmarks share: run a command as a child process and
measure it, interleave pdsa with its peer, print best and median, keep a summary, measure peak
memory, profile.

Every command runs as a subprocess. For each run we keep the wall time and the CPU time of
the child and of the children it waited for (user + system, the delta of
``getrusage(RUSAGE_CHILDREN)`` around the run; on a loaded machine it is the steadier
figure, since waiting for a CPU is not in it). Commands are interleaved (A, B, A, B, ...)
after one untimed warm-up run each, so machine noise hits pdsa and its peer alike.

Peak memory is measured apart (``peak_rss``): on Linux a child's ``ru_maxrss`` starts at the
high-water mark of the address space it replaced at exec, which for a child spawned from
here (vfork) is this process's, so the command is started by a small forking helper that
reports the command's own ``ru_maxrss``.

pdsa and its peers are timed as installed packages run: pdsa's modules and the environment's
libraries compiled to bytecode first (``compiled_pdsa``), as pip does when it installs a
wheel. Without that, on a machine that sets ``PYTHONDONTWRITEBYTECODE`` (as this one does),
every run of an editable install compiles pdsa's sources again (half a second for a chart),
and a library whose bytecode went missing (some of matplotlib's, here) is compiled again on
every run of pdsa and of its peer alike.

``python benchmarks/benchtime.py SUMMARY.tsv`` prints the summary rows the scripts wrote with
``--summary`` as one table (``run_all.sh`` does this).
"""

from __future__ import annotations

import csv
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

BIN = Path(sys.executable).parent


def compiled_pdsa() -> None:
    """Compile pdsa's modules and the environment's libraries to bytecode (quietly; nothing
    when they are current)."""
    import compileall
    import importlib.util
    import sysconfig

    spec = importlib.util.find_spec("pdsa")
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            compileall.compile_dir(folder, quiet=1)
    compileall.compile_dir(sysconfig.get_paths()["purelib"], quiet=1, workers=0)


compiled_pdsa()
PDSA = str(BIN / "pdsa")
# A fixed, colourless terminal for table output written to a pipe or a file.
PLAIN = {**os.environ, "COLUMNS": "160", "NO_COLOR": "1", "TERM": "dumb"}
ONE_PROCESS = {**PLAIN, "PDSA_JOBS": "1"}


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    cpu: float  # seconds, user + system, the child and the children it waited for
    returncode: int
    stdout: bytes  # empty when stdout went to a file
    stderr: bytes


def run(
    argv: Sequence[str],
    cwd: Path,
    env: Mapping[str, str] | None = None,
    stdout: Path | None = None,
) -> Run:
    """Run argv to completion; stdout to a pipe (read by a thread), or to the file given."""
    sink: IO[bytes] | None = stdout.open("wb") if stdout is not None else None
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        list(argv),
        cwd=cwd,
        env=dict(env) if env is not None else None,
        stdout=sink if sink is not None else subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    got: dict[str, bytes] = {}

    def drain(name: str, stream: IO[bytes]) -> None:
        got[name] = stream.read()

    readers = [
        threading.Thread(target=drain, args=(name, stream))
        for name, stream in (("out", proc.stdout), ("err", proc.stderr))
        if stream is not None
    ]
    for t in readers:
        t.start()
    proc.wait()
    wall = time.perf_counter() - t0
    for t in readers:
        t.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()
    if sink is not None:
        sink.close()
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(wall, cpu, proc.returncode, got.get("out", b""), got.get("err", b""))


def must(result: Run, what: str) -> Run:
    """The run, or exit with its stderr when it failed."""
    if result.returncode:
        err = result.stderr.decode(errors="replace")[-3000:]
        sys.exit(f"{what}: exit {result.returncode}\n{err}")
    return result


Job = Callable[[], Run]


def interleave(jobs: Mapping[str, Job], repeat: int, warm: bool = True) -> dict[str, list[Run]]:
    """Each job once untimed (page cache, .pyc files), then A, B, C, A, B, C, ... R times."""
    if warm:
        for name, job in jobs.items():
            must(job(), name)
    runs: dict[str, list[Run]] = {name: [] for name in jobs}
    for _ in range(repeat):
        for name, job in jobs.items():
            runs[name].append(must(job(), name))
    return runs


@dataclass(frozen=True)
class Stats:
    best: float
    median: float
    cpu_best: float
    cpu_median: float
    n: int


def stats(runs: Sequence[Run]) -> Stats:
    walls, cpus = [r.wall for r in runs], [r.cpu for r in runs]
    return Stats(
        min(walls),
        statistics.median(walls),
        min(cpus),
        statistics.median(cpus),
        len(runs),
    )


HEAD = f"  {'':44}{'wall best':>10}{'median':>9}{'CPU best':>10}{'median':>9}"


def line(label: str, s: Stats) -> str:
    return f"  {label:44}{s.best:9.3f}s{s.median:8.3f}s{s.cpu_best:9.3f}s{s.cpu_median:8.3f}s"


def ratio(label: str, mine: Stats, peer: Stats, goal: float | None) -> str:
    target = f"   goal <= {goal:g}x" if goal is not None else ""
    return (
        f"  {label:44}{mine.best / peer.best:9.2f}x{mine.median / peer.median:8.2f}x"
        f"{mine.cpu_best / peer.cpu_best:9.2f}x{mine.cpu_median / peer.cpu_median:8.2f}x"
        f"{target}"
    )


def compare(
    title: str, mine: tuple[str, Stats], peer: tuple[str, Stats], goal: float | None
) -> None:
    """Three lines: pdsa, its peer, and the ratios (wall best and median, CPU best, median)."""
    print(f"\n{title}")
    print(HEAD)
    print(line(mine[0], mine[1]))
    print(line(peer[0], peer[1]))
    print(ratio("ratio pdsa / peer", mine[1], peer[1], goal))


# Forks the command from a small interpreter (-I -S: a few MiB) and writes the command's own
# ru_maxrss, in KiB, to the file named first; exits with the command's status.
PEAK = r"""
import os, sys
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as f:
    f.write(str(usage.ru_maxrss))
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
"""


def peak_rss(
    argv: Sequence[str],
    cwd: Path,
    env: Mapping[str, str] | None = None,
    stdout: Path | None = None,
) -> int:
    """The peak resident set size of a command, in KiB (see the module's docstring)."""
    with tempfile.TemporaryDirectory(prefix="bench-rss-") as tmp:
        dest = Path(tmp) / "maxrss"
        helper = [sys.executable, "-I", "-S", "-c", PEAK, str(dest), *argv]
        must(run(helper, cwd, env, stdout), " ".join(argv[:3]))
        return int(dest.read_text())


SUMMARY_FIELDS = ["row", "pdsa_s", "peer_s", "ratio", "ratio_median", "ratio_cpu", "goal"]


def record(path: Path | None, row: str, mine: Stats, peer: Stats, goal: float | None) -> None:
    """Append one summary row (best wall times, ratios of best and median wall, best CPU)."""
    if path is None:
        return
    fresh = not path.exists() or path.stat().st_size == 0
    with path.open("a", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter="\t")
        if fresh:
            w.writerow(SUMMARY_FIELDS)
        w.writerow(
            [
                row,
                f"{mine.best:.4f}",
                f"{peer.best:.4f}",
                f"{mine.best / peer.best:.3f}",
                f"{mine.median / peer.median:.3f}",
                f"{mine.cpu_best / peer.cpu_best:.3f}",
                "" if goal is None else f"{goal:g}",
            ]
        )


def print_summary(path: Path) -> None:
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    width = max([len(r["row"]) for r in rows] + [3])
    print(
        f"{'row':{width}}  {'pdsa s':>8}  {'peer s':>8}  {'ratio':>6}  {'median':>6}"
        f"  {'CPU':>6}  {'goal':>7}  within (wall/CPU)"
    )
    for r in rows:
        goal = float(r["goal"]) if r["goal"] else None
        ok = ""
        if goal is not None:
            ok = "/".join("yes" if float(r[k]) <= goal else "no" for k in ("ratio", "ratio_cpu"))
        print(
            f"{r['row']:{width}}  {float(r['pdsa_s']):8.3f}  {float(r['peer_s']):8.3f}"
            f"  {float(r['ratio']):5.2f}x  {float(r['ratio_median']):5.2f}x"
            f"  {float(r['ratio_cpu']):5.2f}x  {'<= ' + r['goal'] + 'x' if goal else '':>7}"
            f"  {ok}"
        )
    print("ratio: best wall times; median: of the median wall times; CPU: of the best CPU times")


# A CLI command under cProfile in a fresh process, as the console script starts it; the CLI
# module is imported first, so the profile holds the command's own work (with the modules it
# imports lazily), not the interpreter's start-up. Written with marshal for `profile` to read.
PROFILE = r"""
import cProfile, sys
dest = sys.argv[1]
from pdsa.cli import main
sys.argv = ["pdsa", *sys.argv[2:]]
prof = cProfile.Profile()
prof.enable()
try:
    main()
except SystemExit:
    pass
prof.disable()
prof.dump_stats(dest)
"""
# The listing by cumulative time keeps pdsa's own functions (not the CLI's dispatch, which
# holds the total), the library functions pdsa calls directly (rich's print, savefig, the YAML
# loader) and the import machinery's entry (the time spent importing modules), so it reads as
# the steps of the command; the listing by own time keeps everything.
OURS = re.compile(r"/src/pdsa/|/site-packages/pdsa/")
DISPATCH = re.compile(r"pdsa/cli/(__init__|_app)\.py$")


def _ours(path: str) -> bool:
    return bool(OURS.search(path)) and not DISPATCH.search(path)


def _step(key: tuple[str, int, str], callers: dict[tuple[str, int, str], object]) -> bool:
    path, _, func = key
    if path.startswith("<frozen importlib._bootstrap>"):
        return func == "_find_and_load"
    if path.startswith("<frozen") or func.startswith(("<built-in method builtins.exec", "<")):
        return False
    return _ours(path) or any(_ours(caller[0]) for caller in callers)


def _where(path: str, line: int, func: str) -> str:
    short = re.sub(r"^.*/(site-packages|src|lib/python3\.\d+)/", "", path)
    short = re.sub(r"^<frozen (.*)>$", r"\1", short)
    return f"{short}:{line}({func})" if path != "~" else func


def profile(args: Sequence[str], cwd: Path, top: int = 15, title: str = "") -> None:
    """Print the top entries of `pdsa ARGS` (one process): pdsa's steps by cumulative time,
    and everything by own time."""
    import pstats

    with tempfile.TemporaryDirectory(prefix="bench-profile-") as tmp:
        dest = Path(tmp) / "profile.out"
        argv = [sys.executable, "-c", PROFILE, str(dest), *args]
        result = must(run(argv, cwd, ONE_PROCESS, stdout=Path(os.devnull)), "profile")
        st = pstats.Stats(str(dest))
    entries = st.stats
    total = st.total_tt
    print(
        f"\ncProfile of `pdsa {' '.join(args)}` {title}in a fresh process, PDSA_JOBS=1: "
        f"{total:.2f} s profiled, {result.wall:.1f} s wall under the profiler"
    )
    for index in (3, 2):  # cumulative time, then own time
        ranked = sorted(entries.items(), key=lambda kv: kv[1][index], reverse=True)
        if index == 3:
            ranked = [kv for kv in ranked if _step(kv[0], kv[1][4])]
            head = f"  top {top} by cumulative time (pdsa's functions, what they call, imports):"
        else:
            head = f"  top {top} by own time:"
        print(f"{head}\n  {'ncalls':>8}{'own s':>8}{'cum s':>8}  function")
        for (path, line_no, func), (_, calls, own, cum, _) in ranked[:top]:
            print(f"  {calls:>8}{own:8.3f}{cum:8.3f}  {_where(path, line_no, func)}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: benchtime.py SUMMARY.tsv")
    print_summary(Path(sys.argv[1]))
