"""The one date parser: days always, weeks, months and quarters where the period allows."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pdsa.days import (
    DayError,
    next_period,
    parse_day,
    parse_period,
    period_label,
    period_start,
)
from pdsa.vocab import MEASURE_PERIODS

D = dt.date
PERIODS = [None, *MEASURE_PERIODS]
days = st.dates(min_value=D(1900, 1, 1), max_value=D(2999, 12, 31))


@pytest.mark.parametrize(
    ("text", "period", "day"),
    [
        ("2024-03-17", None, D(2024, 3, 17)),
        ("2024-03-17", "month", D(2024, 3, 17)),  # a day is always a day; the chart groups it
        ("2013-12", "month", D(2013, 12, 1)),
        ("2013-12", "quarter", D(2013, 12, 1)),  # a month fits inside one quarter
        ("2013-W05", "week", D(2013, 1, 28)),
        ("2013-w05", "week", D(2013, 1, 28)),
        ("2015-W53", "week", D(2015, 12, 28)),  # 2015 has 53 ISO weeks
        ("2013-W01", "week", D(2012, 12, 31)),  # ISO week 1 can start in December
        ("2024-Q3", "quarter", D(2024, 7, 1)),
        (" 2024-Q1 ", "quarter", D(2024, 1, 1)),
    ],
)
def test_accepted(text: str, period: str | None, day: dt.date) -> None:
    assert parse_period(text, period) == day


@pytest.mark.parametrize(
    ("text", "period", "message"),
    [
        ("2013-12", None, "'2013-12' is a month, and this measure takes dates written YYYY-MM-DD"),
        ("2013-12", "week", "is a month, and a weekly measure takes dates written YYYY-MM-DD or"),
        ("2013-12", "day", "is a month, and a daily measure"),
        ("2013-W05", "month", "is an ISO week, and a monthly measure"),
        ("2024-Q1", "month", "is a quarter, and a monthly measure"),
        ("2024-W53", "week", "'2024-W53' is not a real week"),
        ("2024-13", "month", "not a real month"),
        ("2024-02-30", "month", "not a real date"),
        ("23/11/2026", None, "is not a date written YYYY-MM-DD"),
        ("2024-3", "month", "is not a date written YYYY-MM-DD or YYYY-MM"),
    ],
)
def test_refused_with_the_reason(text: str, period: str | None, message: str) -> None:
    with pytest.raises(DayError, match=message):
        parse_period(text, period)


def test_parse_day_is_unchanged() -> None:
    assert parse_day("2026-11-21") == D(2026, 11, 21)
    with pytest.raises(DayError):
        parse_day("2026-11")


@given(days, st.sampled_from(PERIODS))
def test_a_day_written_iso_always_parses_to_itself(day: dt.date, period: str | None) -> None:
    assert parse_period(day.isoformat(), period) == day


@given(days, st.sampled_from(PERIODS))
def test_a_period_label_reads_back_as_its_start(day: dt.date, period: str | None) -> None:
    start = period_start(day, period)
    assert start <= day < next_period(start, period)
    assert period_start(start, period) == start
    assert parse_period(period_label(start, period), period) == start


@given(days, st.sampled_from(MEASURE_PERIODS))
def test_periods_tile_time(day: dt.date, period: str) -> None:
    start = period_start(day, period)
    after = next_period(start, period)
    assert period_start(after, period) == after
    assert period_start(after - dt.timedelta(days=1), period) == start


@given(st.text(max_size=12), st.sampled_from(PERIODS))
def test_any_text_parses_or_says_why(text: str, period: str | None) -> None:
    try:
        parse_period(text, period)
    except DayError as exc:
        assert str(exc)
