"""reader.settings: Setting|Value pairs, the denominator and indicator tables, row synonyms."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from wb_factory import settings_rows, write_book

from csp_excel.reader.settings import read_row_synonyms, read_settings
from csp_excel.reader.settings_values import parse_date
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


def _targets(tmp_path, *targets):
    rows = settings_rows(indicators=[[f"S{i}", t] for i, t in enumerate(targets)],
                         indicator_header=("Sheet", "Target"))  # fmt: skip
    return read_settings(load(tmp_path, rows))


def test_numeric_target_between_0_and_1_is_a_rate(tmp_path) -> None:
    # 0.7 is what a cell formatted as 70% holds; it must not become the text "0.7".
    s, f = _targets(tmp_path, 0.7, 1, 0.125)
    assert f == []
    assert [s.indicators[f"s{i}"].target for i in range(3)] == ["70%", "100%", "12.5%"]


@pytest.mark.parametrize("value", [257, 257.0, "257", 0, -3])
def test_bare_number_target_asks_for_words(tmp_path, value) -> None:
    s, f = _targets(tmp_path, value)
    assert [(x.code, x.severity, x.cell) for x in f] == [("SETTING_INVALID", "warning", "B13")]
    assert "No more than" in f[0].message and "More than" in f[0].message
    assert s.indicators["s0"].target is None  # the sheet's own target stays in force


@pytest.mark.parametrize("text", ["Be better", "N/A", "soon"])
def test_target_text_with_no_measurable_meaning_is_reported(tmp_path, text) -> None:
    s, f = _targets(tmp_path, text)
    assert [(x.code, x.cell, x.found) for x in f] == [("SETTING_INVALID", "B13", text)]
    assert s.indicators["s0"].target is None


@pytest.mark.parametrize("text", ["For monitoring", "Monitor only", "Monitoring", "No more than 257",
                                  "70%", "5% decrease from previous year"])  # fmt: skip
def test_target_text_understood_or_monitoring_is_kept(tmp_path, text) -> None:
    s, f = _targets(tmp_path, text)
    assert f == [] and s.indicators["s0"].target == text


@pytest.mark.parametrize(
    "value,want", [("10%", 0.10), (10, 0.10), (1, 0.01), (0.05, 0.05), ("100%", 1.0)]
)
def test_tolerance_forms(tmp_path, value, want) -> None:
    s, f = read_settings(load(tmp_path, settings_rows(tolerance=value)))
    assert f == [] and s.rag_tolerance == pytest.approx(want)


@pytest.mark.parametrize("value", ["150%", 150, "101%"])
def test_fractions_over_100_percent_are_rejected(tmp_path, value) -> None:
    rows = settings_rows(tolerance=value, indicators=[["Robbery", value]],
                         indicator_header=("Sheet", "Tolerance"))  # fmt: skip
    rows[4][1] = value  # Static band
    s, f = read_settings(load(tmp_path, rows))
    assert sorted((x.code, x.cell) for x in f) == [
        ("SETTING_INVALID", "B13"), ("SETTING_INVALID", "B4"), ("SETTING_INVALID", "B5")]  # fmt: skip
    assert all("100%" in x.message and "Error" not in x.message for x in f)
    assert s.rag_tolerance == 0.10 and s.static_band == 0.01
    assert s.indicators["robbery"].tolerance is None
