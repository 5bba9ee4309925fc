"""The grid of an indicator sheet: the period headings and the planned rows, inputs as the
return gave them and derived rows as the formulas that reproduce `Computed`."""

from __future__ import annotations

from datetime import date
from typing import Any

from xlsxwriter.worksheet import Worksheet

from csp_excel.core import periods
from csp_excel.core.annual import column_end, column_years_of, period_label
from csp_excel.core.model import Computed, Grid, GridRow
from csp_excel.writers.indicator.layout import FIRST, LAB, Row, SheetLayout
from csp_excel.writers.indicator.summary import Context
from csp_excel.writers.palette import CELL_BORDER, FALLBACK, GREY_TEXT, SHADE
from csp_excel.writers.xl_formats import (
    FMT_PCT,
    Formats,
    cell0,
    clip_text,
    write_derived,
    write_value,
)


def write_header(
    ws: Worksheet, fm: Formats, comp: Computed, grid: Grid, top: int
) -> dict[str, str]:
    """The period headings; returns where the return's heading cells went."""
    placed = {}
    ws.write_string(top, LAB, "Measure", fm.header())
    for i in range(comp.n):
        ws.write_string(top, FIRST + i, clip_text(period_label(comp, i)), fm.header())
        placed[cell0(grid.header_row - 1, grid.first_col - 1 + i)] = cell0(top, FIRST + i)
    ws.write_string(top, FIRST + comp.n, "Where it comes from", fm.header())
    return placed


def write_grid_rows(
    ws: Worksheet, fm: Formats, plan: list[Row], ctx: Context, lay: SheetLayout
) -> tuple[dict[str, str], int | None]:
    """The planned rows; returns where the return's cells went and the row of the monthly
    figures (for the dashboard's sparkline)."""
    border = {"border": 1, "border_color": CELL_BORDER}
    placed: dict[str, str] = {}
    trend_row = None
    for k, row in enumerate(plan):
        r = lay.header_row + 1 + k
        shade = {"bg_color": SHADE} if row.derived else {}
        grey = {"font_color": GREY_TEXT, "italic": True} if row.key == "supplied" else {}
        fmt = fm.num(row.fmt, **border, **shade, **grey)
        fallback = fm.num(row.fmt, **border, italic=True, bg_color=FALLBACK)
        bold = row.key not in ("raw", "supplied")
        ws.write_string(
            r,
            LAB,
            clip_text(row.label),
            fm.get(bold=bold, text_wrap=True, **border, **shade, **grey),
        )
        ws.write_string(
            r,
            FIRST + lay.n,
            clip_text(row.note),
            fm.get(font_color=GREY_TEXT, font_size=8, text_wrap=True),
        )
        src = row.src
        if src is not None:
            placed[src.label_cell] = cell0(r, LAB)
            for i, a1 in enumerate(src.cells[: lay.n]):
                placed[a1] = cell0(r, FIRST + i)
        _write_periods(ws, fm, r, row, ctx, lay, (fmt, fallback, border))
        if row.key in ("actual", "numerator"):
            trend_row = r
    return placed, trend_row


def _write_periods(
    ws: Worksheet, fm: Formats, r: int, row: Row, ctx: Context, lay: SheetLayout, fmts: tuple
) -> None:
    """One planned row's period cells. What kind of row it is is decided once, not per cell."""
    fmt, fallback, border = fmts
    key, series, n = row.key, row.series, len(row.series)
    if key in ("raw", "supplied", "target_input"):
        for i in range(lay.n):
            _write_input(ws, fm, r, FIRST + i, row, i, fmt, border)
        return
    if key == "period_end":
        for i in range(lay.n):
            write_value(ws, r, FIRST + i, _period_end(ctx.comp, i), fmt)
        return
    own = key in ("pct_month", "target_month")  # shown by us only: the formula is the figure
    for i in range(lay.n):
        c = FIRST + i
        cands = ctx.candidates(key, i) if row.derived or own else []
        value = series[i] if i < n else None
        if own:
            value = cands[0].value if cands else None
        if not row.derived:
            write_value(ws, r, c, value, fmt)
            _placeholder_comment(ws, r, c, row.src, i, value)
        else:
            write_derived(ws, r, c, value, cands, fmt, lay.stats, fallback)


def _period_end(comp: Computed, i: int) -> date:
    """The day a period ends (the population in force is looked up at it)."""
    if comp.frequency == "annual":
        return column_end(period_label(comp, i), column_years_of(comp)[i])
    return periods.period_end(comp.fy, i, comp.frequency)


def _write_input(
    ws: Worksheet, fm: Formats, r: int, c: int, row: Row, i: int, fmt: Any, border: dict
) -> None:
    """Rows kept from the return: parsed numbers as numbers, anything else (ranks, notes) as text."""
    value = row.series[i] if i < len(row.series) else None
    raw = row.src.raw[i] if row.src is not None and i < len(row.src.raw) else None
    if value is not None:
        if isinstance(raw, str) and raw.strip().endswith("%"):
            fmt = fm.num(FMT_PCT, **border)
        write_value(ws, r, c, value, fmt)
    else:
        write_value(ws, r, c, raw, fm.get(**border, align="right", font_size=8, text_wrap=True))


def _placeholder_comment(
    ws: Worksheet, r: int, c: int, src: GridRow | None, i: int, value: Any
) -> None:
    """A blank because the return held text such as TBC: keep that text as a comment."""
    if value is None and src is not None and i < len(src.raw):
        raw = src.raw[i]
        if isinstance(raw, str) and raw.strip():
            ws.write_comment(r, c, "In the return: " + clip_text(raw)[:500])
