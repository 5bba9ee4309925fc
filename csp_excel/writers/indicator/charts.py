"""The charts of an indicator sheet: monthly actuals against last year and the target, and the
cumulative figure against the target trajectory."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from csp_excel.core.model import Computed, Indicator, Series
from csp_excel.core.rag import is_level
from csp_excel.core.series import per_period
from csp_excel.core.titles import display_title
from csp_excel.writers import literal
from csp_excel.writers.indicator.layout import FIRST, LAB, SheetLayout, any_values
from csp_excel.writers.palette import BAND_FILL, GRIDLINE, LINE_GREY, RED, SERIES_BLUE
from csp_excel.writers.xl_formats import clip_text

from ..number_formats import FMT_COUNT, FMT_PCT_WHOLE

CHART_ROWS = 14  # sheet rows (20 pixels each) a chart takes, with a little space below
CHART_COL = FIRST + 7  # right of the summary block (its label, value and note columns)
CHART_SIZE = {"width": 700, "height": 268}
TARGET_LINE = {"color": RED, "dash_type": "dash", "width": 3.5}  # wide, drawn first: a line
LAST_YEAR_LINE = {"color": LINE_GREY, "width": 1.75}  # on top of it stays visible
LAST_YEAR_MARKER = {"type": "square", "size": 5, "border": {"color": LINE_GREY},
                    "fill": {"color": LINE_GREY}}  # fmt: skip


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
    wb: Workbook, ws: Worksheet, ind: Indicator, comp: Computed, lay: SheetLayout, r: int, col: int
) -> int:
    """Monthly actuals vs last year vs target; cumulative YTD vs trajectory where there is a target;
    a percentage against its target band. Stacked from (`r`, `col`); returns how many it placed.

    Formula rows are plotted only as far as they have figures: Excel draws a "" result as zero.
    """
    add = _adder(lay)
    title = short_title(clip_text(display_title(ind) or lay.name))
    if comp.frequency == "annual":
        charts = [_annual_chart(wb, comp, title, add)]
    else:
        charts = [
            _period_chart(wb, ind, comp, lay, title, add),
            _cumulative_chart(wb, ind, comp, title, add),
            band_chart(wb, ind, comp, title, add),
        ]
    placed = [c for c in charts if c is not None]
    for k, chart in enumerate(placed):
        ws.insert_chart(r + k * CHART_ROWS, col, chart, {"x_offset": 4, "y_offset": 4})
    return len(placed)


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
    ind: Indicator,
    comp: Computed,
    lay: SheetLayout,
    title: str,
    add: Callable[..., bool],
) -> Any:
    """Counts period by period (columns) against last year and the period's target (lines);
    the target is drawn first and wide, so last year's line stays visible when they are equal."""
    pct = comp.numerator is not None
    if pct or ind.kind == "snapshot" or not any_values(comp.actual):
        return None
    col = wb.add_chart({"type": "column"})
    add(col, "actual", lay.n - 1, fill={"color": SERIES_BLUE}, gap=60)
    line = wb.add_chart({"type": "line"})
    has_line = False
    if any_values(comp.target):
        has_line = add(line, "target_month", last_known(comp.target), line=TARGET_LINE)
    has_line |= add(
        line,
        "actual_last_year",
        last_known(comp.actual_last_year),
        line=LAST_YEAR_LINE,
        marker=LAST_YEAR_MARKER,
    )
    if has_line:
        col.combine(line)
    what = "month by month" if lay.n == 12 else "quarter by quarter"
    # the period target line: a target to date that goes down draws a negative point
    zero = _non_negative(comp.actual, per_period(comp.target), comp.actual_last_year)
    _style(col, f"{title}: {what}", FMT_COUNT, from_zero=zero)
    return col


def _cumulative_chart(
    wb: Workbook, ind: Indicator, comp: Computed, title: str, add: Callable[..., bool]
) -> Any:
    """The cumulative figure (or % year to date) against the target trajectory (drawn first)."""
    if not any_values(comp.target):
        return None
    pct = comp.numerator is not None
    cum = wb.add_chart({"type": "line"})
    add(cum, "target", last_known(comp.target), line=TARGET_LINE)
    ours = {"line": {"color": SERIES_BLUE, "width": 2.5}, "marker": {"type": "circle"}}
    last_year = {"line": LAST_YEAR_LINE, "marker": LAST_YEAR_MARKER}
    if pct and is_level(ind):
        add(cum, "pct_ytd_last_year", last_known(comp.pct_ytd_last_year), **last_year)
        add(cum, "pct_ytd", last_known(comp.pct_ytd), **ours)
        numfmt, what = FMT_PCT_WHOLE, "against target"
    else:
        key = "actual" if ind.kind == "snapshot" else "ytd"
        if key == "ytd":
            add(cum, "ytd_last_year", last_known(comp.ytd_last_year), **last_year)
        add(cum, key, last_known(comp.actual if key == "actual" else comp.ytd), **ours)
        numfmt = FMT_COUNT
        what = "against target" if key == "actual" else "year to date against target"
    _style(cum, f"{title}: {what}", numfmt)
    return cum


def band_chart(
    wb: Workbook, ind: Indicator, comp: Computed, title: str, add: Callable[..., bool]
) -> Any:
    """A percentage with a range target (28% to 40%): the band shaded (a stacked area: the lower
    end unfilled, the width filled), the % year to date and the % in each period as lines."""
    t = ind.target
    if t.kind != "range" or t.low is None or t.high is None or comp.numerator is None:
        return None
    if not any_values(comp.pct_ytd):
        return None
    band = wb.add_chart({"type": "area", "subtype": "stacked"})
    add(band, "target_low", comp.n - 1, fill={"none": True}, border={"none": True})
    name = f"Target range ({t.low:.0%} to {t.high:.0%})"  # figures, never input text
    add(
        band,
        "target_width",
        comp.n - 1,
        name=name,
        fill={"color": BAND_FILL},
        border={"none": True},
    )
    line = wb.add_chart({"type": "line"})
    add(line, "pct_month", last_known(comp.pct_ytd), line=LAST_YEAR_LINE, marker=LAST_YEAR_MARKER)
    add(
        line,
        "pct_ytd",
        last_known(comp.pct_ytd),
        line={"color": SERIES_BLUE, "width": 2.5},
        marker={"type": "circle"},
    )
    band.combine(line)
    _style(band, f"{title}: against the target range", FMT_PCT_WHOLE)
    band.set_legend({"position": "bottom", "delete_series": [0]})  # the unfilled lower end
    return band


def _annual_chart(wb: Workbook, comp: Computed, title: str, add: Callable[..., bool]) -> Any:
    """Annual grids: one chart of the years (columns) and each year's target (a line)."""
    pct = comp.pct_ytd is not None
    ratio = comp.numerator is not None  # numerator / denominator rows: plot the percentage
    key, series = ("pct_ytd", comp.pct_ytd) if ratio else ("actual", comp.ytd)
    if not any_values(series):
        return None
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
    zero = _non_negative(series, comp.target)
    _style(col, f"{title}: year by year", FMT_PCT_WHOLE if pct else FMT_COUNT, from_zero=zero)
    return col


def _non_negative(*series: Sequence[float | None] | None) -> bool:
    return all(v >= 0 for s in series if s for v in s if v is not None)


def _style(chart: Any, title: str, numfmt: str, from_zero: bool = False) -> None:
    """Title, legend, size and value axis; `from_zero` for columns, whose height is the figure:
    left to itself, Excel (and LibreOffice) start the axis near the smallest column when the
    figures are close, so 1,975 against 2,182 looked like a fall by most of the column."""
    literal.set_title(chart, title, name_font={"size": 11, "bold": True})  # never a reference
    chart.set_legend({"position": "bottom"})
    chart.set_size(CHART_SIZE)
    axis: dict[str, Any] = {
        "num_format": numfmt,
        "major_gridlines": {"visible": True, "line": {"color": GRIDLINE}},
    }
    if from_zero:
        axis["min"] = 0
    chart.set_y_axis(axis)
