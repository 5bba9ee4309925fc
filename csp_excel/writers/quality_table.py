"""The Data quality list as plain values: the rows both the filled workbook's Data quality sheet
and the Excel buttons' sheet (classic and xlwings Lite) are written from.

Pure (no xlsxwriter): the xlwings Lite button runs it under Pyodide.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from csp_excel.core.model import Finding
from csp_excel.core.text import neutralise_formula

HEADERS = [
    ("Severity", 9),
    ("Code", 31),
    ("Sheet", 18),
    ("Cell", 7),
    ("Message", 70),
    ("Expected", 13),
    ("Found", 30),
    ("Go to", 18),
]
ORDER = {"error": 0, "warning": 1, "info": 2}


def finding_rows(findings: Sequence[Finding]) -> list[tuple[Finding, list[Any]]]:
    """Each finding's values for the Data quality columns before "Go to", worst first: the one
    list both the filled workbook's sheet and the Excel button's sheet are written from."""
    ordered = sorted(findings, key=lambda f: ORDER.get(f.severity, 3))
    return [(f, [f.severity, f.code, f.sheet, f.cell, f.message, _plain(f.expected),
                 _plain(f.found)]) for f in ordered]  # fmt: skip


def _plain(v: object) -> object:
    """A value a cell can hold (a list or a date range is shown as its text)."""
    return v if v is None or isinstance(v, (str, int, float, bool)) else str(v)


def quality_table(findings: Sequence[Finding]) -> list[list[Any]]:
    """The Data quality sheet as one block of values, headers first, for the Excel button (one
    call to Excel: a call per cell is slow on Windows). The columns are the filled workbook's;
    text from the return never becomes a formula; "Go to" is a link to the finding's cell."""
    table: list[list[Any]] = [[name for name, _ in HEADERS]]
    for f, values in finding_rows(findings):
        row = [neutralise_formula(v) if isinstance(v, str) else v for v in values]
        target = f.location.replace('"', '""')
        row.append(f'=HYPERLINK("#{target}","{target}")' if f.sheet else None)
        table.append(row)
    if len(table) == 1:
        table.append(["No problems found."] + [None] * (len(HEADERS) - 1))
    return table
