"""One output sheet per indicator: text kept, the grid with derived rows as live formulas,
a summary block with RAG and direction of travel, the overview texts and charts.

The derived formulas follow `csp_excel.core.calc` rule for rule (a gap breaks the YTD, nothing
after the reporting period, R12 only when every month is known). `Context` offers each cell as
candidate formulas with the value each would give; `write_derived` keeps the one that reproduces
the computed figure, so cached values always equal `Computed` and a recalculation changes nothing.
"""

from __future__ import annotations

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from csp_excel.core import periods
from csp_excel.core.annual import period_label
from csp_excel.core.model import Computed, Grid, Indicator, Settings
from csp_excel.core.result import IndicatorResult
from csp_excel.core.titles import display_title
from csp_excel.writers.indicator.charts import CHART_COL, CHART_ROWS, write_charts
from csp_excel.writers.indicator.grid import write_grid_rows, write_header
from csp_excel.writers.indicator.layout import (
    FIRST,
    LAB,
    LABEL_CHARS,
    SOURCE_CHARS,
    Row,
    SheetInfo,
    SheetLayout,
    column_chars,
    period_chars,
    plan_rows,
    sheet_layout,
)
from csp_excel.writers.indicator.spc_chart import write_spc
from csp_excel.writers.indicator.summary import Context, write_indicator_summary
from csp_excel.writers.palette import DARK_TEXT, GREY_TEXT, NAVY, WHITE
from csp_excel.writers.print_setup import (
    LINE_PT,
    SMALL_LINE_PT,
    across,
    board_page,
    lines_needed,
    text_lines,
    write_lines,
)
from csp_excel.writers.settings_sheet import SettingsRefs
from csp_excel.writers.xl_formats import (
    Formats,
    cell0,
    clip_text,
)

from ..number_formats import FMT_COUNT, FMT_HISTORY

__all__ = ["SheetInfo", "write_indicator_sheet"]

SMALL = 0.75  # an 8-point note's characters against the 10-point text's


def write_indicator_sheet(
    wb: Workbook,
    ws: Worksheet,
    fm: Formats,
    ind: Indicator,
    result: IndicatorResult | None,
    settings: Settings,
    srefs: SettingsRefs,
) -> SheetInfo:
    """Write one indicator sheet and say where its figures are (`result`: None when the
    indicator has no grid or its figures could not be computed)."""
    comp = result.computed if result is not None else None
    draft = (result.draft or None) if result is not None else None
    name, grid = ws.get_name(), ind.grid
    n = comp.n if comp is not None else (grid.n if grid is not None else 12)
    last_col = FIRST + n  # the "where it comes from" column
    ws.set_column(LAB, LAB, LABEL_CHARS)
    ws.set_column(FIRST, FIRST + n - 1, period_chars(n))
    ws.set_column(last_col, last_col, SOURCE_CHARS)
    ws.hide_gridlines(2)
    _page_setup(ws, settings.partnership)

    r = _title_block(ws, fm, ind, comp, settings)
    r, texts = _text_blocks(ws, fm, ind, n, r, last_col)
    r = _whole_years(ws, fm, grid, r, last_col)
    if grid is None or comp is None or result is None:
        why = (
            "No period grid could be read from this sheet."
            if grid is None
            else "The figures on this sheet could not be calculated (see the Data quality sheet)."
        )
        ws.write_string(r + 1, LAB, why, fm.get(italic=True))
        _, narrative = _overviews(ws, fm, ind, draft, r + 3, last_col)
        return SheetInfo(name=name, indicator=ind, comp=comp, n=n, cell_map=texts | narrative)
    plan = plan_rows(ind, comp, result.rows)
    lay = sheet_layout(name, ind, comp, plan, header_row=r + 1)
    return _write_grid(wb, ws, fm, lay, plan, (settings, srefs), result, texts)


def _write_grid(
    wb: Workbook,
    ws: Worksheet,
    fm: Formats,
    lay: SheetLayout,
    plan: list[Row],
    refs: tuple[Settings, SettingsRefs],
    result: IndicatorResult,
    texts: dict[str, str],
) -> SheetInfo:
    """The grid, the summary, the overviews, the charts and the XmR block, from the layout;
    returns the one `SheetInfo` of what they placed."""
    ind, comp, grid = lay.indicator, lay.comp, lay.indicator.grid
    assert grid is not None
    draft = result.draft or None
    summary_top = lay.header_row + len(plan) + 2
    fmts = {row.key: row.fmt for row in plan}
    ctx = Context(ind, comp, *refs, lay.name, lay.rows, summary_top + 1, fmts, result.rows.target)
    header = write_header(ws, fm, comp, grid, lay.header_row)
    cells, trend_row = write_grid_rows(ws, fm, plan, ctx, lay)
    for k, row in enumerate(plan):
        _fit_label(ws, lay.header_row + 1 + k, row.label, row.note)
    charts = write_charts(wb, ws, ind, comp, lay, summary_top, CHART_COL)
    below = summary_top + CHART_ROWS * charts  # the charts stand right of the summary
    block = write_indicator_summary(ws, fm, ind, comp, ctx, lay.stats, summary_top, below)
    r, narrative = _overviews(ws, fm, ind, draft, block.end + 1, FIRST + lay.n)
    spc_rows = write_spc(wb, ws, fm, ind, comp, lay, r + 1)
    ws.freeze_panes(0, 1)
    return SheetInfo(
        name=lay.name,
        indicator=ind,
        comp=comp,
        rows=dict(lay.rows),
        n=lay.n,
        header_row=lay.header_row,
        summary=block.cells,
        cell_map=texts | header | cells | block.cell_map | narrative,
        stats=lay.stats,
        charts=charts,
        trend_row=trend_row,
        spc_rows=spc_rows,
    )


def _page_setup(ws: Worksheet, partnership: str | None) -> None:
    board_page(ws, partnership, tall=1)  # one page per indicator: the board reads one a page


def _title_block(
    ws: Worksheet, fm: Formats, ind: Indicator, comp: Computed | None, settings: Settings
) -> int:
    ws.set_row(0, 22)
    ws.write_string(0, LAB, clip_text(display_title(ind)), fm.title())
    month = ind.report_month_text
    if comp is not None and comp.report_index is not None:
        i = comp.report_index
        month = (
            periods.period_name(comp.fy, i, "quarterly")
            if comp.frequency == "quarterly"
            else f"Latest year: {period_label(comp, i)}"
            if comp.frequency == "annual"
            else periods.long_month(comp.fy, i)
        )
    r = 1
    for text in (ind.portfolio, settings.partnership, month, ind.source):
        if text:
            ws.write_string(r, LAB, clip_text(text), fm.get(italic=r > 1, font_color=DARK_TEXT))
            r += 1
    return r + 1


def _whole_years(ws: Worksheet, fm: Formats, grid: Grid | None, r: int, last: int) -> int:
    """The return's whole-year history columns ('12/13', '13/14'), shown as supplied: they are
    figures of the input, so they reach the output even though no measure uses them."""
    history = grid.annual_history if grid is not None else {}
    if not history:
        return r
    r += 1
    ws.write_string(r, LAB, "Whole years (as supplied)", fm.label())
    for i, label in enumerate(history):
        ws.write_string(r, FIRST + i, clip_text(label), fm.header())
        value = history[label]
        fmt = FMT_COUNT if float(value).is_integer() else FMT_HISTORY  # not "2,182." in Excel
        ws.write_number(r + 1, FIRST + i, value, fm.num(fmt, border=1))
    ws.write_string(r + 1, LAB, "Total for the year", fm.label())
    ws.write_string(
        r + 1, last, "copied from the return's whole-year columns; not used in the measures",
        fm.get(font_color=GREY_TEXT, font_size=8),
    )  # fmt: skip
    return r + 2


def _text_blocks(
    ws: Worksheet, fm: Formats, ind: Indicator, n: int, r: int, last: int
) -> tuple[int, dict[str, str]]:
    """Label in column A, the text in lines across the grid's width (no merged cells); returns
    the row below and where each text cell of the return went."""
    chars = _grid_width(n) + SOURCE_CHARS
    placed: dict[str, str] = {}
    for label, text in ind.texts.items():
        lines = text_lines(clip_text(text), chars)
        for k in range(len(lines)):
            ws.write_blank(r + k, LAB, None, fm.label())
        ws.write_string(r, LAB, clip_text(label), fm.label())
        write_lines(ws, r, FIRST, lines, fm.get(valign="top"))
        _fit_label(ws, r, label)
        src = ind.text_cells.get(label)
        if src:
            placed[src] = cell0(r, FIRST)
        r += len(lines)
    return r, placed


def _grid_width(n: int) -> int:
    """The width (characters) of the period columns."""
    return (10 if n == 12 else 18) * n


def _fit_label(ws: Worksheet, r: int, label: str, note: str = "") -> None:
    """A row tall enough for its wrapped column-A label and its 8-point source note."""
    height = max(
        lines_needed(label, LABEL_CHARS) * LINE_PT,
        lines_needed(note, SOURCE_CHARS / SMALL) * SMALL_LINE_PT,
    )
    if height > LINE_PT + 1:
        ws.set_row(r, height)


# the overview headings, longest first: a sheet of few periods gets the shorter words
OWN_HEADINGS = ("Performance Overview (from the return)", "Overview (from the return)",
                "From the return")  # fmt: skip
DRAFT_HEADINGS = ("Drafted overview (check before use)", "Drafted (check before use)",
                  "Drafted (check)")  # fmt: skip


def overview_heading(choices: tuple[str, ...], room: float) -> str:
    """The longest heading that fits `room` characters in bold, counting every character a
    full unit (cautious: most letters are narrower than a digit, so it fits in print too)."""
    return next((h for h in choices if len(h) + 1 <= room), choices[-1])


def _overviews(
    ws: Worksheet,
    fm: Formats,
    ind: Indicator,
    draft: str | None,
    r: int,
    last: int,
) -> tuple[int, dict[str, str]]:
    """The user's Performance Overview beside the drafted one, so they can compare and copy;
    returns the row below and where the return's overview cell went."""
    n = last - FIRST
    mid = FIRST + n // 2
    head = fm.get(bold=True, bg_color=NAVY, font_color=WHITE, border=1, align="center_across")
    ws.write_string(r, LAB, "Overview", fm.label())
    room = lambda a, b: sum(column_chars(n, c) for c in range(a, b + 1))  # noqa: E731
    across(ws, r, FIRST, mid, overview_heading(OWN_HEADINGS, room(FIRST, mid)), head)
    across(ws, r, mid + 1, last, overview_heading(DRAFT_HEADINGS, room(mid + 1, last)), head)
    unit = 10 if n == 12 else 18
    own = text_lines(clip_text(ind.narrative or ""), unit * (mid - FIRST + 1))
    drafted = text_lines(clip_text(draft or ""), unit * (last - mid - 1) + SOURCE_CHARS)
    rows = max(len(own), len(drafted))
    for k in range(rows):
        ws.write_blank(r + 1 + k, LAB, None, fm.label())
    write_lines(ws, r + 1, FIRST, own, fm.get(valign="top"))
    write_lines(ws, r + 1, mid + 1, drafted, fm.get(valign="top"))
    placed = {ind.narrative_cell: cell0(r + 1, FIRST)} if ind.narrative_cell else {}
    return r + 1 + rows, placed
