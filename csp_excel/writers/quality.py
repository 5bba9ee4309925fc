"""The Data quality sheet: every finding, worst first, each with a link to its cell."""

from __future__ import annotations

from typing import Any

from xlsxwriter.worksheet import Worksheet

from csp_excel.core.codes import unit_of
from csp_excel.core.model import Finding
from csp_excel.core.reading import SheetReading
from csp_excel.writers.indicator import SheetInfo
from csp_excel.writers.palette import CELL_BORDER, DARK_TEXT, LINK_BLUE, SEVERITY_FILLS
from csp_excel.writers.print_setup import board_page
from csp_excel.writers.xl_formats import Formats, clip_text, quote_sheet, write_value

from .number_formats import FMT_COUNT, FMT_DECIMAL, FMT_PCT, FMT_TEXT
from .quality_table import HEADERS, ORDER, finding_rows, quality_table

__all__ = ["HEADERS", "ORDER", "finding_rows", "quality_table", "write_quality", "write_readings"]

_CELL = {"text_wrap": True, "border": 1, "border_color": CELL_BORDER, "valign": "top"}


def _number_format(f: Finding, v: object) -> str:
    """By the code's unit (core/codes.py): percents show %, so 0.036044… reads 3.6%; a narrative
    figure is a percent when it is a fraction; others whole numbers or two decimals."""
    if not isinstance(v, (int, float)) or isinstance(v, bool):
        return FMT_TEXT
    unit = unit_of(f.code)
    if unit == "percent" or (unit == "figure" and abs(v) < 1 and v != int(v)):
        return FMT_PCT
    return FMT_COUNT if float(v).is_integer() else FMT_DECIMAL


def _lines(f: Finding) -> int:
    """Rows tall enough for the wrapped message (LibreOffice does not grow them itself)."""
    widths = dict(HEADERS)
    need = [len(f.message) / (widths["Message"] * 1.05)]
    for head, v in (("Expected", f.expected), ("Found", f.found)):
        if isinstance(v, str):
            need.append(len(v) / widths[head])
    return max(1, min(12, int(max(need)) + 1))


def write_quality(
    ws: Worksheet,
    fm: Formats,
    findings: list[Finding],
    out_names: dict[str, str],
    infos: dict[str, SheetInfo],
    readings: list[SheetReading] | None = None,
) -> int:
    """Write the findings, then how each sheet was read; returns the number of links made.
    `infos` is keyed by output sheet."""
    top = 3
    _heading(ws, fm, findings, top)
    text = fm.get(**_CELL)
    link_fmt = fm.get(font_color=LINK_BLUE, underline=1, border=1, border_color=CELL_BORDER)
    rows = finding_rows(findings)
    links = 0
    r = top
    for f, values in rows:
        r += 1
        _finding_cells(ws, fm, r, f, values, text)
        out = _output_sheet(f, out_names, infos)
        if out is not None:
            info = infos.get(out)
            _link(ws, r, out, _target(info.cell_map if info else {}, f.cell), link_fmt)
            links += 1
        else:
            ws.write_blank(r, 7, None, text)
    if not rows:
        ws.write_string(top + 1, 0, "No problems found.", fm.get(italic=True))
    last = max(r, top + 1)
    _severity_formats(ws, fm, top + 1, last)
    ws.autofilter(top, 0, last, len(HEADERS) - 1)
    if readings:
        write_readings(ws, fm, last + 3, readings)
    ws.freeze_panes(top + 1, 0)
    board_page(ws, None, tall=0, repeat=top)  # one page wide, as long as the findings go
    return links


def _heading(ws: Worksheet, fm: Formats, findings: list[Finding], top: int) -> None:
    """Title, the count by severity, and the column headers on row `top`."""
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ORDER}
    ws.write_string(0, 0, "Data quality", fm.title())
    ws.write_string(
        1,
        0,
        f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} notes. "
        "Cell addresses are those of the return you sent in; the link goes to the same figure here.",
        fm.get(italic=True, font_color=DARK_TEXT),
    )
    for c, (name, width) in enumerate(HEADERS):
        ws.set_column(c, c, width)
        ws.write_string(top, c, name, fm.header())


def _finding_cells(
    ws: Worksheet, fm: Formats, r: int, f: Finding, values: list[Any], text: Any
) -> None:
    """One finding's columns before "Go to": text, then expected and found by the code's unit."""
    for c, v in enumerate(values[:5]):
        ws.write_string(r, c, clip_text(v), text)
    for c, v in ((5, values[5]), (6, values[6])):
        write_value(ws, r, c, v, fm.get(num_format=_number_format(f, v), **_CELL))
    ws.set_row(r, 15 * _lines(f))


def _link(ws: Worksheet, r: int, out: str, target: str, fmt: Any) -> None:
    """The "Go to" cell: a link to the finding's figure on the filled sheet."""
    ws.write_url(r, 7, f"internal:{quote_sheet(out)}!{target}", fmt, string=f"{out}!{target}"[:255])


def _severity_formats(ws: Worksheet, fm: Formats, first: int, last: int) -> None:
    """Fill the Severity column by severity (palette.SEVERITY_FILLS)."""
    for sev, (bg, fg) in SEVERITY_FILLS.items():
        ws.conditional_format(
            first,
            0,
            last,
            0,
            {
                "type": "cell",
                "criteria": "==",
                "value": f'"{sev}"',
                "format": fm.wb.add_format({"bg_color": bg, "font_color": fg, "bold": True}),
            },
        )


def write_readings(ws: Worksheet, fm: Formats, top: int, readings: list[SheetReading]) -> int:
    """'How each sheet was read': the reader's own record (core.reading), one line a row, so a
    user sees in Excel why a figure is blank. Returns the next free row."""
    ws.write_string(top, 0, "How each sheet was read", fm.get(bold=True, font_size=12))
    ws.write_string(
        top + 1,
        0,
        "Each sheet is read as indicators, skipped (with the reason and the cell that decided it) "
        "or failed. Rows marked 'not used' are listed in the table above.",
        fm.get(italic=True, font_color=DARK_TEXT),
    )
    bold = fm.get(bold=True)
    plain = fm.get()
    r = top + 2
    for reading in readings:
        for i, line in enumerate(reading.lines()):
            ws.write_string(r, 0, clip_text(line), bold if i == 0 else plain)
            r += 1
    return r


def _output_sheet(f: Finding, out_names: dict[str, str], infos: dict[str, SheetInfo]) -> str | None:
    """The output sheet of the block holding the finding's cell (a sheet with several blocks has
    one output sheet per block); the sheet's first block when none holds it."""
    first = out_names.get(f.sheet or "")
    if first is None or not f.cell:
        return first
    start = f.cell.split(":")[0]
    for name, info in infos.items():
        if info.indicator.sheet == f.sheet and start in info.cell_map:
            return name
    return first


def _target(cell_map: dict[str, str], cell: str | None) -> str:
    """Where a finding's link points in our output: its cell, or both ends of its range
    ('K15:M15'), mapped from the return to the filled sheet; A1 when it has no place there."""
    ends = [cell_map.get(part) for part in (cell or "").split(":")]
    if not ends or None in ends:
        return "A1"
    return ":".join(e for e in ends if e)
