"""Column arithmetic that cannot wrap (#16): a grid's columns are validated where they are built.

A header whose months begin mid-year used to put the first column left of A, and Python's
negative indexing then took April..September from the end of the row. Property: wherever a
header sits and whichever month it starts at, every grid read has all its columns inside the
sheet, and every sheet that is not read says so at a real cell."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from csp_excel.core.model import Settings
from csp_excel.reader.sheet_reading import read_sheet
from csp_excel.reader.sheets import SheetData

NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
CELL = re.compile(r"^[A-Z]{1,3}[1-9]\d*$")


def header(start: int, count: int, year: int | None) -> list[str]:
    """`count` month labels from calendar month `start` (1-12), with years when given."""
    out = []
    for i in range(count):
        m = (start - 1 + i) % 12
        y = None if year is None else year + (start - 1 + i) // 12
        out.append(NAMES[m] if y is None else f"{NAMES[m]}-{y % 100:02d}")
    return out


@settings(max_examples=80, deadline=None)
@given(
    start=st.integers(1, 12),
    count=st.integers(10, 14),
    left=st.integers(0, 5),
    year=st.one_of(st.none(), st.integers(2010, 2020)),
    values=st.lists(st.integers(0, 900), min_size=14, max_size=14),
)
def test_shifted_headers_never_wrap(
    start: int, count: int, left: int, year: int | None, values: list[int]
) -> None:
    pad: list[Any] = [None] * left
    rows = [[*pad, "Month", *header(start, count, year)], [*pad, "Number", *values[:count]]]
    sheet = SheetData("S", rows)
    inds, findings, reading = read_sheet(sheet, Settings(reporting_month=None))
    width = sheet.width
    for ind in inds:
        g = ind.grid
        assert g is not None
        assert 1 <= g.first_col and g.first_col + g.n - 1 <= width  # inside the sheet
        for r in g.rows:
            assert all(CELL.match(c) for c in r.cells), r.cells
            for c, v in zip(r.cells, r.raw, strict=True):  # each value is the cell it names
                col = sum(
                    (ord(ch) - 64) * 26**k for k, ch in enumerate(reversed(c.rstrip("0123456789")))
                )
                assert v == (rows[1][col - 1] if col <= len(rows[1]) else None)
    for f in findings:
        assert f.cell is None or CELL.match(f.cell), f.cell
    if not inds:
        assert reading.state == "skipped" and reading.reason
        assert any(f.code == "SHEET_SKIPPED" for f in findings)


def test_months_from_june_would_start_left_of_a_and_are_refused_at_a_cell() -> None:
    rows = [["Month", *header(6, 10, 2016)], ["Number", *range(1, 11)]]
    inds, findings, reading = read_sheet(SheetData("Linear", rows), Settings())
    assert inds == [] and reading.state == "skipped" and "left of column A" in reading.reason
    [skip] = [f for f in findings if f.code == "SHEET_SKIPPED"]
    assert skip.cell == "B1" and skip.severity == "warning"


def test_months_from_july_would_run_past_the_sheet_and_are_refused() -> None:
    rows = [["Month", *header(7, 12, 2016)], ["Number", *range(1, 13)]]
    inds, findings, reading = read_sheet(SheetData("Linear", rows), Settings())
    assert inds == [] and "past the last used column" in reading.reason
    assert [f.cell for f in findings if f.code == "SHEET_SKIPPED"] == ["K1"]
