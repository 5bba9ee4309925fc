"""The Dashboard sheet: one row per indicator, figures by reference to the indicator sheets.

Each figure is a formula such as =IF(ISNUMBER('TNO'!$B$40),'TNO'!$B$40,"") with the computed value
cached, so the dashboard follows any edit made on an indicator sheet or the Settings sheet.
"""

from __future__ import annotations

from typing import Any

from xlsxwriter.worksheet import Worksheet

from csp_excel.core import periods
from csp_excel.core.model import Return
from csp_excel.core.rag import effective_polarity
from csp_excel.writers.indicator_sheet import SheetInfo, display_dot, dot_formats, rag_formats
from csp_excel.writers.xl_formats import (
    AMBER,
    GREEN,
    GREY,
    RED,
    Candidate,
    Formats,
    FormulaStats,
    cell,
    quote_sheet,
    safe_text,
    write_derived,
    write_value,
)

HEADER_ROW = 3
COLUMNS = [
    # (title, summary key, width)
    ("Indicator", None, 34),
    ("Latest period", None, 9),
    ("Actual", "actual", 10),
    ("Year to date", "ytd", 10),
    ("Same period last year", "ytd_ly", 11),
    ("% change", "pct_change", 9),
    ("Rolling 12 months", "r12", 10),
    ("Rate", "rate", 8),
    ("Target", "target", 10),
    ("Variance", "variance", 10),
    ("RAG", None, 5),
    ("RAG rating", "rag", 7),
    ("Direction of travel", "dot", 9),
    ("SPC signal", None, 24),
    ("Trend", None, 16),
]
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
    ws.write_string(0, 0, safe_text(title), fm.title())
    ws.set_row(0, 22)
    ws.write_string(
        1, 0, safe_text(_month_text(ret, infos)), fm.get(italic=True, font_color="#404040")
    )
    for c, (name, _, width) in enumerate(COLUMNS):
        ws.set_column(c, c, width)
        ws.write_string(HEADER_ROW, c, name, fm.header())
    ws.set_row(HEADER_ROW, 30)
    r = HEADER_ROW + 1
    cell_fmt = {"border": 1, "border_color": "#BFBFBF", "valign": "vcenter"}
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
    return "Reporting month: not known"


def _indicator_row(
    ws: Worksheet, fm: Formats, info: SheetInfo, r: int, base: dict, stats: FormulaStats
) -> None:
    q = quote_sheet(info.name)
    comp, ind = info.comp, info.indicator
    ws.write_url(
        r,
        0,
        f"internal:{q}!A1",
        fm.get(**base, font_color="#0563C1", underline=1, text_wrap=True),
        string=safe_text(ind.title or info.name)[:255],
        tip=f"Go to the {info.name} sheet",
    )
    period = ""
    if comp is not None and comp.report_index is not None:
        period = periods.period_name(comp.fy, comp.report_index, comp.frequency)
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
    rag_cell = cell(r, k)
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
    spc = comp.spc.variation if comp is not None and comp.spc is not None else ""
    ws.write_string(r, COL["SPC signal"], safe_text(spc), fm.get(**base, text_wrap=True))
    k = COL["Trend"]
    ws.write_blank(r, k, None, fm.get(**base))
    if info.trend_row is not None:
        rng = f"{q}!{cell(info.trend_row, 1)}:{cell(info.trend_row, info.n)}"
        ws.add_sparkline(
            r, k, {"range": rng, "markers": True, "series_color": "#2F5597", "weight": 1.5}
        )
    ws.set_row(r, 30 if len(ind.title or info.name) > 34 else 18)


def _legend(ws: Worksheet, fm: Formats, r: int) -> None:
    ws.write_string(r, 0, "Key", fm.get(bold=True))
    rows: list[tuple[str, dict[str, Any], str]] = [
        ("G", {"bg_color": GREEN, "font_color": "#FFFFFF"}, "Green: on target or better"),
        (
            "A",
            {"bg_color": AMBER},
            "Amber: worse than target, within the tolerance (Settings sheet)",
        ),
        (
            "R",
            {"bg_color": RED, "font_color": "#FFFFFF"},
            "Red: worse than target by more than the tolerance",
        ),
        ("None", {"bg_color": GREY}, "None: monitoring only or no target; not a judgement"),
        (
            "▲",
            {"font_color": GREEN},
            "Improved on the previous period (rolling 12 months, or YTD %)",
        ),
        ("◀▶", {}, "Static: changed by less than the static band (Settings sheet)"),
        ("▼", {"font_color": RED}, "Worse than the previous period"),
        ("★", {}, "Peaked: at the 100% maximum"),
    ]
    for k, (sym, props, text) in enumerate(rows, start=1):
        ws.write_string(r + k, 0, sym, fm.get(bold=True, align="center", border=1, **props))
        ws.write_string(r + k, 1, text, fm.get())
    ws.write_string(
        r + len(rows) + 1,
        0,
        "Monitoring-only indicators show the direction of change without colour.",
        fm.get(italic=True, font_color="#595959"),
    )
