"""The report workbooks' shared making (summary.xlsx, comparison.xlsx): options, header, print.

Text from the returns is always written as text, never as a formula, a link or a number.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from .own_reports import REPORT_PROPERTY
from .palette import NAVY, WHITE

WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "in_memory": True,  # no temp folder per workbook: faster, and nothing left behind on a crash
}
MAX_TEXT = 32767
HEADER = {"bold": True, "font_color": WHITE, "bg_color": NAVY, "text_wrap": True,
          "valign": "top", "border": 1}  # fmt: skip


# A report whose rows are written top to bottom, once each, can stream: each finished row goes to
# a temporary file (deleted by the system when closed) instead of staying in memory, so a bulk
# run's memory does not grow with the number of findings. Strings are then written inline (no
# shared-string table): the same cells to Excel, LibreOffice and openpyxl.
STREAM_OPTIONS = {**WORKBOOK_OPTIONS, "in_memory": False, "constant_memory": True}


class StreamedWorksheet(Worksheet):
    """A streamed sheet that refuses, loudly, a cell above a row already written: xlsxwriter
    would drop it without a word (its constant_memory mode has already written that row)."""

    def _check_dimensions(  # type: ignore[override]
        self, row: int, col: int, ignore_row: bool = False, ignore_col: bool = False
    ) -> int:
        if self.constant_memory and not (ignore_row or ignore_col) and row < self.previous_row:
            raise RuntimeError(
                f"report sheet {self.name!r}: row {row + 1} written after row "
                f"{self.previous_row + 1}; a streamed report writes its rows top to bottom"
            )
        return super()._check_dimensions(row, col, ignore_row, ignore_col)  # type: ignore[no-any-return]


def upper_first(text: str) -> str:
    """'YTD %' stays 'YTD %', 'rate per 1,000' -> 'Rate per 1,000' (str.capitalize gave 'Ytd %')."""
    return text[:1].upper() + text[1:]


def new_workbook(path: Path, kind: str = "summary", stream: bool = False) -> Workbook:
    """An xlsxwriter workbook that never turns input text into formulas, links or numbers,
    marked as a csp-excel report (`is_own_report`) so a later run never takes it for a return.

    `stream`: rows must then be written in order, each finished before the next (see above)."""
    wb = xlsxwriter.Workbook(str(path), STREAM_OPTIONS if stream else WORKBOOK_OPTIONS)
    if stream:
        wb.worksheet_class = StreamedWorksheet
    wb.set_custom_property(REPORT_PROPERTY, kind)
    return wb


def write_text(ws: Worksheet, row: int, col: int, value: Any, fmt: Any = None) -> None:
    """Numbers as numbers, everything else as text (so '=cmd' stays text)."""
    if value is None:
        if fmt is not None:
            ws.write_blank(row, col, None, fmt)
        return
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value != value or value in (float("inf"), float("-inf")):  # NaN / inf
            ws.write_string(row, col, str(value), fmt)
        else:
            ws.write_number(row, col, value, fmt)
        return
    ws.write_string(row, col, str(value)[:MAX_TEXT], fmt)


def header_row(
    wb: Workbook, ws: Worksheet, columns: Sequence[tuple[str, float]], row: int = 0
) -> None:
    fmt = wb.add_format(HEADER)
    ws.set_row(row, 30)  # room for two-line wrapped headers
    for c, (title, width) in enumerate(columns):
        ws.write_string(row, c, title, fmt)
        ws.set_column(c, c, width)


def print_setup(ws: Worksheet, repeat_row: int = 0) -> None:
    """Landscape, A4, one page wide, header row repeated on every page."""
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(repeat_row)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
