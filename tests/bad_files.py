"""Generators of bad (and borderline) input files, for tests of the safety checks and the reader.

Each function takes a folder (pytest's tmp_path) and returns the Path it wrote. Nothing here is
downloaded: legacy .xls and the encrypted workbook are built from scratch (a minimal OLE2/CFB
writer with a BIFF8 stream; msoffcrypto-tool's OOXML encryption), the zip bomb is a real deflate
stream built from one compressed chunk repeated (a full flush makes the chunks identical).
"""

from __future__ import annotations

import io
import os
import random
import shutil
import struct
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import quoteattr

_CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.sheet.main+xml"/>{overrides}</Types>'
)
_OVERRIDE = (
    '<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WB = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    "{sheets}</sheets></workbook>"
)
_WB_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    "{rels}</Relationships>"
)
_REL = (
    '<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet{n}.xml"/>'
)
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def _package_parts(names: list[str]) -> dict[str, str]:
    """The fixed parts of a minimal workbook with sheets named `names` (sheet1.xml ...)."""
    sheets = "".join(
        f'<sheet name={quoteattr(nm)} sheetId="{i}" r:id="rId{i}"/>'
        for i, nm in enumerate(names, 1)
    )
    rels = "".join(_REL.format(n=i) for i in range(1, len(names) + 1))
    overrides = "".join(_OVERRIDE.format(n=i) for i in range(1, len(names) + 1))
    return {
        "[Content_Types].xml": _CT.format(overrides=overrides),
        "_rels/.rels": _RELS,
        "xl/workbook.xml": _WB.format(sheets=sheets),
        "xl/_rels/workbook.xml.rels": _WB_RELS.format(rels=rels),
    }


def sheet_xml(cells: Iterable[tuple[str, int, float]], dimension: str | None = None) -> str:
    """Worksheet XML with numeric cells (ref, row, value); one <row> per cell, in the order given."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    rows = "".join(f'<row r="{r}"><c r="{ref}"><v>{v}</v></c></row>' for ref, r, v in cells)
    return f"{_SHEET_HEAD}{dim}<sheetData>{rows}</sheetData></worksheet>"


def minimal_xlsx(folder: Path, sheets: dict[str, str] | None = None, name: str = "ok.xlsx") -> Path:
    """A tiny valid workbook built by hand; `sheets` maps sheet name -> worksheet XML."""
    sheets = sheets or {"Robbery": sheet_xml([("A1", 1, 37), ("B1", 1, 54)], "A1:B1")}
    path = Path(folder) / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for part, text in _package_parts(list(sheets)).items():
            z.writestr(part, text)
        for i, xml in enumerate(sheets.values(), 1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", xml)
    return path


def openpyxl_xlsx(folder: Path, name: str = "real.xlsx") -> Path:
    """A small real workbook written by openpyxl (a typical grid), the baseline 'good' file."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Robbery"
    ws.append(["", "Apr-16", "May-16", "Jun-16"])
    ws.append(["Month", 37, 54, 54])
    ws.append(["Year to date", 37, 91, 145])
    path = Path(folder) / name
    wb.save(path)
    return path


def empty_file(folder: Path) -> Path:
    path = Path(folder) / "empty.xlsx"
    path.write_bytes(b"")
    return path


def random_bytes(folder: Path, size: int = 20_000, seed: int = 7) -> Path:
    rng = random.Random(seed)
    data = bytes(rng.getrandbits(8) for _ in range(size))
    if data[:2] == b"PK" or data[:4] == b"\xd0\xcf\x11\xe0":
        data = b"\x00" + data
    path = Path(folder) / "noise.xlsx"
    path.write_bytes(data)
    return path


def csv_renamed(folder: Path) -> Path:
    path = Path(folder) / "return.xlsx"
    path.write_text(
        ',Apr-16,May-16,Jun-16\nMonth,"1,383","1,639","1,532"\nYear to date,1383,3022,4554\n',
        encoding="utf-8",
    )
    return path


def html_renamed(folder: Path) -> Path:
    path = Path(folder) / "export.xlsx"
    path.write_text("<html><body><table><tr><td>Month</td><td>37</td></tr></table></body></html>")
    return path


def truncated_zip(folder: Path) -> Path:
    """A real workbook cut in half: starts like a zip, has no central directory."""
    good = openpyxl_xlsx(folder, "whole.xlsx")
    data = good.read_bytes()
    path = Path(folder) / "truncated.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def word_docx(folder: Path) -> Path:
    """A zip with [Content_Types].xml but a Word document inside, renamed .xlsx."""
    path = Path(folder) / "letter.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    return path


def encrypted_xlsx(folder: Path, password: str = "secret") -> Path:
    """A password-protected workbook, encrypted with msoffcrypto-tool (agile encryption)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = openpyxl_xlsx(folder, "plain.xlsx")
    path = Path(folder) / "locked.xlsx"
    with plain.open("rb") as src, path.open("wb") as out:
        OOXMLFile(src).encrypt(password, out)
    return path


def legacy_xls(folder: Path, encrypted: bool = False, dims: tuple[int, int] | None = None) -> Path:
    """A tiny real Excel 97-2003 workbook: sheet 'Robbery' with A1 'Month', B1 37, C1 54.

    Built from scratch: a BIFF8 Workbook stream inside a minimal OLE2 compound file. `encrypted`
    adds a FILEPASS record (what Excel writes for a password-protected .xls); `dims` overrides the
    DIMENSIONS record (rows, columns) to claim an absurd sheet.
    """
    path = Path(folder) / ("locked.xls" if encrypted else "old.xls")
    path.write_bytes(_cfb({"Workbook": _biff8(encrypted, dims)}))
    return path


def absurd_dimension(folder: Path) -> Path:
    """One real cell, but a <dimension> claiming the whole sheet A1:XFD1048576."""
    xml = sheet_xml([("A1", 1, 1)], "A1:XFD1048576")
    return minimal_xlsx(folder, {"Sheet1": xml}, "absurd_dimension.xlsx")


def far_cell(folder: Path) -> Path:
    """A1 and XFD1048576 filled, no <dimension>: calamine would allocate 17 billion cells."""
    xml = sheet_xml([("A1", 1, 1), ("XFD1048576", 1048576, 2)])
    return minimal_xlsx(folder, {"Sheet1": xml}, "far_cell.xlsx")


def far_cell_hidden(folder: Path, filler_rows: int = 5000) -> Path:
    """A small, lying <dimension> and the far cell deep in the stream, well past the first 64 KB."""
    cells = [(f"A{r}", r, r) for r in range(1, filler_rows + 1)]
    cells.append(("XFD1048576", 1048576, 2))
    xml = sheet_xml(cells, "A1:B2")
    return minimal_xlsx(folder, {"Robbery": sheet_xml([("A1", 1, 1)]), "Notes": xml}, "hidden.xlsx")


def macro_xlsm(folder: Path) -> Path:
    """xlwings' own macro-enabled quickstart workbook, copied (macros are never run)."""
    import xlwings

    src = Path(os.path.dirname(xlwings.__file__)) / "quickstart_standalone.xlsm"
    path = Path(folder) / "buttons.xlsm"
    shutil.copyfile(src, path)
    return path


def zip_bomb(folder: Path, gib: float = 1.5) -> Path:
    """A ~5 MB .xlsx whose sheet XML inflates to `gib` GiB (a real, CRC-correct deflate stream).

    One 1 MiB chunk of cell XML is compressed once; after a full flush the compressor's output for
    the same chunk repeats byte for byte, so the stream is that block repeated. Takes ~0.3 s.
    """
    chunk = b'<row r="1"><c r="A1"><v>1</v></c></row>'.ljust(64) * 16384  # 1 MiB
    count = int(gib * 1024)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    comp.compress(chunk)
    comp.flush(zlib.Z_FULL_FLUSH)
    block = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    tail = comp.flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    members = [(part, text.encode()) for part, text in _package_parts(["Sheet1"]).items()]
    path = Path(folder) / "bomb.xlsx"
    with path.open("wb") as out:
        _raw_zip(
            out, members, "xl/worksheets/sheet1.xml", block, count, tail, crc, count * len(chunk)
        )
    return path


# --- helpers: a raw zip writer (for the bomb), OLE2 and BIFF8 writers (for .xls) ------------


def _raw_zip(
    out: io.BufferedWriter,
    small: list[tuple[str, bytes]],
    big_name: str,
    block: bytes,
    count: int,
    tail: bytes,
    crc: int,
    size: int,
) -> None:
    """Write a zip: the small members deflated normally, then one member of raw deflate data."""
    central = []
    entries = [(n, d, None) for n, d in small] + [(big_name, b"", (block, count, tail, crc, size))]
    for name, data, raw in entries:
        offset = out.tell()
        if raw is None:
            c = zlib.compressobj(6, zlib.DEFLATED, -15)
            payload = c.compress(data) + c.flush()
            e_crc, e_size, e_csize = zlib.crc32(data), len(data), len(payload)
        else:
            blk, cnt, tl, e_crc, e_size = raw
            payload = b""
            e_csize = len(blk) * cnt + len(tl)
        fname = name.encode()
        out.write(
            struct.pack(
                "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, e_crc, e_csize, e_size, len(fname), 0
            )
        )
        out.write(fname)
        if raw is None:
            out.write(payload)
        else:
            for _ in range(raw[1]):
                out.write(raw[0])
            out.write(raw[2])
        central.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                8,
                0,
                0,
                e_crc,
                e_csize,
                e_size,
                len(fname),
                0,
                0,
                0,
                0,
                0,
                offset,
            )  # fmt: skip
            + fname
        )
    cd_start = out.tell()
    for c in central:
        out.write(c)
    cd_size = out.tell() - cd_start
    out.write(
        struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), cd_size, cd_start, 0)
    )


def _rec(rtype: int, body: bytes = b"") -> bytes:
    return struct.pack("<HH", rtype, len(body)) + body


def _biff8(encrypted: bool, dims: tuple[int, int] | None) -> bytes:
    bof_globals = _rec(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0x06))
    bof_sheet = _rec(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 0x06))
    filepass = _rec(0x002F, struct.pack("<HHH", 1, 1, 1) + bytes(48)) if encrypted else b""
    codepage = _rec(0x0042, struct.pack("<H", 1200))
    xf = _rec(0x00E0, struct.pack("<HHHBBBBIIH", 0, 0, 0xFFF5, 0x20, 0, 0, 0, 0, 0, 0x20C0))
    xfs = xf * 16 + _rec(
        0x00E0, struct.pack("<HHHBBBBIIH", 0, 0, 0x0001, 0x20, 0, 0, 0, 0, 0, 0x20C0)
    )
    name = "Robbery".encode("latin-1")

    def boundsheet(offset: int) -> bytes:
        return _rec(0x0085, struct.pack("<IBBBB", offset, 0, 0, len(name), 0) + name)

    eof = _rec(0x000A)
    globals_len = len(bof_globals + filepass + codepage + xfs + boundsheet(0) + eof)
    globals_part = bof_globals + filepass + codepage + xfs + boundsheet(globals_len) + eof
    rows, cols = dims or (1, 3)
    label = "Month".encode("latin-1")
    sheet = (
        bof_sheet
        + _rec(0x0200, struct.pack("<IIHHH", 0, rows, 0, cols, 0))
        + _rec(0x0204, struct.pack("<HHHHB", 0, 0, 16, len(label), 0) + label)
        + _rec(0x0203, struct.pack("<HHHd", 0, 1, 16, 37.0))
        + _rec(0x0203, struct.pack("<HHHd", 0, 2, 16, 54.0))
        + eof
    )
    data = globals_part + sheet
    return data + bytes(
        max(0, 4096 - len(data))
    )  # >= 4096: lives in normal sectors, no mini stream


def _cfb(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE2 compound file (v3, 512-byte sectors) holding a few streams of >= 4096 bytes."""
    end, free, fatsect, nostream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    padded = [(n, d + bytes(-len(d) % 512), len(d)) for n, d in streams.items()]
    fat = [fatsect, end]  # sector 0: the FAT, sector 1: the directory
    starts = []
    for _, data, _ in padded:
        start = len(fat)
        k = len(data) // 512
        fat += [start + i + 1 for i in range(k - 1)] + [end]
        starts.append(start)
    assert len(fat) <= 128, "streams too big for this one-FAT-sector writer"
    fat += [free] * (128 - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        raw = (name + "\0").encode("utf-16-le") if name else b""
        return (
            raw.ljust(64, b"\0")
            + struct.pack("<HBB", len(raw), kind, 1)
            + struct.pack("<III", nostream, right, child)
            + bytes(16 + 4 + 16)
            + struct.pack("<IQ", start, size)
        )

    dirs = [entry("Root Entry", 5, 1, nostream, end, 0)]
    for i, ((name, _, size), start) in enumerate(zip(padded, starts, strict=True)):
        right = i + 2 if i + 1 < len(padded) else nostream
        dirs.append(entry(name, 2, nostream, right, start, size))
    while len(dirs) % 4:
        dirs.append(
            bytes(64)
            + struct.pack("<HBB", 0, 0, 0)
            + struct.pack("<III", nostream, nostream, nostream)
            + bytes(48)
        )
    assert len(dirs) == 4, "one directory sector only"
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6)
        + bytes(6)
        # dir sectors, FAT sectors, first dir sector, transaction, mini cutoff,
        # first mini FAT, mini FAT sectors, first DIFAT, DIFAT sectors
        + struct.pack("<9I", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<109I", 0, *([free] * 108))
    )
    assert len(header) == 512, len(header)
    body = struct.pack("<128I", *fat) + b"".join(dirs) + b"".join(d for _, d, _ in padded)
    return header + body
