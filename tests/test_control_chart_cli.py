"""The R reference cases through the command line: each case becomes a scratch project (its
data recorded as a measure's CSV, its options written as pdsa.yaml settings), and
`pdsa chart --json` must give qicharts2's and NHSRplotthedots' numbers."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import DATA, Invoke

QIC = json.loads((DATA / "spc-qicharts2.json").read_text(encoding="utf-8"))["cases"]
MDC = json.loads((DATA / "spc-mdc-nhsrplotthedots.json").read_text(encoding="utf-8"))["cases"]
KIND = {"p": "proportion", "pp": "proportion", "u": "rate", "up": "rate", "c": "count"}
KIND |= {"t": "time-between-events", "g": "count"}


def usable(case: dict[str, Any]) -> bool:
    """Cases a measure file can hold: dates or a plain index for x, no missing values."""
    inputs = case["inputs"]
    return (
        "expected_error" not in case
        and inputs["x_type"] in ("date", "index")
        and None not in inputs["y"]
        and (case["chart"] != "i" or not inputs.get("n"))
        and "method" not in inputs.get("options", {})
    )


def dates_of(inputs: dict[str, Any]) -> list[str]:
    if inputs["x_type"] == "date":
        return list(inputs["x"])
    first = dt.date(2020, 1, 6)
    return [(first + dt.timedelta(weeks=int(x) - 1)).isoformat() for x in inputs["x"]]


def close(actual: Any, expected: Any) -> bool:
    if expected is None or actual is None:
        return (expected is None or expected == "NaN") and (actual is None or actual == "NaN")
    if isinstance(expected, bool | str):
        return bool(actual == expected)
    return math.isclose(float(actual), float(expected), rel_tol=1e-9, abs_tol=1e-12)


def scratch(project: Path, measure: dict[str, Any], rows: list[str], header: str) -> None:
    config = yaml.safe_load((project / "pdsa.yaml").read_text())
    config["measures"] = [measure]
    (project / "pdsa.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    (project / "measures" / f"{measure['id']}.csv").write_text(
        header + "\n" + "\n".join(rows) + "\n"
    )


@pytest.mark.parametrize("case", [c for c in QIC if usable(c)], ids=lambda c: c["id"])
def test_qicharts2_cases_through_the_cli(project: Path, run: Invoke, case: dict[str, Any]) -> None:
    inputs, chart = case["inputs"], case["chart"]
    options = inputs.get("options", {})
    days = dates_of(inputs)
    measure: dict[str, Any] = {
        "id": "m",
        "title": case["id"],
        "type": "outcome",
        "better": "lower",
        "chart": chart,
    }
    if chart in KIND:
        measure["kind"] = KIND[chart]
    if chart in ("xbar", "s"):
        measure["period"] = "month"
    if "multiply" in options:
        measure["multiply"] = options["multiply"]
    if "freeze" in options:
        measure["baseline"] = {"points": options["freeze"]}
    unique = list(dict.fromkeys(days))
    if "part" in options:
        measure["phases"] = [
            {"start": unique[p], "label": f"part {k + 2}"} for k, p in enumerate(options["part"])
        ]
    if "exclude" in options:
        measure["exclude"] = [
            {"date": unique[e - 1], "reason": "excluded"} for e in options["exclude"]
        ]
    if inputs.get("n") and chart in ("p", "pp", "u", "up"):
        rows = [f"{d},{y},{n}" for d, y, n in zip(days, inputs["y"], inputs["n"], strict=True)]
        scratch(project, measure, rows, "date,numerator,denominator")
    else:
        rows = [f"{d},{y}" for d, y in zip(days, inputs["y"], strict=True)]
        scratch(project, measure, rows, "date,value")
    result = run("chart", "m", "--json")
    assert result.exit_code == 0, result.stderr
    control = json.loads(result.stdout)["control"]
    expected = case["expected"]
    for name in (
        "y",
        "cl",
        "lcl",
        "ucl",
        "lcl.95",
        "ucl.95",
        "sigma.signal",
        "runs.signal",
        "part",
    ):
        ours = control["points"][name.replace(".", "_")]
        theirs = expected["points"][name]
        assert len(ours) == len(theirs), name
        wrong = [i for i, (a, b) in enumerate(zip(ours, theirs, strict=True)) if not close(a, b)]
        assert wrong == [], (
            name,
            wrong[:3],
            [ours[i] for i in wrong[:3]],
            [theirs[i] for i in wrong[:3]],
        )
    for ours, theirs in zip(control["parts"], expected["parts"], strict=True):
        for key, value in theirs.items():
            assert close(ours[key.replace(".", "_")], value), (key, ours, theirs)


@pytest.mark.parametrize("case", MDC, ids=lambda c: c["id"])
def test_making_data_count_cases_through_the_cli(
    project: Path, run: Invoke, case: dict[str, Any]
) -> None:
    inputs, options = case["inputs"], case["inputs"]["options"]
    better = {"increase": "higher", "decrease": "lower"}.get(
        options["improvement_direction"], "neutral"
    )
    measure: dict[str, Any] = {
        "id": "m",
        "title": case["id"],
        "type": "outcome",
        "better": better,
        "chart": "i",
        "rules": "mdc",
    }
    if "target" in options:
        measure["goal"] = options["target"]
    if "rebase" in options:
        measure["phases"] = [{"start": d, "label": "rebased"} for d in options["rebase"]]
    if "fix_after_n_points" in options:
        measure["baseline"] = {"points": options["fix_after_n_points"]}
    rows = [f"{d},{y}" for d, y in zip(inputs["x"], inputs["y"], strict=True) if y is not None]
    scratch(project, measure, rows, "date,value")
    result = run("chart", "m", "--json")
    assert result.exit_code == 0, result.stderr
    mdc = json.loads(result.stdout)["control"]["mdc"]
    kept = [i for i, y in enumerate(inputs["y"]) if y is not None]
    expected = case["expected"]
    for ours, theirs in (
        ("mean", "mean_col"),
        ("lpl", "lpl"),
        ("upl", "upl"),
        ("point_type", "point_type"),
    ):
        values = [expected["points"][theirs][i] for i in kept]
        assert all(close(a, b) for a, b in zip(mdc["points"][ours], values, strict=True)), ours
    for ours, theirs in zip(mdc["summary"], expected["summary"], strict=True):
        for key, value in theirs.items():
            assert close(ours.get(key), value), (key, ours, theirs)
    assert mdc["icons"] == expected["icons"]
