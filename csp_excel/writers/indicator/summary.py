"""The summary block of an indicator sheet: the figures at the reporting period, RAG, direction
of travel, SPC and the year-end forecast, as formulas where a formula reproduces the figure.

The items are in `summary_rows`, the RAG and direction formulas in
`judgements`.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from xlsxwriter.worksheet import Worksheet

from csp_excel.core.forecast import forecast_judgement
from csp_excel.core.model import Computed, Indicator
from csp_excel.core.rag import effective_polarity
from csp_excel.writers.indicator.formulas import GridFormulas
from csp_excel.writers.indicator.layout import FIRST, LAB, POLARITY_WORDS, SUMMARY_SPAN
from csp_excel.writers.indicator.summary_rows import SummaryItem, block_items, fmt_figure
from csp_excel.writers.palette import CELL_BORDER, FALLBACK, NAVY, NOTE_TEXT, WHITE
from csp_excel.writers.print_setup import across, text_lines, write_lines
from csp_excel.writers.xl_formats import (
    Formats,
    FormulaStats,
    cell0,
    clip_text,
    dot_formats,
    judgement_formats,
    rag_formats,
    write_derived,
    write_value,
)

from ..number_formats import FMT_GENERAL

NOTE_CHARS = 70  # columns B to H, left of the charts

__all__ = [
    "Context",
    "SummaryBlock",
    "fmt_figure",
    "forecast_text",
    "write_indicator_summary",
]


class SummaryBlock(NamedTuple):
    """What the summary block placed: the row below it, its cells and the input cells it shows."""

    end: int
    cells: dict[str, tuple[str, Any, str]]  # key -> ($A$1, cached value, number format)
    cell_map: dict[str, str]  # the return's typed RAG / direction cell -> ours


def write_indicator_summary(
    ws: Worksheet,
    fm: Formats,
    ind: Indicator,
    comp: Computed,
    ctx: Context,
    stats: FormulaStats,
    top: int,
    below: int = 0,
) -> SummaryBlock:
    """The block from row `top` (centred across its columns, never merged); it ends at or
    below row `below` (where the charts beside it end)."""
    head = fm.get(bold=True, bg_color=NAVY, font_color=WHITE, border=1, align="center_across")
    across(ws, top, LAB, FIRST + SUMMARY_SPAN - 1, "Summary at the reporting period", head)
    box = {"border": 1, "border_color": CELL_BORDER, "bold": True, "align": "center_across"}
    cells: dict[str, tuple[str, Any, str]] = {}
    cell_map: dict[str, str] = {}
    typed_dot_cell = getattr(ind, "typed_dot_cell", None)
    r = top + 1
    for key, label, value, cands, numfmt, note in ctx.summary_items():
        ws.write_string(r, LAB, label, fm.label())
        fmt = fm.num(numfmt, **box) if numfmt else fm.get(**box)
        for c in range(FIRST + 1, FIRST + SUMMARY_SPAN - 1):
            ws.write_blank(r, c, None, fmt)
        if cands is None:
            write_value(ws, r, FIRST, clip_text(value) if isinstance(value, str) else value, fmt)
        else:
            fallback = fm.num(numfmt or FMT_GENERAL, **box, italic=True, bg_color=FALLBACK)
            write_derived(ws, r, FIRST, value, cands, fmt, stats, fallback)
        if note:
            ws.write_string(
                r,
                FIRST + SUMMARY_SPAN - 1,
                clip_text(note),
                fm.get(font_color=NOTE_TEXT, italic=True, font_size=8),
            )
        cells[key] = (cell0(r, FIRST, True, True), value, numfmt or "")
        if key == "typed_rag" and ind.typed_rag_cell:
            cell_map[ind.typed_rag_cell] = cell0(r, FIRST)
        if key == "typed_dot" and isinstance(typed_dot_cell, str):
            cell_map[typed_dot_cell] = cell0(r, FIRST)
        _judgement_formats(ws, fm, ind, key, r)
        r += 1
    return SummaryBlock(max(_notes(ws, fm, comp, ctx, stats, r), below), cells, cell_map)


def _judgement_formats(ws: Worksheet, fm: Formats, ind: Indicator, key: str, r: int) -> None:
    """The colours of a RAG, direction-of-travel or forecast cell."""
    last = FIRST + SUMMARY_SPAN - 2
    if key in ("rag", "typed_rag"):
        rag_formats(ws, fm, r, FIRST, r, last)
    if key == "dot" and effective_polarity(ind) != "monitor":
        dot_formats(ws, fm, r, FIRST, r, last)
    if key == "forecast_judgement":
        judgement_formats(ws, fm, r, FIRST, r, last)


def _notes(
    ws: Worksheet, fm: Formats, comp: Computed, ctx: Context, stats: FormulaStats, r: int
) -> int:
    """The notes under the summary (assumptions, fixed-value cells); returns the row below."""
    notes = [x for x in comp.notes if not x.startswith("direction: ")] + ctx.assumption_notes()
    if stats.fallbacks:
        shown = ", ".join(stats.fallbacks[:12])
        notes.append(f"Cells shaded yellow hold the calculated figure as a fixed value: {shown}")
    style = fm.get(italic=True, font_color=NOTE_TEXT)
    for text in notes:  # in lines left of the charts (columns B to H)
        lines = text_lines(clip_text(text), NOTE_CHARS)
        ws.write_string(r, LAB, "Note", style)
        write_lines(ws, r, FIRST, lines, style)
        r += len(lines)
    return r


def forecast_text(ind: Indicator, comp: Computed) -> str:
    """'17,640 (likely to miss)' for the dashboard; '' when there is no forecast."""
    if comp.forecast is None:
        return ""
    judgement = forecast_judgement(comp, effective_polarity(ind)).replace(" target", "")
    text = fmt_figure(comp, comp.forecast)
    return f"{text} ({judgement})" if judgement else text


class Context(GridFormulas):
    """Adds the summary block: its items, the RAG and direction-of-travel formulas."""

    def summary_items(self) -> list[SummaryItem]:
        return block_items(self)

    def assumption_notes(self) -> list[str]:
        ind = self.ind
        out = []
        if ind.target.kind != "none":
            out.append(
                f"Target '{ind.target.text or ind.target.kind}' taken from {ind.target.source}."
            )
        out.append(
            f"Polarity ({POLARITY_WORDS.get(ind.polarity, ind.polarity)}) taken from {ind.polarity_source}."
        )
        return out
