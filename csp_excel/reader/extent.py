"""The true extent of every sheet, found by a streaming XML parse before calamine sees the file.

Why: calamine allocates a sheet as one dense rectangle from A1 to its last cell (and reserves
what <dimension> claims), so one cell at XFD1048576 costs 17 billion slots and aborts the
process. A regex over `r="..."` misses single quotes, spaces, leading zeros, cells whose position
is implied (no `r`), and prefixed tags; a real parser does not. expat runs here with every DTD
refused (a worksheet never has one), so no entity can expand.

What counts: every <row r>, every <c r> (and the implied position of a <c> or <row> without
`r`), every <mergeCell ref> and the <dimension ref>. A sheet's area is last row x last column
from A1; the areas of all sheets together must stay under `MAX_TOTAL_CELLS`.

Here: the limits and what a scan reports; the scan itself is `extent_scan.scan_sheet`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.refs import col_letter

# Cells of all sheets together, each sheet counted from A1. Why 400,000 and not the 5 million
# first proposed: calamine alone takes ~5 s and ~450 MB for 5 million cells, and the scan plus
# the reader cost a few microseconds a cell more: 500,000 dense cells took 8-9 s to validate on
# a busy 2-core machine (benchmarks/hostile.py), against a budget of 10 s and 500 MB per file.
# A large real return has 50,000 to 100,000.
MAX_TOTAL_CELLS = 400_000
MAX_SHEETS = 120  # sheets in one workbook: a big real return has ~70; fill costs ~0.08 s each
MAX_XML_ELEMENTS = 3_000_000  # elements + attributes of all sheets (a cell is 3 to 5)
MAX_ELEMENT_NAMES = 500  # distinct tag names in one sheet (a real one uses a few dozen)
EXCEL_ROWS, EXCEL_COLS = 1_048_576, 16_384
MAX_SHARED_STRINGS = 2 * MAX_TOTAL_CELLS  # what a sharedStrings part may declare it holds


class ExtentExceeded(Exception):
    """A sheet's extent went past what is allowed; `ref` is the cell that did it."""

    def __init__(self, rows: int, cols: int, why: str) -> None:
        super().__init__(why)
        self.rows, self.cols, self.why = rows, cols, why

    @property
    def ref(self) -> str:
        return ref_text(self.rows, self.cols)


class ElementBudget:
    """Elements left for all worksheet parts of one workbook: bounds the scan's time."""

    def __init__(self, left: int) -> None:
        self.left = left


class UnsafeXml(Exception):
    """A DOCTYPE or entity declaration in a worksheet part."""


@dataclass
class SheetExtent:
    """One worksheet part: `rows` x `cols` from A1 (0 x 0 for an empty sheet)."""

    name: str
    part: str
    rows: int = 0
    cols: int = 0

    @property
    def cells(self) -> int:
        return self.rows * self.cols


@dataclass
class WorkbookExtent:
    """Every sheet the workbook lists: those found and scanned, and those whose part is missing."""

    sheets: list[SheetExtent] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # names of sheets whose XML part is absent
    damaged: list[str] = field(default_factory=list)  # names of sheets whose XML is not valid

    @property
    def cells(self) -> int:
        return sum(s.cells for s in self.sheets)


def ref_text(rows: int, cols: int) -> str:
    """'XFD1048576' for in-range numbers, else a plain description."""
    if rows <= EXCEL_ROWS and cols <= EXCEL_COLS:
        return f"{col_letter(max(cols, 1))}{max(rows, 1)}"
    return "a cell beyond the last row or column Excel allows"
