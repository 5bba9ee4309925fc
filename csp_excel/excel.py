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

from .core.model import Finding, Return
from .results import FileResult

DATA_QUALITY = "Data quality"
# sheets the button workbook adds itself: never read as indicators
OUR_SHEETS = {"start", "xlwings.conf", "_xlwings.conf", DATA_QUALITY.lower()}
MAX_ROWS, MAX_COLS = 20_000, 500  # far beyond any return; keeps a runaway used range cheap


def _sheet_data(sheet: Any) -> Any:
    """One xlwings sheet's values as the reader's SheetData (row 1 of the list = sheet row 1)."""
    from .service_book import sheet_data

    last = sheet.used_range.last_cell
    # a sheet formatted down to row 1,048,576 must not pull a million empty rows out of Excel
    n_rows, n_cols = min(int(last.row), MAX_ROWS), min(int(last.column), MAX_COLS)
    values = sheet.range((1, 1), (n_rows, n_cols)).options(ndim=2).value
    return sheet_data(sheet.name, [list(r) for r in (values or [])])


def read_book(book: Any, data: list[Any] | None = None) -> Return:
    """The open workbook as a `Return`, read exactly as `reader.workbook.read_return` reads a
    file. `data` is the sheets' SheetData if already pulled (see `pull_sheets`)."""
    from .service_book import read_sheets

    return read_sheets(pull_sheets(book) if data is None else data, getattr(book, "name", None))


def pull_sheets(book: Any) -> list[Any]:
    """Every sheet's values (except the sheets the button workbook adds itself)."""
    return [_sheet_data(s) for s in book.sheets if s.name.strip().lower() not in OUR_SHEETS]


def analyse_book(book: Any, data: list[Any] | None = None) -> FileResult:
    """Read and judge the open workbook exactly as the command line judges a file."""
    from .service_book import analyse_sheets

    sheets = pull_sheets(book) if data is None else data
    return analyse_sheets(sheets, getattr(book, "name", None), getattr(book, "fullname", None))


def _counts(findings: list[Finding]) -> str:
    errors = sum(f.severity == "error" for f in findings)
    warnings = sum(f.severity == "warning" for f in findings)
    notes = sum(f.severity == "info" for f in findings)
    return f"{errors} error(s), {warnings} warning(s), {notes} note(s)"


def place_all(
    book: Any, ret: Return, results: Any, data: list[Any] | None = None
) -> dict[str, list[str]]:
    """Write every indicator's results into its own place in the open workbook; sheet -> cells
    (joined by key, so a sheet with several blocks gets each block's own figures)."""
    from .service_book import place_in_book

    return place_in_book(book, ret, results, data)


def fill_book(book: Any) -> str:
    """Fill the derived rows, RAG and DoT into the open workbook's own sheets; a message."""
    data = pull_sheets(book)
    result = analyse_book(book, data)
    ret = result.ret
    if ret is None or not ret.indicators:
        return "Nothing was filled: no indicator sheets were found in this workbook."
    written = place_all(book, ret, result.results, data)
    cells = sum(len(v) for v in written.values())
    n = len(ret.indicators)
    many = f" ({n} indicators)" if n != len(written) else ""
    return (
        f"Filled {len(written)} indicator sheet(s){many}, {cells} cell(s) written. "
        f"Checks found {_counts(result.findings)}: press Validate to list them."
    )


def _data_quality_sheet(book: Any) -> Any:
    names = {s.name.lower(): s.name for s in book.sheets}
    if DATA_QUALITY.lower() in names:
        sheet = book.sheets[names[DATA_QUALITY.lower()]]
        sheet.clear()
        return sheet
    return book.sheets.add(DATA_QUALITY)


def write_findings(sheet: Any, findings: list[Finding]) -> None:
    """The Data quality list, with the filled workbook's columns: one row per finding, errors
    first, a link to each cell. Written as one block (one call to Excel: a call per cell is slow
    on Windows)."""
    from .service_book import findings_table

    sheet.range((1, 1)).value = findings_table(findings)


def validate_book(book: Any) -> str:
    """List every finding on a 'Data quality' sheet (added, or cleared and rewritten); a message."""
    result = analyse_book(book)
    write_findings(_data_quality_sheet(book), result.findings)
    inds = result.ret.indicators if result.ret is not None else []
    n, sheets = len(inds), len({ind.sheet for ind in inds})
    many = f" ({n} indicators)" if n != sheets else ""
    return (
        f"Checked {sheets} indicator sheet(s){many}: {_counts(result.findings)}. "
        f"See the '{DATA_QUALITY}' sheet."
    )


def failure_message(e: Exception) -> str:
    """What a button tells the user when its work raised: our own errors in their words,
    anything else as a plain sentence, its technical detail on stderr (the classic button's
    console, xlwings Lite's Output pane), never in the message box."""
    from .errors import CspExcelError

    if isinstance(e, CspExcelError):
        return f"csp-excel: {e}"
    traceback.print_exc(file=sys.stderr)
    return (
        "csp-excel could not finish. Some sheets may already have been filled. "
        "Please send the workbook to your csp-excel contact."
    )


def _run(action: Any) -> None:
    import xlwings as xw

    book = xw.Book.caller()
    try:
        message = action(book)
    except Exception as e:  # noqa: BLE001 - the user sees a message box, never a traceback
        message = failure_message(e)
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
