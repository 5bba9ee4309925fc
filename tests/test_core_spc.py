"""XmR / SPC: worked examples computed by hand, one rule at a time, then the edge cases."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csp_excel.core.model import Computed, Indicator, Series, SpcResult, Target
from csp_excel.core.spc import outliers, spc_for, xmr

ZIGZAG = [9.0, 11.0]  # mean 10, every moving range 2


def labels(n: int) -> list[str]:
    return [f"p{i}" for i in range(n)]


def run(values: list[float], polarity: str = "lower", **kw: object) -> SpcResult:
    return xmr(list(values), labels(len(values)), polarity, **kw)  # type: ignore[arg-type]


def marked(res: SpcResult) -> list[int]:
    return [i for i, s in enumerate(res.special) if s]


# ---------------------------------------------------------------- limits


def test_limits_by_hand() -> None:
    # 14 points 9, 11, 9, ...: mean 140/14 = 10; 13 moving ranges of 2 -> mean MR 2
    res = run(ZIGZAG * 7)
    assert res.enough_data
    assert res.mean == pytest.approx(10.0)
    assert res.upper == pytest.approx(10 + 2.66 * 2)  # 15.32
    assert res.lower == pytest.approx(10 - 2.66 * 2)  # 4.68
    assert res.sigma == pytest.approx(2 / 1.128)
    assert marked(res) == []
    assert res.variation == "common cause"
    assert res.rules == [""] * 14


def test_none_values_skipped_labels_follow_points() -> None:
    vals: Series = [
        9.0,
        None,
        11.0,
        9.0,
        11.0,
        9.0,
        11.0,
        9.0,
        11.0,
        9.0,
        11.0,
        9.0,
        11.0,
        None,
        9.0,
    ]
    res = xmr(vals, labels(15), "lower")
    assert res.values == [v for v in vals if v is not None]
    assert res.labels == [f"p{i}" for i in range(15) if i not in (1, 13)]
    assert len(res.special) == len(res.rules) == 13
    assert res.enough_data


@pytest.mark.parametrize("n, enough", [(12, False), (13, True)])
def test_twelve_versus_thirteen_points(n: int, enough: bool) -> None:
    res = run((ZIGZAG * 7)[:n])
    assert res.enough_data is enough
    if enough:
        assert res.upper is not None and res.variation == "common cause"
        assert res.kind == "xmr"
    else:  # 12 points: a run chart (median, no limits), no signal in a zigzag
        assert (res.mean, res.lower, res.upper, res.sigma) == (None, None, None, None)
        assert res.kind == "run" and res.median == pytest.approx(10.0)
        assert res.variation == "common cause"
        assert res.special == [False] * n and res.assurance is None


# ---------------------------------------------------------------- each rule alone


def test_rule_outside_limits_alone() -> None:
    vals = ZIGZAG * 7 + [20.0]
    res = run(vals)
    mean = (140 + 20) / 15  # 10.667
    mr = (13 * 2 + 9) / 14  # 2.5: thirteen ranges of 2, then |20 - 11|
    assert res.mean == pytest.approx(mean)
    assert res.upper == pytest.approx(mean + 2.66 * mr)  # 17.317 < 20
    assert marked(res) == [14]
    assert res.rules[14] == "above upper limit"
    assert res.variation == "special cause concerning"


def test_rule_shift_alone_and_broken_by_a_point_on_the_mean() -> None:
    # six above (11,13,...), one point exactly on the mean, six below (7,9,...):
    # mean = (72 + 10 + 48) / 13 = 10; MR = (5*2 + 3 + 3 + 5*2) / 12 = 2.1667
    above, below = [11.0, 13.0] * 3, [7.0, 9.0] * 3
    broken = run(above + [10.0] + below)
    assert broken.mean == pytest.approx(10.0)
    assert broken.upper == pytest.approx(10 + 2.66 * 26 / 12)
    assert marked(broken) == []  # 2 sigma = 3.84: 13 and 7 stay inside it
    # the middle point at 10.5 is above the mean (130.5 / 13 = 10.04): seven in a row above
    shifted = run(above + [10.5] + below)
    assert shifted.mean == pytest.approx(130.5 / 13)
    assert marked(shifted) == list(range(7))
    assert shifted.rules[0] == "run of 7 above the mean"
    assert shifted.variation == "common cause"  # the latest point is not in the run


def test_rule_trend_alone_and_broken_by_equal_values() -> None:
    # 10,12,10,12,10,12 then 9 .. 12 rising by 0.5: mean 139.5/13 = 10.73; MR (10+3+3)/12 = 1.33
    rising = [9.0, 9.5, 10.0, 10.5, 11.0, 11.5, 12.0]
    res = run([10.0, 12.0] * 3 + rising)
    assert res.mean == pytest.approx(139.5 / 13)
    assert res.upper == pytest.approx(139.5 / 13 + 2.66 * 16 / 12)
    assert marked(res) == list(range(6, 13))
    assert res.rules[12] == "7 points rising"
    assert res.variation == "special cause concerning"  # rising, lower is better
    flat = [9.0, 9.5, 10.0, 10.0, 10.5, 11.0, 11.5]  # the repeated 10 breaks the trend
    assert marked(run([10.0, 12.0] * 3 + flat)) == []


def test_falling_trend_is_improving_when_lower_is_better() -> None:
    falling = [12.0, 11.5, 11.0, 10.5, 10.0, 9.5, 9.0]
    res = run([10.0, 12.0] * 3 + falling, "lower")
    assert marked(res) == list(range(6, 13))
    assert res.rules[12] == "7 points falling"
    assert res.variation == "special cause improving"


def test_rule_two_of_three_alone() -> None:
    # twelve zigzag points then 15.5, 11, 15.5: mean 162/15 = 10.8; MR (11*2 + 3*4.5)/14 = 2.536
    res = run(ZIGZAG * 6 + [15.5, 11.0, 15.5])
    mean, mr = 162 / 15, (22 + 13.5) / 14
    sigma = mr / 1.128
    assert res.mean == pytest.approx(mean) and res.sigma == pytest.approx(sigma)
    assert 15.5 > mean + 2 * sigma and 15.5 < mean + 2.66 * mr  # beyond 2 sigma, inside limits
    assert marked(res) == [12, 14]  # the 11 between them is not beyond 2 sigma
    assert res.rules[14] == "2 of 3 beyond 2 sigma (high)"
    assert res.variation == "special cause concerning"


def test_two_of_three_counts_a_point_beyond_three_sigma() -> None:
    # twenty zigzag points then 15, 11, 18: mean 244/23; MR (19*2 + 4 + 4 + 7)/22 = 2.409
    res = run(ZIGZAG * 10 + [15.0, 11.0, 18.0])
    mean, mr = 244 / 23, 53 / 22
    assert res.mean == pytest.approx(mean)
    assert res.upper == pytest.approx(mean + 2.66 * mr)  # 17.02: 18 is outside
    assert marked(res) == [20, 22]
    assert res.rules[20] == "2 of 3 beyond 2 sigma (high)"
    assert res.rules[22] == "above upper limit; 2 of 3 beyond 2 sigma (high)"


# ---------------------------------------------------------------- conflicts, baseline, polarity


def test_conflict_trend_beats_shift() -> None:
    # ten high points then seven rising but all below the mean (186/17 = 10.94):
    # the latest point is in a low shift (improving) and a rising trend (concerning).
    # MDC order (NHSRplotthedots R/ptd_calculate_point_type.R, ptd_special_cause_type):
    # outside limits > trend > 2 of 3 > shift, so the rising trend decides.
    res = run([12.0, 14.0] * 5 + [6.5, 7.0, 7.5, 8.0, 8.5, 9.0, 9.5], "lower")
    assert res.mean == pytest.approx(186 / 17)
    assert res.rules[16].startswith("7 points rising; run of 7 below the mean")
    assert "conflicting signals" in res.rules[16]
    assert res.direction[16] == 1 and res.both_ways[16]
    assert res.variation == "special cause concerning"
    assert run([12.0, 14.0] * 5 + [6.5, 7.0, 7.5, 8.0, 8.5, 9.0, 9.5], "higher").variation == (
        "special cause improving"
    )


def test_conflict_outside_limits_beats_trend() -> None:
    # limits fixed on 12 zigzag points (10 +/- 5.32); then 30 falling to 24, all above the
    # upper limit: outside (high, concerning) and a falling trend (low) at the latest point
    res = run(ZIGZAG * 6 + [30.0, 29.0, 28.0, 27.0, 26.0, 25.0, 24.0], "lower", baseline=12)
    assert res.rules[18].startswith("above upper limit")
    assert "7 points falling" in res.rules[18]
    assert res.variation == "special cause concerning"


def test_baseline_fixes_mean_and_limits() -> None:
    vals = ZIGZAG * 6 + [20.0, 21.0, 20.0]
    fixed = run(vals, baseline=12)
    assert fixed.mean == pytest.approx(10.0)  # first 12 points only
    assert fixed.upper == pytest.approx(15.32)
    assert marked(fixed) == [12, 13, 14]
    free = run(vals)
    assert free.mean == pytest.approx((120 + 61) / 15)
    assert free.upper != pytest.approx(15.32)


@pytest.mark.parametrize("bad", [5, 11, 21])
def test_baseline_out_of_range_refused(bad: int) -> None:
    with pytest.raises(ValueError):
        run(ZIGZAG * 7, baseline=bad)


def test_labels_must_match_values() -> None:
    with pytest.raises(ValueError):
        xmr([1.0, 2.0], ["a"], "lower")


@pytest.mark.parametrize(
    "tail, polarity, variation",
    [
        (20.0, "lower", "special cause concerning"),
        (20.0, "higher", "special cause improving"),
        (20.0, "monitor", "special cause neutral (high)"),
        (20.0, "range", "special cause neutral (high)"),
        (0.0, "monitor", "special cause neutral (low)"),
        (0.0, "lower", "special cause improving"),
        (0.0, "higher", "special cause concerning"),
    ],
)
def test_variation_by_polarity(tail: float, polarity: str, variation: str) -> None:
    res = run(ZIGZAG * 7 + [tail], polarity)
    assert res.special[-1]
    assert res.variation == variation


# ---------------------------------------------------------------- assurance

_TARGET_CASES = [
    # limits of ZIGZAG * 7 are 4.68 .. 15.32
    ("lower", 20.0, "always met"),
    ("lower", 3.0, "always missed"),
    ("lower", 12.0, "hit and miss"),
    ("higher", 3.0, "always met"),
    ("higher", 20.0, "always missed"),
    ("higher", 12.0, "hit and miss"),
    ("monitor", 12.0, None),
    ("lower", None, None),
]


@pytest.mark.parametrize("polarity, target, assurance", _TARGET_CASES)
def test_assurance(polarity: str, target: float | None, assurance: str | None) -> None:
    assert run(ZIGZAG * 7, polarity, target=target).assurance == assurance


def test_assurance_uses_latest_target_of_a_series() -> None:
    target: Series = [3.0] * 13 + [20.0]  # the target in force at the latest point is 20
    assert run(ZIGZAG * 7, "lower", target=target).assurance == "always met"
    trailing: Series = [20.0] * 12 + [None, None]  # latest known entry
    assert run(ZIGZAG * 7, "lower", target=trailing).assurance == "always met"


# ---------------------------------------------------------------- outliers


def test_outliers_only_far_outside() -> None:
    far = run(ZIGZAG * 10 + [40.0])
    assert outliers(far) == [20]
    # just over the limit (17.3 > 17.06) but within one sigma of it: a signal, not a keying error
    near = run(ZIGZAG * 10 + [17.3])
    assert near.upper is not None and near.sigma is not None
    assert near.upper < 17.3 < near.upper + near.sigma
    assert near.special[-1] and outliers(near) == []
    assert outliers(run(ZIGZAG * 5)) == []  # not enough data


# ---------------------------------------------------------------- spc_for


def comp_for(actual: Series, last: Series, ri: int | None, **kw: object) -> Computed:
    blank: Series = [None] * 12
    return Computed(
        sheet="S",
        fy=2016,
        frequency="monthly",
        report_index=ri,
        actual=actual,
        actual_last_year=last,
        ytd=list(blank),
        ytd_last_year=list(blank),
        pct_change=list(blank),
        r12=list(blank),
        r12_change=list(blank),
        rate=list(blank),
        denominator_value=list(blank),
        target=list(blank),
        variance=list(blank),
        **kw,  # type: ignore[arg-type]
    )


def test_spc_for_count_uses_both_years_and_monthly_target() -> None:
    last: Series = [9.0, 11.0] * 6
    this: Series = [9.0, 11.0, 9.0, None, None, None, None, None, None, None, None, None]
    ind = Indicator("S", "S", None, polarity="lower", target=Target("cap", 240.0), kind="count")
    res = spc_for(ind, comp_for(this, last, 2, annual_target=240.0))
    assert res is not None and res.enough_data
    assert res.labels[0] == "2015-04" and res.labels[-1] == "2016-06" and len(res.values) == 15
    assert res.assurance == "always met"  # 240 / 12 = 20 per month, above the 15.3 limit
    monitor = Indicator("S", "S", None, polarity="monitor")
    assert spc_for(monitor, comp_for(this, last, 2)).assurance is None  # type: ignore[union-attr]
    assert spc_for(ind, comp_for(this, last, None)) is None


def test_spc_for_percentage_uses_monthly_ratios_and_skips_zero_denominators() -> None:
    den_ly: Series = [10.0] * 12
    num_ly: Series = [7.0, 8.0] * 6
    num: Series = [7.0, 0.0, 8.0] + [None] * 9
    den: Series = [10.0, 0.0, 10.0] + [None] * 9
    ind = Indicator(
        "S", "S", None, kind="percentage", polarity="higher", target=Target("rate", 0.7)
    )
    comp = comp_for(
        num,
        num_ly,
        2,
        numerator=num,
        denominator=den,
        numerator_last_year=num_ly,
        denominator_last_year=den_ly,
    )
    res = spc_for(ind, comp)
    assert res is not None
    assert res.values[:2] == [pytest.approx(0.7), pytest.approx(0.8)]
    assert len(res.values) == 14 and "2016-05" not in res.labels  # May: zero denominator
    assert res.assurance == "hit and miss"


# ---------------------------------------------------------------- properties


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=500), min_size=13, max_size=30),
    st.integers(min_value=-1000, max_value=1000),
)
def test_shifting_every_value_moves_limits_not_signals(vals: list[int], shift: int) -> None:
    a = run([float(v) for v in vals])
    b = run([float(v + shift) for v in vals])
    assert a.lower is not None and a.mean is not None and a.upper is not None
    assert a.lower <= a.mean <= a.upper
    assert b.mean == pytest.approx(a.mean + shift)
    assert b.special == a.special and b.variation == a.variation


def test_spc_for_reduction_target_judged_against_profiled_month() -> None:
    """'Reduction on last year': the target for the month is last year's same month."""
    last: Series = [30.0, 32.0] * 6
    this: Series = [9.0, 11.0, 9.0, 11.0, 9.0, 11.0, 9.0] + [None] * 5
    ind = Indicator("S", "S", None, polarity="lower", target=Target("reduction"), kind="count")
    comp = comp_for(this, last, 6)
    ytd_ly = [sum(last[: i + 1]) for i in range(12)]
    comp = dataclasses.replace(comp, target=list(ytd_ly))  # trajectory = last year's YTD
    res = spc_for(ind, comp)
    assert res is not None and res.enough_data
    # the target used is this month's step of the trajectory: last year's October, 30
    assert res.assurance == xmr(res.values, res.labels, "lower", 30.0).assurance
    assert res.assurance != xmr(res.values, res.labels, "lower", 1000.0).assurance
    comp = dataclasses.replace(comp, target=[None] * 12)
    assert spc_for(ind, comp).assurance is None  # type: ignore[union-attr]
