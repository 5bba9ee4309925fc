"""Load every sheet of a workbook as plain values, once, without running anything.

calamine reads the cached values of a whole sheet in one call, which is what makes reading
hundreds of returns fast; openpyxl (read-only, cached values) is kept as a fallback for the rare
valid .xlsx that calamine cannot open. Rows are 0-based lists, but every reference handed out
(`a1`, merged ranges) is 1-based like Excel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from ..core.refs import a1, col_letter  # noqa: F401 - re-exported for callers
from ..errors import FileRefused
from .safety import is_legacy_xls


@dataclass
class SheetData:
    """One sheet's values. `rows[r][c]` is row r+1, column c+1; empty cells are None.

    `merged` holds 1-based (first_row, first_col, last_row, last_col) ranges.
    """

    name: str
    rows: list[list[Any]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)

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


def _load_calamine(path: Path) -> list[SheetData]:
    from python_calamine import CalamineWorkbook

    if is_legacy_xls(path):
        # calamine picks its parser by extension from a path; from a file object it looks at the
        # content, so an .xls saved (or renamed) with an .xlsx name is still read as BIFF.
        with path.open("rb") as f:
            wb = CalamineWorkbook.from_filelike(f)
    else:
        wb = CalamineWorkbook.from_path(str(path))
    sheets: list[SheetData] = []
    try:
        for meta in wb.sheets_metadata:
            if "WorkSheet" not in str(meta.typ):
                continue  # chart sheets and macro sheets hold no cells
            sh = wb.get_sheet_by_name(meta.name)
            rows = [[_clean(v) for v in r] for r in sh.to_python(skip_empty_area=False)]
            merged: list[tuple[int, int, int, int]] = []
            for rng in getattr(sh, "merged_cell_ranges", None) or []:
                (r0, c0), (r1, c1) = rng
                merged.append((r0 + 1, c0 + 1, r1 + 1, c1 + 1))
            sheets.append(SheetData(meta.name, _trim(rows), merged))
    finally:
        close = getattr(wb, "close", None)
        if close is not None:
            close()
    return sheets


def _load_openpyxl(path: Path) -> list[SheetData]:
    import openpyxl

    wb = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
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
    """Every worksheet's cached values. Raises FileRefused("FILE_UNREADABLE") if neither engine can.

    The message is for Excel users; the engine's own error is chained (`from`) so --debug can
    show it.
    """
    p = Path(path)
    try:
        return _load_calamine(p)
    except Exception as e:  # calamine raises its own error types; try the slower engine once
        calamine_error: BaseException = e
    except BaseException as e:  # a Rust panic inside calamine arrives as a BaseException
        if isinstance(e, (KeyboardInterrupt, SystemExit, GeneratorExit)):
            raise
        calamine_error = e
    if is_legacy_xls(p):
        raise FileRefused(
            "FILE_UNREADABLE",
            f"'{p.name}' is an old-style .xls workbook that could not be read; it may be damaged. "
            "Open it in Excel and Save As .xlsx, then try again.",
        ) from calamine_error
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            return _load_openpyxl(p)
        except Exception:
            pass
    raise FileRefused(
        "FILE_UNREADABLE",
        f"'{p.name}' could not be read; it may be damaged or not really an Excel file.",
    ) from calamine_error
