"""Run-chart rendering: reproducible bytes, what the SVG holds, layout edge cases."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from itertools import pairwise
from pathlib import Path

import pytest

from pdsa.model import Measure, Point
from pdsa.render import chart, chart_lanes, chart_text
from pdsa.runchart import series as series_mod
from pdsa.runchart.marks import CycleMark, short_label
from pdsa.runchart.series import Series
from pdsa.runchart.verdict import verdict

GOLDEN = Path(__file__).parent / "golden"
SVG = "{http://www.w3.org/2000/svg}"
START = dt.date(2024, 1, 1)
# A frozen baseline of 12 points, then 8 points above it (a long run / shift), a new phase
# from point 21 that opens with a 6-point downward trend; point 5 is excluded.
VALUES = [9, 11, 10.5, 9.5, 15, 9.8, 11, 9, 10.4, 9.6, 10.1, 9.9]
VALUES += [12, 12.5, 13, 12.2, 12.8, 13.5, 12.1, 12.9]
VALUES += [14, 13, 12, 11, 10, 9, 11.5, 9.5, 12, 10, 11, 10.5]
IDEAS = {"triage-nurse": "Triage nurse at the door", "fast-track": "Fast track for minor injuries"}


def week(n: int) -> dt.date:
    return START + dt.timedelta(weeks=n)


def measure(**extra: object) -> Measure:
    data = {
        "id": "triage-minutes",
        "title": "Minutes to triage",
        "unit": "minutes",
        "type": "outcome",
        "better": "lower",
        "goal": 9,
        "baseline": {"points": 12},
        "phases": [{"start": week(20).isoformat(), "label": "Triage nurse at the door"}],
        "exclude": [{"date": week(4).isoformat(), "reason": "Fire alarm: the unit was evacuated"}],
    }
    return Measure.model_validate(data | extra)


def points(values: list[float]) -> list[Point]:
    return [Point(week(i), v) for i, v in enumerate(values)]


def mark(cycle_id: str, start: dt.date, days: int, idea: str | None, **kw: bool) -> CycleMark:
    label = short_label(cycle_id)
    flags = {"ongoing": False, "predicts_here": True} | kw
    return CycleMark(cycle_id, label, idea, "done", start, start + dt.timedelta(days=days), **flags)


@pytest.fixture
def synthetic() -> Series:
    return series_mod.build(measure(), points(VALUES))


@pytest.fixture
def marks() -> list[CycleMark]:
    return [
        mark("2024-02-05-triage-nurse-one-shift", week(5), 0, "triage-nurse", predicts_here=False),
        mark("2024-03-04-triage-nurse-all-day-shifts-two-weeks", week(9), 13, "triage-nurse"),
        mark("2024-07-15-fast-track-minors", week(28), 20, "fast-track", ongoing=True),
    ]


def svg_tree(data: bytes) -> ET.Element:
    return ET.fromstring(data)


def by_id(root: ET.Element, gid: str) -> ET.Element:
    found = root.find(f".//*[@id='{gid}']")
    assert found is not None, f"no element with id {gid!r}"
    return found


def test_fixture_has_every_feature(synthetic: Series) -> None:
    assert synthetic.excluded == {5}
    assert [p.label for p in synthetic.phases] == ["baseline", "Triage nurse at the door"]
    assert synthetic.phases[0].baseline_end == 12 < synthetic.phases[0].end
    assert len(synthetic.run_points["both"]) == 9
    assert len(synthetic.trend_points["both"]) == 6


def test_svg_is_reproducible_and_matches_golden(synthetic: Series, marks: list[CycleMark]) -> None:
    import matplotlib

    first = chart.render(synthetic, marks, fmt="svg", change_ideas=IDEAS)
    second = chart.render(synthetic, marks, fmt="svg", change_ideas=IDEAS)
    assert first == second
    assert b"<dc:date>" not in first
    # Glyph outlines depend on matplotlib's version, so the golden file is per version.
    golden = GOLDEN / f"chart-synthetic-mpl{matplotlib.__version__}.svg"
    if os.environ.get("PDSA_UPDATE_GOLDEN") or not golden.exists():
        golden.write_bytes(first)
        pytest.skip(f"no golden chart for matplotlib {matplotlib.__version__}: wrote {golden.name}")
    assert first == golden.read_bytes(), f"chart differs from {golden.name}"


def test_svg_structure(synthetic: Series, marks: list[CycleMark]) -> None:
    root = svg_tree(chart.render(synthetic, marks, fmt="svg", change_ideas=IDEAS))
    title = root.find(".//{http://purl.org/dc/elements/1.1/}title")
    assert title is not None and title.text == "Minutes to triage"
    by_id(root, "chart-title")
    by_id(root, "chart-verdict")
    # One marker per highlighted point, grouped by meaning: the 9-point run above the median
    # is a concern (lower is better), the 6-point downward trend an improvement.
    assert len(by_id(root, "signal-run-concern").findall(f".//{SVG}use")) == 9
    assert len(by_id(root, "signal-trend-improvement").findall(f".//{SVG}use")) == 6
    assert root.find(".//*[@id='signal-run-improvement']") is None
    assert len(by_id(root, "excluded").findall(f".//{SVG}use")) == 1
    assert len(by_id(root, "points").findall(f".//{SVG}use")) == len(VALUES) - 1
    for gid in ("median-1", "median-1-extended", "median-2", "goal-line", "goal-label"):
        by_id(root, gid)
    assert root.find(".//*[@id='median-2-extended']") is None  # phase 2 has no frozen baseline
    by_id(root, "phase-boundary-2")
    for m in marks:
        by_id(root, f"cycle-{m.id}")
        by_id(root, f"cycle-label-{m.id}")
    by_id(root, "ongoing-2024-07-15-fast-track-minors")
    by_id(root, "cycle-legend")


def test_verdict_names_signals_phases_and_direction(synthetic: Series) -> None:
    text = verdict(synthetic, "both")
    assert text.startswith("Signal (Anhøj + IHI) in phase 1 (baseline): 9-point run above")
    assert "(worse)" in text
    assert "in phase 2 (Triage nurse at the door): 6-point downward trend (better)" in text
    assert "trend" not in verdict(synthetic, "anhoej")
    assert "9-point shift above the median" in verdict(synthetic, "ihi")


def test_verdict_without_signal_and_phase_wide_signals() -> None:
    # Alternating every point: random by Anhøj, too many runs by IHI (no points to highlight).
    sawtooth = series_mod.build(measure(phases=[], baseline=None, exclude=[]), points([10, 11] * 8))
    assert verdict(sawtooth, "anhoej") == "No signal (Anhøj): random variation around the median"
    assert verdict(sawtooth, "both") == "Signal (Anhøj + IHI): too many runs (16 > 13)"
    assert not sawtooth.run_points["both"] and not sawtooth.trend_points["both"]
    root = svg_tree(chart.render(sawtooth, [], fmt="svg"))
    assert root.find(".//*[@id='signal-run']") is None
    assert root.find(".//*[@id='legend']") is not None


def test_png_is_png_and_reproducible(synthetic: Series, marks: list[CycleMark]) -> None:
    first = chart.render(synthetic, marks, fmt="png")
    assert first.startswith(b"\x89PNG\r\n\x1a\n")
    assert first == chart.render(synthetic, marks, fmt="png")


def test_render_knows_only_svg_and_png(synthetic: Series, marks: list[CycleMark]) -> None:
    with pytest.raises(ValueError, match="svg or png"):
        chart.render(synthetic, marks, fmt="pdf")  # type: ignore[arg-type]


def test_importing_chart_does_not_import_matplotlib() -> None:
    code = "import sys, pdsa.render.chart; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_global_rcparams_untouched(synthetic: Series, marks: list[CycleMark]) -> None:
    import matplotlib

    before = dict(matplotlib.rcParams)
    chart.render(synthetic, marks, fmt="svg")
    assert dict(matplotlib.rcParams) == before


def test_empty_series_says_no_data() -> None:
    none: dict[str, frozenset[int]] = {r: frozenset() for r in ("anhoej", "ihi", "both")}
    empty = Series(measure(), [], [], [], frozenset(), [], [], none, none)
    root = svg_tree(chart.render(empty, [], fmt="svg"))
    by_id(root, "no-data")
    assert verdict(empty, "both") == "No data yet"


@pytest.mark.parametrize(
    "values",
    [[7.0], [5.0] * 20, [0.0] * 3, [float(i % 7) for i in range(500)]],
    ids=["one-point", "all-equal", "zeros", "500-points"],
)
def test_edge_series_render(values: list[float], marks: list[CycleMark]) -> None:
    for m in (measure(), measure(phases=[], baseline=None, exclude=[], goal=None)):
        s = series_mod.build(m, points(values))
        assert chart.render(s, marks[:1], fmt="png").startswith(b"\x89PNG")
        assert chart.render(s, [], fmt="svg").lstrip().startswith(b"<?xml")


def dense_marks(n: int) -> list[CycleMark]:
    ideas = ["discharge-checklist", "pharmacy-round", "transport", None]
    return [
        mark(
            f"{week(k // 2)}-test-{k}-discharge-before-noon-ward-{k % 5}",
            week(k // 2),
            [0, 4, 13][k % 3],
            ideas[k % 4],
            predicts_here=k % 3 != 0,
            ongoing=k == n - 1,
        )
        for k in range(n)
    ]


def test_dense_cycles_pack_without_overlap(synthetic: Series) -> None:
    marks = dense_marks(34)
    width = 8.2 * 72
    xlim = (chart_text.date_num(week(-1)), chart_text.date_num(week(33)))
    placed = chart_lanes.pack(marks, xlim, width)
    assert len(placed) == 34
    per_point = (xlim[1] - xlim[0]) / width
    lanes: dict[int, list[tuple[float, float]]] = {}
    for p in placed:
        label = chart_text.text_width(p.mark.label) * per_point
        lo = p.label_x - label if p.label_left else p.x0
        hi = p.x1 if p.label_left else p.label_x + label
        lanes.setdefault(p.lane, []).append((lo, hi))
    for spans in lanes.values():
        spans.sort()
        assert all(a[1] <= b[0] for a, b in pairwise(spans))
    assert chart.render(synthetic, marks, fmt="png").startswith(b"\x89PNG")


def test_labels_near_the_right_edge_precede_their_bar() -> None:
    m = mark("2024-06-24-late-cycle-with-a-long-name", week(25), 6, None)
    xlim = (chart_text.date_num(week(0)), chart_text.date_num(week(26)))
    (placed,) = chart_lanes.pack([m], xlim, 600.0)
    assert placed.label_left and placed.label_x < placed.x0


def test_colours_follow_the_project_not_the_chart() -> None:
    marks = dense_marks(8)
    everything = chart_lanes.colours(marks, ["aaa-first", *IDEAS])
    some = chart_lanes.colours(marks[:1], ["aaa-first", *IDEAS])
    assert some["discharge-checklist"] == everything["discharge-checklist"]


def test_wrap_breaks_after_commas() -> None:
    text = "Signal (Anhøj + IHI): 12-point run below the median (better), too few crossings (1 < 2)"
    lines = chart_text.wrap(text, 300, 9)
    assert len(lines) == 2 and lines[0].endswith("(better),")
    assert len(chart_text.wrap("word " * 400, 300, 9)) == 3


def test_too_many_lanes_become_a_lane_per_change_idea(synthetic: Series) -> None:
    # 60 one-week cycles over the same fortnight would need 60 labelled lanes: no one can
    # read that in a meeting, and matplotlib would draw 60 labels. A lane per idea instead.
    crowd = [
        mark(f"2024-03-{4 + k % 20:02d}-test-{k}", week(9), 1, ("a", "b", "c")[k % 3])
        for k in range(60)
    ]
    strip = chart_lanes.Strip.plan(crowd, (week(0).toordinal(), week(40).toordinal()), 9, 1, {})
    assert strip.dense and strip.lanes == 3
    assert ("note", "60 cycles: a lane per change idea, unlabelled") in strip.styles
    root = svg_tree(chart.render(synthetic, crowd, fmt="svg", change_ideas=IDEAS))
    assert root.find(".//*[@id='cycle-label-2024-03-04-test-0']") is None
    by_id(root, "cycle-lane-0-predicts")
    by_id(root, "cycle-legend")
    # A few cycles keep their labelled lanes.
    assert not chart_lanes.Strip.plan(crowd[:3], (0.0, 1e6), 9, 1, {}).dense
