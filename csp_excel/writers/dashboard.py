"""The Dashboard sheet: one row per indicator, figures by reference to the indicator sheets.

Each figure is a formula such as =IF(ISNUMBER('TNO'!$B$40),'TNO'!$B$40,"") with the computed value
cached, so the dashboard follows any edit made on an indicator sheet or the Settings sheet.
"""

from __future__ import annotations

from typing import Any

from xlsxwriter.worksheet import Worksheet

from csp_excel.core import periods
from csp_excel.core.annual import period_label
from csp_excel.core.model import Return
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
    judgement_formats,
    quote_sheet,
    rag_formats,
    text_height,
    write_derived,
    write_value,
)

HEADER_ROW = 3
COLUMNS = [
    # (title, summary key, width)
    ("Indicator", None, 42),
    ("Latest period", None, 8),
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
    ("Year-end forecast", None, 19),
    ("SPC variation", None, 16),
    ("SPC assurance", None, 15),
    ("Trend", None, 16),
]
# SPC words -> dashboard symbols (text prints everywhere; colours: palette.SPC_SYMBOL_FONTS)
VARIATION = {
    "special cause concerning": "⚠ concerning",
    "special cause improving": "✓ improving",
    "special cause neutral": "◆ neutral",
    "common cause": "• common cause",
    "not enough data": "not enough data",
}
ASSURANCE = {
    "always met": "✔ always met",
    "always missed": "✘ always missed",
    "hit and miss": "≈ hit and miss",
}
COL = {title: k for k, (title, _, _) in enumerate(COLUMNS)}


def write_dashboard(
    ws: Worksheet, fm: Formats, ret: Return, infos: list[SheetInfo]
) -> FormulaStats:
    """Fill the Dashboard; returns how many of its cells are formulas."""
    stats = FormulaStats()
    s = ret.settings
    title = "Community Safety Partnership performance"
    if s.partnership:
        title += f": {s.partnership}"
    ws.write_string(0, 0, clip_text(title), fm.title())
    ws.set_row(0, 22)
    ws.write_string(
        1, 0, clip_text(_month_text(ret, infos)), fm.get(italic=True, font_color=palette.DARK_TEXT)
    )
    head = fm.get(
        bold=True,
        bg_color=palette.NAVY,
        font_color=palette.WHITE,
        border=1,
        text_wrap=True,
        align="center",
        valign="vcenter",
    )
    for c, (name, _, width) in enumerate(COLUMNS):
        ws.set_column(c, c, width)
        ws.write_string(HEADER_ROW, c, name, head)
    ws.set_row(HEADER_ROW, 30)
    r = HEADER_ROW + 1
    cell_fmt = {"border": 1, "border_color": palette.CELL_BORDER, "valign": "vcenter"}
    for info in infos:
        _indicator_row(ws, fm, info, r, cell_fmt, stats)
        r += 1
    last = max(r - 1, HEADER_ROW + 1)
    if infos:
        k = COL["RAG"]
        ws.conditional_format(
            HEADER_ROW + 1,
            k,
            last,
            k,
            {
                "type": "icon_set",
                "icon_style": "3_traffic_lights",
                "icons_only": True,
                "icons": [
                    {"criteria": ">=", "type": "number", "value": 3},
                    {"criteria": ">=", "type": "number", "value": 2},
                ],
            },
        )
        rag_formats(ws, fm, HEADER_ROW + 1, COL["RAG rating"], last, COL["RAG rating"])
        k = COL["Year-end forecast"]
        judgement_formats(ws, fm, HEADER_ROW + 1, k, last, k)
        _symbol_formats(ws, fm, HEADER_ROW + 1, COL["SPC variation"], last, COL["SPC assurance"])
    ws.autofilter(HEADER_ROW, 0, last, len(COLUMNS) - 1)
    ws.freeze_panes(HEADER_ROW + 1, 1)
    _legend(ws, fm, last + 2)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.repeat_rows(HEADER_ROW)
    ws.hide_gridlines(2)
    return stats


def _month_text(ret: Return, infos: list[SheetInfo]) -> str:
    rm = ret.settings.reporting_month
    if rm is not None:
        return f"Reporting month: {rm.strftime('%B %Y')}"
    for info in infos:
        c = info.comp
        if c is not None and c.report_index is not None and c.frequency == "monthly":
            return f"Reporting month: {periods.long_month(c.fy, c.report_index)}"
    years = [
        period_label(i.comp, i.comp.report_index)
        for i in infos
        if i.comp is not None and i.comp.report_index is not None and i.comp.frequency == "annual"
    ]
    if years and len(years) == len([i for i in infos if i.comp is not None]):
        return f"Latest year: {max(years, key=lambda y: (y[:4], y))}"  # years only: no month
    return "Reporting month: not known"


def _indicator_row(
    ws: Worksheet, fm: Formats, info: SheetInfo, r: int, base: dict, stats: FormulaStats
) -> None:
    q = quote_sheet(info.name)
    comp, ind = info.comp, info.indicator
    title = clip_text(display_title(ind) or info.name)[:255]
    # A hyperlink record, not a HYPERLINK formula: the title (input text) stays a literal string.
    ws.write_url(
        r,
        0,
        f"internal:{q}!A1",
        fm.get(**base, font_color=palette.LINK_BLUE, underline=1, text_wrap=True),
        string=title,
    )
    period = ""
    if comp is not None and comp.report_index is not None:
        period = period_label(comp, comp.report_index)  # "Dec-16", "Q3 2016/17", "2006/07"
    ws.write_string(r, 1, period, fm.get(**base, align="center"))
    for c, (_, key, _) in enumerate(COLUMNS):
        if key is None or key in ("rag", "dot"):
            continue
        a1, value, numfmt = info.summary.get(key, (None, None, ""))
        fmt = fm.num(numfmt or "General", **base)
        lo, hi = ind.target.low, ind.target.high
        if key == "target" and ind.target.kind == "range" and lo is not None and hi is not None:
            ws.write_string(r, c, f"{lo:.0%} to {hi:.0%}", fm.get(**base, align="right"))
            continue
        if a1 is None:
            write_value(ws, r, c, None, fmt)
            continue
        x = f"{q}!{a1}"
        write_derived(ws, r, c, value, [Candidate(f'IF(ISNUMBER({x}),{x},"")', value)], fmt, stats)
    rag_a1, rag, _ = info.summary.get("rag", (None, "None", ""))
    k = COL["RAG rating"]
    centre = fm.get(**base, align="center", bold=True)
    if rag_a1 is not None:
        write_derived(ws, r, k, rag, [Candidate(f"{q}!{rag_a1}", rag)], centre, stats)
    else:
        ws.write_string(r, k, "None", centre)
    # "None" gets no number at all: an icon set would show it as a red light.
    code = {"G": 3, "A": 2, "R": 1}.get(str(rag))
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
    dot_a1 = info.summary.get("dot", (None, None, ""))[0]
    arrow = display_dot(ind, comp) if comp is not None else ""
    k = COL["Direction of travel"]
    if dot_a1 is not None:
        write_derived(ws, r, k, arrow, [Candidate(f"T({q}!{dot_a1})", arrow)], centre, stats)
    else:
        ws.write_string(r, k, arrow, centre)
    if effective_polarity(ind) != "monitor":
        dot_formats(ws, fm, r, k, r, k)
    spc = comp.spc if comp is not None else None
    variation = VARIATION.get(spc.variation, spc.variation) if spc is not None else ""
    assurance = ASSURANCE.get(spc.assurance or "", spc.assurance or "") if spc is not None else ""
    ws.write_string(r, COL["SPC variation"], clip_text(variation), fm.get(**base, bold=True))
    ws.write_string(r, COL["SPC assurance"], clip_text(assurance), fm.get(**base, bold=True))
    forecast = forecast_text(ind, comp) if comp is not None else ""
    ws.write_string(r, COL["Year-end forecast"], forecast, fm.get(**base, align="right"))
    k = COL["Trend"]
    ws.write_blank(r, k, None, fm.get(**base))
    if info.trend_row is not None:
        rng = f"{q}!{cell0(info.trend_row, 1)}:{cell0(info.trend_row, info.n)}"
        spark = {"range": rng, "markers": True, "series_color": palette.SERIES_BLUE, "weight": 1.5}
        ws.add_sparkline(r, k, spark)
    width = COLUMNS[0][2] * 1.1
    ws.set_row(r, max(18.0, text_height(title, width)))


def _symbol_formats(ws: Worksheet, fm: Formats, r1: int, c1: int, r2: int, c2: int) -> None:
    """Colour the SPC symbols: orange concerning, blue improving, purple neutral, grey common."""
    for symbol, colour in palette.SPC_SYMBOL_FONTS:
        ws.conditional_format(
            r1,
            c1,
            r2,
            c2,
            {
                "type": "text",
                "criteria": "begins with",
                "value": symbol,
                "format": fm.font_colour(colour),
            },
        )


LEGEND: list[tuple[str, dict[str, Any], str]] = [
    ("G", {"bg_color": palette.GREEN, "font_color": palette.WHITE}, "Green: on target or better"),
    ("A", {"bg_color": palette.AMBER}, "Amber: worse than target, within the tolerance (Settings sheet)"),
    ("R", {"bg_color": palette.RED, "font_color": palette.WHITE}, "Red: worse than target by more than the tolerance"),
    ("None", {"bg_color": palette.GREY}, "None: monitoring only or no target; not a judgement"),
    ("▲", {"font_color": palette.GREEN}, "Improved on the previous period (rolling 12 months, or YTD %)"),
    ("◀▶", {}, "Static: changed by less than the static band (Settings sheet)"),
    ("▼", {"font_color": palette.RED}, "Worse than the previous period"),
    ("★", {}, "Peaked: at the 100% maximum"),
]  # fmt: skip
SPC_LEGEND: list[tuple[str, str, str]] = [
    ("⚠ concerning", palette.SPC_CONCERN, "SPC variation, special cause concerning: a real change for the worse"),
    ("✓ improving", palette.SPC_IMPROVEMENT, "SPC variation, special cause improving: a real change for the better"),
    ("◆ neutral", palette.SPC_NEITHER, "SPC variation, special cause where neither direction is better"),
    ("• common cause", palette.GREY_TEXT, "SPC variation, common cause: the usual ups and downs, no real change"),
    ("✔ always met", palette.SPC_IMPROVEMENT, "SPC assurance: the process limits are all on the good side of the target"),
    ("✘ always missed", palette.SPC_CONCERN, "SPC assurance: the target is beyond the limits; it will not be met unless something changes"),
    ("≈ hit and miss", palette.GREY_TEXT, "SPC assurance: the target is inside the limits; met in some months, missed in others"),
]  # fmt: skip
NOTES = [
    "Monitoring-only indicators show the direction of change without colour.",
    "SPC (statistical process control) uses an XmR chart over last year's and this year's "
    "months: see the chart on each indicator's sheet. It needs at least 13 months.",
    "Year-end forecast: this year so far, with the rest of the year following last year's "
    "pattern; 'likely' only when the whole forecast range is on one side of the annual target.",
]


def _legend(ws: Worksheet, fm: Formats, r: int) -> None:
    ws.write_string(r, 0, "Key", fm.get(bold=True))
    for k, (sym, props, text) in enumerate(LEGEND, start=1):
        ws.write_string(r + k, 0, sym, fm.get(bold=True, align="center", border=1, **props))
        ws.write_string(r + k, 1, text, fm.get())
    r += len(LEGEND) + 1
    for k, (sym, colour, text) in enumerate(SPC_LEGEND):
        ws.write_string(r + k, 0, sym, fm.get(bold=True, font_color=colour, border=1, indent=1))
        ws.write_string(r + k, 1, text, fm.get())
    r += len(SPC_LEGEND) + 1
    for k, text in enumerate(NOTES):
        ws.write_string(r + k, 0, text, fm.get(italic=True, font_color=palette.NOTE_TEXT))
