"""The charts of an indicator sheet: monthly actuals against last year and the target, and the
cumulative figure against the target trajectory."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from csp_excel.core.model import Computed, Indicator, Series
from csp_excel.core.rag import is_level
from csp_excel.core.titles import display_title
from csp_excel.writers import literal
from csp_excel.writers.indicator.layout import FIRST, LAB, SheetLayout, any_values
from csp_excel.writers.palette import GRIDLINE, LINE_GREY, RED, SERIES_BLUE
from csp_excel.writers.xl_formats import clip_text

from ..number_formats import FMT_COUNT, FMT_PCT_WHOLE

CHART_ROWS = 17  # sheet rows the 300-pixel charts take, with a little space below


def short_title(text: str, limit: int = 80) -> str:
    """Cut a long indicator title at a word boundary, so a chart title never ends mid-word."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:-")
    return cut + "…"


def last_known(series: Series | None) -> int:
    idx = [i for i, v in enumerate(series or []) if v is not None]
    return idx[-1] if idx else -1


def write_charts(
    wb: Workbook, ws: Worksheet, ind: Indicator, comp: Computed, lay: SheetLayout, r: int
) -> int:
    """Monthly actuals vs last year vs target; cumulative YTD vs trajectory where there is a target.
    Returns how many charts it placed.

    Formula rows are plotted only as far as they have figures: Excel draws a "" result as zero.
    """
    add = _adder(lay)
    title = short_title(clip_text(display_title(ind) or lay.name))
    if comp.frequency == "annual":
        return _annual_chart(wb, ws, comp, lay, title, add, r)
    placed = _period_chart(wb, ws, ind, comp, lay, title, add, r)
    return placed + _cumulative_chart(wb, ws, ind, comp, title, add, r, placed)


def _adder(lay: SheetLayout) -> Callable[..., bool]:
    """`add(chart, key, last, **opts)`: plot grid row `key` to period `last`; False if no row."""
    name, rows, hdr = lay.name, lay.rows, lay.header_row

    def add(chart: Any, key: str, last: int, **opts: Any) -> bool:
        if key not in rows or last < 0:
            return False
        row = rows[key]
        chart.add_series(
            {
                "name": [name, row, LAB],
                "categories": [name, hdr, FIRST, hdr, FIRST + lay.n - 1],
                "values": [name, row, FIRST, row, FIRST + last],
                **opts,
            }
        )
        return True

    return add


def _period_chart(
    wb: Workbook,
    ws: Worksheet,
    ind: Indicator,
    comp: Computed,
    lay: SheetLayout,
    title: str,
    add: Callable[..., bool],
    r: int,
) -> int:
    """Counts period by period (columns) against last year and the period's target (lines)."""
    pct = comp.numerator is not None
    placed = 0
    if not pct and ind.kind != "snapshot" and any_values(comp.actual):
        col = wb.add_chart({"type": "column"})
        add(col, "actual", lay.n - 1, fill={"color": SERIES_BLUE}, gap=60)
        line = wb.add_chart({"type": "line"})
        has_line = add(
            line,
            "actual_last_year",
            last_known(comp.actual_last_year),
            line={"color": LINE_GREY, "width": 2},
        )
        if any_values(comp.target):
            has_line |= add(
                line,
                "target_month",
                last_known(comp.target),
                line={"color": RED, "dash_type": "dash", "width": 2},
            )
        if has_line:
            col.combine(line)
        _style(
            col, f"{title}: {'month by month' if lay.n == 12 else 'quarter by quarter'}", FMT_COUNT
        )
        ws.insert_chart(r, LAB, col, {"x_offset": 4, "y_offset": 4})
        placed += 1
    return placed


def _cumulative_chart(
    wb: Workbook,
    ws: Worksheet,
    ind: Indicator,
    comp: Computed,
    title: str,
    add: Callable[..., bool],
    r: int,
    placed: int,
) -> int:
    """The cumulative figure (or % year to date) against the target trajectory, right of the
    `placed` charts already on the row."""
    pct = comp.numerator is not None
    if any_values(comp.target):
        cum = wb.add_chart({"type": "line"})
        if pct and is_level(ind):
            add(
                cum,
                "pct_ytd",
                last_known(comp.pct_ytd),
                line={"color": SERIES_BLUE, "width": 2.5},
                marker={"type": "circle"},
            )
            add(
                cum,
                "pct_ytd_last_year",
                last_known(comp.pct_ytd_last_year),
                line={"color": LINE_GREY},
            )
            numfmt, what = FMT_PCT_WHOLE, "against target"
        else:
            key = "actual" if ind.kind == "snapshot" else "ytd"
            last = last_known(comp.actual if key == "actual" else comp.ytd)
            add(
                cum, key, last, line={"color": SERIES_BLUE, "width": 2.5}, marker={"type": "circle"}
            )
            if key == "ytd":
                add(cum, "ytd_last_year", last_known(comp.ytd_last_year), line={"color": LINE_GREY})
            numfmt, what = (
                FMT_COUNT,
                "against target" if key == "actual" else "year to date against target",
            )
        add(
            cum,
            "target",
            last_known(comp.target),
            line={"color": RED, "dash_type": "dash", "width": 2},
        )
        _style(cum, f"{title}: {what}", numfmt)
        ws.insert_chart(r, LAB, cum, {"x_offset": 4 + 600 * placed, "y_offset": 4})
        return 1
    return 0


def _annual_chart(
    wb: Workbook,
    ws: Worksheet,
    comp: Computed,
    lay: SheetLayout,
    title: str,
    add: Callable[..., bool],
    r: int,
) -> int:
    """Annual grids: one chart of the years (columns) and each year's target (a line)."""
    pct = comp.pct_ytd is not None
    ratio = comp.numerator is not None  # numerator / denominator rows: plot the percentage
    key, series = ("pct_ytd", comp.pct_ytd) if ratio else ("actual", comp.ytd)
    if not any_values(series):
        return 0
    col = wb.add_chart({"type": "column"})
    add(col, key, last_known(series), fill={"color": SERIES_BLUE}, gap=60)
    if any_values(comp.target):
        line = wb.add_chart({"type": "line"})
        add(
            line,
            "target",
            last_known(comp.target),
            line={"color": RED, "dash_type": "dash", "width": 2},
            marker={"type": "diamond", "size": 7},
        )
        col.combine(line)
    _style(col, f"{title}: year by year", FMT_PCT_WHOLE if pct else FMT_COUNT)
    ws.insert_chart(r, LAB, col, {"x_offset": 4, "y_offset": 4})
    return 1


def _style(chart: Any, title: str, numfmt: str) -> None:
    literal.set_title(chart, title, name_font={"size": 11, "bold": True})  # never a reference
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 590, "height": 300})
    chart.set_y_axis(
        {"num_format": numfmt, "major_gridlines": {"visible": True, "line": {"color": GRIDLINE}}}
    )
