"""The BIFF8 record walk of a legacy .xls Workbook stream: password marker and true extent.

Why: calamine sizes each sheet from DIMENSIONS and the cells' positions; a legacy file gets the
same cell cap as .xlsx (all sheets together, from A1) before calamine parses it. Only record
headers and the first bytes of cell records are read, so the walk is linear in the stream.
"""

from __future__ import annotations

import struct

from ..errors import FileRefused
from .extent import MAX_SHEETS

XLS_MAX_ROWS, XLS_MAX_COLS = 65536, 256


def biff_encrypted(stream: bytes) -> bool:
    """A FILEPASS record in the globals substream (before its EOF): Excel's password marker."""
    pos = 0
    while pos + 4 <= len(stream):
        rec, length = struct.unpack_from("<HH", stream, pos)
        if rec == 0x002F:
            return True
        if rec == 0x000A:
            return False
        pos += 4 + length
    return False


_BIFF_CELLS = {0x0006, 0x00FD, 0x027E, 0x0203, 0x0201, 0x0204, 0x0205, 0x00D6, 0x00BD, 0x00BE}


def check_xls_extent(data: bytes, name: str, max_cells: int) -> None:
    """Walk the BIFF record headers: sheet names, DIMENSIONS claims and every cell's position.

    Why: calamine sizes each sheet from these; the same cap as .xlsx applies to all sheets
    together, counted from A1."""
    sheets: list[str] = []
    sheet_no = -1
    in_sheet = False
    areas: list[int] = []
    rows = cols = 0
    pos = 0

    def close() -> None:
        if in_sheet:
            areas.append(rows * cols)

    while pos + 4 <= len(data):
        rec, length = struct.unpack_from("<HH", data, pos)
        body = data[pos + 4 : pos + 4 + length]
        pos += 4 + length
        if rec == 0x0085 and len(body) >= 8:  # BOUNDSHEET8: name after 6 bytes, 8-bit length
            n, flags = body[6], body[7]
            raw = body[8 : 8 + (2 * n if flags & 1 else n)]
            sheets.append(raw.decode("utf-16-le" if flags & 1 else "latin-1", "replace"))
            if len(sheets) > MAX_SHEETS:
                raise FileRefused(
                    "FILE_TOO_LARGE",
                    f"{name} has more than {MAX_SHEETS:,} sheets (the most a return may have), "
                    "so it was not opened",
                )
            continue
        if rec == 0x0809 and len(body) >= 4:
            close()
            in_sheet = struct.unpack_from("<H", body, 2)[0] == 0x0010
            sheet_no += in_sheet
            rows = cols = 0
            continue
        if not in_sheet:
            continue
        if rec == 0x0200 and len(body) >= 12:  # DIMENSIONS: rwMic, rwMac (u32), colMic, colMac
            _r0, r1, _c0, c1 = struct.unpack_from("<IIHH", body, 0)
            rows, cols = max(rows, min(r1, XLS_MAX_ROWS)), max(cols, min(c1, XLS_MAX_COLS))
        elif rec in _BIFF_CELLS and len(body) >= 4:
            r, c = struct.unpack_from("<HH", body, 0)
            if rec in (0x00BD, 0x00BE) and len(body) >= 6:  # MULRK / MULBLANK: last col at end
                c = max(c, struct.unpack_from("<H", body, len(body) - 2)[0])
            rows, cols = max(rows, r + 1), max(cols, min(c + 1, XLS_MAX_COLS))
        else:
            continue
        if sum(areas) + rows * cols > max_cells:
            sheet = sheets[sheet_no] if 0 <= sheet_no < len(sheets) else f"sheet {sheet_no + 1}"
            raise FileRefused(
                "FILE_TOO_LARGE",
                f"'{sheet}' in {name} claims to use {rows:,} rows by {cols:,} columns; with the "
                f"sheets before it that is more than the {max_cells:,} cells (all sheets "
                "together) a return may use, so it was not opened",
            )
