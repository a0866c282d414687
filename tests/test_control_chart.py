"""pdsa.runchart.control_chart against every qicharts2 0.8.1 reference case, field by field."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest

from pdsa.errors import AnalysisError
from pdsa.runchart import control_chart, to_builtins
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


def skip_reason(case: dict[str, Any]) -> str | None:
    method = case["inputs"].get("options", {}).get("method", "anhoej")
    if method != "anhoej":
        return f"method = {method!r}: bestbox/cutbox are out of scope (issue 12)"
    return None


def case_diffs(case: dict[str, Any], got: dict[str, Any]) -> list[str]:
    want = case["expected"]
    points = got["points"]
    wanted = {k.replace(".", "_"): v for k, v in want["points"].items()}
    problems = [f"points: missing {k}" for k in wanted.keys() - points.keys()]
    problems += [f"points: unexpected {k}" for k in points.keys() - wanted.keys()]
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
            if not same(g[key], v, exact=key in INT_PART_FIELDS and v is not None)
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
    if reason := skip_reason(case):
        pytest.skip(reason)
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
