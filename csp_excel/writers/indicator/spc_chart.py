"""The XmR (statistical process control) block of an indicator sheet: a small table of the points
with their mean and process limits, and a line chart drawn from it.

Why: a board should know whether a change is a signal or noise before it reacts to a Red. The
table is on the sheet so the chart points at cells a user can read and audit: each value refers
to its grid cell, the mean and limits are live formulas over those values, and the special-cause
flags (worked out by csp-excel when the workbook was written) mark the points to look at.
"""

from __future__ import annotations

import math
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from csp_excel.core.model import Computed, Indicator, SpcResult
from csp_excel.core.rag import effective_polarity
from csp_excel.core.spc import MIN_POINTS
from csp_excel.writers import palette
from csp_excel.writers.indicator.layout import FIRST, LAB, SheetLayout
from csp_excel.writers.indicator.spc_table import (
    TABLE_COL,
    series_adder,
    sides_of,
    write_table,
)
from csp_excel.writers.indicator.spc_table import point_direction as point_direction
from csp_excel.writers.xl_formats import FMT_COUNT, FMT_DECIMAL, FMT_PCT, Formats, clip_text

from ..literal import set_title
from ..number_formats import FMT_COUNT_1DP, FMT_PCT_WHOLE
from .charts import short_title
from .spc_run import run_chart, run_note, write_run_table
from .spc_segments import phase_series, rebase_notes, write_segments

TITLE = "Statistical process control (XmR)"
CHART_WIDTH, ROW_PX = 600, 20
CHART_ROWS = 21  # the rows the chart covers; notes go below it


def not_enough_text(comp: Computed | None) -> str:
    freq = comp.frequency if comp is not None else "monthly"
    unit = {"quarterly": "quarters", "annual": "years"}.get(freq, "months")
    return f"Not enough data for SPC (fewer than {MIN_POINTS} {unit})"


def side_names(polarity: str) -> tuple[tuple[str, str], tuple[str, str]]:
    """(header, colour) for high-side and low-side special points, judged by polarity."""
    if polarity == "lower":
        return ("Special cause: concerning", palette.SPC_CONCERN), (
            "Special cause: improving",
            palette.SPC_IMPROVEMENT,
        )
    if polarity == "higher":
        return ("Special cause: improving", palette.SPC_IMPROVEMENT), (
            "Special cause: concerning",
            palette.SPC_CONCERN,
        )
    return ("Special cause: high", palette.SPC_NEITHER), ("Special cause: low", palette.SPC_NEITHER)


def write_spc(
    wb: Workbook,
    ws: Worksheet,
    fm: Formats,
    ind: Indicator,
    comp: Computed,
    lay: SheetLayout,
    top: int,
) -> tuple[int, int] | None:
    """Write the XmR table and chart (or a note when there is too little data) from row `top`.

    Returns the first and last rows of the table it placed (None: a note only).
    """
    res = comp.spc
    if res is not None and res.kind == "run":
        return _write_run(wb, ws, fm, ind, comp, lay, top)
    if res is None or not res.enough_data or res.mean is None:
        ws.write_string(top, LAB, "Statistical process control", fm.label())
        ws.write_string(
            top, FIRST, not_enough_text(comp), fm.get(italic=True, font_color=palette.NOTE_TEXT)
        )
        return None
    pct = comp.numerator is not None
    numfmt = FMT_PCT if pct else _value_fmt(res)
    pol = effective_polarity(ind)
    high, low = side_names(pol)
    first, last = write_table(ws, fm, comp, lay, res, numfmt, top, (high[0], low[0]))
    if len(res.phases) > 1:
        border = {"border": 1, "border_color": palette.CELL_BORDER}
        lim_fmt = fm.num(FMT_PCT if pct else FMT_COUNT_1DP, **border)
        write_segments(ws, fm, lay, res, top, first, lim_fmt)
    _chart(wb, ws, lay, res, top, first, last, numfmt, (high[1], low[1]))
    note = (
        f"Variation: {res.variation}"
        + (f"; assurance against the target: {res.assurance}" if res.assurance else "")
        + ". Mean and limits recalculate from the values; the special-cause flags were worked "
        "out when this workbook was written."
    )
    notes = [note] + [
        n + "; the dashboard and the export use the latest period's limits"
        for n in rebase_notes(res)
    ]
    below = max(last + 2, top + CHART_ROWS)
    for k, text in enumerate(notes):
        ws.write_string(
            below + k, LAB, clip_text(text), fm.get(italic=True, font_color=palette.NOTE_TEXT)
        )
    return first, last


def _write_run(
    wb: Workbook,
    ws: Worksheet,
    fm: Formats,
    ind: Indicator,
    comp: Computed,
    lay: SheetLayout,
    top: int,
) -> tuple[int, int]:
    """The run chart block: table, chart and a note saying it is a run chart, and why."""
    res = comp.spc
    assert res is not None
    pct = comp.numerator is not None
    numfmt = FMT_PCT if pct else _value_fmt(res)
    high, low = side_names(effective_polarity(ind))
    first, last = write_run_table(ws, fm, comp, lay, res, numfmt, top, (high[0], low[0]))
    y_axis = {
        "num_format": FMT_PCT_WHOLE if numfmt == FMT_PCT else FMT_COUNT,
        "major_gridlines": {"visible": True, "line": {"color": palette.GRIDLINE}},
    }
    chart = run_chart(wb, lay, res, (top, first, last), (high[1], low[1]), y_axis)
    ws.insert_chart(top, LAB, chart, {"x_offset": 4, "y_offset": 4})
    below = max(last + 2, top + CHART_ROWS)
    ws.write_string(
        below, LAB, clip_text(run_note(res)), fm.get(italic=True, font_color=palette.NOTE_TEXT)
    )
    return first, last


def axis_bounds(res: SpcResult) -> dict[str, float]:
    """A y-axis that frames the points and limits instead of starting at zero, so the
    variation the chart is about is visible; never below zero for figures that cannot be."""
    vals = [v for v in res.values if v is not None]
    if not vals or res.lower is None or res.upper is None:
        return {}
    lows = [res.lower] + [ph.lower for ph in res.phases]  # every period's limits show
    highs = [res.upper] + [ph.upper for ph in res.phases]
    lo, hi = min(vals + lows), max(vals + highs)
    if hi <= lo:
        return {}
    step = 10 ** math.floor(math.log10((hi - lo) / 2))
    for k in (1, 2, 5, 10):
        if (hi - lo) / (k * step) <= 8:
            step *= k
            break
    low = math.floor(lo / step) * step
    if min(vals) >= 0:
        low = max(low, 0.0)
    return {"min": low, "max": math.ceil(hi / step) * step, "major_unit": step}


def _value_fmt(res: SpcResult) -> str:
    vals = [v for v in res.values if v is not None]
    return FMT_DECIMAL if any(abs(v - round(v)) > 1e-9 for v in vals) else FMT_COUNT


def _plot(
    chart: Any,
    lay: SheetLayout,
    res: SpcResult,
    top: int,
    first: int,
    last: int,
    colours: tuple[str, str],
) -> None:
    """The series: the values, the mean, the two limits, and each side's special points."""
    c0 = TABLE_COL
    add = series_adder(chart, lay, (top, first, last))

    add(
        c0 + 1,
        line={"color": palette.SPC_MEAN, "width": 2},
        marker={
            "type": "circle",
            "size": 5,
            "fill": {"color": palette.SPC_MEAN},
            "border": {"none": True},
        },
    )
    if len(res.phases) > 1:  # rebased: each period's mean and limits as their own segments
        for col, line in phase_series(res):
            add(col, line=line)
    else:
        add(c0 + 2, line={"color": palette.SPC_PROCESS, "width": 1.25})
        for col in (c0 + 3, c0 + 4):
            add(col, line={"color": palette.SPC_LIMIT, "width": 1.25, "dash_type": "dash"})
    for k, side, colour in ((5, 1, colours[0]), (6, -1, colours[1])):
        if not any(side in sides_of(res, j) for j in range(len(res.values))):
            continue
        add(
            c0 + k,
            line={"none": True},
            marker={
                "type": "circle",
                "size": 9,
                "fill": {"color": colour},
                "border": {"color": colour},
            },
        )


def _chart(
    wb: Workbook,
    ws: Worksheet,
    lay: SheetLayout,
    res: SpcResult,
    top: int,
    first: int,
    last: int,
    numfmt: str,
    colours: tuple[str, str],
) -> None:
    """The XmR line chart drawn from the table, left of it, on an axis framing the limits."""
    chart: Any = wb.add_chart({"type": "line"})
    _plot(chart, lay, res, top, first, last, colours)
    notes = rebase_notes(res)  # a rebased chart says so, and why, in its title
    title = short_title(f"{TITLE}: {'; '.join(notes)}", 110) if notes else TITLE
    set_title(chart, title, name_font={"size": 9 if notes else 11, "bold": True})  # input text
    chart.set_legend({"position": "bottom", "font": {"size": 8}})
    chart.set_size({"width": CHART_WIDTH, "height": 400})
    chart.set_x_axis({"num_font": {"rotation": -45, "size": 8}})
    chart.set_y_axis(
        {
            "num_format": FMT_PCT_WHOLE if numfmt == FMT_PCT else FMT_COUNT,
            "major_gridlines": {"visible": True, "line": {"color": palette.GRIDLINE}},
            **axis_bounds(res),
        }
    )
    chart.show_blanks_as("gap")
    ws.insert_chart(top, LAB, chart, {"x_offset": 4, "y_offset": 4})
