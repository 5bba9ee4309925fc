"""reader.sheets: values-only loading via calamine (openpyxl fallback), a1 refs, merged ranges."""

from __future__ import annotations

from datetime import date, datetime

import bad_files
import pytest
from hypothesis import given
from hypothesis import strategies as st
from wb_factory import write_book

from csp_excel.errors import FileRefused
from csp_excel.reader import sheets as sheets_mod
from csp_excel.reader.sheets import a1, col_letter, load_sheets


@pytest.mark.parametrize(
    "row,col,ref",
    [
        (1, 1, "A1"),
        (14, 3, "C14"),
        (2, 26, "Z2"),
        (3, 27, "AA3"),
        (9, 702, "ZZ9"),
        (1, 703, "AAA1"),
    ],
)
def test_a1(row: int, col: int, ref: str) -> None:
    assert a1(row, col) == ref


@given(st.integers(min_value=1, max_value=16384))
def test_col_letter_round_trip(n: int) -> None:
    from openpyxl.utils import column_index_from_string

    assert column_index_from_string(col_letter(n)) == n


def test_values_dates_merged_and_offsets(tmp_path) -> None:
    p = write_book(
        tmp_path / "r.xlsx",
        {"Robbery": [[None, None], [None, "Title", None, None], [None, datetime(2016, 4, 1), "1,383", 5]],
         "Empty": []},
        merged={"Robbery": ["B2:D2"]},
    )  # fmt: skip
    got = {s.name: s for s in load_sheets(p)}
    rob = got["Robbery"]
    assert rob.value(2, 2) == "Title"
    assert rob.value(1, 1) is None  # leading empty area kept so rows/cols stay 1-based
    assert rob.value(3, 2) in (date(2016, 4, 1), datetime(2016, 4, 1))
    assert rob.value(3, 3) == "1,383"
    assert rob.value(3, 4) == 5
    assert (2, 2, 2, 4) in rob.merged
    assert got["Empty"].rows == []


def test_formula_is_never_run(tmp_path) -> None:
    p = write_book(tmp_path / "f.xlsx", {"S": [["=1+2", "=Target"]]}, formulas=True)
    s = load_sheets(p)[0]
    assert s.value(1, 1) != 3  # no cached value, so nothing; formulas are not evaluated


def test_not_a_workbook_is_refused(tmp_path) -> None:
    p = tmp_path / "bad.xlsx"
    p.write_bytes(b"this is not a zip file")
    with pytest.raises(FileRefused) as e:
        load_sheets(p)
    assert e.value.code == "FILE_UNREADABLE"
    assert e.value.message == (
        "'bad.xlsx' could not be read; it may be damaged or not really an Excel file."
    )
    assert e.value.__cause__ is not None and str(e.value.__cause__)  # the detail, for --debug


def test_openpyxl_fallback_when_calamine_fails(tmp_path, monkeypatch) -> None:
    p = write_book(tmp_path / "r.xlsx", {"S": [["Month", 3, "TBC"]]})

    def boom(path):  # calamine refusing a valid file
        raise RuntimeError("calamine failed")

    monkeypatch.setattr(sheets_mod, "_load_calamine", boom)
    s = load_sheets(p)[0]
    assert s.rows == [["Month", 3.0, "TBC"]]


def _plain(message: str) -> bool:
    """No Python/Rust exception names or library wording in a message meant for Excel users."""
    return not any(w in message for w in ("Error", "Exception", "EOCD", "panicked", "(", "_rels"))


@pytest.mark.parametrize("make", [bad_files.truncated_zip, bad_files.random_bytes,
                                  bad_files.word_docx, bad_files.html_renamed])  # fmt: skip
def test_unreadable_file_messages_are_plain_with_detail_chained(tmp_path, make) -> None:
    with pytest.raises(FileRefused) as e:
        load_sheets(make(tmp_path))
    assert e.value.code == "FILE_UNREADABLE" and _plain(e.value.message), e.value.message
    assert e.value.__cause__ is not None


def test_damaged_legacy_xls_is_refused_plainly(tmp_path) -> None:
    # an OLE2 file with a Workbook stream that is not BIFF: calamine panics (a BaseException)
    p = tmp_path / "old.xls"
    p.write_bytes(bad_files._cfb({"Workbook": b"\x00\x01garbage" * 300}))
    with pytest.raises(FileRefused) as e:
        load_sheets(p)
    assert e.value.code == "FILE_UNREADABLE" and _plain(e.value.message), e.value.message
    assert "old-style .xls" in e.value.message and "Save As .xlsx" in e.value.message
    assert e.value.__cause__ is not None


def test_legacy_xls_with_an_xlsx_name_is_still_read(tmp_path) -> None:
    real = bad_files.legacy_xls(tmp_path)
    renamed = real.rename(tmp_path / "looks-new.xlsx")
    s = load_sheets(renamed)[0]
    assert s.name == "Robbery" and s.rows[0][:3] == ["Month", 37, 54]
