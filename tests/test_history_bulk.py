"""A folder of several months of several partnerships: each return's history is its own
partnership's earlier returns, and the comparison shows each partnership's latest return."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from csp_excel.core.model import Settings
from tests.history_books import another_partnership, history_folder, monthly_return


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CSP_EXCEL_CACHE_DIR", str(tmp_path / "cache"))


def test_folder_fill_uses_each_partnerships_earlier_returns(tmp_path: Path) -> None:
    from csp_excel.bulk import bulk_cli

    folder = history_folder(tmp_path / "in")
    dec = monthly_return(folder, 8)
    another_partnership(dec, folder / "havering 2016-12.xlsx", "Havering")
    out = tmp_path / "out"
    settings = Settings(source="options", history_folder=str(folder))
    results = bulk_cli([folder], out=out, workers=1, quiet=True, settings=settings)
    by = {Path(r.file).name: r for r in results}
    codes = {name: [f.code for f in r.findings] for name, r in by.items()}
    assert codes["bd 2016-12.xlsx"].count("REVISED") == 2
    assert codes["bd 2016-12.xlsx"].count("HISTORY") == 2
    assert codes["bd 2016-03.xlsx"].count("HISTORY") == 0  # nothing earlier than March 2016
    assert codes["havering 2016-12.xlsx"].count("HISTORY") == 0  # another partnership
    assert codes["bd 2016-04.xlsx"].count("HISTORY") == 2  # April borrows last year
    filled = openpyxl.load_workbook(out / "bd 2016-12.filled.xlsx")
    notes = [c.value for row in filled["TNO"].iter_rows() for c in row]
    assert "Apr-15…Mar-16 from 'bd 2016-03.xlsx'" in notes
    comp = openpyxl.load_workbook(out / "comparison.xlsx")
    text = [str(c.value) for ws in comp.worksheets for row in ws.iter_rows() for c in row]
    assert any("Havering" in t for t in text)
    assert text.count("Dec-16") == 2 * 2  # two partnerships, two indicators
    assert not any("November 2016" in t or "Nov-16" in t for t in text)
    summary = openpyxl.load_workbook(out / "summary.xlsx")
    assert len(list(summary["Files"].iter_rows(min_row=2))) == 11  # every file still listed
