"""Rows of one period combine as the measure's kind says: proportions as summed numerators
over summed denominators (never the mean of percentages), counts summed, continuous values
averaged, events never; and the chart, the study meeting and the report all use that."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from pdsa.model import Measure, Point
from pdsa.runchart.series import build, window_values
from tests.conftest import Invoke

D = dt.date


def measure(**fields: object) -> Measure:
    base: dict[str, object] = {"id": "m", "title": "M", "type": "process", "better": "higher"}
    return Measure.model_validate(base | fields)


def ratio(day: dt.date, num: float, den: float, multiply: float = 100) -> Point:
    return Point(day, num * multiply / den, "", 0, num, den)


def test_weekly_proportions_aggregate_to_monthly_exactly() -> None:
    monthly = measure(kind="proportion", period="month", multiply=100)
    weeks = [
        ratio(D(2024, 1, 1), 2, 3),
        ratio(D(2024, 1, 8), 90, 100),
        ratio(D(2024, 2, 5), 15, 20),
        ratio(D(2024, 2, 12), 16, 20),
        ratio(D(2024, 2, 19), 17, 20),
        ratio(D(2024, 3, 4), 10, 10),
    ]
    series = build(monthly, weeks)
    assert series.dates == [D(2024, 1, 1), D(2024, 2, 1), D(2024, 3, 1)]
    assert series.values == [92 * 100 / 103, 48 * 100 / 60, 100.0]
    assert series.values[0] != pytest.approx((200 / 3 + 90) / 2)  # not the mean of percents
    assert series.numerators == [92, 48, 10] and series.denominators == [103, 60, 10]
    assert series.rows == [2, 3, 1]
    # The run chart's median is the median of the monthly proportions.
    assert series.phases[0].centre == 92 * 100 / 103
    assert series.data_notes() == ["2 months with several rows: numerators and denominators summed"]


def test_each_kind_has_its_rule() -> None:
    rows = [Point(D(2024, 1, 1), 2), Point(D(2024, 1, 3), 5), Point(D(2024, 1, 10), 4)]
    assert build(measure(kind="count", period="week"), rows).values == [7.0, 4.0]
    assert build(measure(period="week"), rows).values == [3.5, 4.0]  # continuous: the mean
    events = build(measure(kind="time-between-events"), rows)
    assert events.values == [2.0, 5.0, 4.0] and events.data_notes() == []
    # Without a period, same-date rows are one point: the mean, and the chart says so.
    same_day = build(measure(), [Point(D(2024, 1, 1), 2), Point(D(2024, 1, 1), 4)])
    assert same_day.values == [3.0]
    assert same_day.data_notes() == ["1 date with several rows: averaged (their mean)"]


def test_gaps_are_the_missing_periods_between_points() -> None:
    monthly = measure(period="month")
    points = [Point(D(2023, 1, 1), 1), Point(D(2023, 2, 9), 2), Point(D(2024, 7, 1), 3)]
    series = build(monthly, points)
    assert series.gaps == frozenset({2})
    (note,) = series.data_notes()
    assert note == "Missing months (16, the line is broken there): 2023-03 to 2024-06 (16)"
    assert build(measure(), points).gaps == frozenset()  # no period: dates may be any day


def test_an_exclusion_inside_a_period_excludes_its_point() -> None:
    weekly = measure(period="week", exclude=[{"date": "2024-01-10", "reason": "outage"}])
    series = build(weekly, [Point(D(2024, 1, 8), 1), Point(D(2024, 1, 15), 2)])
    assert series.excluded == frozenset({1})
    assert window_values(weekly, [Point(D(2024, 1, 9), 1)], D(2024, 1, 1), D(2024, 2, 1)) == []


SBAR = """\
  - id: sbar
    title: Handoffs following SBAR
    unit: '%'
    type: process
    better: higher
    kind: proportion
    period: week
    multiply: 100
"""
CYCLE = "2026-11-02-sbar-audit"


def test_study_suggestion_and_report_use_the_proportion(project: Path, run: Invoke) -> None:
    path = project / "pdsa.yaml"
    path.write_text(path.read_text().replace("drivers:\n", SBAR + "drivers:\n", 1))
    assert run("new", "SBAR audit", "-c", "sbar-card", "--date", "2026-11-02").exit_code == 0
    predict = ["predict", CYCLE, "SBAR above 80%", "-m", "sbar", "--above", "80", "--id", "use"]
    assert run(*predict).exit_code == 0
    assert run("start", CYCLE, "--date", "2026-11-02").exit_code == 0
    # Two audits in the first week (2/3 and 90/100: 92/103 = 89.3%), one in the second (80%).
    for day, num, den in (("2026-11-02", 2, 3), ("2026-11-04", 90, 100), ("2026-11-09", 8, 10)):
        args = ["record", "sbar", "--numerator", num, "--denominator", den, "--date", day]
        assert run(*map(str, args)).exit_code == 0
    weekly = json.loads(run("chart", "sbar", "--json", "--date", "2026-11-21").stdout)
    assert [p["value"] for p in weekly["points"]] == [9200 / 103, 80.0]
    studied = run(
        "study",
        CYCLE,
        "--date",
        "2026-11-21",
        "--finished",
        "2026-11-13",
        "--yes",
        "--learning",
        "Audits work",
        "--decision",
        "adopt",
        "--rationale",
        "Kept up",
    )
    assert studied.exit_code == 0, studied.stderr
    cycle = yaml.safe_load((project / "cycles" / f"{CYCLE}.yaml").read_text())
    (result,) = cycle["study"]["results"]
    # The median of the weekly proportions: (89.32 + 80) / 2; the rows' own would give 80.
    assert result["actual"] == pytest.approx((9200 / 103 + 80) / 2, abs=0.01)
    assert result["met"] is True
    report = json.loads(run("report", "--json", "--date", "2026-11-21").stdout)
    (sbar,) = [m for m in report["measures"] if m["id"] == "sbar"]
    assert sbar["latest"] == {"date": "2026-11-09", "value": 80.0}
    assert sbar["phases"][0]["median"] == pytest.approx((9200 / 103 + 80) / 2)
    (row,) = report["predictions"]["sbar-card"]
    assert row["actual"] == result["actual"] and row["met"] is True
