"""Refuse files that are not safe or not possible to read, before any parser touches them.

Why: openpyxl and calamine trust what a workbook says about itself. A zip bomb exhausts memory,
a single cell at XFD1048576 makes calamine allocate the whole sheet and abort the process, a
looping sector chain in an .xls makes it allocate without end, an encrypted or legacy file gives
a baffling low-level error. Everything here reads only the zip directory, the small XML parts
(with defusedxml), a streaming expat parse of every worksheet (reader.extent: the true extent,
one cell cap for all sheets together) and, for .xls, our own walk of the compound file's chains
(reader.legacy), so the cost is bounded by the limits and memory stays flat.

`check_file` raises `FileRefused(code, message)` with one plain-English line; it never returns
a value. `checked_extent` and `read_legacy` give the reader the same checks on the very handle it
then reads. `is_legacy_xls` and `is_macro_enabled` let the reader choose how to open a file.
"""

from __future__ import annotations

import os
import struct
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO
from xml.parsers import expat

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from csp_excel.errors import FileRefused

from . import legacy
from .biff import biff_encrypted, check_xls_extent
from .extent import (
    EXCEL_COLS,
    MAX_SHARED_STRINGS,
    MAX_SHEETS,
    MAX_TOTAL_CELLS,
    MAX_XML_ELEMENTS,
    ElementBudget,
    ExtentExceeded,
    SheetExtent,
    UnsafeXml,
    WorkbookExtent,
    declared_strings,
    scan_sheet,
)
from .legacy import MAX_XLS_BYTES

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
BIG_MEMBER = 10 * 1024 * 1024  # the ratio test applies to members bigger than this
SMALL_XML_LIMIT = 20 * 1024 * 1024  # workbook.xml / rels parsed whole: must be smaller than this
MAX_UNCOMPRESSED = 256 * 1024 * 1024  # all parts together, once unzipped

_NS_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_NS_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


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
                _check_ole(f, name, size, max_cells, allow_legacy)
                return
            if not head.startswith(ZIP_SIGNATURES):
                raise FileRefused(
                    "FILE_UNREADABLE", f"{name} is not an Excel workbook ({_looks_like(head)})"
                )
            f.seek(0)
            extent = _check_zip(f, name, max_uncompressed, max_ratio, max_cells)
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
    extent = _check_zip(f, f"'{filename}'", *_DEFAULTS)
    _remember(f, extent)
    return extent


def read_legacy(f: BinaryIO, filename: str) -> bytes:
    """The bytes of the legacy .xls open as `f`, after the compound-file walk (FileRefused)."""
    name = f"'{filename}'"
    size = os.fstat(f.fileno()).st_size
    if size > MAX_XLS_BYTES:
        raise _xls_too_big(name, size)
    f.seek(0)
    data = f.read(MAX_XLS_BYTES + 1)
    _ole_streams(data, name)
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
        found = legacy.streams(data)
    except legacy.DamagedCompoundFile:
        return True  # an OLE2 file that is damaged: judged (and refused) as a legacy workbook
    return legacy.workbook_stream(found) is not None


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


# --- OLE2 (encrypted OOXML, legacy .xls) ------------------------------------------------------


def _ole_streams(data: bytes, name: str) -> dict[str, bytes]:
    try:
        return legacy.streams(data)
    except legacy.DamagedCompoundFile as e:
        raise FileRefused(
            "FILE_UNREADABLE",
            f"{name} is an old-style .xls or other Office file that could not be read; it is "
            f"damaged: {e.why}. Open it in Excel and Save As .xlsx, or ask for a fresh copy",
        ) from e


def _xls_too_big(name: str, size: int) -> FileRefused:
    return FileRefused(
        "FILE_TOO_LARGE",
        f"{name} is {_human(size)}, more than the {_human(MAX_XLS_BYTES)} an old-style .xls "
        "return may be; it was not opened. Save it as .xlsx in Excel",
    )


def _check_ole(f: BinaryIO, name: str, size: int, max_cells: int, allow_legacy: bool) -> None:
    if size > MAX_XLS_BYTES:
        raise _xls_too_big(name, size)
    f.seek(0)
    data = f.read(MAX_XLS_BYTES + 1)
    found = _ole_streams(data, name)
    if "encryptioninfo" in found or "encryptedpackage" in found:
        raise _encrypted(name)
    stream = legacy.workbook_stream(found)
    if stream is None:
        raise FileRefused(
            "FILE_UNREADABLE",
            f"{name} is not an Excel workbook (it looks like an old-style Word or other Office file)",
        )
    if biff_encrypted(stream):
        raise _encrypted(name)
    if not allow_legacy:
        raise FileRefused(
            "FILE_LEGACY_FORMAT",
            f"{name} is an old-style .xls workbook. Open it in Excel and Save As .xlsx",
        )
    check_xls_extent(stream, name, max_cells)


def _encrypted(name: str) -> FileRefused:
    return FileRefused(
        "FILE_ENCRYPTED",
        f"{name} is protected with a password. Remove the password in Excel "
        "(File > Info > Protect Workbook) and save it again",
    )


# --- zip (xlsx / xlsm) ------------------------------------------------------------------------


def _check_zip(
    f: BinaryIO, name: str, max_bytes: int, max_ratio: int, max_cells: int
) -> WorkbookExtent:
    try:
        with zipfile.ZipFile(f) as z:
            infos = z.infolist()
            _check_sizes(infos, name, max_bytes, max_ratio)
            members = {i.filename: i for i in infos}
            if len(members) != len(infos):
                # which copy a reader takes differs between libraries: the one scanned here
                # might not be the one calamine reads
                raise FileRefused(
                    "FILE_UNREADABLE",
                    f"{name} is damaged: it holds two parts with the same name. Open it in Excel "
                    "to repair it, or ask for a fresh copy",
                )
            wb_part = _workbook_part(z, members, name)
            return _scan_sheets(z, members, wb_part, name, max_cells)
    except FileRefused:
        raise
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        ValueError,
        NotImplementedError,
        OSError,
        RuntimeError,
        expat.ExpatError,
        struct.error,
    ):
        raise FileRefused(
            "FILE_UNREADABLE",
            f"{name} is damaged: the file is incomplete or corrupt. Open it in Excel to repair it, "
            "or ask for a fresh copy",
        ) from None


def _check_sizes(infos: list[zipfile.ZipInfo], name: str, max_bytes: int, max_ratio: int) -> None:
    total = sum(i.file_size for i in infos)
    bomb = any(
        i.file_size > BIG_MEMBER and i.file_size > max_ratio * max(i.compress_size, 1)
        for i in infos
    )
    if total > max_bytes or bomb:
        raise FileRefused(
            "FILE_TOO_LARGE",
            f"{name} expands to {_human(total)} when opened, which is far more than a return "
            "should; it may be a 'zip bomb' and was not opened",
        )


def _workbook_part(z: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], name: str) -> str:
    if "[Content_Types].xml" not in members:
        raise FileRefused(
            "FILE_UNREADABLE", f"{name} is not an Excel workbook ({_zip_kind(members)})"
        )
    part = "xl/workbook.xml"
    if part not in members and "_rels/.rels" in members:
        for rel in _parse(z, members["_rels/.rels"], name).iter(f"{_NS_REL}Relationship"):
            if rel.get("Type", "").endswith("/officeDocument"):
                part = _resolve("", rel.get("Target", ""))
    if part.lower().endswith(".bin") or (part not in members and "xl/workbook.bin" in members):
        raise FileRefused(
            "FILE_LEGACY_FORMAT",
            f"{name} is a binary workbook (.xlsb), which is not read: open it in Excel and "
            "save it as .xlsx",
        )
    if part not in members:
        raise FileRefused(
            "FILE_UNREADABLE", f"{name} is not an Excel workbook ({_zip_kind(members)})"
        )
    return part


def _sheet_parts(
    z: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], wb_part: str, name: str
) -> tuple[list[tuple[str, str]], list[str]]:
    """(sheet name, zip member) for every worksheet part, and the names of listed sheets whose
    part is missing from the zip. Unmapped worksheet parts are named by file name."""
    folder = str(PurePosixPath(wb_part).parent)
    rels_part = f"{folder}/_rels/{PurePosixPath(wb_part).name}.rels"
    targets: dict[str, str] = {}
    if rels_part in members:
        for rel in _parse(z, members[rels_part], name).iter(f"{_NS_REL}Relationship"):
            targets[rel.get("Id", "")] = _resolve(folder, rel.get("Target", ""))
    out: list[tuple[str, str]] = []
    missing: list[str] = []
    listed = 0
    for sheet in _parse(z, members[wb_part], name).iter():
        if sheet.tag.rsplit("}", 1)[-1] != "sheet":
            continue
        listed += 1
        if listed > MAX_SHEETS:
            raise _too_many_sheets(name, listed)
        part = targets.get(sheet.get(_NS_R, ""), "")
        if part in members:
            out.append((sheet.get("name", part), part))
        else:
            missing.append(sheet.get("name", "") or f"sheet {listed}")
    mapped = {p for _, p in out}
    for member in members:
        if "worksheets/" in member and member.endswith(".xml") and member not in mapped:
            out.append((PurePosixPath(member).stem, member))
            if len(out) > MAX_SHEETS:
                raise _too_many_sheets(name, len(out))
    return out, missing


def _too_many_sheets(name: str, n: int) -> FileRefused:
    return FileRefused(
        "FILE_TOO_LARGE",
        f"{name} has more than {MAX_SHEETS:,} sheets (the most a return may have), so it was "
        "not opened",
    )


def _scan_sheets(
    z: zipfile.ZipFile,
    members: dict[str, zipfile.ZipInfo],
    wb_part: str,
    name: str,
    max_cells: int,
) -> WorkbookExtent:
    """Stream every worksheet part through expat; the areas of all sheets share `max_cells`."""
    parts, missing = _sheet_parts(z, members, wb_part, name)
    _check_shared_strings(z, members, name)
    result = WorkbookExtent(missing=missing)
    used = 0
    budget = ElementBudget(MAX_XML_ELEMENTS)
    for sheet_name, part in parts:
        try:
            with z.open(part) as f:
                rows, cols = scan_sheet(f, max_cells - used, budget)
        except (expat.ExpatError, zlib.error, zipfile.BadZipFile, EOFError):
            # this sheet alone is damaged: it is never handed to calamine (whose parser is more
            # lenient and might read past what was scanned); the reader reports it, located
            result.damaged.append(sheet_name)
            continue
        except ExtentExceeded as e:
            raise _absurd(sheet_name, name, e, used, max_cells) from None
        except UnsafeXml:
            raise FileRefused(
                "FILE_UNREADABLE",
                f"{name} contains unsafe XML (entity declarations) and was not opened",
            ) from None
        used += rows * cols
        result.sheets.append(SheetExtent(sheet_name, part, rows, cols))
    return result


def _check_shared_strings(
    z: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], name: str
) -> None:
    """A sharedStrings part declaring more strings than a return can hold is refused."""
    for member in members:
        if not member.lower().endswith("sharedstrings.xml"):
            continue
        try:
            with z.open(member) as f:
                claimed = declared_strings(f)
        except UnsafeXml:
            raise FileRefused(
                "FILE_UNREADABLE",
                f"{name} contains unsafe XML (entity declarations) and was not opened",
            ) from None
        if claimed > MAX_SHARED_STRINGS:
            shown = f"{claimed:,}" if claimed < 10**12 else "an impossible number of"
            raise FileRefused(
                "FILE_TOO_LARGE",
                f"{name} says it holds {shown} pieces of text, more than the "
                f"{MAX_SHARED_STRINGS:,} a return may have; it was not opened",
            )


def _absurd(sheet: str, name: str, e: ExtentExceeded, used: int, max_cells: int) -> FileRefused:
    where = f"'{sheet}' in {name}"
    if e.why == "elements":
        return FileRefused(
            "FILE_TOO_LARGE",
            f"{where} holds more XML than a return should (over {MAX_XML_ELEMENTS:,} elements "
            "and attributes in the sheets together, or too many kinds of element); it was not "
            "opened",
        )
    if e.why == "beyond Excel":
        at = f" (row {e.rows:,})" if e.rows < 10**9 and e.cols <= EXCEL_COLS else ""
        return FileRefused(
            "FILE_TOO_LARGE",
            f"{where} has a cell past the last row or column Excel allows{at}; it was not opened",
        )
    claim = {"dimension": "claims cells", "merge": "merges cells"}.get(e.why, "has cells")
    size = f"{e.ref} ({_count(e.rows, 'row')} by {_count(e.cols, 'column')})"
    limit = f"the {max_cells:,} cells (all sheets together, counted from A1) a return may use"
    if used and e.rows * e.cols <= max_cells:
        told = f"{where} {claim} up to {size}; with the {used:,} cells of the sheets before it "
        told += f"that is more than {limit}"
    else:
        told = f"{where} {claim} up to {size}, more than {limit}"
    return FileRefused(
        "FILE_TOO_LARGE",
        f"{told}; it was not opened. Clear the unused rows and columns in Excel and save it again",
    )


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


# --- small helpers ----------------------------------------------------------------------------


def _parse(z: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> Any:
    if info.file_size > SMALL_XML_LIMIT:
        raise FileRefused(
            "FILE_TOO_LARGE",
            f"{name} has a {_human(info.file_size)} '{info.filename}' part, far more than a "
            "return should; it was not opened",
        )
    try:
        return SafeET.fromstring(z.read(info))
    except DefusedXmlException:
        raise FileRefused(
            "FILE_UNREADABLE",
            f"{name} contains unsafe XML (entity declarations) and was not opened",
        ) from None
    except SafeET.ParseError:
        raise FileRefused(
            "FILE_UNREADABLE", f"{name} is damaged: '{info.filename}' is not valid XML"
        ) from None


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = [p for p in folder.split("/") if p]
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _human(n: int) -> str:
    for unit, size in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} bytes"


def _looks_like(head: bytes) -> str:
    """A guess at what a non-workbook file is, for the message."""
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    low = text[:512].lower()
    if head.startswith(b"%PDF"):
        return "it looks like a PDF"
    if low.startswith((b"<!doctype html", b"<html", b"<table")) or b"<html" in low:
        return (
            "it looks like a web page saved with an Excel name; open it in Excel and Save As .xlsx"
        )
    if low.startswith(b"<?xml") or low.startswith(b"<"):
        if b"urn:schemas-microsoft-com:office:spreadsheet" in head:
            return "it is an 'XML Spreadsheet 2003' file; open it in Excel and Save As .xlsx"
        return "it looks like an XML file"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "it looks like a CSV/text file"
    if b"\x00" not in head:
        try:
            head.decode("utf-8")
            return "it looks like a CSV/text file"
        except UnicodeDecodeError:
            if all(b >= 9 for b in head[:1024]):
                return "it looks like a CSV/text file"
    return "its contents are not in any format Excel saves"


def _zip_kind(members: dict[str, zipfile.ZipInfo]) -> str:
    if "word/document.xml" in members:
        return "it looks like a Word document"
    if "ppt/presentation.xml" in members:
        return "it looks like a PowerPoint presentation"
    if "mimetype" in members and "content.xml" in members:
        return "it looks like an OpenDocument (LibreOffice) file; Save As .xlsx"
    return "it is a zip archive without a workbook inside"
