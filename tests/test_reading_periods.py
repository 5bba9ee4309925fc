"""Period labels the reader now accepts: quarter ranges with and without years, ISO months."""

from __future__ import annotations

from datetime import date

import pytest

from csp_excel.core.periods import parse_quarter_label, parse_report_month, quarter_label_fy


@pytest.mark.parametrize(
    ("text", "quarter", "fy"),
    [
        ("Apr-Jun", 1, None),
        ("Jul - Sep", 2, None),
        ("Oct to Dec 14", 3, 2014),
        ("Apr - Jun 2014", 1, 2014),
        ("Jan - Mar 2015", 4, 2014),  # January to March 2015 is the last quarter of 2014/15
        ("Quarter 3", 3, None),
        ("Q1 2016/17", 1, 2016),
    ],
)
def test_quarter_labels(text: str, quarter: int, fy: int | None) -> None:
    assert parse_quarter_label(text) == quarter and quarter_label_fy(text) == fy


@pytest.mark.parametrize("text", ["Apr-16", "Jun-Apr", "Apr-May", "April", "2014"])
def test_not_quarter_labels(text: str) -> None:
    assert parse_quarter_label(text) is None


def test_reporting_month_as_typed_on_the_command_line() -> None:
    assert parse_report_month("2016-12") == date(2016, 12, 1)
    assert parse_report_month("Dec-16") == date(2016, 12, 1)
    assert parse_report_month("2016-13") is None
