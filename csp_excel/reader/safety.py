"""Refuse files that are not safe or not possible to read, before any parser touches them.

Why: openpyxl and calamine trust what a workbook says about itself. A zip bomb exhausts memory,
a single cell at XFD1048576 makes calamine allocate the whole sheet and abort the process, an
encrypted or legacy file gives a baffling low-level error. Everything here reads only the zip
directory, the small XML parts (with defusedxml) and a streamed scan of cell references, so the
cost is bounded by the limits and memory stays flat.

`check_file` raises `FileRefused(code, message)` with one plain-English line; it never returns
a value. `is_legacy_xls` and `is_macro_enabled` let the reader choose how to open a file.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import Any

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from csp_excel.core.refs import col_letter, col_number
from csp_excel.errors import FileRefused

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
BIG_MEMBER = 10 * 1024 * 1024  # the ratio test applies to members bigger than this
SMALL_XML_LIMIT = 20 * 1024 * 1024  # workbook.xml / rels parsed whole: must be smaller than this
HEAD_BYTES = 65536
CHUNK = 1024 * 1024
XLS_MAX_ROWS, XLS_MAX_COLS = 65536, 256

_NS_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_NS_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s[^>]*?ref=\"([A-Za-z0-9:$]+)\"")
_CELL_REF = re.compile(rb"(?<![\w:])r=\"([A-Z]{0,3})([0-9]{1,9})\"")
_A1 = re.compile(r"^\$?([A-Za-z]{1,3})?\$?([0-9]{1,9})?$")


def check_file(
    path: Path,
    max_uncompressed: int = 512 * 1024 * 1024,
    max_ratio: int = 200,
    max_cells: int = 5_000_000,
    allow_legacy: bool = False,
) -> None:
    """Raise FileRefused if `path` cannot safely be read as an Excel return.

    With `allow_legacy=True` an unencrypted legacy .xls passes (the reader then opens it with
    calamine and reports `legacy_finding`); otherwise it is refused with FILE_LEGACY_FORMAT.
    """
    path = Path(path)
    name = f"'{path.name}'"
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(4096)
    except IsADirectoryError:
        raise FileRefused("FILE_UNREADABLE", f"{name} is a folder, not an Excel workbook") from None
    except FileNotFoundError:
        raise FileRefused("FILE_UNREADABLE", f"{name} does not exist") from None
    except OSError as e:
        raise FileRefused("FILE_UNREADABLE", f"{name} could not be opened ({e.strerror})") from None
    if size == 0 or not head:
        raise FileRefused("FILE_UNREADABLE", f"The file {name} is empty")
    if head.startswith(OLE_SIGNATURE):
        _check_ole(path, name, size, max_uncompressed, max_cells, allow_legacy)
        return
    if not head.startswith(ZIP_SIGNATURES):
        raise FileRefused(
            "FILE_UNREADABLE", f"{name} is not an Excel workbook ({_looks_like(head)})"
        )
    _check_zip(path, name, max_uncompressed, max_ratio, max_cells)


def is_legacy_xls(path: Path) -> bool:
    """True for an old-style (BIFF, Excel 97-2003) workbook: an OLE2 file with a Workbook stream."""
    try:
        with Path(path).open("rb") as f:
            if f.read(8) != OLE_SIGNATURE:
                return False
        return _ole_kind(Path(path)) in ("xls", "xls-encrypted")
    except OSError:
        return False


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


# --- OLE2 (encrypted OOXML, legacy .xls) ------------------------------------------------------


def _ole_kind(path: Path) -> str:
    """'encrypted' (password-protected .xlsx), 'xls', 'xls-encrypted', or 'other'."""
    import msoffcrypto
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(s).lower() for s in ole.listdir(streams=True, storages=False)}
    except Exception:  # olefile raises assorted errors on damaged containers
        return "damaged"
    if "encryptioninfo" in streams or "encryptedpackage" in streams:
        return "encrypted"
    if "workbook" in streams or "book" in streams:
        try:
            with path.open("rb") as f:
                encrypted = bool(msoffcrypto.OfficeFile(f).is_encrypted())
        except Exception:  # a BIFF stream msoffcrypto cannot follow: let the reader judge it
            encrypted = False
        return "xls-encrypted" if encrypted else "xls"
    return "other"


def _check_ole(
    path: Path, name: str, size: int, max_bytes: int, max_cells: int, allow_legacy: bool
) -> None:
    kind = _ole_kind(path)
    if kind in ("encrypted", "xls-encrypted"):
        raise FileRefused(
            "FILE_ENCRYPTED",
            f"{name} is protected with a password. Remove the password in Excel "
            "(File > Info > Protect Workbook) and save it again",
        )
    if kind == "damaged":
        raise FileRefused("FILE_UNREADABLE", f"{name} is damaged: it could not be opened")
    if kind == "other":
        raise FileRefused(
            "FILE_UNREADABLE",
            f"{name} is not an Excel workbook (it looks like an old-style Word or other Office file)",
        )
    if not allow_legacy:
        raise FileRefused(
            "FILE_LEGACY_FORMAT",
            f"{name} is an old-style .xls workbook. Open it in Excel and Save As .xlsx",
        )
    if size > max_bytes:
        raise FileRefused(
            "FILE_TOO_LARGE", f"{name} is {_human(size)}, far more than a return should be"
        )
    _check_xls_dimensions(path, name, max_cells)


def _check_xls_dimensions(path: Path, name: str, max_cells: int) -> None:
    """Walk the BIFF record headers for BOUNDSHEET names and DIMENSIONS extents (no cell parsing)."""
    import struct

    import olefile

    with olefile.OleFileIO(str(path)) as ole:
        stream = "Workbook" if ole.exists("Workbook") else "Book"
        data = ole.openstream(stream).read()
    sheets: list[str] = []
    sheet_no = -1
    pos = 0
    while pos + 4 <= len(data):
        rec, length = struct.unpack_from("<HH", data, pos)
        body = data[pos + 4 : pos + 4 + length]
        pos += 4 + length
        if rec == 0x0085 and len(body) >= 8:  # BOUNDSHEET8: name after 6 bytes, 8-bit length
            n, flags = body[6], body[7]
            raw = body[8 : 8 + (2 * n if flags & 1 else n)]
            sheets.append(raw.decode("utf-16-le" if flags & 1 else "latin-1", "replace"))
        elif rec == 0x0809 and len(body) >= 4 and struct.unpack_from("<H", body, 2)[0] == 0x0010:
            sheet_no += 1  # BOF of a worksheet substream
        elif rec == 0x0200 and len(body) >= 12:  # DIMENSIONS: rwMic, rwMac (u32), colMic, colMac
            _r0, r1, _c0, c1 = struct.unpack_from("<IIHH", body, 0)
            rows, cols = min(r1, XLS_MAX_ROWS), min(c1, XLS_MAX_COLS)
            if rows * cols > max_cells:
                sheet = sheets[sheet_no] if 0 <= sheet_no < len(sheets) else f"sheet {sheet_no + 1}"
                raise FileRefused(
                    "FILE_TOO_LARGE",
                    f"'{sheet}' in {name} claims to use {rows:,} rows by {cols:,} columns, "
                    "far more than a return should; it was not opened",
                )


# --- zip (xlsx / xlsm) ------------------------------------------------------------------------


def _check_zip(path: Path, name: str, max_bytes: int, max_ratio: int, max_cells: int) -> None:
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            _check_sizes(infos, name, max_bytes, max_ratio)
            members = {i.filename: i for i in infos}
            wb_part = _workbook_part(z, members, name)
            sheets = _sheet_parts(z, members, wb_part, name)
            for sheet_name, part in sheets:
                _check_sheet(z, part, sheet_name, name, max_cells)
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
    if part not in members:
        raise FileRefused(
            "FILE_UNREADABLE", f"{name} is not an Excel workbook ({_zip_kind(members)})"
        )
    return part


def _sheet_parts(
    z: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], wb_part: str, name: str
) -> list[tuple[str, str]]:
    """(sheet name, zip member) for every worksheet part; unmapped parts named by file name."""
    folder = str(PurePosixPath(wb_part).parent)
    rels_part = f"{folder}/_rels/{PurePosixPath(wb_part).name}.rels"
    targets: dict[str, str] = {}
    if rels_part in members:
        for rel in _parse(z, members[rels_part], name).iter(f"{_NS_REL}Relationship"):
            targets[rel.get("Id", "")] = _resolve(folder, rel.get("Target", ""))
    out: list[tuple[str, str]] = []
    for sheet in _parse(z, members[wb_part], name).iter():
        if sheet.tag.rsplit("}", 1)[-1] != "sheet":
            continue
        part = targets.get(sheet.get(_NS_R, ""), "")
        if part in members:
            out.append((sheet.get("name", part), part))
    mapped = {p for _, p in out}
    for member in members:
        if "worksheets/" in member and member.endswith(".xml") and member not in mapped:
            out.append((PurePosixPath(member).stem, member))
    return out


def _check_sheet(z: zipfile.ZipFile, part: str, sheet: str, name: str, max_cells: int) -> None:
    """Dimension claim in the first 64 KB, then a streamed scan of every cell reference."""
    with z.open(part) as f:
        head = f.read(HEAD_BYTES)
        m = _DIMENSION.search(head)
        if m:
            ref = m.group(1).decode("ascii").split(":")[-1]
            rows, cols = _extent(ref)
            if rows * cols > max_cells:
                raise _absurd(sheet, name, ref)
        max_row, max_col = 0, 0
        tail = b""
        chunk = head
        while chunk:
            buf = tail + chunk
            for letters, digits in _CELL_REF.findall(buf):
                row = int(digits)
                if row > max_row:
                    max_row = row
                if letters:
                    col = col_number(letters.decode("ascii"))
                    if col > max_col:
                        max_col = col
            if max_row * max(max_col, 1) > max_cells:
                raise _absurd(sheet, name, f"{col_letter(max(max_col, 1))}{max_row}")
            tail = buf[-64:]
            chunk = f.read(CHUNK)


def _absurd(sheet: str, name: str, ref: str) -> FileRefused:
    rows, cols = _extent(ref)
    return FileRefused(
        "FILE_TOO_LARGE",
        f"'{sheet}' in {name} claims to use cells up to {ref.upper()} ({rows:,} rows by "
        f"{cols:,} columns), far more than a return should; it was not opened. Clear the unused "
        "rows and columns in Excel and save it again",
    )


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


def _extent(ref: str) -> tuple[int, int]:
    """'XFD1048576' -> (1048576, 16384): rows and columns counted from A1. 'C' or '7' allowed."""
    m = _A1.match(ref.strip())
    if not m:
        return 0, 0
    letters, digits = m.group(1), m.group(2)
    cols = col_number(letters) if letters else 16384
    rows = int(digits) if digits else 1048576
    return rows, cols


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
