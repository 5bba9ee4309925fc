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
    head, end = (_SHEET_HEAD + "<sheetData>").encode(), b"</sheetData></worksheet>"
    count = int(gib * 1024)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    prefix = comp.compress(head) + comp.flush(zlib.Z_FULL_FLUSH)
    block = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    again = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    assert again == block, "a full flush must make the compressed chunks identical"
    tail = comp.compress(end) + comp.flush(zlib.Z_FINISH)
    crc = zlib.crc32(head)
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(end, crc)
    size = len(head) + count * len(chunk) + len(end)
    members = [(part, text.encode()) for part, text in _package_parts(["Sheet1"]).items()]
    path = Path(folder) / "bomb.xlsx"
    with path.open("wb") as out:
        # the chunk repeated `count` times: `prefix`, then `block` count times, then `tail`
        _raw_zip(out, members, "xl/worksheets/sheet1.xml", (prefix, block, count, tail), crc, size)
    return path


# --- helpers: a raw zip writer (for the bomb), OLE2 and BIFF8 writers (for .xls) ------------


def _raw_zip(
    out: io.BufferedWriter,
    small: list[tuple[str, bytes]],
    big_name: str,
    stream: tuple[bytes, bytes, int, bytes],
    crc: int,
    size: int,
) -> None:
    """Write a zip: the small members deflated normally, then one member of raw deflate data
    (`stream` = prefix, block, how many times the block repeats, tail)."""
    central = []
    prefix, block, count, tail = stream
    entries = [(n, d, None) for n, d in small] + [
        (big_name, b"", (prefix, block, count, tail, crc, size))
    ]
    for name, data, raw in entries:
        offset = out.tell()
        if raw is None:
            c = zlib.compressobj(6, zlib.DEFLATED, -15)
            payload = c.compress(data) + c.flush()
            e_crc, e_size, e_csize = zlib.crc32(data), len(data), len(payload)
        else:
            pre, blk, cnt, tl, e_crc, e_size = raw
            payload = b""
            e_csize = len(pre) + len(blk) * cnt + len(tl)
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
            out.write(raw[0])
            for _ in range(raw[2]):
                out.write(raw[1])
            out.write(raw[3])
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


# --- hostile extents (issue #10): refs a regex misses, implied positions, merges, many sheets --


def _one_sheet(folder: Path, body: str, name: str, head: str = _SHEET_HEAD) -> Path:
    return minimal_xlsx(folder, {"Robbery": sheet_xml([("A1", 1, 1)]), "Notes": head + body}, name)


def far_cell_single_quotes(folder: Path) -> Path:
    """r='XFD1048576' in single quotes (valid XML; a regex for r=\"...\" misses it)."""
    body = (
        "<sheetData><row r='1048576'><c r='XFD1048576'><v>2</v></c></row></sheetData></worksheet>"
    )
    return _one_sheet(folder, body, "quotes.xlsx")


def far_cell_spaces(folder: Path) -> Path:
    """r = "XFD1048576" with spaces around the equals sign."""
    body = '<sheetData><row r = "1048576"><c r = "XFD1048576" ><v>2</v></c></row></sheetData></worksheet>'
    return _one_sheet(folder, body, "spaces.xlsx")


def far_cell_leading_zeros(folder: Path) -> Path:
    """XFD0001048576: leading zeros in the row number."""
    body = '<sheetData><row><c r="XFD0001048576"><v>2</v></c></row></sheetData></worksheet>'
    return _one_sheet(folder, body, "zeros.xlsx")


def far_cell_prefixed(folder: Path) -> Path:
    """Prefixed tags (<x:c>), as some writers emit: a regex for <c misses them."""
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    )
    body = (
        '<x:sheetData><x:row r="1048576"><x:c r="XFD1048576"><x:v>2</x:v></x:c></x:row>'
        "</x:sheetData></x:worksheet>"
    )
    return _one_sheet(folder, body, "prefixed.xlsx", head)


def implied_positions(folder: Path, rows: int | None = None, cells: int = 2) -> Path:
    """Cells with no r= (position implied by order) in row `rows` (default: 60% of the cell cap
    down, so the first cell fits and the second, implied B, does not)."""
    from csp_excel.reader.extent import MAX_TOTAL_CELLS

    rows = rows or MAX_TOTAL_CELLS * 3 // 5
    row = "<c><v>1</v></c>" * cells
    body = f'<sheetData><row r="{rows}">{row}</row></sheetData></worksheet>'
    return _one_sheet(folder, body, "implied.xlsx")


def implied_rows(folder: Path, start: int | None = None) -> Path:
    """A <row> without r= after row `start` (default 40% of the cap): it is row start+1, and its
    three cells without r= are A, B and C (C is past the cap)."""
    from csp_excel.reader.extent import MAX_TOTAL_CELLS

    start = start or MAX_TOTAL_CELLS * 2 // 5
    body = (
        f'<sheetData><row r="{start}"><c r="A{start}"><v>1</v></c></row>'
        "<row><c><v>1</v></c><c><v>2</v></c><c><v>3</v></c></row></sheetData></worksheet>"
    )
    return _one_sheet(folder, body, "implied_rows.xlsx")


def row_number_too_long(folder: Path) -> Path:
    """A row number of more than 9 digits (A10000000000)."""
    body = '<sheetData><row><c r="A10000000000"><v>1</v></c></row></sheetData></worksheet>'
    return _one_sheet(folder, body, "long_row.xlsx")


def huge_merge(folder: Path) -> Path:
    """One real cell and a merge over the whole sheet."""
    body = (
        '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>'
        '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells></worksheet>'
    )
    return _one_sheet(folder, body, "merge.xlsx")


def many_sheets_under_cap(folder: Path, sheets: int = 40, per_sheet: int | None = None) -> Path:
    """`sheets` sheets, each alone under the cell cap but together far over it (the 40-sheet,
    49 KB file that took 51 s and 1.8 GB)."""
    from csp_excel.reader.extent import MAX_TOTAL_CELLS

    per = per_sheet or MAX_TOTAL_CELLS * 9 // 200  # rows of 20 columns: each 90% of the cap
    xml = sheet_xml([("A1", 1, 1), (f"T{per}", per, 2)])
    return minimal_xlsx(folder, {f"S{i}": xml for i in range(1, sheets + 1)}, "many_big.xlsx")


def too_many_sheets(folder: Path, sheets: int | None = None) -> Path:
    """More sheets than a workbook may have (each tiny)."""
    from csp_excel.reader.extent import MAX_SHEETS

    xml = sheet_xml([("A1", 1, 1)])
    n = sheets or MAX_SHEETS + 1
    return minimal_xlsx(folder, {f"S{i}": xml for i in range(1, n + 1)}, "many_sheets.xlsx")


def entity_in_sheet(folder: Path) -> Path:
    """A DOCTYPE with an entity in a worksheet part (billion laughs' first step)."""
    xml = (
        '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&a;</t></is></c></row></sheetData>'
        "</worksheet>"
    )
    return minimal_xlsx(folder, {"Robbery": xml}, "entity_sheet.xlsx")


# --- values Excel cannot hold, parts missing (issue #10 'nothing lost') ---------------------


def raw_cell_sheet(cells: str) -> str:
    """A worksheet holding `cells` (raw <c> XML) in row 1, for values a writer would refuse."""
    return f'{_SHEET_HEAD}<sheetData><row r="1">{cells}</row></sheetData></worksheet>'


def missing_sheet_part(folder: Path) -> Path:
    """A workbook listing two sheets whose second part is not in the zip."""
    path = minimal_xlsx(
        folder, {"Robbery": sheet_xml([("A1", 1, 1)]), "Burglary": sheet_xml([("A1", 1, 2)])}
    )
    out = Path(folder) / "missing_part.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename != "xl/worksheets/sheet2.xml":
                dst.writestr(item, src.read(item))
    return out


def xlsb_like(folder: Path) -> Path:
    """The package of a binary workbook (.xlsb): workbook.bin and sheet1.bin, no XML sheets."""
    path = Path(folder) / "binary.xlsb"
    rels = _RELS.replace("xl/workbook.xml", "xl/workbook.bin")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml", _CT.format(overrides="").replace("workbook.xml", "workbook.bin")
        )
        z.writestr("_rels/.rels", rels)
        z.writestr("xl/workbook.bin", b"\x83\x01\x00\x84\x01\x00")
        z.writestr("xl/worksheets/sheet1.bin", b"\x81\x01\x00\x82\x01\x00")
    return path


# --- hostile compound files (issue #16): loops, chains past the end, absurd sizes ----------


def _xls_bytes() -> bytearray:
    return bytearray(_cfb({"Workbook": _biff8(False, None)}))


def _fat_entry_offset(sector: int) -> int:
    return 512 + 4 * sector  # the FAT is sector 0 in files written by _cfb


def xls_fat_loop(folder: Path) -> Path:
    """The directory's sector chain loops back on itself (FAT[1] = 1): calamine follows it
    without end, allocating until the process aborts (the 25 KB file of #16: 8.4 GB, SIGABRT)."""
    data = _xls_bytes()
    struct.pack_into("<I", data, _fat_entry_offset(1), 1)
    path = Path(folder) / "loop.xls"
    path.write_bytes(bytes(data))
    return path


def xls_stream_loop(folder: Path) -> Path:
    """The Workbook stream's chain loops in its middle (sector 5 -> 3)."""
    data = _xls_bytes()
    struct.pack_into("<I", data, _fat_entry_offset(5), 3)
    path = Path(folder) / "stream_loop.xls"
    path.write_bytes(bytes(data))
    return path


def xls_chain_past_end(folder: Path) -> Path:
    """A chain that points to a sector far past the end of the file."""
    data = _xls_bytes()
    struct.pack_into("<I", data, _fat_entry_offset(3), 0x00FFFFF0)
    path = Path(folder) / "past_end.xls"
    path.write_bytes(bytes(data))
    return path


def xls_absurd_size(folder: Path) -> Path:
    """The Workbook directory entry claims a 4 GB stream in a 5 KB file."""
    data = _xls_bytes()
    entry = 1024 + 128  # directory sector 1, second entry (the Workbook stream)
    struct.pack_into("<I", data, entry + 120, 0xFFFFFF00)
    path = Path(folder) / "absurd_size.xls"
    path.write_bytes(bytes(data))
    return path


def xls_directory_loop(folder: Path) -> Path:
    """The directory's sibling links loop (an entry is its own right sibling)."""
    data = _xls_bytes()
    entry = 1024 + 128
    struct.pack_into("<I", data, entry + 72, 1)  # right sibling of entry 1 = entry 1
    path = Path(folder) / "dir_loop.xls"
    path.write_bytes(bytes(data))
    return path


def xls_fat_sector_past_end(folder: Path) -> Path:
    """The header's FAT sector list names a sector past the end."""
    data = _xls_bytes()
    struct.pack_into("<I", data, 76, 5000)
    path = Path(folder) / "fat_past_end.xls"
    path.write_bytes(bytes(data))
    return path


def patched(src: Path, out: Path, changes: dict[bytes, bytes]) -> Path:
    """A copy of the workbook `src` with byte strings replaced inside every (decompressed) part:
    how a value no writer would produce (<v>NaN</v>, 40,000 characters) gets into a test file."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            for old, new in changes.items():
                data = data.replace(old, new)
            zout.writestr(item, data)
    return out


def duplicate_member(folder: Path) -> Path:
    """Two zip members with the same sheet name: a harmless copy and one with a far cell.
    Libraries disagree on which copy they read, so the file is refused."""
    import warnings

    path = Path(folder) / "twice.xlsx"
    good = sheet_xml([("A1", 1, 1)])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for part, text in _package_parts(["Robbery"]).items():
                z.writestr(part, text)
            z.writestr("xl/worksheets/sheet1.xml", sheet_xml([("XFD1048576", 1048576, 1)]))
            z.writestr("xl/worksheets/sheet1.xml", good)
    return path


def xls_shared_sectors(folder: Path) -> Path:
    """Two streams whose chains share sectors (a second entry pointing at the Workbook's chain):
    repeated over many entries this would make a reader copy the same megabytes again and again."""
    data = bytearray(_cfb({"Workbook": _biff8(False, None), "Other": bytes(4096)}))
    struct.pack_into("<I", data, 1024 + 256 + 116, 2)  # entry 2 starts where Workbook starts
    path = Path(folder) / "shared.xls"
    path.write_bytes(bytes(data))
    return path


def shared_strings_claim(folder: Path, count: int = 4_000_000_000) -> Path:
    """A 100-byte sharedStrings part declaring four billion strings: calamine reserves them all
    up front and aborts (SIGABRT, a Rust 'memory allocation failed'). Found beyond #10's list."""
    path = minimal_xlsx(folder, name="sst_claim.xlsx")
    with zipfile.ZipFile(path, "a") as z:
        z.writestr(
            "xl/sharedStrings.xml",
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'count="{count}" uniqueCount="{count}"><si><t>a</t></si></sst>',
        )
    return path


def date_out_of_range(folder: Path, value: str = "-1e308") -> Path:
    """A cell formatted as a date holding a serial no date can have: calamine panics (caught,
    but Rust prints the panic and a backtrace on stderr), openpyxl warns."""
    styles = (
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs>'
        "</styleSheet>"
    )
    sheet = raw_cell_sheet(f'<c r="A1" s="1"><v>{value}</v></c><c r="B1"><v>4</v></c>')
    path = minimal_xlsx(folder, {"Robbery": sheet}, name="bad_date.xlsx")
    with zipfile.ZipFile(path, "a") as z:
        z.writestr("xl/styles.xml", styles)
    return path


def many_tag_names(folder: Path, names: int = 600) -> Path:
    """A sheet using hundreds of distinct element names (expat keeps each in its own tables:
    millions of them cost hundreds of MB inside the parser)."""
    filler = "".join(f"<x{i}/>" for i in range(names))
    xml = (
        f'{_SHEET_HEAD}<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>'
        f"<extLst><ext>{filler}</ext></extLst></worksheet>"
    )
    return minimal_xlsx(folder, {"Robbery": xml}, "tag_names.xlsx")
