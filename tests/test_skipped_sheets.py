"""A sheet (or grid) that is not read is reported once, by its SHEET_SKIPPED reason: not also by
the header errors of a grid nobody read; and NO_INDICATORS says what was found.

Workbooks are written to tmp_path (wb_factory) or taken from tests/nonreturns/ and read back.
"""

from __future__ import annotations

from pathlib import Path

from wb_factory import indicator_rows, month_headers, write_book

from csp_excel.reader import read_return

NONRETURNS = Path(__file__).resolve().parent / "nonreturns"
HEADER_CODES = {"MONTHS_OUT_OF_ORDER", "PERIOD_MISMATCH"}


def _codes(ret) -> list[tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    return [(f.code, f.sheet) for f in ret.findings]


def _no_indicators(ret) -> str:  # type: ignore[no-untyped-def]
    found = [f for f in ret.findings if f.code == "NO_INDICATORS"]
    assert len(found) == 1 and found[0].severity == "error"
    return found[0].message


def test_record_table_is_skipped_without_header_noise() -> None:
    ret = read_return(NONRETURNS / "record_table_with_date_rows.xlsx")
    codes = {c for c, _ in _codes(ret)}
    assert "SHEET_SKIPPED" in codes
    assert not codes & HEADER_CODES
    assert "1 sheet was skipped (see the SHEET_SKIPPED notes)" in _no_indicators(ret)
    assert "no sheet has a row of 12 month" not in _no_indicators(ret)
    # not silent: the header problems are still in the block's reading (inspect shows them)
    notes = [n for r in ret.readings for b in r.blocks for n in b.notes]
    assert any(n.startswith("not reported, the grid was not read:") for n in notes)


def _shuffled_grid_sheet() -> list[list[object]]:
    """Months out of order and from another year, and no row that is a figure row."""
    hdr = month_headers(2016)
    hdr[1], hdr[2] = hdr[2], hdr[1]  # May and Jun swapped
    hdr[11] = "Mar-16"  # a month of 2015/16 in a 2016/17 grid
    return [["Stock take 2016/17"], [], [None, *hdr], ["Widget A", 3, 4, 5], ["Widget B", 1, 2]]


def test_a_skipped_grid_beside_a_read_sheet_reports_only_its_skip(tmp_path: Path) -> None:
    p = write_book(
        tmp_path / "r.xlsx", {"Robbery": indicator_rows(), "Stock": _shuffled_grid_sheet()}
    )
    ret = read_return(p)
    assert [i.sheet for i in ret.indicators] == ["Robbery"]
    stock = [c for c, s in _codes(ret) if s == "Stock"]
    assert "SHEET_SKIPPED" in stock
    assert not set(stock) & HEADER_CODES
    assert "NO_INDICATORS" not in {c for c, _ in _codes(ret)}


def test_a_read_grid_still_reports_its_header_errors(tmp_path: Path) -> None:
    hdr = month_headers(2016)
    hdr[1], hdr[2] = hdr[2], hdr[1]
    ret = read_return(write_book(tmp_path / "r.xlsx", {"Robbery": indicator_rows(headers=hdr)}))
    assert ret.indicators
    assert ("MONTHS_OUT_OF_ORDER", "Robbery") in _codes(ret)


def test_no_indicators_counts_the_skipped_sheets(tmp_path: Path) -> None:
    """Two sheets with month headers but no year anywhere: skipped, so 'no headers' is untrue."""
    bare = [[None, *month_headers(style="bare")], ["Month", 1, 2, 3]]
    p = write_book(tmp_path / "r.xlsx", {"A": bare, "B": bare, "Notes": [["just words"]]})
    message = _no_indicators(read_return(p))
    assert message == (
        "No indicator sheets were read in 'r.xlsx': 3 sheets were skipped "
        "(see the SHEET_SKIPPED notes)."
    )


def test_no_indicators_without_any_headers_says_so(tmp_path: Path) -> None:
    p = write_book(tmp_path / "r.xlsx", {"Notes": [["nothing here"]], "Other": [["still", 3]]})
    assert "no sheet has a row of 12 month (or 4 quarter) headers" in _no_indicators(read_return(p))
