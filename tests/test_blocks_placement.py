"""Several indicators on one sheet (districts side by side, stacked blocks, a summary table with
one indicator per row) are filled each into its own place: by the Excel button and by
`fill --keep-layout`, which must place the same values; and the bulk summaries and comparison
show each block as its own indicator (a district as its partnership).

The workbooks are the real layouts in tests/corpus/. Expected figures are typed here from the raw
numbers of those files, never computed by csp_excel.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from xw_double import Book

from csp_excel.bulk.worker import BulkItem, indicator_summaries
from csp_excel.core.analysis import analyse_return
from csp_excel.excel import fill_book, place_all, pull_sheets, read_book
from csp_excel.reader.workbook import read_return
from csp_excel.service import analyse_file, fill_file
from csp_excel.writers.comparison import group_indicators
from csp_excel.writers.placement.package import fill_copy

CORPUS = Path(__file__).resolve().parent / "corpus"
WITH_BLOCKS = [
    "lei_side_by_side_districts.xlsx",
    "lei_stacked_districts_marac.xlsx",
    "bd_stacked_blocks.xlsx",
    "red_summary_years.xlsx",
]
# red_summary_years.xlsx, 'Crime theme': each indicator's 2005 and 2006 figures (E, F columns)
RED_2005_2006 = {
    "Theft of Vehicle": (640, 547),
    "Theft from Vehicle": (1082, 1126),
    "Vehicle Interference": (269, 233),
    "Domestic Burglary": (829, 700),
    "Theft/unauthorised taking of a cycle": (371, 300),
    "Theft from Person": (164, 163),
    "Robbery": (75, 76),
    "Common Assault": (632, 646),
    "Wounding": (1555, 1387),
    "Criminal Damage": (5180, 5456),
}
# lei_side_by_side_districts.xlsx, 'Criminal damage': district -> (period column, Q1 2014/15,
# the four quarters of 2013/14)
LEI_DISTRICTS = {
    "Blaby": ("B", 201, (212, 198, 187, 176)),
    "Charnwood": ("F", 419, (455, 431, 402, 398)),
    "Harborough": ("J", 128, (141, 152, 133, 120)),
    "Melton": ("N", 90, (97, 88, 91, 84)),
}


def _cells(path: Path) -> dict[str, dict[tuple[int, int], Any]]:
    wb = load_workbook(path)
    try:
        return {
            ws.title: {
                (c.row, c.column): c.value
                for row in ws.iter_rows()
                for c in row
                if c.value is not None
            }
            for ws in wb.worksheets
        }
    finally:
        wb.close()


def _changed(before: dict[tuple[int, int], Any], after: dict[tuple[int, int], Any]) -> dict:
    keys = set(before) | set(after)
    return {k: after.get(k) for k in keys if before.get(k) != after.get(k)}


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == pytest.approx(float(b), rel=1e-12, abs=1e-12)
    return a == b


def _row_of(cells: dict[tuple[int, int], Any], label: str) -> int:
    rows = [r for (r, c), v in cells.items() if c == 1 and v == label]
    assert len(rows) == 1, f"{label!r} found in rows {rows}"
    return rows[0]


@pytest.mark.parametrize("name", WITH_BLOCKS)
def test_button_places_what_keep_layout_places(tmp_path: Path, name: str) -> None:
    """The button joins each block to its own figures (by key): its placed values are the
    keep-layout copy's, cell for cell (a join by sheet name put one block's figures in all)."""
    src = CORPUS / name
    out = tmp_path / name
    result = fill_file(src, out, keep_layout=True)
    assert not result.failed
    original, copied = _cells(src), _cells(out)

    book = Book.from_xlsx(src)
    message = fill_book(book)
    assert message.startswith("Filled")
    by_button = book.values()
    differences = []
    for sheet, before in original.items():
        file_changed = _changed(before, copied[sheet])
        button_changed = _changed({k: _norm(v) for k, v in before.items()}, by_button[sheet])
        assert set(file_changed) == set(button_changed), sheet
        for k, v in file_changed.items():
            if not _same(v, button_changed[k]):
                differences.append((sheet, k, v, button_changed[k]))
    assert differences == []
    assert any(_changed(original[s], copied[s]) for s in original)  # something was placed


def _norm(value: Any) -> Any:
    """What Excel (and the double) gives back for a cell: ints as floats."""
    return float(value) if isinstance(value, int) and not isinstance(value, bool) else value


@pytest.mark.parametrize("name", WITH_BLOCKS)
def test_no_cell_is_written_twice(tmp_path: Path, name: str) -> None:
    src = CORPUS / name
    ret = read_return(src)
    results = analyse_return(ret).results
    kept = fill_copy(src, tmp_path / name, ret, results)
    book = Book.from_xlsx(src)
    data = pull_sheets(book)
    by_button = place_all(book, read_book(book, data), results, data)
    for written in (kept.written, by_button):
        assert written
        for sheet, cells in written.items():
            assert len(cells) == len(set(cells)), (sheet, sorted(cells))
    assert {s: sorted(c) for s, c in kept.written.items()} == {
        s: sorted(c) for s, c in by_button.items()
    }


def test_summary_table_every_indicator_has_its_own_rows(tmp_path: Path) -> None:
    """One indicator per row: every indicator's YTD and change on the previous year are under the
    table, named, in the year's own column; none is overwritten by the next indicator."""
    out = tmp_path / "red.xlsx"
    assert not fill_file(CORPUS / "red_summary_years.xlsx", out, keep_layout=True).failed
    cells = _cells(out)["Crime theme"]
    ytd_rows, change_rows = set(), set()
    for name, (y2005, y2006) in RED_2005_2006.items():
        ytd = _row_of(cells, f"{name}: Year to date")
        change = _row_of(cells, f"{name}: % change from previous year")
        assert cells[(ytd, 6)] == y2006  # F: 2006, an annual indicator's YTD is the year
        assert cells[(ytd, 5)] == y2005
        assert cells[(change, 6)] == pytest.approx(y2006 / y2005 - 1)
        ytd_rows.add(ytd)
        change_rows.add(change)
        assert _row_of(cells, f"{name}: RAG (computed)") > 18  # below the table and its footnote
    assert len(ytd_rows) == len(change_rows) == len(RED_2005_2006)
    # the user's table is untouched
    original = _cells(CORPUS / "red_summary_years.xlsx")["Crime theme"]
    assert {k: v for k, v in cells.items() if k[0] <= 18} == original


def test_side_by_side_districts_each_in_its_own_columns(tmp_path: Path) -> None:
    """Side-by-side districts share one added block: a row per measure, each district's figure
    under its own columns, as the districts' own rows are."""
    out = tmp_path / "lei.xlsx"
    assert not fill_file(CORPUS / "lei_side_by_side_districts.xlsx", out, keep_layout=True).failed
    cells = _cells(out)["Criminal damage"]
    ytd, change = _row_of(cells, "Year to date"), _row_of(cells, "% change from previous year")
    r12 = _row_of(cells, "Rolling 12 months")
    for col, q1, last_year in LEI_DISTRICTS.values():
        c = ord(col) - ord("A") + 1
        assert cells[(ytd, c)] == q1
        assert cells[(change, c)] == pytest.approx(q1 / last_year[0] - 1)
        assert cells[(r12, c)] == q1 + sum(last_year[1:])
    note = [v for (r, c), v in cells.items() if c == 1 and r == ytd - 1][0]
    assert all(d in note for d in LEI_DISTRICTS)


# ---------------------------------------------------------------------------- bulk summaries


def _summaries(name: str) -> list[dict[str, Any]]:
    result = analyse_file(CORPUS / name)
    assert not result.failed
    return indicator_summaries(result)[2]


def test_bulk_summaries_name_each_block_and_district() -> None:
    """Joined by key, not sheet name: each block shows its own title, district and figures."""
    rows = _summaries("lei_side_by_side_districts.xlsx")
    by_partnership = {r["partnership"]: r for r in rows}
    assert set(by_partnership) == set(LEI_DISTRICTS)  # the district is the block's partnership
    for district, (_col, q1, _last) in LEI_DISTRICTS.items():
        row = by_partnership[district]
        assert row["district"] == row["block"] == district
        assert row["title"].startswith("Criminal damage incidents")
        assert row["ytd"] == q1
    # the districts are one indicator: one title, naming no single district
    assert len({r["title"] for r in rows}) == 1
    assert not any(d in rows[0]["title"] for d in LEI_DISTRICTS)
    stacked = {r["block"]: r for r in _summaries("bd_stacked_blocks.xlsx")}
    assert set(stacked) == {"Robbery overall", "Personal robbery"}
    assert all(block.lower() in r["title"].lower() for block, r in stacked.items())
    assert stacked["Robbery overall"]["ytd"] == 37 + 54 + 54 + 47 + 39 + 50 + 42 + 34 + 40
    assert stacked["Personal robbery"]["ytd"] == 36 + 51 + 51 + 48 + 34 + 46 + 37 + 25 + 36
    red = {r["title"]: r for r in _summaries("red_summary_years.xlsx")}
    assert set(red) == set(RED_2005_2006)
    for name, (y2005, y2006) in RED_2005_2006.items():
        assert red[name]["ytd"] == y2006
        assert red[name]["pct_change"] == pytest.approx(y2006 / y2005 - 1)


def test_comparison_keeps_blocks_apart_and_districts_together() -> None:
    """Districts of one sheet are one indicator in several partnerships; the rows of a summary
    table and stacked sub-indicators are indicators of their own."""

    def item(name: str) -> BulkItem:
        return BulkItem(file=name, status="ok", indicators=_summaries(name))

    groups = group_indicators(
        [
            item(n)
            for n in (
                "lei_side_by_side_districts.xlsx",
                "bd_stacked_blocks.xlsx",
                "red_summary_years.xlsx",
            )
        ]  # fmt: skip
    )
    titles = sorted(sorted({ind["title"] for _i, ind in g}) for g in groups)
    districts = next(g for g in groups if g[0][1]["title"].startswith("Criminal damage incid"))
    assert sorted(ind["partnership"] for _i, ind in districts) == sorted(LEI_DISTRICTS)
    assert len(groups) == 1 + 2 + len(RED_2005_2006)
    assert all(len(t) == 1 for t in titles)


def test_summary_table_filled_twice_is_filled_once(tmp_path: Path) -> None:
    """Pressing Fill again (or filling the copy again): our rows are not read as more
    indicators of the table, and land over our earlier rows, not in a second block."""
    src = CORPUS / "red_summary_years.xlsx"
    once, twice = tmp_path / "once.xlsx", tmp_path / "twice.xlsx"
    assert not fill_file(src, once, keep_layout=True).failed
    assert [i.title for i in read_return(once).indicators] == list(RED_2005_2006)
    assert not fill_file(once, twice, keep_layout=True).failed
    assert _cells(twice) == _cells(once)

    book = Book.from_xlsx(src)
    fill_book(book)
    after_one = book.values()
    fill_book(book)
    assert book.values() == after_one
