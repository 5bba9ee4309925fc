"""The Dashboard sheet: one row per indicator, figures by reference to the indicator sheets.

Each figure is a formula such as =IF(ISNUMBER('TNO'!$B$40),'TNO'!$B$40,"") with the computed value
cached, so the dashboard follows any edit made on an indicator sheet or the Settings sheet. The row
is written by dashboard_row, the key below the table by dashboard_legend.
"""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

from csp_excel.core import periods
from csp_excel.core.annual import period_label
from csp_excel.core.model import Return
from csp_excel.writers import palette
from csp_excel.writers.dashboard_legend import symbol_formats, write_legend
from csp_excel.writers.dashboard_row import ASSURANCE as ASSURANCE  # noqa: F401 - re-exported
from csp_excel.writers.dashboard_row import COL, COLUMNS, write_indicator_row
from csp_excel.writers.dashboard_row import VARIATION as VARIATION  # noqa: F401 - re-exported
from csp_excel.writers.indicator import SheetInfo
from csp_excel.writers.print_setup import board_page
from csp_excel.writers.xl_formats import (
    Formats,
    FormulaStats,
    clip_text,
    judgement_formats,
    rag_formats,
)

__all__ = ["ASSURANCE", "COL", "COLUMNS", "HEADER_ROW", "VARIATION", "write_dashboard"]

HEADER_ROW = 3
RAG_ICONS = {
    "type": "icon_set",
    "icon_style": "3_traffic_lights",
    "icons_only": True,
    "icons": [
        {"criteria": ">=", "type": "number", "value": 3},
        {"criteria": ">=", "type": "number", "value": 2},
    ],
}


def write_dashboard(
    ws: Worksheet, fm: Formats, ret: Return, infos: list[SheetInfo]
) -> FormulaStats:
    """Fill the Dashboard; returns how many of its cells are formulas."""
    stats = FormulaStats()
    _heading(ws, fm, ret, infos)
    r = HEADER_ROW + 1
    cell_fmt = {"border": 1, "border_color": palette.CELL_BORDER, "valign": "vcenter"}
    for info in infos:
        write_indicator_row(ws, fm, info, r, cell_fmt, stats)
        r += 1
    last = max(r - 1, HEADER_ROW + 1)
    if infos:
        _column_formats(ws, fm, last)
    ws.autofilter(HEADER_ROW, 0, last, len(COLUMNS) - 1)
    ws.freeze_panes(HEADER_ROW + 1, 1)
    end = write_legend(ws, fm, last + 2)
    # one page while it stays readable (about 30 indicators); more go on as many pages as it takes
    board_page(ws, ret.settings.partnership, tall=1 if len(infos) <= 30 else 0, repeat=HEADER_ROW)
    ws.print_area(0, 0, end, len(COLUMNS) - 2)  # the "Go to" links are for the screen only
    ws.hide_gridlines(2)
    return stats


def _heading(ws: Worksheet, fm: Formats, ret: Return, infos: list[SheetInfo]) -> None:
    """Title, the reporting month, and the column headers with their widths."""
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
    ws.set_row(HEADER_ROW, 40)  # three lines: "Same period last year" wraps in a narrow column


def _column_formats(ws: Worksheet, fm: Formats, last: int) -> None:
    """Conditional formats over the whole table: lights, RAG fills, forecast and SPC colours."""
    first = HEADER_ROW + 1
    k = COL["RAG"]
    ws.conditional_format(first, k, last, k, RAG_ICONS)
    rag_formats(ws, fm, first, COL["RAG rating"], last, COL["RAG rating"])
    k = COL["Year-end forecast"]
    judgement_formats(ws, fm, first, k, last, k)
    symbol_formats(ws, fm, first, COL["SPC variation"], last, COL["SPC assurance"])


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
    computed = [i.comp for i in infos if i.comp is not None]
    if years and len(years) == len(computed):
        return f"Latest year: {max(years, key=lambda y: (y[:4], y))}"  # years only: no month
    quarters = [
        (c.fy, c.report_index)
        for c in computed
        if c.report_index is not None and c.frequency == "quarterly"
    ]
    if quarters and len(quarters) == len(computed):  # quarters only: the latest, not a month
        fy, q = max(quarters)
        return f"Latest quarter: {periods.period_name(fy, q, 'quarterly')}"
    return "Reporting month: not known"
