"""Year-end forecast and its judgement: worked examples by hand, then the refusals."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csp_excel.core.forecast import forecast, forecast_judgement
from csp_excel.core.model import Computed, Series


def cum(values: Series) -> Series:
    out: Series = []
    total: float | None = 0.0
    for v in values:
        total = None if v is None or total is None else total + v
        out.append(total)
    return out


def pad(values: list[float]) -> Series:
    return [*values] + [None] * (12 - len(values))


def comp(this: list[float], last: Series, **kw: object) -> Computed:
    blank: Series = [None] * 12
    actual = pad(this)
    return Computed(
        sheet="S",
        fy=2016,
        frequency="monthly",
        report_index=len(this) - 1 if this else None,
        actual=actual,
        actual_last_year=last,
        ytd=cum(actual),
        ytd_last_year=cum(last),
        pct_change=list(blank),
        r12=list(blank),
        r12_change=list(blank),
        rate=list(blank),
        denominator_value=list(blank),
        target=list(blank),
        variance=list(blank),
        **kw,  # type: ignore[arg-type]
    )


def test_flat_last_year() -> None:
    # last year 10 a month (120); this year 12, 12, 12: YTD 36 vs 30
    # seasonal 36 + (120 - 30) * 36/30 = 144; linear 36/3*12 = 144; unscaled 36 + 90 = 126
    assert forecast(comp([12, 12, 12], [10.0] * 12)) == pytest.approx((144, 126, 144))


def test_seasonal_last_year_spreads_the_range() -> None:
    # last year 5 a month then 15 a month (120); this year 6, 6, 6: YTD 18 vs 15
    # seasonal 18 + 105 * 18/15 = 144; linear 18/3*12 = 72; unscaled 18 + 105 = 123
    mid, low, high = forecast(comp([6, 6, 6], [5.0] * 6 + [15.0] * 6)) or (0, 0, 0)
    assert (mid, low, high) == pytest.approx((144, 72, 144))


def test_complete_year_forecasts_itself() -> None:
    assert forecast(comp([10.0] * 12, [9.0] * 12)) == pytest.approx((120, 120, 120))


@pytest.mark.parametrize(
    "this, last",
    [
        ([12, 12], [10.0] * 11 + [None]),  # last year incomplete
        ([12, 12], [0.0, 0.0] + [10.0] * 10),  # last year's YTD is 0
        ([], [10.0] * 12),  # nothing reported
        ([12, None], [10.0] * 12),  # no YTD at the reporting month
    ],
)
def test_no_forecast(this: list[float], last: Series) -> None:
    c = comp(this, last)  # type: ignore[arg-type]
    assert forecast(c) is None


def test_percentage_projects_numerator_and_denominator() -> None:
    # last year 7 of 10 every month; this year 8 of 10 for three months
    # numerator: 24 + 63 * 24/21 = 96 (seasonal), 96 (linear), 24 + 63 = 87 (unscaled)
    # denominator: 30 + 90 * 30/30 = 120 in all three -> 0.8, 0.8, 0.725
    c = comp(
        [8, 8, 8],
        [7.0] * 12,
        numerator=pad([8, 8, 8]),
        denominator=pad([10, 10, 10]),
        numerator_last_year=[7.0] * 12,
        denominator_last_year=[10.0] * 12,
    )
    assert forecast(c) == pytest.approx((0.8, 0.725, 0.8))
    c = dataclasses.replace(c, denominator_last_year=[10.0] * 11 + [None])
    assert forecast(c) is None


_JUDGE = [
    # forecast 144 (126 to 144)
    ("lower", 150.0, "likely to meet target"),
    ("lower", 144.0, "likely to meet target"),  # reaching a cap exactly meets it
    ("lower", 130.0, "too close to call"),
    ("lower", 120.0, "likely to miss target"),
    ("higher", 120.0, "likely to meet target"),
    ("higher", 130.0, "too close to call"),
    ("higher", 150.0, "likely to miss target"),
    ("monitor", 130.0, ""),
    ("lower", None, ""),
]


@pytest.mark.parametrize("polarity, target, expected", _JUDGE)
def test_forecast_judgement(polarity: str, target: float | None, expected: str) -> None:
    c = comp([12, 12, 12], [10.0] * 12, annual_target=target)
    low_mid_high = forecast(c) or (None, None, None)
    c = dataclasses.replace(
        c, forecast=low_mid_high[0], forecast_low=low_mid_high[1], forecast_high=low_mid_high[2]
    )
    assert forecast_judgement(c, polarity) == expected


def test_judgement_needs_a_forecast() -> None:
    assert forecast_judgement(comp([12], [10.0] * 12, annual_target=100.0), "lower") == ""


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(min_value=1, max_value=999), min_size=12, max_size=12),
    st.lists(st.integers(min_value=0, max_value=999), min_size=1, max_size=12),
)
def test_mid_sits_inside_the_range(last: list[int], this: list[int]) -> None:
    result = forecast(comp([float(v) for v in this], [float(v) for v in last]))
    assert result is not None
    mid, low, high = result
    assert low <= mid + 1e-9 and mid <= high + 1e-9
    assert low >= sum(this) - 1e-9  # a count never forecasts below what has happened
