"""Time `pdsa network report` over many team repositories against a shell loop doing the same.

Run: ``.venv/bin/python benchmarks/bench_network.py [--repos 200] [--repeat 1] [--jobs 8]
[--keep DIR] [--no-daemon] [--parallel-peer]``. Prints figures; asserts nothing.

The script generates ``--repos`` team repositories with the real git (the generator of the
tests, `tests/networkfixture.py`: a pdsa.yaml with an aim, one weekly outcome measure with a
goal and 23 points, two change ideas, four tested cycles with real prediction locks; each a
separate repository with one commit) and serves them with ``git daemon`` on 127.0.0.1 (or, with
``--no-daemon``, as ``file://`` URLs). A hub's ``network.yaml`` lists them all.

Timed, interleaved, best of R, each from a cold cache for the first run:

1. ``pdsa network report --json``, first run (every repository cloned, shallow) and second run
   (every repository fetched; nothing changed upstream): start-up, fetching ``--jobs`` at a
   time, reading every project as ``pdsa report`` does (run charts, hit rates, calibration,
   fidelity, progress score) in worker processes, matching the shared change ideas, JSON out;
2. the peer, a bash loop over the same URLs: ``git clone -q --depth 1 URL dir`` (first run) or
   ``git -C dir fetch -q --depth 1 origin HEAD && git -C dir checkout -q --detach FETCH_HEAD``
   (second run), then ``pdsa report --json`` in that folder, one repository after the other;
   with ``--parallel-peer``, the same loop body also run through ``xargs -P`` (as many at once
   as there are CPUs), which a shell user could write too.

What the peer does not do: no roll-up across teams, no shared-idea matching, no per-team
failure handling; each ``pdsa report`` pays the interpreter's start-up. Both produce every
team's report numbers; the script checks that pdsa's made/judged/met per team equal the
loop's. Goal: pdsa faster than the loop on the second run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.networkfixture import Idea, git_daemon, make_repo  # noqa: E402
from yamlgen import machine  # noqa: E402

BIN = Path(sys.executable).parent
TODAY = "2026-06-15"


def generate(base: Path, count: int) -> list[str]:
    """`count` team repositories under `base/repos`; returns their names."""
    names = []
    for i in range(count):
        ideas = [
            Idea(["sbar-card", "bedside-handoff", "huddle"][i % 3], "Shared idea", ("shared",)),
            Idea(f"own-{i}", f"Team {i}'s idea", (), "abandon" if i % 4 == 0 else "adopt"),
        ]
        make_repo(base / "repos" / f"team-{i:03d}", f"Team {i:03d}", ideas, i)
        names.append(f"team-{i:03d}")
    return names


def write_hub(hub: Path, urls: list[str], jobs: int) -> None:
    hub.mkdir(parents=True, exist_ok=True)
    lines = ["schema_version: 1", "name: Benchmark network", "settings:", f"  jobs: {jobs}"]
    lines.append("teams:")
    for n, url in enumerate(urls):
        lines += [f"  - id: team-{n:03d}", f"    url: {url}"]
    (hub / "network.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def loop_script(urls: list[str], folder: Path, second: bool, parallel: int) -> str:
    """The peer: a bash loop (or xargs -P) cloning/fetching and reporting each repository."""
    fetch = (
        'git -C "$dir" fetch -q --depth 1 origin HEAD && '
        'git -C "$dir" checkout -q --detach FETCH_HEAD'
        if second
        else 'git clone -q --depth 1 "$url" "$dir"'
    )
    body = (
        f'dir="{folder}/$name"; {fetch} && '
        f'(cd "$dir" && "{BIN}/pdsa" report --json --date {TODAY} > "{folder}/$name.json")'
    )
    pairs = "\n".join(f"{u} team-{n:03d}" for n, u in enumerate(urls))
    if parallel > 1:
        return (
            f"cat <<'EOF' | xargs -P {parallel} -n 2 bash -c 'url=$0; name=$1; {body}'\n"
            f"{pairs}\nEOF\n"
        )
    return f"while read -r url name; do {body}; done <<'EOF'\n{pairs}\nEOF\n"


def timed(fn: Callable[..., None], *args: Any) -> tuple[float, float]:
    """Wall seconds, and CPU seconds of the child processes (the steadier figure on a shared
    machine; git daemon's own work is in neither side's CPU time)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    fn(*args)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def run_pdsa(hub: Path, out: Path) -> None:
    with out.open("wb") as handle:
        done = subprocess.run(
            [str(BIN / "pdsa"), "network", "report", "--json", "--date", TODAY],
            cwd=hub,
            stdout=handle,
            stderr=subprocess.PIPE,
            check=False,
        )
    if done.returncode != 0:
        raise SystemExit(f"pdsa network report failed: {done.stderr.decode()[-2000:]}")


def run_loop(script: str) -> None:
    subprocess.run(["bash", "-c", script], check=True)


def same_numbers(pdsa_json: Path, loop_folder: Path) -> int:
    """How many teams' made/judged/met agree between pdsa's roll-up and the loop's reports."""
    teams = json.loads(pdsa_json.read_text())["teams"]
    agree = 0
    for t in teams:
        own = json.loads((loop_folder / f"{t['id']}.json").read_text())["hit_rates"]["all"]
        mine = t["predictions"]
        agree += (mine["made"], mine["judged"], mine["met"]) == (
            own["made"],
            own["judged"],
            own["met"],
        )
    return agree


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repos", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=8)
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--no-daemon", action="store_true")
    parser.add_argument("--parallel-peer", action="store_true")
    args = parser.parse_args()
    print(machine("pydantic", "ruamel.yaml", "matplotlib"))
    print(f"git: {subprocess.run(['git', '--version'], capture_output=True, text=True).stdout}")
    base = args.keep or Path(tempfile.mkdtemp(prefix="bench-network-"))
    started = time.perf_counter()
    names = generate(base, args.repos)
    print(f"generated {len(names)} repositories in {time.perf_counter() - started:.1f} s")
    peers = [("loop", 1)] + ([("loop -P", os.cpu_count() or 2)] if args.parallel_peer else [])
    results: dict[str, list[tuple[float, float]]] = {}

    def record(name: str, seconds: tuple[float, float]) -> None:
        results.setdefault(name, []).append(seconds)
        print(f"  {name:<28} {seconds[0]:8.2f} s wall {seconds[1]:8.2f} s CPU", flush=True)

    def measure(urls: list[str]) -> None:
        for r in range(args.repeat):
            work = base / f"run-{r}"
            shutil.rmtree(work, ignore_errors=True)
            hub = work / "hub"
            write_hub(hub, urls, args.jobs)
            out = work / "pdsa.json"
            folders = {name: work / name.replace(" ", "") for name, _ in peers}
            for folder in folders.values():
                folder.mkdir(parents=True)
            for second, run in ((False, "first run"), (True, "second run")):
                record(f"pdsa, {run}", timed(run_pdsa, hub, out))
                for name, parallel in peers:
                    script = loop_script(urls, folders[name], second, parallel)
                    record(f"{name}, {run}", timed(run_loop, script))
            for name, folder in folders.items():
                agree = same_numbers(out, folder)
                print(f"  teams whose numbers agree with {name}: {agree} of {len(urls)}")

    if args.no_daemon:
        measure([f"file://{base / 'repos' / n}" for n in names])
    else:
        with git_daemon(base / "repos") as port:
            measure([f"git://127.0.0.1:{port}/{n}" for n in names])
    print(f"\n{args.repos} repositories, best of {args.repeat} (seconds, wall / CPU):")
    for run in ("first run", "second run"):
        wall, cpu = (min(x[i] for x in results[f"pdsa, {run}"]) for i in (0, 1))
        for name, _ in peers:
            pw, pc = (min(x[i] for x in results[f"{name}, {run}"]) for i in (0, 1))
            print(
                f"  {run:<11} pdsa {wall:7.2f} / {cpu:7.2f}   {name:<8} {pw:7.2f} / {pc:7.2f}"
                f"   ratio {wall / pw:.2f}x wall, {cpu / pc:.2f}x CPU"
            )
    if args.keep is None:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
