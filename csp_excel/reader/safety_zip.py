"""The zip (xlsx / xlsm) checks: sizes, the workbook part, every worksheet streamed once.

Why: only the zip directory and the small XML parts are parsed whole (defusedxml); every
worksheet goes through expat with one cell cap for all sheets together (reader.extent), so a zip
bomb, a cell at XFD1048576 or a damaged part is refused before calamine or openpyxl see it.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import PurePosixPath
from typing import Any, BinaryIO
from xml.parsers import expat

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from csp_excel.errors import FileRefused

from .extent import (
    MAX_SHARED_STRINGS,
    MAX_SHEETS,
    MAX_XML_ELEMENTS,
    ElementBudget,
    ExtentExceeded,
    SheetExtent,
    UnsafeXml,
    WorkbookExtent,
)
from .extent_scan import declared_strings, scan_sheet
from .safety_messages import human_size, too_large_sheet, too_many_sheets, zip_kind

BIG_MEMBER = 10 * 1024 * 1024  # the ratio test applies to members bigger than this
SMALL_XML_LIMIT = 20 * 1024 * 1024  # workbook.xml / rels parsed whole: must be smaller than this

_NS_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_NS_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def check_zip(
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
            f"{name} expands to {human_size(total)} when opened, which is far more than a return "
            "should; it may be a 'zip bomb' and was not opened",
        )


def _workbook_part(z: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], name: str) -> str:
    if "[Content_Types].xml" not in members:
        raise FileRefused(
            "FILE_UNREADABLE", f"{name} is not an Excel workbook ({zip_kind(members)})"
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
            "FILE_UNREADABLE", f"{name} is not an Excel workbook ({zip_kind(members)})"
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
            raise too_many_sheets(name, listed)
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
                raise too_many_sheets(name, len(out))
    return out, missing


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
            raise too_large_sheet(sheet_name, name, e, used, max_cells) from None
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


def _parse(z: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> Any:
    if info.file_size > SMALL_XML_LIMIT:
        raise FileRefused(
            "FILE_TOO_LARGE",
            f"{name} has a {human_size(info.file_size)} '{info.filename}' part, far more than a "
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
