"""Calibration over time: the example's quarters against a hand count, groupings, the trend,
the reliability diagram, and the report's section in every format."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pdsa.calibration import judged_predictions, over_time, period_label
from pdsa.report import build_report
from pdsa.store import Workspace
from tests.conftest import REPO, Invoke

TODAY = dt.date(2026, 11, 21)

# Read off the example's cycle files by hand: per quarter of the study date, each judged
# prediction's (confidence, met). Every one of them has a confidence.
HAND_COUNT: dict[str, list[tuple[float, bool]]] = {
    "2025 Q4": [
        (0.6, False), (0.8, True),  # lanyard, one nurse (16 Oct 2025)
        (0.5, False), (0.6, False), (0.8, True),  # lanyards, whole day shift (5 Nov)
        (0.9, True), (0.5, False),  # printed EHR summary (3 Dec)
        (0.7, False), (0.8, True),  # EHR summary with pending labs (22 Dec)
    ],
    "2026 Q1": [
        (0.7, False), (0.6, True),  # SBAR card, one nurse (21 Jan 2026)
        (0.7, True), (0.8, False), (0.9, True),  # two nurses (11 Feb)
        (0.6, True), (0.5, False), (0.8, True),  # whole day shift (18 Mar)
    ],
    "2026 Q2": [(0.7, True), (0.6, False), (0.7, False), (0.4, True)],  # all shifts (20 May)
    "2026 Q3": [
        (0.3, False), (0.8, True),  # bedside, one pair (19 Aug)
        (0.7, True), (0.6, False), (0.7, True), (0.8, True),  # two pairs (23 Sep)
    ],
    "2026 Q4": [
        (0.4, False), (0.7, False), (0.8, True), (0.6, True),  # new EHR summary (22 Oct)
        (0.5, False), (0.7, True),  # bedside, whole day shift: 2 of 4 recorded (18 Nov)
    ],
}  # fmt: skip


def test_the_example_quarters_match_the_hand_count() -> None:
    cal = build_report(Workspace(REPO), today=TODAY).calibration_over_time
    assert cal is not None and cal.period == "quarter"
    assert [label for label, _ in cal.by_period] == list(HAND_COUNT)
    for label, score in cal.by_period:
        hand = HAND_COUNT[label]
        assert score.judged == score.scored == len(hand)
        assert score.met == sum(met for _, met in hand)
        brier = sum((c - (1.0 if met else 0.0)) ** 2 for c, met in hand) / len(hand)
        assert score.brier == pytest.approx(brier), label
    # 1.84/9, 1.84/8, 1.30/4, 0.71/6, 1.19/6 worked out on paper too
    assert [round(s.brier or 0, 4) for _, s in cal.by_period] == [
        0.2044, 0.23, 0.325, 0.1183, 0.1983,
    ]  # fmt: skip
    assert (cal.overall.judged, cal.overall.met) == (33, 18)
    assert cal.trend is not None and cal.trend.direction == "same"  # 0.204 -> 0.198


def test_the_overall_score_agrees_with_the_reports_calibration() -> None:
    report = build_report(Workspace(REPO), today=TODAY)
    cal = report.calibration_over_time
    assert cal is not None
    assert cal.overall.brier == pytest.approx(report.calibration.brier)
    assert [(b.low, b.count) for b in cal.bins] == [
        (b.low, b.count) for b in report.calibration.bands
    ]


def test_per_owner_and_per_change_idea() -> None:
    cal = over_time(Workspace(REPO).cycles().cycles)
    assert {k: (s.judged, s.met) for k, s in cal.by_owner.items()} == {
        "Dana": (17, 9),
        "Tom": (8, 4),
        "Priya": (8, 5),
    }
    assert {k: (s.judged, s.met) for k, s in cal.by_idea.items()} == {
        "do-not-disturb-lanyard": (5, 2),
        "ehr-summary": (8, 4),
        "sbar-card": (12, 7),
        "bedside-handoff": (8, 5),
    }


@pytest.mark.parametrize(
    ("period", "labels"),
    [
        ("year", ["2025", "2026"]),
        ("half", ["2025 H2", "2026 H1", "2026 H2"]),
        ("month", ["2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03"]),
    ],
)
def test_any_period(period: str, labels: list[str]) -> None:
    cal = over_time(Workspace(REPO).cycles().cycles, period)  # type: ignore[arg-type]
    assert [label for label, _ in cal.by_period][: len(labels)] == labels


def test_period_labels_sort_in_time_order() -> None:
    days = [dt.date(2025, 12, 31), dt.date(2026, 1, 1), dt.date(2026, 10, 1)]
    assert [period_label(d, "quarter") for d in days] == ["2025 Q4", "2026 Q1", "2026 Q4"]
    with pytest.raises(ValueError, match="period must be one of"):
        over_time([], "fortnight")  # type: ignore[arg-type]


def test_only_studied_cycles_with_a_verdict_count() -> None:
    items = judged_predictions(Workspace(REPO).cycles().cycles)
    assert len(items) == 33
    assert all(j.cycle.status.value in ("study", "act", "done") for j in items)


def test_the_trend_says_which_way_with_enough_predictions() -> None:
    from pdsa.calibration import Score, trend

    def s(brier: float, n: int = 5) -> Score:
        return Score(n, 0, n, brier, None, None)

    assert trend([("2026 Q1", s(0.3)), ("2026 Q2", s(0.1))]).direction == "better"  # type: ignore[union-attr]
    assert trend([("2026 Q1", s(0.1)), ("2026 Q2", s(0.3))]).direction == "worse"  # type: ignore[union-attr]
    assert trend([("2026 Q1", s(0.1)), ("2026 Q2", s(0.3, 2))]) is None  # too few in Q2


def test_the_reliability_diagram_is_the_same_bytes_every_time() -> None:
    from pdsa.render.calibration import calibration_svg

    cal = over_time(Workspace(REPO).cycles().cycles)
    first, second = calibration_svg(cal), calibration_svg(cal)
    assert first == second and first.startswith(b"<?xml")
    assert b"<dc:date>" not in first  # no date: the same data gives the same file


def test_the_section_in_every_format(
    run: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    terminal = run("report", "--date", "2026-11-21").stdout
    section = terminal[terminal.index("Calibration over time") : terminal.index("Ramps ─")]
    assert "2026 Q3       6    4       67%                6  0.118" in section
    assert "Priya" in section and "SBAR handoff card" in section
    run("report", "-f", "markdown", "-o", str(tmp_path / "r.md"), "--date", "2026-11-21")
    text = (tmp_path / "r.md").read_text()
    assert "## Calibration over time" in text
    assert "(r-charts/calibration.svg)" in text
    assert (tmp_path / "r-charts" / "calibration.svg").is_file()
    assert "| 2025 Q4 | 9 | 4 | 44% | 9 | 0.204 |" in text
    run("report", "-f", "html", "-o", str(tmp_path / "r.html"), "--date", "2026-11-21")
    page = (tmp_path / "r.html").read_text()
    assert '<h2 id="calibration-over-time">' in page and 'id="calib-' in page


def test_a_cycle_entered_after_the_fact_is_not_counted(project: Path) -> None:
    from tests.checkfixture import A_ID, write_clean_project

    write_clean_project(project)
    assert over_time(Workspace(project).cycles().cycles).overall.judged == 2
    path = project / "cycles" / f"{A_ID}.yaml"
    text = path.read_text().replace(
        "status: done\n", "status: done\nretrospective: typed up later\n"
    )
    path.write_text(text)
    assert over_time(Workspace(project).cycles().cycles).overall.judged == 0
