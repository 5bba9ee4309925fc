"""reader.settings: Setting|Value pairs, the denominator and indicator tables, row synonyms."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from wb_factory import settings_rows, write_book

from csp_excel.reader.settings import parse_date, read_row_synonyms, read_settings
from csp_excel.reader.sheets import load_sheets


def load(tmp_path, rows):
    return load_sheets(write_book(tmp_path / "s.xlsx", {"Settings": rows}))[0]


def test_pairs_and_denominators(tmp_path) -> None:
    s, f = read_settings(load(tmp_path, settings_rows()))
    assert f == []
    assert s.source == "sheet" and s.partnership == "Barking and Dagenham"
    assert s.reporting_month == date(2016, 12, 1)
    assert s.rag_tolerance == pytest.approx(0.10) and s.static_band == pytest.approx(0.01)
    assert s.cells["RAG tolerance"] == "B4" and s.cells["Reporting month"] == "B3"
    res = s.denominator("Residents")
    assert [(d.value, d.effective_from) for d in res] == [
        (198294, date(2015, 6, 30)), (201979, date(2016, 6, 30))]  # fmt: skip
    assert s.denominator("households")[0].value == 69685


@pytest.mark.parametrize(
    "month,tol,want_month,want_tol",
    [(datetime(2016, 12, 15), 0.05, date(2016, 12, 1), 0.05), ("December 2016", "15%", date(2016, 12, 1), 0.15),
     ("Dec-16", 10, date(2016, 12, 1), 0.10)],
)  # fmt: skip
def test_value_forms(tmp_path, month, tol, want_month, want_tol) -> None:
    s, f = read_settings(load(tmp_path, settings_rows(reporting_month=month, tolerance=tol)))
    assert (
        f == [] and s.reporting_month == want_month and s.rag_tolerance == pytest.approx(want_tol)
    )


def test_indicator_table_any_order_and_subset(tmp_path) -> None:
    rows = settings_rows(
        indicator_header=("Sheet", "Kind", "Numerator row", "Denominator row", "Tolerance", "Per",
                          "Target", "Polarity", "Profile", "Denominator"),
        indicators=[["DRR", "percentage", "Successful terminations", "Terminations (month)", "5%",
                     None, "70%", "higher", None, None],
                    ["Burglary", None, None, None, None, 1000, "No more than 1500", "Lower", "seasonal",
                     "Households"]],
    )  # fmt: skip
    s, f = read_settings(load(tmp_path, rows))
    assert f == []
    drr, burg = s.indicators["drr"], s.indicators["burglary"]
    assert (drr.kind, drr.numerator_row, drr.denominator_row, drr.tolerance, drr.target, drr.polarity) == (
        "percentage", "Successful terminations", "Terminations (month)", 0.05, "70%", "higher")  # fmt: skip
    assert drr.per is None and drr.profile is None and drr.denominator is None
    assert (burg.per, burg.target, burg.polarity, burg.profile, burg.denominator) == (
        1000, "No more than 1500", "lower", "seasonal", "Households")  # fmt: skip


def test_bad_entries_are_findings_at_their_cells(tmp_path) -> None:
    rows = settings_rows(reporting_month="soon", tolerance="lots",
                         denominators=[["Residents", "many", "2015-06-30"], ["Households", 69685, "whenever"]],
                         indicators=[["Robbery", "sideways"]], indicator_header=("Sheet", "Polarity"))  # fmt: skip
    s, f = read_settings(load(tmp_path, rows))
    assert [(x.code, x.cell) for x in f] == [
        ("SETTING_INVALID", "B8"), ("SETTING_INVALID", "C9"), ("SETTING_INVALID", "B12"),
        ("SETTING_INVALID", "B3"), ("SETTING_INVALID", "B4")]  # fmt: skip
    assert s.reporting_month is None and s.rag_tolerance == 0.10 and s.denominators == {}
    assert s.indicators["robbery"].polarity is None


def test_row_synonyms_table(tmp_path) -> None:
    rows = [
        ["Row label", "Kind"],
        ["Calls received", "Actual"],
        ["Calls so far", "YTD"],
        ["Junk", "??"],
    ]
    assert read_row_synonyms(load(tmp_path, rows)) == {
        "Calls received": "actual",
        "Calls so far": "ytd",
    }


@pytest.mark.parametrize(
    "v,want",
    [("2015-06-30", date(2015, 6, 30)), ("30/06/2015", date(2015, 6, 30)), ("Jun-15", date(2015, 6, 1)),
     (datetime(2011, 3, 27, 0, 0), date(2011, 3, 27)), ("nope", None), (3.0, None)],
)  # fmt: skip
def test_parse_date(v, want) -> None:
    assert parse_date(v) == want
