"""Time `pdsa check` on N generated cycles against check-jsonschema and a bare YAML parse.

Run: ``.venv/bin/python benchmarks/bench_check.py [--cycles N] [--repeat R] [--keep DIR]
[--profile]``. Prints figures; asserts nothing. Needs ``check-jsonschema`` in the same
environment (``.venv/bin/pip install check-jsonschema``); exits 2 without it.

The script writes a project into a temporary folder (or DIR with ``--keep``): a copy of the
repository's ``pdsa.yaml`` and ``measures/``, and N realistic cycle files (default 10,000,
fixed seed): ramps linked by ``follows``/``act.next``, every status, 1-4 predictions with
and without measure/expect/confidence, correct ``plan.locked`` hashes, results whose ``met``
agrees with the expectation, comments and multi-line text. ``pdsa check`` finds no errors
in it (the warnings are the ones a real repository has: cycles still in plan or study).

Three subprocesses read the same files, each timed by wall clock, best of R, interleaved
(A, B, C, A, B, C, ...) so machine noise hits all of them alike:

1. ``pdsa check`` in the project folder;
2. ``check-jsonschema --schemafile cycle.schema.json cycles/*.yaml``, with the schema from
   ``pdsa schema``. It loads YAML timestamps as strings, so ``format: date`` fits and it
   accepts the same files without any transform;
3. the floor: ``python -c`` parsing every cycle file with the fastest C-backed safe loader
   (libyaml through PyYAML's CSafeLoader); ruamel's C loader is timed beside it.

``run_check`` is also timed in-process (imports excluded) to separate start-up from work.
Targets: ``pdsa check`` <= 0.5x check-jsonschema's wall time and <= 2x the floor.

``--realistic`` times another project instead (default 3,000 cycles): the example project's
own ``pdsa.yaml``, ``measures/`` and copies of its 16 cycle files (``cycles/`` at the
repository root) with their comments, valid ``plan.locked`` hashes and results, each copy
renamed with a unique id (see ``copy_example``). ``pdsa check`` is timed against the floor
only, with ``benchtime`` (wall and child CPU time, best of R and median, interleaved);
``--profile`` then profiles ``pdsa check`` in a fresh process with ``PDSA_JOBS=1``, and
``--summary FILE`` appends the row for ``run_all.sh``. Target (issue 16): <= 1.5x the floor.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import os
import pstats
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import benchtime
from yamlgen import DATA, QUESTIONS, block, hexa, machine, num, sc, seq

from pdsa.check import run_check
from pdsa.fingerprint import lock_predictions
from pdsa.model import Expect, Prediction, slugify
from pdsa.store import Workspace

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SEED = 20260525
CYCLES = 10_000
REPEAT = 3

# The floor is the fastest bare C-backed parse of the same files: libyaml through PyYAML's
# CSafeLoader (what pdsa's bulk reads are built on). ruamel's C loader is shown beside it.
FLOOR = """
import pathlib, yaml
for path in sorted(pathlib.Path("cycles").glob("*.yaml")):
    yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
"""
RUAMEL_FLOOR = """
import pathlib
from ruamel.yaml import YAML
yaml = YAML(typ="safe", pure=False)
for path in sorted(pathlib.Path("cycles").glob("*.yaml")):
    yaml.load(path.read_text(encoding="utf-8"))
"""

# --- what the generated cycles are made of ----------------------------------------------

PEOPLE = ["Dana", "Tom", "Priya", "Ana", "Sam", "Marta", "Lee", "Jo", "Ravi", "Mei", "Olu"]
PEOPLE += ["Kasia", "Ben", "Noor", "Elif", "Jonas"]
IDEAS = {  # change idea -> (title stems, what the team calls the thing)
    "sbar-card": (
        ["SBAR card", "SBAR card with an allergy box", "Night SBAR card", "Laminated SBAR card"],
        "card",
    ),
    "ehr-summary": (
        ["Printed EHR summary", "EHR summary with pending labs", "EHR summary printed at 06:30"],
        "summary",
    ),
    "do-not-disturb-lanyard": (["Do-not-disturb lanyard", "Red lanyard and desk sign"], "lanyard"),
    "phone-cover": (["Ward clerk holds the phones", "Phones diverted to the clerk"], "phone cover"),
    "bedside-handoff": (
        ["Bedside handoff", "Bedside handoff, sensitive items first", "Bedside patient question"],
        "bedside handoff",
    ),
}
SCOPES = [  # (title phrase, plan.scale, days), smallest first: a ramp walks up this list
    ("one nurse, one shift", "1 nurse, 1 shift", 1),
    ("one nurse, two day shifts", "1 nurse, 2 day shifts", 2),
    ("one pair, three night shifts", "1 nurse pair, 3 night shifts", 3),
    ("two nurses, five day shifts", "2 nurses, 5 day shifts", 7),
    ("Bay 2, one week", "Bay 2 (6 beds), 1 week", 7),
    ("whole day shift, one week", "Whole day shift, 1 week", 7),
    ("whole day shift, two weeks", "Whole day shift, 2 weeks", 14),
    ("night shift, two weeks", "Whole night shift, 2 weeks", 14),
    ("agency nurses, two weeks", "Agency and bank nurses, 2 weeks", 14),
    ("weekend shifts, three weekends", "Weekend shifts, 3 weekends", 21),
    ("all shifts, four weeks", "All shifts, 4 weeks", 28),
]
WHERE = ["Ward 4, 07:00 handoff", "Ward 4, 19:00 handoff", "Ward 4, 07:00 and 19:00 handoffs"]
WHERE += ["Ward 4 nurses' station", "Ward 4, Bays 1 and 2", "Ward 4, side rooms"]
OBSERVATIONS = [
    "Handoff time fell in the first week and stayed down.",
    "Nurses waited when they saw the {thing}.",
    "Night nurses took the {thing} home in their pockets by mistake.",
    "Fewer call bells during handoff; patients know the nurses are coming.",
    "The incoming nurse asked fewer questions at the end of report.",
    "Two doctors interrupted anyway; they had not heard about the test.",
    "Most of the time saved came from not searching for the notes.",
]
PROBLEMS = [
    "The printer on Ward 4 was down for two mornings.",
    "Side rooms with isolation precautions take longer (gowns on and off).",
    "Agency nurses had not been told about the test.",
    "'Week 2: a norovirus outbreak closed bay 3 for four days.'",
]
DEVIATIONS = [
    "Started two days late because the {thing} was not ready.",
    "Ran one shift fewer than planned; the ward was short-staffed on Friday.",
    "Audit done on 7 of the 10 weekdays; {helper} was off sick on three.",
]
LEARNING = [
    "The {thing} helps most on busy shifts, when the outgoing nurse is tired.",
    "Handoff time fell, but the audit shows the Background box is often left empty.",
    "Interruptions are mostly phones and call bells, not people.",
    "The balancing measure shows no signal: late doses did not rise.",
    "Nurses like the {thing} once they have used it twice; the first time is slower.",
    "Night shift needs its own version: fewer sections, larger print.",
    "The run chart shows a shift below the baseline median since the day-shift test.",
]
SURPRISES = [
    "Night nurses took to the {thing} faster than day nurses did.",
    "Patients asked for a copy of the {thing}.",
    "Call bells during handoff dropped, which nobody predicted.",
    "The doctors did not know what the test was about; nobody had told them.",
]
RATIONALES = [
    "Sam thinks a shorter handoff can only help the drug rounds.",
    "The last cycle came close, and this one runs for longer.",
    "Dana has seen the same change work on Ward 7.",
    "Night shift is quieter, so there is more time to prepare the {thing}.",
]
NOTES = [
    "Two weeks of audit sheets, 40 handoffs.",
    "So close: 8.0 and 8.1 in the two weeks.",
    "Sam reviewed the late doses; most were IV antibiotics out of stock.",
    "Counted from the tally sheets by {helper}.",
]
STATUS_WEIGHTS = {"plan": 25, "do": 15, "study": 15, "act": 10, "done": 35}  # last of a ramp
RAMP_LENGTHS = {1: 30, 2: 25, 3: 20, 4: 15, 5: 10}
PREDICTION_COUNT = {1: 20, 2: 35, 3: 30, 4: 15}


def _predict(rng: random.Random, key: str, thing: str, owner: str) -> tuple[dict[str, Any], Any]:
    """One prediction (its YAML mapping) and a function giving a plausible actual."""
    r = round
    if key == "shorter":
        x = rng.choice([8, 8.5, 9, 9.5, 10, 10.5, 11])
        p = {"statement": f"The median handoff time over the test is below {num(x)} minutes."}
        return {**p, "measure": "handoff-minutes", "expect": {"below": x}}, lambda: r(
            rng.uniform(x - 2.5, x + 1.5), 2
        )
    if key == "goal":
        p = {"statement": "The ward's median handoff time is 8 minutes or less."}
        return {**p, "measure": "handoff-minutes", "expect": {"at_most": 8}}, lambda: r(
            rng.uniform(6.5, 10), 2
        )
    if key == "steady-time":
        a = rng.choice([6, 7, 8, 9])
        p = {"statement": f"Handoff time stays between {a} and {a + 3} minutes every week."}
        return {**p, "measure": "handoff-minutes", "expect": {"between": [a, a + 3]}}, lambda: r(
            rng.uniform(a - 1, a + 4), 1
        )
    if key == "sbar-kept":
        x = rng.choice([60, 65, 70, 75, 80, 85, 90])
        p = {"statement": f"At least {x}% of audited handoffs follow SBAR."}
        if rng.random() < 0.3:
            p["summary"] = "mean"
        return {**p, "measure": "sbar-use", "expect": {"at_least": x}}, lambda: r(
            rng.uniform(x - 25, min(100, x + 15)), 2
        )
    if key == "meds-not-later":
        x = rng.choice([15, 18, 20, 22, 25])
        p = {"statement": f"Late medication doses stay at {x} a week or fewer."}
        return {**p, "measure": "late-meds", "expect": {"at_most": x}}, lambda: r(
            rng.uniform(x - 8, x + 5), 1
        )
    if key == "fewer-late-doses":
        x = rng.choice([16, 18, 20])
        p = {"statement": f"Fewer than {x} doses a week are given late."}
        return {**p, "measure": "late-meds", "expect": {"below": x}}, lambda: rng.randint(
            x - 6, x + 4
        )
    if key == "fewer-interruptions":
        x = rng.choice([2, 3, 4])
        p = {"statement": f"{owner} is interrupted fewer than {x} times per handoff."}
        return {**p, "expect": {"below": x}}, lambda: r(rng.uniform(0, x + 2), 1)
    if key == "no-missed-allergies":
        p = {"statement": "No allergy is missed at an audited handoff."}
        return {**p, "expect": {"equals": 0}}, lambda: rng.choice([0, 0, 0, 1])
    if key == "filled-before":
        x = rng.choice([6, 7, 8])
        p = {"statement": f"At least {x} of 10 {thing}s are ready before the handoff starts."}
        return {**p, "expect": {"at_least": x}}, lambda: rng.randint(x - 3, 10)
    if key == "handoff-falls":  # a measure without an expectation: a PD203 warning
        p = {"statement": "Handoff time falls compared with the baseline."}
        return {**p, "measure": "handoff-minutes"}, lambda: r(rng.uniform(7, 12), 2)
    statements = {
        "recognised": f"Nurses on the ward recognise the {thing} within a week.",
        "patients-included": "Most patients asked say they felt included in the handoff.",
        "nights-without-reminders": f"Night nurses use the {thing} without reminders.",
        "doctors-wait": "Doctors wait for the handoff to finish before asking questions.",
    }
    answers = ["Yes, from the second week on", "Mostly; two exceptions", "No", "Not yet clear"]
    return {"statement": statements[key]}, lambda: rng.choice(answers)


PREDICTION_KEYS = {  # key -> weight
    "shorter": 10,
    "goal": 4,
    "steady-time": 3,
    "sbar-kept": 8,
    "meds-not-later": 7,
    "fewer-late-doses": 3,
    "fewer-interruptions": 4,
    "no-missed-allergies": 2,
    "filled-before": 3,
    "handoff-falls": 1,
    "recognised": 4,
    "patients-included": 3,
    "nights-without-reminders": 3,
    "doctors-wait": 2,
}

# --- YAML text ---------------------------------------------------------------------------

EMPTY_DO = ["", "# DO", "do:", "  started:", "  finished:", "  observations: []"]
EMPTY_DO += ["  problems: []", "  deviations: []"]
EMPTY_STUDY = ["", "# STUDY", "study:", "  date:", "  results: []", "  learning:"]
EMPTY_STUDY += ["  surprises: []"]
EMPTY_ACT = ["", "# ACT", "act:", "  decision:       # adopt | adapt | abandon", "  rationale:"]
EMPTY_ACT += ["  next:"]

# --- the generator -----------------------------------------------------------------------


class Generator:
    """Deterministic cycles: ramps of 1-5 cycles testing one change idea at growing scale."""

    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.ids: set[str] = set()

    def pick(self, weights: dict[Any, int]) -> Any:
        return self.rng.choices(list(weights), list(weights.values()))[0]

    def some(self, pool: list[str], low: int, high: int, **fmt: str) -> list[str]:
        n = self.rng.randint(low, high)
        return [s.format(**fmt) for s in self.rng.sample(pool, min(n, len(pool)))]

    def cycles(self, n: int) -> Iterator[tuple[str, str]]:
        """(id, text) of n cycles."""
        first, last = dt.date(2016, 1, 4), dt.date(2026, 6, 29)
        span = (last - first).days
        made = 0
        while made < n:
            length = min(self.pick(RAMP_LENGTHS), n - made)
            idea = self.rng.choice(list(IDEAS))
            owner = self.rng.choice(PEOPLE)
            start = first + dt.timedelta(days=self.rng.randrange(span))
            scopes = sorted(self.rng.sample(range(len(SCOPES)), length))
            ramp = self.ramp(idea, owner, start, scopes)
            yield from ramp
            made += length

    def ramp(
        self, idea: str, owner: str, start: dt.date, scopes: list[int]
    ) -> list[tuple[str, str]]:
        rng = self.rng
        stems, _ = IDEAS[idea]
        stem = rng.choice(stems)
        specs = []
        created = start
        for i, scope in enumerate(scopes):
            title = f"{stem}, {SCOPES[scope][0]}"
            cycle_id = f"{created.isoformat()}-{slugify(title)}"
            while cycle_id in self.ids:
                created += dt.timedelta(days=1)
                cycle_id = f"{created.isoformat()}-{slugify(title)}"
            self.ids.add(cycle_id)
            status = "done" if i < len(scopes) - 1 else self.pick(STATUS_WEIGHTS)
            specs.append((cycle_id, title, created, scope, status))
            created += dt.timedelta(days=SCOPES[scope][2] + rng.randint(14, 60))
        out = []
        for i, (cycle_id, title, created, scope, status) in enumerate(specs):
            follows = specs[i - 1][0] if i else None
            nxt = specs[i + 1][0] if i + 1 < len(specs) else None
            out.append(
                (
                    cycle_id,
                    self.cycle(cycle_id, title, idea, owner, created, scope, status, follows, nxt),
                )
            )
        return out

    def predictions(self, thing: str, owner: str) -> list[dict[str, Any]]:
        rng = self.rng
        keys: list[str] = []
        weights = dict(PREDICTION_KEYS)
        for _ in range(self.pick(PREDICTION_COUNT)):
            key = self.pick(weights)
            keys.append(key)
            del weights[key]
        preds = []
        for key in keys:
            data, actual = _predict(rng, key, thing, owner)
            data = {"id": key, **data}
            if rng.random() < 0.8:
                data["confidence"] = rng.choice([0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])
            if rng.random() < 0.15:
                data["rationale"] = rng.choice(RATIONALES).format(thing=thing)
            preds.append({"data": data, "actual": actual})
        return preds

    def cycle(
        self,
        cycle_id: str,
        title: str,
        idea: str,
        owner: str,
        created: dt.date,
        scope: int,
        status: str,
        follows: str | None,
        nxt: str | None,
    ) -> str:
        rng = self.rng
        _, thing = IDEAS[idea]
        helper = rng.choice([p for p in PEOPLE if p != owner])
        team = [owner, helper, *rng.sample([p for p in PEOPLE if p not in (owner, helper)], 2)]
        team = team[: rng.randint(2, 4)]
        fmt = {"thing": thing, "helper": helper}
        phrase, scale, days = SCOPES[scope]
        plan_start = created + dt.timedelta(days=rng.randint(3, 14))
        plan_end = plan_start + dt.timedelta(days=days - 1)
        template = status == "plan" and rng.random() < 0.5
        preds = [] if status == "plan" and rng.random() < 0.3 else self.predictions(thing, owner)

        lines = ["# yaml-language-server: $schema=../.pdsa/cycle.schema.json"]
        if template:
            lines += [
                '# A PDSA cycle, after the IHI "PDSA Worksheet for Testing Change".',
                "# pdsa moves `status` for you: `pdsa start` (plan -> do), `pdsa study`, `pdsa act`.",  # noqa: E501
            ]
        lines += [
            "schema_version: 1",
            f"id: {cycle_id}",
            f"title: {sc(title)}",
            f"change_idea: {idea}",
        ]
        if follows or rng.random() < 0.6:
            lines.append(f"follows: {follows or 'null'}")
        lines += [
            f"status: {status}",
            f"owner: {owner}",
            f"team: [{', '.join(team)}]",
            f"created: {created.isoformat()}",
            "",
            "# PLAN",
            "plan:",
        ]
        objective = (
            f"Learn whether the {thing} shortens handoffs and keeps the content complete "
            f"({phrase}), without delaying the 08:00 and 20:00 drug rounds."
        )
        lines += block("objective", objective, 2)
        lines += seq("questions", self.some(QUESTIONS, 1, 3, **fmt), 2)
        if not preds:
            lines.append("  predictions: []")
            if template:
                lines.append(f"  # {owner}: predictions at the next huddle.")
        else:
            lines.append("  predictions:")
            for p in preds:
                data = p["data"]
                lines.append(f"    - id: {data['id']}")
                for key in ("statement", "measure", "expect", "confidence", "summary"):
                    if key not in data:
                        continue
                    value = data[key]
                    if key == "expect":
                        ((kind, bound),) = value.items()
                        text = (
                            f"[{', '.join(map(num, bound))}]" if kind == "between" else num(bound)
                        )
                        lines.append(f"      expect: {{{kind}: {text}}}")
                    else:
                        lines.append(f"      {key}: {sc(value)}")
                if "rationale" in data:
                    lines.append(f"      rationale: {sc(data['rationale'])}")
        if template and not preds:
            lines += ["  who:", "  where:", "  when:", "  scale:", "  data_collection:"]
        else:
            lines += [
                f"  who: {owner} leads; {helper} collects the data.",
                f"  where: {sc(rng.choice(WHERE))}",
                f"  when: {{start: {plan_start}, end: {plan_end}}}",
                f"  scale: {sc(scale)}",
                f"  data_collection: {sc(rng.choice(DATA).format(**fmt))}",
            ]
        if status != "plan" and preds:
            lock = lock_predictions([Prediction.model_validate(p["data"]) for p in preds])
            lines += ["  locked:", f"    sha256: {hexa(lock.sha256)}", "    predictions:"]
            lines += [f"      {pid}: {hexa(h)}" for pid, h in lock.predictions.items()]

        # DO, STUDY, ACT
        started = plan_start + dt.timedelta(days=rng.choice([0, 0, 0, 1, 2, 7]))
        finished = started + dt.timedelta(days=days - 1)
        studied = finished + dt.timedelta(days=rng.randint(1, 7))
        decided = studied + dt.timedelta(days=rng.randint(0, 7))
        if status == "plan":
            if template:
                lines += EMPTY_DO + EMPTY_STUDY + EMPTY_ACT
            return "\n".join(lines) + "\n"
        lines += ["", "# DO", "do:", f"  started: {started}"]
        in_do = status == "do"
        lines.append(f"  finished: {'' if in_do and rng.random() < 0.7 else finished}".rstrip())
        lines += seq("observations", self.some(OBSERVATIONS, 0 if in_do else 1, 3, **fmt), 2)
        lines += seq("problems", self.some(PROBLEMS, 0, 2, **fmt), 2)
        deviations = self.some(DEVIATIONS, 0, 1, **fmt)
        if deviations and rng.random() < 0.3:
            lines += ["  deviations:", f"    # {owner}: next time, check the stock first."]
            lines += [f"    - {sc(d)}" for d in deviations]
        else:
            lines += seq("deviations", deviations, 2)
        if in_do:
            if rng.random() < 0.5:
                lines += EMPTY_STUDY + EMPTY_ACT
            return "\n".join(lines) + "\n"

        # STUDY: all results, except some still missing while in study (PD402 warnings)
        answered = preds
        if status == "study" and len(preds) > 1 and rng.random() < 0.25:
            answered = preds[:-1]
        lines += ["", "# STUDY", "study:", f"  date: {studied}", "  results:"]
        for p in answered:
            lines += self.result(p, fmt)
        if answered is not preds:
            lines.append(f"    # {owner}: the last result next week, once the audit is counted.")
        if status == "study" and rng.random() < 0.4:
            lines.append("  learning:")
        else:
            learning = "\n".join(self.some(LEARNING, 2, 4, **fmt))
            lines += block("learning", learning, 2, rng.choice(["|", "|", ">-"]))
        lines += seq("surprises", self.some(SURPRISES, 0, 2, **fmt), 2)
        if status == "study":
            if rng.random() < 0.5:
                lines += EMPTY_ACT
            return "\n".join(lines) + "\n"

        # ACT: a decision is pending for some cycles in act (PD403 warnings)
        lines += ["", "# ACT", "act:"]
        if status == "act" and rng.random() < 0.5:
            lines += ["  decision:       # adopt | adapt | abandon", "  rationale:", "  next:"]
            return "\n".join(lines) + "\n"
        if nxt:
            decision = self.pick({"adapt": 60, "adopt": 30, "abandon": 10})
        else:
            decision = self.pick({"adopt": 50, "adapt": 25, "abandon": 25})
        lines.append(f"  decision: {decision}")
        if rng.random() < 0.6:
            lines.append(f"  date: {decided}")
        rationale = {
            "adopt": f"The {thing} works at this scale with no sign of harm on the balancing "
            "measure. It becomes standard work; the audit continues weekly.",
            "adapt": f"Promising. Change the {thing} as the nurses suggested and test it again "
            "at a larger scale before judging.",
            "abandon": f"The {thing} costs more time than it saves; the team will try a "
            "different change for the same driver.",
        }[decision]
        lines += block("rationale", rationale, 2)
        lines.append(f"  next: {nxt or 'null'}")
        return "\n".join(lines) + "\n"

    def result(self, p: dict[str, Any], fmt: dict[str, str]) -> list[str]:
        rng = self.rng
        data = p["data"]
        lines = [f"    - prediction: {data['id']}"]
        expect = data.get("expect")
        override = None
        if expect and rng.random() < 0.03:
            actual: Any = "Not collected: the audit sheets were lost"
            met = None
        else:
            actual = p["actual"]()
            if expect and isinstance(actual, int | float):
                met = Expect.model_validate(expect).judge(float(actual))
                if rng.random() < 0.04:
                    met = not met
                    override = "The audit missed the night shift, where the change did not run."
            else:
                met = rng.random() < 0.7
        lines += [f"      actual: {sc(actual)}", f"      met: {sc(met)}"]
        if override:
            lines.append(f"      override: {override}")
        if rng.random() < 0.15:
            lines.append(f"      note: {sc(rng.choice(NOTES).format(**fmt))}")
        return lines


def make_project(root: Path, n: int) -> int:
    """Write the project; return the total size of the cycle files in bytes."""
    shutil.copy2(REPO / "pdsa.yaml", root / "pdsa.yaml")
    shutil.copytree(REPO / "measures", root / "measures")
    cycles = root / "cycles"
    cycles.mkdir()
    size = 0
    for cycle_id, text in Generator().cycles(n):
        data = text.encode("utf-8")
        (cycles / f"{cycle_id}.yaml").write_bytes(data)
        size += len(data)
    return size


# --- timing ------------------------------------------------------------------------------


def timed(argv: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    t0 = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - t0, proc


def batches(argv: list[str], files: list[str]) -> list[list[str]]:
    """One command line if it fits the kernel's limit, else as few as fit (like xargs)."""
    limit = os.sysconf("SC_ARG_MAX") - sum(len(k) + len(v) + 2 for k, v in os.environ.items())
    limit -= 64 * 1024  # headroom
    out: list[list[str]] = []
    current: list[str] = []
    size = sum(len(a) + 1 for a in argv)
    for f in files:
        if current and size + len(f) + 1 > limit:
            out.append(argv + current)
            current, size = [], sum(len(a) + 1 for a in argv)
        current.append(f)
        size += len(f) + 1
    out.append(argv + current)
    return out


def run_all(
    commands: list[list[str]], cwd: Path
) -> tuple[float, list[subprocess.CompletedProcess[str]]]:
    total, procs = 0.0, []
    for argv in commands:
        elapsed, proc = timed(argv, cwd)
        total += elapsed
        procs.append(proc)
    return total, procs


@contextmanager
def working_dir(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def in_process(root: Path) -> float:
    gc.collect()
    with working_dir(root):
        t0 = time.perf_counter()
        run_check(Workspace(root))
        return time.perf_counter() - t0


def profile(root: Path, top: int = 15) -> None:
    with working_dir(root):
        run_check(Workspace(root))  # warm: same state as the timed in-process runs
        prof = cProfile.Profile()
        prof.enable()
        run_check(Workspace(root))
        prof.disable()
    print(f"\ncProfile of run_check (in-process, warm), top {top} by cumulative time:")
    pstats.Stats(prof, stream=sys.stdout).sort_stats("cumulative").print_stats(top)


# --- the realistic project: copies of the example's cycles ----------------------------

REALISTIC = 3_000
REALISTIC_GOAL = 1.5


def copy_example(root: Path, n: int) -> int:
    """The example's pdsa.yaml and measures, and n copies of its cycle files; returns their
    total size in bytes. Copy k > 0 of a cycle is renamed `<id>-<k+1>` (pdsa's suffix for a
    taken id) everywhere in its text, and so are the cycles it names (follows, act.next, a
    comment), which are in the same copy. A last, partial copy keeps the oldest files, and a
    `follows:`/`next:` naming a cycle it does not hold becomes null. Comments, plan.locked
    (it hashes the predictions, not the id) and results stay as they are."""
    shutil.copy2(REPO / "pdsa.yaml", root / "pdsa.yaml")
    shutil.copytree(REPO / "measures", root / "measures")
    (root / "cycles").mkdir()
    files = sorted((REPO / "cycles").glob("*.yaml"))
    ids = [f.stem for f in files]
    texts = [f.read_text(encoding="utf-8") for f in files]
    named = re.compile("|".join(map(re.escape, sorted(ids, key=len, reverse=True))))
    size = 0
    for k in range(n):
        copy, i = divmod(k, len(files))
        suffix = f"-{copy + 1}" if copy else ""
        text = named.sub(lambda m, end=suffix: m[0] + end, texts[i])
        held = min(len(files), n - copy * len(files))
        if held < len(files):
            gone = "|".join(re.escape(c + suffix) for c in ids[held:])
            text = re.sub(rf"^(\s*(?:follows|next): )(?:{gone})$", r"\1null", text, flags=re.M)
        data = text.encode("utf-8")
        (root / "cycles" / f"{ids[i]}{suffix}.yaml").write_bytes(data)
        size += len(data)
    return size


def realistic(args: argparse.Namespace) -> None:
    n = args.cycles or REALISTIC
    if args.keep:
        if args.keep.exists() and any(args.keep.iterdir()):
            sys.exit(f"bench_check: {args.keep} is not empty")
        args.keep.mkdir(parents=True, exist_ok=True)
        root, cleanup = args.keep.resolve(), None
    else:
        cleanup = tempfile.TemporaryDirectory(prefix="bench_check-realistic-")
        root = Path(cleanup.name)
    try:
        size = copy_example(root, n)
        check = benchtime.run([benchtime.PDSA, "check"], root, benchtime.PLAIN)
        said = check.stdout.decode().strip().splitlines()[-1]
        print(
            f"pdsa check benchmark, realistic: {n:,} copies of the example's "
            f"{len(list((REPO / 'cycles').glob('*.yaml')))} cycle files, "
            f"{size / n / 1024:.2f} KiB average, {size / 1e6:.1f} MB; best of {args.repeat} "
            "and median, interleaved"
        )
        print(machine("pydantic", "ruamel.yaml", "pyyaml"))
        print(f"project: {root}\npdsa check: exit {check.returncode}, {said}")
        if check.returncode:
            sys.exit("bench_check: pdsa check found errors in the copies; not timing")
        floor = [sys.executable, "-c", FLOOR]
        runs = benchtime.interleave(
            {
                "check": lambda: benchtime.run([benchtime.PDSA, "check"], root, benchtime.PLAIN),
                "floor": lambda: benchtime.run(floor, root, benchtime.PLAIN),
            },
            args.repeat,
        )
        mine, peer = benchtime.stats(runs["check"]), benchtime.stats(runs["floor"])
        benchtime.compare(
            f"pdsa check on {n:,} realistic cycles vs bare libyaml parse",
            ("pdsa check", mine),
            ("floor: PyYAML CSafeLoader, every file", peer),
            REALISTIC_GOAL,
        )
        row = f"check, {n:,} realistic cycles vs libyaml"
        benchtime.record(args.summary, row, mine, peer, REALISTIC_GOAL)
        if args.profile:
            benchtime.profile(["check"], root, args.top, f"({n:,} realistic cycles) ")
    finally:
        if cleanup is not None:
            cleanup.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--cycles", type=int, metavar="N", help=f"default {CYCLES:,}")
    parser.add_argument("--repeat", type=int, default=REPEAT, metavar="R")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="write the project here")
    parser.add_argument("--profile", action="store_true", help="cProfile run_check after")
    parser.add_argument(
        "--realistic",
        action="store_true",
        help=f"copies of the example's cycles (default {REALISTIC:,}) against the floor only",
    )
    parser.add_argument("--top", type=int, default=15, help="profile entries (--realistic)")
    parser.add_argument("--summary", type=Path, metavar="FILE", help="--realistic: append a row")
    args = parser.parse_args()
    if args.realistic:
        realistic(args)
        return
    args.cycles = args.cycles or CYCLES

    check_jsonschema = shutil.which("check-jsonschema", path=str(BIN)) or shutil.which(
        "check-jsonschema"
    )
    if check_jsonschema is None:
        print(
            "bench_check: check-jsonschema is not installed; it is the tool pdsa check is "
            f"compared with.\n  install it: {BIN / 'pip'} install check-jsonschema",
            file=sys.stderr,
        )
        sys.exit(2)
    pdsa = str(BIN / "pdsa")

    if args.keep:
        if args.keep.exists() and any(args.keep.iterdir()):
            sys.exit(f"bench_check: {args.keep} is not empty")
        args.keep.mkdir(parents=True, exist_ok=True)
        root, cleanup = args.keep.resolve(), None
    else:
        cleanup = tempfile.TemporaryDirectory(prefix="bench_check-")
        root = Path(cleanup.name)
    try:
        t0 = time.perf_counter()
        size = make_project(root, args.cycles)
        generated = time.perf_counter() - t0
        schema = root / "cycle.schema.json"
        subprocess.run(
            [pdsa, "schema", "--out", str(schema)], cwd=root, check=True, capture_output=True
        )
        files = sorted(f"cycles/{p.name}" for p in (root / "cycles").iterdir())
        cj_cmds = batches([check_jsonschema, "--schemafile", str(schema)], files)

        print(
            f"pdsa check benchmark: {len(files):,} cycles, {size / len(files) / 1024:.2f} KiB "
            f"average, {size / 1e6:.1f} MB; best of {args.repeat}, interleaved"
        )
        print(machine("pydantic", "ruamel.yaml", "pyyaml", "check-jsonschema"))
        print(f"project: {root} (generated in {generated:.1f} s)")

        # Once, untimed: both tools must accept every file, or the comparison is not fair.
        _, proc = timed([pdsa, "check"], root)
        summary = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else "?"
        print(f"pdsa check: exit {proc.returncode}, {summary}")
        _, procs = run_all(cj_cmds, root)
        cj_rc = max(p.returncode for p in procs)
        print(
            f"check-jsonschema: exit {cj_rc}, {procs[-1].stdout.strip().splitlines()[-1]}"
            + (
                f" ({len(cj_cmds)} batches: argument list too long for one exec)"
                if len(cj_cmds) > 1
                else ""
            )
        )
        if proc.returncode or cj_rc:
            print(proc.stdout[-2000:], procs[-1].stdout[-2000:], sep="\n")
            sys.exit("bench_check: a tool rejected the generated files; not timing")

        runs: dict[str, Callable[[], float]] = {
            "pdsa check": lambda: timed([pdsa, "check"], root)[0],
            "check-jsonschema --schemafile": lambda: run_all(cj_cmds, root)[0],
            "floor: libyaml (PyYAML C) load": lambda: timed([sys.executable, "-c", FLOOR], root)[0],
            "ruamel C safe load": lambda: timed([sys.executable, "-c", RUAMEL_FLOOR], root)[0],
            "run_check() in-process": lambda: in_process(root),
        }
        times: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(args.repeat):
            for name, run in runs.items():
                times[name].append(run())
        best = {name: min(t) for name, t in times.items()}

        pdsa_t, cj_t, floor_t = (best[k] for k in list(runs)[:3])
        print(
            f"\n{'':32}{'best s':>8}{'median s':>10}{'files/s':>10}"
            f"{'/ c-jsonschema':>16}{'/ floor':>9}"
        )
        for name, t in best.items():
            print(
                f"{name:32}{t:8.3f}{statistics.median(times[name]):10.3f}"
                f"{len(files) / t:10,.0f}{t / cj_t:15.2f}x{t / floor_t:8.2f}x"
            )
        startup = pdsa_t - best["run_check() in-process"]
        print(f"{'pdsa start-up + output':32}{startup:8.3f}   (pdsa check - run_check)")
        print(
            f"\ntargets: pdsa check / check-jsonschema = {pdsa_t / cj_t:.2f}x (target <= 0.5x), "
            f"pdsa check / floor = {pdsa_t / floor_t:.2f}x (target <= 2x)"
        )
        if args.profile:
            profile(root)
    finally:
        if cleanup is not None:
            cleanup.cleanup()


if __name__ == "__main__":
    main()
