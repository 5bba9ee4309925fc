"""What a new user's first hour ran into (issue #13): each message exactly as printed."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from csp_excel.cli import app

runner = CliRunner()
MONTHS = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]


def _return(
    path: Path, this_year: list[float], ytd: list[float], label: str = "Crimes this year"
) -> Path:
    """One indicator sheet: a this-year row under a label no rule knows, last year, and YTD."""
    last_year = [9, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10]
    return _book(
        path, [[label, *this_year], ["Actual 2015 - 2016", *last_year], ["Year to date", *ytd]]
    )


def _book(path: Path, rows: list[list[object]]) -> Path:
    """A 'Burglary' sheet: a title, the 2016/17 month headers in row 3, then `rows`."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Burglary"
    ws["A1"] = "Burglary offences"
    ws.append([])
    ws.append(["Measure"] + [f"{m}-{16 if i < 9 else 17}" for i, m in enumerate(MONTHS)])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_an_unused_row_with_figures_nowhere_else_is_a_warning(tmp_path: Path) -> None:
    # Jul-Sep are typed only in the row no rule recognises: they reach no measure, so the user
    # must see it without --verbose (it was an info note, and the report moved to June silently)
    book = _return(tmp_path / "a.xlsx", [5, 6, 7, 8, 9, 10], [5, 11, 18])
    res = runner.invoke(app, ["validate", str(book)])
    line = next(x for x in res.stdout.splitlines() if x.startswith("  WARNING ROW_NOT_RECOG"))
    assert line == (
        "  WARNING ROW_NOT_RECOGNISED 'Burglary'!A4: Row 'Crimes this year' was not used: its"
        " label matched none of the row kinds considered (actual, last year, numerator,"
        " denominator, snapshot, ytd, target, rolling 12, rate, % change, rank); it holds 3"
        " figure(s) in periods where the rows used have none, so those periods are missing from"
        " every measure. To use it, add a row 'Crimes this year | actual' (or last year, ytd,"
        " target, rolling 12, rate, ignore) to the Settings sheet's 'Row label | Kind' table."
    )


def test_an_unused_row_whose_periods_are_all_filled_stays_a_note(tmp_path: Path) -> None:
    book = _return(tmp_path / "a.xlsx", [5, 6, 7], [5, 11, 18])
    res = runner.invoke(app, ["validate", str(book), "--json"])
    import json

    found = [f for f in json.loads(res.stdout)["files"][0]["findings"]]
    unused = [f for f in found if f["code"] == "ROW_NOT_RECOGNISED"]
    assert [f["severity"] for f in unused] == ["info"]


def test_fy_takes_the_financial_year_as_people_write_it(tmp_path: Path) -> None:
    for typed in ("2016", "2016/17", "2016-17", "2016/2017"):
        out = tmp_path / f"blank{typed.replace('/', '_')}.xlsx"
        res = runner.invoke(app, ["template", "--fy", typed, "--out", str(out)])
        assert res.exit_code == 0, res.output
        assert res.stdout.strip() == f"Wrote {out} (financial year 2016/17, from --fy {typed})"
    bad = runner.invoke(app, ["template", "--fy", "2016/18", "--out", str(tmp_path / "x.xlsx")])
    assert bad.exit_code == 2
    assert bad.stderr.strip() == (
        "Error: --fy '2016/18' is not a financial year: give the year it starts, e.g. 2016 or"
        " 2016/17."
    )


def test_template_refuses_a_name_that_is_not_a_workbook(tmp_path: Path) -> None:
    out = tmp_path / "blank.csv"
    res = runner.invoke(app, ["template", "--fy", "2016", "--out", str(out)])
    assert res.exit_code == 2 and not out.exists()
    assert res.stderr.strip() == (
        "Error: --out must end in .xlsx (the blank return is an Excel workbook)"
    )


def test_a_suggested_command_keeps_its_question_mark() -> None:
    res = runner.invoke(app, ["fil"])
    assert res.exit_code == 2
    assert res.stderr.strip() == (
        "Error: No such command 'fil'. Did you mean 'fill'? See 'csp-excel --help'."
    )


def test_a_folder_total_counts_the_files_with_errors(tmp_path: Path) -> None:
    good = _return(tmp_path / "good.xlsx", [5, 6, 7], [5, 11, 18])
    bad = _return(tmp_path / "bad.xlsx", [5, 6, 7], [5, 11, 99], "Actual")  # YTD_MISMATCH
    res = runner.invoke(app, ["validate", str(good), str(bad)])
    assert res.exit_code == 1
    assert res.stdout.splitlines()[-1] == "2 file(s): 2 read, 1 with errors, 0 failed."


def test_a_bad_settings_file_stops_the_run_and_says_so(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Settings"
    ws.append(["Setting", "Value"])
    ws.append(["RAG tolerance", "lots"])
    wb.save(tmp_path / "s.xlsx")
    book = _return(tmp_path / "a.xlsx", [5, 6, 7], [5, 11, 18])
    res = runner.invoke(app, ["validate", str(book), "--settings", str(tmp_path / "s.xlsx")])
    assert res.exit_code == 2
    assert "it was ignored" not in res.stderr
    assert res.stderr.strip().endswith("Nothing was run: correct it and try again.")


def test_a_row_naming_another_year_stays_a_note(tmp_path: Path) -> None:
    # a last-year target next to a part-year is ordinary: its figures are that year's, not lost
    _book(tmp_path / "a.xlsx", [["Actual", 5, 6, 7], ["Target 15/16"] + [9.0] * 12])
    res = runner.invoke(app, ["validate", str(tmp_path / "a.xlsx"), "--json"])
    import json

    found = json.loads(res.stdout)["files"][0]["findings"]
    assert [f["severity"] for f in found if f["code"] == "ROW_NOT_RECOGNISED"] in ([], ["info"])
