"""The service for a workbook open in Excel (the Fill and Validate buttons, `csp_excel.excel`).

The button pulls each sheet's values out of Excel; from there the same reader, analysis and
placement as `csp-excel fill --keep-layout` run, so the button and the command line agree.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .core.model import Finding, Return
from .core.result import IndicatorResult
from .results import FileResult
from .service_judge import judge_return


def analyse_sheets(
    sheets: list[Any], name: str | None = None, path: str | None = None
) -> FileResult:
    """Judge sheets already pulled from an open workbook (the Excel button) exactly as
    `analyse_file` judges a file; `sheets` are `sheet_data` values. `path`: where the workbook
    is saved, so a 'History folder' setting is found relative to it, as for a file."""
    from .service_history import history_folder_of, with_history

    start = time.perf_counter()
    ret = read_sheets(sheets, name)
    where = Path(path) if path else Path(name or "workbook")
    folder = history_folder_of(where, ret)
    if folder is not None:  # the button keeps the layout: say what the sheet cannot show
        from dataclasses import replace

        from .core.history_layout import layout_findings

        ret = with_history(where, ret, folder).ret
        ret = replace(ret, findings=[*ret.findings, *layout_findings(ret)])
    return judge_return(name or "workbook", ret, start)


def read_sheets(sheets: list[Any], name: str | None = None) -> Return:
    """The pulled sheets as a `Return`, read as `reader.workbook.read_return` reads a file."""
    from .reader.workbook import read_sheets as read

    return read(sheets, None, name)


def sheet_data(name: str, rows: list[list[Any]]) -> Any:
    """One sheet's values (row 1 of the list = sheet row 1) in the form the reader reads."""
    from .reader.sheets import SheetData

    return SheetData(name, rows, [])


def place_in_book(
    book: Any, ret: Return, results: Sequence[IndicatorResult], data: list[Any] | None = None
) -> dict[str, list[str]]:
    """Write every result into its own place in the open workbook (the Excel button); sheet ->
    cells. Results are joined to indicators by key (sheet plus block), never by sheet name; one
    adapter per sheet, so the blocks of a sheet see each other's writes (`place_sheet`)."""
    from .writers.placement import XlwingsSheet, place_sheet, results_by_sheet

    values = {sd.name: sd.rows for sd in (data or [])}
    return {
        name: place_sheet(XlwingsSheet(book.sheets[name], values.get(name)), sheet_results)
        for name, sheet_results in results_by_sheet(ret, results).items()
    }


def findings_table(findings: list[Finding]) -> list[list[Any]]:
    """The Data quality sheet as one block of values, with the filled workbook's columns."""
    from .writers.quality_table import quality_table

    return quality_table(findings)
