"""The OLE2 checks: an encrypted workbook, a legacy .xls and its compound-file chains.

Why: an encrypted .xlsx and an old .xls are both OLE2 files; our own walk of the sector chains
(reader.legacy) refuses a looping or damaged file before calamine allocates for it.
"""

from __future__ import annotations

from typing import BinaryIO

from csp_excel.errors import FileRefused

from . import compound
from .biff import biff_encrypted, check_xls_extent
from .legacy import MAX_XLS_BYTES
from .safety_messages import encrypted, xls_too_big


def ole_streams(data: bytes, name: str) -> dict[str, bytes]:
    try:
        return compound.streams(data)
    except compound.DamagedCompoundFile as e:
        raise FileRefused(
            "FILE_UNREADABLE",
            f"{name} is an old-style .xls or other Office file that could not be read; it is "
            f"damaged: {e.why}. Open it in Excel and Save As .xlsx, or ask for a fresh copy",
        ) from e


def check_ole(f: BinaryIO, name: str, size: int, max_cells: int, allow_legacy: bool) -> None:
    if size > MAX_XLS_BYTES:
        raise xls_too_big(name, size)
    f.seek(0)
    data = f.read(MAX_XLS_BYTES + 1)
    found = ole_streams(data, name)
    if "encryptioninfo" in found or "encryptedpackage" in found:
        raise encrypted(name)
    stream = compound.workbook_stream(found)
    if stream is None:
        raise FileRefused(
            "FILE_UNREADABLE",
            f"{name} is not an Excel workbook (it looks like an old-style Word or other Office file)",
        )
    if biff_encrypted(stream):
        raise encrypted(name)
    if not allow_legacy:
        raise FileRefused(
            "FILE_LEGACY_FORMAT",
            f"{name} is an old-style .xls workbook. Open it in Excel and Save As .xlsx",
        )
    check_xls_extent(stream, name, max_cells)
