"""Time `pdsa report --format html` against drawing the same charts with bare matplotlib.

Run: ``.venv/bin/python benchmarks/bench_report.py [--cycles 1000] [--measures 10]
[--points 500] [--repeat 3] [--keep DIR] [--profile]``. Prints figures; asserts nothing.

The script writes a project into a temporary folder (or DIR with ``--keep``), from a fixed
seed: ``pdsa.yaml`` with up to 10 measures (outcome, process and balancing; weekly and daily;
with and without goal, frozen baseline, phases, excluded points and rule set), one CSV of
``--points`` points per measure (noise, level shifts where changes were adopted), 8 change
ideas under 3 primary drivers, and ``--cycles`` cycles in ramps of 1-5 at growing scale, in
every status (older ones mostly done). Predictions are made on the measures the change idea
should move, with expectations set from the measure's recent level; actuals are the median (or
mean) of the points in the Do window, ``met`` is what the expectation says, and ``plan.locked``
is the real hash. ``pdsa check`` must find 0 errors (its count is printed).

Two subprocesses are timed by wall clock, interleaved (A, B, A, B, ...), best of R:

1. ``pdsa report --format html --out report.html --date 2026-07-06``: the whole job, from
   start-up through loading and validating every file, run-chart analysis, 10 charts as SVG,
   and the HTML page;
2. the peer, ``peer_charts.py`` (written beside the project): what a competent person writes
   by hand with bare matplotlib to get comparable charts. It reads the 10 CSVs with ``csv``,
   and draws, per measure, a ``matplotlib.figure.Figure`` with the points joined by a line,
   each phase's median (solid over the baseline, dashed beyond), the goal line, phase lines
   and labels, a dated x axis, a title and a legend, and a lane strip below with the same
   cycle bars (one ``barh`` call, hatched where the cycle predicts other measures, ongoing
   arrows) each with its label, and a key of change ideas; saved as SVG.

What makes the comparison fair: the peer's figures have the size of pdsa's (read from the
SVG pdsa writes, since pdsa grows a chart with its lanes), the same rcParams pdsa draws with
(``svg.fonttype: path``, fixed ``svg.hashsalt``, ``path.simplify: False``, fonts and sizes),
the same marker sizes, and no date metadata. The bars are the cycles pdsa places on each
chart (``bars.csv``, written before timing). What differs: the peer does no run-chart
analysis (no signals, no verdict), does not read or validate the cycle files, packs lanes
greedily with label widths estimated from the character count (pdsa measures glyph outlines),
and writes 10 SVG files instead of one HTML page with tables and inlined, re-id'd SVGs.

Where the time goes: ``pdsa_steps.py`` (also written beside the project) imports
``build_report``, ``charts_svg`` and ``render_html`` in a fresh process, as the CLI starts, and
times each (``render_html`` given the charts already drawn, so it is the HTML assembly alone),
with ``Workspace.cycles``, ``Figure.savefig`` and ``inline_svg`` counted inside them; the peer
times its own imports, CSV reading, figure building and ``savefig``. The rest of each wall
time is the interpreter, the CLI and exit. ``--profile`` adds a cProfile of
``build_report`` + ``write_html`` in a fresh process, top 20 by cumulative time.
Target: pdsa report / peer <= 1.3x.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from yamlgen import DATA, QUESTIONS, block, machine, num, sc, seq

from pdsa.fingerprint import lock_predictions
from pdsa.model import Expect, Prediction, slugify
from pdsa.render import report_html
from pdsa.report import build_report
from pdsa.store import Workspace

BIN = Path(sys.executable).parent
SEED = 20260706
CYCLES = 1_000
MEASURES = 10
POINTS = 500
REPEAT = 3
TODAY = dt.date(2026, 7, 6)  # --date of the report: fixed so every run draws the same
WEEKLY_END = dt.date(2026, 6, 29)  # a Monday
DAILY_END = dt.date(2026, 7, 5)

# --- the measures ------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureSpec:
    """How a generated measure is described in pdsa.yaml and how its data behave."""

    id: str
    title: str
    unit: str
    type: str
    better: str
    daily: bool
    levels: tuple[tuple[float, float], ...]  # (share of the series where it starts, level)
    sd: float
    decimals: int
    definition: str
    goal: float | None = None
    upper: float | None = None  # 100 for a percentage
    baseline: str | None = None  # "points" or "until"
    baseline_share: float = 0.0  # for until: the share of the series
    baseline_points: int = 20
    phases: tuple[tuple[float, str], ...] = ()  # (share of the series, label)
    exclude: int = 0
    rules: str | None = None


SPECS = [
    MeasureSpec(
        "handoff-minutes", "Median handoff time", "minutes", "outcome", "lower", False,
        ((0, 11.5), (0.35, 10.2), (0.6, 9.1), (0.85, 8.3)), 0.7, 1,
        "Minutes from the outgoing nurse starting report to the incoming nurse accepting the "
        "last patient; 20 timed handoffs a week, the median of the week.",
        goal=8, baseline="points", baseline_points=20,
        phases=((0.6, "SBAR card on all shifts"), (0.85, "Bedside handoff on all shifts")),
        exclude=1, rules="both",
    ),
    MeasureSpec(
        "sbar-use", "Handoffs that follow SBAR", "%", "process", "higher", False,
        ((0, 15), (0.3, 45), (0.55, 70), (0.8, 84)), 6, 0,
        "Share of the 20 audited handoffs a week that cover S, B, A and R for every patient.",
        goal=90, upper=100, baseline="points", baseline_points=20,
        phases=((0.55, "SBAR card standard work"),),
    ),
    MeasureSpec(
        "late-meds", "Late medication doses", "doses", "balancing", "lower", False,
        ((0, 17),), 4, 0,
        "Scheduled doses given more than 60 minutes late, per week, from the eMAR report.",
        baseline="until", baseline_share=0.1,
    ),
    MeasureSpec(
        "interruptions", "Interruptions per handoff", "", "process", "lower", True,
        ((0, 3.1), (0.45, 2.2), (0.7, 1.6)), 0.55, 1,
        "Interruptions during the two timed day-shift handoffs, per handoff, from the tally.",
        goal=1, baseline="points", baseline_points=30,
        phases=((0.45, "Lanyards on day shift"), (0.7, "Clerk holds the phones")), rules="ihi",
    ),
    MeasureSpec(
        "missed-items", "Handoffs with a missed item", "%", "outcome", "lower", True,
        ((0, 21), (0.5, 14)), 5, 0,
        "Share of audited handoffs where the incoming nurse later found a missed item.",
        goal=5, upper=100, rules="anhoej",
    ),
    MeasureSpec(
        "patient-included", "Patients who felt included", "%", "process", "higher", False,
        ((0, 52), (0.7, 68)), 7, 0,
        "Share of patients asked after a bedside handoff who say they felt included.",
        goal=80, upper=100, baseline="points", baseline_points=26,
    ),
    MeasureSpec(
        "overtime-minutes", "Nurse overtime after handoff", "minutes", "balancing", "lower",
        True, ((0, 14),), 5, 0,
        "Median minutes the outgoing nurses stay past the end of the shift, from the rota.",
        baseline="until", baseline_share=0.2,
    ),
    MeasureSpec(
        "ehr-summary-ready", "EHR summaries ready at handoff", "%", "process", "higher", True,
        ((0, 38), (0.3, 66), (0.65, 91)), 6, 0,
        "Share of assignments with a printed EHR summary on the desk at 07:00 or 19:00.",
        goal=95, upper=100,
        phases=((0.3, "Printed by the night clerk"), (0.65, "Automatic print at 06:30")),
        exclude=2,
    ),
    MeasureSpec(
        "falls", "Patient falls", "per 1,000 bed-days", "balancing", "lower", False,
        ((0, 3.2),), 0.9, 2,
        "Inpatient falls per 1,000 occupied bed-days, per week, from the incident system.",
        baseline="points", baseline_points=52,
    ),
    MeasureSpec(
        "handoff-incidents", "Incidents citing handoff", "reports", "outcome", "lower", False,
        ((0, 4.2), (0.6, 2.6)), 1.4, 0,
        "Incident reports a week in which handoff is named as a contributing factor.",
        goal=2, phases=((0.6, "Safety huddle at every shift change"),), exclude=2, rules="both",
    ),
]  # fmt: skip

EXCLUDE_REASONS = [
    "Norovirus outbreak, bays 2 and 3 closed; handoffs dominated by isolation updates.",
    "Audit sheets lost in the move to the new ward.",
    "Agency-only weekend during the strike; not the usual team.",
]


def measure_dates(spec: MeasureSpec, n: int) -> list[dt.date]:
    """n dates ending at the fixed end: daily, or weekly on Mondays."""
    step, end = (1, DAILY_END) if spec.daily else (7, WEEKLY_END)
    return [end - dt.timedelta(days=step * (n - 1 - i)) for i in range(n)]


def measure_values(spec: MeasureSpec, n: int, rng: random.Random) -> list[float]:
    """Noisy values around a stepped level, a little autocorrelated, rounded, clipped."""
    values, noise = [], 0.0
    for i in range(n):
        level = [lv for share, lv in spec.levels if i >= share * n][-1]
        noise = 0.3 * noise + rng.gauss(0, spec.sd)
        value = max(0.0, level + noise)
        if spec.upper is not None:
            value = min(spec.upper, value)
        values.append(round(value, spec.decimals) if spec.decimals else float(round(value)))
    return values


@dataclass
class MeasureData:
    spec: MeasureSpec
    dates: list[dt.date]
    values: list[float]
    excluded: dict[dt.date, str]
    phases: list[tuple[dt.date, str]]
    baseline_until: dt.date | None

    def points(self, start: dt.date, end: dt.date) -> list[float]:
        """Values dated within [start, end], excluded dates left out (as pdsa does)."""
        return [
            v
            for d, v in zip(self.dates, self.values, strict=True)
            if start <= d <= end and d not in self.excluded
        ]

    def level(self, before: dt.date) -> float:
        """The median of the 8 weeks before a day: what the team sees when it plans."""
        recent = self.points(before - dt.timedelta(days=56), before - dt.timedelta(days=1))
        return statistics.median(recent or self.values[:10])

    def covers(self, start: dt.date, end: dt.date) -> bool:
        return self.dates[0] + dt.timedelta(days=56) <= start and end <= self.dates[-1]


def make_measures(specs: list[MeasureSpec], n: int, rng: random.Random) -> list[MeasureData]:
    out = []
    for spec in specs:
        dates = measure_dates(spec, n)
        values = measure_values(spec, n, rng)
        picks = sorted(rng.sample(range(n // 10, n - 5), spec.exclude))
        excluded = {dates[i]: rng.choice(EXCLUDE_REASONS) for i in picks}
        phases = [(dates[int(share * n)], label) for share, label in spec.phases]
        until = dates[int(spec.baseline_share * n)] if spec.baseline == "until" else None
        out.append(MeasureData(spec, dates, values, excluded, phases, until))
    return out


# --- the project file ----------------------------------------------------------------------


@dataclass(frozen=True)
class Idea:
    id: str
    title: str
    driver: str
    thing: str
    stems: tuple[str, ...]
    measures: tuple[str, ...]  # what the team predicts this idea moves (or must not harm)


IDEAS = [
    Idea("sbar-card", "SBAR handoff card", "shared-format", "card",
         ("SBAR card", "SBAR card with an allergy box", "Night SBAR card", "Laminated SBAR card"),
         ("handoff-minutes", "sbar-use", "missed-items", "late-meds")),
    Idea("ehr-summary", "Printed EHR handoff summary", "ready-information", "summary",
         ("Printed EHR summary", "EHR summary with pending labs", "EHR summary at 06:30"),
         ("handoff-minutes", "ehr-summary-ready", "missed-items", "overtime-minutes")),
    Idea("do-not-disturb-lanyard", "Do-not-disturb lanyard during handoff",
         "fewer-interruptions", "lanyard", ("Do-not-disturb lanyard", "Red lanyard and desk sign"),
         ("interruptions", "handoff-minutes", "late-meds")),
    Idea("phone-cover", "Ward clerk holds the nurses' phones", "fewer-interruptions",
         "phone cover", ("Ward clerk holds the phones", "Phones diverted to the clerk"),
         ("interruptions", "handoff-minutes", "overtime-minutes")),
    Idea("bedside-handoff", "Handoff at the bedside, with the patient", "handoff-location",
         "bedside handoff", ("Bedside handoff", "Bedside handoff, sensitive items first"),
         ("patient-included", "handoff-minutes", "falls", "handoff-incidents")),
    Idea("safety-huddle", "Two-minute safety huddle at shift change", "structured-content",
         "huddle", ("Safety huddle", "Huddle at the board", "Huddle with the pharmacist"),
         ("handoff-incidents", "falls", "missed-items", "late-meds")),
    Idea("bedside-whiteboard", "Bedside whiteboard with the day's plan", "patient-voice",
         "whiteboard", ("Bedside whiteboard", "Whiteboard with the patient's goal"),
         ("patient-included", "falls", "missed-items")),
    Idea("handoff-checklist", "Electronic handoff checklist in the EHR", "ready-information",
         "checklist", ("EHR handoff checklist", "Checklist on the workstation on wheels"),
         ("missed-items", "overtime-minutes", "ehr-summary-ready", "handoff-minutes")),
]  # fmt: skip


def project_yaml(measures: list[MeasureData], ideas: list[Idea]) -> str:
    lines = [
        "# yaml-language-server: $schema=.pdsa/project.schema.json",
        "# Generated by benchmarks/bench_report.py: a large medical division, fixed seed.",
        "schema_version: 1",
        "name: Medical division shift handoffs",
        "description: |",
        "  Nurse-to-nurse handoffs at the 07:00 and 19:00 shift changes across the medical",
        "  division take too long and still miss information. Wards test changes in small PDSA",
        "  cycles and spread what works.",
        "",
        "aims:",
        "  - id: faster-safer-handoff",
        "    statement: >-",
        "      Reduce the median handoff time from 11.5 to 8 minutes and the incidents citing",
        "      handoff to 2 a week by 31 December 2026, with no rise in late doses or falls.",
        "    by: 2026-12-31",
        "    population: Patients and nurses of the medical division",
        "",
        "measures:",
    ]
    empty = "''"
    for m in measures:
        s = m.spec
        lines += [
            f"  - id: {s.id}",
            f"    title: {sc(s.title)}",
            f"    unit: {sc(s.unit) if s.unit else empty}",
            f"    type: {s.type}",
            f"    better: {s.better}",
        ]
        if s.goal is not None:
            lines.append(f"    goal: {num(s.goal)}")
        lines += block("definition", s.definition + (" Daily." if s.daily else " Weekly."), 4)
        if s.baseline == "points":
            lines.append(f"    baseline: {{points: {s.baseline_points}}}")
        elif m.baseline_until is not None:
            lines.append(f"    baseline: {{until: {m.baseline_until}}}")
        if m.phases:
            lines.append("    phases:")
            for day, label in m.phases:
                lines += [f"      - start: {day}", f"        label: {sc(label)}"]
        if m.excluded:
            lines.append("    exclude:")
            for day, reason in m.excluded.items():
                lines += [f"      - date: {day}", f"        reason: {sc(reason)}"]
        if s.rules:
            lines.append(f"    rules: {s.rules}")
        lines.append("")
    lines += [
        "drivers:",
        "  - id: structured-content",
        "    title: Handoffs carry the right information, in a predictable order",
        "    secondary:",
        "      - id: shared-format",
        "        title: One shared format for every handoff",
        "      - id: ready-information",
        "        title: Information is ready before the handoff starts",
        "  - id: protected-handoff",
        "    title: Handoffs happen without interruptions or searching",
        "    secondary:",
        "      - id: fewer-interruptions",
        "        title: Fewer interruptions during handoff",
        "      - id: handoff-location",
        "        title: Handoff where the patient and the information are",
        "  - id: patient-involvement",
        "    title: Patients take part in their own handoff",
        "    secondary:",
        "      - id: patient-voice",
        "        title: The patient's questions and goals are part of the handoff",
        "",
        "change_ideas:",
    ]
    for idea in ideas:
        lines += [
            f"  - id: {idea.id}",
            f"    title: {sc(idea.title)}",
            f"    driver: {idea.driver}",
        ]
    lines += ["", "settings:", "  default_owner: Dana", ""]
    return "\n".join(lines)


# --- the cycles ----------------------------------------------------------------------------

PEOPLE = ["Dana", "Tom", "Priya", "Ana", "Sam", "Marta", "Lee", "Jo", "Ravi", "Mei", "Olu"]
PEOPLE += ["Kasia", "Ben", "Noor", "Elif", "Jonas"]
WARDS = ["Ward 4", "Ward 5", "Ward 7", "Ward 9", "the stroke unit", "the acute medical unit"]
SCOPES = [  # (title phrase, plan.scale, days of Do), smallest first: a ramp walks up the list
    ("one nurse, one shift", "1 nurse, 1 shift", 1),
    ("one nurse, two day shifts", "1 nurse, 2 day shifts", 2),
    ("one pair, three night shifts", "1 nurse pair, 3 night shifts", 3),
    ("two nurses, five day shifts", "2 nurses, 5 day shifts", 7),
    ("Bay 2, one week", "Bay 2 (6 beds), 1 week", 7),
    ("whole day shift, one week", "Whole day shift, 1 week", 7),
    ("whole day shift, two weeks", "Whole day shift, 2 weeks", 14),
    ("night shift, two weeks", "Whole night shift, 2 weeks", 14),
    ("weekend shifts, three weekends", "Weekend shifts, 3 weekends", 21),
    ("all shifts, four weeks", "All shifts, 4 weeks", 28),
]
OBSERVATIONS = [
    "Handoff time fell in the first week and stayed down.",
    "Nurses waited when they saw the {thing}.",
    "Night nurses took the {thing} home in their pockets by mistake.",
    "Fewer call bells during handoff; patients know the nurses are coming.",
    "The incoming nurse asked fewer questions at the end of report.",
    "Two doctors interrupted anyway; they had not heard about the test.",
]
PROBLEMS = [
    "The printer was down for two mornings.",
    "Side rooms with isolation precautions take longer (gowns on and off).",
    "Agency nurses had not been told about the test.",
]
LEARNING = [
    "The {thing} helps most on busy shifts, when the outgoing nurse is tired.",
    "Handoff time fell, but the audit shows the Background box is often left empty.",
    "Interruptions are mostly phones and call bells, not people.",
    "The balancing measures show no signal: late doses and falls did not rise.",
    "Nurses like the {thing} once they have used it twice; the first time is slower.",
    "Night shift needs its own version: fewer sections, larger print.",
]
SURPRISES = [
    "Night nurses took to the {thing} faster than day nurses did.",
    "Patients asked for a copy of the {thing}.",
    "Call bells during handoff dropped, which nobody predicted.",
]
OTHER_PREDICTIONS = {  # id -> (statement, answers)
    "recognised": "Nurses on the ward recognise the {thing} within a week.",
    "nights-without-reminders": "Night nurses use the {thing} without reminders.",
    "doctors-wait": "Doctors wait for the handoff to finish before asking questions.",
    "patients-ask": "Patients ask at least one question at the bedside.",
}
ANSWERS = ["Yes, from the second week on", "Mostly; two exceptions", "No", "Not yet clear"]
RAMP_LENGTHS = {1: 25, 2: 25, 3: 20, 4: 18, 5: 12}


@dataclass
class Spec:
    """A cycle's id and dates, before its text is written."""

    id: str
    title: str
    scope: int
    created: dt.date
    plan_start: dt.date
    started: dt.date
    finished: dt.date
    studied: dt.date
    decided: dt.date
    status: str = "done"


class Generator:
    """Deterministic cycles: ramps of 1-5 cycles testing one change idea at growing scale."""

    def __init__(self, measures: list[MeasureData], ideas: list[Idea], seed: int) -> None:
        self.rng = random.Random(seed)
        self.measures = {m.spec.id: m for m in measures}
        self.ideas = [
            Idea(**{**i.__dict__, "measures": tuple(x for x in i.measures if x in self.measures)})
            for i in ideas
        ]
        self.ids: set[str] = set()
        self.first = min(m.dates[0] for m in measures) + dt.timedelta(days=28)

    def pick(self, weights: dict[Any, int]) -> Any:
        return self.rng.choices(list(weights), list(weights.values()))[0]

    def some(self, pool: list[str], low: int, high: int, **fmt: str) -> list[str]:
        n = self.rng.randint(low, high)
        return [s.format(**fmt) for s in self.rng.sample(pool, min(n, len(pool)))]

    def cycles(self, n: int) -> list[tuple[str, str]]:
        """(id, text) of n cycles; more ramps in recent years, as a programme grows."""
        out: list[tuple[str, str]] = []
        span = (TODAY - dt.timedelta(days=21) - self.first).days
        while len(out) < n:
            length = min(self.pick(RAMP_LENGTHS), n - len(out))
            start = self.first + dt.timedelta(days=int(self.rng.triangular(0, span, span)))
            out += self.ramp(self.rng.choice(self.ideas), start, length)
        return out[:n]

    def timeline(self, idea: Idea, start: dt.date, length: int) -> list[Spec]:
        rng = self.rng
        stem = rng.choice(idea.stems)
        ward = rng.choice(WARDS)
        scopes = sorted(rng.sample(range(len(SCOPES)), length))
        specs: list[Spec] = []
        created = start
        for scope in scopes:
            title = f"{stem}, {SCOPES[scope][0]}"
            if rng.random() < 0.3:
                title += f" ({ward})"
            base = f"{created.isoformat()}-{slugify(title)}"
            cycle_id, k = base, 1
            while cycle_id in self.ids:
                k += 1
                cycle_id = f"{base}-{k}"
            self.ids.add(cycle_id)
            plan_start = created + dt.timedelta(days=rng.randint(3, 14))
            started = plan_start + dt.timedelta(days=rng.choice([0, 0, 0, 1, 2, 7]))
            finished = started + dt.timedelta(days=SCOPES[scope][2] - 1)
            studied = finished + dt.timedelta(days=rng.randint(1, 7))
            decided = studied + dt.timedelta(days=rng.randint(0, 7))
            specs.append(
                Spec(
                    cycle_id, title, scope, created, plan_start, started, finished, studied, decided
                )
            )
            created = decided + dt.timedelta(days=rng.randint(3, 30))
            if created > TODAY - dt.timedelta(days=7):
                break  # the next test is not written yet
        return specs

    def final_status(self, s: Spec) -> str:
        age = (TODAY - s.created).days
        if age > 365:
            weights = {"done": 90, "act": 3, "study": 3, "do": 2, "plan": 2}
        elif age > 90:
            weights = {"done": 50, "act": 10, "study": 15, "do": 10, "plan": 15}
        else:
            weights = {"plan": 30, "do": 35, "study": 15, "act": 10, "done": 10}
        feasible = {
            "done": s.decided <= TODAY,
            "act": s.studied <= TODAY,
            "study": s.studied <= TODAY,
            "do": s.started <= TODAY,
            "plan": True,
        }
        return self.pick({k: w for k, w in weights.items() if feasible[k]})

    def ramp(self, idea: Idea, start: dt.date, length: int) -> list[tuple[str, str]]:
        specs = self.timeline(idea, start, length)
        specs[-1].status = self.final_status(specs[-1])
        owner = self.rng.choice(PEOPLE)
        out = []
        for i, s in enumerate(specs):
            follows = specs[i - 1].id if i else None
            nxt = specs[i + 1].id if i + 1 < len(specs) else None
            out.append((s.id, self.cycle(s, idea, owner, follows, nxt)))
        return out

    def predictions(self, s: Spec, idea: Idea, owner: str) -> list[dict[str, Any]]:
        """1-4 predictions: on the idea's measures that have data for the window, and others."""
        rng = self.rng
        usable = [m for m in idea.measures if self.measures[m].covers(s.plan_start, s.finished)]
        on_measures = rng.sample(usable, min(len(usable), rng.choice([1, 1, 2, 2, 3])))
        others = rng.sample(list(OTHER_PREDICTIONS), rng.choice([0, 0, 1, 1, 2]))
        if not on_measures and not others:
            others = [rng.choice(list(OTHER_PREDICTIONS))]
        preds = [self.measure_prediction(self.measures[m], s) for m in on_measures]
        for key in others:
            statement = OTHER_PREDICTIONS[key].format(thing=idea.thing)
            preds.append({"id": key, "statement": statement})
        for p in preds:
            if rng.random() < 0.85:
                p["confidence"] = rng.choice([0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])
            if rng.random() < 0.15:
                p["rationale"] = f"{owner} has seen the same change work on another ward."
        return preds

    def measure_prediction(self, m: MeasureData, s: Spec) -> dict[str, Any]:
        rng, spec = self.rng, m.spec
        level = m.level(s.plan_start)
        unit = "" if spec.unit in ("", "%") else f" {spec.unit}"
        pct = "%" if spec.unit == "%" else ""
        title = spec.title[0].lower() + spec.title[1:]

        def r(x: float) -> float:
            x = round(x, max(spec.decimals, 1 if level < 10 else 0))
            return min(x, spec.upper) if spec.upper is not None else x

        if spec.type == "balancing":  # it must not get worse
            bound = r(level * rng.uniform(1.0, 1.25))
            kind = "at_most" if spec.better == "lower" else "at_least"
            statement = f"The {title} stay at {num(bound)}{pct}{unit} or {'fewer' if kind == 'at_most' else 'more'}."  # noqa: E501
            expect: dict[str, Any] = {kind: bound}
            pid = f"no-rise-{spec.id}"
        elif rng.random() < 0.12:
            low = r(level * 0.85)
            high = r(level * 1.05)
            statement = f"The {title} lies between {num(low)} and {num(high)}{pct}{unit}."
            expect = {"between": [low, high]}
            pid = f"{spec.id}-in-range"
        elif spec.better == "lower":
            bound = r(level * rng.uniform(0.8, 1.02))
            kind = rng.choice(["below", "below", "at_most"])
            word = "below" if kind == "below" else "at most"
            statement = f"The {title} over the test is {word} {num(bound)}{pct}{unit}."
            expect = {kind: bound}
            pid = f"lower-{spec.id}"
        else:
            bound = r(level * rng.uniform(0.98, 1.2))
            kind = rng.choice(["above", "at_least", "at_least"])
            word = "above" if kind == "above" else "at least"
            statement = f"The {title} over the test is {word} {num(bound)}{pct}{unit}."
            expect = {kind: bound}
            pid = f"higher-{spec.id}"
        data: dict[str, Any] = {
            "id": pid,
            "statement": statement,
            "measure": spec.id,
            "expect": expect,
        }
        if rng.random() < 0.25:
            data["summary"] = "mean"
        return data

    def actual(self, p: dict[str, Any], s: Spec) -> tuple[Any, bool | None, str | None]:
        """The study result: summary of the Do window (or the week it falls in) and `met`."""
        if "measure" not in p:
            answer = self.rng.choice(ANSWERS)
            return answer, (None if answer == "Not yet clear" else answer != "No"), None
        m = self.measures[p["measure"]]
        values = m.points(s.started, s.finished)
        note = None
        if not values:  # a short test between two weekly points: the week it ran in
            values = m.points(s.started - dt.timedelta(days=6), s.finished)
            note = "One weekly point covers the test."
        if not values:  # only excluded points in the window: the fortnight before it
            values = m.points(s.started - dt.timedelta(days=14), s.finished)
        if p.get("summary") == "mean":
            value = statistics.fmean(values)
        else:
            value = statistics.median(values)
        value = round(value, 2)
        return value, Expect.model_validate(p["expect"]).judge(value), note

    def cycle(self, s: Spec, idea: Idea, owner: str, follows: str | None, nxt: str | None) -> str:
        rng = self.rng
        helper = rng.choice([p for p in PEOPLE if p != owner])
        team = [owner, helper, *rng.sample([p for p in PEOPLE if p not in (owner, helper)], 2)]
        team = team[: rng.randint(2, 4)]
        fmt = {"thing": idea.thing, "helper": helper}
        phrase, scale, days = SCOPES[s.scope]
        status = s.status
        preds = [] if status == "plan" and rng.random() < 0.3 else self.predictions(s, idea, owner)

        lines = [
            "# yaml-language-server: $schema=../.pdsa/cycle.schema.json",
            "schema_version: 1",
            f"id: {s.id}",
            f"title: {sc(s.title)}",
            f"change_idea: {idea.id}",
        ]
        if follows:
            lines.append(f"follows: {follows}")
        lines += [
            f"status: {status}",
            f"owner: {owner}",
            f"team: [{', '.join(team)}]",
            f"created: {s.created}",
            "",
            "# PLAN",
            "plan:",
        ]
        objective = (
            f"Learn whether the {idea.thing} makes handoffs shorter and more complete "
            f"({phrase}), without delaying the 08:00 and 20:00 drug rounds."
        )
        lines += block("objective", objective, 2)
        lines += seq("questions", self.some(QUESTIONS, 1, 3, **fmt), 2)
        if not preds:
            lines += ["  predictions: []", f"  # {owner}: predictions at the next huddle."]
        else:
            lines.append("  predictions:")
            for p in preds:
                lines.append(f"    - id: {p['id']}")
                lines.append(f"      statement: {sc(p['statement'])}")
                if "measure" in p:
                    ((kind, bound),) = p["expect"].items()
                    text = f"[{', '.join(map(num, bound))}]" if kind == "between" else num(bound)
                    lines += [f"      measure: {p['measure']}", f"      expect: {{{kind}: {text}}}"]
                for key in ("confidence", "summary", "rationale"):
                    if key in p:
                        lines.append(f"      {key}: {sc(p[key])}")
        lines += [
            f"  who: {owner} leads; {helper} collects the data.",
            f"  where: {sc(rng.choice(WARDS).capitalize() + ', 07:00 and 19:00 handoffs')}",
            f"  when: {{start: {s.plan_start}, end: {s.plan_start + dt.timedelta(days=days - 1)}}}",
            f"  scale: {sc(scale)}",
            f"  data_collection: {sc(rng.choice(DATA).format(**fmt))}",
        ]
        if status != "plan":
            lock = lock_predictions([Prediction.model_validate(p) for p in preds])
            lines += ["  locked:", f"    sha256: '{lock.sha256}'", "    predictions:"]
            lines += [f"      {pid}: '{h}'" for pid, h in lock.predictions.items()]
        if status == "plan":
            return "\n".join(lines) + "\n"

        # DO
        lines += ["", "# DO", "do:", f"  started: {s.started}"]
        running = status == "do" and (s.finished > TODAY or rng.random() < 0.7)
        lines.append("  finished:" if running else f"  finished: {s.finished}")
        lines += seq("observations", self.some(OBSERVATIONS, 0 if running else 1, 3, **fmt), 2)
        lines += seq("problems", self.some(PROBLEMS, 0, 1, **fmt), 2)
        lines.append("  deviations: []")
        if status == "do":
            return "\n".join(lines) + "\n"

        # STUDY
        lines += ["", "# STUDY", "study:", f"  date: {s.studied}", "  results:"]
        for p in preds:
            actual, met, note = self.actual(p, s)
            lines += [f"    - prediction: {p['id']}", f"      actual: {sc(actual)}"]
            lines.append(f"      met: {sc(met)}")
            if note:
                lines.append(f"      note: {sc(note)}")
        learning = "\n".join(self.some(LEARNING, 2, 3, **fmt))
        lines += block("learning", learning, 2, "|")
        lines += seq("surprises", self.some(SURPRISES, 0, 2, **fmt), 2)
        if status == "study":
            return "\n".join(lines) + "\n"

        # ACT
        lines += ["", "# ACT", "act:"]
        if status == "act":
            lines += ["  decision:       # adopt | adapt | abandon", "  rationale:", "  next:"]
            return "\n".join(lines) + "\n"
        if nxt:
            decision = self.pick({"adapt": 65, "adopt": 30, "abandon": 5})
        else:
            decision = self.pick({"adopt": 50, "adapt": 25, "abandon": 25})
        lines += [f"  decision: {decision}", f"  date: {s.decided}"]
        rationale = {
            "adopt": f"The {idea.thing} works at this scale with no sign of harm on the "
            "balancing measures. It becomes standard work; the audit continues weekly.",
            "adapt": f"Promising. Change the {idea.thing} as the nurses suggested and test it "
            "again at a larger scale before judging.",
            "abandon": f"The {idea.thing} costs more time than it saves; the team will try a "
            "different change for the same driver.",
        }[decision]
        lines += block("rationale", rationale, 2)
        lines.append(f"  next: {nxt or 'null'}")
        return "\n".join(lines) + "\n"


def make_project(root: Path, cycles: int, measures: int, points: int) -> tuple[int, int]:
    """Write the project; return the number and total size in bytes of the cycle files."""
    rng = random.Random(SEED)
    return write_project(root, make_measures(SPECS[:measures], points, rng), cycles)


def write_project(
    root: Path, data: list[MeasureData], cycles: int, first: dt.date | None = None
) -> tuple[int, int]:
    """pdsa.yaml, the measure CSVs and the cycles of a project with these measures; cycles
    start from `first` (default: four weeks after the earliest point). Returns the number
    and total size in bytes of the cycle files."""
    (root / "pdsa.yaml").write_text(project_yaml(data, IDEAS), encoding="utf-8")
    (root / "measures").mkdir()
    for m in data:
        rows = ["date,value,note"]
        rows += [
            f"{d},{num(v)},{'excluded: see pdsa.yaml' if d in m.excluded else ''}"
            for d, v in zip(m.dates, m.values, strict=True)
        ]
        (root / "measures" / f"{m.spec.id}.csv").write_text("\n".join(rows) + "\n")
    (root / "cycles").mkdir()
    size = count = 0
    generator = Generator(data, IDEAS, SEED + 1)
    if first is not None:
        generator.first = first
    for cycle_id, text in generator.cycles(cycles):
        raw = text.encode("utf-8")
        (root / "cycles" / f"{cycle_id}.yaml").write_bytes(raw)
        size += len(raw)
        count += 1
    return count, size


# --- the peer: bare matplotlib -----------------------------------------------------------

PEER = r'''
"""Bare matplotlib: the same 10 charts, drawn by hand from the CSVs (no run-chart analysis)."""
import time

T0 = time.perf_counter()
import csv
import datetime as dt
import json
import statistics
import sys
from pathlib import Path

import matplotlib
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

T = {"imports": time.perf_counter() - T0, "read": 0.0, "draw": 0.0, "save": 0.0}
here = Path(sys.argv[1])
config = json.loads((here / "charts.json").read_text())
matplotlib.rcParams.update(config["rc"])  # the settings pdsa draws with
PALETTE = ["#332288", "#44AA99", "#CC6677", "#117733", "#88CCEE", "#AA4499", "#999933",
           "#882255", "#DDCC77"]
colour = {idea: PALETTE[i % 9] for i, idea in enumerate(config["ideas"])}
bars = {}
with open(here / "bars.csv", newline="") as f:
    for row in csv.DictReader(f):
        bars.setdefault(row["measure"], []).append(row)
out = here / "peer"
out.mkdir(exist_ok=True)

for m in config["measures"]:
    t = time.perf_counter()
    dates, values = [], []
    with open(here / "measures" / f"{m['id']}.csv", newline="") as f:
        for row in csv.DictReader(f):
            dates.append(dt.date.fromisoformat(row["date"]))
            values.append(float(row["value"]))
    T["read"] += time.perf_counter() - t
    t = time.perf_counter()
    xs = date2num(dates)
    skip = set(m["exclude"])
    width, height = m["size"]
    marks = bars.get(m["id"], [])

    # Lanes: first lane free, label width guessed from its length (7 pt font).
    x0s = [date2num(dt.date.fromisoformat(b["start"])) for b in marks]
    x1s = [max(date2num(dt.date.fromisoformat(b["end"])) + 1, x0 + 1) for b, x0 in zip(marks, x0s)]
    lo = min(xs[0], *x0s) - 20 if marks else xs[0] - 20
    hi = max(xs[-1], *x1s) + 20 if marks else xs[-1] + 20
    per_point = (hi - lo) / ((width - 1.8) * 72)
    ends, lanes = [], []
    for x0, x1, b in zip(x0s, x1s, marks):
        right = x1 + (4 + len(b["label"]) * 4.2) * per_point
        lane = next((i for i, e in enumerate(ends) if e + 10 * per_point <= x0), len(ends))
        if lane == len(ends):
            ends.append(right)
        ends[lane] = right
        lanes.append(lane)
    n_lanes = len(ends)

    fig = Figure(figsize=(width, height))
    strip_h = (n_lanes * 0.2 + 0.35) if marks else 0
    main_h = height - 1.0 - 0.55 - strip_h
    ax = fig.add_axes((0.85 / width, (0.55 + strip_h) / height, (width - 1.8) / width,
                       main_h / height))
    fig.text(0.85 / width, 1 - 0.14 / height, m["title"], fontsize=13, fontweight="bold",
             va="top")
    fig.text(0.85 / width, 1 - 0.46 / height, f"{len(values)} points", va="top")
    size = 5.0 if len(xs) <= 80 else 3.6 if len(xs) <= 200 else 2.4
    ax.plot(xs, values, color="#3B4A5A", lw=1.1, marker="o", ms=size, zorder=3)

    # Medians: phase by phase; the first frozen over its baseline when there is one.
    starts = [0] + [next(i for i, d in enumerate(dates) if d >= dt.date.fromisoformat(p))
                    for p, _ in m["phases"]] + [len(dates)]
    for k, (a, b) in enumerate(zip(starts, starts[1:])):
        base_end = b
        if k == 0 and m["baseline_points"]:
            base_end = min(b, m["baseline_points"])
        elif k == 0 and m["baseline_until"]:
            until = dt.date.fromisoformat(m["baseline_until"])
            base_end = sum(1 for d in dates[:b] if d <= until)
        kept = [v for d, v in zip(dates[a:base_end], values[a:base_end])
                if d.isoformat() not in skip]
        med = statistics.median(kept)
        ax.plot([xs[a], xs[base_end - 1]], [med, med], color="#1F77B4", lw=1.4)
        if base_end < b:
            ax.plot([xs[base_end - 1], xs[b - 1]], [med, med], color="#1F77B4", lw=1.4,
                    ls=(0, (4, 2.5)))
        if k:
            ax.axvline((xs[a - 1] + xs[a]) / 2, color="#888888", lw=0.9, ls=(0, (6, 3)))
            ax.annotate(m["phases"][k - 1][1], (xs[a], 1.0), xycoords=ax.get_xaxis_transform(),
                        xytext=(4, -4), textcoords="offset points", fontsize=8, va="top",
                        fontstyle="italic")
    handles = [Line2D([], [], color="#3B4A5A", marker="o", ms=size, label="points"),
               Line2D([], [], color="#1F77B4", lw=1.4, label="median")]
    if m["goal"] is not None:
        ax.axhline(m["goal"], color="#1B7837", lw=1.1, ls=(0, (1, 1.6)))
        ax.annotate(f"goal {m['goal']:g}", (1.0, m["goal"]), xycoords=("axes fraction", "data"),
                    xytext=(6, 0), textcoords="offset points", fontsize=8, va="center",
                    color="#1B7837", annotation_clip=False)
        handles.append(Line2D([], [], color="#1B7837", lw=1.1, ls=(0, (1, 1.6)), label="goal"))
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1), ncol=len(handles))
    ax.set_ylabel(m["unit"])
    ax.set_xlim(lo, hi)
    locator = AutoDateLocator(minticks=5, maxticks=12)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.grid(axis="x", color="#EEEEEE", linewidth=0.6)

    if marks:
        strip = fig.add_axes((0.85 / width, 0.45 / height, (width - 1.8) / width,
                              (n_lanes * 0.2) / height), sharex=ax)
        strip.tick_params(axis="x", bottom=False, labelbottom=False)
        strip.set_yticks([])
        strip.set_ylim(n_lanes - 0.5, -0.5)
        cols = [colour.get(b["idea"], "#BBBBBB") for b in marks]
        rects = strip.barh(lanes, [x1 - x0 for x0, x1 in zip(x0s, x1s)], left=x0s, height=0.6,
                           color=cols, edgecolor=cols, linewidth=0.8)
        for rect, b, c in zip(rects, marks, cols):
            if b["here"] == "0":
                rect.set_facecolor((c, 0.3))
                rect.set_hatch("//////")
        ongoing = [(x1 + 4 * per_point, lane) for x1, lane, b in zip(x1s, lanes, marks)
                   if b["ongoing"] == "1"]
        if ongoing:
            strip.plot(*zip(*ongoing), marker=">", ms=5, ls="none", color="#333333")
        for x1, lane, b in zip(x1s, lanes, marks):
            strip.text(x1 + 4 * per_point, lane, b["label"], fontsize=7, va="center_baseline")
        shown = sorted({b["idea"] for b in marks})
        fig.legend([Patch(color=colour.get(i, "#BBBBBB")) for i in shown], shown,
                   loc="upper left", bbox_to_anchor=(0.85 / width, 0.4 / height),
                   ncol=4, frameon=False, fontsize=7.5)
    T["draw"] += time.perf_counter() - t
    t = time.perf_counter()
    fig.savefig(out / f"{m['id']}.svg", format="svg",
                metadata={"Date": None, "Creator": "peer", "Title": m["title"]})
    T["save"] += time.perf_counter() - t
(here / "peer_times.json").write_text(json.dumps(T))
'''

# pdsa's steps, in a fresh process like the CLI's: the functions `pdsa report --format html`
# calls, each timed, with a few of their callees counted (``steps``); or a cProfile of the
# same work (``profile``).
STEPS = r"""
import time

T0 = time.perf_counter()
import cProfile
import datetime as dt
import json
import pstats
import sys
from pathlib import Path

import matplotlib.figure

from pdsa.render import report_html
from pdsa.report import build_report
from pdsa.store import Workspace, write_text

root, out, mode = Path(sys.argv[1]), Path(sys.argv[3]), sys.argv[4]
today = dt.date.fromisoformat(sys.argv[2])
T = {"imports": time.perf_counter() - T0}


def count(owner, name, key):
    real = getattr(owner, name)

    def timed(*args, **kwargs):
        t = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            T[key] = T.get(key, 0.0) + time.perf_counter() - t
            T[key + " calls"] = T.get(key + " calls", 0) + 1

    setattr(owner, name, timed)


if mode == "profile":
    prof = cProfile.Profile()
    prof.enable()
    report_html.write_html(build_report(Workspace(root), today=today), out)
    prof.disable()
    pstats.Stats(prof, stream=sys.stdout).sort_stats("cumulative").print_stats(int(sys.argv[5]))
    sys.exit()

count(Workspace, "cycles", "ws.cycles")
count(matplotlib.figure.Figure, "savefig", "savefig")
count(report_html, "inline_svg", "inline_svg")
t = time.perf_counter()
report = build_report(Workspace(root), today=today)
T["build_report"] = time.perf_counter() - t
t = time.perf_counter()
charts = report_html.charts_svg(report)
T["charts_svg"] = time.perf_counter() - t
report_html.charts_svg = lambda _: charts
t = time.perf_counter()
html = report_html.render_html(report)
T["render_html"] = time.perf_counter() - t
t = time.perf_counter()
write_text(out, html, create=not out.exists())
T["write"] = time.perf_counter() - t
print(json.dumps(T))
"""


def peer_inputs(root: Path, report: Any, charts: dict[str, str]) -> None:
    """charts.json (chart settings and pdsa's figure sizes), bars.csv (the cycles pdsa
    places on each chart), and the two scripts."""
    from pdsa.render.chart import _STYLE  # the rcParams pdsa saves with

    measures = []
    for s in report.measures:
        m = s.series.measure
        size = re.search(r'width="([\d.]+)pt" height="([\d.]+)pt"', charts[m.id])
        assert size, "no size in pdsa's SVG"
        measures.append(
            {
                "id": m.id,
                "title": m.title,
                "unit": m.unit,
                "goal": m.goal,
                "phases": [(p.start.isoformat(), p.label) for p in m.phases],
                "baseline_points": m.baseline.points if m.baseline else None,
                "baseline_until": m.baseline.until.isoformat()
                if m.baseline and m.baseline.until
                else None,
                "exclude": [e.date.isoformat() for e in m.exclude],
                "size": [float(size[1]) / 72, float(size[2]) / 72],
            }
        )
    ideas = sorted(c.id for c in report.project.change_ideas)
    config = {"rc": _STYLE, "ideas": ideas, "measures": measures}
    (root / "charts.json").write_text(json.dumps(config, indent=1), encoding="utf-8")
    with (root / "bars.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["measure", "label", "idea", "start", "end", "here", "ongoing"])
        for s in report.measures:
            for mk in s.marks:
                w.writerow(
                    [
                        s.series.measure.id,
                        mk.label,
                        mk.change_idea or "",
                        mk.start.isoformat(),
                        mk.end.isoformat(),
                        int(mk.predicts_here),
                        int(mk.ongoing),
                    ]
                )
    (root / "peer_charts.py").write_text(PEER.lstrip(), encoding="utf-8")
    (root / "pdsa_steps.py").write_text(STEPS.lstrip(), encoding="utf-8")


ONE_PROCESS = {**os.environ, "PDSA_JOBS": "1"}


def run(argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, str]:
    """Wall time and stdout of a subprocess that must succeed."""
    t0 = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - t0
    if proc.returncode:
        sys.exit(f"bench_report: {argv[:2]} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return elapsed, proc.stdout


def breakdown(
    pdsa_runs: list[dict[str, float]],
    peer_runs: list[dict[str, float]],
    pdsa_wall: float,
    peer_wall: float,
    charts: int,
) -> None:
    """Where each spends its time: the fastest of the step-by-step runs of each."""
    steps = ("imports", "build_report", "charts_svg", "render_html", "write")
    p = min(pdsa_runs, key=lambda r: sum(r[k] for k in steps))
    q = min(peer_runs, key=lambda r: r["imports"] + r["read"] + r["draw"] + r["save"])
    figures = p["charts_svg"] - p["savefig"]
    rows: list[tuple[str, float | None, float | None]] = [
        ("imports", p["imports"], q["imports"]),
        ("build_report: load + analysis / csv read", p["build_report"], q["read"]),
        (f"  of which ws.cycles(), {p['ws.cycles calls']:.0f} calls", p["ws.cycles"], None),
        (f"charts_svg: {charts} charts", p["charts_svg"], q["draw"] + q["save"]),
        ("  building the figures", figures, q["draw"]),
        ("  savefig as SVG", p["savefig"], q["save"]),
        ("render_html, charts given: HTML assembly", p["render_html"], None),
        (f"  of which inline_svg, {p['inline_svg calls']:.0f} calls", p["inline_svg"], None),
        ("write the file", p["write"], None),
    ]
    pdsa_sum = sum(p[k] for k in steps)
    peer_sum = q["imports"] + q["read"] + q["draw"] + q["save"]
    rows += [
        ("sum of the above", pdsa_sum, peer_sum),
        ("interpreter, CLI, exit (wall - sum)", pdsa_wall - pdsa_sum, peer_wall - peer_sum),
    ]
    print(
        "\nwhere the time goes: the same work step by step in a fresh process (fastest of "
        f"{len(pdsa_runs)})"
    )
    print(f"  {'':44}{'pdsa s':>8}{'share':>7}{'peer s':>9}")

    def cell(t: float | None, width: int) -> str:
        return f"{t:{width}.3f}" if t is not None else " " * (width - 1) + "-"

    for label, a, b in rows:
        share = f"{a / pdsa_wall:7.0%}" if a is not None else " " * 7
        print(f"  {label:44}{cell(a, 8)}{share}{cell(b, 9)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--cycles", type=int, default=CYCLES, metavar="N")
    parser.add_argument("--measures", type=int, default=MEASURES, choices=range(1, 11))
    parser.add_argument("--points", type=int, default=POINTS, metavar="N")
    parser.add_argument("--repeat", type=int, default=REPEAT, metavar="R")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="write the project here")
    parser.add_argument("--profile", action="store_true", help="then cProfile the work")
    args = parser.parse_args()
    if args.points < 60:
        parser.error("--points must be at least 60")

    if args.keep:
        if args.keep.exists() and any(args.keep.iterdir()):
            sys.exit(f"bench_report: {args.keep} is not empty")
        args.keep.mkdir(parents=True, exist_ok=True)
        root, cleanup = args.keep.resolve(), None
    else:
        cleanup = tempfile.TemporaryDirectory(prefix="bench_report-")
        root = Path(cleanup.name)
    pdsa = str(BIN / "pdsa")
    try:
        t0 = time.perf_counter()
        n, size = make_project(root, args.cycles, args.measures, args.points)
        generated = time.perf_counter() - t0
        check = subprocess.run(
            [pdsa, "check", "--format", "json"], cwd=root, capture_output=True, text=True
        )
        summary = json.loads(check.stdout)["summary"]
        findings = json.loads(check.stdout)["findings"]
        codes = sorted({f["code"] for f in findings if f["severity"] == "warning"})

        # Untimed: pdsa's charts (for the sizes and placed cycles the peer draws).
        report = build_report(Workspace(root), today=TODAY)
        charts = report_html.charts_svg(report)
        peer_inputs(root, report, charts)
        marks = [len(s.marks) for s in report.measures]
        svg_kb = sum(len(c) for c in charts.values()) / 1024
        del report, charts

        print(
            f"pdsa report benchmark: {n:,} cycles ({size / n / 1024:.2f} KiB average), "
            f"{args.measures} measures x {args.points} points; best of {args.repeat}, interleaved"
        )
        print(machine("matplotlib", "pydantic", "ruamel.yaml", "pyyaml"))
        print(f"project: {root} (generated in {generated:.1f} s)")
        print(
            f"pdsa check: exit {check.returncode}, {summary['errors']} errors, "
            f"{summary['warnings']} warnings ({', '.join(codes) or 'none'}) "
            f"in {summary['files']} files"
        )
        print(f"cycle bars per chart: {marks} (sum {sum(marks):,}); pdsa SVG {svg_kb:,.0f} KiB")
        if summary["errors"]:
            print(check.stdout[-3000:])
            sys.exit("bench_report: pdsa check found errors in the generated project")

        out = root / "report.html"
        report_cmd = [pdsa, "report", "--format", "html", "--out", str(out)]
        report_cmd += ["--date", TODAY.isoformat()]
        peer_cmd = [sys.executable, str(root / "peer_charts.py"), str(root)]
        steps_cmd = [sys.executable, str(root / "pdsa_steps.py"), str(root), TODAY.isoformat()]
        steps_cmd += [str(root / "report-steps.html"), "steps"]
        run(peer_cmd, root)  # once, untimed, each: page cache, .pyc files
        run(report_cmd, root)
        times: dict[str, list[float]] = {"pdsa": [], "pdsa1": [], "peer": []}
        pdsa_steps: list[dict[str, float]] = []
        peer_steps: list[dict[str, float]] = []
        for _ in range(args.repeat):
            times["pdsa"].append(run(report_cmd, root)[0])
            times["pdsa1"].append(run(report_cmd, root, ONE_PROCESS)[0])
            times["peer"].append(run(peer_cmd, root)[0])
            peer_steps.append(json.loads((root / "peer_times.json").read_text()))
            # The steps are timed in one process, where matplotlib's calls can be counted.
            pdsa_steps.append(json.loads(run(steps_cmd, root, ONE_PROCESS)[1]))
        pdsa_t, peer_t = min(times["pdsa"]), min(times["peer"])
        peer_kb = sum(p.stat().st_size for p in (root / "peer").glob("*.svg")) / 1024

        print(f"\n{'wall time':34}{'best s':>8}{'median s':>10}{'/ peer':>9}")
        for name, key in (
            ("pdsa report --format html", "pdsa"),
            ("  the same, one process", "pdsa1"),
            ("peer: bare matplotlib", "peer"),
        ):
            t = min(times[key])
            print(f"{name:34}{t:8.3f}{statistics.median(times[key]):10.3f}{t / peer_t:8.2f}x")
        one = min(times["pdsa1"])
        print(
            f"\nratio pdsa / peer = {pdsa_t / peer_t:.2f}x (target <= 1.3x); "
            f"in one process (PDSA_JOBS=1) {one / peer_t:.2f}x"
        )
        print(
            f"output: pdsa {out.stat().st_size / 1024:,.0f} KiB HTML; "
            f"peer {peer_kb:,.0f} KiB in {len(marks)} SVG files"
        )
        breakdown(pdsa_steps, peer_steps, one, peer_t, len(marks))  # steps ran in one process
        if args.profile:
            argv = [*steps_cmd[:-1], "profile", "20"]  # run with ONE_PROCESS below
            print("\ncProfile of build_report + write_html in a fresh process, top 20 by cumtime:")
            print(run(argv, root)[1].rstrip())
    finally:
        if cleanup is not None:
            cleanup.cleanup()


if __name__ == "__main__":
    main()
