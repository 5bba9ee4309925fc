"""Layout-preserving fill: our figures go into the user's own cells and nothing else changes.

The return is a small workbook written here with openpyxl; its Indicator/Grid/Computed objects are
built by hand so the test does not depend on the reader or the core. Every placement case goes
through the package patcher (`PackageSheet` + `fill_copy`: the file is saved, patched, read back);
the xlwings adapter must write the same cells. Where reader and core are importable, the last tests
also run the real read -> compute -> place path through both adapters.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path
from typing import Any

import pytest
from core_factory import result_of, results_for
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Border, Font, PatternFill, Side
from xw_double import Book

from csp_excel.core.model import Computed, Grid, GridRow, Indicator, Return, Settings, Target
from csp_excel.core.refs import a1, parse_a1
from csp_excel.errors import OutputExists
from csp_excel.writers.placement import (
    ADDED_NOTE,
    RAG_LABEL,
    XlwingsSheet,
    place_indicator,
    safe_text,
)
from csp_excel.writers.placement.package import fill_copy

MONTHS = ["Apr-16", "May-16", "Jun-16", "Jul-16", "Aug-16", "Sep-16"]
MONTHS += ["Oct-16", "Nov-16", "Dec-16", "Jan-17", "Feb-17", "Mar-17"]
ACTUAL = [1383, 1639, 1532, 1614, 1438, 1425, 1403, 1387, 1386]
YTD = [1383.0, 3022, 4554, 6168, 7606, 9031, 10434, 11821, 13207] + [None] * 3
PCT = [0.03, 0.06, 0.06, 0.05, 0.05, 0.04, 0.03, 0.02, 0.01] + [None] * 3
R12 = [17469.0, 17612, 17704, 17734, 17761, 17754, 17791, 17664, 17587] + [None] * 3
RATE = [88.10, 88.82, 87.65, 87.80, 87.93, 87.90, 88.08, 87.45, 87.07] + [None] * 3
FIRST_COL = 3  # grid periods in C..N, labels in B
BOLD = Font(bold=True, color="1F4E78")
BOX = Border(bottom=Side(style="thin"), top=Side(style="thin"))


def comp_for(sheet: str, **kw: Any) -> Computed:
    empty: list[float | None] = [None] * 12
    base: dict[str, Any] = dict(
        sheet=sheet,
        fy=2016,
        frequency="monthly",
        report_index=8,
        actual=[float(v) for v in ACTUAL] + [None] * 3,
        actual_last_year=list(empty),
        ytd=list(YTD),
        ytd_last_year=list(empty),
        pct_change=list(PCT),
        r12=list(R12),
        r12_change=list(empty),
        rate=list(RATE),
        denominator_value=list(empty),
        target=list(empty),
        variance=list(empty),
        rag="R",
        dot="worse",
    )
    base.update(kw)
    return Computed(**base)


def _grid_rows(ws: Any, start: int, rows: list[tuple[str, str, list[Any]]]) -> list[GridRow]:
    """Write label + values from row `start` and return the matching GridRows."""
    out = []
    for i, (label, kind, raw) in enumerate(rows):
        r = start + i
        ws.cell(r, FIRST_COL - 1, label)
        cells = []
        for j in range(12):
            v = raw[j] if j < len(raw) else None
            if v is not None:
                ws.cell(r, FIRST_COL + j, v)
            cells.append(a1(r, FIRST_COL + j))
        vals = [v if isinstance(v, (int, float)) else None for v in raw] + [None] * (12 - len(raw))
        out.append(GridRow(label, kind, vals, list(raw), cells, r, a1(r, FIRST_COL - 1)))
    return out


def _header(ws: Any, r: int) -> None:
    for j, m in enumerate(MONTHS):
        ws.cell(r, FIRST_COL + j, m)


def _ind(sheet: str, header_row: int, rows: list[GridRow], **kw: Any) -> Indicator:
    grid = Grid(header_row, FIRST_COL, "monthly", 2016, list(MONTHS), rows)
    return Indicator(sheet=sheet, title=sheet, grid=grid, **kw)


def build_return(path: Path) -> tuple[Return, list[Computed]]:
    """Four indicator sheets, one per placement case, plus a notes sheet we must not touch."""
    wb = Workbook()
    ws = wb.active
    ws.title = "TNO"
    ws["A1"] = "Crime and Enforcement Portfolio"
    ws["A2"] = "Total Notifiable Offences (TNO's)"
    ws["A1"].font = BOLD
    ws["B6"], ws["C6"] = "2016/17 Target:", "Reduction on last years figures"
    _header(ws, 9)
    ytd_raw: list[Any] = list(ACTUAL[:1]) + [3022, 4554, 6168, 7606, 9031, 10434, 11821, 13207]
    ytd_raw += [13207]  # carried forward into January: must be cleared
    rows = _grid_rows(
        ws,
        10,
        [
            ("Month", "actual", [f"{v:,}" for v in ACTUAL]),
            ("Year to date", "ytd", ytd_raw),
            ("% change from previous year", "pct_change", ["+3%", "+6%", "+6%"]),
            ("Rolling 12 month period (for use below)", "r12", [17469, 17612]),
            ("Per 1,000 Res", "rate", [88.1, 88.82]),
            ("Rank (MET / MSG)", "rank", ["11of15/ 21of32"] * 9),
        ],
    )
    for c in range(FIRST_COL, FIRST_COL + 12):
        ws.cell(11, c).font = BOLD
        ws.cell(11, c).border = BOX
        ws.cell(11, c).number_format = "#,##0"
    ws.merge_cells("B18:D18")
    ws["B18"] = "Performance Overview"
    ws["E18"] = "Year To Date shows a 1% increase (up 132 offences)"
    ws["B19"] = "RAG Rating: R"
    ws["C19"] = "Using the same period last year"
    ws["C19"].fill = PatternFill(start_color="DDEBF7", end_color="DDEBF7", fill_type="solid")
    tno = _ind("TNO", 9, rows, typed_rag="R", typed_rag_cell="B19")

    # ASB: only a Month row, nothing under the grid -> rows added right under it (tier 1)
    ws2 = wb.create_sheet("ASB")
    _header(ws2, 4)
    asb = _ind("ASB", 4, _grid_rows(ws2, 5, [("Month", "actual", ACTUAL)]), per=1000.0)
    asb.denominator_name = "Residents"

    # Robbery: a note row right under the grid, then space -> after the block + 1 blank (tier 2)
    ws3 = wb.create_sheet("Robbery")
    _header(ws3, 4)
    rob = _ind("Robbery", 4, _grid_rows(ws3, 5, [("Month", "actual", ACTUAL)]))
    ws3["B6"] = "Figures below 10 are suppressed"

    # Burglary: narrative right under the grid -> appended at the end of the sheet (tier 3)
    ws4 = wb.create_sheet("Burglary")
    _header(ws4, 4)
    bur = _ind("Burglary", 4, _grid_rows(ws4, 5, [("Month", "actual", ACTUAL)]))
    for r in range(7, 12):
        ws4.cell(r, 2, f"Narrative line {r}")
    ws4["B12"] = "RAG Rating:"  # typed RAG with its neighbours full -> under the grid instead
    for c in range(3, 20):
        ws4.cell(12, c, "x")
    bur.typed_rag_cell = "B12"

    notes = wb.create_sheet("Notes")
    notes["A1"] = "=1+1"
    wb.save(path)
    ret = Return(path=str(path), settings=Settings(), indicators=[tno, asb, rob, bur])
    ret.other_sheets = ["Notes"]
    computed = [comp_for(s) for s in ("TNO", "ASB", "Robbery", "Burglary")]
    return ret, computed


@pytest.fixture()
def src(tmp_path: Path) -> tuple[Path, Return, list[Computed]]:
    path = tmp_path / "return.xlsx"
    ret, computed = build_return(path)
    return path, ret, computed


def _load_vba(path: Path) -> Any:
    """openpyxl with keep_vba; its in-memory VBA zip is closed at once (only values are checked)."""
    wb = load_workbook(path, keep_vba=True)
    wb.vba_archive.close()
    return wb


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cell_state(cell: Any) -> tuple[Any, ...]:
    return (
        cell.value,
        cell.number_format,
        repr(cell.font),
        repr(cell.border),
        repr(cell.fill),
        repr(cell.alignment),
        repr(cell.protection),
    )


def _filled(
    src: tuple[Path, Return, list[Computed]], tmp_path: Path
) -> tuple[Path, dict[str, list[str]]]:
    path, ret, computed = src
    out = tmp_path / "out.xlsx"
    return out, fill_copy(path, out, ret, results_for(ret, computed)).written


def _place(tmp_path: Path, wb: Any, ind: Indicator, comp: Computed) -> tuple[Any, list[str]]:
    """Save `wb`, fill a copy of it through the package patcher, return (sheet read back, cells)."""
    wb.active.title = ind.sheet
    src, out = tmp_path / "in.xlsx", tmp_path / "placed.xlsx"
    wb.save(src)
    one = Return(str(src), Settings(), [ind])
    kept = fill_copy(src, out, one, results_for(one, [comp]))
    return load_workbook(out)[ind.sheet], kept.written.get(ind.sheet, [])


# ---------------------------------------------------------------------------- the cells


def test_existing_derived_rows_get_values_at_their_cells(src, tmp_path) -> None:
    out, written = _filled(src, tmp_path)
    ws = load_workbook(out)["TNO"]
    assert [ws.cell(11, FIRST_COL + i).value for i in range(12)] == YTD
    assert [ws.cell(12, FIRST_COL + i).value for i in range(12)] == PCT
    assert [ws.cell(13, FIRST_COL + i).value for i in range(12)] == R12
    assert [ws.cell(14, FIRST_COL + i).value for i in range(12)] == RATE
    assert "L11" in written["TNO"]  # the carried-forward January YTD was cleared
    assert ws["L11"].value is None
    assert ws["L12"].value is None and "L12" not in written["TNO"]  # was blank: untouched


def test_user_styles_kept_and_number_format_only_where_general(src, tmp_path) -> None:
    out, _ = _filled(src, tmp_path)
    ws = load_workbook(out)["TNO"]
    assert ws["D11"].font.bold and ws["D11"].font.color.rgb.endswith("1F4E78")
    assert ws["D11"].border.bottom.style == "thin"
    assert ws["D11"].number_format == "#,##0"  # the user's own format stays
    assert ws["D12"].number_format == "+0%;-0%;0%"  # was General
    assert ws["D14"].number_format == "0.00"


def test_nothing_outside_the_written_cells_changes(src, tmp_path) -> None:
    out, written = _filled(src, tmp_path)
    before, after = load_workbook(src[0]), load_workbook(out)
    assert before.sheetnames == after.sheetnames
    for ws_b in before.worksheets:
        ws_a = after[ws_b.title]
        mine = set(written.get(ws_b.title, []))
        coords = {c.coordinate for row in ws_b.iter_rows() for c in row}
        coords |= {c.coordinate for row in ws_a.iter_rows() for c in row}
        changed = {k for k in coords if _cell_state(ws_b[k]) != _cell_state(ws_a[k])}
        assert changed <= mine, (ws_b.title, sorted(changed - mine))
        assert {str(r) for r in ws_b.merged_cells.ranges} == {
            str(r) for r in ws_a.merged_cells.ranges
        }
        assert ws_b.column_dimensions["B"].width == ws_a.column_dimensions["B"].width
    assert after["Notes"]["A1"].value == "=1+1"  # formulas elsewhere survive as formulas


def test_rag_and_dot_beside_the_typed_rag_cell(src, tmp_path) -> None:
    out, written = _filled(src, tmp_path)
    ws = load_workbook(out)["TNO"]
    # C19 holds the user's text, so the first three empty cells are D19:F19
    assert (ws["D19"].value, ws["E19"].value, ws["F19"].value) == (RAG_LABEL, "R", "▼ worse")
    assert {"D19", "E19", "F19"} <= set(written["TNO"])
    rules = [
        (str(cf.sqref), r.operator, r.formula[0])
        for cf in ws.conditional_formatting
        for r in cf.rules
    ]
    assert ("E19", "equal", '"R"') in rules and ("E19", "equal", '"None"') in rules
    fills = {
        r.formula[0]: r.dxf.fill.fgColor.rgb for cf in ws.conditional_formatting for r in cf.rules
    }
    assert fills['"R"'].endswith("C00000") and fills['"G"'].endswith("00B050")


def test_missing_rows_right_under_the_grid(src, tmp_path) -> None:
    out, written = _filled(src, tmp_path)
    ws = load_workbook(out)["ASB"]
    labels = [ws.cell(r, 2).value for r in range(6, 12)]
    assert labels == [
        "Year to date",
        "% change from previous year",
        "Rolling 12 months",
        "Per 1,000 Residents",
        "RAG (computed)",
        "Direction of travel",
    ]
    assert ws["C6"].value == 1383 and ws["K6"].value == 13207 and ws["L6"].value is None
    assert ws["C9"].number_format == "0.00"
    assert (ws["C10"].value, ws["C11"].value) == ("R", "▼ worse")
    assert ws.conditional_formatting and "C10" in written["ASB"]


def test_missing_rows_after_the_block_with_one_blank_row(src, tmp_path) -> None:
    out, _ = _filled(src, tmp_path)
    ws = load_workbook(out)["Robbery"]
    assert ws["B6"].value == "Figures below 10 are suppressed"
    assert ws["B7"].value is None  # the blank row
    assert ws["B8"].value == "Year to date" and ws["C8"].value == 1383


def test_missing_rows_appended_at_the_end_when_no_room(src, tmp_path) -> None:
    out, _ = _filled(src, tmp_path)
    ws = load_workbook(out)["Burglary"]
    assert [ws.cell(r, 2).value for r in range(7, 12)] == [
        f"Narrative line {r}" for r in range(7, 12)
    ]
    assert ws["B13"].value is None
    assert ws["B14"].value == ADDED_NOTE
    assert ws["B15"].value == "Year to date"
    assert ws["B19"].value == "RAG (computed)" and ws["C19"].value == "R"


def test_what_we_cannot_compute_is_left_as_typed(tmp_path) -> None:
    wb = Workbook()
    ws = wb.active
    _header(ws, 1)
    rows = _grid_rows(
        ws,
        2,
        [
            ("Month", "actual", ACTUAL),
            ("% change (R12)", "r12_change", ["+5%"] * 12),
            ("% change from previous year", "pct_change", ["+3%"] * 12),
        ],
    )
    pct = list(PCT)
    pct[2] = None  # e.g. last year's YTD was 0 in June: n/a
    ws, written = _place(tmp_path, wb, _ind("S", 1, rows), comp_for("S", pct_change=pct))
    assert [ws.cell(3, FIRST_COL + i).value for i in range(12)] == ["+5%"] * 12
    assert not [ref for ref in written if ref.endswith("3")]
    got = [ws.cell(4, FIRST_COL + i).value for i in range(12)]
    assert got[2] == "+3%" and got[1] == 0.06 and got[9:] == [None, None, None]


def test_blank_target_row_is_filled_but_a_typed_one_is_not(tmp_path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "T"
    _header(ws, 1)
    rows = _grid_rows(
        ws, 2, [("Month", "actual", ACTUAL), ("Target", "target", []), ("Target 2", "target", [5])]
    )
    traj = [100.0 * (i + 1) for i in range(12)]
    ind = _ind("T", 1, rows, typed_rag_cell=None)
    ws, written = _place(tmp_path, wb, ind, comp_for("T", target=traj))
    assert [ws.cell(3, FIRST_COL + i).value for i in range(12)] == traj
    assert ws.cell(4, FIRST_COL).value == 5 and "C4" not in written


@pytest.mark.parametrize(
    ("target", "fmt"),
    [
        (Target(kind="floor", value=24.0, text="24 individuals"), "#,##0"),  # a count target
        (Target(kind="rate", value=0.7, text="70%"), "0%"),  # a YTD % target
    ],
)
def test_percentage_target_row_format_follows_the_kind_of_target(
    target: Target, fmt: str, tmp_path: Path
) -> None:
    """A percentage indicator whose target is a count gets a running count, not 2400%."""
    wb = Workbook()
    ws = wb.active
    _header(ws, 1)
    rows = _grid_rows(
        ws,
        2,
        [
            ("Referred", "numerator", [2] * 9),
            ("Total", "denominator", [5] * 9),
            ("Target", "target", []),
        ],
    )
    ind = _ind("P", 1, rows, kind="percentage", target=target, typed_rag_cell=None)
    traj = [2.0 * (i + 1) for i in range(12)] if fmt == "#,##0" else [0.7] * 12
    ws, _ = _place(tmp_path, wb, ind, comp_for("P", target=traj))
    assert [ws.cell(4, FIRST_COL + i).value for i in range(12)] == traj
    assert {ws.cell(4, FIRST_COL + i).number_format for i in range(12)} == {fmt}


def test_last_years_ytd_row_gets_last_years_series(tmp_path) -> None:
    wb = Workbook()
    ws = wb.active
    _header(ws, 1)
    rows = _grid_rows(ws, 2, [("Month", "actual", ACTUAL), ("Cum Actuals 15/16", "ytd", [1])])
    ly = [float(10 * (i + 1)) for i in range(12)]
    ws, _ = _place(tmp_path, wb, _ind("S", 1, rows), comp_for("S", ytd_last_year=ly))
    assert [ws.cell(3, FIRST_COL + i).value for i in range(12)] == ly


def test_merged_cells_are_never_written_into(tmp_path) -> None:
    wb = Workbook()
    ws = wb.active
    _header(ws, 1)
    rows = _grid_rows(ws, 2, [("Month", "actual", ACTUAL), ("YTD", "ytd", [])])
    ws.merge_cells("C3:D3")
    ws, written = _place(tmp_path, wb, _ind("S", 1, rows), comp_for("S"))
    assert "C3" in written and "D3" not in written
    assert ws["C3"].value == YTD[0] and {str(r) for r in ws.merged_cells.ranges} == {"C3:D3"}


# ---------------------------------------------------------------------------- fill_copy


def test_fill_copy_never_changes_the_input_and_refuses_to_overwrite(src, tmp_path) -> None:
    path, ret, computed = src
    digest = _sha(path)
    out = tmp_path / "filled.xlsx"
    fill_copy(path, out, ret, results_for(ret, computed))
    assert _sha(path) == digest
    assert load_workbook(out)["TNO"]["K11"].value == 13207
    with pytest.raises(OutputExists):
        fill_copy(path, out, ret, results_for(ret, computed))
    fill_copy(path, out, ret, results_for(ret, computed), force=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["filled.xlsx", "return.xlsx"]


def test_fill_copy_keeps_the_vba_project_of_an_xlsm(src, tmp_path) -> None:
    xlwings = pytest.importorskip("xlwings", reason="xlwings is not installable on this machine")
    path, ret, computed = src
    template = Path(xlwings.__file__).parent / "quickstart_standalone.xlsm"
    wb = load_workbook(template, keep_vba=True)
    donor = load_workbook(path)["TNO"]
    ws = wb.create_sheet("TNO")
    for row in donor.iter_rows():
        for c in row:
            ws.cell(c.row, c.column, c.value)
    xlsm = tmp_path / "return.xlsm"
    wb.save(xlsm)
    wb.vba_archive.close()
    digest = _sha(xlsm)
    out = tmp_path / "filled.xlsm"
    first = Return(str(xlsm), Settings(), [ret.indicators[0]])
    fill_copy(xlsm, out, first, results_for(first, computed))
    assert _sha(xlsm) == digest
    with zipfile.ZipFile(xlsm) as a, zipfile.ZipFile(out) as b:
        assert a.read("xl/vbaProject.bin") == b.read("xl/vbaProject.bin")
    assert _load_vba(out)["TNO"]["K11"].value == 13207


# ---------------------------------------------------------------------------- both adapters


def _written_values_openpyxl(
    path: Path, written: dict[str, list[str]]
) -> dict[tuple[str, str], Any]:
    wb = load_workbook(path)
    return {(s, ref): wb[s][ref].value for s, refs in written.items() for ref in refs}


def test_xlwings_adapter_writes_the_same_as_openpyxl(src, tmp_path) -> None:
    path, ret, computed = src
    out, written = _filled(src, tmp_path)
    book = Book.from_xlsx(path)
    written_xw: dict[str, list[str]] = {}
    for ind, comp in zip(ret.indicators, computed, strict=True):
        written_xw[ind.sheet] = place_indicator(
            XlwingsSheet(book.sheets[ind.sheet]), result_of(ind, comp)
        )
    assert written_xw == written
    got = {
        (s, ref): book.sheets[s].cells.get(parse_a1(ref))
        for s, refs in written_xw.items()
        for ref in refs
    }
    assert got == _written_values_openpyxl(out, written)
    tno = book.sheets["TNO"]
    assert tno.colors[(19, 5)] == (192, 0, 0)  # xlwings: a plain fill on the RAG cell (palette RED)
    assert tno.formats[(12, 4)] == "+0%;-0%;0%" and tno.formats[(11, 4)] == "#,##0"


def test_xlwings_adapter_with_cached_values_matches_without(src) -> None:
    path, ret, computed = src
    a, b = Book.from_xlsx(path), Book.from_xlsx(path)
    for ind, comp in zip(ret.indicators, computed, strict=True):
        sheet = b.sheets[ind.sheet]
        last = sheet.used_range.last_cell
        cache = sheet.range((1, 1), (last.row, last.column)).options(ndim=2).value
        wa = place_indicator(XlwingsSheet(a.sheets[ind.sheet]), result_of(ind, comp))
        wb_ = place_indicator(XlwingsSheet(sheet, cache), result_of(ind, comp))
        assert wa == wb_
    assert a.values() == b.values()


# ---------------------------------------------------------------------------- property


@settings(max_examples=60, deadline=None)
@given(
    occupied=st.sets(st.tuples(st.integers(6, 30), st.integers(1, 16)), max_size=40),
    rag_col=st.one_of(st.none(), st.integers(1, 8)),
)
def test_never_overwrites_a_user_cell_outside_the_derived_rows(occupied, rag_col) -> None:
    book = Book()
    sheet = book.sheets.add("S")
    for j, m in enumerate(MONTHS):
        sheet.put(4, FIRST_COL + j, m)
    sheet.put(5, 2, "Month")
    for j, v in enumerate(ACTUAL):
        sheet.put(5, FIRST_COL + j, v)
    for r, c in occupied:
        sheet.put(r, c, f"user {r},{c}")
    before = dict(sheet.cells)
    cells = [a1(5, FIRST_COL + j) for j in range(12)]
    row = GridRow("Month", "actual", [float(v) for v in ACTUAL] + [None] * 3, [], cells, 5, "B5")
    ind = _ind("S", 4, [row])
    if rag_col is not None:
        sheet.put(20, rag_col, "RAG Rating: G")
        before = dict(sheet.cells)
        ind.typed_rag_cell = a1(20, rag_col)
    written = place_indicator(XlwingsSheet(sheet), result_of(ind, comp_for("S")))
    written_rc = {parse_a1(ref) for ref in written}
    for rc, value in before.items():
        if rc not in written_rc:
            assert sheet.cells.get(rc) == value
        else:
            pytest.fail(f"wrote over the user's cell {a1(*rc)}")
    assert len(written_rc) == len(written)  # no cell written twice


# ---------------------------------------------------------------------------- real path


def test_real_reader_and_core_fill_through_both_adapters(src, tmp_path) -> None:
    """fill_book on the double == fill_copy on the file."""
    from csp_excel.core.analysis import analyse_return
    from csp_excel.excel import fill_book
    from csp_excel.reader.workbook import read_return

    path = src[0]
    ret = read_return(path)
    results = analyse_return(ret).results
    assert results, "the reader found no indicator in the test return"
    out = tmp_path / "filled.xlsx"
    fill_copy(path, out, ret, results)

    book = Book.from_xlsx(path)
    base = Book.from_xlsx(path).values()
    message = fill_book(book)
    assert "Filled" in message
    got = book.values()
    filled = Book.from_xlsx(out).values()
    diff_xw = {(s, rc): v for s in got for rc, v in got[s].items() if base[s].get(rc) != v}
    diff_xw |= {(s, rc): None for s in base for rc in base[s] if rc not in got[s]}
    diff_op = {(s, rc): v for s in filled for rc, v in filled[s].items() if base[s].get(rc) != v}
    diff_op |= {(s, rc): None for s in base for rc in base[s] if rc not in filled[s]}
    assert diff_xw == diff_op
    assert diff_xw, "nothing was written"


@pytest.mark.parametrize("text", ["=1+1", "+44", "-5", "@SUM(A1)", "\t=cmd", "\r=cmd"])
def test_xlwings_text_that_looks_like_a_formula_is_kept_as_text(text: str) -> None:
    assert safe_text(text) == "'" + text
    assert safe_text("Robbery") == "Robbery" and safe_text(12.5) == 12.5 and safe_text(None) is None
