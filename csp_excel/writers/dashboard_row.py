"""One Dashboard row: an indicator's figures as formulas that follow its own sheet.

Each figure is a formula such as =IF(ISNUMBER('TNO'!$B$40),'TNO'!$B$40,"") with the computed value
cached; the columns are a table (title, summary key, width) so the row writer loops, not branches.
"""

from __future__ import annotations

from typing import Any

from xlsxwriter.worksheet import Worksheet

from csp_excel.core.annual import period_label
from csp_excel.core.rag import effective_polarity
from csp_excel.core.titles import display_title
from csp_excel.writers import palette
from csp_excel.writers.indicator import SheetInfo, display_dot, forecast_text
from csp_excel.writers.xl_formats import (
    Candidate,
    Formats,
    FormulaStats,
    cell0,
    clip_text,
    dot_formats,
    quote_sheet,
    text_height,
    write_derived,
    write_value,
)

from .number_formats import FMT_GENERAL

COLUMNS = [
    # (title, summary key, width)
    ("Indicator", None, 42),
    ("Latest period", None, 10),  # "Q3 2016/17" on one line
    ("Actual", "actual", 9),
    ("Year to date", "ytd", 9),
    ("Same period last year", "ytd_last_year", 10),
    ("% change", "pct_change", 8),
    ("Rolling 12 months", "r12", 9),
    ("Rate", "rate", 7),
    ("Target", "target", 10),
    ("Variance", "variance", 9),
    ("RAG", None, 7),
    ("RAG rating", "rag", 7),
    ("Direction of travel", "dot", 9),
    ("Year-end forecast", None, 26),  # "2,114 (too close to call)" on one line
    ("SPC variation", None, 16),
    ("SPC assurance", None, 15),
    ("Trend", None, 16),
    ("Indicator sheet", None, 9),  # the link ("Go to"); not printed: see dashboard.py
]
LINK_TEXT = "Go to"
# SPC words -> dashboard symbols (text prints everywhere; colours: palette.SPC_SYMBOL_FONTS)
VARIATION = {
    "special cause concerning": "⚠ concerning",
    "special cause improving": "✓ improving",
    "special cause neutral (high)": "◆ neutral high (H)",  # the MDC purple "H" icon
    "special cause neutral (low)": "◆ neutral low (L)",  # the MDC purple "L" icon
    "common cause": "• common cause",
    "not enough data": "not enough data",
}
ASSURANCE = {
    "always met": "✔ always met",
    "always missed": "✘ always missed",
    "hit and miss": "≈ hit and miss",
}
COL = {title: k for k, (title, _, _) in enumerate(COLUMNS)}
RAG_ICON_CODE = {"G": 3, "A": 2, "R": 1}  # the icon set's lights; "None" gets no number


def write_indicator_row(
    ws: Worksheet, fm: Formats, info: SheetInfo, r: int, base: dict, stats: FormulaStats
) -> None:
    """Write row `r` for one indicator sheet; `base` is the cell format all its cells share."""
    q = quote_sheet(info.name)
    title = _title_cells(ws, fm, info, r, base, q)
    _figures(ws, fm, info, r, base, q, stats)
    centre = fm.get(**base, align="center", bold=True)
    _rag_cells(ws, fm, info, r, base, q, centre, stats)
    _dot_cell(ws, fm, info, r, q, centre, stats)
    texts = _judgement_cells(ws, fm, info, r, base)
    _trend_cell(ws, fm, info, r, base, q)
    ws.set_row(r, row_height(title, texts))


def row_height(title: str, judgements: dict[str, str]) -> float:
    """A row tall enough for its wrapped title and wrapped judgement texts. The judgements are
    bold (or made bold by a conditional format), about one character per unit of width."""
    need = [18.0, text_height(title, COLUMNS[0][2] * 1.1)]
    need += [text_height(t, COLUMNS[COL[k]][2]) for k, t in judgements.items() if t]
    return max(need)


def _title_cells(ws: Worksheet, fm: Formats, info: SheetInfo, r: int, base: dict, q: str) -> str:
    """The title, the latest period and the link to the sheet; returns the title (it sets the
    row's height). The title is plain wrapped text and the link a cell of its own: LibreOffice
    does not wrap a hyperlink cell, so a long linked title was cut off when printed."""
    comp, ind = info.comp, info.indicator
    title = clip_text(display_title(ind) or info.name)
    ws.write_string(r, 0, title, fm.get(**base, text_wrap=True))  # input text: a literal string
    # A hyperlink record, not a HYPERLINK formula; its text is ours, never the input's.
    link = fm.get(**base, font_color=palette.LINK_BLUE, underline=1, align="center")
    ws.write_url(r, COL["Indicator sheet"], f"internal:{q}!A1", link, string=LINK_TEXT)
    period = ""
    if comp is not None and comp.report_index is not None:
        period = period_label(comp, comp.report_index)  # "Dec-16", "Q3 2016/17", "2006/07"
    ws.write_string(r, 1, period, fm.get(**base, align="center"))
    return title


def _figures(
    ws: Worksheet, fm: Formats, info: SheetInfo, r: int, base: dict, q: str, stats: FormulaStats
) -> None:
    """The numeric columns, each a reference to the indicator sheet's summary cell."""
    ind = info.indicator
    for c, (_, key, _) in enumerate(COLUMNS):
        if key is None or key in ("rag", "dot"):
            continue
        a1, value, numfmt = info.summary.get(key, (None, None, ""))
        fmt = fm.num(numfmt or FMT_GENERAL, **base)
        lo, hi = ind.target.low, ind.target.high
        if key == "target" and ind.target.kind == "range" and lo is not None and hi is not None:
            ws.write_string(r, c, f"{lo:.0%} to {hi:.0%}", fm.get(**base, align="right"))
            continue
        if a1 is None:
            write_value(ws, r, c, None, fmt)
            continue
        x = f"{q}!{a1}"
        write_derived(ws, r, c, value, [Candidate(f'IF(ISNUMBER({x}),{x},"")', value)], fmt, stats)


def _rag_cells(
    ws: Worksheet, fm: Formats, info: SheetInfo, r: int, base: dict, q: str, centre: Any,
    stats: FormulaStats,
) -> None:  # fmt: skip
    """The RAG letter (from the indicator sheet) and its icon-set code (from the letter)."""
    rag_a1, rag, _ = info.summary.get("rag", (None, "None", ""))
    k = COL["RAG rating"]
    if rag_a1 is not None:
        write_derived(ws, r, k, rag, [Candidate(f"{q}!{rag_a1}", rag)], centre, stats)
    else:
        ws.write_string(r, k, "None", centre)
    # "None" gets no number at all: an icon set would show it as a red light.
    code = RAG_ICON_CODE.get(str(rag))
    rag_cell = cell0(r, k)
    write_derived(
        ws,
        r,
        COL["RAG"],
        code,
        [Candidate(f'IF({rag_cell}="G",3,IF({rag_cell}="A",2,IF({rag_cell}="R",1,"")))', code)],
        fm.num('0;-0;"–"', **base, align="center"),
        stats,
    )


def _dot_cell(
    ws: Worksheet, fm: Formats, info: SheetInfo, r: int, q: str, centre: Any, stats: FormulaStats
) -> None:
    """The direction-of-travel arrow, coloured unless the indicator is monitoring only."""
    comp, ind = info.comp, info.indicator
    dot_a1 = info.summary.get("dot", (None, None, ""))[0]
    arrow = display_dot(ind, comp) if comp is not None else ""
    k = COL["Direction of travel"]
    if dot_a1 is not None:
        write_derived(ws, r, k, arrow, [Candidate(f"T({q}!{dot_a1})", arrow)], centre, stats)
    else:
        ws.write_string(r, k, arrow, centre)
    if effective_polarity(ind) != "monitor":
        dot_formats(ws, fm, r, k, r, k)


def _judgement_cells(
    ws: Worksheet, fm: Formats, info: SheetInfo, r: int, base: dict
) -> dict[str, str]:
    """SPC variation and assurance as symbols, and the year-end forecast, as wrapped text;
    returns the texts by column title (the row's height must fit them)."""
    comp, ind = info.comp, info.indicator
    spc = comp.spc if comp is not None else None
    variation = VARIATION.get(spc.variation, spc.variation) if spc is not None else ""
    if spc is not None and spc.kind == "run":  # judged on the median and run rules only
        variation += " (run chart)"
    assurance = ASSURANCE.get(spc.assurance or "", spc.assurance or "") if spc is not None else ""
    bold = fm.get(**base, bold=True, text_wrap=True)
    ws.write_string(r, COL["SPC variation"], clip_text(variation), bold)
    ws.write_string(r, COL["SPC assurance"], clip_text(assurance), bold)
    forecast = forecast_text(ind, comp) if comp is not None else ""
    right = fm.get(**base, align="right", text_wrap=True)
    ws.write_string(r, COL["Year-end forecast"], forecast, right)
    return {"SPC variation": variation, "SPC assurance": assurance, "Year-end forecast": forecast}


def _trend_cell(ws: Worksheet, fm: Formats, info: SheetInfo, r: int, base: dict, q: str) -> None:
    """A sparkline over the indicator sheet's trend row, when it has one."""
    k = COL["Trend"]
    ws.write_blank(r, k, None, fm.get(**base))
    if info.trend_row is not None:
        rng = f"{q}!{cell0(info.trend_row, 1)}:{cell0(info.trend_row, info.n)}"
        spark = {"range": rng, "markers": True, "series_color": palette.SERIES_BLUE, "weight": 1.5}
        ws.add_sparkline(r, k, spark)
