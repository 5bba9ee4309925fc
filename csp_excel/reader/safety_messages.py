"""What a refused file's owner is told: sizes in words, what the file looks like instead.

Why: every refusal is one plain-English line naming the file and what to do in Excel; the
wording lives here so the zip and OLE checks say the same things the same way.
"""

from __future__ import annotations

import zipfile

from csp_excel.errors import FileRefused

from .extent import EXCEL_COLS, MAX_SHEETS, MAX_XML_ELEMENTS, ExtentExceeded
from .legacy import MAX_XLS_BYTES


def xls_too_big(name: str, size: int) -> FileRefused:
    return FileRefused(
        "FILE_TOO_LARGE",
        f"{name} is {human_size(size)}, more than the {human_size(MAX_XLS_BYTES)} an old-style .xls "
        "return may be; it was not opened. Save it as .xlsx in Excel",
    )


def encrypted(name: str) -> FileRefused:
    return FileRefused(
        "FILE_ENCRYPTED",
        f"{name} is protected with a password. Remove the password in Excel "
        "(File > Info > Protect Workbook) and save it again",
    )


def too_many_sheets(name: str, n: int) -> FileRefused:
    return FileRefused(
        "FILE_TOO_LARGE",
        f"{name} has more than {MAX_SHEETS:,} sheets (the most a return may have), so it was "
        "not opened",
    )


def too_large_sheet(
    sheet: str, name: str, e: ExtentExceeded, used: int, max_cells: int
) -> FileRefused:
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


def human_size(n: int) -> str:
    for unit, size in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} bytes"


def looks_like(head: bytes) -> str:
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


def zip_kind(members: dict[str, zipfile.ZipInfo]) -> str:
    if "word/document.xml" in members:
        return "it looks like a Word document"
    if "ppt/presentation.xml" in members:
        return "it looks like a PowerPoint presentation"
    if "mimetype" in members and "content.xml" in members:
        return "it looks like an OpenDocument (LibreOffice) file; Save As .xlsx"
    return "it is a zip archive without a workbook inside"
