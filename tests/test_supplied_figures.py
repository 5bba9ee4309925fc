"""Figures shown as the return supplied them read as the return typed them (issue #13's new-user
trial): a "% difference" row holding a difference of counts (-104) was shown as -10400.0%, and a
whole figure in the "#,##0.##" format shows a stray point in Excel ("2,182.")."""

from __future__ import annotations

import warnings
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from csp_excel.cli import app
from csp_excel.writers.indicator.layout import supplied_format

warnings.filterwarnings("ignore", message=".*extension is not supported.*")
CORPUS = Path(__file__).resolve().parent / "corpus"
runner = CliRunner()


@pytest.mark.parametrize(
    ("kind", "values", "expected"),
    [
        ("pct", [0.5, 0.6, None], "0.0%"),  # fractions: a percentage
        ("pct_change", [-0.165, 2.867], "0.0%"),  # one big change among fractions
        ("pct_change", [-104.0], "#,##0"),  # a difference of counts under a "%" label
        ("pct", [92.3, 88.0, 0.9], "#,##0.0#"),  # typed in whole numbers, some decimals
        ("pct", [], "0.0%"),
        ("rate", [104.0], "0.00"),  # only percentage rows are reconsidered
        ("count", [3.0], "#,##0"),
    ],
)
def test_supplied_format(kind: str, values: list[float | None], expected: str) -> None:
    assert supplied_format(kind, values, "#,##0") == expected


def test_a_real_big_change_stays_a_percentage() -> None:
    """+286.7% on a small count, typed as 2.867 (our own change) or as the text "+300%"."""
    assert supplied_format("pct_change", [2.867], "#,##0", [2.867], [2.8667]) == "0.0%"
    assert supplied_format("pct_change", [3.0], "#,##0", ["+300%"], [2.8667]) == "0.0%"
    assert supplied_format("pct_change", [43.0], "#,##0", [43], [2.8667]) == "#,##0"


def _row(ws: openpyxl.worksheet.worksheet.Worksheet, label: str) -> tuple[openpyxl.cell.Cell, ...]:
    return next(r for r in ws.iter_rows() if r[0].value == label)


def test_a_count_difference_under_a_percent_label(tmp_path: Path) -> None:
    src = CORPUS / "ply_quarterly.xlsx"
    res = runner.invoke(app, ["fill", str(src), "--out", str(tmp_path / "q.xlsx")])
    assert (
        "  ERROR   PERCENT_MISMATCH 'DA referrals'!C11: '% difference in Actuals' for Q1 2015/16"
        " is -104, but year to date 525 against 629 in the same period last year is a change of"
        " -16.5%. -104 is the difference in numbers (525 - 629), not a percentage."
    ) in res.output.splitlines()
    ws = openpyxl.load_workbook(tmp_path / "q.xlsx")["DA referrals"]
    cell = _row(ws, "% difference in Actuals (as supplied)")[1]
    assert (cell.value, cell.number_format) == (-104, "#,##0")


def test_whole_years_as_supplied_have_no_stray_point(tmp_path: Path) -> None:
    src = CORPUS / "ply_monthly_history_cols.xlsx"
    runner.invoke(app, ["fill", str(src), "--out", str(tmp_path / "h.xlsx")])
    ws = openpyxl.load_workbook(tmp_path / "h.xlsx")["Domestic violence"]
    at = _row(ws, "Whole years (as supplied)")[0].row
    cells = [c for c in ws[at + 1][1:] if isinstance(c.value, (int, float))]
    assert cells
    for c in cells:
        assert c.number_format == ("#,##0" if float(c.value).is_integer() else "#,##0.##")


def test_a_typed_percentage_is_not_called_a_difference_in_numbers(tmp_path: Path) -> None:
    """628 against 629 is a difference of -1, and "-100%" scaled is -1 too: no hint for it."""
    book = openpyxl.load_workbook(CORPUS / "ply_quarterly.xlsx")
    ws = book["DA referrals"]
    ws["C7"], ws["C10"], ws["C11"] = 628, 628, "-100%"
    src = tmp_path / "q.xlsx"
    book.save(src)
    res = runner.invoke(app, ["validate", str(src)])
    line = next(x for x in res.output.splitlines() if "'DA referrals'!C11" in x and "ERROR" in x)
    assert line.startswith("  ERROR   PERCENT_MISMATCH 'DA referrals'!C11: '% difference in")
    assert "difference in numbers" not in line
