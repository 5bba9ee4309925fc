"""SPC baseline and rebase from the Settings sheet, end to end on tiny real workbooks: the reader's
located finding for a baseline outside 12-20, a rebased XmR chart in the filled workbook (each
period's own mean and limits, the reason as a note, the current period's limits on the
Dashboard), our own Settings sheet carrying the columns, and a run chart for a short series."""

from __future__ import annotations

import os
import re
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lo import compare, recalc, soffice
from wb_factory import indicator_rows, month_headers, settings_rows, write_book

from csp_excel.reader.workbook import read_return
from csp_excel.service import fill_file
from csp_excel.writers.indicator.spc_run import RUN_TITLE
from csp_excel.writers.indicator.spc_segments import HELPER_COL
from csp_excel.writers.indicator.spc_table import TABLE_COL

warnings.filterwarnings("ignore", message=".*extension is not supported.*")

SHEET = "Robbery"
# last year (2015/16) around 10, this year (2016/17, Apr-Dec) around 20: a real step change
LAST = [9, 11] * 6
THIS = [19, 21, 19, 21, 19, 21, 19, 21, 19]
HEADER = ("Sheet", "Polarity", "SPC baseline", "SPC rebase from", "SPC rebase reason")


def _return(path: Path, spc: list, this: list = THIS, last: list | None = LAST) -> Path:
    grid = [["Month", *this]]
    if last is not None:
        grid.append(["Last year", *last])
    sheets = {
        "Settings": settings_rows(indicators=[[SHEET, "lower", *spc]], indicator_header=HEADER),
        SHEET: indicator_rows(grid=grid, headers=month_headers(2016)),
    }
    return write_book(path, sheets)


def _cells(ws) -> dict[tuple[int, int], object]:
    return {
        (c.row, c.column): c.value for row in ws.iter_rows() for c in row if c.value is not None
    }


@pytest.mark.parametrize("bad", [11, 21, 12.5, "twelve"])
def test_baseline_outside_12_to_20_is_a_located_finding(tmp_path: Path, bad: object) -> None:
    ret = read_return(_return(tmp_path / "r.xlsx", [bad, None, None]))
    found = [f for f in ret.findings if f.code == "SETTING_INVALID"]
    assert len(found) == 1 and found[0].sheet == "Settings"
    assert found[0].cell == "C13"  # row 13: the indicator row under the header on row 12
    assert "SPC baseline" in found[0].message and "12 to 20" in found[0].message
    assert ret.indicators[0].spc_baseline is None  # ignored, never guessed


def test_rebase_without_a_reason_is_said(tmp_path: Path) -> None:
    ret = read_return(_return(tmp_path / "r.xlsx", [None, "Apr-16", None]))
    found = [f for f in ret.findings if f.code == "SETTING_INVALID"]
    assert len(found) == 1 and found[0].cell == "D13" and "no reason" in found[0].message
    assert ret.indicators[0].spc_rebase == (("2016-04", ""),)


@pytest.fixture(scope="module")
def rebased(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("rebase")
    src = _return(tmp / "in.xlsx", [12, "Apr-16", "New crime recording rules"])
    out = tmp / "out.xlsx"
    res = fill_file(src, out)
    assert not res.failed
    return out


def test_rebased_table_has_each_periods_mean_and_limits(rebased: Path) -> None:
    ws = openpyxl.load_workbook(rebased, data_only=True)[SHEET]
    cells = _cells(ws)
    top = next(r for (r, c), v in cells.items() if c == TABLE_COL + 1 and v == "Period")
    rows = range(top + 1, top + 22)  # 12 + 9 points
    means = [cells[(r, TABLE_COL + 3)] for r in rows]
    lower = [cells[(r, TABLE_COL + 4)] for r in rows]
    # period 1: 9, 11 x6 -> mean 10, MR 2 -> 4.68; period 2: 19, 21 ... 19 -> mean 179/9 (five 19s, four 21s),
    # MR 2 (8 ranges of 2; 11 -> 19 crosses the rebase and is not one of them)
    assert means[:12] == pytest.approx([10.0] * 12)
    assert lower[:12] == pytest.approx([10 - 2.66 * 2] * 12)
    assert means[12:] == pytest.approx([179 / 9] * 9)
    assert lower[12:] == pytest.approx([179 / 9 - 2.66 * 2] * 9)
    # the helper columns hold each period's rows only, so the chart draws separate segments
    assert [cells.get((r, HELPER_COL + 1)) for r in rows][:12] == pytest.approx([10.0] * 12)
    assert all(cells.get((r, HELPER_COL + 1)) is None for r in rows[12:])
    assert all(cells.get((r, HELPER_COL + 4)) is None for r in rows[:12])
    texts = [str(v) for v in cells.values()]
    assert any(t.startswith("Rebased from Apr-16: New crime recording rules") for t in texts)
    comment = openpyxl.load_workbook(rebased)[SHEET].cell(row=top + 13, column=TABLE_COL + 1)
    assert comment.comment is not None and "New crime recording rules" in comment.comment.text
    assert not any("Special cause" in str(cells.get((r, TABLE_COL + 9), "")) for r in rows)


def test_rebased_chart_has_a_segment_per_period(rebased: Path) -> None:
    z = zipfile.ZipFile(rebased)
    charts = [z.read(n).decode() for n in z.namelist() if re.match(r"xl/charts/chart\d+\.xml", n)]
    xmr = [c for c in charts if "Statistical process control (XmR)" in c]
    assert len(xmr) == 1
    assert len(re.findall(r"<c:ser>", xmr[0])) == 1 + 6  # values, then 3 lines x 2 periods
    assert 'dispBlanksAs val="span"' not in xmr[0]  # blanks are gaps (xlsxwriter's default)


def test_dashboard_and_settings_sheet_use_the_current_period(rebased: Path) -> None:
    wb = openpyxl.load_workbook(rebased, data_only=True)
    dash = [str(v) for v in _cells(wb["Dashboard"]).values()]
    assert "• common cause" in dash  # within the new period's limits: no signal
    settings = _cells(wb["Settings"])
    head = next(r for (r, c), v in settings.items() if v == "SPC baseline")
    row = {v: c for (r, c), v in settings.items() if r == head}
    data = {c: v for (r, c), v in settings.items() if r == head + 1}
    assert data[row["SPC baseline"]] == 12
    assert data[row["SPC rebase from"]] == "Apr-16"
    assert data[row["SPC rebase reason"]] == "New crime recording rules"


def test_our_settings_sheet_reads_back_the_same(rebased: Path, tmp_path: Path) -> None:
    ret = read_return(rebased)
    ind = next(i for i in ret.indicators if i.sheet == SHEET)
    assert ind.spc_baseline == 12
    assert ind.spc_rebase == (("2016-04", "New crime recording rules"),)


@pytest.mark.libreoffice
@pytest.mark.skipif(
    soffice() is None and not os.environ.get("CSP_REQUIRE_LIBREOFFICE"),
    reason="LibreOffice (soffice) not installed",
)
def test_rebased_sheet_survives_libreoffice_recalculation(rebased: Path, tmp_path: Path) -> None:
    n, bad = compare(rebased, recalc(rebased, tmp_path / "lo"))
    assert n > 50 and bad == []


def test_short_series_gets_a_labelled_run_chart(tmp_path: Path) -> None:
    # nine months, no last year: a run chart; median of 19, 21 ... 19 is 19
    src = _return(tmp_path / "in.xlsx", [None, None, None], last=None)
    out = tmp_path / "out.xlsx"
    assert not fill_file(src, out).failed
    cells = _cells(openpyxl.load_workbook(out, data_only=True)[SHEET])
    top = next(r for (r, c), v in cells.items() if c == TABLE_COL + 1 and v == "Period")
    assert cells[(top, TABLE_COL + 3)] == "Median"
    assert [cells[(r, TABLE_COL + 3)] for r in range(top + 1, top + 10)] == [19] * 9
    assert any(str(v).startswith("Run chart: only 9 points") for v in cells.values())
    z = zipfile.ZipFile(out)
    charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert sum(RUN_TITLE in c for c in charts) == 1


def test_conflict_shows_both_directions_in_the_spc_table(tmp_path: Path) -> None:
    # the case: limits on the 12 points of last year (10 +/- 5.32), then 30 falling to
    # 24: above the upper limit (concerning, lower is better) while a falling trend runs
    # (improving); outside the limits decides (MDC order), both flags are shown
    src = _return(tmp_path / "in.xlsx", [12, None, None], this=[30, 29, 28, 27, 26, 25, 24])
    out = tmp_path / "out.xlsx"
    assert not fill_file(src, out).failed
    cells = _cells(openpyxl.load_workbook(out, data_only=True)[SHEET])
    top = next(r for (r, c), v in cells.items() if c == TABLE_COL + 1 and v == "Period")
    assert cells[(top, TABLE_COL + 6)] == "Special cause: concerning"
    assert cells[(top, TABLE_COL + 7)] == "Special cause: improving"
    last = top + 19
    assert cells[(last, TABLE_COL + 2)] == 24
    assert cells[(last, TABLE_COL + 6)] == 24 and cells[(last, TABLE_COL + 7)] == 24
    rule = str(cells[(last, TABLE_COL + 8)])
    assert rule.startswith("above upper limit") and "7 points falling" in rule
    assert "conflicting signals" in rule
    dash = [
        str(v) for v in _cells(openpyxl.load_workbook(out, data_only=True)["Dashboard"]).values()
    ]
    assert "⚠ concerning" in dash
