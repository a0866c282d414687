"""Hand-computed edge cases and properties of pdsa.runchart (rules doc §4)."""

from __future__ import annotations

import math
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pdsa.runchart import Analysis, Run, Trend, analyze


def trends(values: list[float | None], **kw: object) -> list[Trend]:
    return list(analyze(values, **kw).phases[0].ihi.trends)  # type: ignore[arg-type]


# --- points on the median -------------------------------------------------------------------


def test_points_on_median_are_dropped() -> None:
    a = analyze([1, 2, 3, 4, 5])
    an = a.phases[0].anhoej
    assert (an.median, an.n_obs, an.n_useful) == (3.0, 5, 4)
    assert (an.longest_run, an.n_crossings) == (2, 1)
    assert (an.longest_run_max, an.n_crossings_min, an.runs_signal) == (5, 0, False)


@pytest.mark.parametrize(
    ("values", "crossings", "longest"),
    [([5, 3, 1], 1, 1), ([5, 3, 5], 0, 2), ([5, 3, 3, 3, 5, 5], 0, 3)],
)
def test_on_median_neither_breaks_nor_crosses(
    values: list[float], crossings: int, longest: int
) -> None:
    an = analyze(values, centre=3).phases[0].anhoej
    assert (an.n_crossings, an.longest_run) == (crossings, longest)


def test_on_median_points_inside_a_shift() -> None:
    a = analyze([5, 5, 3, 5, 5, 5, 5, 1], centre=3)
    assert a.phases[0].ihi.shifts == (Run(1, 7, 6, "above"),)
    assert a.signal_points("ihi")["run"] == {1, 2, 4, 5, 6, 7}


# --- zero useful observations ---------------------------------------------------------------


def test_all_values_equal() -> None:
    a = analyze([4.0] * 12)
    d = a.to_dict()
    assert d["anhoej"] == {
        "runs_signal_any": False,
        "per_phase": [
            {
                "phase": 1, "start": 1, "end": 12, "median": 4.0, "n_obs": 12, "n_useful": 0,
                "longest_run": None, "longest_run_max": None, "n_crossings": None,
                "n_crossings_min": None, "runs_signal": False,
            }
        ],
    }  # fmt: skip
    ihi = d["ihi"]["per_phase"][0]
    assert (ihi["n_useful"], ihi["n_runs"], ihi["shifts"], ihi["trends"]) == (0, None, [], [])
    limits = ("runs_lower_limit", "runs_upper_limit", "runs_verdict_robust")
    assert [ihi[k] for k in limits] == [None, None, None]
    assert not any(a.signal(r) for r in ("anhoej", "ihi", "both"))
    assert a.signal_points("both") == {"run": set(), "trend": set()}


def test_all_missing_phase_has_no_centre() -> None:
    a = analyze([None, None, 1.0, 2.0], parts=[2])
    assert a.phases[0].centre is None
    assert a.centre_line == [None, None, 1.5, 1.5]
    assert a.phases[0].anhoej.n_obs == 2
    assert a.phases[0].anhoej.n_useful == 0


def test_empty_series() -> None:
    a = analyze([])
    assert a.phases == []
    assert a.to_dict()["anhoej"] == {"runs_signal_any": False, "per_phase": []}
    assert not a.signal("both")


# --- missing values -------------------------------------------------------------------------


def test_missing_at_both_ends_keep_numbering() -> None:
    a = analyze([None, 5, 5, 5, 5, 5, 5, 1, 1, 1, 1, 1, 1, None])
    an, ihi = a.phases[0].anhoej, a.phases[0].ihi
    assert (an.median, an.n_obs, an.n_useful, an.longest_run, an.n_crossings) == (3.0, 14, 12, 6, 1)
    # n_useful 12: run limit 7, crossings limit 3, IHI runs limits 4-10.
    assert (an.longest_run_max, an.n_crossings_min, an.runs_signal) == (7, 3, True)
    assert an.crossings_signal and not an.long_run_signal
    assert ihi.shifts == (Run(2, 7, 6, "above"), Run(8, 13, 6, "below"))
    assert (ihi.n_runs, ihi.runs_lower_limit, ihi.runs_upper_limit) == (2, 4, 10)
    assert (ihi.too_few_runs, ihi.too_many_runs, ihi.runs_verdict_robust) == (True, False, True)


def test_nan_is_missing() -> None:
    assert analyze([1, math.nan, 3]).to_dict() == analyze([1, None, 3]).to_dict()
    assert analyze([1, math.nan, 3]).values == (1.0, None, 3.0)


def test_missing_values_do_not_break_trends() -> None:
    assert trends([1, None, 2, 3, None, 4, 5]) == [Trend(1, 7, 5, "increasing", 1, 7)]


# --- small n ----------------------------------------------------------------------------------


def test_small_n_anhoej_applies_ihi_runs_table_does_not() -> None:
    a = analyze([5, 6, 7, 5, 6, 7, 1, 2, 1], centre=4)
    an, ihi = a.phases[0].anhoej, a.phases[0].ihi
    assert (an.n_useful, an.longest_run, an.longest_run_max) == (9, 6, 6)
    assert (an.n_crossings, an.n_crossings_min, an.runs_signal) == (1, 2, True)
    assert ihi.shifts == (Run(1, 6, 6, "above"),)
    assert (ihi.runs_lower_limit, ihi.runs_upper_limit, ihi.runs_verdict_robust) == (
        None,
        None,
        None,
    )
    assert (ihi.too_few_runs, ihi.too_many_runs) == (False, False)
    assert a.signal("ihi")


def test_small_n_trend() -> None:
    a = analyze([1, 2, 3, 4, 5, 6, 7, 8])
    assert a.phases[0].ihi.trends == (Trend(1, 8, 8, "increasing", 1, 8),)
    an = a.phases[0].anhoej
    assert (an.median, an.longest_run, an.longest_run_max, an.n_crossings_min) == (4.5, 4, 6, 1)
    assert not an.runs_signal
    assert a.signal("ihi") and not a.signal("anhoej") and a.signal("both")


# --- trends and ties (§4.13, §4.14) --------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([9, 11, 12, 12, 13, 14], [Trend(1, 6, 5, "increasing", 1, 6)]),
        ([5, 6, 7, 7, 7, 7, 8], []),
        ([3, 3, 4, 5, 6, 7], [Trend(2, 6, 5, "increasing", 1, 6)]),
        ([3, 4, 5, 6, 7, 7], [Trend(1, 5, 5, "increasing", 1, 6)]),
        ([7, 7, 6, 5, 4, 3, 3, 3], [Trend(2, 6, 5, "decreasing", 1, 8)]),
        ([1, 2, 3, 4], []),
        ([1, 2, 3, 4, 4, 4, 4], []),
        ([1, 2, 3, 4, 5], [Trend(1, 5, 5, "increasing", 1, 5)]),
        ([2, 2, 2, 2, 2, 2], []),
    ],
)
def test_trend_ties(values: list[float], expected: list[Trend]) -> None:
    assert trends(values) == expected  # type: ignore[arg-type]


def test_overlapping_trends_share_turning_point() -> None:
    assert trends([1, 2, 3, 4, 5, 4, 3, 2, 1]) == [
        Trend(1, 5, 5, "increasing", 1, 5),
        Trend(5, 9, 5, "decreasing", 5, 9),
    ]
    assert trends([1, 2, 3, 4, 5, 5, 4, 3, 2, 1]) == [
        Trend(1, 5, 5, "increasing", 1, 6),
        Trend(6, 10, 5, "decreasing", 5, 10),
    ]


def test_trend_ignores_median() -> None:
    a = analyze([1, 2, 3, 4, 5], centre=3)
    assert a.phases[0].ihi.trends == (Trend(1, 5, 5, "increasing", 1, 5),)


# --- shifts at the ends (§4.15) -------------------------------------------------------------


def test_shift_at_start_and_end() -> None:
    ihi = analyze([8] * 6 + [1] * 6).phases[0].ihi
    assert ihi.shifts == (Run(1, 6, 6, "above"), Run(7, 12, 6, "below"))


def test_five_points_is_not_a_shift() -> None:
    assert analyze([8] * 5 + [1] * 5).phases[0].ihi.shifts == ()


def test_shift_of_whole_series_against_fixed_centre() -> None:
    a = analyze(list(range(1, 13)), centre=0)
    an, ihi = a.phases[0].anhoej, a.phases[0].ihi
    assert (an.median, an.longest_run, an.n_crossings, an.runs_signal) == (0.0, 12, 0, True)
    assert ihi.shifts == (Run(1, 12, 12, "above"),)
    assert a.phases[0].baseline_end == 12


# --- freeze ---------------------------------------------------------------------------------


FROZEN = [1, 2, 3, 4, 5, 6, 10, 10, 10, 10, 10, 10]


def test_freeze_median_from_baseline_rules_over_whole_series() -> None:
    a = analyze(FROZEN, freeze=6)
    (phase,) = a.phases
    assert (phase.start, phase.end, phase.centre, phase.baseline_end) == (1, 12, 3.5, 6)
    assert a.centre_line == [3.5] * 12
    an = phase.anhoej
    assert (an.n_obs, an.n_useful, an.longest_run, an.longest_run_max) == (12, 12, 9, 7)
    assert an.long_runs == (Run(4, 12, 9, "above"),)
    assert phase.ihi.shifts == (Run(4, 12, 9, "above"),)
    assert phase.ihi.trends == (Trend(1, 7, 7, "increasing", 1, 12),)
    assert a.signal_points("anhoej") == {"run": set(range(4, 13)), "trend": set()}
    assert a.signal_points("ihi") == {"run": set(range(4, 13)), "trend": set(range(1, 13))}


def test_freeze_counts_missing_points() -> None:
    # Point numbers include missing rows: freeze=3 covers 1, None, 3 -> median of 1 and 3.
    assert analyze([1, None, 3, 9, 9], freeze=3).phases[0].centre == 2.0


def test_freeze_beyond_series_and_invalid() -> None:
    assert analyze([1, 2, 3], freeze=10).phases[0].baseline_end == 3
    with pytest.raises(ValueError, match="freeze"):
        analyze([1, 2, 3], freeze=0)


# --- parts ----------------------------------------------------------------------------------


def test_parts_boundary_and_no_spanning_trend() -> None:
    a = analyze(list(range(1, 11)), parts=[4])
    assert [(p.number, p.start, p.end, p.centre) for p in a.phases] == [
        (1, 1, 4, 2.5),
        (2, 5, 10, 7.5),
    ]
    assert a.phases[0].ihi.trends == ()
    assert a.phases[1].ihi.trends == (Trend(5, 10, 6, "increasing", 5, 10),)
    assert [p.baseline_end for p in a.phases] == [4, 10]
    assert a.centre_line == [2.5] * 4 + [7.5] * 6


def test_parts_out_of_range_dropped_and_freeze_ignored() -> None:
    values = list(range(1, 11))
    base = analyze(values, parts=[4]).to_dict()
    assert analyze(values, parts=[4, 4, 10, 50, 0, -3]).to_dict() == base
    assert analyze(values, parts=[4], freeze=2).to_dict() == base
    whole = analyze(values, parts=[10, 0], freeze=2)
    assert [(p.start, p.end) for p in whole.phases] == [(1, 10)]
    assert whole.phases[0].centre == 5.5  # freeze ignored whenever parts is given


def test_part_24_phase_two_starts_at_25() -> None:
    a = analyze(list(range(36)), parts=[24])
    assert [(p.start, p.end) for p in a.phases] == [(1, 24), (25, 36)]


# --- exclusion ------------------------------------------------------------------------------


def test_exclusion_leaves_median_and_rules() -> None:
    a = analyze([1, 2, 3, 100, 4, 5], exclude=[4, 99])
    an = a.phases[0].anhoej
    assert (an.median, an.n_obs, an.n_useful, an.n_crossings) == (3.0, 5, 4, 1)
    assert a.phases[0].ihi.trends == (Trend(1, 6, 5, "increasing", 1, 6),)
    assert analyze([1, 2, 3, 100, 4, 5]).phases[0].ihi.trends == ()
    assert 4 not in a.signal_points("ihi")["trend"]


# --- fixed centre ---------------------------------------------------------------------------


def test_per_point_centre() -> None:
    a = analyze([1, 2, 3], centre=[0, 5, 3])
    an = a.phases[0].anhoej
    assert (an.n_useful, an.n_crossings, an.median) == (2, 1, None)
    assert a.centre_line == [0.0, 5.0, 3.0]
    assert a.phases[0].centre is None
    with pytest.raises(ValueError, match="centre"):
        analyze([1, 2, 3], centre=[1, 2])


def test_rules_argument_checked() -> None:
    with pytest.raises(ValueError, match="rules"):
        analyze([1, 2]).signal("nelson")  # type: ignore[arg-type]


def test_to_dict_median_is_float() -> None:
    d = analyze([17, 18, 19]).to_dict()
    assert type(d["anhoej"]["per_phase"][0]["median"]) is float


# --- properties -----------------------------------------------------------------------------

counts = st.lists(st.one_of(st.none(), st.integers(0, 60)), max_size=80)


def strip_medians(a: Analysis) -> dict[str, object]:
    d = a.to_dict()
    for rules in ("anhoej", "ihi"):
        for p in d[rules]["per_phase"]:
            p.pop("median")
    return d


@settings(max_examples=200, deadline=None)
@given(counts, st.integers(-1000, 1000), st.integers(1, 50))
def test_invariant_to_shift_and_positive_scale(values: list[int | None], c: int, k: int) -> None:
    base = analyze(values)
    moved = analyze([None if v is None else k * v + c for v in values])
    assert strip_medians(moved) == strip_medians(base)
    for p, q in zip(base.phases, moved.phases, strict=True):
        assert q.centre == (None if p.centre is None else k * p.centre + c)


@settings(max_examples=200, deadline=None)
@given(counts)
def test_crossings_are_sign_changes(values: list[int | None]) -> None:
    a = analyze(values)
    if not a.phases:
        return
    centre = a.phases[0].centre
    signs = [v > centre for v in values if v is not None and centre is not None and v != centre]
    an = a.phases[0].anhoej
    assert an.n_useful == len(signs)
    if signs:
        assert an.n_crossings == sum(s != t for s, t in pairwise(signs))
        assert a.phases[0].ihi.n_runs == an.n_crossings + 1
    else:
        assert an.n_crossings is None


@settings(max_examples=200, deadline=None)
@given(counts)
def test_reversal_keeps_runs_and_mirrors_trends(values: list[int | None]) -> None:
    a, r = analyze(values), analyze(values[::-1])
    if not a.phases:
        return
    fwd, back = a.phases[0], r.phases[0]
    assert fwd.anhoej.to_dict() == back.anhoej.to_dict()
    n = len(values)
    assert sorted((n + 1 - t.end, n + 1 - t.start, t.n_points) for t in back.ihi.trends) == sorted(
        (t.start, t.end, t.n_points) for t in fwd.ihi.trends
    )
    shifts = sorted((n + 1 - s.end, n + 1 - s.start, s.side) for s in back.ihi.shifts)
    assert shifts == sorted((s.start, s.end, s.side) for s in fwd.ihi.shifts)
