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


# --- values Excel cannot hold and parts that are missing: located findings (issue #10) -------


def _return_with(tmp_path, month_jul: object = 4747, overview: str = "Neptune continues."):
    from wb_factory import indicator_rows

    grid = [["Month", 37, 54, 54, month_jul, 39, 50, 42, 34, 40]]
    rows = indicator_rows(grid=grid, overview=overview)
    return write_book(tmp_path / "plain.xlsx", {"Robbery": rows})


@pytest.mark.parametrize(
    ("raw", "shown"),
    [(b"NaN", "NaN"), (b"1e308", "1e+308"), (b"-1E308", "-1e+308"), (b"inf", "inf")],
)
def test_values_excel_cannot_hold_are_located_findings(tmp_path, raw, shown) -> None:
    from csp_excel.service import analyse_file

    plain = _return_with(tmp_path)  # Jul's figure is 4747, in E10 (header on row 9)
    path = bad_files.patched(plain, tmp_path / "odd.xlsx", {b"<v>4747</v>": b"<v>" + raw + b"</v>"})
    with __import__("zipfile").ZipFile(path) as z:
        assert b"<v>" + raw + b"</v>" in z.read("xl/worksheets/sheet1.xml")
    result = analyse_file(path)
    codes = {(f.code, f.sheet, f.cell) for f in result.findings}
    assert ("NOT_A_NUMBER", "Robbery", "E10") in codes, result.findings
    assert not any(f.code == "INTERNAL_ERROR" for f in result.findings)
    hit = next(f for f in result.findings if f.code == "NOT_A_NUMBER")
    assert shown in str(hit.found) or shown in hit.message


def test_text_longer_than_excel_allows_is_a_located_finding_not_cut(tmp_path) -> None:
    from csp_excel.reader.workbook import read_return

    plain = _return_with(tmp_path, overview="MARKER-TEXT")
    long = ("Operation Neptune. " * 2500).strip()  # 47,499 characters
    path = bad_files.patched(plain, tmp_path / "long.xlsx", {b"MARKER-TEXT": long.encode()})
    sheet = next(s for s in load_sheets(path) if s.name == "Robbery")
    cell = next(
        (r, c) for r, row in enumerate(sheet.rows, 1) for c, v in enumerate(row, 1) if v == long
    )  # read whole, not cut
    ret = read_return(path)
    hits = [f for f in ret.findings if f.code == "TEXT_TOO_LONG"]
    assert len(hits) == 1 and hits[0].sheet == "Robbery" and hits[0].cell == a1(*cell)
    assert "32,767" in hits[0].message and f"{len(long):,}" in hits[0].message


def test_sheet_whose_part_is_missing_is_a_located_failure_and_the_rest_is_read(tmp_path) -> None:
    from csp_excel.reader.workbook import read_return

    path = bad_files.missing_sheet_part(tmp_path)
    sheets = {s.name: s for s in load_sheets(path)}
    assert sheets["Robbery"].rows == [[1.0]] and sheets["Robbery"].failed is None
    assert sheets["Burglary"].failed and sheets["Burglary"].rows == []
    ret = read_return(path)
    hit = [f for f in ret.findings if f.code == "SHEET_UNREADABLE"]
    assert len(hit) == 1 and hit[0].sheet == "Burglary" and "missing" in hit[0].message
    assert any(r.sheet == "Burglary" and r.state == "failed" for r in ret.readings)


def test_damaged_sheet_xml_fails_that_sheet_only(tmp_path) -> None:
    """A sheet whose XML is not valid is never handed to calamine (it was not fully scanned):
    it fails with a located finding and the other sheets are read."""
    from csp_excel.reader.workbook import read_return

    path = bad_files.minimal_xlsx(
        tmp_path,
        {"Robbery": bad_files.sheet_xml([("A1", 1, 5)]), "Notes": "<worksheet><sheetData><oops"},
    )
    sheets = {s.name: s for s in load_sheets(path)}
    assert sheets["Robbery"].rows == [[5.0]]
    assert sheets["Notes"].failed and sheets["Notes"].rows == []
    ret = read_return(path)
    hit = [f for f in ret.findings if f.code == "SHEET_UNREADABLE"]
    assert [(f.sheet, f.cell) for f in hit] == [("Notes", None)] and "damaged" in hit[0].message
    assert _plain(hit[0].message)


def test_load_sheets_checks_the_file_it_reads(tmp_path) -> None:
    """load_sheets scans the extent itself on the handle calamine then reads: a file replaced
    after check_file passed it is scanned again, not trusted."""
    from csp_excel.reader.safety import check_file

    path = bad_files.minimal_xlsx(tmp_path)
    check_file(path)
    assert load_sheets(path)[0].rows == [[37.0, 54.0]]  # the result check_file remembered
    hostile = bad_files.far_cell_single_quotes(tmp_path)
    hostile.replace(path)  # same name, new file (new inode, size and time)
    with pytest.raises(FileRefused) as e:
        load_sheets(path)
    assert e.value.code == "FILE_TOO_LARGE" and "XFD1048576" in e.value.message


def test_engine_panic_text_never_reaches_the_terminal(tmp_path, capfd) -> None:
    """calamine panics on a date serial out of range; the panic is caught (the file is read by
    the fallback) and the Rust panic text, written straight to fd 2, is captured, not shown."""
    import subprocess
    import sys

    path = bad_files.date_out_of_range(tmp_path)
    sheets = load_sheets(path)
    assert sheets[0].name == "Robbery" and sheets[0].value(1, 2) == 4
    out, err = capfd.readouterr()
    assert "panicked" not in out + err and "Warning" not in out + err, err
    done = subprocess.run(
        [sys.executable, "-m", "csp_excel", "validate", "--json", str(path)],
        capture_output=True,
        timeout=120,
        check=False,
    )
    text = (done.stdout + done.stderr).decode("utf-8", "replace")
    assert done.returncode in (0, 1) and "panicked" not in text and "backtrace" not in text, text
