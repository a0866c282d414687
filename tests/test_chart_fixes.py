"""Charts say and draw what the chart actually drawn shows: gaps, the CSV's columns, excluded
points, limits that cannot be computed, MDC's sides, baselines and --beyond."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import Invoke

SVG = "{http://www.w3.org/2000/svg}"


def measure(project: Path, spec: dict[str, Any], header: str, rows: list[str]) -> None:
    """Replace the project's measures with one, and write its data."""
    config = yaml.safe_load((project / "pdsa.yaml").read_text(encoding="utf-8"))
    config["measures"] = [{"title": "M", "type": "outcome", "better": "lower", **spec}]
    (project / "pdsa.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    (project / "measures" / f"{spec['id']}.csv").write_text(
        header + "\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )


def months(first_year: int, count: int, skip: frozenset[int] = frozenset()) -> list[str]:
    out = []
    for k in range(count):
        if k in skip:
            continue
        year, month = first_year + k // 12, k % 12 + 1
        out.append(f"{year}-{month:02d}")
    return out


def path_moves(svg: str, gid: str) -> int:
    """How many separate strokes (M commands) the path with this id draws."""
    root = ET.fromstring(svg)
    group = root.find(f".//*[@id='{gid}']")
    assert group is not None, gid
    d = " ".join(p.get("d", "") for p in group.iter(f"{SVG}path"))
    return len(re.findall(r"M ", d))


# --- 1. gaps break the line on control charts -------------------------------------------------


def test_control_chart_breaks_its_line_at_a_missing_period(project: Path, run: Invoke) -> None:
    rows = [
        f"{m},{5 + k % 3},{800 + k}" for k, m in enumerate(months(2025, 14, skip=frozenset({5})))
    ]
    spec = {"id": "falls", "kind": "rate", "multiply": 1000, "period": "month", "chart": "u"}
    measure(project, spec, "date,numerator,denominator,note", rows)
    result = run("chart", "falls", "--out", "x.svg")
    assert result.exit_code == 0, result.stderr
    svg = (project / "x.svg").read_text(encoding="utf-8")
    assert path_moves(svg, "points-line") == 2


def test_control_chart_without_gaps_is_one_line(project: Path, run: Invoke) -> None:
    rows = [f"{m},{5 + k % 3},{800 + k}" for k, m in enumerate(months(2025, 14))]
    spec = {"id": "falls", "kind": "rate", "multiply": 1000, "period": "month", "chart": "u"}
    measure(project, spec, "date,numerator,denominator,note", rows)
    assert run("chart", "falls", "--out", "x.svg").exit_code == 0
    assert path_moves((project / "x.svg").read_text(encoding="utf-8"), "points-line") == 1


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def load(result: Any) -> dict[str, Any]:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def weeks(count: int) -> list[str]:
    import datetime as dt

    first = dt.date(2025, 9, 1)
    return [(first + dt.timedelta(weeks=k)).isoformat() for k in range(count)]


# --- 2. the CSV follows the chart drawn ------------------------------------------------------


def test_csv_of_a_control_chart_has_its_lines_and_signals(project: Path, run: Invoke) -> None:
    rows = [f"{d},{2 + k % 4},20" for k, d in enumerate(weeks(24))]
    rows[-1] = f"{weeks(24)[-1]},19,20"  # far above the p chart's upper limit
    spec = {"id": "sbar", "kind": "proportion", "multiply": 100, "chart": "p", "better": "higher"}
    measure(project, spec, "date,numerator,denominator,note", rows)
    listed = rows_of(run("chart", "sbar", "--chart", "p", "--format", "csv").stdout)
    control = load(run("chart", "sbar", "--json"))["control"]["points"]
    assert {"cl", "lcl", "ucl", "sigma.signal", "point.signal"} <= set(listed[0])
    for row, cl, lcl, ucl in zip(
        listed, control["cl"], control["lcl"], control["ucl"], strict=True
    ):
        assert float(row["cl"]) == round(cl, 10) or abs(float(row["cl"]) - cl) < 1e-9
        assert abs(float(row["lcl"]) - lcl) < 1e-9 and abs(float(row["ucl"]) - ucl) < 1e-9
    assert listed[-1]["point.signal"] == "improvement"
    assert listed[-1]["sigma.signal"] == "TRUE"
    assert [r["point.signal"] for r in listed[:-1]] == [""] * 23


def test_csv_honours_chart_flag(project: Path, run: Invoke) -> None:
    spec = {"id": "m", "period": "week"}
    measure(project, spec, "date,value", [f"{d},{10 + k % 3}" for k, d in enumerate(weeks(20))])
    run_chart = rows_of(run("chart", "m", "--format", "csv").stdout)
    xmr = rows_of(run("chart", "m", "--chart", "i", "--format", "csv").stdout)
    assert "ucl" not in run_chart[0] and xmr[0]["ucl"] != ""


# --- 3. excluded points are never signals ------------------------------------------------------


def excluded_outlier(project: Path) -> None:
    values = [10 + (k % 3) for k in range(20)]
    values[12] = 40  # far beyond the limits, but excluded
    days = weeks(20)
    spec = {
        "id": "m",
        "period": "week",
        "chart": "i",
        "exclude": [{"date": days[12], "reason": "outbreak"}],
    }
    measure(project, spec, "date,value", [f"{d},{v}" for d, v in zip(days, values, strict=True)])


def test_excluded_point_is_not_a_signal_anywhere(project: Path, run: Invoke) -> None:
    excluded_outlier(project)
    said = run("chart", "m")
    assert said.exit_code == 0, said.stderr
    assert "beyond the limits" not in said.stdout
    assert "common cause variation only" in said.stdout
    control = load(run("chart", "m", "--json"))["control"]["points"]
    assert control["sigma_signal"][12] is True  # qicharts2's own column, as R computes it
    assert control["include"][12] is False
    assert control["signal"][12] is None
    listed = rows_of(run("chart", "m", "--format", "csv").stdout)
    assert listed[12]["point.signal"] == "" and listed[12]["sigma.signal"] == "FALSE"
    report = load(run("report", "--json"))["measures"][0]
    assert report["signal"] is False
    assert report["variation"] == "common cause"
    assert run("chart", "m", "--out", "x.svg").exit_code == 0
    svg = (project / "x.svg").read_text(encoding="utf-8")
    assert 'id="points-concern"' not in svg and 'id="points-improvement"' not in svg
    assert 'id="excluded"' in svg


# --- 4. a chart without limits says so -------------------------------------------------------


def one_value_a_week(project: Path) -> None:
    spec = {"id": "wait-days", "period": "week", "chart": "xbar"}
    rows = [f"{d},{5 + (k * 7) % 5}" for k, d in enumerate(weeks(24))]
    measure(project, spec, "date,value", rows)


def test_xbar_chart_without_limits_gives_no_verdict(project: Path, run: Invoke) -> None:
    one_value_a_week(project)
    said = run("chart", "wait-days", "--chart", "xbar")
    assert said.exit_code == 0, said.stderr
    assert "common cause" not in said.stdout
    assert "no limits" in said.stdout and "one value" in said.stdout
    report = load(run("report", "--json"))["measures"][0]
    assert report["variation"] == "no limits"
    assert report["signal"] is False
    assert "no limits" in report["verdict"]


def test_check_flags_xbar_chart_with_one_value_per_period(project: Path, run: Invoke) -> None:
    one_value_a_week(project)
    result = run("check")
    assert "PD604" in result.stdout
    assert "one value" in result.stdout


# --- 5. a neutral special cause is named by its side ---------------------------------------------


def neutral_below(project: Path) -> None:
    values = [10.0] * 7 + [0.0] * 7  # seven above the mean, then seven below
    spec = {"id": "m", "better": "neutral", "chart": "i", "rules": "mdc"}
    measure(
        project, spec, "date,value", [f"{d},{v}" for d, v in zip(weeks(14), values, strict=True)]
    )


def test_mdc_neutral_point_below_the_mean_is_called_low(project: Path, run: Invoke) -> None:
    neutral_below(project)
    said = run("chart", "m")
    assert said.exit_code == 0, said.stderr
    assert "special cause, low" in said.stdout and "high" not in said.stdout
    chart = load(run("chart", "m", "--json"))["control"]["mdc"]
    # NHSRplotthedots' own field, as the package computes it (R's ifelse takes -1 as true).
    assert chart["icons"]["variation_point_type"] == "special_cause_neutral_high"
    assert load(run("report", "--json"))["measures"][0]["variation"] == "special cause (low)"


def test_mdc_neutral_icon_letter_says_low(project: Path) -> None:
    from pdsa.measures import measure_points
    from pdsa.render.chart import figure
    from pdsa.runchart import series
    from pdsa.runchart.control_view import control_view
    from pdsa.store import Workspace

    neutral_below(project)
    ws = Workspace(project)
    found = ws.project().measures[0]
    raw = measure_points(ws, found.id)
    data = series.build(found, raw)
    fig = figure(data, [], control=control_view(data, raw))
    texts = {t.get_gid(): t.get_text() for ax in fig.axes for t in ax.texts}
    texts |= {t.get_gid(): t.get_text() for t in fig.texts}
    assert texts["variation-letter"] == "L"
    assert texts["icon-variation-word"] == "neutral, low"


# --- 6. an MDC baseline too short to use is said to be unused ---------------------------------


def test_short_mdc_baseline_is_not_silently_ignored(project: Path, run: Invoke) -> None:
    values = [10 + (k * 7) % 5 for k in range(24)]
    spec = {"id": "m", "chart": "i", "rules": "mdc", "baseline": {"points": 5}}
    measure(
        project, spec, "date,value", [f"{d},{v}" for d, v in zip(weeks(24), values, strict=True)]
    )
    result = run("chart", "m")
    assert result.exit_code == 0
    assert "warning: m: baseline not used" in result.stderr
    assert "12 or more points" in result.stderr
    assert "PD605" in run("check").stdout
    assert "baseline not used" in run("report", "--json").stderr


def test_long_enough_mdc_baseline_fixes_the_limits(project: Path, run: Invoke) -> None:
    values = [10 + (k * 7) % 5 for k in range(12)] + [20 + (k * 3) % 4 for k in range(12)]
    spec = {"id": "m", "chart": "i", "rules": "mdc", "baseline": {"points": 12}}
    measure(
        project, spec, "date,value", [f"{d},{v}" for d, v in zip(weeks(24), values, strict=True)]
    )
    result = run("chart", "m", "--json")
    assert "baseline not used" not in result.stderr
    mean = load(result)["control"]["mdc"]["points"]["mean"]
    assert mean[0] == mean[-1] == sum(values[:12]) / 12


# --- 11. a broken measure does not change how the others are read ----------------------------


def test_a_broken_measure_leaves_the_others_readable(project: Path, run: Invoke) -> None:
    config = yaml.safe_load((project / "pdsa.yaml").read_text(encoding="utf-8"))
    config["measures"] = [
        {
            "id": "a",
            "title": "A",
            "type": "outcome",
            "better": "lower",
            "rules": "mdc",
            "chart": "run",
        },
        {"id": "q", "title": "Q", "type": "outcome", "better": "lower", "period": "quarter"},
    ]
    (project / "pdsa.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    (project / "measures" / "q.csv").write_text("date,value\n2025-Q3,4\n2025-Q4,5\n")
    (project / "measures" / "a.csv").write_text("date,value\n2025-10-01,4\n")
    result = run("check")
    assert "rules: mdc needs an XmR chart" in result.stdout
    assert "measures/q.csv" not in result.stdout
    assert "PD601" not in result.stdout and "PD602" not in result.stdout


# --- 22. --beyond is judged against the limits drawn -----------------------------------------


def test_beyond_on_an_mdc_measure_uses_the_mdc_limits(project: Path, run: Invoke) -> None:
    days = weeks(22)
    # A frozen baseline of 20 points alternating 10 and 12: mean 11, mean moving range 2, so
    # MDC's upper process limit is 11 + 2.66 x 2 = 16.32 and qicharts2's 11 + 3 x 2 / 1.128 =
    # 16.319. The last point, 16.3195, lies between them: within the limit MDC draws.
    values = [10 + 2 * (k % 2) for k in range(20)] + [11, 16.3195]
    spec = {"id": "m", "chart": "i", "rules": "mdc", "baseline": {"points": 20}}
    measure(project, spec, "date,value", [f"{d},{v}" for d, v in zip(days, values, strict=True)])
    control = load(run("chart", "m", "--json"))["control"]
    assert control["points"]["ucl"][-1] < 16.3195 <= control["mdc"]["points"]["upl"][-1]
    created = run("new", "Beyond", "--date", days[19], "-c", "sbar-card")
    assert created.exit_code == 0, created.stderr
    cycle_id = Path(created.stdout.strip()).stem
    said = run(
        "predict", cycle_id, "A point above the limit", "--measure", "m", "--beyond", "upper"
    )
    assert said.exit_code == 0, said.stderr
    assert run("start", cycle_id, "--date", days[20]).exit_code == 0
    done = run(
        "study", cycle_id, "--yes", "--finished", days[21], "--date", days[21],
        "--learning", "Held", "--decision", "adopt", "--rationale", "Held",
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    cycle = yaml.safe_load((project / "cycles" / f"{cycle_id}.yaml").read_text(encoding="utf-8"))
    (result,) = cycle["study"]["results"]
    assert result["actual"] == 0 and result["met"] is False


# --- 18. the Markdown report's alt text names the chart drawn -----------------------------------


def test_markdown_alt_text_names_the_chart_drawn(
    tmp_path: Path, run: Invoke, monkeypatch: Any
) -> None:
    import shutil

    from tests.conftest import REPO

    for part in ("pdsa.yaml", "cycles", "measures"):
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, tmp_path / part)
        else:
            shutil.copy(source, tmp_path / part)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "review.md"
    result = run("report", "-f", "markdown", "-o", str(out), "--date", "2026-11-21")
    assert result.exit_code == 0, result.stderr
    alts = re.findall(r"!\[([^\]]*)\]\(review-charts/([\w-]+)\.svg\)", out.read_text())
    assert {name: alt for alt, name in alts} == {
        "handoff-minutes": "Median handoff time: run chart",
        "sbar-use": "Handoffs that follow SBAR: p chart",
        "late-meds": "Late medication doses: Making Data Count XmR chart",
        "falls": "Patient falls per 1,000 bed-days: u chart",
        "calibration": "Reliability diagram and Brier score by quarter",
    }
