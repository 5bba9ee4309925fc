"""The run chart block of an indicator sheet, when there are fewer than 13 points for XmR.

Why: a short series still deserves an honest look: the median and the MDC run chart rules
(a shift of 6, a trend of 5) say whether a pattern is unusual, without limits that would be
untrustworthy on so few points. It is labelled as a run chart on the sheet and on the chart
so nobody reads it as an XmR chart.
"""

from __future__ import annotations

from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from csp_excel.core.model import Computed, SpcResult
from csp_excel.writers import palette
from csp_excel.writers.indicator.layout import SheetLayout
from csp_excel.writers.xl_formats import (
    Candidate,
    Formats,
    cell0,
    clip_text,
    write_derived,
    write_value,
)

from .spc_table import (
    TABLE_COL,
    point_sources,
    series_adder,
    sides_of,
    write_heads,
    write_point,
)

RUN_TITLE = "Run chart (fewer than 13 points: median, shift and trend rules only)"
RUN_HEADERS = ["Period", "Value", "Median"]


def write_run_table(
    ws: Worksheet,
    fm: Formats,
    comp: Computed,
    lay: SheetLayout,
    res: SpcResult,
    numfmt: str,
    top: int,
    side_headers: tuple[str, str],
) -> tuple[int, int]:
    """Period, value (from the grid), median (a live MEDIAN), the two sides' flags, the rule."""
    c0 = TABLE_COL
    write_heads(ws, fm, top, RUN_HEADERS + list(side_headers) + ["Run chart rule"])
    first, last = top + 1, top + len(res.values)
    border = {"border": 1, "border_color": palette.CELL_BORDER}
    num = fm.num(numfmt, **border)
    sources = point_sources(lay.indicator, comp, lay)
    rng = f"{cell0(first, c0 + 1, True, True)}:{cell0(last, c0 + 1, True, True)}"
    for j, (code, v) in enumerate(zip(res.labels, res.values, strict=True)):
        r = first + j
        write_point(ws, lay, r, (code, v), sources, (fm.get(**border, align="center"), num))
        med = [Candidate(f"MEDIAN({rng})", res.median)]
        write_derived(ws, r, c0 + 2, res.median, med, num, lay.stats)
        sides = sides_of(res, j)
        for k, side in ((3, 1), (4, -1)):
            if side in sides and v is not None:
                ws.write_formula(r, c0 + k, f"={cell0(r, c0 + 1)}", num, v)
                lay.stats.formulas += 1
            else:
                ws.write_blank(r, c0 + k, None, num)
        write_value(ws, r, c0 + 5, clip_text(res.rules[j]), fm.get(**border, font_size=8))
    return first, last


def run_chart(
    wb: Workbook,
    lay: SheetLayout,
    res: SpcResult,
    rows: tuple[int, int, int],
    colours: tuple[str, str],
    y_axis: dict[str, Any],
) -> Any:
    """The line chart of the run table: values, median, and each side's signal points."""
    chart: Any = wb.add_chart({"type": "line"})
    c0 = TABLE_COL
    add = series_adder(chart, lay, rows)

    dot = {"type": "circle", "size": 5, "fill": {"color": palette.SPC_MEAN}}
    add(c0 + 1, line={"color": palette.SPC_MEAN, "width": 2}, marker=dot)
    add(c0 + 2, line={"color": palette.SPC_PROCESS, "width": 1.25})
    for k, side, colour in ((3, 1, colours[0]), (4, -1, colours[1])):
        if any(side in sides_of(res, j) for j in range(len(res.values))):
            big = {
                "type": "circle",
                "size": 9,
                "fill": {"color": colour},
                "border": {"color": colour},
            }
            add(c0 + k, line={"none": True}, marker=big)
    chart.set_title({"name": RUN_TITLE, "name_font": {"size": 10, "bold": True}})
    chart.set_legend({"position": "bottom", "font": {"size": 8}})
    chart.set_size({"width": 600, "height": 400})
    chart.set_x_axis({"num_font": {"rotation": -45, "size": 8}})
    chart.set_y_axis(y_axis)
    chart.show_blanks_as("gap")
    return chart


def run_note(res: SpcResult) -> str:
    return (
        f"Run chart: only {len(res.values)} points, fewer than the 13 an XmR chart needs, so no "
        f"process limits. Variation: {res.variation} (MDC run chart rules: 6 points on one side "
        "of the median, or 5 rising or falling). The median recalculates from the values."
    )
