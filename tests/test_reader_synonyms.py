"""reader.synonyms: row labels seen in real returns map to the SPEC section 4 row kinds."""

from __future__ import annotations

import pytest

from csp_excel.reader.synonyms import classify_row, parse_kind, row_fy

CASES = {
    "actual": ["Month", "Monthly", "DATA", "Number", "Terminations month", "month:"],
    "actual_last_year": ["Actual 2014 - 2015", "Last year", "Previous year"],
    "numerator": ["Successful terminations", "Very + Fairly satisfied"],
    "denominator": ["Terminations (month)", "Total sent out"],
    "snapshot": ["Number currently on programme"],
    "ytd": ["Year to date", "YTD", "Accumulative YTD", "Cum Actuals 15/16", "Year to Date"],
    "ytd_numerator": ["Total successful terminations YTD", "Successful terminations YTD"],
    "ytd_denominator": ["Terminations YTD", "Total terminations YTD"],
    "pct_change": ["% change from previous year", "% change since last year",
                   "% difference in Actuals", "% change from last year"],
    "r12_change": ["% Change compared to previous year (Based on R12 figures)"],
    "r12": ["Rolling 12 month period (for use below)", "Rolling 12 month fig",
            "Rolling 12 months total", "Rolling 12-month fig for use below",
            "Rolling 12 months (For use below)", "Hate Crime (Rolling 12 month)"],
    "rate": ["Per 1,000 Res", "Rate Per 1,000", "Per 1,000 HH", "Rate per 1,000 Population",
             "Per 1,000", "Per 1,000 Res (rolling 12 month)", "Rate Per 1,000 Residents",
             "Rate per 100,000 population"],
    "target": ["Target", "Target 15/16", "Target required"],
    "pct": ["% Successful (YTD)", "Overall % satisfied"],
    "rank": ["Rank (MET / MSG)", "Ranking MET / MSG", "Rank (MET Police)"],
    "unknown": ["Very Satisfied", "Fairly dissatisfied", "", "Comments"],
}  # fmt: skip


@pytest.mark.parametrize("kind,label", [(k, lab) for k, labels in CASES.items() for lab in labels])
def test_classify_row(kind: str, label: str) -> None:
    assert classify_row(label) == kind


def test_user_synonyms_win_and_ignore_case_and_spaces() -> None:
    extra = {"Very  Satisfied": "numerator", "Month": "snapshot", "Bogus": "not-a-kind"}
    assert classify_row("very satisfied", extra) == "numerator"
    assert classify_row("MONTH", extra) == "snapshot"
    assert classify_row("Bogus", extra) == "unknown"  # an invalid user kind is ignored


@pytest.mark.parametrize(
    "label,fy", [("Actual 2014 - 2015", 2014), ("Target 15/16", 2015), ("Month", None)]
)
def test_row_fy(label: str, fy: int | None) -> None:
    assert row_fy(label) == fy


@pytest.mark.parametrize(
    "text,kind",
    [("Actual", "actual"), ("rolling 12", "r12"), ("YTD", "ytd"), ("%", "pct"), ("x", None)],
)
def test_parse_kind(text: str, kind: str | None) -> None:
    assert parse_kind(text) == kind
