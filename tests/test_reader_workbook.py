"""reader.workbook.read_return: the whole return, settings merged, one bad sheet never stops it."""

from __future__ import annotations

from datetime import date

import pytest
from wb_factory import indicator_rows, month_headers, settings_rows, write_book

from csp_excel.core.model import IndicatorOverride, Settings
from csp_excel.errors import FileRefused
from csp_excel.reader import read_return
from csp_excel.reader import workbook as wb_mod


def book(tmp_path, **sheets):
    return write_book(tmp_path / "ret.xlsx", sheets)


def test_reads_indicators_and_settings(tmp_path) -> None:
    p = book(tmp_path, Cover=[["Monthly performance"]], Robbery=indicator_rows(),
             Burglary=indicator_rows(title="Burglary", target="Reduction on last years figures"),
             settings=settings_rows(indicators=[["Robbery", "lower", "No more than 500"]],
                                    indicator_header=("Sheet", "Polarity", "Target")))  # fmt: skip
    ret = read_return(p)
    assert [i.sheet for i in ret.indicators] == ["Robbery", "Burglary"]
    assert ret.other_sheets == ["Cover", "settings"]
    assert ret.partnership == "Barking and Dagenham" and ret.settings.source == "sheet"
    assert ret.indicators[0].target.source == "settings" and ret.indicators[0].target.value == 500
    assert ret.indicators[1].target.kind == "reduction"
    assert "NO_INDICATORS" not in {f.code for f in ret.findings}
    assert ret.path == str(p)


def test_sheet_settings_win_and_fallback_fills_the_gaps(tmp_path) -> None:
    """SPEC section 3: the return's Settings sheet, else a config file, else options."""
    p = book(tmp_path, Robbery=indicator_rows(),
             Settings=settings_rows(tolerance="15%", indicators=[["Robbery", "lower", "10%"]],
                                    indicator_header=("Sheet", "Polarity", "Tolerance")))  # fmt: skip
    fallback = Settings(
        partnership="Thameside",
        rag_tolerance=0.05,
        static_band=0.02,
        indicators={"robbery": IndicatorOverride(polarity="higher", profile="seasonal")},
    )
    ret = read_return(p, fallback)
    s = ret.settings
    assert s.partnership == "Barking and Dagenham" and s.rag_tolerance == pytest.approx(0.15)
    assert s.static_band == pytest.approx(0.01)  # the sheet says 1%
    assert s.reporting_month == date(2016, 12, 1)
    robbery = s.indicators["robbery"]
    assert robbery.polarity == "lower" and robbery.tolerance == 0.10
    assert robbery.profile == "seasonal"  # the sheet is silent: the fallback fills it
    assert ret.indicators[0].polarity == "lower"


def test_fallback_settings_used_when_the_return_has_none(tmp_path) -> None:
    p = book(tmp_path, Robbery=indicator_rows())
    ret = read_return(p, Settings(partnership="Thameside", rag_tolerance=0.05))
    assert ret.settings.partnership == "Thameside"
    assert ret.settings.rag_tolerance == pytest.approx(0.05)


def test_reporting_month_from_titles(tmp_path) -> None:
    p = book(
        tmp_path,
        A=indicator_rows(),
        B=indicator_rows(),
        C=indicator_rows(month_text="November 2016"),
    )
    ret = read_return(p)
    assert ret.settings.reporting_month == date(2016, 12, 1)
    assert all(i.grid.fy == 2016 and i.grid.fy_source == "header" for i in ret.indicators)


def test_period_mismatch_against_inferred_reporting_month(tmp_path) -> None:
    p = book(tmp_path, A=indicator_rows(), B=indicator_rows(headers=month_headers(2015)))
    ret = read_return(p)
    f = [x for x in ret.findings if x.code == "PERIOD_MISMATCH"]
    assert [(x.sheet, x.cell, x.expected, x.found) for x in f] == [("B", "B9", "Apr-16", "Apr-15")]


def test_no_indicators(tmp_path) -> None:
    ret = read_return(book(tmp_path, Notes=[["nothing here"]], Other=[["still nothing"]]))
    assert ret.indicators == []
    f = [x for x in ret.findings if x.code == "NO_INDICATORS"]
    assert len(f) == 1 and f[0].severity == "error" and f[0].sheet is None and f[0].cell is None


def test_one_bad_sheet_does_not_stop_the_rest(tmp_path, monkeypatch) -> None:
    p = book(tmp_path, Bad=indicator_rows(), Good=indicator_rows())
    real = wb_mod.read_sheet

    def flaky(sheet, settings, synonyms=None):
        if sheet.name == "Bad":
            raise ValueError("boom")
        return real(sheet, settings, synonyms)

    monkeypatch.setattr(wb_mod, "read_sheet", flaky)
    ret = read_return(p)
    assert [i.sheet for i in ret.indicators] == ["Good"]
    bad = [f for f in ret.findings if f.sheet == "Bad"]
    assert [(f.code, f.severity) for f in bad] == [("SHEET_UNREADABLE", "error")]
    assert "'Bad'" in bad[0].message and "other sheets were read" in bad[0].message
    assert "boom" not in bad[0].message and "Error" not in bad[0].message


def test_row_synonyms_from_settings_sheet(tmp_path) -> None:
    rows = settings_rows() + [[], ["Row label", "Kind"], ["Calls", "actual"]]
    p = book(tmp_path, ASB=indicator_rows(grid=[["Calls", 470, 578]]), Settings=rows)
    ret = read_return(p)
    assert ret.indicators[0].grid.rows[0].kind == "actual"


def test_unknown_sheet_in_settings_is_reported(tmp_path) -> None:
    rows = settings_rows(
        indicators=[["Robbery", "lower"], ["Robery", "lower"]],
        indicator_header=("Sheet", "Polarity"),
    )
    ret = read_return(book(tmp_path, Robbery=indicator_rows(), Settings=rows))
    f = [x for x in ret.findings if x.code == "SETTING_INVALID"]
    assert len(f) == 1 and "robery" in f[0].message


def test_not_a_workbook_is_refused(tmp_path) -> None:
    p = tmp_path / "x.xlsx"
    p.write_text("hello")
    with pytest.raises(FileRefused):
        read_return(p)


@pytest.mark.parametrize(
    "target,kind,value,source,invalid",
    [(0.7, "rate", 0.7, "settings", []), (257, "reduction_pct", 0.05, "sheet", ["B13"]),
     ("Be better", "reduction_pct", 0.05, "sheet", ["B13"])],
)  # fmt: skip
def test_settings_target_cell_forms(tmp_path, target, kind, value, source, invalid) -> None:
    rows = settings_rows(indicators=[["Robbery", target]], indicator_header=("Sheet", "Target"))
    ret = read_return(book(tmp_path, Robbery=indicator_rows(), Settings=rows))
    t = ret.indicators[0].target
    assert (t.kind, t.source) == (kind, source) and t.value == pytest.approx(value)
    assert [f.cell for f in ret.findings if f.code == "SETTING_INVALID"] == invalid
