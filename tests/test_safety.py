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
from csp_excel.reader.extent import MAX_SHEETS, MAX_TOTAL_CELLS
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
    bomb = B.zip_bomb(tmp_path, gib=0.02)  # ~20 MB at ~300:1
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
        (f"A1:T{MAX_TOTAL_CELLS // 20}", [("A1", 1, 1)], True),  # at the limit
        (f"A1:T{MAX_TOTAL_CELLS // 20 + 1}", [("A1", 1, 1)], False),
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


# --- issue #10: the true extent, found by a real XML parser, one cap for all sheets ----------


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (B.far_cell_single_quotes, "XFD1048576"),
        (B.far_cell_spaces, "XFD1048576"),
        (B.far_cell_leading_zeros, "XFD1048576"),
        (B.far_cell_prefixed, "XFD1048576"),
        (B.implied_positions, f"B{MAX_TOTAL_CELLS * 3 // 5}"),  # the 2nd cell without r=
        (B.implied_rows, f"C{MAX_TOTAL_CELLS * 2 // 5 + 1}"),  # a <row> without r=, 3rd cell
        (B.row_number_too_long, "past the last row or column Excel allows"),
        (B.huge_merge, "merges cells up to XFD1048576"),
        (B.many_sheets_under_cap, "all sheets together"),
        (B.too_many_sheets, f"more than {MAX_SHEETS:,} sheets"),
        (B.many_tag_names, "too many kinds of element"),
    ],
)
def test_hostile_extents_are_refused_before_calamine(
    tmp_path: Path, make: Callable[[Path], Path], words: str
) -> None:
    path = make(tmp_path)
    err = refused(path)
    assert err.code == "FILE_TOO_LARGE" and words in err.message, err.message
    if not any(w in words for w in ("sheets", "Excel allows", "kinds")):
        assert f"{MAX_TOTAL_CELLS:,} cells" in err.message  # the limit is named
        assert "'Notes'" in err.message  # the sheet is named


def test_the_same_shapes_under_the_cap_pass(tmp_path: Path) -> None:
    """The mechanism, not a list of examples: implied positions are counted, not refused."""
    check_file(B.implied_positions(tmp_path, rows=1000, cells=30))
    check_file(B.many_sheets_under_cap(tmp_path, sheets=3, per_sheet=MAX_TOTAL_CELLS // 80))


def test_entity_in_a_sheet_is_refused(tmp_path: Path) -> None:
    err = refused(B.entity_in_sheet(tmp_path))
    assert err.code == "FILE_UNREADABLE" and "unsafe XML" in err.message


def test_xlsb_gets_a_plain_save_as_message(tmp_path: Path) -> None:
    err = refused(B.xlsb_like(tmp_path))
    assert err.code == "FILE_LEGACY_FORMAT"
    assert "binary workbook (.xlsb)" in err.message and "save it as .xlsx" in err.message


def test_extent_scan_parses_references_like_excel() -> None:
    from csp_excel.reader.extent_scan import parse_ref

    assert parse_ref(" $xfd$0001048576 ") == (1048576, 16384)
    assert parse_ref("C") == (0, 3) and parse_ref("7") == (7, 0)
    assert parse_ref("A" + "9" * 5000)[0] > 1048576  # no 5,000-digit int() on the way
    assert parse_ref("A1B") is None and parse_ref("") is None and parse_ref("A²") is None


# --- issue #16: legacy .xls, the compound file walked before calamine, calamine isolated -----


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (B.xls_fat_loop, "directory chain loops back on itself"),
        (B.xls_stream_loop, "'Workbook' stream chain loops back on itself"),
        (B.xls_chain_past_end, "past the end of the file"),
        (B.xls_absurd_size, "claims more bytes than the file has"),
        (B.xls_directory_loop, "directory is damaged"),
        (B.xls_fat_sector_past_end, "past the end of the file"),
        (B.xls_shared_sectors, "shares sectors with another part"),
    ],
)
def test_hostile_compound_files_are_refused_before_calamine(
    tmp_path: Path, make: Callable[[Path], Path], words: str
) -> None:
    path = make(tmp_path)
    assert path.stat().st_size < 10_000
    for allow in (False, True):
        err = refused(path, allow_legacy=allow)
        assert err.code == "FILE_UNREADABLE" and words in err.message, err.message
        assert "Save As .xlsx" in err.message


def test_the_unbroken_compound_file_walks_cleanly(tmp_path: Path) -> None:
    from csp_excel.reader.compound import streams, workbook_stream

    found = streams(B.legacy_xls(tmp_path).read_bytes())
    stream = workbook_stream(found)
    assert stream is not None and stream[:2] == b"\x09\x08"  # a BIFF BOF record first


def test_calamine_runs_isolated_and_its_abort_stays_in_the_child(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """Bypassing our compound-file walk on purpose: calamine, given the looping .xls, allocates
    until it hits the worker's memory limit and aborts. The abort stays in the child: this
    process gets WorkerFailed (with the child's stderr kept for --debug), prints nothing, and
    its own memory does not grow."""
    import resource

    from csp_excel.reader.legacy import WorkerFailed, load_isolated

    good = load_isolated(B.legacy_xls(tmp_path).read_bytes())
    assert good[0][0] == "Robbery" and good[0][1][0][:3] == ["Month", 37.0, 54.0]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    with pytest.raises(WorkerFailed) as info:
        load_isolated(B.xls_fat_loop(tmp_path).read_bytes())
    assert time.perf_counter() - start < 15
    assert info.value.detail  # the panic / abort text, captured
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50 * 1024  # KB
    out, err = capfd.readouterr()
    assert "panicked" not in out + err and "memory allocation" not in out + err


@pytest.mark.parametrize(
    ("make", "args"),
    [
        (B.xls_fat_loop, ["validate", "--json", "{f}"]),
        (B.xls_fat_loop, ["fill", "{f}", "--out", "out"]),
        (B.xls_fat_loop, ["export", "{f}", "--out", "tidy.csv"]),
        (B.xls_fat_loop, ["button", "--from", "{f}", "--out", "b.xlsm"]),
        (B.far_cell_single_quotes, ["validate", "{ok}", "--settings", "{f}"]),
        (B.far_cell_single_quotes, ["button", "--from", "{f}", "--out", "b.xlsm"]),
    ],
)
def test_every_command_refuses_hostile_files_plainly(
    tmp_path: Path, make: Callable[[Path], Path], args: list[str]
) -> None:
    """The real CLI in a child process: the 25 KB looping .xls of #16 (which made calamine
    abort in all four commands) and the far cell in a --settings or button --from workbook."""
    import json
    import subprocess
    import sys

    bad = make(tmp_path)
    ok = B.openpyxl_xlsx(tmp_path)
    argv = [a.format(f=bad, ok=ok) for a in args]
    done = subprocess.run(
        [sys.executable, "-m", "csp_excel", *argv],
        capture_output=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    text = (done.stdout + done.stderr).decode("utf-8", "replace")
    assert done.returncode in (1, 2), text
    assert "Traceback" not in text and "panicked" not in text, text
    assert bad.name in text and ("damaged" in text or f"{MAX_TOTAL_CELLS:,} cells" in text), text
    if "--json" in argv:
        doc = json.loads(done.stdout)
        assert doc["files"][0]["status"] == "failed"


def test_shared_strings_that_claim_billions_are_refused(tmp_path: Path) -> None:
    from csp_excel.reader.extent import MAX_SHARED_STRINGS

    err = refused(B.shared_strings_claim(tmp_path))
    assert err.code == "FILE_TOO_LARGE" and "4,000,000,000 pieces of text" in err.message
    assert f"{MAX_SHARED_STRINGS:,}" in err.message
    sub = tmp_path / "fine"
    sub.mkdir()
    check_file(B.shared_strings_claim(sub, count=MAX_SHARED_STRINGS))  # at the limit: read
