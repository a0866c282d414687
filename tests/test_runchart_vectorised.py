"""The vectorised run-chart analysis (NumPy) against the pure-Python one and the references."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pdsa.runchart import anhoej, results
from pdsa.runchart.anhoej_np import analyze_array
from tests.test_runchart import CASES, diff

pytest.importorskip("numpy")


def both(values: list[Any], **options: Any) -> tuple[results.Analysis, results.Analysis]:
    """The same analysis through the pure-Python and the vectorised path."""
    original = anhoej.VECTOR_MIN
    try:
        anhoej.VECTOR_MIN = 10**12
        exact = anhoej.analyze(values, **options)
        anhoej.VECTOR_MIN = 0
        vectorised = anhoej.analyze(values, **options)
    finally:
        anhoej.VECTOR_MIN = original
    return exact, vectorised


def assert_same(exact: results.Analysis, vectorised: results.Analysis) -> None:
    # repr, because a median of inf and -inf is NaN on both paths and NaN != NaN.
    assert repr(vectorised.to_dict()) == repr(exact.to_dict())
    assert repr(vectorised.phases) == repr(exact.phases)
    assert list(vectorised.values) == list(exact.values)
    assert repr(list(vectorised.centre_line)) == repr(list(exact.centre_line))
    assert vectorised.excluded == exact.excluded
    for rules in ("anhoej", "ihi", "both"):
        assert vectorised.signal(rules) == exact.signal(rules)
        assert vectorised.signal_points(rules) == exact.signal_points(rules)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_reference_case_vectorised(case: dict[str, Any]) -> None:
    o = case["options"]
    _, got = both(
        case["values"],
        freeze=o["freeze"],
        parts=o["parts"],
        exclude=o["exclude"],
        centre=o["centre_override"],
    )
    problems = diff(got.to_dict(), case["expected"])
    assert not problems, f"{case['id']}:\n" + "\n".join(problems)


# Few distinct values, so ties with the median and between neighbours are common.
VALUE = st.one_of(
    st.none(),
    st.just(math.nan),
    st.sampled_from([0.0, 1.0, 1.5, 2.0, 3.0, -1.0, math.inf, -math.inf, 1e308]),
)


@st.composite
def series_and_options(draw: st.DrawFn) -> tuple[list[Any], dict[str, Any]]:
    values = draw(st.lists(VALUE, max_size=80))
    n = len(values)
    points = st.integers(min_value=-2, max_value=n + 3)
    options: dict[str, Any] = {}
    if draw(st.booleans()):
        options["parts"] = draw(st.lists(points, max_size=4))
    if draw(st.booleans()):
        options["freeze"] = draw(st.integers(min_value=1, max_value=n + 3))
    if draw(st.booleans()):
        options["exclude"] = draw(st.lists(points, max_size=6))
    if draw(st.integers(0, 4)) == 0:
        options["centre"] = draw(
            st.one_of(
                st.sampled_from([1.0, 2.0]),
                st.lists(st.sampled_from([0.0, 1.0, 2.0]), min_size=n, max_size=n),
            )
        )
    return values, options


@settings(max_examples=400, deadline=None)
@given(series_and_options())
def test_vectorised_agrees_with_pure_python(case: tuple[list[Any], dict[str, Any]]) -> None:
    values, options = case
    assert_same(*both(values, **options))


def test_long_series_takes_the_vectorised_path() -> None:
    values = [float(i % 7) for i in range(anhoej.VECTOR_MIN)]
    result = anhoej.analyze(values)
    assert type(result.values).__name__ == "ArrayView"
    exact, vectorised = both(values, parts=[5_000, 12_000], exclude=[3, 4, 19_999])
    assert_same(exact, vectorised)


def test_the_views_are_read_only_and_read_nan_as_missing() -> None:
    result = analyze_array(
        [1.0, None, math.nan, 3.0], cuts=[], freeze=None, excluded=frozenset(), fixed=None
    )
    assert list(result.values) == [1.0, None, None, 3.0]
    assert result.values[1:3] == [None, None]
    assert result.centre_line[0] == 2.0
    with pytest.raises(TypeError):
        hash(result.values)
