"""RAG boundaries, range targets, tolerance, and direction of travel."""

from __future__ import annotations

from datetime import date

import pytest
from core_factory import make_indicator, make_settings

from csp_excel.core.calc import compute
from csp_excel.core.model import Target
from csp_excel.core.rag import (
    dot_for,
    effective_polarity,
    monitor_direction,
    rag_for,
    rag_range,
)

# A cap of 1200 profiled linearly: the April trajectory is 100.


@pytest.mark.parametrize(
    ("april", "text", "expected"),
    [
        (80, "No more than 1200", "G"),
        (100, "No more than 1200", "G"),  # on target
        (100.5, "No more than 1200", "A"),
        (110, "No more than 1200", "A"),  # exactly 10% over: still Amber
        (110.01, "No more than 1200", "R"),
        (120, "More than 1200", "G"),
        (100, "More than 1200", "G"),
        (90, "More than 1200", "A"),  # exactly 10% under
        (89.99, "More than 1200", "R"),
        (0, "More than 1200", "R"),
        (50, "For monitoring", "None"),
        (50, "", "None"),
    ],
)
def test_rag_boundaries(april: float, text: str, expected: str) -> None:
    comp = compute(make_indicator([april], target_text=text), make_settings())
    assert comp.rag == expected


@pytest.mark.parametrize(
    ("april", "tolerance", "expected"),
    [(104, 0.05, "A"), (105, 0.05, "A"), (106, 0.05, "R"), (114, 0.15, "A"), (116, 0.15, "R")],
)
def test_tolerance_per_partnership(april: float, tolerance: float, expected: str) -> None:
    ind = make_indicator([april], target_text="No more than 1200")
    assert compute(ind, make_settings(rag_tolerance=tolerance)).rag == expected


def test_indicator_tolerance_beats_partnership() -> None:
    ind = make_indicator([112], target_text="No more than 1200", tolerance=0.15)
    assert compute(ind, make_settings(rag_tolerance=0.05)).rag == "A"
    ind.tolerance = None
    assert compute(ind, make_settings(rag_tolerance=0.05)).rag == "R"


def test_rag_uses_reporting_month_ytd() -> None:
    ind = make_indicator([100, 100, 200], target_text="No more than 1200")
    assert compute(ind, make_settings(reporting_month=date(2016, 5, 1))).rag == "G"
    assert compute(ind, make_settings()).rag == "R"  # 400 vs 300


def test_explicit_monitor_polarity_is_never_judged() -> None:
    ind = make_indicator([500], target_text="No more than 1200", polarity="monitor")
    comp = compute(ind, make_settings())
    assert comp.rag == "None"
    assert comp.variance[0] == 400  # the figures are still there


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.28, "G"),
        (0.34, "G"),
        (0.40, "G"),
        (0.26, "A"),  # 2 points below 28%: within 10% of 28% (2.8 points)
        (0.252, "A"),
        (0.25, "R"),
        (0.44, "A"),  # 4 points above 40%: exactly 10% of 40%
        (0.45, "R"),
        (0.0, "R"),
    ],
)
def test_range_rag(value: float, expected: str) -> None:
    assert rag_range(value, 0.28, 0.40, 0.10) == expected


def test_range_rag_through_compute() -> None:
    ind = make_indicator(
        kind="percentage",
        numerator=[26],
        denominator=[100],
        target_text="To achieve a repeat referral rate between 28% - 40%.",
    )
    assert effective_polarity(ind) == "range"
    comp = compute(ind, make_settings())
    assert comp.rag == "A"
    assert rag_for(ind, comp, 0.05) == "R"


def test_rate_target_for_percentage() -> None:
    ind = make_indicator(
        kind="percentage", numerator=[6, 7], denominator=[10, 10], target_text="70%"
    )
    comp = compute(ind, make_settings())
    assert comp.pct_ytd is not None and comp.pct_ytd[1] == pytest.approx(0.65)
    assert comp.rag == "A"  # 5 points short of 70%: within 7


def test_no_report_is_none() -> None:
    comp = compute(make_indicator([], target_text="No more than 10"), make_settings())
    assert comp.rag == "None"


def test_effective_polarity() -> None:
    ind = make_indicator([1], target_text="Reduction on last years figures")
    assert ind.polarity_source == "default"
    assert effective_polarity(ind) == "lower"
    ind.polarity, ind.polarity_source = "higher", "sheet"
    assert effective_polarity(ind) == "higher"
    ind.target = Target(kind="range", low=0.2, high=0.3)
    assert effective_polarity(ind) == "range"
    ind.polarity = "monitor"
    assert effective_polarity(ind) == "monitor"


# ---------------------------------------------------------------- direction of travel

LY = [100.0] * 12  # R12 at April = 1100 + April's figure


@pytest.mark.parametrize(
    ("may", "text", "band", "expected"),
    [
        (100, "Reduction on last years figures", 0.01, "static"),
        (105, "Reduction on last years figures", 0.01, "static"),  # +0.42%
        (112, "Reduction on last years figures", 0.01, "worse"),  # exactly +1%: not static
        (88, "Reduction on last years figures", 0.01, "improved"),
        (105, "Reduction on last years figures", 0.001, "worse"),
        (112, "Increase on last year", 0.01, "improved"),
        (88, "Increase on last year", 0.01, "worse"),
    ],
)
def test_dot_counts(may: float, text: str, band: float, expected: str) -> None:
    ind = make_indicator([100, may], LY, target_text=text)
    comp = compute(ind, make_settings(static_band=band))
    assert comp.r12[:2] == [1200, 1100 + may]
    assert comp.dot == expected


def test_dot_in_april_compares_with_last_march() -> None:
    ind = make_indicator([130], LY, target_text="Reduction on last years figures")
    comp = compute(ind, make_settings())
    assert comp.r12[0] == 1230  # vs last year's 1200
    assert comp.dot == "worse"


def test_dot_without_r12_compares_monthly_actuals() -> None:
    ind = make_indicator([100, 80], target_text="No more than 1200")
    assert compute(ind, make_settings()).dot == "improved"


@pytest.mark.parametrize(
    ("num", "den", "polarity", "band", "expected"),
    [
        ([5, 5], [10, 10], "higher", 0.01, "static"),  # 50% -> 50%
        ([5, 6], [10, 10], "higher", 0.01, "improved"),  # 50% -> 55%
        ([5, 4], [10, 10], "higher", 0.01, "worse"),  # 50% -> 45%
        ([5, 4], [10, 10], "lower", 0.01, "improved"),
        ([500, 504], [1000, 1000], "higher", 0.01, "static"),  # 50% -> 50.2%: < 1 point
        ([500, 530], [1000, 1000], "higher", 0.01, "improved"),  # +1.5 points
        ([500, 530], [1000, 1000], "higher", 0.02, "static"),
        ([10, 10], [10, 10], "higher", 0.01, "peaked"),  # 100% stays 100%
        ([9, 10], [10, 10], "higher", 0.01, "improved"),  # 90% -> 95%
        ([10, 10], [10, 10], "lower", 0.01, "static"),  # peaked only when higher is better
    ],
)
def test_dot_percentages(
    num: list[float], den: list[float], polarity: str, band: float, expected: str
) -> None:
    ind = make_indicator(kind="percentage", numerator=num, denominator=den, polarity=polarity)
    comp = compute(ind, make_settings(static_band=band))
    assert comp.dot == expected


def test_dot_range_moves_towards_band() -> None:
    ind = make_indicator(
        kind="percentage", numerator=[20, 30], denominator=[100, 100], target_text="28%-40%"
    )
    assert compute(ind, make_settings()).dot == "improved"  # 20% -> 25%: nearer 28%
    ind = make_indicator(
        kind="percentage", numerator=[40, 60], denominator=[100, 100], target_text="28%-40%"
    )
    assert compute(ind, make_settings()).dot == "worse"  # 40% -> 50%


@pytest.mark.parametrize(
    ("may", "direction", "dot"), [(150, "up", None), (50, "down", None), (100, "static", "static")]
)
def test_dot_monitor_has_direction_without_judgement(
    may: float, direction: str, dot: str | None
) -> None:
    ind = make_indicator([100, may], LY, target_text="For monitoring")
    comp = compute(ind, make_settings())
    assert comp.dot == dot
    assert monitor_direction(comp) == direction
    dot_for(ind, comp, 0.01)  # calling again does not pile up notes
    assert sum(n.startswith("direction: ") for n in comp.notes) == 1


def test_dot_snapshot_compares_values() -> None:
    ind = make_indicator([30, 25], kind="snapshot", target_text="No more than 26")
    assert compute(ind, make_settings()).dot == "improved"


def test_dot_none_without_previous() -> None:
    ind = make_indicator([100], target_text="No more than 1200")  # April, no last year
    assert compute(ind, make_settings()).dot is None
