"""The HTML report in a real browser (Debian's Chromium through Playwright): a laptop at
1280 px and a phone at 390 px, light and dark mode. No sideways scrolling, no serious or
critical accessibility violation (axe-core, run in the page), every chart described."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="no chromium: install Debian's chromium package (.ci/run does)",
    ),
]
RESPONSIVE_ONLY = [(390, "light"), (1280, "dark")]  # layout checked, axe not run again
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def axe_source() -> str:
    axe = pytest.importorskip("axe_playwright_python", reason="pip install axe-playwright-python")
    return (Path(axe.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def report_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from pdsa.cli import app
    from tests.conftest import CLI_ENV

    out = tmp_path_factory.mktemp("report") / "report.html"
    env = {**CLI_ENV, "PDSA_ROOT": str(REPO)}
    args = ["report", "-f", "html", "-o", str(out), "--date", "2026-11-21"]
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def browser() -> Any:
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_sideways_scrolling_and_no_serious_violation(
    report_page: Path, browser: Any, width: int, scheme: str
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page.goto(report_page.as_uri())
    scroll, client = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    wide = page.evaluate(
        "() => [...document.querySelectorAll('body *')]"
        ".filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)"
        ".map(e => e.tagName + '.' + e.className).slice(0, 5)"
    )
    assert scroll <= client, f"{scroll} px wide at {width} px: {wide}"
    # The charts scale with the page: none is wider than its column.
    widths = page.evaluate(
        "() => [...document.querySelectorAll('figure svg')]"
        ".map(s => s.getBoundingClientRect().width)"
    )
    assert widths and max(widths) <= client
    # axe takes seconds on a page of four charts: a phone in dark mode and a laptop in light
    # mode between them cover every colour and every layout.
    if (width, scheme) in RESPONSIVE_ONLY:
        page.close()
        return
    page.add_script_tag(content=axe_source())
    found = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]])
        for v in found["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
    page.close()


def test_dark_mode_keeps_charts_on_a_light_card(report_page: Path, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page.goto(report_page.as_uri())
    body, card = page.evaluate(
        "() => [getComputedStyle(document.body).backgroundColor,"
        " getComputedStyle(document.querySelector('figure')).backgroundColor]"
    )
    assert body != "rgb(255, 255, 255)" and card == "rgb(255, 255, 255)"
    page.close()


def test_every_chart_says_what_it_shows(report_page: Path, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(report_page.as_uri())
    charts = page.locator("figure svg[role=img]")
    assert charts.count() == 4
    labels = [charts.nth(i).get_attribute("aria-label") or "" for i in range(charts.count())]
    handoff, sbar, late, falls = labels
    assert handoff.startswith("Run chart of Median handoff time: 64 weeks")
    assert "Latest value 8.3 minutes on 16 Nov 2026" in handoff
    assert "Median 8.65 minutes" in handoff
    # Plain words first, the rules' names after.
    assert "a run of 12 weeks below the median, an improvement" in handoff
    assert handoff.index("a run of 12 weeks") < handoff.index("Anhøj")
    assert sbar.startswith("P chart (proportion) of Handoffs that follow SBAR")
    assert "Centre line" in sbar and "limits" in sbar
    assert "Icons: variation: common cause; assurance: may meet goal." in late
    assert "u chart" in falls
    details = page.locator("figure details")
    assert details.count() == 4 and "The chart in words" in details.first.inner_text()
    page.close()
