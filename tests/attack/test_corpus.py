"""Every corpus file through every read command (and `study` with flags).

Invariants, each its own test so a known failure of one does not hide the others:

- `test_no_crash`: no traceback, never exit 70;
- `test_no_raw_control_characters`: stdout and stderr hold no raw C0 (but newline and tab),
  ESC, DEL or C1 character, whatever the files contain;
- `test_no_unescaped_markup`: the HTML report, and the Markdown report once rendered by
  markdown-it, hold no `<script>`, no `on...=` handler and no `javascript:` link.

Each case's commands run once (in-process) and are shared by the three tests. Known failures
are marked xfail per case and invariant, with the item of #13 they belong to; see `known()`.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.attack import corpus
from tests.attack.support import (
    SCALE,
    Run,
    invoke,
    parallel_map,
    problems_of,
    raw_controls,
    selected_params,
)

pytestmark = pytest.mark.slow  # the first test computes every case (about 45 s at scale 1)

TODAY = "2026-11-21"
CASES = corpus.cases(SCALE)
BY_NAME = {c.name: c for c in CASES}


def commands(case: corpus.Case, index: int, out: Path) -> list[tuple[str, ...]]:
    """The commands run on a case.

    At scale 1 (CI) every case runs list, show, the terminal report and check; the other text
    commands take turns two at a time, and so do the slower outputs (JSON, and the three that
    draw charts), except that a case carrying markup runs both reports; from scale 2 on every
    case runs everything.
    """
    hostile = corpus.HOSTILE_ID
    text = [
        ("list",),
        ("show", hostile),
        ("report", "--date", TODAY),
        ("tree",),
        ("tree", "--format", "mermaid"),
        ("agenda", "--date", TODAY),
        ("chart", "handoff-minutes", "--date", TODAY),
        ("check",),
        ("check", "--format", "github"),
    ]
    json = [
        ("list", "--json"),
        ("show", hostile, "--json"),
        ("report", "--json", "--date", TODAY),
        ("chart", "handoff-minutes", "--json", "--date", TODAY),
        ("check", "--format", "json"),
    ]
    markdown = [
        ("report", "--format", "markdown", "--out", str(out / "report.md"), "--date", TODAY)
    ]
    html = [("report", "--format", "html", "--out", str(out / "report.html"), "--date", TODAY)]
    svg = [("chart", "handoff-minutes", "--out", str(out / "chart.svg"), "--date", TODAY)]
    study = [("study", hostile, "--decision", "adapt", "--rationale", "r", "--date", TODAY)]
    if SCALE >= 2:
        return [*text, *json, *markdown, *html, *svg, *study]
    always, rest = text[:3] + text[7:8], text[3:7] + text[8:]
    some = [rest[index % len(rest)], rest[(index + 1) % len(rest)]]
    if case.payload in corpus.MARKUP_PAYLOADS:
        return [*always, *some, *markdown, *html, *study]
    turn = [json, markdown, html, svg][index % 4]
    return [*always, *some, *turn, *study]


class Outcome:
    """What one case produced: every run, and the HTML and rendered Markdown reports."""

    def __init__(self, runs: list[Run], html: str, markdown_html: str) -> None:
        self.runs, self.html, self.markdown_html = runs, html, markdown_html


def run_case(name: str) -> Outcome:
    """Write the case's project in a temporary folder and run its commands there."""
    case = BY_NAME[name]
    folder = Path(tempfile.mkdtemp(prefix="pdsa-corpus-"))
    here = Path.cwd()
    try:
        root, out = folder / "project", folder / "out"
        out.mkdir()
        case.write(root)
        os.chdir(root)
        runs = [invoke(*args) for args in commands(case, CASES.index(case), out)]
        md = _read(out / "report.md")
        return Outcome(runs, _read(out / "report.html"), render_markdown(md) if md else "")
    finally:
        os.chdir(here)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def outcomes(request: pytest.FixtureRequest) -> dict[str, Outcome]:
    """Every selected case's outcome, computed once, on every CPU (forked workers)."""
    names = selected_params(request, __name__, "name")
    return dict(zip(names, parallel_map(run_case, names), strict=True))


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""


def render_markdown(text: str) -> str:
    """Markdown as GitHub-like renderers show it (CommonMark, raw HTML allowed)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).render(text)


class _Active(HTMLParser):
    """Collects what would run in a browser: script elements, handlers, javascript: links."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "iframe", "object", "embed"):
            self.found.append(f"<{tag}>")
        for key, value in attrs:
            if key.startswith("on"):
                self.found.append(f"<{tag} {key}=...>")
            link = (value or "").strip().lower().replace("\t", "")
            if key in ("href", "src", "xlink:href", "action") and link.startswith(
                ("javascript:", "data:")
            ):
                self.found.append(f"<{tag} {key}={value!r}>")


def active_content(html: str) -> list[str]:
    parser = _Active()
    parser.feed(html)
    return parser.found


# --- which cases fail today, and why (each is an item of #13) -------------------------------


# Observed at scale 1 (the default): (case, invariant) -> the #13 item that breaks it. Strict
# at scale 1, so a fix turns its entries into XPASS failures: then delete them. At larger
# scales the marks are not strict, and failures of cases not listed here are new findings.
# Known failures at scale 1, by (case, invariant). Empty since #13 items 4, 7 and 12 were
# fixed; a new finding goes here only until its fix lands.
KNOWN: dict[tuple[str, str], str] = {}


def known(case: corpus.Case, invariant: str) -> str | None:
    """The #13 item a case is known to break an invariant by, or None."""
    return KNOWN.get((case.name, invariant))


def params(invariant: str) -> list[object]:
    marked = []
    for case in CASES:
        reason = known(case, invariant)
        marks = [pytest.mark.xfail(strict=SCALE == 1, reason=reason)] if reason else []
        marked.append(pytest.param(case.name, id=case.name, marks=marks))
    return marked


@pytest.mark.parametrize("name", params("crash"))
def test_no_crash(name: str, outcomes: dict[str, Outcome]) -> None:
    runs = outcomes[name].runs
    bad = [
        f"{' '.join(r.args[:3])}: {p}"
        for r in runs
        for p in problems_of(r)
        if not p.startswith("raw control")
    ]
    details = [str(r) for r in runs if r.code == 70][:1]
    assert not bad, "\n".join(bad + details)


@pytest.mark.parametrize("name", params("controls"))
def test_no_raw_control_characters(name: str, outcomes: dict[str, Outcome]) -> None:
    bad = [
        f"{' '.join(r.args[:3])}: {raw_controls(r.output)}"
        for r in outcomes[name].runs
        if raw_controls(r.output)
    ]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("name", params("markup"))
def test_no_unescaped_markup(name: str, outcomes: dict[str, Outcome]) -> None:
    result = outcomes[name]
    found = [f"html: {x}" for x in active_content(result.html)]
    found += [f"markdown: {x}" for x in active_content(result.markdown_html)]
    assert not found, "\n".join(found)
