"""SPC to the "Making Data Count" standard: worked examples from the methods' published
descriptions, one rule at a time, then in conflict, then rebasing and the run chart.

Sources cited per case:
- MDC: NHS England / NHS Improvement, "Making Data Count" and "A guide to creating and
  interpreting run and control charts" (NHS Improvement, 2017), the rules the MDC Excel tool uses.
- NHSRplotthedots: github.com/nhs-r-community/NHSRplotthedots, the NHS-R package that mimics the
  MDC Excel tool (vignettes/deviations.Rmd): tests/testthat/test-ptd_calculate_point_type.R,
  R/ptd_calculate_point_type.R, NEWS 0.2.2 (issue #143), pull request #180 (rule order).
- Perla, Provost and Murray, "The run chart", BMJ Qual Saf 2011;20:46-51 (run chart rules).
Every expected figure is worked out here from the raw numbers.
"""

from __future__ import annotations

import pytest

from csp_excel.core.model import SpcResult
from csp_excel.core.spc import outliers, point_limits, xmr

ZIGZAG = [9.0, 11.0]  # mean 10, every moving range 2


def run(values: list[float], polarity: str = "lower", **kw: object) -> SpcResult:
    return xmr(list(values), [f"p{i}" for i in range(len(values))], polarity, **kw)  # type: ignore[arg-type]


def marked(res: SpcResult) -> list[int]:
    return [i for i, s in enumerate(res.special) if s]


# ------------------------------------------------------------ 2 of 3 beyond 2 sigma, MDC form

# (case, values, polarity, marked points, variation, source)
TWO_OF_THREE = [
    (
        # mean 161/15 = 10.733, MR (22 + 5 + 7 + 7)/14 = 2.929, 2 sigma = 5.193: both 16s are
        # beyond 2 sigma (15.93) but the 9 between them is below the mean and spoils every
        # window holding both; 16 < upper limit 18.52
        "issue 12: 16, 9, 16 -> a point on the other side spoils the window",
        ZIGZAG * 6 + [16.0, 9.0, 16.0],
        "higher",
        [],
        "common cause",
        "NHSRplotthedots NEWS 0.2.2 / issue #143; test 'ptd_two_in_three ... opposite sides'",
    ),
    (
        # mean 162/15 = 10.8, MR (22 + 13.5)/14 = 2.536, 2 sigma = 4.496 -> 15.30 < 15.5 < UCL
        # 17.55; the 11 between is above the mean: the window counts, the two 15.5s flagged
        "15.5, 11, 15.5: all three above the mean, two beyond 2 sigma",
        ZIGZAG * 6 + [15.5, 11.0, 15.5],
        "lower",
        [12, 14],
        "special cause concerning",
        "NHSRplotthedots test 'ptd_two_in_three works as expected' (1, 0, 1 with all above)",
    ),
    (
        # m = the mean exactly: 120 + 32 + m = 15 m -> m = 152/14 = 10.857; MR (22 + 5 +
        # 2 x 5.143)/14 = 2.663, 2 sigma = 4.722 -> 16 - 10.857 = 5.143 is beyond; UCL 17.94
        "16, mean, 16: a point on the mean spoils the window",
        ZIGZAG * 6 + [16.0, 152 / 14, 16.0],
        "lower",
        [],
        "common cause",
        "MDC: 2 of 3 consecutive points beyond 2 sigma on the same side of the mean",
    ),
]


@pytest.mark.parametrize("case, values, polarity, want, variation, source", TWO_OF_THREE)
def test_two_of_three_mdc(case, values, polarity, want, variation, source) -> None:
    res = run(values, polarity)
    assert marked(res) == want, case
    assert res.variation == variation, case


def test_two_of_three_hand_arithmetic_of_the_issue_case() -> None:
    res = run(ZIGZAG * 6 + [16.0, 9.0, 16.0], "higher")
    mean, mr = 161 / 15, 41 / 14
    assert res.mean == pytest.approx(mean) and res.sigma == pytest.approx(mr / 1.128)
    assert 16 > mean + 2 * mr / 1.128 and 16 < mean + 2.66 * mr  # beyond 2 sigma, inside limits


# ------------------------------------------------------------ conflicts at the latest point

# limits fixed on 12 zigzag points: mean 10, MR 2, limits 4.68 .. 15.32, sigma 1.773
CONFLICTS = [
    (
        # the issue's example: above the upper limit while a falling trend runs, lower better
        "outside (high) beats a falling trend",
        ZIGZAG * 6 + [30.0, 29.0, 28.0, 27.0, 26.0, 25.0, 24.0],
        "lower",
        "above upper limit",
        "special cause concerning",
        "NHSRplotthedots PR #180: 1 outside the limits, 2 trend, 3 two in three, 4 shift",
    ),
    (
        # 15.3 falling to 13.6: all beyond 2 sigma (13.55), inside 15.32, all above the mean
        # (a high shift and high 2 of 3) while falling 7 points: the trend decides
        "a falling trend beats 2 of 3 (high) and a shift (high)",
        ZIGZAG * 6 + [15.3, 15.0, 14.7, 14.4, 14.1, 13.8, 13.6],
        "lower",
        "7 points falling",
        "special cause improving",
        "NHSRplotthedots R/ptd_calculate_point_type.R, ptd_special_cause_type case_when order",
    ),
]


@pytest.mark.parametrize("case, values, polarity, first_rule, variation, source", CONFLICTS)
def test_conflict_resolved_in_mdc_order(
    case, values, polarity, first_rule, variation, source
) -> None:
    res = run(values, polarity, baseline=12)
    assert res.mean == pytest.approx(10.0) and res.upper == pytest.approx(15.32)
    last = len(values) - 1
    assert res.rules[last].startswith(first_rule), case
    assert "conflicting signals" in res.rules[last]  # both directions kept, not hidden
    assert res.both_ways[last]
    assert res.variation == variation, case


def test_no_conflict_note_when_signals_agree() -> None:
    res = run(ZIGZAG * 6 + [20.0, 21.0, 20.0], baseline=12)  # outside and 2 of 3, all high
    assert not any(res.both_ways) and "conflicting" not in res.rules[-1]


# ------------------------------------------------------------ neutral keeps the side


@pytest.mark.parametrize(
    "tail, want",
    [(20.0, "special cause neutral (high)"), (0.0, "special cause neutral (low)")],
)
def test_neutral_keeps_the_side(tail: float, want: str) -> None:
    # NHSRplotthedots ptd_point_type: special_cause_neutral_high / _low when no direction
    assert run(ZIGZAG * 7 + [tail], "monitor").variation == want


# ------------------------------------------------------------ rebasing


def test_rebase_gives_each_period_its_own_limits() -> None:
    # 14 zigzag points around 10, then 14 around 20 (19, 21): rebased at point 14, each period
    # has mean 10 / 20 and MR 2 (the moving range 11 -> 19 does not cross the rebase)
    vals = ZIGZAG * 7 + [19.0, 21.0] * 7
    res = run(vals, rebase=[("p14", "new recording system")])
    assert [(p.start, p.end) for p in res.phases] == [(0, 13), (14, 27)]
    first, now = res.phases
    assert first.mean == pytest.approx(10) and first.upper == pytest.approx(15.32)
    assert now.mean == pytest.approx(20) and now.lower == pytest.approx(14.68)
    assert now.reason == "new recording system"
    assert (res.mean, res.lower, res.upper) == (now.mean, now.lower, now.upper)  # current period
    assert marked(res) == [] and res.variation == "common cause"
    # not rebased: one mean of 15 over both; two runs of 14 on each side of it
    whole = run(vals)
    assert whole.mean == pytest.approx(15) and len(whole.phases) == 1
    assert marked(whole) == list(range(28))


def test_rebase_with_a_baseline_uses_each_periods_first_points() -> None:
    vals = ZIGZAG * 6 + [15.0] + ZIGZAG * 6 + [30.0]  # 13 + 13 points
    res = run(vals, baseline=12, rebase=[("p13", "merger")])
    assert [p.baseline for p in res.phases] == [12, 12]
    assert res.phases[0].mean == pytest.approx(10) and res.phases[1].mean == pytest.approx(10)
    assert marked(res) == [25]  # 30 > 15.32 in the second period; 15 < 15.32 in the first


def test_rebase_month_without_a_point_is_said_not_silent() -> None:
    said: list[str] = []
    res = run(ZIGZAG * 7, rebase=[("p99", "x"), ("p13", "too late")], skipped=said)
    assert len(res.phases) == 1
    assert any("p99" in s and "no figure" in s for s in said)
    assert any("p13" in s and "fewer than 2 points" in s for s in said)


def test_never_rebased_automatically() -> None:
    # a clear step change, no rebase asked for: one period, and the step is a signal
    res = run(ZIGZAG * 7 + [29.0, 31.0] * 7)
    assert len(res.phases) == 1 and res.special[-1]


# ------------------------------------------------------------ run chart under 13 points

# (case, values, polarity, marked, variation, source); the median is worked out in each case
RUN_CHARTS = [
    (
        # median of 5,6 x3 and 9,10 x3 = 7.5: six below then six above, two shifts of 6
        "two shifts of 6 either side of the median",
        [5.0, 6.0] * 3 + [9.0, 10.0] * 3,
        "lower",
        list(range(12)),
        "special cause concerning",
        "MDC run chart guide (NHS Improvement 2017): shift = 6 or more on one side of the median",
    ),
    (
        # median of 10,12,10,12,10,12,8,9,10,11,12 is 10; 8..12 rising: a trend of 5
        "a trend of 5 rising",
        [10.0, 12.0, 10.0, 12.0, 10.0, 12.0, 8.0, 9.0, 10.0, 11.0, 12.0],
        "higher",
        [6, 7, 8, 9, 10],  # 8 to 12; the fall 12 -> 8 is one step, not part of it
        "special cause improving",
        "MDC run chart guide: trend = 5 or more points all going up or all going down",
    ),
    (
        # median of 1 x5, 5, 9 x5 is 5: the point on the median neither adds to nor breaks
        # the run, so 1,1,1,1,1 then 5 then 9 x5 has no run of 6 on one side
        "a point on the median neither adds to nor breaks a shift",
        [1.0] * 5 + [5.0] + [9.0] * 5,
        "lower",
        [],
        "common cause",
        "Perla, Provost and Murray 2011: values on the median do not make or break a shift",
    ),
    (
        # 2,4,4,6,8,10 then 3,5,3,5: the repeated 4 is skipped, 2,4,6,8,10 is a trend of 5
        "a repeated value neither adds to nor breaks a trend",
        [2.0, 4.0, 4.0, 6.0, 8.0, 10.0, 3.0, 5.0, 3.0, 5.0],
        "lower",
        [0, 1, 2, 3, 4, 5],
        "common cause",
        "Perla 2011 / NHS Improvement guide p.24: like values do not make or break a trend",
    ),
]


@pytest.mark.parametrize("case, values, polarity, want, variation, source", RUN_CHARTS)
def test_run_chart_rules(case, values, polarity, want, variation, source) -> None:
    res = run(values, polarity)
    assert res.kind == "run" and not res.enough_data
    assert res.mean is None and res.upper is None and res.assurance is None  # no limits
    assert marked(res) == want, case
    assert res.variation == variation, case


def test_run_chart_median_and_too_few_points() -> None:
    res = run([3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0])
    assert res.median == pytest.approx(3.0)  # sorted 1 1 2 3 4 5 9
    short = run([1.0, 2.0, 3.0, 4.0, 5.0])  # fewer than 6: no rule could fire
    assert short.kind == "none" and short.variation == "not enough data"


def test_outliers_judged_against_each_points_own_period() -> None:
    # period 1 around 10, period 2 around 100: against the current limits (100 +/- 5.32)
    # every old point would look like a keying error; against its own, none is
    vals = ZIGZAG * 7 + [99.0, 101.0] * 7
    res = run(vals, rebase=[("p14", "service merged")])
    assert outliers(res) == []
    # a 40 ending period 1: mean 180/15 = 12, MR (13 x 2 + 29)/14, upper 22.4 + sigma 3.5
    spiked = run(ZIGZAG * 7 + [40.0] + [99.0, 101.0] * 7, rebase=[("p15", "service merged")])
    low, high, sigma = point_limits(spiked, 14)
    mean, mr = 180 / 15, (13 * 2 + 29) / 14
    assert high == pytest.approx(mean + 2.66 * mr) and sigma == pytest.approx(mr / 1.128)
    assert 40 > high + sigma and outliers(spiked) == [14]
