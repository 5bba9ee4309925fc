"""Refuse files that are not safe or not possible to read, before any parser touches them.

Why: openpyxl and calamine trust what a workbook says about itself. A zip bomb exhausts memory,
a single cell at XFD1048576 makes calamine allocate the whole sheet and abort the process, a
looping sector chain in an .xls makes it allocate without end, an encrypted or legacy file gives
a baffling low-level error. Everything here reads only the zip directory, the small XML parts
(with defusedxml), a streaming expat parse of every worksheet (reader.extent: the true extent,
one cell cap for all sheets together) and, for .xls, our own walk of the compound file's chains
(reader.legacy), so the cost is bounded by the limits and memory stays flat.

The zip checks are in `safety_zip`, the OLE2 (encrypted, .xls) checks in `safety_ole`, and the
words a refused file's owner reads in `safety_messages`; this module is the entry points.

`check_file` raises `FileRefused(code, message)` with one plain-English line; it never returns
a value. `checked_extent` and `read_legacy` give the reader the same checks on the very handle it
then reads. `is_legacy_xls` and `is_macro_enabled` let the reader choose how to open a file.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import BinaryIO

from csp_excel.errors import FileRefused

from . import compound
from .extent import MAX_TOTAL_CELLS, WorkbookExtent
from .legacy import MAX_XLS_BYTES
from .safety_messages import looks_like, xls_too_big
from .safety_ole import check_ole, ole_streams
from .safety_zip import check_zip

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
MAX_UNCOMPRESSED = 256 * 1024 * 1024  # all parts together, once unzipped


def check_file(
    path: Path,
    max_uncompressed: int = MAX_UNCOMPRESSED,
    max_ratio: int = 200,
    max_cells: int = MAX_TOTAL_CELLS,
    allow_legacy: bool = False,
) -> None:
    """Raise FileRefused if `path` cannot safely be read as an Excel return.

    With `allow_legacy=True` an unencrypted legacy .xls passes (the reader then opens it with
    calamine and reports `legacy_finding`); otherwise it is refused with FILE_LEGACY_FORMAT.
    """
    path = Path(path)
    name = f"'{path.name}'"
    try:
        with path.open("rb") as f:
            size = os.fstat(f.fileno()).st_size
            head = f.read(4096)
            if size == 0 or not head:
                raise FileRefused("FILE_UNREADABLE", f"The file {name} is empty")
            if head.startswith(OLE_SIGNATURE):
                check_ole(f, name, size, max_cells, allow_legacy)
                return
            if not head.startswith(ZIP_SIGNATURES):
                raise FileRefused(
                    "FILE_UNREADABLE", f"{name} is not an Excel workbook ({looks_like(head)})"
                )
            f.seek(0)
            extent = check_zip(f, name, max_uncompressed, max_ratio, max_cells)
            if (max_uncompressed, max_ratio, max_cells) == _DEFAULTS:
                _remember(f, extent)
    except IsADirectoryError:
        raise FileRefused("FILE_UNREADABLE", f"{name} is a folder, not an Excel workbook") from None
    except FileNotFoundError:
        raise FileRefused("FILE_UNREADABLE", f"{name} does not exist") from None
    except OSError as e:
        raise FileRefused("FILE_UNREADABLE", f"{name} could not be opened ({e.strerror})") from None


def checked_extent(f: BinaryIO, filename: str) -> WorkbookExtent:
    """The extent of the zip workbook open as `f`, checked with the default limits.

    Why: the check must hold for the very bytes calamine then reads. The reader opens the file
    once, asks here, and hands the same handle to calamine. If `check_file` already scanned this
    file (same device, inode, size and modification time) its result is reused, not rescanned.
    Raises FileRefused like check_file."""
    key = _identity(f)
    hit = _PASSED.get(key) if key is not None else None
    if hit is not None:
        return hit
    f.seek(0)
    extent = check_zip(f, f"'{filename}'", *_DEFAULTS)
    _remember(f, extent)
    return extent


def read_legacy(f: BinaryIO, filename: str) -> bytes:
    """The bytes of the legacy .xls open as `f`, after the compound-file walk (FileRefused)."""
    name = f"'{filename}'"
    size = os.fstat(f.fileno()).st_size
    if size > MAX_XLS_BYTES:
        raise xls_too_big(name, size)
    f.seek(0)
    data = f.read(MAX_XLS_BYTES + 1)
    ole_streams(data, name)
    return data


def is_legacy_xls(path: Path) -> bool:
    """True for an old-style (BIFF, Excel 97-2003) workbook: an OLE2 file with a Workbook stream."""
    try:
        with Path(path).open("rb") as f:
            if f.read(8) != OLE_SIGNATURE:
                return False
            f.seek(0)
            data = f.read(MAX_XLS_BYTES + 1)
    except OSError:
        return False
    if len(data) > MAX_XLS_BYTES:
        return True  # refused later for its size, as a legacy file
    try:
        found = compound.streams(data)
    except compound.DamagedCompoundFile:
        return True  # an OLE2 file that is damaged: judged (and refused) as a legacy workbook
    return compound.workbook_stream(found) is not None


def is_macro_enabled(path: Path) -> bool:
    """True for .xlsm-style workbooks (a VBA project inside). Macros are never run; this is a note."""
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                return True
            ct = z.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
            return b"macroEnabled" in ct
    except (OSError, zipfile.BadZipFile, KeyError, ValueError):
        return False


def legacy_message(path: Path) -> str:
    return (
        f"'{Path(path).name}' is an old-style .xls workbook. It was read, but open it in Excel and "
        "Save As .xlsx to keep everything (formatting, dates and long text are read best from .xlsx)"
    )


# --- remembered checks (so the reader does not rescan what check_file just scanned) ----------

_PASSED: dict[tuple[int, ...], WorkbookExtent] = {}
_DEFAULTS = (MAX_UNCOMPRESSED, 200, MAX_TOTAL_CELLS)


def _identity(f: BinaryIO) -> tuple[int, ...] | None:
    try:
        st = os.fstat(f.fileno())
    except (OSError, AttributeError, ValueError):
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _remember(f: BinaryIO, extent: WorkbookExtent) -> None:
    key = _identity(f)
    if key is None:
        return
    if len(_PASSED) > 64:
        _PASSED.clear()  # a folder run checks files one after another: keep it small
    _PASSED[key] = extent
