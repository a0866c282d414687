"""pdsa.runchart.control_chart against every qicharts2 0.8.1 reference case, field by field."""

from __future__ import annotations

import datetime as dt
import json
import math
import subprocess
import sys
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pdsa.errors import AnalysisError
from pdsa.runchart import analyze, control_chart, rmath, to_builtins
from tests.spc_reference import (
    SHARED,
    as_date_or_none,
    column_diffs,
    load,
    same,
    x_text,
)

FILE = "spc-qicharts2.json"
REFERENCE = load(FILE)
CASES: list[dict[str, Any]] = REFERENCE["cases"]
INT_COLUMNS = {"xx", "part", "y_length"}
INT_PART_FIELDS = {
    "part",
    "n_obs",
    "n_useful",
    "longest_run",
    "longest_run_max",
    "n_crossings",
    "n_crossings_min",
    "sigma_signal_count",
}


def case_call(case: dict[str, Any]) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """The positional and keyword arguments reproducing the case's ``qic()`` call."""
    inp = case["inputs"]
    opts = inp.get("options", {})
    kind = inp["x_type"]
    kwargs: dict[str, Any] = {}
    if kind == "date":
        x: list[Any] = [as_date_or_none(v) for v in inp["x"]]
    elif kind == "index":
        x = [None if v is None else float(v) for v in inp["x"]]
        x = [int(v) if v is not None and v.is_integer() else v for v in x]
    else:
        x = list(inp["x"])
        kwargs["x_levels"] = inp["x_levels"]
    for option, keyword in (("freeze", "freeze"), ("part", "parts"), ("exclude", "exclude")):
        if option in opts:
            kwargs[keyword] = opts[option]
    kwargs["multiply"] = opts.get("multiply", 1)
    kwargs["y_neg"] = opts.get("y.neg", True)
    kwargs["screen_mr"] = case.get("r_options", {}).get("qic.screenedmr", True)
    return (case["chart"], x, inp["y"], inp.get("n")), kwargs


def unmatched(case: dict[str, Any]) -> set[str]:
    """Fields out of scope for a case: bestbox/cutbox decide runs_signal by tables pdsa does
    not implement (issue 12); their counts and limits are still Anhøj's, so they are compared."""
    method = case["inputs"].get("options", {}).get("method", "anhoej")
    return set() if method == "anhoej" else {"runs_signal"}


def case_diffs(case: dict[str, Any], got: dict[str, Any]) -> list[str]:
    want = case["expected"]
    points = got["points"]
    ignore = unmatched(case)
    wanted = {k.replace(".", "_"): v for k, v in want["points"].items() if k not in ignore}
    problems = [f"points: missing {k}" for k in wanted.keys() - points.keys()]
    problems += [f"points: unexpected {k}" for k in points.keys() - wanted.keys()]
    problems = [p for p in problems if p.removeprefix("points: unexpected ") not in ignore]
    for name, values in wanted.items():
        if name not in points:
            continue
        if name == "x":
            got_x = [x_text(v) for v in points["x"]]
            problems += [f"x: got {got_x}, want {values}"] if got_x != values else []
            continue
        problems += column_diffs(name, points[name], values, exact=name in INT_COLUMNS)
    if len(got["parts"]) != len(want["parts"]):
        return [*problems, f"parts: {len(got['parts'])}, want {len(want['parts'])}"]
    for k, (g, w) in enumerate(zip(got["parts"], want["parts"], strict=True), start=1):
        w = {key.replace(".", "_"): v for key, v in w.items()}
        if g.keys() != w.keys():
            problems.append(f"parts[{k}] keys {sorted(g)} != {sorted(w)}")
            continue
        problems += [
            f"parts[{k}].{key}: got {g[key]!r}, want {v!r}"
            for key, v in w.items()
            if key not in ignore
            and not same(g[key], v, exact=key in INT_PART_FIELDS and v is not None)
        ]
    return problems


def test_data_copy_matches_shared_reference() -> None:
    if not (SHARED / FILE).exists():
        pytest.skip("shared reference folder not present (clean clone)")
    assert json.loads((SHARED / FILE).read_text(encoding="utf-8")) == REFERENCE


def test_reference_has_every_chart_type() -> None:
    assert len(CASES) >= 34
    charts = {c["chart"] for c in CASES}
    assert charts >= {"i", "mr", "xbar", "s", "t", "p", "pp", "c", "u", "up", "g"}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_reference_case(case: dict[str, Any]) -> None:
    args, kwargs = case_call(case)
    if "expected_error" in case:
        with pytest.raises(AnalysisError):
            control_chart(*args, **kwargs)
        return
    got = control_chart(*args, **kwargs)
    problems = case_diffs(case, got)
    assert not problems, f"{case['id']}: {len(problems)} differences\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("case", CASES[:3] + CASES[-3:], ids=lambda c: c["id"])
def test_reference_case_with_iso_text_x(case: dict[str, Any]) -> None:
    """x as the file's own strings (ISO dates, numbers as text) gives the same chart."""
    args, kwargs = case_call(case)
    got = control_chart(args[0], case["inputs"]["x"], *args[2:], **kwargs)
    assert not case_diffs(case, got)
    assert [str(v) for v in got["points"]["x"]] == case["expected"]["points"]["x"]


def test_to_builtins_encodes_like_the_reference() -> None:
    case = next(c for c in CASES if c["id"] == "q_pub_mr_cdi_part24")
    args, kwargs = case_call(case)
    plain = to_builtins(control_chart(*args, **kwargs))
    assert plain["points"]["y"][0] is None
    assert plain["points"]["cl"] == [pytest.approx(v) for v in case["expected"]["points"]["cl"]]
    assert isinstance(plain["points"]["sigma_signal"][0], bool)
    out = to_builtins(control_chart("p", [1, 2], [1, 1], [1, 4]))
    assert out["points"]["ucl"][0] == 1.0
    json.dumps(out)


def test_columns_are_read_only_views_and_inputs_stay_writeable() -> None:
    x = np.arange(10)
    y = np.arange(10, dtype=float)
    got = control_chart("i", x, y)
    for column in got["points"].values():
        assert not column.flags.writeable
    assert x.flags.writeable and y.flags.writeable
    # Documented: float64 arrays are not copied, so the y column shares the caller's memory.
    assert np.shares_memory(got["points"]["y"], y)
    listed = control_chart("i", x.tolist(), y.tolist())
    assert not np.shares_memory(listed["points"]["y"], y)


# --- Properties ------------------------------------------------------------------------------

COUNTS = st.integers(min_value=1, max_value=400)


@st.composite
def rate_rows(draw: st.DrawFn, max_size: int = 40) -> tuple[list[int], list[int]]:
    """Subgroups of a p chart: denominators n >= 1 and numerators 0 <= y <= n."""
    n = draw(st.lists(COUNTS, min_size=2, max_size=max_size))
    y = [draw(st.integers(min_value=0, max_value=k)) for k in n]
    return y, n


def bits(result: dict[str, Any], *names: str) -> list[list[float | None]]:
    """Columns as exact floats, NaN as None (so that equal columns compare equal)."""
    columns = (np.asarray(result["points"][name], dtype=float).tolist() for name in names)
    return [[None if math.isnan(v) else v for v in column] for column in columns]


@settings(max_examples=60, deadline=None)
@given(rows=rate_rows(), data=st.data())
def test_p_limits_follow_each_subgroup_when_rows_are_permuted(
    rows: tuple[list[int], list[int]], data: st.DataObject
) -> None:
    """Permuting which subgroup sits at which x permutes the p chart's limits, bit for bit.

    Why it holds: the centre line is sum(y) / sum(n), and an exactly rounded sum (fsum, as R's
    long-double sum) does not depend on the order of its terms; each subgroup's limits are
    cl -/+ k sqrt(cl (1 - cl) / n_i), a function of cl and its own n_i only.
    """
    y, n = rows
    order = data.draw(st.permutations(range(len(y))))
    x = list(range(1, len(y) + 1))
    base = control_chart("p", x, y, n)
    moved = control_chart("p", x, [y[i] for i in order], [n[i] for i in order])
    names = ("lcl", "ucl", "lcl_95", "ucl_95")
    want = [[column[i] for i in order] for column in bits(base, *names)]
    assert bits(moved, *names) == want
    assert bits(moved, "cl") == bits(base, "cl")


@settings(max_examples=60, deadline=None)
@given(
    chart=st.sampled_from(["i", "p", "u", "c", "mr", "g", "run"]),
    rows=rate_rows(max_size=30),
    data=st.data(),
)
def test_row_order_of_the_input_does_not_matter(
    chart: str, rows: tuple[list[int], list[int]], data: st.DataObject
) -> None:
    """Rows given in any order make the same chart: subgroups are ordered by x (qic.agg).

    Every sum and mean is exactly rounded, so not even the last bit depends on the order.
    """
    y, n = rows
    x = [dt.date(2024, 1, 1) + dt.timedelta(days=7 * i) for i in range(len(y))]
    order = data.draw(st.permutations(range(len(y))))
    args = (x, y, n) if chart in ("p", "u") else (x, y)
    shuffled = [[column[i] for i in order] for column in args]
    a, b = control_chart(chart, *args), control_chart(chart, *shuffled)
    names = [k for k in a["points"] if k != "x"]
    assert bits(a, *names) == bits(b, *names)
    assert list(a["points"]["x"]) == list(b["points"]["x"]) == x
    assert a["parts"] == b["parts"]


@settings(max_examples=60, deadline=None)
@given(
    y=st.lists(st.integers(min_value=-1000, max_value=1000), min_size=3, max_size=60),
    shift=st.integers(min_value=-10_000, max_value=10_000),
)
def test_i_chart_lines_move_with_a_constant_shift(y: list[int], shift: int) -> None:
    """y + c moves cl, lcl and ucl by c: the mean moves by c, moving ranges do not change.

    Whole numbers keep every sum exact, so the runs analysis is unchanged too.
    """
    a = control_chart("i", None, y)
    b = control_chart("i", None, [v + shift for v in y])
    for name in ("cl", "lcl", "ucl", "lcl_95", "ucl_95"):
        for u, v in zip(*bits(a, name), *bits(b, name), strict=True):
            assert v == u if u is None else v == pytest.approx(u + shift, rel=1e-12, abs=1e-9)
    assert a["parts"] == b["parts"]
    assert bits(a, "sigma_signal") == bits(b, "sigma_signal")


@settings(max_examples=40, deadline=None)
@given(
    groups=st.lists(
        st.lists(st.integers(min_value=0, max_value=200), min_size=1, max_size=8),
        min_size=2,
        max_size=20,
    ),
    shift=st.integers(min_value=-1000, max_value=1000),
)
def test_xbar_chart_lines_move_with_a_constant_shift(groups: list[list[int]], shift: int) -> None:
    """Shifting every observation by c moves the xbar centre line and limits by c: the pooled
    (or mean) subgroup SD, and so the limits' half-widths, do not change."""
    x = [g for g, values in enumerate(groups, start=1) for _ in values]
    y = [v for values in groups for v in values]
    a = control_chart("xbar", x, y)
    b = control_chart("xbar", x, [v + shift for v in y])
    for name in ("cl", "lcl", "ucl", "lcl_95", "ucl_95"):
        for u, v in zip(*bits(a, name), *bits(b, name), strict=True):
            assert v == u if u is None else v == pytest.approx(u + shift, rel=1e-12, abs=1e-9)


@settings(max_examples=80, deadline=None)
@given(rows=rate_rows(), chart=st.sampled_from(["p", "pp"]), freeze=st.integers(2, 40))
def test_p_and_pp_limits_stay_within_0_and_1(
    rows: tuple[list[int], list[int]], chart: str, freeze: int
) -> None:
    y, n = rows
    for kwargs in ({}, {"freeze": min(freeze, len(y))}):
        got = control_chart(chart, None, y, n, **kwargs)["points"]
        for name in ("lcl", "ucl", "lcl_95", "ucl_95"):
            values = np.asarray(got[name])
            finite = values[~np.isnan(values)]
            assert ((finite >= 0) & (finite <= 1)).all(), (name, values)


@settings(max_examples=80, deadline=None)
@given(rows=rate_rows(), chart=st.sampled_from(["u", "up", "c", "g"]))
def test_count_and_rate_lower_limits_are_never_negative(
    rows: tuple[list[int], list[int]], chart: str
) -> None:
    y, n = rows
    got = control_chart(chart, None, y, n if chart in ("u", "up") else None)["points"]
    for name in ("lcl", "lcl_95"):
        values = np.asarray(got[name])
        assert (values[~np.isnan(values)] >= 0).all(), (name, values)


@settings(max_examples=80, deadline=None)
@given(
    values=st.lists(
        st.one_of(st.none(), st.sampled_from([1.0, 2.0, 2.5, 3.0, 4.0])), min_size=1, max_size=60
    ),
    block=st.sampled_from([1, 2, 3, 7, 1 << 16]),
)
def test_vectorised_runs_match_the_point_by_point_analysis(
    values: list[float | None], block: int
) -> None:
    """Blocks of any size (runs carried across them) agree with pdsa.runchart.analyze."""
    if all(v is None for v in values):
        return
    want = analyze(values).phases[0].anhoej
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rmath, "CHUNK", block)
        got = control_chart("run", None, values)["parts"][0]
    assert got["n_obs"] == want.n_obs
    assert got["n_useful"] == want.n_useful
    assert got["longest_run"] == want.longest_run
    assert got["n_crossings"] == want.n_crossings
    assert got["runs_signal"] == want.runs_signal
    assert control_chart("run", None, values)["points"]["cl"][0] == want.median


def test_long_series_paths_agree_with_plain_formulas(monkeypatch: pytest.MonkeyPatch) -> None:
    """Over EXACT_MAX points, and in blocks, the lines equal the textbook NumPy formulas."""
    rng = np.random.default_rng(7)
    size = rmath.EXACT_MAX + 5_001
    y = np.round(rng.normal(50, 10, size), 1)
    n = rng.integers(20, 300, size).astype(float)
    counts = rng.binomial(n.astype(int), 0.3).astype(float)
    monkeypatch.setattr(rmath, "CHUNK", 4_096)
    got = control_chart("i", None, y)["points"]
    mr = np.abs(np.diff(y - y.mean()))
    sigma = mr[mr < 3.267 * mr.mean()].mean() / 1.128
    assert got["cl"][0] == pytest.approx(y.mean(), rel=1e-14)
    assert got["ucl"][0] == pytest.approx(y.mean() + 3 * sigma, rel=1e-12)
    got = control_chart("p", None, counts, n)["points"]
    cl = counts.sum() / n.sum()
    sd = np.sqrt(cl * (1 - cl) / n)
    np.testing.assert_allclose(got["ucl"], np.minimum(cl + 3 * sd, 1), rtol=1e-13)
    np.testing.assert_allclose(got["lcl_95"], np.maximum(cl - 2 * sd, 0), rtol=1e-13)
    signal = (counts / n > got["ucl"]) | (counts / n < got["lcl"])
    assert np.array_equal(got["sigma_signal"], signal)


# --- qicharts2 behaviour the reference cases do not show ------------------------------------


def test_part_labels_equal_break_points() -> None:
    y = [float(v) for v in range(30)]
    labels = ["before"] * 20 + ["after"] * 10
    a = control_chart("i", None, y, parts=labels)
    b = control_chart("i", None, y, parts=[20])
    assert bits(a, "cl", "ucl", "part") == bits(b, "cl", "ucl", "part")
    assert [p["n_obs"] for p in a["parts"]] == [20, 10]


def test_freeze_is_ignored_when_parts_are_given() -> None:
    y = [float(v % 7) for v in range(30)]
    a = control_chart("c", None, y, parts=[15], freeze=5)
    b = control_chart("c", None, y, parts=[15])
    assert bits(a, "cl", "baseline") == bits(b, "cl", "baseline")


def test_freeze_takes_lines_from_the_baseline_and_runs_from_every_point() -> None:
    y = [10.0] * 12 + [20.0] * 12
    got = control_chart("i", None, y, freeze=12)
    assert got["points"]["cl"][0] == 10.0
    assert got["parts"][0]["n_obs"] == 24
    assert got["points"]["baseline"].tolist() == [True] * 12 + [False] * 12


def test_mr_chart_exclusion_drops_one_moving_range_without_bridging() -> None:
    y = [1.0, 2.0, 10.0, 3.0, 4.0]
    got = control_chart("mr", None, y, exclude=[3])["points"]
    assert got["y"][1:].tolist() == [1.0, 8.0, 7.0, 1.0]
    assert got["cl"][0] == pytest.approx((1.0 + 7.0 + 1.0) / 3)
    assert not got["runs_signal"].any()


def test_i_chart_exclusion_bridges_the_moving_range() -> None:
    y = [1.0, 2.0, 100.0, 3.0, 4.0]
    got = control_chart("i", None, y, exclude=[3], screen_mr=False)["points"]
    assert got["cl"][0] == 2.5
    assert got["ucl"][0] == pytest.approx(2.5 + 3 * 1.0 / 1.128)
    assert got["sigma_signal"].tolist() == [False, False, True, False, False]


def test_missing_subgroup_of_a_p_chart() -> None:
    got = control_chart("p", None, [1, None, 3, 2], [10, 10, None, 8])["points"]
    assert got["n"].tolist() == [10, 0, 0, 8]
    assert np.isnan(got["y"][1]) and np.isnan(got["y"][2])
    assert np.isnan(got["lcl"][1]) and np.isnan(got["ucl"][2])
    assert got["cl"][0] == 3 / 18


def test_y_neg_false_clamps_negative_lower_limits() -> None:
    y = [1.0, 9.0, 2.0, 8.0, 1.0, 9.0]
    assert control_chart("i", None, y)["points"]["lcl"][0] < 0
    assert control_chart("i", None, y, y_neg=False)["points"]["lcl"][0] == 0


def test_multiply_scales_after_the_analysis() -> None:
    y, n = [1, 2, 3, 2, 1, 4], [10, 10, 10, 10, 10, 10]
    a = control_chart("p", None, y, n)
    b = control_chart("p", None, y, n, multiply=100)
    assert b["points"]["cl"][0] == a["points"]["cl"][0] * 100
    assert b["parts"] == a["parts"]


def test_xbar_with_an_empty_subgroup_and_variable_sizes() -> None:
    x = [1, 1, 1, 2, 2, 3, 4, 4, 4, 4]
    y = [5.0, 6.0, 7.0, 4.0, 6.0, None, 5.0, 5.5, 6.5, 7.0]
    got = control_chart("xbar", x, y)["points"]
    assert got["y_length"].tolist() == [3, 2, 0, 4]
    assert np.isnan(got["y"][2]) and np.isnan(got["ucl"][2])
    # Pooled SD: the empty subgroup adds -1 to the denominator, as in qicharts2.
    sds = [1.0, math.sqrt(2.0), math.nan, np.std([5.0, 5.5, 6.5, 7.0], ddof=1)]
    pooled = math.sqrt((2 * sds[0] ** 2 + sds[1] ** 2 + 3 * sds[3] ** 2) / (2 + 1 - 1 + 3))
    assert got["ucl"][0] - got["cl"][0] == pytest.approx(3 * pooled / (0.886226925 * math.sqrt(3)))


def test_categorical_x_switches_runs_off() -> None:
    got = control_chart("u", ["A", "B", "C"], [5, 9, 2], [100, 120, 80], x_levels=["C", "A", "B"])
    assert list(got["points"]["x"]) == ["C", "A", "B"]
    assert not got["points"]["runs_signal"].any()


@pytest.mark.parametrize(
    "x",
    [
        [dt.date(2024, 1, d) for d in (3, 1, 2)],
        ["2024-01-03", "2024-01-01", "2024-01-02"],
        ["2024-01-03T00:00", "2024-01-01T00:00", "2024-01-02T00:00"],
        np.array(["2024-01-03", "2024-01-01", "2024-01-02"], dtype="datetime64[D]"),
        list(np.array(["2024-01-03", "2024-01-01", "2024-01-02"], dtype="datetime64[D]")),
        [3, 1, 2],
        list(np.array([3, 1, 2])),
        ["3", "1", "2"],
        np.array([3.0, 1.0, 2.0]),
    ],
)
def test_x_kinds_sort_the_same_way(x: Any) -> None:
    got = control_chart("i", x, [30.0, 10.0, 20.0])
    assert got["points"]["y"].tolist() == [10.0, 20.0, 30.0]


def test_g_chart_centre_line_is_the_median() -> None:
    got = control_chart("g", None, [1, 2, 3, 50, 4, 5])["points"]
    assert got["cl"][0] == 3.5
    assert got["lcl"][0] == 0


# --- Bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: control_chart("z", None, [1, 2]), "unknown chart type 'z'"),
        (lambda: control_chart("i", [1, 2, 3], [1, 2]), "lengths differ"),
        (lambda: control_chart("p", None, [1, 2], [3]), "lengths differ"),
        (lambda: control_chart("i", None, [1, 2], parts=["a"]), "lengths differ"),
        (lambda: control_chart("t", None, [3, 0, 5]), "point 2 .*greater than zero"),
        (lambda: control_chart("t", None, [3, 4, -5]), "point 3 .*greater than zero"),
        (lambda: control_chart("p", None, [1, 2], [4, 0]), "point 2: subgroup size n = 0"),
        (lambda: control_chart("u", None, [1, 2], [-4, 3]), "point 1: subgroup size n = -4"),
        (lambda: control_chart("i", None, [1, 2], [4, 0]), "point 2: subgroup size n = 0"),
        (lambda: control_chart("c", None, [1, -2, 3]), "point 2: y = -2 is negative"),
        (lambda: control_chart("g", None, [1, 2, -3]), "point 3: y = -3 is negative"),
        (lambda: control_chart("p", None, [-1, 2], [4, 4]), "point 1: y = -1 is negative"),
        (lambda: control_chart("u", None, [1, -2], [4, 4]), "point 2: y = -2 is negative"),
        (lambda: control_chart("p", None, [1, 5], [4, 4]), "point 2: y = 5 is more than n = 4"),
        (lambda: control_chart("pp", None, [9, 1], [4, 4]), "point 1: y = 9 is more than n"),
        (lambda: control_chart("p", None, [1, 2]), "needs n"),
        (lambda: control_chart("i", None, [1, "many", 3]), "point 2: y = 'many' is not a num"),
        (lambda: control_chart("i", [1, "b", 3], [1, 2, 3]), "x mixes kinds"),
        (lambda: control_chart("i", [None, None], [1, 2]), "every x is missing"),
        (lambda: control_chart("i", [], []), "no points"),
        (lambda: control_chart("i", None, [[1, 2], [3, 4]]), "flat list"),
        (lambda: control_chart("i", None, "1 2 3"), "flat list"),
        (lambda: control_chart("i", None, object()), "flat list"),
        (lambda: control_chart("i", None, [[1, 2], [3]]), r"point 1: y = \[1, 2\] is not a"),
        (lambda: control_chart("i", None, [1, math.inf]), "point 2: y = inf is not a finite"),
        (lambda: control_chart("u", None, [1, None, 2], [1, 2, -math.inf]), "point 3: n = -inf"),
        (lambda: control_chart("i", 5, [1, 2]), "x must be a list"),
        (lambda: control_chart("i", None, [1, 2, 3], freeze=0), "freeze"),
        (lambda: control_chart("i", None, [1, 2, 3], freeze=1.5), "freeze"),
        (lambda: control_chart("i", None, [1, 2, 3], parts=[1.5]), "parts"),
        (lambda: control_chart("i", None, [1, 2, 3], exclude=["two"]), "exclude"),
    ],
)
def test_bad_input_raises_analysis_error(call: Any, message: str) -> None:
    with pytest.raises(AnalysisError, match=message) as raised:
        call()
    assert raised.type is AnalysisError
    assert raised.value.exit_code == 3


def test_missing_pairs_are_not_errors() -> None:
    # n = 0 with no y is a missing subgroup, as in qicharts2, not a subgroup of size 0.
    got = control_chart("p", None, [1, None, 3], [4, 0, 5])["points"]
    assert np.isnan(got["y"][1])


def test_importing_the_package_leaves_numpy_for_first_use() -> None:
    code = (
        "import sys, pdsa.runchart as r\n"
        "before = 'numpy' in sys.modules\n"
        "r.control_chart\n"
        "print(before, 'numpy' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True"]
