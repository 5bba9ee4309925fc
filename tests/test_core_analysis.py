"""analyse_indicator / analyse_return: SPC outliers located at the row calc used, in the units
SPC charted, and plain words when an indicator cannot be computed."""

from __future__ import annotations

from datetime import date

import pytest
from core_factory import make_indicator, make_row, make_settings

from csp_excel.core import calc
from csp_excel.core.analysis import analyse_indicator, analyse_return
from csp_excel.core.model import Finding, Indicator, Return

SETTINGS = make_settings(reporting_month=date(2016, 12, 1))
NUM_LY = [30, 32, 31, 33, 30, 29, 31, 32, 30, 31, 33, 30]
NUM = [31, 30, 32, 95, 31, 30, 32, 31, 30]  # July 95 of 100: far outside the usual ~31%


def outliers(ind: Indicator) -> list[Finding]:
    found = analyse_indicator(ind, SETTINGS).findings
    return [f for f in found if f.code == "SPC_OUTLIER"]


def percentage_with_settings_numerator_row() -> Indicator:
    """The Settings "Numerator row" names a row the reader did not call a numerator; a decoy
    numerator row (steady 10 of 100) must not be used."""
    ind = make_indicator(
        kind="percentage",
        numerator=[10] * 9,
        denominator=[100] * 9,
        numerator_last_year=NUM_LY,
        denominator_last_year=[100] * 12,
        target_text="70%",
    )
    assert ind.grid is not None
    ind.grid.rows.append(make_row("Referrals accepted", "other", NUM, 30))
    ind.numerator_label = "Referrals accepted"
    return ind


def test_percentage_outlier_is_shown_as_a_percentage_at_the_settings_numerator_row() -> None:
    [f] = outliers(percentage_with_settings_numerator_row())
    assert f.cell == "F30"  # July of the row the Settings named, not the decoy
    assert "Jul-16 (95.0%)" in f.message
    assert f.found == pytest.approx(0.95)
    low, high = str(f.expected).split(" to ")
    assert low.endswith("%") and high.endswith("%") and f"({f.expected})" in f.message
    assert float(high.rstrip("%")) < 95


def test_snapshot_outlier_is_located_at_the_snapshot_row() -> None:
    ind = make_indicator(
        [40, 42, 41, 130, 40, 43, 41, 42, 40],
        [41, 40, 42, 43, 41, 40, 42, 41, 40, 43, 42, 41],
        kind="snapshot",
        target_text="No more than 45",
    )
    [f] = outliers(ind)
    assert f.cell == "F10" and "Jul-16 (130)" in f.message


def test_last_years_outlier_is_located_in_last_years_row() -> None:
    ly = [100, 104, 98, 101, 300, 99, 102, 100, 97, 103, 101, 99]  # Aug-15 keyed wrong
    ind = make_indicator([100, 102, 99, 101, 98, 100, 103, 101, 99], ly)
    [f] = outliers(ind)
    assert f.cell == "G11" and "Aug-15 (300)" in f.message


def test_internal_error_message_is_plain(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_: object) -> None:
        raise KeyError("x")

    monkeypatch.setattr(calc, "compute", boom)
    ind = make_indicator([1, 2, 3], sheet="Robbery")
    result = analyse_return(Return(path=None, settings=SETTINGS, indicators=[ind]))
    [f] = result.findings
    assert f.code == "INTERNAL_ERROR" and f.sheet == "Robbery" and f.severity == "error"
    assert f.message == (
        "csp-excel could not compute this indicator; please report it with the file."
    )
    assert "KeyError" not in f.message and "'x'" not in f.message and f.found is None
    assert result.computed == []
