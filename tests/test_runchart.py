"""pdsa.runchart against the qicharts2 reference cases and critical-value tables."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from pdsa import runchart
from pdsa.runchart import analyze, crossings_min, ihi_runs_limits, longest_run_max
from pdsa.runchart import ihi as runchart_ihi

DATA = Path(__file__).parent / "data" / "runchart-qicharts2.json"
SHARED = Path(__file__).parents[2] / "shared" / "reference" / "runchart-qicharts2.json"
REFERENCE: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
CASES: list[dict[str, Any]] = REFERENCE["cases"]


def diff(got: Any, want: Any, path: str = "") -> list[str]:
    """Every path where two JSON-like values differ (float compared exactly, type included)."""
    if isinstance(want, dict) and isinstance(got, dict):
        out = [f"{path}.{k}: missing" for k in want.keys() - got.keys()]
        out += [f"{path}.{k}: unexpected" for k in got.keys() - want.keys()]
        for k in want.keys() & got.keys():
            out += diff(got[k], want[k], f"{path}.{k}")
        return out
    if isinstance(want, list) and isinstance(got, list):
        if len(got) != len(want):
            return [f"{path}: {len(got)} items, want {len(want)}: {got!r} vs {want!r}"]
        return [
            d
            for i, (g, w) in enumerate(zip(got, want, strict=True))
            for d in diff(g, w, f"{path}[{i}]")
        ]
    if got != want or type(got) is not type(want):
        return [f"{path}: got {got!r}, want {want!r}"]
    return []


def run_case(case: dict[str, Any]) -> runchart.Analysis:
    o = case["options"]
    return analyze(
        case["values"],
        freeze=o["freeze"],
        parts=o["parts"],
        exclude=o["exclude"],
        centre=o["centre_override"],
    )


def test_data_copy_matches_shared_reference() -> None:
    if not SHARED.exists():
        pytest.skip("shared reference folder not present (clean clone)")
    assert json.loads(SHARED.read_text(encoding="utf-8")) == REFERENCE


def test_reference_has_cases() -> None:
    assert len(CASES) >= 23


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_reference_case(case: dict[str, Any]) -> None:
    got = run_case(case).to_dict()
    problems = diff(got, case["expected"])
    assert not problems, f"{case['id']}:\n" + "\n".join(problems)
    assert got == case["expected"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_reference_phases_match_options(case: dict[str, Any]) -> None:
    a = run_case(case)
    assert [[p.start, p.end] for p in a.phases] == case["options"]["phases"]
    assert len(a.centre_line) == len(case["values"])
    for p in a.phases:
        assert all(c == p.centre for c in a.centre_line[p.start - 1 : p.end])


def test_anhoej_limits_table() -> None:
    table = REFERENCE["reference_tables"]["anhoej_limits"]
    assert len(table) == 100
    for key, row in table.items():
        n = int(key)
        assert longest_run_max(n) == row["longest_run_max"], n
        assert crossings_min(n) == row["n_crossings_min"], n


def test_ihi_runs_limits_table() -> None:
    table = REFERENCE["reference_tables"]["ihi_runs_limits"]
    assert len(table) == 91
    for key, row in table.items():
        assert ihi_runs_limits(int(key)) == (row["lower"], row["upper"]), key


def test_spec_quoted_limits() -> None:
    # Values quoted in the rules document (§2, §4.6).
    assert (longest_run_max(7), crossings_min(7)) == (6, 1)
    assert (longest_run_max(2), crossings_min(2)) == (4, 0)
    assert ihi_runs_limits(24) == (8, 18)
    assert ihi_runs_limits(16) == (5, 13)
    assert ihi_runs_limits(9) is None


def test_longest_run_max_matches_float_formula() -> None:
    for n in range(1, 200_000, 7):
        assert longest_run_max(n) == round(math.log2(n)) + 3, n


def test_limits_reject_nonpositive_n() -> None:
    with pytest.raises(ValueError):
        longest_run_max(0)
    with pytest.raises(ValueError):
        crossings_min(0)


def _crossings_min_exact(n: int) -> int:
    m, cum, term = n - 1, 0, 1
    for q in range(m + 1):
        cum += term
        if 20 * cum >= 1 << m:
            return q
        term = term * (m - q) // (q + 1)
    raise AssertionError


def _clear_caches() -> None:
    for f in (longest_run_max, crossings_min, ihi_runs_limits):
        f.cache_clear()


@pytest.fixture
def fresh_caches() -> Any:
    _clear_caches()
    yield
    _clear_caches()


def test_large_n_crossings_min_exact(fresh_caches: None) -> None:
    for n in (5_001, 5_002, 7_919, 12_345, 20_000):
        assert crossings_min(n) == _crossings_min_exact(n), n


def test_float_path_agrees_with_exact(monkeypatch: pytest.MonkeyPatch, fresh_caches: None) -> None:
    ns = [*range(10, 400), 997, 1000, 1001, 2048, 3001]
    exact = {n: (crossings_min(n), ihi_runs_limits(n)) for n in ns}
    _clear_caches()
    monkeypatch.setattr(runchart_ihi, "EXACT_MAX", 0)
    for n in ns:
        assert (crossings_min(n), ihi_runs_limits(n)) == exact[n], n


def test_large_n_runs_limits_exact_path(
    monkeypatch: pytest.MonkeyPatch, fresh_caches: None
) -> None:
    fast = {n: ihi_runs_limits(n) for n in (5_001, 6_000)}
    _clear_caches()
    monkeypatch.setattr(runchart_ihi, "EXACT_MAX", 10**9)
    assert {n: ihi_runs_limits(n) for n in fast} == fast


def test_large_n_limits_are_sane(fresh_caches: None) -> None:
    for n in (10_000, 100_000, 1_000_000):
        lo, hi = ihi_runs_limits(n) or (0, 0)
        mean, sd = n / 2 + 1, math.sqrt(n) / 2
        assert abs((mean - lo) / sd - 1.96) < 0.05
        assert abs((hi - mean) / sd - 1.96) < 0.05
        assert abs((n / 2 - crossings_min(n)) / sd - 1.645) < 0.05


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_signal_matches_any_flags(case: dict[str, Any]) -> None:
    a, want = run_case(case), case["expected"]
    anhoej = want["anhoej"]["runs_signal_any"]
    ihi = any(want["ihi"][k] for k in ("shift_any", "trend_any", "too_few_runs_any"))
    ihi = ihi or want["ihi"]["too_many_runs_any"]
    assert (a.signal("anhoej"), a.signal("ihi"), a.signal("both")) == (anhoej, ihi, anhoej or ihi)


def case_by_id(case_id: str) -> dict[str, Any]:
    return next(c for c in CASES if c["id"] == case_id)


def test_signal_points_freeze_case() -> None:
    # Vignette: median 19 from the first 24 points, then a run of 15 below it.
    a = run_case(case_by_id("cdi_n_freeze24"))
    (phase,) = a.phases
    assert (phase.centre, phase.baseline_end) == (19.0, 24)
    assert phase.anhoej.long_run_signal and phase.anhoej.crossings_signal  # 8 < 11
    assert a.signal_points("anhoej") == {"run": set(range(22, 37)), "trend": set()}
    assert a.signal_points("both")["run"] == set(range(22, 37))


def test_crossings_signal_has_no_points() -> None:
    a = run_case(case_by_id("hai_ahh_bac_n"))
    assert a.phases[0].anhoej.crossings_signal and not a.phases[0].anhoej.long_run_signal
    assert a.signal_points("anhoej") == {"run": set(), "trend": set()}


def test_signal_points_ihi_case() -> None:
    a = run_case(case_by_id("hai_cdi_rate_ucl"))
    assert a.signal_points("ihi") == {"run": set(range(5, 11)), "trend": set(range(2, 7))}
    assert a.signal_points("anhoej") == {"run": set(), "trend": set()}
