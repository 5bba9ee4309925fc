"""Targets and polarity from the return's own words (phrases from real returns)."""

from __future__ import annotations

import pytest

from csp_excel.core.model import Target
from csp_excel.core.targets import parse_polarity, parse_target, polarity_for_target

T = tuple[str, float | None, float | None, float | None]  # kind, value, low, high


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("No more than 257", ("cap", 257, None, None)),
        ("No more than 1,383 offences", ("cap", 1383, None, None)),
        ("Not more than 169", ("cap", 169, None, None)),
        ("More than 6587", ("floor", 6587, None, None)),
        ("At least 500", ("floor", 500, None, None)),
        ("5% decrease from previous year", ("reduction_pct", 0.05, None, None)),
        ("5% Decrease from previous year", ("reduction_pct", 0.05, None, None)),
        ("A reduction of 10% on last year", ("reduction_pct", 0.10, None, None)),
        ("2.5% reduction", ("reduction_pct", 0.025, None, None)),
        ("Reduction on last years figures", ("reduction", None, None, None)),
        ("Decrease on last years figures", ("reduction", None, None, None)),
        ("Decrease on previous year", ("reduction", None, None, None)),
        ("Keep as low as possible", ("reduction", None, None, None)),
        ("Increase on last year", ("increase", None, None, None)),
        ("5% increase on last year", ("increase", 0.05, None, None)),
        ("To achieve a repeat referral rate between 28% - 40%.", ("range", None, 0.28, 0.40)),
        ("28%-40%", ("range", None, 0.28, 0.40)),
        ("28-40%", ("range", None, 0.28, 0.40)),
        ("between 28% and 40%", ("range", None, 0.28, 0.40)),
        ("28% – 40%", ("range", None, 0.28, 0.40)),
        ("24 individuals, 70% success rate", ("rate", 0.70, None, None)),
        ("70%", ("rate", 0.70, None, None)),
        ("24 individuals (Barking and Dagenham only)", ("floor", 24, None, None)),
        ("For monitoring", ("none", None, None, None)),
        ("For monitoring.", ("none", None, None, None)),
        (
            "For monitoring only – Activity should reflect local trends in burglary figures",
            ("none", None, None, None),
        ),
        ("Monitoring", ("none", None, None, None)),
        ("", ("none", None, None, None)),
        (
            "Generally, an increase in crimes reported is considered a good thing. If crimes "
            "reported is going down it should prompt services to ask 'what are we not doing?'",
            ("none", None, None, None),
        ),
        (
            "Service is demand driven and activity should be compared against the number of "
            "burglary offences.",
            ("none", None, None, None),
        ),
        ("To remain within the top-quartile range for comparator LAs.", ("none", None, None, None)),
    ],
)
def test_parse_target(text: str, expected: T) -> None:
    got = parse_target(text)
    kind, value, low, high = expected
    assert got.kind == kind
    assert got.value == (None if value is None else pytest.approx(value))
    assert got.low == (None if low is None else pytest.approx(low))
    assert got.high == (None if high is None else pytest.approx(high))
    assert got.text == text.strip()


# Forms seen in the Plymouth, Leicestershire and Redcar reports (issue #9), as the return words them.
WORDED = [
    ("(2015/16 performance measure - record more than 6587 crimes)", ("floor", 6587, None, None)),
    (
        "SOME CONCERNS ABOUT PERFORMANCE IN THIS AREA: (within 15% of performance measure) - "
        "(2015/16 performance measure - record more than 6587 crimes)",
        ("floor", 6587, None, None),
    ),
    (
        "AREA OF SIGNIFICANT CONCERN: (outside of 15% of performance measure) - (2015/16 "
        "performance measure – to receive more than 2665 referrals)",
        ("floor", 2665, None, None),
    ),
    (
        "GENERALLY SATISFIED WITH PERFORMANCE - (2015/16 performance measure of not more than "
        "10,064 Incidents)",
        ("cap", 10064, None, None),
    ),
    (
        "(2015/16 performance measure – at least 200 professionals to attend DASH training)",
        ("floor", 200, None, None),
    ),
    ("(2015/16 performance measure to record 621 incidents)", ("floor", 621, None, None)),
    ("record 621 incidents", ("floor", 621, None, None)),
    ("To receive 2,665 referrals", ("floor", 2665, None, None)),
    ("to record 2015/16 levels", ("none", None, None, None)),  # a year is not a count
    ("gap of not more than 77.3", ("cap", 77.3, None, None)),
    ("No more than 10,064 incidents", ("cap", 10064, None, None)),
    ("fewer than 500 incidents", ("cap", 500, None, None)),
    ("Fewer than last year", ("reduction", None, None, None)),
    ("No fewer than 200 professionals", ("floor", 200, None, None)),
    ("no less than 50 visits", ("floor", 50, None, None)),
    ("Not less than 1,000", ("floor", 1000, None, None)),
    ("More than 6,587 crimes", ("floor", 6587, None, None)),
    ("A repeat rate between 25% and 30%", ("range", None, 0.25, 0.30)),
    ("Within the nationally expected range of 25% to 30%", ("range", None, 0.25, 0.30)),
    ("between 25 and 30%", ("range", None, 0.25, 0.30)),
    ("25% to 30%", ("range", None, 0.25, 0.30)),
    ("No more than 30%", ("range", None, 0.0, 0.30)),  # a percentage ceiling: inside 0-30%
    ("Lower than the 26.3% reoffending rate achieved in 2009", ("range", None, 0.0, 0.263)),
    ("No more than 5% increase on last year", ("increase", 0.05, None, None)),
    (
        "Reduce 10 BCS comparator crime indicators by 17.5% by 2007/08",
        ("reduction_pct", 0.175, None, None),
    ),
    ("Increase the number of referrals received by 10%", ("increase", 0.10, None, None)),
    (
        "Good performance would be to increase the arrest rate to meet our target of 78.6%",
        ("rate", 0.786, None, None),
    ),
    ("At least 70% complete successfully", ("rate", 0.70, None, None)),
    ("An increase of at least 5% on last year", ("increase", 0.05, None, None)),
    ("A reduction of at least 10%", ("reduction_pct", 0.10, None, None)),
    ("Below 30%", ("range", None, 0.0, 0.30)),
    ("30% or less", ("range", None, 0.0, 0.30)),
    ("70% or above", ("rate", 0.70, None, None)),
    ("257 or fewer", ("cap", 257, None, None)),
    ("1,000 incidents or less", ("cap", 1000, None, None)),
    ("200 professionals or more", ("floor", 200, None, None)),
    ("To keep ASB below 10,064 incidents", ("cap", 10064, None, None)),
    ("At or below last year's level", ("reduction", None, None, None)),
    ("between 200 and 300 referrals", ("none", None, None, None)),  # no % : not a rate band
    (
        "NO PERFORMANCE MEASURE BUT SOME CONCERNS ABOUT PERFORMANCE IN THIS AREA – MONITORING ONLY",
        ("none", None, None, None),
    ),
    ("Reduce criminal damage compared with last year", ("reduction", None, None, None)),
]


@pytest.mark.parametrize(("text", "expected"), WORDED)
def test_parse_target_worded_forms(text: str, expected: T) -> None:
    test_parse_target(text, expected)


def test_percentages_have_no_float_noise() -> None:
    assert parse_target("our target of 78.6%").value == 0.786
    assert parse_target("between 28.5% and 40%").low == 0.285


def test_target_source() -> None:
    assert parse_target("No more than 257").source == "sheet"
    assert parse_target("For monitoring").source == "sheet"
    assert parse_target("").source == "none"
    assert parse_target(None).source == "none"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "We are looking for a decrease in this figure, and would normally compare with the "
            "same period in the previous year, as crime is (broadly) seasonal.",
            "lower",
        ),
        ("Good to be low", "lower"),
        ("Good to be high", "higher"),
        ("We are looking for fewer young people to be sentenced to custody", "lower"),
        (
            "Ideally we would see a year on year reduction in ASB calls reported to the Police.",
            "lower",
        ),
        ("We would be looking at the amount of re referrals being lower than last year", "lower"),
        ("Fewer Outdoor fires that the target specified for the month", "lower"),
        ("We are looking for consistent decreases in this figure over time.", "lower"),
        (
            "Good performance would be achieving a lower number of residential burglaries and a "
            "higher number of attempted burglaries which indicates that homes are secure.",
            "lower",
        ),
        (
            "Generally, an increase in crimes reported is considered a good thing. If crimes "
            "reported is going down it should prompt services to ask questions.",
            "higher",
        ),
        (
            "We would be looking for an increased majority of successful completions on discharge.",
            "higher",
        ),
        ("The more homes that are visited the more properties that should be secure.", "higher"),
        ("An increased rate of referral would lead to more homes being secured.", "higher"),
        ("Good performance would be to get this figure to as near 100% as possible", "higher"),
        (
            "For monitoring. DV is likely to be an under reported crime. An increase in offences "
            "could show that more people recognise domestic abuse as a crime.",
            "monitor",
        ),
        ("For monitoring – an increase in reporting is encouraged.", "monitor"),
        (
            "The local target recommended by Safelives is to achieve a repeat referrals rate of "
            "between 28-40%.",
            "range",
        ),
        ("Within the nationally expected range of 25% to 30%", "range"),
        (
            "This has now moved into the nationally expected range for MARACs of 25% to 30%, "
            "having been lower than this for many years.",
            "range",
        ),
        ("A repeat rate in the range of 25% to 30%", "range"),
        ("Low", "lower"),  # a "Good to be" column
        ("High", "higher"),
        ("Low is good", "lower"),
        ("Higher is better", "higher"),
        ("An increase in reporting is considered a good thing", "higher"),
        ("MONITORING ONLY", "monitor"),
        ("Good performance is measured by achieving the set targets.", None),
        (
            "Being within the top quartile range for comparator LAs is considered good performance.",
            None,
        ),
        ("", None),
        (None, None),
    ],
)
def test_parse_polarity(text: str | None, expected: str | None) -> None:
    assert parse_polarity(text) == expected


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("range", "range"),
        ("cap", "lower"),
        ("reduction", "lower"),
        ("reduction_pct", "lower"),
        ("floor", "higher"),
        ("rate", "higher"),
        ("increase", "higher"),
        ("none", None),
    ],
)
def test_polarity_for_target(kind: str, expected: str | None) -> None:
    assert polarity_for_target(Target(kind=kind)) == expected
