"""Load every sheet of a workbook as plain values, once, without running anything.

calamine reads the cached values of a whole sheet in one call, which is what makes reading
hundreds of returns fast; openpyxl (read-only, cached values) is kept as a fallback for the rare
valid .xlsx that calamine cannot open. Rows are 0-based lists, but every reference handed out
(`a1`, merged ranges) is 1-based like Excel.

The file is opened once: the safety extent check (reader.safety.checked_extent) and calamine
read the same handle. Legacy .xls is parsed by calamine in a worker process (reader.legacy), so
an abort inside it cannot take this process down. A sheet that cannot be read (its part missing
from the zip, say) comes back empty with `failed` set and a located finding; the rest is read.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, BinaryIO

from ..core.codes import finding
from ..core.model import Finding
from ..core.refs import a1, col_letter  # noqa: F401 - re-exported for callers
from ..errors import FileRefused

# The file engines (legacy: a child process; quiet: fd 2 capture; safety: the checks) are
# imported where a file is opened: the Excel Lite button reads SheetData in Pyodide, where
# neither a child process nor a file exists.

EXCEL_TEXT_LIMIT = 32_767  # the most characters an Excel cell can hold
FALLBACK_MAX_CELLS = 200_000  # the openpyxl fallback reads ~100,000 cells a second
_log = logging.getLogger(__name__)


@dataclass
class SheetData:
    """One sheet's values. `rows[r][c]` is row r+1, column c+1; empty cells are None.

    `merged` holds 1-based (first_row, first_col, last_row, last_col) ranges.
    """

    name: str
    rows: list[list[Any]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # found while loading (located)
    failed: str | None = None  # why the sheet could not be read at all; rows are then empty

    def value(self, row: int, col: int) -> Any:
        """The value at 1-based (row, col), None outside the used area."""
        if row < 1 or col < 1 or row > len(self.rows):
            return None
        r = self.rows[row - 1]
        return r[col - 1] if col <= len(r) else None

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


def _clean(v: Any) -> Any:
    """Empty strings become None; whole floats stay floats (Excel has no ints)."""
    if v == "" or v is None:
        return None
    if isinstance(v, str):
        return v if v.strip() else None
    return v


def _clean_row(row: list[Any]) -> list[Any]:
    """`_clean` over a row, inlined: this runs once per cell of every sheet."""
    return [v if v.__class__ is not str else (v if v.strip() else None) for v in row]


def _trim(rows: list[list[Any]]) -> list[list[Any]]:
    """Drop trailing empty cells and rows, so width/height reflect real content."""
    out = []
    for r in rows:
        end = len(r)
        while end and r[end - 1] is None:
            end -= 1
        out.append(r[:end])
    while out and not out[-1]:
        out.pop()
    return out


def _value_findings(sheet: SheetData) -> None:
    """Values Excel itself cannot hold become located findings, never a silent drop or cut.

    Text longer than Excel's 32,767 characters (another program wrote it) is kept whole for
    reading; the finding says that Excel, and any copy we write, cannot hold it whole. (NaN,
    infinite and absurdly large numbers are judged per cell by core.cells.parse_cell.)"""
    for r, row in enumerate(sheet.rows, 1):
        for c, v in enumerate(row, 1):
            if isinstance(v, str) and len(v) > EXCEL_TEXT_LIMIT:
                sheet.findings.append(
                    finding(
                        "TEXT_TOO_LONG",
                        sheet.name,
                        a1(r, c),
                        f"The text in '{sheet.name}'!{a1(r, c)} is {len(v):,} characters long, "
                        f"more than the {EXCEL_TEXT_LIMIT:,} an Excel cell can hold; Excel "
                        "cannot show it whole and a copy written to Excel keeps only the first "
                        f"{EXCEL_TEXT_LIMIT:,}.",
                        f"at most {EXCEL_TEXT_LIMIT:,} characters",
                        len(v),
                    )
                )


def _failed_sheet(name: str, why: str) -> SheetData:
    """An unreadable sheet: empty, `failed`, and one located error saying the rest was read."""
    return SheetData(
        name,
        [],
        failed=why,
        findings=[
            finding(
                "SHEET_UNREADABLE",
                name,
                None,
                f"Sheet '{name}' could not be read: {why}; the other sheets were read.",
            )
        ],
    )


_UNREADABLE = "'{}' could not be read; it may be damaged or not really an Excel file."
_DAMAGED = "its contents in the file are damaged"
_MISSING = "its contents are missing from the file, which is damaged"


def _load_calamine(
    f: BinaryIO, missing: list[str], damaged: list[str] | None = None
) -> list[SheetData]:
    """Every worksheet from the open handle `f`. Sheets listed in `missing` (no part) or
    `damaged` (not valid XML, so not fully scanned) are failed with a finding, never read."""
    from python_calamine import CalamineWorkbook

    f.seek(0)
    wb = CalamineWorkbook.from_filelike(f)
    sheets: list[SheetData] = []
    gone = set(missing)
    broken = set(damaged or ())
    try:
        for meta in wb.sheets_metadata:
            if "WorkSheet" not in str(meta.typ):
                continue  # chart sheets and macro sheets hold no cells
            if meta.name in gone:
                sheets.append(_failed_sheet(meta.name, _MISSING))
                gone.discard(meta.name)
                continue
            if meta.name in broken:
                sheets.append(_failed_sheet(meta.name, _DAMAGED))
                continue
            try:
                sh = wb.get_sheet_by_name(meta.name)
                raw = sh.to_python(skip_empty_area=False)
                ranges = getattr(sh, "merged_cell_ranges", None) or []
            except Exception as e:  # noqa: BLE001 - one damaged sheet must not stop the rest
                _log.debug("calamine could not read sheet %r", meta.name, exc_info=e)
                sheets.append(_failed_sheet(meta.name, _DAMAGED))
                continue
            rows = [_clean_row(r) for r in raw]
            merged = [(r0 + 1, c0 + 1, r1 + 1, c1 + 1) for (r0, c0), (r1, c1) in ranges]
            sheets.append(SheetData(meta.name, _trim(rows), merged))
    finally:
        close = getattr(wb, "close", None)
        if close is not None:
            close()
    sheets += [_failed_sheet(n, _MISSING) for n in missing if n in gone]
    return sheets


def _load_legacy(data: bytes) -> list[SheetData]:
    """A checked .xls parsed by calamine in a worker process (reader.legacy.load_isolated)."""
    from . import legacy

    out = []
    for name, raw, ranges in legacy.load_isolated(data):
        rows = [_clean_row(r) for r in raw]
        merged = [(r0 + 1, c0 + 1, r1 + 1, c1 + 1) for r0, c0, r1, c1 in ranges]
        out.append(SheetData(str(name), _trim(rows), merged))
    return out


def _load_openpyxl(f: BinaryIO) -> list[SheetData]:
    import openpyxl

    f.seek(0)
    wb = openpyxl.load_workbook(f, read_only=True, data_only=True)
    try:
        sheets = []
        for ws in wb.worksheets:
            rows = [[_clean(_plain(v)) for v in r] for r in ws.iter_rows(values_only=True)]
            # read-only mode does not expose merged ranges; values are still all there.
            sheets.append(SheetData(ws.title, _trim(rows), []))
        return sheets
    finally:
        wb.close()


def _plain(v: Any) -> Any:
    if isinstance(v, (datetime, date, time, timedelta, str, float, bool)) or v is None:
        return v
    if isinstance(v, int):
        return float(v)
    return str(v)


def load_sheets(path: str | Path) -> list[SheetData]:
    """Every worksheet's cached values. Raises FileRefused if the file is unsafe (the same
    limits as reader.safety.check_file) or if no engine can read it.

    The message is for Excel users; the engine's own error is chained (`from`) so --debug can
    show it.
    """
    p = Path(path)
    try:
        with p.open("rb") as f:
            sheets = _load_open(f, p)
    except FileRefused:
        raise
    except OSError as e:
        raise FileRefused(
            "FILE_UNREADABLE", f"'{p.name}' could not be opened ({e.strerror})"
        ) from None
    for sheet in sheets:
        _value_findings(sheet)
    return sheets


def _load_open(f: BinaryIO, p: Path) -> list[SheetData]:
    from .quiet import engine_output_captured

    with engine_output_captured():  # a caught Rust panic still prints to fd 2: not for users
        return _load_engines(f, p)


def _load_engines(f: BinaryIO, p: Path) -> list[SheetData]:
    from .safety import OLE_SIGNATURE, checked_extent

    if f.read(8) == OLE_SIGNATURE:
        return _load_ole(f, p)
    try:
        extent = checked_extent(f, p.name)
    except FileRefused as e:
        if e.code != "FILE_UNREADABLE":
            raise
        raise FileRefused("FILE_UNREADABLE", _UNREADABLE.format(p.name)) from e
    try:
        return _load_calamine(f, extent.missing, extent.damaged)
    except Exception as e:  # calamine raises its own error types; try the slower engine once
        calamine_error: BaseException = e
    except BaseException as e:  # a Rust panic inside calamine arrives as a BaseException
        if isinstance(e, (KeyboardInterrupt, SystemExit, GeneratorExit)):
            raise
        calamine_error = e
    # openpyxl is ~20x slower than calamine: only small workbooks fit the time budget
    # and only when every sheet was scanned: openpyxl reads them all
    scanned = not extent.missing and not extent.damaged
    if p.suffix.lower() in (".xlsx", ".xlsm") and scanned and extent.cells <= FALLBACK_MAX_CELLS:
        try:
            return _load_openpyxl(f)
        except Exception:  # noqa: BLE001 - both engines failed: refused below
            pass
    raise FileRefused("FILE_UNREADABLE", _UNREADABLE.format(p.name)) from calamine_error


def _load_ole(f: BinaryIO, p: Path) -> list[SheetData]:
    from . import legacy
    from .safety import read_legacy

    data = read_legacy(f, p.name)
    try:
        return _load_legacy(data)
    except legacy.WorkerFailed as e:
        _log.debug("legacy worker failed for %s: %s", p.name, e)
        raise FileRefused(
            "FILE_UNREADABLE",
            f"'{p.name}' is an old-style .xls workbook that could not be read; it may be damaged. "
            "Open it in Excel and Save As .xlsx, then try again.",
        ) from e
