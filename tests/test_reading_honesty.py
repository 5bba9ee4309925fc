"""Reading honesty: what the user is told about a return is what the return says.

Calendar years stay calendar years, row kinds are shown in plain English, the advice for an
unused row fits the row, whole-year history columns reach the outputs, and a status line is
never taken for the indicator's name.
"""

from __future__ import annotations

import csv
import re
import typing
from pathlib import Path

import openpyxl
from typer.testing import CliRunner
from wb_factory import MONTHS, write_book

from csp_excel.cli import app
from csp_excel.core.model import RowKind
from csp_excel.core.row_kinds import ROW_KIND_WORDS
from csp_excel.reader.synonyms import parse_kind
from csp_excel.reader.workbook import read_return

runner = CliRunner()
CORPUS = Path(__file__).parent / "corpus"
INTERNAL = re.compile(r"actual_last_year|pct_change|\br12\b|->\s*unknown|Settings Row label \|")


def _quality_lines(path: Path) -> list[str]:
    ws = openpyxl.load_workbook(path)["Data quality"]
    col_a = [str(c.value) for c in ws["A"] if c.value]
    return col_a[col_a.index("How each sheet was read") :]


def test_calendar_year_headers_are_shown_as_written(tmp_path: Path) -> None:
    src = CORPUS / "red_summary_years.xlsx"
    res = runner.invoke(app, ["inspect", str(src)])
    assert res.exit_code == 0, res.output
    assert "Years 2002 to 2006, as the headers name them" in res.output
    assert "the latest year is 2006" in res.output
    assert "2006/07" not in res.output and "Financial year 2006" not in res.output
    out = tmp_path / "out.xlsx"
    runner.invoke(app, ["fill", str(src), "--out", str(out)])
    lines = _quality_lines(out)
    assert any("Years 2002 to 2006" in x for x in lines)
    assert not any("2006/07" in x for x in lines)


def test_every_row_kind_has_plain_words_and_a_word_settings_accepts() -> None:
    assert set(ROW_KIND_WORDS) == set(typing.get_args(RowKind))
    for kind, (words, typed) in ROW_KIND_WORDS.items():
        assert "_" not in words and parse_kind(typed) == kind


def _history_book(tmp_path: Path) -> Path:
    ly = [542, 572, 625, 662, 564, 528, 519, 544, 587, 480, 488, 476]
    return write_book(
        tmp_path / "dv.xlsx",
        {
            "DV": [
                ["Domestic violence"],
                ["(2015/16 performance measure - record more than 6587 crimes)"],
                [None, "12/13", "13/14", "14/15", *MONTHS],
                ["Actual 2014 - 2015", 6950, 7103, 6587, *ly],
                ["Actual 2015 - 2016", None, None, None, 556, 572, 504],
                ["Target 14/15", None, None, None, *[500] * 12],
                ["Cum Actuals 14/15", None, None, None, 542, 1114, 1739],
                ["% difference in Actuals", None, None, None, 0.02, 0.0, -0.19],
            ],
        },
    )


def test_inspect_and_data_quality_show_row_kinds_in_plain_english(tmp_path: Path) -> None:
    book = _history_book(tmp_path)
    res = runner.invoke(app, ["inspect", str(book)])
    assert "-> last year's figures ('last year') (2014/15)" in res.output
    assert "-> % change on last year ('% change')" in res.output
    assert not INTERNAL.search(res.output), res.output
    out = tmp_path / "out.xlsx"
    runner.invoke(app, ["fill", str(book), "--out", str(out)])
    lines = _quality_lines(out)
    assert any("this year's figures" in x for x in lines)
    assert not any(INTERNAL.search(x) for x in lines)


def test_unused_row_advice_fits_the_row(tmp_path: Path) -> None:
    ret = read_return(_history_book(tmp_path))
    notes = {f.cell: f.message for f in ret.findings if f.code == "ROW_NOT_RECOGNISED"}
    target, cum = notes["A6"], notes["A7"]
    assert "| actual" not in target and "only this year's target" in target
    assert "| actual" not in cum and "does not use last year's running totals" in cum
    assert "'Actual 2014 - 2015' (A4) are used instead" in cum


def test_whole_year_history_columns_reach_the_export_and_the_sheet(tmp_path: Path) -> None:
    book = _history_book(tmp_path)
    raw = openpyxl.load_workbook(book)["DV"]
    want = {str(raw.cell(3, c).value): float(raw.cell(4, c).value) for c in (2, 3, 4)}
    assert want == {"12/13": 6950.0, "13/14": 7103.0, "14/15": 6587.0}
    csv_out = tmp_path / "t.csv"
    res = runner.invoke(app, ["export", str(book), "--out", str(csv_out)])
    assert csv_out.exists(), res.output
    with open(csv_out, encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["measure"] == "annual_total"]
    assert {r["period"]: float(r["value"]) for r in rows} == want
    assert all(r["fy"] == r["period"] for r in rows)
    out = tmp_path / "out.xlsx"
    runner.invoke(app, ["fill", str(book), "--out", str(out)])
    ws = openpyxl.load_workbook(out)["DV"]
    [(r, c)] = [(x.row, x.column) for row in ws.iter_rows() for x in row
                if x.value == "Whole years (as supplied)"]  # fmt: skip
    shown = {str(ws.cell(r, c + 1 + i).value): ws.cell(r + 1, c + 1 + i).value for i in range(3)}
    assert shown == want


def test_title_is_the_indicator_name_not_its_status_line(tmp_path: Path) -> None:
    raw = openpyxl.load_workbook(CORPUS / "ply_quarterly.xlsx")
    names = {ws.title: ws["B1"].value for ws in raw.worksheets if ws["B1"].value}
    ret = read_return(CORPUS / "ply_quarterly.xlsx")
    got = {i.sheet: i.title for i in ret.indicators}
    assert got and all(got[s] == names[s] for s in got)
    book = write_book(
        tmp_path / "status.xlsx",
        {
            "Hate crime": [
                ["AREA OF SIGNIFICANT CONCERN: (outside of 15% of performance measure)"],
                ["Reports of hate crime to the police"],
                [None, *MONTHS],
                ["Actual 2016 - 2017", 20, 22, 25],
            ]
        },
    )
    [ind] = read_return(book).indicators
    assert ind.title == "Reports of hate crime to the police"


def test_title_above_a_grid_near_the_top_and_a_good_to_be_line(tmp_path: Path) -> None:
    """A one-line title with a 'service' word is the title (not a portfolio); a 'Good to be high'
    line is polarity evidence, never the title; the header row and the figure rows under it are
    never taken as the title."""
    import xlsxwriter

    import csp_excel

    path = tmp_path / "satisfaction.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("ASB victim satisfaction")
    ws.write("A1", "Satisfaction rate of vulnerable victims of ASB with the service they receive")
    ws.write("A2", "Good to be high")
    for i in range(4):
        ws.write(3, 1 + i, f"Qtr {i + 1} 2015/16")
    ws.write("A5", "Very + Fairly satisfied")
    ws.write("B5", 41)
    ws.write("A6", "Total sent out")
    ws.write("B6", 48)
    wb.close()
    ret = csp_excel.read(path)
    (ind,) = ret.indicators
    assert ind.title == (
        "Satisfaction rate of vulnerable victims of ASB with the service they receive"
    )
    assert ind.polarity == "higher"
    pol = [f for f in ret.findings if f.code == "POLARITY_INFERRED"]
    assert [f.cell for f in pol] == ["A2"]
    result = csp_excel.validate(path)
    (comp,) = result.computed
    assert comp.pct_ytd is not None and abs(comp.pct_ytd[0] - 41 / 48) < 1e-12
