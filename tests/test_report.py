"""`pdsa report` and `pdsa tree`: the numbers, the formats, escaping, and a real browser."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from pdsa.report import build_report, calibrate, idea_status, prediction_rows
from pdsa.store import Workspace
from tests.checkfixture import A_ID, write_clean_project
from tests.conftest import REPO, Invoke
from tests.test_cli_cycles import golden

TODAY = dt.date(2026, 11, 21)


@pytest.fixture
def clean(project: Path) -> Path:
    write_clean_project(project)
    return project


def test_numbers_of_the_example_project() -> None:
    report = build_report(Workspace(REPO), today=TODAY)
    assert len(report.cycles) == 16
    assert report.by_status == {"plan": 2, "do": 2, "study": 1, "act": 1, "done": 10}
    assert report.by_decision == {"adapt": 8, "abandon": 1, "adopt": 1}
    overall = report.hit_rates[""]
    assert (overall.made, overall.judged, overall.met) == (43, 33, 18)
    assert report.idea_status == {
        "do-not-disturb-lanyard": "abandoned",
        "ehr-summary": "testing",
        "sbar-card": "adopted",
        "bedside-handoff": "testing",
        "phone-cover": "testing",
    }
    sbar = report.ramps["sbar-card"][0]
    assert [c.id[11:] for c in sbar.cycles][-1] == "sbar-card-all-shifts-four-weeks"
    kinds = [(a.kind, a.cycle.id) for a in report.attention]
    assert ("overdue", "2026-10-12-ward-clerk-holds-phones-handoff") in kinds
    handoff = report.measures[0]
    assert handoff.goal_met is False and handoff.series.signal()
    assert "12-point run below the median (better)" in handoff.verdict


def test_calibration_by_hand(clean: Path) -> None:
    cycles = Workspace(clean).cycles().cycles
    rows = prediction_rows(cycles)
    # Cycle A: 'shorter' 0.7 met, 'safe' 0.9 met -> Brier ((0.3)^2 + (0.1)^2) / 2 = 0.05
    cal = calibrate(rows)
    assert cal.judged == 2 and cal.brier == pytest.approx(0.05)
    assert [(b.low, b.count, b.observed) for b in cal.bands] == [(0.7, 1, 1.0), (0.9, 1, 1.0)]


def test_idea_status_follows_the_decisions(clean: Path) -> None:
    from pdsa.tree import ramps

    cycles = Workspace(clean).cycles().cycles
    assert idea_status(ramps(cycles)) == "testing"  # B is still in plan
    assert idea_status([]) == "not started"


def test_filters(run: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    data = json.loads(
        run(
            "report",
            "--json",
            "--change-idea",
            "sbar-card",
            "--measure",
            "late-meds",
            "--date",
            "2026-11-21",
        ).stdout
    )
    assert [m["id"] for m in data["measures"]] == ["late-meds"]
    assert list(data["predictions"]) == ["sbar-card"]
    since = json.loads(
        run("report", "--json", "--since", "2026-09-01", "--date", "2026-11-21").stdout
    )
    assert since["cycles"]["total"] < 16 and since["measures"][0]["points"] == 11


def test_json_golden(clean: Path, run: Invoke) -> None:
    result = run("report", "--json", "--date", "2026-11-21")
    assert result.exit_code == 0
    golden("report.json", result.stdout)


def test_terminal_report(clean: Path, run: Invoke) -> None:
    result = run("report", "--date", "2026-11-21")
    assert result.exit_code == 0
    for text in (
        "Ward 4 handoffs",
        "Predictions against actuals",
        "2 of 2 judged met (100%)",
        "Brier score 0.050",
        "SBAR card [testing]",
    ):
        assert text in result.stdout


def hostile(root: Path) -> None:
    """Script tags in every kind of user text."""
    path = root / "cycles" / f"{A_ID}.yaml"
    text = path.read_text().replace(
        "title: SBAR card on day shift", "title: <script>alert(1)</script>"
    )
    path.write_text(
        text.replace("actual: None missed in 40 handoffs", 'actual: "<img src=x onerror=alert(2)>"')
    )
    project = root / "pdsa.yaml"
    project.write_text(
        project.read_text().replace("name: Ward 4 handoffs", "name: Ward 4 </title><b>bold</b>")
    )


def test_html_escapes_all_user_text_and_is_self_contained(clean: Path, run: Invoke) -> None:
    hostile(clean)
    out = clean / "report" / "index.html"
    result = run("report", "--format", "html", "--out", str(out), "--date", "2026-11-21")
    assert result.exit_code == 0, result.output
    page = out.read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page and "<img" not in page and "<b>bold" not in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "<link" not in page and "@import" not in page
    assert page.count("<svg") == 3  # one chart per measure and the calibration figure, inline
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))  # charts' ids do not collide


def test_html_requires_out(clean: Path, run: Invoke) -> None:
    result = run("report", "--format", "html")
    assert result.exit_code == 2 and "give --out PATH" in result.stderr


def test_markdown_with_charts_beside_it_and_mermaid(clean: Path, run: Invoke) -> None:
    hostile(clean)
    out = clean / "docs" / "review.md"
    assert run("report", "-f", "markdown", "-o", str(out), "--date", "2026-11-21").exit_code == 0
    text = out.read_text()
    assert "![Handoff duration: run chart](review-charts/handoff-minutes.svg)" in text
    assert (out.parent / "review-charts" / "handoff-minutes.svg").read_text().startswith("<?xml")
    assert "```mermaid\nflowchart LR" in text
    assert "| Cycle | Prediction |" in text


def test_tree_formats(run: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    text = run("tree").stdout
    assert "◆ SBAR handoff card [adopted]" in text
    assert "(abandon)" in text
    mermaid = run("tree", "--format", "mermaid").stdout
    assert mermaid.startswith("flowchart LR\n") and "-.->" in mermaid
    data = json.loads(run("tree", "--format", "json").stdout)
    assert data["drivers"][0]["secondary"][0]["change_ideas"][0]["id"] == "sbar-card"


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.slow
@pytest.mark.skipif(
    CHROMIUM is None,
    reason="no chromium: install Debian's chromium package "
    "(.ci/run does) to load the HTML report in a real browser",
)
def test_html_loads_in_a_browser_without_errors_or_requests(
    tmp_path: Path, run: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    monkeypatch.chdir(REPO)
    out = tmp_path / "report.html"
    assert run("report", "-f", "html", "-o", str(out), "--date", "2026-11-21").exit_code == 0
    problems: list[str] = []
    requests: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: problems.append(str(exc)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(out.as_uri())
        assert page.title().startswith("Ward 4 shift handoffs")
        assert page.locator("figure svg").count() == 5  # one chart per measure, calibration
        assert page.locator("h2", has_text="Predictions against actuals").count() == 1
        page.emulate_media(media="print")
        pdf = page.pdf(format="A4")
        browser.close()
    assert problems == []
    assert requests == [out.as_uri()]
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_since_keeps_the_whole_series_baseline(
    run: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    data = json.loads(
        run(
            "report",
            "--json",
            "--since",
            "2026-03-01",
            "--measure",
            "handoff-minutes",
            "--date",
            "2026-11-21",
        ).stdout
    )
    (measure,) = data["measures"]
    # The 12-point run below the frozen baseline median (11.5) is still seen after the cut.
    assert "12-point run below the median" in measure["verdict"]
    assert [p["median"] for p in measure["phases"]] == [11.5, 8.65]


def test_pending_is_not_not_judged(run: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    data = json.loads(
        run("report", "--json", "--change-idea", "bedside-handoff", "--date", "2026-11-21").stdout
    )
    rows = data["predictions"]["bedside-handoff"]
    assert [r["recorded"] for r in rows if r["met"] is None] == [False, False]
    text = run("report", "--change-idea", "bedside-handoff", "--date", "2026-11-21").stdout
    assert "pending" in text
