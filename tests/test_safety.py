"""Bad files are refused before any parser touches them, quickly, with one plain-English line."""

from __future__ import annotations

import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import bad_files as B
import pytest

from csp_excel.errors import FileRefused
from csp_excel.reader.safety import check_file, is_legacy_xls, is_macro_enabled, legacy_message


def refused(path: Path, **kw: object) -> FileRefused:
    with pytest.raises(FileRefused) as info:
        check_file(path, **kw)  # type: ignore[arg-type]
    err = info.value
    assert "\n" not in err.message and path.name in err.message  # one line, names the file
    return err


@pytest.mark.parametrize(
    ("make", "code", "words"),
    [
        (B.empty_file, "FILE_UNREADABLE", "is empty"),
        (B.random_bytes, "FILE_UNREADABLE", "not an Excel workbook"),
        (B.csv_renamed, "FILE_UNREADABLE", "looks like a CSV/text file"),
        (B.html_renamed, "FILE_UNREADABLE", "web page"),
        (B.truncated_zip, "FILE_UNREADABLE", "damaged"),
        (B.word_docx, "FILE_UNREADABLE", "Word document"),
        (B.encrypted_xlsx, "FILE_ENCRYPTED", "File > Info > Protect Workbook"),
        (B.legacy_xls, "FILE_LEGACY_FORMAT", "Save As .xlsx"),
        (B.absurd_dimension, "FILE_TOO_LARGE", "XFD1048576"),
        (B.far_cell, "FILE_TOO_LARGE", "XFD1048576"),
        (B.far_cell_hidden, "FILE_TOO_LARGE", "'Notes'"),
        (B.zip_bomb, "FILE_TOO_LARGE", "zip bomb"),
    ],
)
def test_bad_files_are_refused(
    tmp_path: Path, make: Callable[[Path], Path], code: str, words: str
) -> None:
    err = refused(make(tmp_path))
    assert err.code == code and words in err.message


@pytest.mark.parametrize("make", [B.openpyxl_xlsx, B.minimal_xlsx, B.macro_xlsm])
def test_good_files_pass(tmp_path: Path, make: Callable[[Path], Path]) -> None:
    check_file(make(tmp_path))


def test_zip_bomb_refused_fast_with_flat_memory(tmp_path: Path) -> None:
    start = time.perf_counter()
    bomb = B.zip_bomb(tmp_path)
    made = time.perf_counter() - start
    assert bomb.stat().st_size < 8 * 1024 * 1024 and made < 5
    with zipfile.ZipFile(bomb) as z:
        assert sum(i.file_size for i in z.infolist()) > 1.5 * 1024**3 - 1
    tracemalloc.start()
    start = time.perf_counter()
    err = refused(bomb)
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert err.code == "FILE_TOO_LARGE" and "1.5 GB" in err.message
    assert elapsed < 2 and peak < 50 * 1024 * 1024


def test_small_bomb_caught_by_ratio_not_total(tmp_path: Path) -> None:
    bomb = B.zip_bomb(tmp_path, gib=0.05)  # ~51 MB at ~300:1
    check_file(bomb, max_ratio=10_000)  # the sheet is one row repeated: passes the size limits
    assert refused(bomb).code == "FILE_TOO_LARGE"
    assert (
        refused(bomb, max_ratio=10_000, max_uncompressed=10 * 1024 * 1024).code == "FILE_TOO_LARGE"
    )


def test_encrypted_workbook_really_is_encrypted(tmp_path: Path) -> None:
    import msoffcrypto

    path = B.encrypted_xlsx(tmp_path)
    with path.open("rb") as f:
        assert msoffcrypto.OfficeFile(f).is_encrypted()


def test_legacy_xls_readable_when_allowed(tmp_path: Path) -> None:
    import python_calamine

    path = B.legacy_xls(tmp_path)
    assert is_legacy_xls(path) and not is_legacy_xls(B.openpyxl_xlsx(tmp_path))
    check_file(path, allow_legacy=True)
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    assert book.sheet_names == ["Robbery"]
    assert book.get_sheet_by_index(0).to_python() == [["Month", 37.0, 54.0]]
    assert "old.xls" in legacy_message(path) and "Save As .xlsx" in legacy_message(path)


def test_legacy_xls_with_password_or_absurd_size_refused_even_when_allowed(tmp_path: Path) -> None:
    assert (
        refused(B.legacy_xls(tmp_path, encrypted=True), allow_legacy=True).code == "FILE_ENCRYPTED"
    )
    big = B.legacy_xls(tmp_path, dims=(65536, 256))
    err = refused(big, allow_legacy=True)
    assert err.code == "FILE_TOO_LARGE" and "'Robbery'" in err.message


def test_macro_enabled_is_noted_not_refused(tmp_path: Path) -> None:
    xlsm = B.macro_xlsm(tmp_path)
    check_file(xlsm)
    assert is_macro_enabled(xlsm) and not is_macro_enabled(B.openpyxl_xlsx(tmp_path))


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert refused(tmp_path / "nope.xlsx").code == "FILE_UNREADABLE"
    folder = tmp_path / "dir.xlsx"
    folder.mkdir()
    assert refused(folder).code == "FILE_UNREADABLE"


def test_sheet_names_come_from_the_workbook(tmp_path: Path) -> None:
    sheets = {
        "Robbery": B.sheet_xml([("A1", 1, 1)]),
        "Burglary & Theft": B.sheet_xml([("A1", 1, 1)], "A1:XFD1048576"),
    }
    err = refused(B.minimal_xlsx(tmp_path, sheets, "two.xlsx"))
    assert "'Burglary & Theft'" in err.message


@pytest.mark.parametrize(
    ("dimension", "cells", "ok"),
    [
        ("A1:Z200", [("Z200", 200, 1)], True),
        ("A1:T250000", [("A1", 1, 1)], True),  # 5,000,000 cells: at the limit
        ("A1:T250001", [("A1", 1, 1)], False),
        (None, [("A1", 1, 1), ("B3000000", 3_000_000, 1)], False),
        (None, [("XFD1", 1, 1)], True),  # one wide row: 16,384 cells
    ],
)
def test_dimension_limit(tmp_path: Path, dimension: str | None, cells: list, ok: bool) -> None:
    path = B.minimal_xlsx(tmp_path, {"S": B.sheet_xml(cells, dimension)}, "d.xlsx")
    if ok:
        check_file(path)
    else:
        assert refused(path).code == "FILE_TOO_LARGE"


def test_unsafe_xml_in_workbook_part(tmp_path: Path) -> None:
    path = B.minimal_xlsx(tmp_path)
    bad = tmp_path / "entities.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(bad, "w") as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/workbook.xml":
                data = (
                    b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaa">]>'
                    + data.split(b"?>", 1)[1]
                )
            out.writestr(item, data)
    err = refused(bad)
    assert err.code == "FILE_UNREADABLE" and "unsafe XML" in err.message
