"""What one streamed pass over a worksheet part keeps (sheet_scan fills these records).

`SheetScan` holds what placement may read (values and styles of a window of cells, merges, locked
ranges, shared formulas, the highest conditional-format priority); `Layout` the byte offsets the
rewrite needs; `Window` which cells are kept at all.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from typing import Any

from ...core.refs import parse_a1

MAX_ROW, MAX_COL = 1_048_576, 16_384

Range = tuple[int, int, int, int]  # r1, c1, r2, c2


def parse_range(ref: str) -> Range:
    first, _, last = ref.partition(":")
    r1, c1 = parse_a1(first)
    r2, c2 = parse_a1(last) if last else (r1, c1)
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


@dataclass
class Shared:
    """A shared formula: its master cell and text; the other cells carry only `si`."""

    master: tuple[int, int]
    formula: str
    cells: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Layout:
    """Byte offsets in the decompressed part (-1: absent)."""

    prefix: str = ""
    row_nums: array[int] = field(default_factory=lambda: array("q"))
    row_offsets: array[int] = field(default_factory=lambda: array("q"))
    rows_without_r: array[int] = field(default_factory=lambda: array("q"))  # their offsets
    data_start: int = -1  # <sheetData
    data_close: int = -1  # </sheetData>
    dimension: int = -1
    cf_at: int = -1  # where our <conditionalFormatting> go


@dataclass
class SheetScan:
    values: dict[tuple[int, int], Any] = field(default_factory=dict)
    styles: dict[tuple[int, int], int] = field(default_factory=dict)
    row_styles: dict[int, int] = field(default_factory=dict)
    col_styles: list[tuple[int, int, int]] = field(default_factory=list)
    max_row: int = 0
    merges: list[Range] = field(default_factory=list)
    locked: list[Range] = field(default_factory=list)  # array formulas and data tables
    shared: dict[str, Shared] = field(default_factory=dict)
    formulas: set[tuple[int, int]] = field(default_factory=set)  # cells with a formula
    max_priority: int = 0
    dimension: Range | None = None
    layout: Layout = field(default_factory=Layout)

    def base_style(self, row: int, col: int) -> int:
        """The style a cell shows: its own, else its row's, else its column's (as Excel does)."""
        if (row, col) in self.styles:
            return self.styles[(row, col)]
        if row in self.row_styles:
            return self.row_styles[row]
        for c1, c2, s in self.col_styles:
            if c1 <= col <= c2:
                return s
        return 0


@dataclass
class Window:
    """The cells whose values and styles are kept (placement reads nothing else)."""

    max_col: int
    first_row: int = 1
    last_row: int = MAX_ROW

    def holds(self, row: int, col: int) -> bool:
        return col <= self.max_col and self.first_row <= row <= self.last_row


def to_int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
