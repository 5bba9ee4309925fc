"""A column's height is its figure, so a column chart's value axis starts at zero (issue #13).

Left to itself, Excel (and LibreOffice) starts the axis near the lowest column when the figures
are close, and a small fall looks like most of the column gone. Only when a plotted point is
negative (a target to date that goes down draws a negative period target) is the axis left free,
or that point would be cut off.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from csp_excel.cli import app

MONTHS = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]


def _filled(tmp_path: Path, target_to_date: list[float]) -> Path:
    """A 'Burglary' return: a worded annual target, this year's counts and a target to date."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Burglary"
    ws["A1"] = "Burglary offences"
    ws.append(["Target", "No more than 100"])
    ws.append([])
    ws.append(["Measure", *[f"{m}-{16 if i < 9 else 17}" for i, m in enumerate(MONTHS)]])
    ws.append(["Actual", 1510, 1490, 1530, 1500, 1495, 1520])
    ws.append(["Target to date", *target_to_date])
    src, out = tmp_path / "burglary.xlsx", tmp_path / "burglary.filled.xlsx"
    wb.save(src)
    res = CliRunner().invoke(app, ["fill", str(src), "--out", str(out)])
    assert res.exit_code == 0, res.output
    return out


def _axis_minimums(book: Path, title: str) -> list[str]:
    with zipfile.ZipFile(book) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    mine = [c for c in charts if title in c]
    assert len(mine) == 1, title
    assert "<c:barChart>" in mine[0]
    return re.findall(r'<c:min val="([^"]+)"/>', mine[0])


def test_the_month_by_month_columns_start_at_zero(tmp_path: Path) -> None:
    book = _filled(tmp_path, [1500 * (m + 1) for m in range(12)])
    assert _axis_minimums(book, "Burglary offences: month by month") == ["0"]


def test_a_negative_period_target_leaves_the_axis_free(tmp_path: Path) -> None:
    # read as cumulative (it ends at the annual target): July's own target is 25 - 30 = -5
    book = _filled(tmp_path, [10, 20, 30, 25, 40, 50, 60, 70, 80, 90, 95, 100])
    sheet = openpyxl.load_workbook(book, data_only=True)["Burglary"]
    period = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Target for the period")
    assert period[4] == -5
    assert _axis_minimums(book, "Burglary offences: month by month") == []
