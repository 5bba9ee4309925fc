"""SPEC section 5 calculations: YTD, R12, rates, percentages, trajectories, and published figures."""

from __future__ import annotations

from datetime import date

import pytest
from core_factory import make_indicator, make_settings
from hypothesis import given
from hypothesis import strategies as st

from csp_excel.core import calc
from csp_excel.core.calc import compute, pct_change, reporting_index, rolling, ytd
from csp_excel.core.model import Indicator

# ---------------------------------------------------------------- published TNO figures (seed 001)

TNO_ACTUAL = [1383, 1639, 1532, 1614, 1438, 1425, 1403, 1387, 1386]
TNO_YTD = [1383, 3022, 4554, 6168, 7606, 9031, 10434, 11821, 13207]
TNO_R12 = [17469, 17612, 17704, 17734, 17761, 17754, 17791, 17664, 17587]
TNO_RATE = [88.10, 88.82, 87.65, 87.80, 87.93, 87.90, 88.08, 87.45, 87.07]
TNO_CHANGE = [3, 6, 6, 5, 5, 4, 3, 2, 1]  # "+3%" ... "+1%", rounded to whole per cent
TNO_TOTAL_2015 = 17428


def tno_last_year() -> list[float]:
    """2015/16 months recovered from the published R12 by differencing; Jan-Mar split evenly."""
    prev = [TNO_TOTAL_2015, *TNO_R12]
    ly = [a - (prev[i + 1] - prev[i]) for i, a in enumerate(TNO_ACTUAL)]
    rest = TNO_TOTAL_2015 - sum(ly)
    return [*ly, rest // 3, rest // 3, rest - 2 * (rest // 3)]


def tno(second_residents: float = 201979) -> tuple[Indicator, object]:
    ind = make_indicator(
        TNO_ACTUAL,
        tno_last_year(),
        target_text="Reduction on last years figures",
        denominator_name="Residents",
    )
    settings = make_settings(
        reporting_month=date(2016, 12, 1),
        denominators={
            "Residents": [(198294, date(2015, 6, 30)), (second_residents, date(2016, 6, 30))]
        },
    )
    return ind, settings


def test_tno_reproduces_published_figures() -> None:
    ind, settings = tno()
    comp = compute(ind, settings)  # type: ignore[arg-type]
    assert comp.report_index == 8
    assert comp.ytd[:9] == TNO_YTD
    assert comp.ytd[9:] == [None, None, None]  # never carried forward
    assert comp.r12[:9] == TNO_R12
    assert [round(r, 2) for r in comp.rate[:9]] == TNO_RATE  # type: ignore[arg-type]
    change = [round(100 * c) for c in comp.pct_change[:9]]  # type: ignore[operator]
    # October: published "+3%", but the published R12 implies 10,434 / 10,071 - 1 = 3.6%; the
    # return contradicts itself there. Every other month matches to the whole per cent.
    assert change[:6] + change[7:] == TNO_CHANGE[:6] + TNO_CHANGE[7:]
    assert abs(change[6] - TNO_CHANGE[6]) <= 1
    assert comp.denominator_value[:3] == [198294, 198294, 201979]
    assert comp.headline == comp.r12
    # Reduction on last year's figures: YTD 13,207 against 13,048 last year -> Red at 10%
    assert comp.target[8] == pytest.approx(13048)
    assert comp.variance[8] == pytest.approx(159)
    assert comp.rag == "A"  # 1.2% over the trajectory, within 10% (the return typed R)
    assert comp.dot == "static"  # R12 17,664 -> 17,587 is -0.44%, inside the 1% band
    ind.polarity, ind.polarity_source = "lower", "settings"
    assert compute(
        ind, make_settings(reporting_month=date(2016, 12, 1), static_band=0.004)
    ).dot == ("improved")


@pytest.mark.parametrize("residents", range(201979, 201992))
def test_tno_second_denominator_window(residents: int) -> None:
    ind, settings = tno(residents)
    comp = compute(ind, settings)  # type: ignore[arg-type]
    assert [round(r, 2) for r in comp.rate[:9]] == TNO_RATE  # type: ignore[arg-type]


@pytest.mark.parametrize("residents", [201978, 201992, 202000, 198294])
def test_tno_other_denominators_do_not_reproduce(residents: int) -> None:
    ind, settings = tno(residents)
    comp = compute(ind, settings)  # type: ignore[arg-type]
    assert [round(r, 2) for r in comp.rate[:9]] != TNO_RATE  # type: ignore[arg-type]


# ---------------------------------------------------------------- helpers, table driven


@pytest.mark.parametrize(
    ("values", "upto", "expected"),
    [
        ([5, 6, 7], None, [5, 11, 18]),
        ([5, 6, 7], 1, [5, 11, None]),
        ([5, None, 7], None, [5, None, None]),  # a gap breaks the cumulative
        ([None, 6, 7], None, [None, None, None]),
        ([0, 0, 3], None, [0, 0, 3]),
        ([], None, []),
        ([5, 6], -1, [None, None]),
    ],
)
def test_ytd(values: list[float | None], upto: int | None, expected: list[float | None]) -> None:
    assert ytd(values, upto) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (110, 100, 0.1),
        (90, 100, -0.1),
        (5, 0, None),
        (None, 100, None),
        (5, None, None),
        (0, 4, -1.0),
    ],
)
def test_pct_change(a: float | None, b: float | None, expected: float | None) -> None:
    got = pct_change(a, b)
    assert got == (None if expected is None else pytest.approx(expected))


def test_rolling_needs_every_period() -> None:
    ly = [10.0] * 12
    cur: list[float | None] = [20.0, 20.0, None] + [None] * 9
    assert rolling(ly, cur)[:3] == [130, 140, None]
    assert rolling([10.0] * 11 + [None], cur)[0] is None  # last year's March unknown
    assert rolling(ly, [20.0] * 12, upto=1)[2] is None


def test_rate_and_changing_denominator_in_june() -> None:
    settings = make_settings(
        denominators={"Households": [(1000, date(2015, 6, 30)), (2000, date(2016, 6, 30))]}
    )
    dens, notes = calc.denominator_series(settings, "households", 2016, 12)
    assert dens == [1000, 1000] + [2000] * 10
    assert notes == []
    assert calc.rate([100, 100, 100], dens[:3], 1000) == [100, 100, 50]
    assert calc.rate([None, 100], [1000, 0], 1000) == [None, None]


def test_denominator_not_yet_effective_and_missing() -> None:
    settings = make_settings(denominators={"Residents": [(2000, date(2016, 6, 30))]})
    dens, notes = calc.denominator_series(settings, "Residents", 2016, 12)
    assert dens[:3] == [None, None, 2000]
    assert notes and "2016-06-30" in notes[0]
    ind = make_indicator([1] * 12, [1] * 12, denominator_name="Young people 1-19")
    comp = compute(ind, settings)
    assert comp.rate == [None] * 12
    assert any("Young people 1-19" in n for n in comp.notes)


def test_quarterly_denominator_uses_quarter_end() -> None:
    settings = make_settings(
        denominators={"Residents": [(100, date(2015, 6, 30)), (200, date(2016, 7, 31))]}
    )
    dens, _ = calc.denominator_series(settings, "Residents", 2016, 4, "quarterly")
    assert dens == [100, 200, 200, 200]


# ---------------------------------------------------------------- reporting index


@pytest.mark.parametrize(
    ("actual", "month", "expected"),
    [
        ([5], None, 0),  # April only
        ([5, 6, 7], None, 2),
        ([5, None, 7], None, 2),  # gap inside
        ([5, 6, 7, 8], date(2016, 5, 1), 1),  # settings win inside the FY
        ([5, 6, 7], date(2016, 9, 1), 5),  # settings beyond the data: still the set month
        ([5, 6, 7], date(2017, 3, 1), 11),
        ([5, 6, 7], date(2017, 4, 1), 2),  # another FY: fall back to the data
        ([5, 6, 7], date(2016, 3, 1), 2),
        ([], None, None),
        ([None, None], date(2016, 5, 1), None),
    ],
)
def test_reporting_index(
    actual: list[float | None], month: date | None, expected: int | None
) -> None:
    ind = make_indicator(actual)
    assert reporting_index(ind, make_settings(reporting_month=month)) == expected


def test_reporting_index_quarterly() -> None:
    ind = make_indicator([5, 6], frequency="quarterly")
    assert reporting_index(ind, make_settings()) == 1
    assert reporting_index(ind, make_settings(reporting_month=date(2016, 12, 1))) == 2
    assert reporting_index(ind, make_settings(reporting_month=date(2017, 1, 1))) == 3


# ---------------------------------------------------------------- compute: counts


def test_april_start_and_values_after_report_are_ignored() -> None:
    ind = make_indicator([10, 20, 30, 40], [10] * 12)
    comp = compute(ind, make_settings(reporting_month=date(2016, 5, 1)))
    assert comp.report_index == 1
    assert comp.actual[:4] == [10, 20, 30, 40]  # inputs kept as read
    assert comp.ytd[:3] == [10, 30, None]
    assert comp.r12[:3] == [120, 130, None]
    assert comp.ytd_last_year == [10 * (i + 1) for i in range(12)]
    assert comp.pct_change[:3] == [0.0, pytest.approx(0.5), None]


def test_gap_blanks_later_ytd() -> None:
    comp = compute(make_indicator([10, None, 30], [10] * 12), make_settings())
    assert comp.report_index == 2
    assert comp.ytd[:3] == [10, None, None]
    assert comp.r12[:3] == [120, None, None]
    assert comp.headline == comp.r12


def test_no_last_year_headline_is_ytd() -> None:
    comp = compute(make_indicator([10, 20]), make_settings())
    assert comp.r12 == [None] * 12
    assert comp.headline == comp.ytd
    assert comp.pct_change[:2] == [None, None]


def test_last_year_zero_gives_no_change() -> None:
    comp = compute(make_indicator([3], [0] * 12), make_settings())
    assert comp.pct_change[0] is None


def test_r12_change_needs_year_before_last() -> None:
    ind = make_indicator([12] * 3, [10] * 12, [8] * 12)
    comp = compute(ind, make_settings())
    # R12(Apr) = 12 + 11*10 = 122; previous R12(Apr) = 10 + 11*8 = 98
    assert comp.r12_change[0] == pytest.approx(122 / 98 - 1)
    assert comp.r12_change[3] is None
    no_ybl = compute(make_indicator([12] * 3, [10] * 12), make_settings())
    assert no_ybl.r12_change == [None] * 12


def test_last_year_row_from_another_year_is_not_used() -> None:
    ind = make_indicator([12], [10] * 12)
    assert ind.grid is not None
    ind.grid.rows[1].extra["fy"] = 2013
    comp = compute(ind, make_settings())
    assert comp.actual_last_year == [None] * 12


def test_no_grid_and_no_data() -> None:
    ind = make_indicator([])
    comp = compute(ind, make_settings())
    assert comp.report_index is None
    assert comp.ytd == [None] * 12
    assert comp.rag == "None" and comp.dot is None
    ind.grid = None
    comp = compute(ind, make_settings())
    assert comp.report_index is None and comp.notes


def test_quarterly_grid() -> None:
    ind = make_indicator(
        [5, 7, 6], [4, 4, 4, 4], frequency="quarterly", target_text="No more than 20"
    )
    comp = compute(ind, make_settings())
    assert comp.n == 4 and comp.report_index == 2
    assert comp.ytd == [5, 12, 18, None]
    assert comp.r12 == [17, 20, 22, None]  # rolling four quarters
    assert comp.target == [5, 10, 15, 20]
    assert comp.variance[:3] == [0, 2, 3]


# ---------------------------------------------------------------- percentages and snapshots


def test_percentage_is_ratio_of_sums_not_average() -> None:
    ind = make_indicator(
        kind="percentage",
        numerator=[1, 9],
        denominator=[2, 10],
        numerator_last_year=[1] * 12,
        denominator_last_year=[2] * 12,
        target_text="70%",
    )
    comp = compute(ind, make_settings())
    assert comp.pct_ytd is not None and comp.pct_ytd_last_year is not None
    assert comp.pct_ytd[:3] == [0.5, pytest.approx(10 / 12), None]  # not mean(0.5, 0.9)
    assert comp.actual[:2] == [1, 9] and comp.ytd[:2] == [1, 10]
    assert comp.pct_ytd_last_year == [0.5] * 12
    assert comp.headline == comp.pct_ytd
    assert comp.target == [0.7] * 12
    assert comp.variance[1] == pytest.approx(10 / 12 - 0.7)


def test_percentage_zero_denominator() -> None:
    ind = make_indicator(kind="percentage", numerator=[0, 0, 3], denominator=[0, 0, 4])
    comp = compute(ind, make_settings())
    assert comp.pct_ytd is not None
    assert comp.pct_ytd[:3] == [None, None, 0.75]


def test_percentage_rows_named_by_label() -> None:
    ind = make_indicator(kind="percentage", numerator=[3, 3], denominator=[4, 4], actual=[9, 9])
    assert ind.grid is not None
    ind.grid.rows[0].kind = "unknown"  # "Month" row; name the rows instead
    ind.grid.rows[0].label = "Successful  completions"
    ind.numerator_label = "successful completions"
    ind.denominator_label = "Total"
    comp = compute(ind, make_settings())
    assert comp.pct_ytd is not None and comp.pct_ytd[1] == 2.25  # 18 / 8: rules flag it


def test_snapshot_has_no_ytd_and_target_applies_to_value() -> None:
    ind = make_indicator([30, 25, 28], [20] * 12, kind="snapshot", target_text="No more than 26")
    comp = compute(ind, make_settings())
    assert comp.ytd == [None] * 12 and comp.r12 == [None] * 12
    assert comp.headline is not None and comp.headline[:4] == [30, 25, 28, None]
    assert comp.target == [26] * 12
    assert comp.variance[:3] == [4, -1, 2]
    assert comp.pct_change[0] == pytest.approx(0.5)
    assert comp.rag == "A"  # 28 vs 26: 7.7% over


# ---------------------------------------------------------------- target trajectories


LY = [10.0, 20.0, 30.0, 40.0] + [50.0] * 8  # total 500


@pytest.mark.parametrize(
    ("text", "profile", "at", "expected", "annual"),
    [
        ("No more than 120", "linear", 0, 10, 120),
        ("No more than 120", "linear", 11, 120, 120),
        ("More than 6587", "linear", 5, 6587 / 2, 6587),
        ("No more than 1000", "seasonal", 0, 1000 * 10 / 500, 1000),
        ("No more than 1000", "seasonal", 3, 1000 * 100 / 500, 1000),
        ("5% decrease from previous year", "linear", 1, 30 * 0.95, 500 * 0.95),
        ("Reduction on last years figures", "linear", 2, 60, 500),
        ("5% increase on last year", "linear", 0, 10.5, 525),
        ("For monitoring", "linear", 0, None, None),
    ],
)
def test_trajectory(
    text: str, profile: str, at: int, expected: float | None, annual: float | None
) -> None:
    comp = compute(make_indicator([1], LY, target_text=text, profile=profile), make_settings())
    assert comp.target[at] == (None if expected is None else pytest.approx(expected))
    assert comp.annual_target == (None if annual is None else pytest.approx(annual))


def test_seasonal_without_last_year_falls_back_to_linear() -> None:
    comp = compute(
        make_indicator([1], target_text="No more than 120", profile="seasonal"), make_settings()
    )
    assert comp.target[0] == 10
    assert any("linearly" in n for n in comp.notes)


def test_range_target_has_no_trajectory() -> None:
    ind = make_indicator(kind="percentage", numerator=[1], denominator=[4], target_text="28%-40%")
    comp = compute(ind, make_settings())
    assert comp.target == [None] * 12 and comp.variance == [None] * 12
    assert comp.rag == "R"  # 25% against 28-40%: 3 points below, tolerance 2.8


CUMULATIVE = [21, 43, 64, 86, 107, 129, 150, 171, 193, 214, 236, 257]


@pytest.mark.parametrize(
    ("text", "row", "expected", "note"),
    [
        ("No more than 257", CUMULATIVE, CUMULATIVE, "cumulative"),
        ("", CUMULATIVE, CUMULATIVE, "cumulative"),  # rises every month
        ("No more than 240", [20] * 12, [20 * (i + 1) for i in range(12)], "per-period"),
        ("", [20] * 12, [20 * (i + 1) for i in range(12)], "per-period"),
        (
            "",
            [10, 30, 20, 40] + [10] * 8,
            [10, 40, 60, 100] + [100 + 10 * i for i in range(1, 9)],
            "per-period",
        ),
    ],
)
def test_target_row_cumulative_or_per_month(
    text: str, row: list[float], expected: list[float], note: str
) -> None:
    comp = compute(make_indicator([30, 20], target_text=text, target_row=row), make_settings())
    assert comp.target == expected
    assert comp.annual_target == expected[-1]
    assert any(note in n for n in comp.notes)
    assert comp.variance[1] == 50 - expected[1]


def test_target_row_ignored_when_settings_set_the_target() -> None:
    ind = make_indicator([30, 20], target_text="No more than 120", target_row=[20] * 12)
    ind.target.source = "settings"
    comp = compute(ind, make_settings())
    assert comp.target[1] == 20
    assert any("settings wins" in n for n in comp.notes)


def test_percentage_target_row_in_whole_numbers() -> None:
    ind = make_indicator(kind="percentage", numerator=[7], denominator=[10], target_row=[70] * 12)
    comp = compute(ind, make_settings())
    assert comp.target == [pytest.approx(0.7)] * 12


# ---------------------------------------------------------------- properties

counts = st.lists(st.integers(min_value=0, max_value=5000).map(float), min_size=1, max_size=12)


@given(counts)
def test_ytd_resets_each_april(values: list[float]) -> None:
    comp = compute(make_indicator(values, [1.0] * 12), make_settings())
    assert comp.ytd[0] == values[0]


@given(counts)
def test_ytd_last_element_is_the_sum(values: list[float]) -> None:
    comp = compute(make_indicator(values), make_settings())
    assert comp.report_index == len(values) - 1
    assert comp.ytd[len(values) - 1] == sum(values)
    assert all(v is None for v in comp.ytd[len(values) :])


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=12))
def test_r12_of_constant_series(value: int, months: int) -> None:
    comp = compute(make_indicator([value] * months, [value] * 12), make_settings())
    assert comp.r12[:months] == [12 * value] * months


@given(
    counts, st.lists(st.integers(min_value=1, max_value=5000).map(float), min_size=12, max_size=12)
)
def test_r12_at_march_equals_ytd(values: list[float], ly: list[float]) -> None:
    comp = compute(make_indicator(values, ly), make_settings())
    i = len(values) - 1
    assert comp.r12[i] == comp.ytd[i] + sum(ly[i + 1 :])  # type: ignore[operator]
