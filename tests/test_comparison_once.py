"""A partnership with two returns for the same month is compared once (a new user found the
bundled samples' two December returns of Barking and Dagenham counted as two partnerships)."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from csp_excel.bulk.history import latest_per_partnership
from csp_excel.bulk.worker import BulkItem
from csp_excel.cli import app

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def test_two_returns_of_one_month_are_compared_once(tmp_path: Path) -> None:
    folder = tmp_path / "returns"
    folder.mkdir()
    for name in ("barking_dagenham_2016-12.xlsx", "barking_dagenham_2016-12_as_published.xlsx",
                 "district_b_2016-12.xlsx"):  # fmt: skip
        shutil.copy(SAMPLES / name, folder / name)
    res = CliRunner().invoke(app, ["fill", str(folder), "--out", str(tmp_path / "out")])
    assert res.exit_code == 1, res.output  # the as-published copy has errors
    lines = res.output.splitlines()
    at = lines.index("✔ comparison.xlsx (0 error(s), 1 warning(s))")
    assert lines[at + 1] == (
        "  WARNING NOT_COMPARED: Not compared, so no partnership counts twice:"
        " barking_dagenham_2016-12_as_published.xlsx (another Barking and Dagenham return for"
        " December 2016, barking_dagenham_2016-12.xlsx, is compared)."
    )
    assert f"Wrote {tmp_path / 'out' / 'comparison.xlsx'}" in lines
    ws = openpyxl.load_workbook(tmp_path / "out" / "comparison.xlsx")["Overview"]
    assert ws["A2"].value == (
        "2 returns; 19 indicators. Click a sheet name to see the ranking. Not compared:"
        " barking_dagenham_2016-12_as_published.xlsx (another Barking and Dagenham return for"
        " December 2016, barking_dagenham_2016-12.xlsx, is compared)."
    )
    rows = {r[0]: r[1] for r in ws.iter_rows(min_row=5, values_only=True) if r[0]}
    assert rows["Total Notifiable Offences (TNO's)"] == 2  # Barking and Dagenham, Thameside
    assert max(rows.values()) == 2


def _item(label: str, partnership: str, month: str | None) -> BulkItem:
    return BulkItem(
        file=f"/in/{label}", status="ok", findings=[], label=label,
        partnership=partnership, reporting_month=month,
    )  # fmt: skip


def test_a_return_naming_no_month_is_left_out_beside_a_dated_one() -> None:
    dated = _item("north/a.xlsx", "Barking and Dagenham", "December 2016")
    undated = _item("south/a.xlsx", "Barking & Dagenham", None)
    alone = _item("c.xlsx", "Thameside", None)  # the only one of its partnership: compared
    kept, left_out = latest_per_partnership([dated, undated, alone])
    assert kept == [dated, alone]
    assert left_out == [
        "south/a.xlsx (it names no reporting month; Barking and Dagenham's December 2016"
        " return, north/a.xlsx, is compared)"
    ]


def test_of_two_clean_returns_the_fuller_one_is_compared() -> None:
    """A one-indicator extract beside the whole return of the same month: the whole one."""
    whole = BulkItem(file="/in/whole.xlsx", status="ok", label="whole.xlsx", partnership="Brent",
                     reporting_month="December 2016", indicators=[{"sheet": f"S{k}"} for k in range(19)])  # fmt: skip
    extract = BulkItem(file="/in/z.xlsx", status="ok", label="z.xlsx", partnership="Brent",
                       reporting_month="December 2016", indicators=[{"sheet": "S0"}])  # fmt: skip
    kept, left_out = latest_per_partnership([whole, extract])
    assert kept == [whole]
    assert left_out == ["z.xlsx (another Brent return for December 2016, whole.xlsx, is compared)"]
    same = BulkItem(file="/in/zz.xlsx", status="ok", label="zz.xlsx", partnership="Brent",
                    reporting_month="December 2016", indicators=[{"sheet": f"S{k}"} for k in range(19)])  # fmt: skip
    assert latest_per_partnership([whole, same])[0] == [same]  # a tie: the last in the run


def test_an_earlier_month_is_not_compared_and_not_named() -> None:
    nov = _item("nov.xlsx", "Thameside", "November 2016")
    dec = _item("dec.xlsx", "Thameside", "December 2016")
    assert latest_per_partnership([nov, dec]) == ([dec], [])
