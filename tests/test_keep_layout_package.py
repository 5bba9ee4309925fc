"""`fill --keep-layout` keeps everything: the copy is the user's own package, patched.

A return is written with XlsxWriter holding what real council returns hold and openpyxl used to
drop: a logo picture, a chart, a text box, sparklines, a comment, data validation, a defined
name, a hyperlink, conditional formats (with an x14 data bar), a merged title, and (.xlsm) a VBA
project. After the fill every zip member we did not mean to change must be byte-identical, the
changed sheet must differ only in its cell table, its dimension and our appended conditional
formats, and the figures must sit where `place_indicator` says (read back by openpyxl and
calamine; opened by LibreOffice when it is installed).
"""

from __future__ import annotations

import io
import os
import re
import struct
import time
import zipfile
import zlib
from pathlib import Path
from typing import Any
from xml.parsers import expat

import pytest
import xlsxwriter
from core_factory import results_for
from lo import soffice
from openpyxl import load_workbook
from test_placement import ACTUAL, MONTHS, PCT, R12, RATE, YTD, comp_for
from typer.testing import CliRunner

from csp_excel.cli import app
from csp_excel.core.model import Computed, Grid, GridRow, Indicator, Return, Settings
from csp_excel.core.refs import a1, parse_a1
from csp_excel.writers.placement import RAG_LABEL
from csp_excel.writers.placement.package import LayoutNotKept, fill_copy

pytestmark = pytest.mark.filterwarnings("ignore:.*extension is not supported")
FIRST_COL = 3  # periods in C..N, labels in B
TNO_PART = "xl/worksheets/sheet1.xml"
ROWS: list[tuple[str, str, list[Any]]] = [
    ("Month", "actual", list(ACTUAL)),
    ("Year to date", "ytd", [1383, 3022, 4554, 6168, 7606, 9031, 10434, 11821, 13207, 13207]),
    ("% change from previous year", "pct_change", [0.03, 0.06, 0.06]),
    ("Rolling 12 month period (for use below)", "r12", [17469, 17612]),
    ("Per 1,000 Res", "rate", [88.1, 88.82]),
    ("Rank (MET / MSG)", "rank", ["11of15/ 21of32"] * 9),
]
HEADER_ROW, FIRST_ROW = 9, 10


def png() -> bytes:
    """A 2x2 red PNG (the 'council logo'), made here so no image file is needed."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xc0\x10\x10" * 2 for _ in range(2))
    head = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    ihdr, idat = chunk(b"IHDR", head), chunk(b"IDAT", zlib.compress(rows))
    return b"\x89PNG\r\n\x1a\n" + ihdr + idat + chunk(b"IEND", b"")


def vba_project() -> bytes:
    xlwings = pytest.importorskip("xlwings", reason="xlwings is not installable on this machine")
    template = Path(xlwings.__file__).parent / "quickstart_standalone.xlsm"
    with zipfile.ZipFile(template) as z:
        return z.read("xl/vbaProject.bin")


def build(path: Path, vba: bytes | None = None) -> tuple[Return, list[Computed]]:
    """The rich return, and its indicator as the reader would describe it."""
    wb = xlsxwriter.Workbook(str(path))
    if vba is not None:
        wb.add_vba_project(io.BytesIO(vba), is_stream=True)
    title = wb.add_format({"bold": True, "font_color": "#1F4E78", "font_size": 14})
    bold = wb.add_format({"bold": True, "num_format": "#,##0", "top": 1, "bottom": 1})
    ws = wb.add_worksheet("TNO")
    ws.merge_range("A1:H1", "Crime and Enforcement Portfolio", title)
    ws.write("A2", "Total Notifiable Offences (TNO's)")
    ws.write("B6", "2016/17 Target:")
    ws.write("C6", "Reduction on last years figures")
    ws.set_column("B:B", 38)
    for j, m in enumerate(MONTHS):
        ws.write(HEADER_ROW - 1, FIRST_COL - 1 + j, m)
    for i, (label, _, raw) in enumerate(ROWS):
        r = FIRST_ROW + i - 1
        ws.write(r, FIRST_COL - 2, label)
        for j, v in enumerate(raw):
            ws.write(r, FIRST_COL - 1 + j, v, bold if i == 1 else None)
    ws.merge_range("B18:D18", "Performance Overview")
    ws.write("E18", "Year To Date shows a 1% increase (up 132 offences)")
    ws.write("B19", "RAG Rating: R")
    ws.write("C19", "Using the same period last year")
    ws.insert_image("P1", "logo.png", {"image_data": io.BytesIO(png())})
    ws.insert_textbox("P8", "Council logo and notes", {"width": 200, "height": 60})
    ws.write_comment("B10", "Monthly count from IQuanta")
    ws.data_validation("C10:N10", {"validate": "integer", "criteria": ">=", "value": 0})
    ws.conditional_format("C10:N10", {"type": "3_color_scale"})
    ws.conditional_format("C13:N13", {"type": "data_bar", "bar_solid": True})  # x14 extLst
    ws.add_sparkline("O10", {"range": "TNO!C10:N10", "markers": True})
    ws.write_url("B21", "https://example.org/csp", string="Partnership site")
    chart = wb.add_chart({"type": "line"})
    chart.add_series({"name": "Month", "values": "=TNO!$C$10:$K$10"})
    ws.insert_chart("B24", chart)
    wb.define_name("Actuals", "=TNO!$C$10:$N$10")
    notes = wb.add_worksheet("Notes")
    notes.write("A1", "Prepared by the analyst")
    notes.write_formula("A2", "=1+1", None, 2)
    wb.close()

    rows = []
    for i, (label, kind, raw) in enumerate(ROWS):
        r = FIRST_ROW + i
        cells = [a1(r, FIRST_COL + j) for j in range(12)]
        vals = [float(v) if isinstance(v, (int, float)) else None for v in raw]
        vals += [None] * (12 - len(vals))
        rows.append(GridRow(label, kind, vals, list(raw), cells, r, a1(r, FIRST_COL - 1)))
    grid = Grid(HEADER_ROW, FIRST_COL, "monthly", 2016, list(MONTHS), rows)
    ind = Indicator(sheet="TNO", title="TNO", grid=grid, typed_rag="R", typed_rag_cell="B19")
    return Return(str(path), Settings(), [ind], other_sheets=["Notes"]), [comp_for("TNO")]


# ---------------------------------------------------------------------------- independent checks


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def top_level(xml: bytes) -> list[tuple[str, bytes]]:
    """The root's children as (local name, raw bytes), split with a plain expat pass."""
    p = expat.ParserCreate()
    depth, out, start = [0], [], [0]

    def on_start(name: str, _attrs: Any) -> None:
        if depth[0] == 1:
            start[0] = p.CurrentByteIndex
        depth[0] += 1

    def on_end(name: str) -> None:
        depth[0] -= 1
        if depth[0] == 1:
            pos = p.CurrentByteIndex
            tail = xml.index(b">", pos) + 1 if xml[pos : pos + 2] == b"</" else pos
            out.append((name.rpartition(":")[2], xml[start[0] : tail]))

    p.StartElementHandler, p.EndElementHandler = on_start, on_end
    p.Parse(xml, True)
    return out


def filled(tmp_path: Path, vba: bytes | None = None) -> tuple[Path, Path, Any]:
    src = tmp_path / ("return.xlsm" if vba else "return.xlsx")
    ret, computed = build(src, vba)
    out = tmp_path / ("filled.xlsm" if vba else "filled.xlsx")
    kept = fill_copy(src, out, ret, results_for(ret, computed))
    return src, out, kept


# ---------------------------------------------------------------------------- the package


@pytest.mark.parametrize("macro", [False, True], ids=["xlsx", "xlsm"])
def test_every_member_we_did_not_change_is_byte_identical(tmp_path: Path, macro: bool) -> None:
    src, out, kept = filled(tmp_path, vba_project() if macro else None)
    before, after = members(src), members(out)
    assert list(after) == list(before)  # same members, same order
    assert sorted(kept.rewritten) == sorted([TNO_PART, "xl/styles.xml"])
    same = [name for name in before if name not in kept.rewritten]
    for name in same:
        assert after[name] == before[name], name
    kinds = ("media/image", "charts/chart", "drawings/drawing", "drawings/vmlDrawing",
             "comments", "sharedStrings", "xl/workbook.xml", "worksheets/sheet2.xml",
             "docProps/", "theme/", "[Content_Types]")  # fmt: skip
    for kind in kinds:
        assert any(kind in name for name in same), f"no {kind} member was compared"
    if macro:
        assert "xl/vbaProject.bin" in same
        assert b"macroEnabled" in after["[Content_Types].xml"]


def test_the_changed_sheet_differs_only_in_cells_dimension_and_our_formats(tmp_path) -> None:
    src, out, _ = filled(tmp_path)
    old, new = top_level(members(src)[TNO_PART]), top_level(members(out)[TNO_PART])
    keep = [(n, b) for n, b in old if n not in ("sheetData", "dimension")]
    ours = [(n, b) for n, b in new if n not in ("sheetData", "dimension")]
    cf_old = sum(1 for n, _ in old if n == "conditionalFormatting")
    added = [b for n, b in ours if n == "conditionalFormatting"][cf_old:]
    assert added and all(b'sqref="E19"' in b for b in added)  # the computed RAG letter's cell
    assert [x for x in ours if x[1] not in added] == keep  # everything else byte for byte, in order
    names = [n for n, _ in new]
    assert names.index("conditionalFormatting") < names.index("dataValidations")  # schema order
    assert {"extLst", "drawing", "legacyDrawing", "hyperlinks", "mergeCells"} <= set(names)


def test_figures_sit_where_place_indicator_says(tmp_path) -> None:
    src, out, kept = filled(tmp_path)
    ws, orig = load_workbook(out)["TNO"], load_workbook(src)["TNO"]
    assert [ws.cell(11, FIRST_COL + i).value for i in range(12)] == YTD
    assert [ws.cell(12, FIRST_COL + i).value for i in range(12)] == PCT
    assert [ws.cell(13, FIRST_COL + i).value for i in range(12)] == R12
    assert [ws.cell(14, FIRST_COL + i).value for i in range(12)] == RATE
    assert (ws["D19"].value, ws["E19"].value, ws["F19"].value) == (RAG_LABEL, "R", "▼ worse")
    assert ws["D11"].font.bold and ws["D11"].number_format == "#,##0"  # the user's style kept
    assert ws["D12"].number_format == "+0%;-0%;0%"  # was General: ours
    fills = {r.formula[0]: r.dxf.fill.fgColor.rgb for cf in ws.conditional_formatting
             for r in cf.rules if r.formula}  # fmt: skip
    assert fills['"R"'].endswith("C00000") and fills['"G"'].endswith("00B050")
    written = set(kept.written["TNO"])
    for row in orig.iter_rows():
        for c in row:
            if c.coordinate not in written:
                assert ws[c.coordinate].value == c.value, c.coordinate
    assert {str(r) for r in ws.merged_cells.ranges} == {"A1:H1", "B18:D18"}
    assert load_workbook(out)["Notes"]["A2"].value == "=1+1"


def test_calamine_reads_the_copy(tmp_path) -> None:
    from python_calamine import CalamineWorkbook

    _, out, _ = filled(tmp_path)
    rows = (
        CalamineWorkbook.from_path(str(out))
        .get_sheet_by_name("TNO")
        .to_python(skip_empty_area=False)
    )
    ytd_row = rows[10]  # row 11, 0-based
    assert ytd_row[1] == "Year to date"
    assert ytd_row[FIRST_COL - 1 : FIRST_COL + 8] == YTD[:9]
    assert rows[18][4] == "R"


@pytest.mark.libreoffice
@pytest.mark.skipif(  # CI sets CSP_REQUIRE_LIBREOFFICE=1: there a missing soffice fails
    soffice() is None and not os.environ.get("CSP_REQUIRE_LIBREOFFICE"),
    reason="LibreOffice (soffice) not installed",
)
def test_libreoffice_opens_the_copy(tmp_path) -> None:
    from lo import recalc, to_pdf

    _, out, _ = filled(tmp_path)
    pdf = to_pdf(out, tmp_path / "pdf")
    assert pdf.stat().st_size > 1000
    again = recalc(out, tmp_path / "lo")
    ws = load_workbook(again)["TNO"]
    assert ws["K11"].value == 13207 and ws["E19"].value == "R"


# ---------------------------------------------------------------------------- refusals and limits


def test_a_copy_under_the_wrong_extension_is_refused_and_nothing_is_written(tmp_path) -> None:
    src = tmp_path / "return.xlsm"
    ret, computed = build(src, vba_project())
    with pytest.raises(LayoutNotKept) as e:
        fill_copy(src, tmp_path / "filled.xlsx", ret, results_for(ret, computed))
    assert e.value.finding.code == "LAYOUT_NOT_KEPT" and ".xlsm" in e.value.finding.message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["return.xlsm"]


def _rezip(src: Path, dst: Path, part: str, change: Any) -> None:
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as b:
        for info in a.infolist():
            data = a.read(info)
            b.writestr(info.filename, change(data) if info.filename == part else data)


def test_a_sheet_that_declares_entities_is_refused_not_expanded(tmp_path) -> None:
    good = tmp_path / "good.xlsx"
    ret, computed = build(good)
    bad = tmp_path / "bad.xlsx"
    dtd = b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]>'
    _rezip(good, bad, TNO_PART, lambda d: d.replace(b"?>", b"?>" + dtd, 1))
    with pytest.raises(LayoutNotKept) as e:
        fill_copy(bad, tmp_path / "out.xlsx", ret, results_for(ret, computed))
    assert "DTD" in e.value.finding.message and not (tmp_path / "out.xlsx").exists()


def test_text_over_excels_limit_is_not_written_and_said(tmp_path) -> None:
    """A denominator name from the input reaches an added row's label: 40,000 characters."""
    src = tmp_path / "return.xlsx"
    wb = xlsxwriter.Workbook(str(src))
    ws = wb.add_worksheet("ASB")
    for j, m in enumerate(MONTHS):
        ws.write(3, FIRST_COL - 1 + j, m)
    ws.write(4, 1, "Month")
    for j, v in enumerate(ACTUAL):
        ws.write(4, FIRST_COL - 1 + j, v)
    wb.close()
    cells = [a1(5, FIRST_COL + j) for j in range(12)]
    row = GridRow("Month", "actual", [float(v) for v in ACTUAL] + [None] * 3, [], cells, 5, "B5")
    grid = Grid(4, FIRST_COL, "monthly", 2016, list(MONTHS), [row])
    ind = Indicator(sheet="ASB", title="ASB", grid=grid, denominator_name="x" * 40_000)
    out = tmp_path / "out.xlsx"
    one = Return(str(src), Settings(), [ind])
    kept = fill_copy(src, out, one, results_for(one, [comp_for("ASB")]))
    long = [f for f in kept.findings if f.code == "TEXT_TOO_LONG"]
    assert len(long) == 1 and long[0].cell == "B9" and long[0].found == 40_000 + len("Per 1,000 ")
    ws2 = load_workbook(out)["ASB"]
    assert ws2["B9"].value is None and ws2["C9"].value == pytest.approx(RATE[0])
    assert ws2["B6"].value == "Year to date"


def test_a_whole_sheet_merge_is_bounded_and_said(tmp_path) -> None:
    """A merge A8:XFD1048576 under the grid: no room, nothing expands, a warning says so."""
    src = tmp_path / "return.xlsx"
    wb = xlsxwriter.Workbook(str(src))
    ws = wb.add_worksheet("S")
    for j, m in enumerate(MONTHS):
        ws.write(3, FIRST_COL - 1 + j, m)
    ws.write(4, 1, "Month")
    for j, v in enumerate(ACTUAL):
        ws.write(4, FIRST_COL - 1 + j, v)
    wb.close()
    src = tmp_path / "merged.xlsx"  # XlsxWriter would write every blank cell of the merge
    merge = b'</sheetData><mergeCells count="1"><mergeCell ref="A8:XFD1048576"/></mergeCells>'
    _rezip(tmp_path / "return.xlsx", src, TNO_PART, lambda d: d.replace(b"</sheetData>", merge))
    cells = [a1(5, FIRST_COL + j) for j in range(12)]
    row = GridRow("Month", "actual", [float(v) for v in ACTUAL] + [None] * 3, [], cells, 5, "B5")
    ind = Indicator("S", "S", Grid(4, FIRST_COL, "monthly", 2016, list(MONTHS), [row]))
    one = Return(str(src), Settings(), [ind])
    start = time.perf_counter()
    kept = fill_copy(src, tmp_path / "out.xlsx", one, results_for(one, [comp_for("S")]))
    assert time.perf_counter() - start < 10
    assert any(f.code == "VALUE_NOT_WRITTEN" and f.sheet == "S" for f in kept.findings)
    xml = members(tmp_path / "out.xlsx")[TNO_PART]  # openpyxl would expand the merge: not read
    assert b'<mergeCell ref="A8:XFD1048576"/>' in xml
    assert b"Figures added by csp-excel" in xml  # the note row above the merge...
    assert b"Year to date" not in xml and b"conditionalFormatting" not in xml  # ...nothing inside


CHAIN = b'<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def _shared_formulas_and_chain(data: bytes, part: str) -> bytes:
    """Row 12 (% change) as one shared formula C12:N12, as Excel saves a formula filled right."""
    if part == TNO_PART:
        data = re.sub(rb'<c r="C12"([^>]*)><v>[^<]*</v>',
                      rb'<c r="C12"\1><f t="shared" ref="C12:N12" si="0">C10/1000</f><v>1.383</v>',
                      data)  # fmt: skip
        for col in "DEFGHIJKLMN":
            data = re.sub(rb'<c r="' + col.encode() + rb'12"([^>]*)(/>|>(<v>[^<]*</v>)?</c>)',
                          rb'<c r="' + col.encode() + rb'12"\1><f t="shared" si="0"/><v>1</v></c>',
                          data)  # fmt: skip
    if part == "[Content_Types].xml":
        over = b'<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats'
        over += b'-officedocument.spreadsheetml.calcChain+xml"/>'
        data = data.replace(b"</Types>", over + b"</Types>")
    if part == "xl/_rels/workbook.xml.rels":
        rel = b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/'
        rel += b'2006/relationships/calcChain" Target="calcChain.xml"/>'
        data = data.replace(b"</Relationships>", rel + b"</Relationships>")
    return data


def test_a_shared_formula_hands_over_and_the_stale_calc_chain_goes(tmp_path) -> None:
    """Our figure replaces the master C12; E12 (a month we cannot compute) keeps ITS formula."""
    plain = tmp_path / "plain.xlsx"
    ret, _ = build(plain)
    src = tmp_path / "shared.xlsx"
    with zipfile.ZipFile(plain) as a, zipfile.ZipFile(src, "w", zipfile.ZIP_DEFLATED) as b:
        for info in a.infolist():
            b.writestr(info.filename, _shared_formulas_and_chain(a.read(info), info.filename))
        b.writestr("xl/calcChain.xml", CHAIN + b'<c r="C12" i="1"/><c r="E12"/></calcChain>')
    pct = list(PCT)
    pct[2] = None
    out = tmp_path / "out.xlsx"
    kept = fill_copy(src, out, ret, results_for(ret, [comp_for("TNO", pct_change=pct)]))
    assert kept.dropped == ["xl/calcChain.xml"]
    after = members(out)
    assert "xl/calcChain.xml" not in after
    assert b"calcChain" not in after["[Content_Types].xml"]
    assert b"calcChain" not in after["xl/_rels/workbook.xml.rels"]
    ws = load_workbook(out)["TNO"]
    assert ws["C12"].value == PCT[0] and ws["D12"].value == PCT[1]
    assert ws["E12"].value == "=E10/1000"  # handed over, moved to its own cell
    assert ws["M12"].value is None  # after the reporting month: cleared


def test_a_long_block_under_the_grid_is_read_past_the_first_scan(tmp_path) -> None:
    """Placement walks 400 used rows down; the patcher reads further than its first window."""
    src = tmp_path / "return.xlsx"
    wb = xlsxwriter.Workbook(str(src))
    ws = wb.add_worksheet("S")
    for j, m in enumerate(MONTHS):
        ws.write(3, FIRST_COL - 1 + j, m)
    ws.write(4, 1, "Month")
    for j, v in enumerate(ACTUAL):
        ws.write(4, FIRST_COL - 1 + j, v)
    for r in range(5, 400):  # rows 6..400: a note per row, right under the grid
        ws.write(r, 1, f"Note {r + 1}")
    wb.close()
    cells = [a1(5, FIRST_COL + j) for j in range(12)]
    row = GridRow("Month", "actual", [float(v) for v in ACTUAL] + [None] * 3, [], cells, 5, "B5")
    ind = Indicator("S", "S", Grid(4, FIRST_COL, "monthly", 2016, list(MONTHS), [row]))
    out = tmp_path / "out.xlsx"
    one = Return(str(src), Settings(), [ind])
    fill_copy(src, out, one, results_for(one, [comp_for("S")]))
    ws2 = load_workbook(out)["S"]
    assert ws2["B400"].value == "Note 400" and ws2["B401"].value is None
    assert ws2["B402"].value == "Year to date" and ws2["C402"].value == ACTUAL[0]


# ---------------------------------------------------------------------------- the command


def test_fill_keep_layout_from_the_command_line_keeps_the_package(tmp_path) -> None:
    """The real path: read -> compute -> place -> patch, as users run it."""
    src = tmp_path / "return.xlsx"
    build(src)
    out = tmp_path / "kept.xlsx"
    res = CliRunner().invoke(app, ["fill", str(src), "--keep-layout", "--out", str(out)])
    assert res.exit_code in (0, 1), res.output
    assert "Traceback" not in res.output
    before, after = members(src), members(out)
    assert list(after) == list(before)
    changed = {n for n in before if after[n] != before[n]}
    assert changed <= {TNO_PART, "xl/styles.xml", "xl/workbook.xml"}
    assert TNO_PART in changed, "nothing was placed"


def test_a_refused_copy_is_a_located_error_never_a_tick(tmp_path) -> None:
    src = tmp_path / "return.xlsm"
    build(src, vba_project())
    out = tmp_path / "kept.xlsx"  # a macro workbook cannot be kept as .xlsx
    res = CliRunner().invoke(app, ["fill", str(src), "--keep-layout", "--out", str(out)])
    assert res.exit_code == 1, res.output
    assert "✔" not in res.output and "Traceback" not in res.output
    assert "layout could not be kept" in res.output and not out.exists()


# ---------------------------------------------------------------------------- the part rewrite

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _cells(xml: bytes) -> dict[str, str]:
    """Cell positions -> value text, positions implied by order where r= is missing (plain ET)."""
    import xml.etree.ElementTree as ET

    out, row = {}, 0
    for r in ET.fromstring(xml).iter(f"{{{NS}}}row"):
        row = int(r.get("r", row + 1))
        col = 0
        for c in r.iter(f"{{{NS}}}c"):
            ref = c.get("r")
            col = parse_a1(ref)[1] if ref else col + 1
            assert not ref or parse_a1(ref)[0] == row
            texts = [t.text or "" for t in c.iter() if t.tag in (f"{{{NS}}}v", f"{{{NS}}}t")]
            out[a1(row, col)] = "".join(texts)
    return out


@pytest.mark.parametrize(
    "data",
    [
        '<sheetData><row><c><v>1</v></c><c><v>2</v></c></row><row r="4"><c r="B4"><v>4</v></c>'
        "</row><row><c><v>5</v></c></row></sheetData>",  # implied rows and cells
        "<sheetData/>",
        "<sheetData></sheetData>",
    ],
    ids=["implied-positions", "empty", "empty-open-close"],
)
def test_rows_are_inserted_in_order_and_implied_positions_stay_put(data: str) -> None:
    from csp_excel.writers.placement.sheet_scan import Window, scan_sheet
    from csp_excel.writers.placement.sheet_xml import CellEdit, SheetPlan, rewrite_sheet

    xml = (
        f'<?xml version="1.0"?><worksheet xmlns="{NS}"><dimension ref="A1:B5"/>{data}'
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        "</worksheet>"
    ).encode()
    before = _cells(xml)
    scan = scan_sheet([xml[:50], xml[50:]], lambda i: "", Window(30))
    edits = {(3, 2): CellEdit(3.5), (2, 1): CellEdit("=not a formula"), (9, 3): CellEdit(9.0)}
    plan = SheetPlan(values=edits, dimension=(1, 1, 9, 3), layout=scan.layout)
    plan.cf_xml = b'<conditionalFormatting sqref="C9"/>'
    out: list[bytes] = []
    rewrite_sheet([xml[:7], xml[7:]], out.append, plan)
    new = b"".join(out)
    after = _cells(new)
    assert after == {**before, "B3": "3.5", "A2": "=not a formula", "C9": "9"}
    rows = [int(m) for m in re.findall(rb'<row r="(\d+)"', new)]
    assert rows == sorted(rows)
    assert b'<dimension ref="A1:C9"/>' in new
    assert new.index(b"<conditionalFormatting") < new.index(b"<pageMargins")
    assert b't="inlineStr"><is><t>=not a formula</t>' in new
