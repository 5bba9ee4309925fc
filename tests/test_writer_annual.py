"""Annual indicators in the filled workbook and the tidy export, written and read back.

The indicator sheet shows the years as columns with live formulas for the year to date, the
previous year, the change, the target and the variance; the dashboard row says "2006/07"; a chart
plots the years; the tidy export labels each figure with its year. Expected figures are worked out
here from the raw numbers (Redcar & Cleveland 2007 assessment, seed 002, copied in).
"""

from __future__ import annotations

import os
import re
import warnings
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from lo import compare, recalc, soffice
from test_core_annual import annual

from csp_excel.core.analysis import analyse_return
from csp_excel.core.model import Denominator, Return, Settings
from csp_excel.writers.tidy import ALL_COLUMNS, tidy_rows
from csp_excel.writers.workbook import build_workbook, write_filled

warnings.filterwarnings("ignore", message=".*extension is not supported.*")

YEARS = ["2002", "2003/04", "2004/05", "2005/06", "2006/07"]


def _return() -> Return:
    vehicle = annual([None, 1029, 721, 640, 547], target="No more than 600", polarity="lower")
    vehicle.sheet = vehicle.title = "Theft of Vehicle"
    treatment = annual(pct=[None, None, 0.72, 0.45, 0.77], kind="percentage", target="70%",
                       polarity="higher")  # fmt: skip
    treatment.sheet = treatment.title = "Retained in treatment"
    burglary = annual([None, 1048, 739, 829, 700], target_row=[None, None, 800, 780, 760],
                      polarity="lower", denominator_name="Households")  # fmt: skip
    burglary.sheet = burglary.title = "Domestic Burglary"
    success = annual(numerator=[None, 40, 45, 50, 60], denominator=[None, 80, 90, 80, 60],
                     kind="percentage", target="5% increase on last year", polarity="higher")  # fmt: skip
    success.sheet = success.title = "Successful completions"
    settings = Settings(partnership="Redcar & Cleveland")
    settings.denominators["households"] = [
        Denominator("Households", 60000, date(2001, 6, 30)),
        Denominator("Households", 62000, date(2005, 6, 30)),
    ]
    return Return(path=None, settings=settings, indicators=[vehicle, treatment, burglary, success])


def _build(tmp_path: Path) -> tuple[Path, Return, Any, list[Any]]:
    ret = _return()
    result = analyse_return(ret)
    path = tmp_path / "annual.xlsx"
    infos = build_workbook(ret, result.results, result.findings, path)
    return path, ret, result, infos


def _rows_by_label(ws: Any) -> dict[str, int]:
    out: dict[str, int] = {}
    for (cell,) in ws.iter_rows(min_col=1, max_col=1):
        if isinstance(cell.value, str) and cell.value not in out:
            out[cell.value] = cell.row
    return out


def test_years_are_columns_with_live_formulas(tmp_path: Path) -> None:
    path, _, result, infos = _build(tmp_path)
    assert all(not info.stats.fallbacks for info in infos)  # every derived cell is a formula
    assert result.findings == ()
    formulas = openpyxl.load_workbook(path)["Theft of Vehicle"]
    cached = openpyxl.load_workbook(path, data_only=True)["Theft of Vehicle"]
    at = _rows_by_label(formulas)
    header = at["Measure"]
    assert [formulas.cell(header, 2 + i).value for i in range(5)] == YEARS
    assert formulas.cell(3, 1).value == "Latest year: 2006/07"  # under the partnership

    def f(label: str, col: str) -> tuple[Any, Any]:
        return formulas[f"{col}{at[label]}"].value, cached[f"{col}{at[label]}"].value

    # F is 2006/07, E 2005/06
    assert f("Actual", "F") == (547, 547)
    formula, value = f("Year to date (the year)", "F")
    assert formula.startswith("=IF(") and value == 547
    formula, value = f("Previous year", "F")
    assert (
        formula
        == f'=IF(ISNUMBER(E{at["Year to date (the year)"]}),E{at["Year to date (the year)"]},"")'
    )
    assert value == 640
    formula, value = f("% change on the previous year", "F")
    assert formula.startswith("=IF(") and value == pytest.approx(547 / 640 - 1)
    assert f("% change on the previous year", "D")[1] == pytest.approx(721 / 1029 - 1)
    assert f("% change on the previous year", "C")[1] in (None, "")  # 2002 was N/A
    formula, value = f("Target", "F")
    assert formula.startswith("=IF(") and value == 600
    assert f("Target", "E")[1] in (None, "")  # the target is the latest year's
    assert f("Variance from target", "F")[1] == -53
    summary = {row[0].value: row[1] for row in cached.iter_rows(min_col=1, max_col=2)}
    assert summary["RAG rating"].value == "G"
    assert summary["Direction of travel"].value == "▲"
    assert summary["Latest year"].value == 547
    assert summary["Previous year"].value == 640
    assert summary["SPC signal"].value == "not enough data"
    assert "Rolling 4 quarters" not in summary


def test_percentages_rates_and_target_rows(tmp_path: Path) -> None:
    path, *_ = _build(tmp_path)
    book = openpyxl.load_workbook(path, data_only=True)
    ws = book["Retained in treatment"]
    at = _rows_by_label(ws)
    assert ws[f"F{at['Percentage']}"].value == pytest.approx(0.77)
    assert ws[f"F{at['% the previous year']}"].value == pytest.approx(0.45)
    ws = book["Domestic Burglary"]
    at = _rows_by_label(ws)
    assert ws[f"F{at['Rate per 1,000']}"].value == pytest.approx(700 / 62000 * 1000)
    assert ws[f"C{at['Rate per 1,000']}"].value == pytest.approx(1048 / 60000 * 1000)
    assert [ws.cell(at["Target"], c).value for c in range(4, 7)] == [800, 780, 760]
    ws = book["Successful completions"]
    at = _rows_by_label(ws)
    assert ws[f"F{at['% for the year']}"].value == pytest.approx(1.0)
    assert ws[f"F{at['Target']}"].value == pytest.approx(50 / 80 * 1.05)
    summary = {row[0].value: row[1].value for row in ws.iter_rows(min_col=1, max_col=2)}
    assert summary["Direction of travel"] == "★"


def test_dashboard_row_says_the_latest_year(tmp_path: Path) -> None:
    path, *_ = _build(tmp_path)
    ws = openpyxl.load_workbook(path, data_only=True)["Dashboard"]
    header = next(r for r in ws.iter_rows() if r[0].value == "Indicator")
    cols = {c.value: c.column for c in header}
    row = next(
        r for r in ws.iter_rows(min_row=header[0].row + 1) if r[0].value == "Theft of Vehicle"
    )
    value = {name: row[c - 1].value for name, c in cols.items()}
    assert value["Latest period"] == "2006/07"
    assert value["Actual"] == 547
    assert value["Same period last year"] == 640
    assert value["% change"] == pytest.approx(547 / 640 - 1)
    assert value["Target"] == 600
    assert value["RAG rating"] == "G"
    assert value["Direction of travel"] == "▲"
    assert value["Rolling 12 months"] in (None, "")
    texts = [c.value for r in ws.iter_rows(max_row=header[0].row - 1) for c in r if c.value]
    assert "Latest year: 2006/07" in texts  # no reporting month for a return of years


def test_a_chart_of_the_years(tmp_path: Path) -> None:
    path, *_ = _build(tmp_path)
    with zipfile.ZipFile(path) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    titled = [c for c in charts if "Theft of Vehicle: year by year" in c]
    assert len(titled) == 1
    assert "barChart" in titled[0] and "lineChart" in titled[0]  # the years, and the target
    # a column's height is its figure: the value axis starts at zero, not near the lowest year
    assert re.findall(r'<c:min val="([^"]+)"/>', titled[0]) == ["0"]
    assert sum("year by year" in c for c in charts) == 4  # one per annual sheet, percentages too
    assert not [c for c in charts if "month by month" in c]


def test_write_filled_writes_an_annual_return(tmp_path: Path) -> None:
    ret = _return()
    result = analyse_return(ret)
    out = tmp_path / "filled.xlsx"
    write_filled(ret, result.results, result.findings, out)
    assert "Theft of Vehicle" in openpyxl.load_workbook(out, read_only=True).sheetnames


def test_tidy_export_uses_the_year_labels(tmp_path: Path) -> None:
    ret = _return()
    result = analyse_return(ret)
    rows = list(tidy_rows(ret, result.results, "annual.xlsx"))
    assert all(list(r) == ALL_COLUMNS for r in rows)  # the contract's columns, nothing renamed
    mine = [r for r in rows if r["sheet"] == "Theft of Vehicle"]
    actual = {r["period"]: (r["fy"], r["value"]) for r in mine if r["measure"] == "actual"}
    assert actual == {
        "2002": ("2002", None),  # a bare year is kept as written
        "2003/04": ("2003/04", 1029),
        "2004/05": ("2004/05", 721),
        "2005/06": ("2005/06", 640),
        "2006/07": ("2006/07", 547),
    }
    at_report = {r["measure"]: r for r in mine if r["measure"] in ("rag", "dot", "forecast")}
    assert at_report["rag"]["value"] == "G" and at_report["rag"]["period"] == "2006/07"
    assert at_report["dot"]["value"] == "improved"
    assert at_report["forecast"]["value"] is None
    change = [r for r in mine if r["measure"] == "pct_change_ytd" and r["period"] == "2006/07"]
    assert change[0]["value"] == pytest.approx(547 / 640 - 1)


@pytest.mark.libreoffice
@pytest.mark.skipif(
    soffice() is None and not os.environ.get("CSP_REQUIRE_LIBREOFFICE"),
    reason="LibreOffice (soffice) not installed",
)
def test_annual_workbook_recalculates_the_same(tmp_path: Path) -> None:
    path, *_ = _build(tmp_path)
    n, bad = compare(path, recalc(path, tmp_path / "lo"))
    assert n > 150
    assert bad == []


def _edge_return() -> Return:
    """No figures at all; one year only; the latest year blank; a snapshot; a monitor arrow."""
    blank = annual([None, None, None])
    blank.sheet = blank.title = "No figures"
    one = annual([547], labels=["2006/07"], target="No more than 600", polarity="lower")
    one.sheet = one.title = "One year"
    gap = annual([None, 1029, 721, 640, None], target="5% decrease from previous year",
                 polarity="lower")  # fmt: skip
    gap.sheet = gap.title = "Latest blank"
    snap = annual([12, 15, 14], labels=["2004/05", "2005/06", "2006/07"], kind="snapshot")
    snap.sheet = snap.title = "Snapshot"
    return Return(path=None, settings=Settings(), indicators=[blank, one, gap, snap])


def test_awkward_annual_sheets_are_written(tmp_path: Path) -> None:
    ret = _edge_return()
    result = analyse_return(ret)
    path = tmp_path / "edge.xlsx"
    infos = build_workbook(ret, result.results, result.findings, path)
    assert all(not info.stats.fallbacks for info in infos)
    book = openpyxl.load_workbook(path, data_only=True)
    summary = {
        name: {r[0].value: r[1].value for r in book[name].iter_rows(min_col=1, max_col=2)}
        for name in ("No figures", "One year", "Latest blank", "Snapshot")
    }
    assert summary["No figures"]["RAG rating"] == "None"
    assert summary["One year"]["RAG rating"] == "G"
    assert summary["One year"]["Previous year"] in (None, "")
    assert summary["Latest blank"]["Reporting period number"] == 4  # 2005/06
    assert summary["Latest blank"]["Target"] == pytest.approx(721 * 0.95)
    assert summary["Latest blank"]["RAG rating"] == "G"  # 640 <= 684.95
    assert summary["Snapshot"]["Previous year"] == 15
    dash = book["Dashboard"]
    periods = {r[0].value: r[1].value or "" for r in dash.iter_rows() if r[0].value in summary}
    assert periods == {
        "No figures": "",
        "One year": "2006/07",
        "Latest blank": "2005/06",
        "Snapshot": "2006/07",
    }
    if soffice() is not None:
        n, bad = compare(path, recalc(path, tmp_path / "lo"))
        assert n > 50 and bad == []


def test_an_assessment_table_read_from_a_real_workbook(tmp_path: Path) -> None:
    """Years as columns, one indicator per row, typed arrows (the Redcar 2007 layout), through
    the reader: the figures, the change on the previous year and a contradicted ◀▶."""
    from csp_excel.service import analyse_file

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Assessment"
    ws.append(["LSP Performance Management 2007"])
    ws.append([])
    ws.append(["Indicator", "2002", "2003", "2004", "2005", "2006", "Trajectory"])
    ws.append(["Theft of Vehicle", "N/A", "1029 (2003/04)", "721 (2004/05)", "640 (2005/06)",
               "547 (2006/07)", "▲"])  # fmt: skip
    ws.append(["Robbery", "N/A", "77 (2003/04)", "107 (2004/05)", "75 (2005/06)",
               "76 (2006/07)", "◀▶"])  # fmt: skip
    path = tmp_path / "assessment.xlsx"
    wb.save(path)
    result = analyse_file(path)
    by_title = {c.block or c.sheet: c for c in result.computed}
    theft = by_title["Theft of Vehicle"]
    assert theft.frequency == "annual" and theft.period_labels[-1] == "2006/07"
    ri = theft.report_index
    assert ri == 4 and theft.ytd[ri] == 547 and theft.ytd_last_year[ri] == 640
    assert theft.pct_change[ri] == pytest.approx(547 / 640 - 1)
    assert theft.dot == "improved"
    dots = [f for f in result.findings if f.code == "DOT_MISMATCH"]
    assert [(f.sheet, f.cell, f.expected, f.found) for f in dots] == [
        ("Assessment", "G5", "up", "static")
    ]


def test_an_assessment_table_fills_a_workbook(tmp_path: Path) -> None:
    """The same layout through `fill`: one sheet per row, the dashboard says 2006/07."""
    from csp_excel.service import fill_file

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Assessment"
    ws.append(["Indicator", "2002", "2003", "2004", "2005", "2006", "Trajectory"])
    ws.append(["Theft of Vehicle", "N/A", "1029 (2003/04)", "721 (2004/05)", "640 (2005/06)",
               "547 (2006/07)", "▲"])  # fmt: skip
    ws.append(["Retained in treatment", "N/A", "N/A", "72%", "45%", "77%", "N/A"])
    src, out = tmp_path / "assessment.xlsx", tmp_path / "assessment.filled.xlsx"
    wb.save(src)
    result = fill_file(src, out, force=True)
    assert result.status in ("ok", "findings")
    dash = openpyxl.load_workbook(out, data_only=True)["Dashboard"]
    rows = {r[0]: r for r in dash.iter_rows(values_only=True) if r[0] in
            ("Theft of Vehicle", "Retained in treatment")}  # fmt: skip
    assert rows["Theft of Vehicle"][1:6] == ("2006/07", 547, 547, 640, pytest.approx(547 / 640 - 1))
    assert rows["Retained in treatment"][1:5] == ("2006/07", 0.77, 0.77, 0.45)
    if soffice() is not None:
        n, bad = compare(out, recalc(out, tmp_path / "lo"))
        assert n > 50 and bad == []
