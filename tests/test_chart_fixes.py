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
