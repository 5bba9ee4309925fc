"""A partnership with two returns for the same month is compared once (a new user found the
bundled samples' two December returns of Barking and Dagenham counted as two partnerships)."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from csp_excel.cli import app

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def test_two_returns_of_one_month_are_compared_once(tmp_path: Path) -> None:
    folder = tmp_path / "returns"
    folder.mkdir()
    for name in ("barking_dagenham_2016-12.xlsx", "barking_dagenham_2016-12_as_published.xlsx",
                 "district_b_2016-12.xlsx"):  # fmt: skip
        shutil.copy(SAMPLES / name, folder / name)
    res = CliRunner().invoke(app, ["fill", str(folder), "--out", str(tmp_path / "out"), "-q"])
    assert res.exit_code == 1, res.output  # the as-published copy has errors
    ws = openpyxl.load_workbook(tmp_path / "out" / "comparison.xlsx")["Overview"]
    assert ws["A2"].value == (
        "2 returns; 19 indicators. Click a sheet name to see the ranking. Not compared:"
        " barking_dagenham_2016-12_as_published.xlsx (another Barking and Dagenham return for"
        " December 2016, barking_dagenham_2016-12.xlsx, is compared)."
    )
    rows = {r[0]: r[1] for r in ws.iter_rows(min_row=5, values_only=True) if r[0]}
    assert rows["Total Notifiable Offences (TNO's)"] == 2  # Barking and Dagenham, Thameside
    assert max(rows.values()) == 2
