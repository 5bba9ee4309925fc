"""The tidy export contract (SPEC section 10), built from real computed figures."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from core_factory import results_for

from csp_excel.core.model import Computed, Indicator, Return, Settings
from csp_excel.writers.tidy import COLUMNS, HISTORY_COLUMNS, safe_text, tidy_rows, write_tidy


def _computed(sheet: str = "=cmd|' /C calc'!A0") -> Computed:
    n = 12
    actual: list[float | None] = [10.0, 12.0, 11.0] + [None] * 9
    return Computed(
        sheet=sheet,
        fy=2016,
        frequency="monthly",
        report_index=2,
        actual=actual,
        actual_last_year=[9.0] * 12,
        ytd=[10.0, 22.0, 33.0] + [None] * 9,
        ytd_last_year=[9.0 * (i + 1) for i in range(n)],
        pct_change=[10 / 9 - 1, 22 / 18 - 1, 33 / 27 - 1] + [None] * 9,
        r12=[None] * n,
        r12_change=[None] * n,
        rate=[None] * n,
        denominator_value=[None] * n,
        target=[None] * n,
        variance=[None] * n,
        rag="None",
        dot="worse",
    )


def _ind(sheet: str = "=cmd|' /C calc'!A0") -> Indicator:
    """The indicator the figures belong to (results are joined to their indicator)."""
    return Indicator(sheet=sheet, title=sheet, grid=None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+44", "'+44"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("Robbery", "Robbery"),
    ],
)
def test_safe_text_neutralises_formulas(text: str, expected: str) -> None:
    assert safe_text(text) == expected


def test_rows_cover_every_period_and_report_measures() -> None:
    ret = Return(
        path=None, settings=Settings(partnership="Thameside"), indicators=[_ind("Robbery")]
    )
    rows = list(tidy_rows(ret, results_for(ret, [_computed("Robbery")]), "r.xlsx"))
    ytd = [r for r in rows if r["measure"] == "ytd"]
    assert [r["period"] for r in ytd][:3] == ["2016-04", "2016-05", "2016-06"]
    assert len(ytd) == 12
    pct = next(r for r in rows if r["measure"] == "pct_change_ytd" and r["period"] == "2016-06")
    assert pct["value"] == pytest.approx(33 / 27 - 1)  # a fraction, not rounded
    at_report = {r["measure"]: r for r in rows if r["measure"] in ("rag", "dot", "spc_variation")}
    assert at_report["rag"]["value"] == "None"
    assert at_report["dot"]["value"] == "worse"
    assert at_report["rag"]["period"] == "2016-06"
    assert all(r["fy"] == "2016/17" for r in rows)


def test_csv_and_parquet_round_trip_and_no_formula_text(tmp_path: Path) -> None:
    ret = Return(path=None, settings=Settings(partnership='=HYPERLINK("x")'), indicators=[_ind()])
    rows = list(tidy_rows(ret, results_for(ret, [_computed()]), "r.xlsx"))
    out_csv = tmp_path / "t.csv"
    assert write_tidy(rows, out_csv) == len(rows)
    with open(out_csv, newline="") as fh:
        read = list(csv.DictReader(fh))
    assert list(read[0]) == COLUMNS + HISTORY_COLUMNS  # SPEC section 10: added at the end
    assert all(
        not r["sheet"].startswith("=") and not r["partnership"].startswith("=") for r in read
    )
    out_pq = tmp_path / "t.parquet"
    write_tidy(rows, out_pq)
    frame = pd.read_parquet(out_pq)
    assert list(frame.columns)[:8] == COLUMNS
    ytd = frame[(frame.measure == "ytd") & (frame.period == "2016-06")]
    assert ytd["value_num"].iloc[0] == 33.0
    assert frame[frame.measure == "rag"]["value"].iloc[0] == "None"
