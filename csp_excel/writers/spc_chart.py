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

from csp_excel.core import periods
from csp_excel.core.model import Computed, Indicator, Series, SpcResult
from csp_excel.core.rag import effective_polarity
from csp_excel.core.spc import LIMIT_FACTOR, MIN_POINTS
from csp_excel.writers import palette
from csp_excel.writers.indicator_layout import FIRST, LAB, SheetInfo
from csp_excel.writers.xl_formats import (
    FMT_COUNT,
    FMT_DECIMAL,
    FMT_PCT,
    Candidate,
    Formats,
    cell0,
    clip_text,
    write_derived,
    write_value,
)

TITLE = "Statistical process control (XmR)"
TABLE_COL = LAB + 6  # G: the table sits to the right of the chart
HEADERS = ["Period", "Value", "Mean", "Lower limit", "Upper limit"]
CHART_WIDTH, ROW_PX = 600, 20


def not_enough_text(comp: Computed | None) -> str:
    freq = comp.frequency if comp is not None else "monthly"
    unit = {"quarterly": "quarters", "annual": "years"}.get(freq, "months")
    return f"Not enough data for SPC (fewer than {MIN_POINTS} {unit})"


def point_direction(rules: str) -> int:
    """+1 when the point's leading signal is high (above, rising), -1 when low, 0 if none."""
    first = rules.split(";")[0].strip().lower()
    if not first:
        return 0
    high = ("above", "(high)", "rising")
    return 1 if any(w in first for w in high) else -1


def side_names(polarity: str) -> tuple[tuple[str, str], tuple[str, str]]:
    """(header, colour) for high-side and low-side special points, judged by polarity."""
    concern = ("Special cause: concerning", palette.SPC_CONCERN)
    improve = ("Special cause: improving", palette.SPC_IMPROVEMENT)
    if polarity in ("lower", "higher"):
        return (concern, improve) if polarity == "lower" else (improve, concern)
    return ("Special cause: high", palette.SPC_NEITHER), ("Special cause: low", palette.SPC_NEITHER)


def _sources(
    ind: Indicator, comp: Computed, info: SheetInfo
) -> dict[str, tuple[list[str], float | None]]:
    """SPC period code -> (grid cells the value comes from, the value those cells give)."""
    rows, out = info.rows, {}
    pct = comp.numerator is not None
    years: list[tuple[int, str, str, Series, Series | None]] = [
        (comp.fy - 1, "actual_ly", "denominator_ly", comp.actual_last_year, None),
        (comp.fy, "actual", "denominator", comp.actual, None),
    ]
    if pct:
        years = [
            (comp.fy - 1, "numerator_ly", "denominator_ly", comp.actual_last_year,
             comp.denominator_last_year),
            (comp.fy, "numerator", "denominator", comp.actual, comp.denominator),
        ]  # fmt: skip
    for fy, nk, dk, num, den in years:
        if nk not in rows or (pct and dk not in rows):
            continue
        for i in range(comp.n):
            code = periods.period_code(fy, i, comp.frequency)
            a = num[i] if i < len(num) else None
            refs = [cell0(rows[nk], FIRST + i)]
            if pct:
                b = den[i] if den is not None and i < len(den) else None
                refs.append(cell0(rows[dk], FIRST + i))
                out[code] = (refs, a / b if a is not None and b else None)
            else:
                out[code] = (refs, a)
    return out


def write_spc(
    wb: Workbook,
    ws: Worksheet,
    fm: Formats,
    ind: Indicator,
    comp: Computed,
    info: SheetInfo,
    top: int,
) -> int:
    """Write the XmR table and chart (or a note when there is too little data) from row `top`.

    Returns the first row below the block.
    """
    res = comp.spc
    if res is None or not res.enough_data or res.mean is None:
        ws.write_string(top, LAB, "Statistical process control", fm.label())
        ws.write_string(
            top, FIRST, not_enough_text(comp), fm.get(italic=True, font_color=palette.NOTE_TEXT)
        )
        return top + 2
    pct = comp.numerator is not None
    numfmt = FMT_PCT if pct else _value_fmt(res)
    pol = effective_polarity(ind)
    high, low = side_names(pol)
    first, last = _table(ws, fm, comp, info, res, numfmt, top, (high[0], low[0]))
    _chart(wb, ws, info, res, top, first, last, numfmt, (high[1], low[1]))
    info.spc_rows = (first, last)
    note = (
        f"Variation: {res.variation}"
        + (f"; assurance against the target: {res.assurance}" if res.assurance else "")
        + ". Mean and limits recalculate from the values; the special-cause flags were worked "
        "out when this workbook was written."
    )
    chart_rows = 21
    below = max(last + 2, top + chart_rows)
    ws.write_string(below, LAB, clip_text(note), fm.get(italic=True, font_color=palette.NOTE_TEXT))
    return below + 2


def axis_bounds(res: SpcResult) -> dict[str, float]:
    """A y-axis that frames the points and limits instead of starting at zero, so the
    variation the chart is about is visible; never below zero for figures that cannot be."""
    vals = [v for v in res.values if v is not None]
    if not vals or res.lower is None or res.upper is None:
        return {}
    lo, hi = min(vals + [res.lower]), max(vals + [res.upper])
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


def _table(
    ws: Worksheet,
    fm: Formats,
    comp: Computed,
    info: SheetInfo,
    res: SpcResult,
    numfmt: str,
    top: int,
    side_headers: tuple[str, str],
) -> tuple[int, int]:
    """The points, one a row; returns (first, last) 0-based data rows."""
    c0 = TABLE_COL
    heads = HEADERS + list(side_headers) + ["Special-cause rule"]
    ws.set_row(top, 40)
    for k, h in enumerate(heads):
        ws.write_string(top, c0 + k, h, fm.header())
    first, count = top + 1, len(res.values)
    last = first + count - 1
    border = {"border": 1, "border_color": palette.CELL_BORDER}
    num = fm.num(numfmt, **border)
    lim_fmt = "0.0%" if numfmt == FMT_PCT else "#,##0.0"
    lim = fm.num(lim_fmt, **border, font_color=palette.NOTE_TEXT)
    text = fm.get(**border, font_size=8)
    sources = _sources(info.indicator, comp, info)
    vals = [float(v) for v in res.values if v is not None]
    vcol = c0 + 1
    rng = f"{cell0(first, vcol, True, True)}:{cell0(last, vcol, True, True)}"
    mr_a = f"{cell0(first + 1, vcol, True, True)}:{cell0(last, vcol, True, True)}"
    mr_b = f"{cell0(first, vcol, True, True)}:{cell0(last - 1, vcol, True, True)}"
    mean_v = sum(vals) / len(vals)
    mr_v = sum(abs(vals[i] - vals[i - 1]) for i in range(1, len(vals))) / (len(vals) - 1)
    mr_f = f"SUMPRODUCT(ABS({mr_a}-{mr_b}))/{len(vals) - 1}"
    mean_ref = cell0(first, c0 + 2, True, True)
    for j, (code, v) in enumerate(zip(res.labels, res.values, strict=True)):
        r = first + j
        ws.write_string(
            r, c0, clip_text(periods.name_from_code(code)), fm.get(**border, align="center")
        )
        refs, gv = sources.get(code, ([], None))
        cands = []
        if len(refs) == 1:
            cands.append(Candidate(f"IF(ISNUMBER({refs[0]}),{refs[0]},NA())", gv))
        elif len(refs) == 2:
            n, d = refs
            cands.append(
                Candidate(f"IF(AND(ISNUMBER({n}),ISNUMBER({d})),IF({d}=0,NA(),{n}/{d}),NA())", gv)
            )
        write_derived(ws, r, vcol, v, cands, num, info.stats)
        if j == 0:
            mean_c = [Candidate(f"AVERAGE({rng})", mean_v)]
            lo_c = [Candidate(f"{mean_ref}-{LIMIT_FACTOR}*{mr_f}", mean_v - LIMIT_FACTOR * mr_v)]
            hi_c = [Candidate(f"{mean_ref}+{LIMIT_FACTOR}*{mr_f}", mean_v + LIMIT_FACTOR * mr_v)]
        else:
            mean_c = [Candidate(cell0(first, c0 + 2, True, True), res.mean)]
            lo_c = [Candidate(cell0(first, c0 + 3, True, True), res.lower)]
            hi_c = [Candidate(cell0(first, c0 + 4, True, True), res.upper)]
        write_derived(ws, r, c0 + 2, res.mean, mean_c, lim, info.stats)
        write_derived(ws, r, c0 + 3, res.lower, lo_c, lim, info.stats)
        write_derived(ws, r, c0 + 4, res.upper, hi_c, lim, info.stats)
        rules = res.rules[j] if j < len(res.rules) else ""
        special = j < len(res.special) and res.special[j]
        direction = point_direction(rules) if special else 0
        for k, side in ((5, 1), (6, -1)):
            if direction == side and v is not None:
                val = cell0(r, vcol)
                ws.write_formula(r, c0 + k, f"={val}", num, v)
                info.stats.formulas += 1
            else:
                ws.write_blank(r, c0 + k, None, num)
        write_value(ws, r, c0 + 7, clip_text(rules), text)
    return first, last


def _chart(
    wb: Workbook,
    ws: Worksheet,
    info: SheetInfo,
    res: SpcResult,
    top: int,
    first: int,
    last: int,
    numfmt: str,
    colours: tuple[str, str],
) -> None:
    name, c0 = info.name, TABLE_COL
    chart: Any = wb.add_chart({"type": "line"})

    def add(col: int, **opts: Any) -> None:
        chart.add_series(
            {
                "name": [name, top, col],
                "categories": [name, first, c0, last, c0],
                "values": [name, first, col, last, col],
                **opts,
            }
        )

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
    add(c0 + 2, line={"color": palette.SPC_PROCESS, "width": 1.25})
    for col in (c0 + 3, c0 + 4):
        add(col, line={"color": palette.SPC_LIMIT, "width": 1.25, "dash_type": "dash"})
    for k, side, colour in ((5, 1, colours[0]), (6, -1, colours[1])):
        if not any(
            s and point_direction(r) == side for s, r in zip(res.special, res.rules, strict=False)
        ):
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
    chart.set_title({"name": TITLE, "name_font": {"size": 11, "bold": True}})
    chart.set_legend({"position": "bottom", "font": {"size": 8}})
    chart.set_size({"width": CHART_WIDTH, "height": 400})
    chart.set_x_axis({"num_font": {"rotation": -45, "size": 8}})
    chart.set_y_axis(
        {
            "num_format": "0%" if numfmt == FMT_PCT else "#,##0",
            "major_gridlines": {"visible": True, "line": {"color": palette.GRIDLINE}},
            **axis_bounds(res),
        }
    )
    chart.show_blanks_as("gap")
    ws.insert_chart(top, LAB, chart, {"x_offset": 4, "y_offset": 4})
