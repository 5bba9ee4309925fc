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
