"""Mutation fuzz of the worked example, with a fixed seed.

Each mutation copies the repository's example (pdsa.yaml, cycles/, measures/), damages one
file a little (bit flips, a line deleted, duplicated or swapped, a key renamed, a value
replaced, a special character inserted, the file cut short), then runs one read command and
one writer command on it. PDSA_ATTACK_SCALE sets the number of mutations (80 at 1, for CI;
200 x scale above).

Invariants:

- no run prints a traceback or exits 70;
- after a write that exits 0, every file it changed still reads back with the tool's own
  reader (`pdsa check` has no PD101/PD601 finding for it);
- a write that exits non-zero changes no file (byte for byte); `study` stopping with "not
  finished, still needed" (exit 1) counts as a write, since it saves every answer given.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.attack.support import (
    REPO,
    SCALE,
    Run,
    copy_example,
    invoke,
    parallel_map,
    selected_params,
    snapshot,
)

SEED = 1313
COUNT = 80 if SCALE == 1 else 200 * SCALE  # CI keeps a sample; a campaign runs 200 x scale
TODAY = "2026-11-21"

PLAN_EMPTY = "2026-11-20-ask-patient-one-question-bedside-handoff"
PLAN_READY = "2026-11-16-sbar-card-ed-ward-admission-handoffs"
IN_ACT = "2026-09-21-new-ehr-summary-whole-day-shift"
IN_DO = "2026-10-12-ward-clerk-holds-phones-handoff"

# name: (arguments, the file it edits)
WRITERS: dict[str, tuple[tuple[str, ...], str]] = {
    "predict": (
        ("predict", PLAN_EMPTY, "Patients name one concern", "--id", "fuzz", "-p", "0.6"),
        f"cycles/{PLAN_EMPTY}.yaml",
    ),
    "start": (("start", PLAN_READY, "--date", TODAY), f"cycles/{PLAN_READY}.yaml"),
    "act": (
        ("act", IN_ACT, "--decision", "adopt", "--rationale", "It works", "--date", TODAY),
        f"cycles/{IN_ACT}.yaml",
    ),
    "record": (
        ("record", "handoff-minutes", "8.2", "--date", "2026-11-23", "--note", "fuzz"),
        "measures/handoff-minutes.csv",
    ),
    "study": (
        (
            "study",
            IN_DO,
            "--finished",
            "2026-10-23",
            "--yes",
            "--actual",
            "fewer-phone-interruptions=0.4",
            "--met",
            "fewer-phone-interruptions=yes",
            "--learning",
            "Phones matter",
            "--decision",
            "adapt",
            "--rationale",
            "Try 06:45",
            "--date",
            TODAY,
        ),
        f"cycles/{IN_DO}.yaml",
    ),
}
READERS = [
    ("list",),
    ("show", PLAN_READY),
    ("report", "--date", TODAY),
    ("agenda", "--date", TODAY),
    ("tree",),
    ("chart", "handoff-minutes", "--date", TODAY),
    ("check",),
    ("check", "--format", "github"),
]

FILES = sorted(
    [
        "pdsa.yaml",
        *(f"cycles/{p.name}" for p in (REPO / "cycles").glob("*.yaml")),
        *(f"measures/{p.name}" for p in (REPO / "measures").glob("*.csv")),
    ]
)
VALUES = [
    ".nan",
    "-.inf",
    "-1",
    "9" * 40,
    "[]",
    "{}",
    "null",
    "''",
    "2026-02-30",
    "0001-01-01",
    '"\\e]0;x\\a"',
    "!!str 2026-11-20",
    "&a x",
    "*a",
    "|",
    "nan",
    "1e400",
    '"a,b"',
]
INSERTS = ["\t", "\ufeff", "\r", "\x00", "\x1b", "\u2028", '"', ",", ":", "#", "- ", "\n  "]


@dataclass(frozen=True)
class Mutation:
    """One damaged file and the commands run on it."""

    number: int
    path: str
    how: str
    data: bytes
    writer: str
    reader: tuple[str, ...]


def mutate(number: int) -> Mutation:
    rng = random.Random(f"{SEED}-{number}")
    writer = list(WRITERS)[number % len(WRITERS)]
    own = WRITERS[writer][1]
    path = own if rng.random() < 0.7 else rng.choice(FILES)
    data = (REPO / path).read_bytes()
    lines = data.split(b"\n")
    how = rng.choice(["flip", "delete", "duplicate", "swap", "rename", "value", "insert", "cut"])
    i = rng.randrange(len(lines))
    if how == "flip":
        raw = bytearray(data)
        for _ in range(rng.randint(1, 3)):
            raw[rng.randrange(len(raw))] ^= 1 << rng.randrange(8)
        data = bytes(raw)
    elif how == "delete":
        data = b"\n".join(lines[:i] + lines[i + 1 :])
    elif how == "duplicate":
        data = b"\n".join(lines[: i + 1] + lines[i:])
    elif how == "swap":
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
        data = b"\n".join(lines)
    elif how == "rename":
        keyed = [k for k, ln in enumerate(lines) if b":" in ln and not ln.lstrip().startswith(b"#")]
        k = rng.choice(keyed)
        key, _, rest = lines[k].partition(b":")
        change = rng.choice([key[:-1], key + b"s", key.upper(), key.replace(b"_", b"-")])
        lines[k] = change + b":" + rest
        data = b"\n".join(lines)
    elif how == "value":
        value = rng.choice(VALUES).encode()
        if path.endswith(".csv"):
            cells = lines[i].split(b",")
            cells[rng.randrange(len(cells))] = value
            lines[i] = b",".join(cells)
        else:
            key, sep, _ = lines[i].partition(b": ")
            lines[i] = key + (sep or b": ") + value
        data = b"\n".join(lines)
    elif how == "insert":
        at = rng.randrange(len(data) + 1)
        data = data[:at] + rng.choice(INSERTS).encode() + data[at:]
    else:
        data = data[: rng.randrange(len(data) + 1)]
    return Mutation(number, path, how, data, writer, READERS[number % len(READERS)])


@dataclass(frozen=True)
class Verdict:
    """What went wrong with one mutation (empty lists: nothing)."""

    crashes: list[str]
    bad_writes: list[str]
    runs: list[Run]


def reader_rejects(changed: list[str]) -> list[str]:
    run = invoke("check", "--format", "json")
    if run.code not in (0, 1):
        return [f"check exits {run.code}"]
    findings = json.loads(run.stdout)["findings"]
    return sorted(
        {f"{f['file']}: {f['code']} {f['message'][:80]}" for f in findings}
        & {
            f"{f['file']}: {f['code']} {f['message'][:80]}"
            for f in findings
            if f["file"] in changed and f["code"] in ("PD101", "PD601")
        }
    )


def run_mutation(number: int) -> Verdict:
    m = mutate(number)
    folder = Path(tempfile.mkdtemp(prefix="pdsa-fuzz-"))
    here = Path.cwd()
    try:
        root = copy_example(folder / "p")
        (root / m.path).write_bytes(m.data)
        os.chdir(root)
        read = invoke(*m.reader)
        before = snapshot(root)
        write = invoke(*WRITERS[m.writer][0])
        after = snapshot(root)
        changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
        crashes = [
            f"{' '.join(r.args[:2])}: exit 70" if r.code == 70 else f"{r.args[0]}: traceback"
            for r in (read, write)
            if r.code == 70 or "Traceback" in r.output
        ]
        bad = []
        # `study` saves each answer as it goes: "not finished" (exit 1) is a partial write.
        partial = m.writer == "study" and "not finished, still needed" in write.stderr
        if write.code == 0 or partial:
            bad = [f"written but rejected: {x}" for x in reader_rejects(changed)]
        elif changed:
            bad = [f"refused (exit {write.code}) but changed {', '.join(changed)}"]
        return Verdict(crashes, bad, [read, write])
    finally:
        os.chdir(here)
        shutil.rmtree(folder, ignore_errors=True)


# Observed at the default scale: mutation number -> the #13 item it trips over. Strict at
# scale 1; from scale 2 on, other numbers exist and failures not listed here are new findings.
pytestmark = pytest.mark.slow  # the first test runs every mutation (about 25 s at scale 1)

# Known failures at scale 1, by mutation number (all fixed: #13 item 7 had 164 and 188).
KNOWN: dict[int, str] = {}


def params() -> list[object]:
    found = []
    for number in range(COUNT):
        reason = KNOWN.get(number)
        marks = [pytest.mark.xfail(strict=SCALE == 1, reason=reason)] if reason else []
        m = mutate(number)
        found.append(pytest.param(number, id=f"{number}-{m.how}-{m.writer}", marks=marks))
    return found


@pytest.fixture(scope="session")
def verdicts(request: pytest.FixtureRequest) -> dict[int, Verdict]:
    numbers = selected_params(request, __name__, "number")
    return dict(zip(numbers, parallel_map(run_mutation, numbers), strict=True))


@pytest.mark.parametrize("number", params())
def test_mutation(number: int, verdicts: dict[int, Verdict]) -> None:
    m, v = mutate(number), verdicts[number]
    details = "\n".join(str(r) for r in v.runs if r.code == 70)[:3000]
    assert not v.crashes, f"{m.path} ({m.how}): {v.crashes}\n{details}"
    assert not v.bad_writes, f"{m.path} ({m.how}): {v.bad_writes}"
