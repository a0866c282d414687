"""A generator of broken and hostile project files: cycles, `pdsa.yaml` and measure CSVs.

`base_files()` is a small valid project (three cycles, two measures with data) whose free-text
fields are slots. `cases(scale)` returns `Case`s, each one file that replaces (or, for a
cycle, joins) the base project's files:

- **payload cases**: a hostile text (terminal escapes, `<script>`, `javascript:` links,
  mathtext, unicode line separators, C0/C1 controls, ...) put, correctly quoted, into one text
  field of a cycle, of `pdsa.yaml` or of a CSV note;
- **raw cases**: the same texts written unquoted into the YAML, so the loader must refuse
  them with a position;
- **structural cases**: bad YAML, wrong types, BOM in the middle, tabs, `!!str` and python
  tags, huge numbers, deep nesting, alias bombs, dates in year 1 and 9999, `.nan`/`.inf`
  goals, bad CSV rows, and so on.

At scale 1 every payload and every field is used at least once (a rotating sample of the
field x payload grid); from scale 10 on, the whole grid. The same scale always gives the same
cases in the same order, so a case name identifies a file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

HOSTILE_ID = "2026-11-02-hostile-cycle"
DONE_ID = "2026-10-01-sbar-card-days"
PLAN_ID = "2026-11-16-sbar-card-nights"

# --- hostile texts ---------------------------------------------------------------------------

PAYLOADS: dict[str, str] = {
    "osc-title": "x\x1b]0;PWNED\x07\x1b[2J",
    "csi-colour": "\x1b[31mred\x1b[0m and \x1b[1A up",
    "c1-csi": "x\x9b2J\x9d0;PWNED\x9c",
    "bell-backspace-del": "a\x07b\x08c\x7fd",
    "nul": "a\x00b",
    "vertical-controls": "a\x0bb\x0cc\x1cd\x1de\x1ef",
    "line-separators": "a\u2028b\u2029c\x85d",
    "carriage-return": "fake\rreal",
    "script": "<script>alert(1)</script>",
    "img-onerror": '<img src=x onerror="alert(1)">',
    "js-link-md": "[click me](javascript:alert(1))",
    "js-link-html": '<a href="javascript:alert(1)">click me</a>',
    "table-breakout": "a | b </td></tr></table><script>alert(2)</script>",
    "mathtext": "$\\sqrt{$",
    "mathtext-big": "$\\frac{1}{0}$ $x^{y^{z}}$ $\\",
    "github-command": "x\n::error file=README.md::injected%0A::warning::more",
    "markdown-heading": "\n# Injected heading\n\n```\nfence",
    "bidi-override": "\u202egnp.exe\u202c and \u2066isolate",
    "zero-width-bom": "a\u200bb\ufeffc",
    "long": "word " * 3000,
}

# The payloads whose characters a YAML file cannot hold raw (they must be escaped).
RAW_UNSAFE = {
    "osc-title",
    "csi-colour",
    "c1-csi",
    "bell-backspace-del",
    "nul",
    "vertical-controls",
}

# Strings that must never reach HTML or rendered Markdown unescaped.
MARKUP_PAYLOADS = {
    "script",
    "img-onerror",
    "js-link-md",
    "js-link-html",
    "table-breakout",
    "markdown-heading",
}


def quote(text: str) -> str:
    """`text` as a YAML double-quoted scalar: every non-ASCII or control character escaped."""
    return json.dumps(text, ensure_ascii=True)


# --- the base project ------------------------------------------------------------------------

PROJECT_FIELDS = {
    "name": "Ward 4 handoffs",
    "description": "Nurse handoffs on Ward 4.",
    "aim": "Median handoff under 8 minutes by March 2027",
    "population": "Ward 4 patients",
    "measure_title": "Handoff duration",
    "unit": "minutes",
    "definition": "Minutes from report start to acceptance.",
    "phase_label": "SBAR card adopted",
    "exclude_reason": "Norovirus outbreak",
    "driver_title": "Reliable handoffs",
    "secondary_title": "One shared format",
    "idea_title": "SBAR card",
    "idea_description": "A pocket card.",
    "default_owner": "Dana",
    "ignore_rule": "PD999",
}

PROJECT = """\
# yaml-language-server: $schema=.pdsa/project.schema.json
schema_version: 1
name: {name}
description: {description}
aims:
  - statement: {aim}
    by: 2027-03-31
    population: {population}
measures:
  - id: handoff-minutes
    title: {measure_title}
    unit: {unit}
    type: outcome
    better: lower
    goal: {goal}
    definition: {definition}
    baseline: {{points: 6}}
    phases:
      - start: 2026-10-12
        label: {phase_label}
        cycle: {done_id}
    exclude:
      - date: 2026-09-14
        reason: {exclude_reason}
  - id: late-meds
    title: Late medication doses
    unit: doses
    type: balancing
    better: lower
drivers:
  - id: reliable-handoff
    title: {driver_title}
    secondary:
      - id: shared-format
        title: {secondary_title}
change_ideas:
  - id: sbar-card
    title: {idea_title}
    driver: shared-format
    description: {idea_description}
settings:
  default_owner: {default_owner}
check:
  warn: [{ignore_rule}]
"""

CYCLE_FIELDS = {
    "title": "Hostile cycle",
    "owner": "Priya",
    "team": "Sam",
    "objective": "Learn whether the card helps.",
    "question": "Will handoffs be shorter?",
    "statement": "Median handoff below 9 minutes",
    "rationale": "The card answers questions up front.",
    "who": "Two nurses",
    "where": "Ward 4",
    "scale": "2 nurses, 5 shifts",
    "data_collection": "Dana times handoffs.",
    "observation": "Nights borrowed the card.",
    "problem": "Sam forgot the card.",
    "deviation": "Only 7 handoffs on Friday.",
    "actual_text": "Yes, 5 of 6 nurses",
    "note": "Only day shifts.",
    "learning": "The card helps.",
    "surprise": "Nights wanted it too.",
    "act_rationale": "Move allergies up.",
}

# In `act` with the decision pending: on the agenda, in the report's tables, and `pdsa study`
# still has a step (the decision) to write.
CYCLE = """\
# yaml-language-server: $schema=../.pdsa/cycle.schema.json
schema_version: 1
id: {cycle_id}
title: {title}
change_idea: sbar-card
follows: {done_id}
status: act
owner: {owner}
team: [{team}]
created: {created}
plan:
  objective: {objective}
  questions:
    - {question}
  predictions:
    - id: shorter
      statement: {statement}
      measure: handoff-minutes
      expect: {{below: {bound}}}
      confidence: 0.7
      rationale: {rationale}
    - id: liked
      statement: Nurses like the card
      confidence: 0.6
  who: {who}
  where: {where}
  when: {{start: 2026-11-03, end: 2026-11-07}}
  scale: {scale}
  data_collection: {data_collection}
  locked: {locked}
do:
  started: {started}
  finished: {finished}
  observations:
    - {observation}
  problems:
    - {problem}
  deviations:
    - {deviation}
study:
  date: 2026-11-09
  results:
    - prediction: shorter
      actual: {actual}
      met: true
      note: {note}
    - prediction: liked
      actual: {actual_text}
      met: true
  learning: {learning}
  surprises:
    - {surprise}
act:
  rationale: {act_rationale}
"""

CYCLE_DEFAULTS = {
    "cycle_id": HOSTILE_ID,
    "done_id": DONE_ID,
    "created": "2026-11-02",
    "bound": "9",
    "locked": "null",
    "started": "2026-11-03",
    "finished": "2026-11-07",
    "actual": "8.25",
}

DONE_CYCLE = f"""\
schema_version: 1
id: {DONE_ID}
title: SBAR card on day shift
change_idea: sbar-card
status: done
owner: Dana
created: 2026-10-01
plan:
  predictions:
    - id: shorter
      statement: Median handoff falls below 8 minutes.
      measure: handoff-minutes
      expect: {{below: 8}}
      confidence: 0.7
do:
  started: 2026-10-05
  finished: 2026-10-09
study:
  date: 2026-10-12
  results:
    - prediction: shorter
      actual: 7.5
      met: true
  learning: The card helps.
act:
  decision: adapt
  date: 2026-10-12
  rationale: Try it on nights.
  next: {HOSTILE_ID}
"""

PLAN_CYCLE = f"""\
schema_version: 1
id: {PLAN_ID}
title: SBAR card on nights
change_idea: sbar-card
status: plan
created: 2026-11-16
plan:
  predictions: []
"""

CSV_NOTE_ROW = 5  # the row (1-based, header included) whose note is the CSV slot


def csv_text(note: str = "agency nurses") -> str:
    """The base measure data: 14 weekly points, one row's note being the slot."""
    rows = ["date,value,note"]
    values = [11.5, 12, 11, 12.5, 11.8, 12.2, 11.9, 9.5, 8.7, 8.2, 8.5, 8.1, 7.9, 8.4]
    day = 0
    for i, value in enumerate(values):
        date = f"2026-{9 + (day // 30):02d}-{1 + day % 30:02d}"
        day += 7
        text = note if i + 2 == CSV_NOTE_ROW else ""
        rows.append(f"{date},{value},{csv_field(text)}")
    return "\n".join(rows) + "\n"


def csv_field(text: str) -> str:
    if any(ch in text for ch in ',"\n\r') or text != text.strip():
        return '"' + text.replace('"', '""') + '"'
    return text


def project_text(**overrides: str) -> str:
    values = {k: quote(v) for k, v in PROJECT_FIELDS.items()}
    values.update(goal="8", done_id=DONE_ID)
    values.update(overrides)
    return PROJECT.format(**values)


def cycle_text(**overrides: str) -> str:
    values = {k: quote(v) for k, v in CYCLE_FIELDS.items()}
    values.update(CYCLE_DEFAULTS)
    values.update(overrides)
    return CYCLE.format(**values)


def base_files() -> dict[str, bytes]:
    """The valid base project, relative path -> content."""
    return {
        "pdsa.yaml": project_text().encode(),
        f"cycles/{DONE_ID}.yaml": DONE_CYCLE.encode(),
        f"cycles/{HOSTILE_ID}.yaml": cycle_text().encode(),
        f"cycles/{PLAN_ID}.yaml": PLAN_CYCLE.encode(),
        "measures/handoff-minutes.csv": csv_text().encode(),
    }


# --- cases -----------------------------------------------------------------------------------

TARGET_PATHS = {
    "cycle": f"cycles/{HOSTILE_ID}.yaml",
    "project": "pdsa.yaml",
    "csv": "measures/handoff-minutes.csv",
}


@dataclass(frozen=True)
class Case:
    """One hostile file: where it goes in the base project, and what it carries."""

    name: str
    target: str  # "cycle", "project" or "csv"
    data: bytes
    payload: str = ""  # a key of PAYLOADS, for payload and raw cases
    slot: str = ""
    tags: frozenset[str] = field(default_factory=frozenset)

    @property
    def path(self) -> str:
        return TARGET_PATHS[self.target]

    def write(self, root: Path) -> Path:
        """The base project with this case's file in place, under `root`."""
        for rel, content in base_files().items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(content)
        target = root / self.path
        target.write_bytes(self.data)
        return target


def _grid(fields: list[str], scale: int) -> Iterator[tuple[str, str]]:
    """(field, payload) pairs: a rotating sample at small scale, the whole grid from 10 on."""
    names = list(PAYLOADS)
    per = len(fields) if scale >= 10 else min(len(fields), scale)
    for i, payload in enumerate(names):
        for j in range(per):
            yield fields[(i * 3 + j * 7) % len(fields)], payload


def payload_cases(scale: int = 1) -> Iterator[Case]:
    for fld, payload in _grid(list(CYCLE_FIELDS), scale):
        text = cycle_text(**{fld: quote(PAYLOADS[payload])})
        yield Case(f"cycle-{fld}-{payload}", "cycle", text.encode(), payload, fld)
    for fld, payload in _grid(list(PROJECT_FIELDS), scale):
        text = project_text(**{fld: quote(PAYLOADS[payload])})
        yield Case(f"project-{fld}-{payload}", "project", text.encode(), payload, fld)
    for payload, value in PAYLOADS.items():
        yield Case(f"csv-note-{payload}", "csv", csv_text(value).encode(), payload, "note")


def raw_cases(scale: int = 1) -> Iterator[Case]:
    """Payloads written raw into YAML (single line, unquoted): the loader must refuse or keep."""
    fields = ["title", "statement", "observation", "learning"]
    for i, payload in enumerate(p for p in PAYLOADS if p in RAW_UNSAFE):
        fld = fields[i % len(fields)]
        raw = PAYLOADS[payload].replace("\n", " ")
        text = cycle_text(**{fld: "x " + raw})
        yield Case(f"raw-cycle-{fld}-{payload}", "cycle", text.encode(), payload, fld)
    for payload in sorted(RAW_UNSAFE)[: 2 + scale]:
        text = project_text(name="x " + PAYLOADS[payload])
        yield Case(f"raw-project-name-{payload}", "project", text.encode(), payload, "name")


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


def _alias_bomb(levels: int) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, levels):
        refs = ",".join([f"*a{n - 1}"] * 9)
        lines.append(f"a{n}: &a{n} [{refs}]")
    return "\n".join(lines) + "\n"


def structural_cases(scale: int = 1) -> Iterator[Case]:
    cycle = cycle_text()
    project = project_text()
    bom = "\ufeff"
    yield from (
        Case(f"cycle-{name}", "cycle", text.encode("utf-8", "surrogatepass"), tags=frozenset(tags))
        for name, text, tags in [
            ("empty", "", ()),
            ("only-comment", "# nothing here\n", ()),
            ("top-level-list", "- a\n- b\n", ()),
            ("top-level-scalar", "just text\n", ()),
            ("unclosed-bracket", cycle.replace("team: [", "team: [[", 1), ()),
            ("bad-indent", cycle.replace("  objective:", "    objective:", 1), ()),
            ("tab-indent", cycle.replace("  objective:", "\tobjective:", 1), ()),
            ("tab-in-value", cycle.replace('owner: "Priya"', "owner: Pri\tya"), ("tab",)),
            ("duplicate-key", cycle.replace("status: act", "status: act\nstatus: do"), ()),
            ("bom-middle", cycle.replace("owner:", f"{bom}owner:"), ("bom",)),
            ("bom-in-value", cycle.replace('owner: "Priya"', f"owner: Pri{bom}ya"), ("bom",)),
            ("bom-start", bom + cycle, ()),
            ("crlf", cycle.replace("\n", "\r\n"), ()),
            ("lone-cr", cycle.replace("\n", "\r", 5), ()),
            ("str-tag-date", cycle.replace("created: 2026-11-02", "created: !!str 2026-11-02"), ()),
            ("str-tag-title", cycle.replace('title: "Hostile', 'title: !!str "Hostile'), ()),
            ("python-tag", cycle.replace('owner: "Priya"', "owner: !!python/name:os.system"), ()),
            ("custom-tag", cycle.replace('owner: "Priya"', "owner: !pwn x"), ()),
            ("title-list", cycle.replace('title: "Hostile cycle"', "title: [a, b]"), ()),
            ("title-map", cycle.replace('title: "Hostile cycle"', "title: {a: 1}"), ()),
            ("title-number", cycle.replace('title: "Hostile cycle"', "title: 12"), ()),
            ("title-bool", cycle.replace('title: "Hostile cycle"', "title: yes"), ()),
            ("title-null", cycle.replace('title: "Hostile cycle"', "title:"), ()),
            ("created-number", cycle.replace("created: 2026-11-02", "created: 20261102"), ()),
            ("created-31-nov", cycle.replace("created: 2026-11-02", "created: 2026-11-31"), ()),
            ("created-year-1", cycle.replace("created: 2026-11-02", "created: 0001-01-01"), ()),
            (
                "dates-year-1",
                cycle_text(created="0001-01-01", started="0001-01-02", finished="0001-01-03"),
                ("year1",),
            ),
            (
                "dates-year-9999",
                cycle_text(created="9999-12-29", started="9999-12-30", finished="9999-12-31"),
                ("year9999",),
            ),
            (
                "predictions-string",
                cycle.replace("  predictions:\n", "  predictions: x\n  q:\n"),
                (),
            ),
            ("confidence-text", cycle.replace("confidence: 0.7", "confidence: high"), ()),
            ("confidence-90", cycle.replace("confidence: 0.7", "confidence: 90"), ()),
            ("bound-text", cycle_text(bound='"eight"'), ()),
            ("bound-nan", cycle_text(bound=".nan"), ("nan",)),
            ("bound-inf", cycle_text(bound=".inf"), ("inf",)),
            ("bound-huge", cycle_text(bound="1e308"), ()),
            ("bound-huge-int", cycle_text(bound="9" * 400), ("bigint",)),
            ("bound-giant-int", cycle_text(bound="9" * 5000), ("bigint",)),
            ("actual-nan", cycle_text(actual=".nan"), ("nan",)),
            ("actual-inf", cycle_text(actual="-.inf"), ("inf",)),
            ("actual-huge", cycle_text(actual="1.7e308"), ()),
            (
                "between-reversed",
                cycle.replace("expect: {below: 9}", "expect: {between: [5, 1]}"),
                (),
            ),
            ("expect-two", cycle.replace("expect: {below: 9}", "expect: {below: 9, above: 1}"), ()),
            ("lock-garbage", cycle_text(locked='"sha256:nothex"'), ()),
            ("lock-map-bad", cycle_text(locked="{sha256: 12, predictions: [1]}"), ()),
            ("follows-self", cycle.replace(f"follows: {DONE_ID}", f"follows: {HOSTILE_ID}"), ()),
            ("follows-path", cycle.replace(f"follows: {DONE_ID}", "follows: ../../etc/passwd"), ()),
            ("id-mismatch", cycle_text(cycle_id="2026-11-02-other"), ()),
            ("id-traversal", cycle_text(cycle_id='"../../x"'), ()),
            ("finished-before-start", cycle_text(finished="2026-11-01"), ()),
            ("unknown-key", cycle.replace("status: act", "status: act\nstatuss: do"), ()),
            ("status-bogus", cycle.replace("status: act", "status: pwned"), ()),
            ("deep-list", cycle.replace("team: [", f"deep: {_deep(200 * scale)}\nteam: ["), ()),
            ("deeper-list", cycle.replace("team: [", f"deep: {_deep(5000)}\nteam: ["), ()),
            ("alias-bomb", _alias_bomb(6 + min(scale, 3)) + cycle, ()),
            ("anchors", cycle.replace('owner: "Priya"', 'owner: &o "Priya"\nx: *o'), ()),
            ("two-documents", cycle + "---\n" + cycle, ()),
            ("long-line", cycle.replace('"Hostile cycle"', quote("t" * 200_000)), ()),
            ("huge-note", cycle.replace('note: "Only day shifts."', "note: " + "n" * 140_000), ()),
        ]
    )
    yield Case("cycle-not-utf8", "cycle", cycle.encode() + b"\xff\xfe bad\n")
    yield Case("cycle-latin1", "cycle", cycle.replace("Priya", "Pri\xe9ya").encode("latin-1"))
    yield Case("cycle-nul-byte", "cycle", cycle.encode() + b"\x00\x00")
    yield Case("cycle-surrogate-escape", "cycle", cycle_text(owner='"\\ud800"').encode())
    for name, text in [
        ("empty", ""),
        ("top-level-list", "- a\n"),
        ("goal-nan", project_text(goal=".nan")),
        ("goal-inf", project_text(goal=".inf")),
        ("goal-minus-inf", project_text(goal="-.inf")),
        ("goal-huge", project_text(goal="1e308")),
        ("goal-giant-int", project_text(goal="9" * 5000)),
        ("goal-text", project_text(goal='"eight"')),
        ("baseline-zero", project.replace("{points: 6}", "{points: 0}")),
        ("baseline-both", project.replace("{points: 6}", "{points: 6, until: 2026-10-01}")),
        ("baseline-huge", project.replace("{points: 6}", "{points: " + "9" * 30 + "}")),
        ("phase-year-1", project.replace("start: 2026-10-12", "start: 0001-01-01")),
        ("phase-year-9999", project.replace("start: 2026-10-12", "start: 9999-12-31")),
        ("exclude-year-9999", project.replace("date: 2026-09-14", "date: 9999-12-31")),
        ("duplicate-measure", project.replace("id: late-meds", "id: handoff-minutes")),
        ("measure-id-traversal", project.replace("id: late-meds", 'id: "../../etc/x"')),
        ("measure-id-upper", project.replace("id: late-meds", "id: Late-Meds")),
        ("driver-cycle", project.replace("driver: shared-format", "driver: sbar-card")),
        (
            "rules-bogus",
            project.replace("better: lower\n    goal", "better: lower\n    rules: x\n    goal"),
        ),
        (
            "check-ignore-all",
            project.replace("warn: [", "ignore: [PD101, PD102, PD601]\n  warn: ["),
        ),
        ("tab-indent", project.replace("  - id: late-meds", "\t- id: late-meds")),
        ("bom-middle", project.replace("drivers:", f"{bom}drivers:")),
        ("deep-map", project + "x: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n"),
        ("alias-bomb", _alias_bomb(7) + project),
        ("unknown-key", project.replace("drivers:", "drivres:")),
    ]:
        yield Case(f"project-{name}", "project", text.encode(), tags=frozenset([name]))
    header = "date,value,note\n"
    for name, text in [
        ("empty", ""),
        ("header-only", header),
        ("bad-header", "when,what\n2026-11-02,5\n"),
        ("header-extra", "date,value,note,x\n2026-11-02,5,a,b\n"),
        ("nan", header + "2026-11-02,nan,\n"),
        ("inf", header + "2026-11-02,inf,\n"),
        ("minus-1e400", header + "2026-11-02,-1e400,\n"),
        ("plus-1e308", header + "2026-11-02,1e308,\n2026-11-09,1e308,\n2026-11-16,-1e308,\n"),
        (
            "extremes",
            header
            + "".join(
                f"2026-11-{d:02d},{v},\n"
                for d, v in [(2, "1.7e308"), (9, "-1.7e308"), (16, "5e-324")]
            ),
        ),
        ("underscore-number", header + "2026-11-02,1_000,\n"),
        ("hex-number", header + "2026-11-02,0x10,\n"),
        ("iso-week-date", header + "2026-W45-1,5,\n"),
        ("ordinal-date", header + "2026-306,5,\n"),
        ("compact-date", header + "20261102,5,\n"),
        ("date-year-1", header + "0001-01-01,5,\n0001-01-08,6,\n"),
        ("date-year-9999", header + "9999-12-24,5,\n9999-12-31,6,\n"),
        ("date-31-nov", header + "2026-11-31,5,\n"),
        ("lone-cr", header + "2026-11-02,5,a\rb\n2026-11-09,6,\n"),
        ("cr-line-ends", header.replace("\n", "\r") + "2026-11-02,5,\r2026-11-09,6,\r"),
        ("form-feed-note", header + "2026-11-02,5,a\fb\n2026-11-09,6,\n"),
        ("line-sep-note", header + "2026-11-02,5,a\u2028b\n2026-11-09,6,\n"),
        ("file-sep-note", header + "2026-11-02,5,a\x1cb\n2026-11-09,6,\n"),
        ("unterminated-quote", header + '2026-11-02,5,"never closed\n2026-11-09,6,\n'),
        ("quote-in-middle", header + '2026-11-02,5,a"b\n'),
        ("multiline-note", header + '2026-11-02,5,"two\nlines"\n2026-11-09,6,\n'),
        ("too-many-fields", header + "2026-11-02,5,a,b,c\n"),
        ("bom-middle", header + "\ufeff2026-11-02,5,\n"),
        ("nul", header + "2026-11-02,5,a\x00b\n"),
        ("huge-note", header + "2026-11-02,5," + "n" * 140_000 + "\n"),
        (
            "many-rows",
            header
            + "".join(
                f"2026-{1 + i % 12:02d}-{1 + i % 28:02d},{i},\n" for i in range(2000 * scale)
            ),
        ),
        ("blank-lines", header + "\n\n2026-11-02,5,\n\n"),
        ("spaces", header + " 2026-11-02 , 5 , x \n"),
    ]:
        yield Case(f"csv-{name}", "csv", text.encode(), tags=frozenset([name]))
    yield Case("csv-not-utf8", "csv", header.encode() + b"2026-11-02,5,caf\xe9\n")


def cases(scale: int = 1) -> list[Case]:
    """Every case at this scale, in a fixed order.

    Scale 1 (CI) keeps every payload in a cycle and in pdsa.yaml, every fourth payload in a
    CSV note, and every eighth structural case; from 2 on, all of them; from 10 on, the
    whole field x payload grid.
    """
    payloads = list(payload_cases(scale))
    structural = list(structural_cases(scale))
    if scale < 2:
        csv_notes = [c for c in payloads if c.target == "csv"]
        payloads = [c for c in payloads if c.target != "csv"] + csv_notes[::4]
        structural = structural[::8]
    return [*payloads, *raw_cases(scale), *structural]


def write_corpus(folder: Path, scale: int = 1) -> list[Path]:
    """Write every case to `folder/<name>.<ext>` (for use with other tools); returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    ext = {"cycle": "yaml", "project": "yaml", "csv": "csv"}
    written = []
    for case in cases(scale):
        path = folder / f"{case.name}.{ext[case.target]}"
        path.write_bytes(case.data)
        written.append(path)
    return written


if __name__ == "__main__":  # python -m tests.attack.corpus OUT_DIR [SCALE]
    import sys

    out = write_corpus(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    sys.stdout.write(f"{len(out)} files in {sys.argv[1]}\n")
