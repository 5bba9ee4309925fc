"""`PackageSheet`: the `Sheet` placement writes through when the user's own file is patched.

It answers from a streamed scan of the sheet part (only a window around the grids; a wider scan
when placement reads outside it) and records every write for the patcher in `package`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...core.codes import finding
from ...core.model import Finding, Indicator
from ...core.refs import parse_a1
from .interface import PLAIN_FORMATS
from .sheet_scan import SheetScan, Window
from .sheet_xml import CellEdit
from .styles_xml import Styles

MARGIN = 20  # columns scanned beyond the indicator's grid (labels, "Computed RAG:" cells)
ROW_MARGIN = 200  # rows scanned below it (added rows go there); further down: a second scan


class LayoutNotKept(Exception):
    """The user's layout cannot be kept for this file; carries the finding that says why."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


def refuse(reason: str, sheet: str | None = None, cell: str | None = None) -> LayoutNotKept:
    """Nothing is written: a copy that silently lost part of the user's layout would be worse."""
    message = (
        f"The layout could not be kept, so no copy was written: {reason}. "
        "Without --keep-layout the return is filled into a new workbook."
    )
    return LayoutNotKept(finding("LAYOUT_NOT_KEPT", sheet, cell, message))


class PackageSheet:
    """A `Sheet` over a scanned sheet part: reads the scan, records writes for the patcher."""

    def __init__(
        self, name: str, scan: Callable[[Window], SheetScan], styles: Styles, window: Window
    ) -> None:
        self.name = name
        self._scan_with = scan
        self.window = window
        self.scan = scan(window)
        self.styles = styles
        self.edits: dict[tuple[int, int], CellEdit] = {}
        self.cf_refs: list[str] = []
        self.not_written: list[str] = []  # figures placement could not put (merged cells)

    def get(self, row: int, col: int) -> Any:
        if (row, col) in self.edits:
            return self.edits[(row, col)].value
        if not self.window.holds(row, col):  # rare: a long block under the grid; read it all
            self.window = Window(max(col, self.window.max_col) + MARGIN)
            self.scan = self._scan_with(self.window)
        return self.scan.values.get((row, col))

    def set(self, row: int, col: int, value: Any) -> None:
        edit = self.edits.get((row, col))
        if edit is None:
            known = (row, col) in self.scan.styles
            style = None if known else self.scan.base_style(row, col)
            self.edits[(row, col)] = CellEdit(value, style)
        else:
            edit.value = value

    def set_format(self, row: int, col: int, number_format: str) -> None:
        edit = self.edits[(row, col)]
        base = edit.style if edit.style is not None else self.scan.base_style(row, col)
        if self.styles.number_format(base) in PLAIN_FORMATS:
            edit.style = self.styles.with_format(base, number_format)

    def add_rag_conditional_format(self, ref: str) -> None:
        if parse_a1(ref.partition(":")[0]) in self.edits:  # not over a cell left unwritten
            self.cf_refs.append(ref)

    def max_row(self) -> int:
        rows = [r for (r, _), e in self.edits.items() if e.value is not None]
        return max([1, self.scan.max_row, *rows])

    def writable(self, row: int, col: int) -> bool:
        for r1, c1, r2, c2 in self.scan.merges:
            if r1 <= row <= r2 and c1 <= col <= c2 and (row, col) != (r1, c1):
                return False
        return not any(r1 <= row <= r2 and c1 <= col <= c2 for r1, c1, r2, c2 in self.scan.locked)


def scan_window(inds: list[Indicator]) -> Window:
    """The cells placement reads: the grids' columns and a margin, from the grids down a way."""
    cols, rows = [1], []
    for ind in inds:
        if ind.grid is not None:
            cols.append(ind.grid.first_col + ind.grid.n)
            rows += [ind.grid.header_row] + [r.row for r in ind.grid.rows]
        if ind.typed_rag_cell:
            try:
                r, c = parse_a1(ind.typed_rag_cell)
            except ValueError:
                continue
            cols.append(c + 15)
            rows.append(r)
    rows = rows or [1]
    return Window(max(cols) + MARGIN, max(1, min(rows) - 1), max(rows) + ROW_MARGIN)
