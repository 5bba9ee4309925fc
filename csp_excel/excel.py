"""The Excel buttons: Fill and Validate on the workbook that is open in Excel (through xlwings).

The macro in the button workbook runs
`RunPython "import csp_excel.excel; csp_excel.excel.main()"` (or `.validate()`). Everything that
needs Excel stays in `main`/`validate`; `fill_book`/`validate_book` take any object with the small
xlwings surface below, so they are tested on Linux with an in-memory double (tests/xw_double.py):

    book.sheets (iterate, ["name"], .add(name)), book.name
    sheet.name, sheet.used_range.last_cell.row / .column, sheet.clear()
    sheet.range((r1, c1), (r2, c2)).options(ndim=2).value
    sheet.range((r, c)).value (get/set), .number_format, .color

Reading pulls each sheet's values into the reader's `SheetData`, then the same reader, core and
placement code as `csp-excel fill --keep-layout` runs, so the button and the command line agree.
Merged-cell ranges are not pulled from Excel (one call per cell would be slow), so `SheetData.merged`
is empty here. Errors are shown in a message box, never as a traceback in a cell.
"""

from __future__ import annotations

import sys
import traceback
from typing import Any

from .core.model import Computed, Finding, Indicator, Return
from .core.text import neutralise_formula
from .writers.placement import XlwingsSheet, place_sheet

DATA_QUALITY = "Data quality"
# sheets the button workbook adds itself: never read as indicators
OUR_SHEETS = {"start", "xlwings.conf", "_xlwings.conf", DATA_QUALITY.lower()}
MAX_ROWS, MAX_COLS = 20_000, 500  # far beyond any return; keeps a runaway used range cheap
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
_SEVERITY_WORD = {"error": "Error", "warning": "Warning", "info": "Note"}


def _sheet_data(sheet: Any) -> Any:
    """One xlwings sheet's values as the reader's SheetData (row 1 of the list = sheet row 1)."""
    from .reader.sheets import SheetData

    last = sheet.used_range.last_cell
    # a sheet formatted down to row 1,048,576 must not pull a million empty rows out of Excel
    n_rows, n_cols = min(int(last.row), MAX_ROWS), min(int(last.column), MAX_COLS)
    values = sheet.range((1, 1), (n_rows, n_cols)).options(ndim=2).value
    rows = [list(r) for r in (values or [])]
    return SheetData(sheet.name, rows, [])


def read_book(book: Any, data: list[Any] | None = None) -> Return:
    """The open workbook as a `Return`, read exactly as `reader.workbook.read_return` reads a
    file. `data` is the sheets' SheetData if already pulled (see `pull_sheets`)."""
    from .reader.workbook import read_sheets

    if data is None:
        data = pull_sheets(book)
    return read_sheets(data, None, getattr(book, "name", None))


def pull_sheets(book: Any) -> list[Any]:
    """Every sheet's values (except the sheets the button workbook adds itself)."""
    return [_sheet_data(s) for s in book.sheets if s.name.strip().lower() not in OUR_SHEETS]


def analyse_book(
    book: Any, data: list[Any] | None = None
) -> tuple[Return, list[Computed], list[Finding]]:
    """Read and judge the open workbook exactly as the command line judges a file."""
    from .core.analysis import analyse_return

    ret = read_book(book, data)
    analysis = analyse_return(ret)
    return ret, analysis.computed, list(ret.findings) + analysis.findings


def _counts(findings: list[Finding]) -> str:
    errors = sum(f.severity == "error" for f in findings)
    warnings = sum(f.severity == "warning" for f in findings)
    notes = sum(f.severity == "info" for f in findings)
    return f"{errors} error(s), {warnings} warning(s), {notes} note(s)"


def place_all(
    book: Any, ret: Return, computed: list[Computed], data: list[Any] | None = None
) -> dict[str, list[str]]:
    """Write every computed indicator into its own place in the open workbook; sheet -> cells.

    Indicators are joined to their figures by `key` (sheet plus block), never by sheet name: a
    sheet with several blocks (districts, one indicator per row) gets each block's own figures.
    One adapter per sheet, so the blocks of a sheet see each other's writes (`place_sheet`).
    """
    by_key = {c.key: c for c in computed}
    values = {sd.name: sd.rows for sd in (data or [])}
    pairs: dict[str, list[tuple[Indicator, Computed]]] = {}
    for ind in ret.indicators:
        comp = by_key.get(ind.key)
        if comp is not None and ind.grid is not None:
            pairs.setdefault(ind.sheet, []).append((ind, comp))
    written: dict[str, list[str]] = {}
    for name, sheet_pairs in pairs.items():
        adapter = XlwingsSheet(book.sheets[name], values.get(name))
        written[name] = place_sheet(adapter, sheet_pairs)
    return written


def fill_book(book: Any) -> str:
    """Fill the derived rows, RAG and DoT into the open workbook's own sheets; a message."""
    data = pull_sheets(book)
    ret, computed, findings = analyse_book(book, data)
    if not ret.indicators:
        return "Nothing was filled: no indicator sheets were found in this workbook."
    written = place_all(book, ret, computed, data)
    cells = sum(len(v) for v in written.values())
    n = len(ret.indicators)
    many = f" ({n} indicators)" if n != len(written) else ""
    return (
        f"Filled {len(written)} indicator sheet(s){many}, {cells} cell(s) written. "
        f"Checks found {_counts(findings)}: press Validate to list them."
    )


def _link(f: Finding) -> str:
    """A HYPERLINK formula to the finding's cell (the sheet name is quoted for Excel)."""
    target = f.location.replace('"', '""')
    return f'=HYPERLINK("#{target}","{target}")'


def _data_quality_sheet(book: Any) -> Any:
    names = {s.name.lower(): s.name for s in book.sheets}
    if DATA_QUALITY.lower() in names:
        sheet = book.sheets[names[DATA_QUALITY.lower()]]
        sheet.clear()
        return sheet
    return book.sheets.add(DATA_QUALITY)


def write_findings(sheet: Any, findings: list[Finding]) -> None:
    """The Data quality list: one row per finding, errors first, a link to each cell.

    Written as one block (one call to Excel) because a call per cell is slow on Windows.
    """
    table: list[list[Any]] = [["Severity", "Code", "Where", "Message", "Expected", "Found"]]
    ordered = sorted(findings, key=lambda f: _SEVERITY_ORDER.get(f.severity, 3))
    for f in ordered:
        d = f.to_dict()
        table.append(
            [
                _SEVERITY_WORD.get(f.severity, f.severity),
                _text(f.code),
                _link(f) if f.sheet else "Whole workbook",
                _text(f.message),
                _text(d["expected"]),
                _text(d["found"]),
            ]
        )
    if not ordered:
        table.append(["No problems found.", None, None, None, None, None])
    sheet.range((1, 1)).value = table


def _text(value: Any) -> Any:
    """Text from the return must never become a formula: a leading ' keeps it as text."""
    return neutralise_formula(value) if isinstance(value, str) else value


def validate_book(book: Any) -> str:
    """List every finding on a 'Data quality' sheet (added, or cleared and rewritten); a message."""
    ret, _computed, findings = analyse_book(book)
    write_findings(_data_quality_sheet(book), findings)
    n, sheets = len(ret.indicators), len({ind.sheet for ind in ret.indicators})
    many = f" ({n} indicators)" if n != sheets else ""
    return (
        f"Checked {sheets} indicator sheet(s){many}: {_counts(findings)}. "
        f"See the '{DATA_QUALITY}' sheet."
    )


def _run(action: Any) -> None:
    import xlwings as xw

    book = xw.Book.caller()
    try:
        message = action(book)
    except Exception as e:  # noqa: BLE001 - the user sees a message box, never a traceback
        from .errors import CspExcelError

        if isinstance(e, CspExcelError):
            message = f"csp-excel: {e}"
        else:
            # the technical detail goes to stderr (xlwings shows it in its console), not the alert
            traceback.print_exc(file=sys.stderr)
            message = (
                "csp-excel could not finish. Some sheets may already have been filled. "
                "Please send the workbook to your csp-excel contact."
            )
    _tell(book, message)


def _tell(book: Any, message: str) -> None:
    try:
        book.app.alert(message, title="csp-excel")
    except Exception:  # noqa: BLE001 - no message box available: use the status bar
        try:
            book.app.status_bar = message
        except Exception:  # noqa: BLE001
            pass


def main() -> None:
    """Fill button: `RunPython "import csp_excel.excel; csp_excel.excel.main()"`."""
    _run(fill_book)


def validate() -> None:
    """Validate button: `RunPython "import csp_excel.excel; csp_excel.excel.validate()"`."""
    _run(validate_book)
