"""The Dashboard's key: what each RAG letter, arrow and SPC symbol means, and how they are coloured."""

from __future__ import annotations

from typing import Any

from xlsxwriter.worksheet import Worksheet

from csp_excel.writers import palette
from csp_excel.writers.xl_formats import Formats


def symbol_formats(ws: Worksheet, fm: Formats, r1: int, c1: int, r2: int, c2: int) -> None:
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
    ("◆ neutral high (H)", palette.SPC_NEUTRAL, "SPC variation, special cause neutral, high: a real change upwards where neither direction is better (MDC purple H icon)"),
    ("◆ neutral low (L)", palette.SPC_NEUTRAL, "SPC variation, special cause neutral, low: a real change downwards where neither direction is better (MDC purple L icon)"),
    ("• common cause", palette.GREY_TEXT, "SPC variation, common cause: the usual ups and downs, no real change"),
    ("✔ always met", palette.SPC_IMPROVEMENT, "SPC assurance: the process limits are all on the good side of the target"),
    ("✘ always missed", palette.SPC_CONCERN, "SPC assurance: the target is beyond the limits; it will not be met unless something changes"),
    ("≈ hit and miss", palette.GREY_TEXT, "SPC assurance: the target is inside the limits; met in some months, missed in others"),
]  # fmt: skip
NOTES = [
    "Monitoring-only indicators show the direction of change without colour.",
    "SPC (statistical process control) uses an XmR chart over last year's and this year's "
    "months: see the chart on each indicator's sheet. It needs at least 13 months; with 6 to "
    "12, a run chart (median, shift and trend rules only).",
    "Year-end forecast: this year so far, with the rest of the year following last year's "
    "pattern; 'likely' only when the whole forecast range is on one side of the annual target.",
]


def write_legend(ws: Worksheet, fm: Formats, r: int) -> int:
    """The key below the table, from row `r`: RAG letters, arrows, SPC symbols, then notes.
    Returns the last row it wrote (the print area ends there)."""
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
    return r + len(NOTES) - 1
