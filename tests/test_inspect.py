"""`csp-excel inspect` shows how each sheet was read (text and --json); the filled workbook's
Data quality sheet carries the same summary; fill and validate name the warnings they count."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from typer.testing import CliRunner
from wb_factory import MONTHS, write_book

from csp_excel.cli import app

runner = CliRunner()


def plymouth(tmp_path: Path) -> Path:
    ly = [542, 572, 625, 662, 564, 528, 519, 544, 587, 480, 488, 476]
    return write_book(
        tmp_path / "ply.xlsx",
        {
            "DV": [
                ["Domestic violence"],
                ["(2015/16 performance measure - record more than 6587 crimes)"],
                [None, "13/14.", "14/15", *MONTHS],
                ["Actual 2014 - 2015", 7103, 6587, *ly],
                ["Actual 2015 - 2016", None, None, 556, 572, 504],
                ["Mystery row", None, None, 1, 2, 3],
            ],
            "Chart": [[None, "Qtr 1", "Qtr 2", "Qtr 3", "Qtr 4"], ["Sales", 1, 2, 3, 4]],
            "Robbery": [["Robbery"], [None, *MONTHS], ["Month", 5, 6]],  # no year anywhere
        },
    )


def test_inspect_text_says_how_each_sheet_was_read(tmp_path) -> None:
    res = runner.invoke(app, ["inspect", str(plymouth(tmp_path))])
    out = res.output
    assert res.exit_code == 0, out
    assert "Sheet 'DV': read as 1 indicator" in out
    assert "Financial year 2015/16" in out
    assert "A5 'Actual 2015 - 2016' -> this year's figures ('actual') (2015/16)" in out
    assert "A4 'Actual 2014 - 2015' -> last year's figures ('last year') (2014/15)" in out
    assert "C3 '14/15' = history 14/15" in out and "D3 'Apr' = Apr-15" in out
    assert "Target: an annual minimum of 6587" in out and "Polarity: higher" in out
    assert "A6 'Mystery row' -> not used" in out
    assert "actual_last_year" not in out and "-> unknown" not in out
    assert "Sheet 'Chart': skipped" in out
    assert "Sheet 'Robbery': skipped" in out and "(at B2)" in out


def test_inspect_json_is_the_same_reading(tmp_path) -> None:
    res = runner.invoke(app, ["inspect", str(plymouth(tmp_path)), "--json"])
    doc = json.loads(res.stdout)
    sheets = {s["sheet"]: s for s in doc["sheets"]}
    assert sheets["DV"]["state"] == "read" and sheets["DV"]["indicators"] == ["DV"]
    [block] = sheets["DV"]["blocks"]
    assert block["fy"] == "2015/16" and block["header_row"] == 3 and block["label_column"] == "A"
    rows = {r["label"]: r for r in block["rows"]}
    assert rows["Actual 2015 - 2016"]["kind"] == "actual" and rows["Mystery row"]["used"] is False
    assert sheets["Robbery"]["state"] == "skipped" and sheets["Robbery"]["cell"] == "B2"
    assert any(f["code"] == "SHEET_SKIPPED" for f in doc["findings"])


def test_inspect_with_reporting_month_reads_the_yearless_sheet(tmp_path) -> None:
    p = plymouth(tmp_path)
    res = runner.invoke(app, ["inspect", str(p), "--json", "--reporting-month", "2015-06"])
    sheets = {s["sheet"]: s for s in json.loads(res.stdout)["sheets"]}
    assert sheets["Robbery"]["state"] == "read"
    assert sheets["Robbery"]["blocks"][0]["fy_source"] == "--reporting-month"


def test_inspect_missing_file_is_a_usage_error(tmp_path) -> None:
    res = runner.invoke(app, ["inspect", str(tmp_path / "nope.xlsx")])
    assert res.exit_code == 2 and "Not found" in res.output


def test_data_quality_sheet_says_how_each_sheet_was_read(tmp_path) -> None:
    out = tmp_path / "out.xlsx"
    res = runner.invoke(app, ["fill", str(plymouth(tmp_path)), "--out", str(out)])
    assert out.exists(), res.output
    ws = openpyxl.load_workbook(out)["Data quality"]
    col_a = [c.value for c in ws["A"] if c.value]
    at = col_a.index("How each sheet was read")
    lines = col_a[at:]
    assert "Sheet 'DV': read as 1 indicator" in lines
    assert any(str(v).startswith("Sheet 'Robbery': skipped") for v in lines)


def test_fill_and_validate_name_the_warnings_they_count(tmp_path) -> None:
    p = plymouth(tmp_path)
    res = runner.invoke(app, ["validate", str(p)])
    first = res.output.splitlines()[0]
    assert "warning(s): " in first and "SHEET_SKIPPED 'Robbery'!B2" in first
