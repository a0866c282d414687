"""pdsa.runchart.mdc_chart against every NHSRplotthedots reference case, field by field."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import numpy as np
import pytest

from pdsa.errors import AnalysisError
from pdsa.runchart import IMPROVEMENT, mdc_chart, to_builtins
from pdsa.runchart.mdc import variation_icon
from tests.spc_reference import SHARED, as_date_or_none, column_diffs, load, same, x_text

FILE = "spc-mdc-nhsrplotthedots.json"
REFERENCE = load(FILE)
CASES: list[dict[str, Any]] = REFERENCE["cases"]
INT_COLUMNS = {"rebase_group"}
INT_SUMMARY = {
    "rebase_group",
    "n",
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
}


def case_call(case: dict[str, Any]) -> tuple[tuple[Any, ...], dict[str, Any]]:
    inp = case["inputs"]
    opts = inp.get("options", {})
    kwargs: dict[str, Any] = {"improvement": opts.get("improvement_direction", "increase")}
    if "target" in opts:
        kwargs["target"] = opts["target"]
    if "rebase" in opts:
        kwargs["rebase"] = [as_date_or_none(d) for d in opts["rebase"]]
    if "fix_after_n_points" in opts:
        kwargs["fix_after"] = opts["fix_after_n_points"]
    if "screen_outliers" in opts:
        kwargs["screen_outliers"] = opts["screen_outliers"]
    return ([as_date_or_none(d) for d in inp["x"]], inp["y"]), kwargs


def case_diffs(case: dict[str, Any], got: dict[str, Any]) -> list[str]:
    want = case["expected"]
    problems = [f"points: missing {k}" for k in want["returned_columns"] if k not in got["points"]]
    for name, values in want["points"].items():
        column = got["points"].get(name)
        if column is None:
            problems.append(f"points: missing {name}")
        elif name == "x":
            got_x = [x_text(v) for v in column]
            problems += [f"x: got {got_x}, want {values}"] if got_x != values else []
        else:
            problems += column_diffs(name, column, values, exact=name in INT_COLUMNS)
    for name, values in want["rule_diagnostics"].items():
        problems += column_diffs(f"rule_diagnostics.{name}", got["rule_diagnostics"][name], values)
    if len(got["summary"]) != len(want["summary"]):
        return [*problems, f"summary: {len(got['summary'])} rows, want {len(want['summary'])}"]
    for k, (g, w) in enumerate(zip(got["summary"], want["summary"], strict=True)):
        if list(g) != list(w):
            problems.append(f"summary[{k}] keys {list(g)} != {list(w)}")
            continue
        problems += [
            f"summary[{k}].{key}: got {g[key]!r}, want {v!r}"
            for key, v in w.items()
            if not same(g[key], v, exact=key in INT_SUMMARY and v is not None)
        ]
    problems += [
        f"icons.{key}: got {got['icons'][key]!r}, want {v!r}"
        for key, v in want["icons"].items()
        if got["icons"].get(key) != v
    ]
    return problems


def test_data_copy_matches_shared_reference() -> None:
    if not (SHARED / FILE).exists():
        pytest.skip("shared reference folder not present (clean clone)")
    assert json.loads((SHARED / FILE).read_text(encoding="utf-8")) == REFERENCE


def test_reference_constants() -> None:
    from pdsa.runchart import mdc

    constants = REFERENCE["meta"]["constants"]
    assert constants["limit"] == mdc.LIMIT
    assert constants["limitclose"] == mdc.LIMIT_CLOSE
    assert constants["mr_screen_factor"] == mdc.MR_SCREEN
    assert constants["short_group_threshold"] == mdc.SHORT_GROUP


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_reference_case(case: dict[str, Any]) -> None:
    args, kwargs = case_call(case)
    if "expected_error" in case:
        with pytest.raises(AnalysisError):
            mdc_chart(*args, **kwargs)
        return
    got = mdc_chart(*args, **kwargs)
    problems = case_diffs(case, got)
    assert not problems, f"{case['id']}: {len(problems)} differences\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_reference_case_with_pdsa_words_and_text_dates(case: dict[str, Any]) -> None:
    """pdsa's higher/lower and ISO strings give the same result, in any input order."""
    _, kwargs = case_call(case)
    words = {"increase": "higher", "decrease": "lower", "neutral": "neutral"}
    kwargs["improvement"] = words[kwargs["improvement"]]
    dates, values = case["inputs"]["x"][::-1], case["inputs"]["y"][::-1]
    assert not case_diffs(case, mdc_chart(dates, values, **kwargs))


def test_to_builtins_makes_plain_json() -> None:
    case = CASES[0]
    args, kwargs = case_call(case)
    plain = to_builtins(mdc_chart(*args, **kwargs))
    assert plain["points"]["point_type"] == case["expected"]["points"]["point_type"]
    assert plain["rule_diagnostics"]["two_in_three"] == [
        float(v) for v in case["expected"]["rule_diagnostics"]["two_in_three"]
    ]
    assert plain["summary"] == mdc_chart(*args, **kwargs)["summary"]
    json.dumps({k: v for k, v in plain.items() if k != "points"})


def test_improvement_words() -> None:
    assert IMPROVEMENT["higher"] == IMPROVEMENT["increase"] == 1
    assert IMPROVEMENT["lower"] == IMPROVEMENT["decrease"] == -1
    assert IMPROVEMENT["neutral"] == 0


DAYS = [dt.date(2024, 1, 1) + dt.timedelta(days=i) for i in range(30)]


def test_neutral_points_follow_r() -> None:
    # Seven points above, then seven below the mean: R's ifelse(relative_to_mean, ...) treats
    # -1 as TRUE, so both runs are "special_cause_neutral_high".
    y = [10.0] * 7 + [0.0] * 7
    got = mdc_chart(DAYS[:14], y, improvement="neutral", target=3)
    assert set(got["points"]["point_type"]) == {"special_cause_neutral_high"}
    assert got["icons"] == {
        "variation_point_type": "special_cause_neutral_high",
        "variation_icon": "neutral_high.svg",
        "assurance_type": None,
        "assurance_icon": None,
    }
    assert got["summary"][0]["assurance_type"] is None


def test_decreasing_trend_is_flagged() -> None:
    y = [5.0, 6.0, 5.5, 6.2, 5.8, 9.0, 8.0, 7.0, 6.0, 5.0, 4.0, 3.0, 5.5, 6.0]
    got = mdc_chart(DAYS[:14], y, improvement="increase")
    assert got["rule_diagnostics"]["seven_point_trend"][11] == -1
    flagged = np.flatnonzero(got["rule_diagnostics"]["part_of_seven_point_trend"] == 1)
    assert flagged.tolist() == list(range(5, 12))


def test_missing_value_spreads_na() -> None:
    y = [3.0, 4.0, 3.5, 4.2, 3.9, 4.1, 3.7, 3.8, None, 4.0, 3.6, 4.4, 3.9, 4.1]
    got = mdc_chart(DAYS[:14], y, improvement="increase")
    points = got["points"]
    assert points["outside_limits"][8] is None
    assert np.isnan(points["special_cause_flag"][8])
    assert points["point_type"][8] == "special_cause_concern"
    assert got["summary"][0]["common_cause"] is None


def test_trend_window_with_missing_value_raises() -> None:
    y = [1.0, 2.0, 3.0, None, 5.0, 6.0, 7.0, 8.0]
    with pytest.raises(AnalysisError, match="trend"):
        mdc_chart(DAYS[:8], y, improvement="increase")


def test_rebase_date_not_in_data_is_ignored() -> None:
    y = [float(i % 5) for i in range(20)]
    got = mdc_chart(DAYS[:20], y, improvement="increase", rebase=[dt.date(1999, 1, 1)])
    assert set(got["points"]["rebase_group"].tolist()) == {0}
    assert [row["rebase_group"] for row in got["summary"]] == [0]


def test_assurance_is_strict_at_the_limit() -> None:
    y = [float(i % 4) for i in range(20)]
    base = mdc_chart(DAYS[:20], y, improvement="increase")
    upl = base["points"]["upl"][0]
    at = mdc_chart(DAYS[:20], y, improvement="increase", target=upl)
    above = mdc_chart(DAYS[:20], y, improvement="increase", target=upl + 1)
    below = mdc_chart(DAYS[:20], y, improvement="decrease", target=-100)
    assert at["icons"]["assurance_type"] == "inconsistent"
    assert above["icons"]["assurance_icon"] == "fail.svg"
    assert below["icons"]["assurance_type"] == "consistent_fail"


def test_short_groups_are_warned() -> None:
    y = [float(i % 3) for i in range(25)]
    got = mdc_chart(DAYS[:25], y, improvement="increase", rebase=[DAYS[13]])
    warn = got["points"]["short_group_warning"].tolist()
    assert warn == [False] * 13 + [True] * 12


def test_fix_after_keeps_first_points() -> None:
    y = [float(i % 3) for i in range(12)] + [50.0] * 10
    got = mdc_chart(DAYS[:22], y, improvement="increase", fix_after=12)
    assert got["points"]["mean_col"][0] == 1.0
    assert np.isnan(got["points"]["fix_y"][12:]).all()


def test_icon_table() -> None:
    assert variation_icon("special_cause_concern", "increase") == "concern_low.svg"
    assert variation_icon("special_cause_concern", "decrease") == "concern_high.svg"
    assert variation_icon("special_cause_improvement", "increase") == "improvement_high.svg"
    assert variation_icon("special_cause_improvement", "decrease") == "improvement_low.svg"
    assert variation_icon("special_cause_neutral_low", "neutral") == "neutral_low.svg"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"improvement": "up"}, "direction"),
        ({"improvement": "increase", "fix_after": 5}, "fix_after"),
        ({"improvement": "increase", "fix_after": True}, "fix_after"),
        ({"improvement": "increase", "fix_after": 12.5}, "fix_after"),
        ({"improvement": ["increase"]}, "direction"),
        ({"improvement": "increase", "target": "ten"}, "target"),
    ],
)
def test_bad_options_raise(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(AnalysisError, match=message):
        mdc_chart(DAYS[:3], [1.0, 2.0, 3.0], **kwargs)


@pytest.mark.parametrize(
    ("dates", "values", "message"),
    [
        (DAYS[:3], [1.0, 2.0], "lengths differ"),
        ([DAYS[0], DAYS[0], DAYS[1]], [1.0, 2.0, 3.0], "more than once"),
        ([DAYS[0], None, DAYS[1]], [1.0, 2.0, 3.0], "not a date"),
        (["2024-01-01", "soon", "2024-01-03"], [1.0, 2.0, 3.0], "not a date"),
        (DAYS[:3], [1.0, "many", 3.0], "not a number"),
        (DAYS[:3], [1.0, float("inf"), 3.0], "not a finite number"),
        ([], [], "no points"),
    ],
)
def test_bad_data_raise(dates: list[Any], values: list[Any], message: str) -> None:
    with pytest.raises(AnalysisError, match=message):
        mdc_chart(dates, values, improvement="increase")
