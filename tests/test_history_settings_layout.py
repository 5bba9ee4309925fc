"""The filled workbook's Settings sheet carries 'History folder' and 'Revision threshold' (and
reads back the same), and a layout-kept copy says which figures it uses but does not show."""

from __future__ import annotations

import warnings
from pathlib import Path

import openpyxl
import pytest

from csp_excel import service
from csp_excel.core.model import Settings
from csp_excel.reader.workbook import read_return
from tests.history_books import history_folder, monthly_return

warnings.filterwarnings("ignore", message=".*extension is not supported.*")


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CSP_EXCEL_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture()
def books(tmp_path: Path) -> tuple[Path, Path]:
    return monthly_return(tmp_path, 8), history_folder(tmp_path / "hist")


def _pairs(path: Path) -> dict[str, object]:
    ws = openpyxl.load_workbook(path, data_only=True)["Settings"]
    return {str(r[0].value): r[1].value for r in ws.iter_rows(max_col=2) if r[0].value}


def test_the_settings_sheet_lists_history_folder_and_revision_threshold(books, tmp_path) -> None:
    dec, hist = books
    out = tmp_path / "out.xlsx"
    settings = Settings(source="options", history_folder=str(hist), revision_threshold=0.05)
    result = service.fill_file(dec, out, settings=settings)
    assert result.output == str(out)
    pairs = _pairs(out)
    assert pairs["History folder"] == str(hist)
    assert pairs["Revision threshold"] == pytest.approx(0.05)
    back = read_return(out).settings  # our own Settings sheet reads back the same
    assert back.history_folder == str(hist)
    assert back.revision_threshold == pytest.approx(0.05)
    names = openpyxl.load_workbook(out).defined_names
    assert "History_Folder" in names and "Revision_Threshold" in names


def test_without_history_the_two_settings_are_blank(books, tmp_path) -> None:
    dec, _ = books
    out = tmp_path / "out.xlsx"
    service.fill_file(dec, out)
    pairs = _pairs(out)
    assert pairs["History folder"] is None and pairs["Revision threshold"] is None
    back = read_return(out).settings
    assert back.history_folder is None and back.revision_threshold is None


def test_keep_layout_says_which_borrowed_figures_the_sheet_does_not_show(books, tmp_path) -> None:
    dec, hist = books
    out = tmp_path / "kept.xlsx"
    result = service.fill_file(
        dec, out, keep_layout=True, settings=Settings(source="options", history_folder=str(hist))
    )
    assert result.output == str(out)
    hidden = [f for f in result.findings if f.code == "HISTORY_NOT_SHOWN"]
    assert sorted(f.sheet for f in hidden) == ["Robbery", "TNO"]  # the last-year row of each
    tno = next(f for f in hidden if f.sheet == "TNO")
    assert tno.severity == "info" and tno.cell  # located: the grid's first month header
    ws = openpyxl.load_workbook(dec)["TNO"]
    assert ws[tno.cell].value == "Apr-16"
    assert "Apr-15…Mar-16 from 'bd 2016-03.xlsx'" in tno.message
    assert "not shown in this sheet" in tno.message


def test_keep_layout_without_history_adds_no_such_finding(books, tmp_path) -> None:
    dec, _ = books
    result = service.fill_file(dec, tmp_path / "kept.xlsx", keep_layout=True)
    assert not [f for f in result.findings if f.code == "HISTORY_NOT_SHOWN"]
