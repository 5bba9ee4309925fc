"""openpyxl side of the layout-preserving fill: a COPY of the user's file, values not formulas.

The input is only read (openpyxl opens it read-only from its zip); the result is saved to a
temporary file beside `out` and renamed, so a crash never leaves half a workbook. Cells keep their
fonts, borders and fills because only `.value` (and a "General" number format) is changed.

What openpyxl cannot carry through a load/save and so is lost from the copy: charts, images and
shapes in the user's sheets, form controls, and slicers (values, styles, merged cells,
conditional formats, data validation, comments, defined names and, for .xlsm, the VBA project are
kept). The CLI says so in its help for `fill --keep-layout`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ..core.model import Computed, Return
from .atomic import atomic_path
from .placement import PLAIN_FORMATS, RAG_COLOURS, place_indicator


class OpenpyxlSheet:
    """Adapter over an openpyxl worksheet. Reading never creates cells (so nothing is added)."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self._hidden: set[tuple[int, int]] = set()
        for rng in ws.merged_cells.ranges:
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    if (r, c) != (rng.min_row, rng.min_col):
                        self._hidden.add((r, c))

    def get(self, row: int, col: int) -> Any:
        cell = self.ws._cells.get((row, col))
        return None if cell is None else cell.value

    def set(self, row: int, col: int, value: Any) -> None:
        cell = self.ws.cell(row=row, column=col)
        cell.value = value
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # our text is never a formula

    def set_format(self, row: int, col: int, number_format: str) -> None:
        cell = self.ws.cell(row=row, column=col)
        if cell.number_format in PLAIN_FORMATS:
            cell.number_format = number_format

    def add_rag_conditional_format(self, ref: str) -> None:
        for letter, colour in RAG_COLOURS.items():
            fill = PatternFill(start_color=colour, end_color=colour, fill_type="solid")
            rule = CellIsRule(operator="equal", formula=[f'"{letter}"'], fill=fill, stopIfTrue=True)
            self.ws.conditional_formatting.add(ref, rule)

    def max_row(self) -> int:
        return int(self.ws.max_row)

    def writable(self, row: int, col: int) -> bool:
        return (row, col) not in self._hidden


def fill_workbook(wb: Workbook, ret: Return, computed: list[Computed]) -> dict[str, list[str]]:
    """Place every computed indicator into its sheet of `wb`; sheet -> cells written."""
    by_sheet = {c.sheet: c for c in computed}
    written: dict[str, list[str]] = {}
    for ind in ret.indicators:
        comp = by_sheet.get(ind.sheet)
        if comp is None or ind.grid is None or ind.sheet not in wb.sheetnames:
            continue
        written[ind.sheet] = place_indicator(OpenpyxlSheet(wb[ind.sheet]), ind, comp)
    return written


def fill_copy(
    src: Path, out: Path, ret: Return, computed: list[Computed], force: bool = False
) -> None:
    """Write `out`: a copy of `src` with our figures placed in the user's own layout.

    A .xlsm keeps its VBA project when `out` is also .xlsm; written to .xlsx the macros are
    dropped (Excel refuses an .xlsx that holds macros).
    """
    src, out = Path(src), Path(out)
    keep_vba = src.suffix.lower() == ".xlsm" and out.suffix.lower() == ".xlsm"
    wb = load_workbook(src, keep_vba=keep_vba, rich_text=True)
    try:
        fill_workbook(wb, ret, computed)
        with atomic_path(out, force) as tmp:
            wb.save(tmp)
    finally:
        wb.close()
        if wb.vba_archive is not None:
            wb.vba_archive.close()
