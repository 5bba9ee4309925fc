"""One output sheet per indicator: text kept, the grid with derived rows as live formulas,
a summary block with RAG and direction of travel, the overview texts and charts.

The derived formulas follow `csp_excel.core.calc` rule for rule (a gap breaks the YTD, nothing
after the reporting period, R12 only when every month is known). `Context` offers each cell as
candidate formulas with the value each would give; `write_derived` keeps the one that reproduces
the computed figure, so cached values always equal `Computed` and a recalculation changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from csp_excel.core import periods
from csp_excel.core.calc import resolve_rows
from csp_excel.core.model import Computed, Grid, GridRow, Indicator, Series, Settings
from csp_excel.core.rag import compares_counts, effective_polarity, monitor_direction
from csp_excel.writers.settings_sheet import SettingsRefs
from csp_excel.writers.xl_formats import (
    ARROWS,
    FMT_CHANGE,
    FMT_COUNT,
    FMT_DATE,
    FMT_DECIMAL,
    FMT_PCT,
    FMT_RATE,
    GREEN,
    RED,
    Candidate,
    Formats,
    FormulaStats,
    cell,
    safe_text,
    same,
    text_height,
    write_derived,
    write_value,
)

LAB, FIRST = 0, 1
SUMMARY_SPAN = 4  # label column + value merged over 2 columns + note
SUPPLIED = ("ytd", "ytd_numerator", "ytd_denominator", "pct_change", "r12", "r12_change")
SUPPLIED += ("rate", "pct")
POLARITY_WORDS = {
    "lower": "lower is better",
    "higher": "higher is better",
    "range": "within a range",
    "monitor": "monitoring only",
}


@dataclass
class SheetInfo:
    """What the dashboard and the Data quality sheet need to know about a written sheet."""

    name: str
    indicator: Indicator
    comp: Computed | None
    rows: dict[str, int] = field(default_factory=dict)  # row key -> 0-based sheet row
    n: int = 12
    header_row: int = 0
    summary: dict[str, tuple[str, Any, str]] = field(
        default_factory=dict
    )  # key -> ($A$1, cached, fmt)
    cell_map: dict[str, str] = field(default_factory=dict)  # input A1 -> output A1
    stats: FormulaStats = field(default_factory=FormulaStats)
    charts: int = 0
    trend_row: int | None = None  # row of the monthly figures, for the dashboard sparkline


@dataclass
class _Row:
    key: str
    label: str
    series: Series
    fmt: str
    derived: bool = False
    note: str = ""
    src: GridRow | None = None  # the input row it shows


def _any(series: Series | None) -> bool:
    return series is not None and any(v is not None for v in series)


def _count_fmt(*series: Series | None) -> str:
    for s in series:
        for v in s or []:
            if v is not None and abs(v - round(v)) > 1e-9:
                return FMT_DECIMAL
    return FMT_COUNT


def _src_note(r: GridRow | None) -> str:
    return f"Row {r.row} of the return: '{r.label}'"[:200] if r is not None else ""


def _is_level(ind: Indicator, comp: Computed) -> bool:
    """True when the target applies to each period's figure (YTD %, snapshot), not cumulated."""
    return ind.kind == "snapshot" or (comp.numerator is not None and not compares_counts(ind))


def _plan(ind: Indicator, comp: Computed) -> list[_Row]:
    """Which rows the grid shows, in order: inputs, then derived, then rows as supplied."""
    g = ind.grid
    assert g is not None
    used = resolve_rows(ind)
    pct = comp.numerator is not None
    cnt = _count_fmt(comp.actual, comp.actual_last_year)
    plan: list[_Row] = []
    if pct:
        plan.append(
            _Row(
                "numerator",
                "Numerator",
                comp.actual,
                cnt,
                note=_src_note(used.numerator),
                src=used.numerator,
            )
        )
        plan.append(
            _Row(
                "denominator",
                "Denominator",
                comp.denominator or [],
                FMT_COUNT,
                note=_src_note(used.denominator),
                src=used.denominator,
            )
        )
        if _any(comp.actual_last_year) or _any(comp.denominator_last_year):
            plan.append(
                _Row(
                    "numerator_ly",
                    "Numerator, last year",
                    comp.actual_last_year,
                    cnt,
                    src=used.numerator_ly,
                )
            )
            plan.append(
                _Row(
                    "denominator_ly",
                    "Denominator, last year",
                    comp.denominator_last_year or [],
                    cnt,
                    src=used.denominator_ly,
                )
            )
        plan.append(_Row("pct_month", "% in the period", [], FMT_PCT, derived=True))
    else:
        label = "Value (snapshot)" if ind.kind == "snapshot" else "Actual"
        plan.append(
            _Row("actual", label, comp.actual, cnt, note=_src_note(used.actual), src=used.actual)
        )
        plan.append(
            _Row(
                "actual_ly",
                "Actual, last year",
                comp.actual_last_year,
                cnt,
                note=_src_note(used.actual_ly) or "No figures for last year",
                src=used.actual_ly,
            )
        )
    taken = {id(r) for r in (used.actual, used.actual_ly, used.numerator, used.denominator) if r}
    taken |= {id(r) for r in (used.numerator_ly, used.denominator_ly) if r}
    for r in g.rows:
        if r.kind in SUPPLIED or id(r) in taken:
            continue
        key = "target_input" if r is used.target else "raw"
        plan.append(
            _Row(
                key,
                r.label,
                r.values,
                _count_fmt(r.values),
                note=f"Row {r.row} of the return",
                src=r,
            )
        )
    if _any(comp.denominator_value):
        plan.append(_Row("period_end", "Period ends", [], FMT_DATE))
        den = ind.denominator_name or "population"
        plan.append(
            _Row("den_value", f"Denominator: {den}", comp.denominator_value, FMT_COUNT, True)
        )
    per = f"{ind.per:,.0f}"
    level = _is_level(ind, comp)
    tfmt = FMT_PCT if pct and level else cnt if level else FMT_COUNT
    derived = [
        ("ytd", "Numerator, year to date" if pct else "Year to date", comp.ytd, cnt),
        ("ytd_ly", "Year to date, last year", comp.ytd_last_year, cnt),
        ("pct_ytd", "% year to date", comp.pct_ytd, FMT_PCT),
        ("pct_ytd_ly", "% year to date, last year", comp.pct_ytd_last_year, FMT_PCT),
        ("pct_change", "% change on last year", comp.pct_change, FMT_CHANGE),
        ("r12", "Rolling 12 months" if comp.n == 12 else "Rolling 4 quarters", comp.r12, cnt),
        ("r12_change", "Rolling 12 months, change on last year", comp.r12_change, FMT_CHANGE),
        ("rate", f"Rate per {per}", comp.rate, FMT_RATE),
        ("target", "Target" if level else "Target to date", comp.target, tfmt),
    ]
    if not level and _any(comp.target):
        derived.append(("target_month", "Target for the period", [None], FMT_COUNT))
    vfmt = "+0.0%;-0.0%;0.0%" if tfmt == FMT_PCT else "+#,##0;-#,##0;0"
    derived.append(("variance", "Variance from target", comp.variance, vfmt))
    for key, label, series, fmt in derived:
        if _any(series) or key == "target_month":
            plan.append(_Row(key, label, series or [], fmt, derived=True, note="formula"))
    for r in g.rows:
        if r.kind in SUPPLIED:
            fmt = (
                FMT_RATE
                if r.kind == "rate"
                else FMT_PCT
                if r.kind in ("pct", "pct_change", "r12_change")
                else cnt
            )
            plan.append(
                _Row(
                    "supplied",
                    f"{r.label} (as supplied)",
                    r.values,
                    fmt,
                    note=f"Row {r.row} of the return",
                    src=r,
                )
            )
    return plan


# ---------------------------------------------------------------- the sheet


def write_indicator_sheet(
    wb: Workbook,
    ws: Worksheet,
    fm: Formats,
    ind: Indicator,
    comp: Computed | None,
    settings: Settings,
    srefs: SettingsRefs,
    draft: str | None,
) -> SheetInfo:
    """Write one indicator sheet and say where its figures are."""
    name = ws.get_name()
    grid = ind.grid
    n = comp.n if comp is not None else (grid.n if grid is not None else 12)
    info = SheetInfo(name=name, indicator=ind, comp=comp, n=n)
    last_col = FIRST + n  # the "where it comes from" column
    ws.set_column(LAB, LAB, 34)
    ws.set_column(FIRST, FIRST + n - 1, 10 if n == 12 else 18)
    ws.set_column(last_col, last_col, 30)
    ws.hide_gridlines(2)
    _page_setup(ws, settings.partnership)

    r = _title_block(ws, fm, ind, comp, settings)
    r = _text_blocks(ws, fm, ind, info, r, last_col)
    if grid is None or comp is None:
        ws.write_string(
            r + 1, LAB, "No period grid could be read from this sheet.", fm.get(italic=True)
        )
        r = _overviews(ws, fm, ind, draft, info, r + 3, last_col)
        return info
    plan = _plan(ind, comp)
    info.header_row = r + 1
    for k, row in enumerate(plan):
        if row.key not in ("raw", "supplied"):
            info.rows[row.key] = info.header_row + 1 + k
    if "numerator" in info.rows:
        info.rows["actual"] = info.rows["numerator"]
    if "numerator_ly" in info.rows:
        info.rows["actual_ly"] = info.rows["numerator_ly"]
    summary_top = info.header_row + len(plan) + 2
    ctx = Context(ind, comp, settings, srefs, name, info.rows, summary_top + 1)
    ctx.fmt = {row.key: row.fmt for row in plan}
    _header(ws, fm, comp, grid, info)
    _grid_rows(ws, fm, plan, ctx, info)
    r = _summary(ws, fm, ind, comp, ctx, info, summary_top)
    r = _overviews(ws, fm, ind, draft, info, r + 1, last_col)
    _charts(wb, ws, ind, comp, info, r + 1)
    if info.charts:
        ws.set_h_pagebreaks([r + 1])
    ws.freeze_panes(0, 1)
    return info


def _page_setup(ws: Worksheet, partnership: str | None) -> None:
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.repeat_rows(0)
    left = (partnership or "").replace("&", "&&")[:80]
    ws.set_footer(f"&L{left}&C&A&RPage &P of &N")


def _title_block(
    ws: Worksheet, fm: Formats, ind: Indicator, comp: Computed | None, settings: Settings
) -> int:
    ws.set_row(0, 22)
    ws.write_string(0, LAB, safe_text(ind.title or ind.sheet), fm.title())
    month = ind.report_month_text
    if comp is not None and comp.report_index is not None:
        i = comp.report_index
        month = (
            periods.period_name(comp.fy, i, "quarterly")
            if comp.frequency == "quarterly"
            else periods.long_month(comp.fy, i)
        )
    r = 1
    for text in (ind.portfolio, settings.partnership, month, ind.source):
        if text:
            ws.write_string(r, LAB, safe_text(text), fm.get(italic=r > 1, font_color="#404040"))
            r += 1
    return r + 1


def _text_blocks(
    ws: Worksheet, fm: Formats, ind: Indicator, info: SheetInfo, r: int, last: int
) -> int:
    """Label in column A, the text merged across the grid's width and wrapped."""
    width = (10 if info.n == 12 else 18) * info.n + 30
    for label, text in ind.texts.items():
        ws.write_string(r, LAB, safe_text(label), fm.label())
        ws.merge_range(r, FIRST, r, last, "", fm.text())
        ws.write_string(r, FIRST, safe_text(text), fm.text())
        ws.set_row(r, text_height(text, width * 1.05))
        src = ind.text_cells.get(label)
        if src:
            info.cell_map[src] = cell(r, FIRST)
        r += 1
    return r


def _header(ws: Worksheet, fm: Formats, comp: Computed, grid: Grid, info: SheetInfo) -> None:
    top = info.header_row
    ws.write_string(top, LAB, "Measure", fm.header())
    for i in range(comp.n):
        ws.write_string(
            top, FIRST + i, periods.period_name(comp.fy, i, comp.frequency), fm.header()
        )
        info.cell_map[cell(grid.header_row - 1, grid.first_col - 1 + i)] = cell(top, FIRST + i)
    ws.write_string(top, FIRST + comp.n, "Where it comes from", fm.header())


def _grid_rows(ws: Worksheet, fm: Formats, plan: list[_Row], ctx: Context, info: SheetInfo) -> None:
    border = {"border": 1, "border_color": "#BFBFBF"}
    for k, row in enumerate(plan):
        r = info.header_row + 1 + k
        shade = {"bg_color": "#F2F2F2"} if row.derived else {}
        grey = {"font_color": "#7F7F7F", "italic": True} if row.key == "supplied" else {}
        fmt = fm.num(row.fmt, **border, **shade, **grey)
        fallback = fm.num(row.fmt, **border, italic=True, bg_color="#FFF2CC")
        bold = row.key not in ("raw", "supplied")
        ws.write_string(
            r,
            LAB,
            safe_text(row.label),
            fm.get(bold=bold, text_wrap=True, **border, **shade, **grey),
        )
        ws.write_string(
            r, FIRST + info.n, safe_text(row.note), fm.get(font_color="#7F7F7F", font_size=8)
        )
        src = row.src
        if src is not None:
            info.cell_map[src.label_cell] = cell(r, LAB)
            for i, a1 in enumerate(src.cells[: info.n]):
                info.cell_map[a1] = cell(r, FIRST + i)
        for i in range(info.n):
            c = FIRST + i
            if row.key in ("raw", "supplied", "target_input"):
                _write_input(ws, fm, r, c, row, i, fmt, border)
            elif row.key == "period_end":
                write_value(ws, r, c, periods.period_end(ctx.comp.fy, i, ctx.comp.frequency), fmt)
            else:
                cands = ctx.candidates(row.key, i)
                value = row.series[i] if i < len(row.series) else None
                if row.key in (
                    "pct_month",
                    "target_month",
                ):  # shown by us only: the formula is the figure
                    value = cands[0].value if cands else None
                if not row.derived:
                    write_value(ws, r, c, value, fmt)
                    _placeholder_comment(ws, r, c, src, i, value)
                else:
                    write_derived(ws, r, c, value, cands, fmt, info.stats, fallback)
        if row.key in ("actual", "numerator"):
            info.trend_row = r


def _write_input(
    ws: Worksheet, fm: Formats, r: int, c: int, row: _Row, i: int, fmt: Any, border: dict
) -> None:
    """Rows kept from the return: parsed numbers as numbers, anything else (ranks, notes) as text."""
    value = row.series[i] if i < len(row.series) else None
    raw = row.src.raw[i] if row.src is not None and i < len(row.src.raw) else None
    if value is not None:
        if isinstance(raw, str) and raw.strip().endswith("%"):
            fmt = fm.num(FMT_PCT, **border)
        write_value(ws, r, c, value, fmt)
    else:
        write_value(ws, r, c, raw, fm.get(**border, align="right", font_size=8, text_wrap=True))


def _placeholder_comment(
    ws: Worksheet, r: int, c: int, src: GridRow | None, i: int, value: Any
) -> None:
    """A blank because the return held text such as TBC: keep that text as a comment."""
    if value is None and src is not None and i < len(src.raw):
        raw = src.raw[i]
        if isinstance(raw, str) and raw.strip():
            ws.write_comment(r, c, "In the return: " + safe_text(raw)[:500])


def _summary(
    ws: Worksheet,
    fm: Formats,
    ind: Indicator,
    comp: Computed,
    ctx: Context,
    info: SheetInfo,
    top: int,
) -> int:
    ws.merge_range(top, LAB, top, FIRST + SUMMARY_SPAN - 1, "", fm.header())
    ws.write_string(top, LAB, "Summary at the reporting period", fm.header())
    box = {"border": 1, "border_color": "#BFBFBF", "bold": True}
    r = top + 1
    for key, label, value, cands, numfmt, note in ctx.summary_items():
        ws.write_string(r, LAB, label, fm.label())
        fmt = fm.num(numfmt, **box) if numfmt else fm.get(**box, align="center")
        ws.merge_range(r, FIRST, r, FIRST + SUMMARY_SPAN - 2, "", fmt)
        if cands is None:
            write_value(ws, r, FIRST, safe_text(value) if isinstance(value, str) else value, fmt)
        else:
            fallback = fm.num(numfmt or "General", **box, italic=True, bg_color="#FFF2CC")
            write_derived(ws, r, FIRST, value, cands, fmt, info.stats, fallback)
        if note:
            ws.write_string(
                r,
                FIRST + SUMMARY_SPAN - 1,
                safe_text(note),
                fm.get(font_color="#595959", italic=True),
            )
        info.summary[key] = (cell(r, FIRST, True, True), value, numfmt or "")
        if key == "typed_rag" and ind.typed_rag_cell:
            info.cell_map[ind.typed_rag_cell] = cell(r, FIRST)
        if key in ("rag", "typed_rag"):
            rag_formats(ws, fm, r, FIRST, r, FIRST + SUMMARY_SPAN - 2)
        if key == "dot" and effective_polarity(ind) != "monitor":
            dot_formats(ws, fm, r, FIRST, r, FIRST + SUMMARY_SPAN - 2)
        r += 1
    notes = [x for x in comp.notes if not x.startswith("direction: ")] + ctx.assumption_notes()
    if info.stats.fallbacks:
        shown = ", ".join(info.stats.fallbacks[:12])
        notes.append(f"Cells shaded yellow hold the calculated figure as a fixed value: {shown}")
    for text in notes:
        ws.write_string(r, LAB, "Note", fm.get(italic=True, font_color="#595959"))
        ws.write_string(r, FIRST, safe_text(text), fm.get(italic=True, font_color="#595959"))
        r += 1
    return r


def rag_formats(ws: Worksheet, fm: Formats, r1: int, c1: int, r2: int, c2: int) -> None:
    """Fill colours for R / A / G / None text cells."""
    for letter in ("R", "A", "G", "None"):
        ws.conditional_format(
            r1,
            c1,
            r2,
            c2,
            {
                "type": "cell",
                "criteria": "==",
                "value": f'"{letter}"',
                "format": fm.rag_fill(letter),
            },
        )


def dot_formats(ws: Worksheet, fm: Formats, r1: int, c1: int, r2: int, c2: int) -> None:
    """Green improved arrows, red worse ones."""
    for arrow, colour in (("▲", GREEN), ("▼", RED)):
        ws.conditional_format(
            r1,
            c1,
            r2,
            c2,
            {
                "type": "cell",
                "criteria": "==",
                "value": f'"{arrow}"',
                "format": fm.font_colour(colour),
            },
        )


def _overviews(
    ws: Worksheet,
    fm: Formats,
    ind: Indicator,
    draft: str | None,
    info: SheetInfo,
    r: int,
    last: int,
) -> int:
    """The user's Performance Overview beside the drafted one, so they can compare and copy."""
    mid = FIRST + (last - FIRST) // 2
    ws.write_string(r, LAB, "Overview", fm.label())
    ws.merge_range(r, FIRST, r, mid, "", fm.header())
    ws.write_string(r, FIRST, "Performance Overview (from the return)", fm.header())
    ws.merge_range(r, mid + 1, r, last, "", fm.header())
    ws.write_string(r, mid + 1, "Drafted overview (check before use)", fm.header())
    own, drafted = ind.narrative or "", draft or ""
    ws.write_string(r + 1, LAB, "", fm.label())
    ws.merge_range(r + 1, FIRST, r + 1, mid, "", fm.text())
    ws.write_string(r + 1, FIRST, safe_text(own), fm.text())
    ws.merge_range(r + 1, mid + 1, r + 1, last, "", fm.text())
    ws.write_string(r + 1, mid + 1, safe_text(drafted), fm.text())
    width = 10 * (mid - FIRST + 1) * 1.05
    ws.set_row(r + 1, max(text_height(own, width), text_height(drafted, width), 30))
    if ind.narrative_cell:
        info.cell_map[ind.narrative_cell] = cell(r + 1, FIRST)
    return r + 2


def _last_known(series: Series | None) -> int:
    idx = [i for i, v in enumerate(series or []) if v is not None]
    return idx[-1] if idx else -1


def _charts(
    wb: Workbook, ws: Worksheet, ind: Indicator, comp: Computed, info: SheetInfo, r: int
) -> None:
    """Monthly actuals vs last year vs target; cumulative YTD vs trajectory where there is a target.

    Formula rows are plotted only as far as they have figures: Excel draws a "" result as zero.
    """
    name, rows, hdr = info.name, info.rows, info.header_row

    def add(chart: Any, key: str, last: int, **opts: Any) -> bool:
        if key not in rows or last < 0:
            return False
        row = rows[key]
        chart.add_series(
            {
                "name": [name, row, LAB],
                "categories": [name, hdr, FIRST, hdr, FIRST + info.n - 1],
                "values": [name, row, FIRST, row, FIRST + last],
                **opts,
            }
        )
        return True

    pct = comp.numerator is not None
    title = safe_text(ind.title or name)[:80]
    placed = 0
    if not pct and ind.kind != "snapshot" and _any(comp.actual):
        col = wb.add_chart({"type": "column"})
        add(col, "actual", info.n - 1, fill={"color": "#2F5597"}, gap=60)
        line = wb.add_chart({"type": "line"})
        has_line = add(
            line,
            "actual_ly",
            _last_known(comp.actual_last_year),
            line={"color": "#A6A6A6", "width": 2},
        )
        if _any(comp.target):
            has_line |= add(
                line,
                "target_month",
                _last_known(comp.target),
                line={"color": "#C00000", "dash_type": "dash", "width": 2},
            )
        if has_line:
            col.combine(line)
        _style(
            col, f"{title}: {'month by month' if info.n == 12 else 'quarter by quarter'}", "#,##0"
        )
        ws.insert_chart(r, LAB, col, {"x_offset": 4, "y_offset": 4})
        placed += 1
    if _any(comp.target):
        cum = wb.add_chart({"type": "line"})
        if pct and _is_level(ind, comp):
            add(
                cum,
                "pct_ytd",
                _last_known(comp.pct_ytd),
                line={"color": "#2F5597", "width": 2.5},
                marker={"type": "circle"},
            )
            add(cum, "pct_ytd_ly", _last_known(comp.pct_ytd_last_year), line={"color": "#A6A6A6"})
            numfmt, what = "0%", "against target"
        else:
            key = "actual" if ind.kind == "snapshot" else "ytd"
            last = _last_known(comp.actual if key == "actual" else comp.ytd)
            add(cum, key, last, line={"color": "#2F5597", "width": 2.5}, marker={"type": "circle"})
            if key == "ytd":
                add(cum, "ytd_ly", _last_known(comp.ytd_last_year), line={"color": "#A6A6A6"})
            numfmt, what = (
                "#,##0",
                "against target" if key == "actual" else "year to date against target",
            )
        add(
            cum,
            "target",
            _last_known(comp.target),
            line={"color": "#C00000", "dash_type": "dash", "width": 2},
        )
        _style(cum, f"{title}: {what}", numfmt)
        ws.insert_chart(r, LAB, cum, {"x_offset": 4 + 600 * placed, "y_offset": 4})
        placed += 1
    info.charts = placed


def _style(chart: Any, title: str, numfmt: str) -> None:
    chart.set_title({"name": title, "name_font": {"size": 11, "bold": True}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 590, "height": 300})
    chart.set_y_axis(
        {"num_format": numfmt, "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}}
    )


def display_dot(ind: Indicator, comp: Computed) -> str:
    """The arrow shown: judged arrows by polarity; monitoring indicators show the bare direction."""
    direction = monitor_direction(comp)
    if direction is not None and comp.dot in (None, "static"):
        return {"up": "▲", "down": "▼"}.get(direction, ARROWS["static"])
    return ARROWS.get(comp.dot or "", "")


# ---------------------------------------------------------------- formulas


def _lit(x: float) -> str:
    """A float as an exact Excel literal."""
    return repr(float(x)) if x != int(x) else str(int(x))


class Context:
    """Builds candidate formulas for one indicator sheet, with the value each would give."""

    def __init__(
        self,
        ind: Indicator,
        comp: Computed,
        settings: Settings,
        srefs: SettingsRefs,
        sheet: str,
        rows: dict[str, int],
        summary_first: int,
    ) -> None:
        self.ind, self.comp, self.settings, self.srefs, self.sheet = (
            ind,
            comp,
            settings,
            srefs,
            sheet,
        )
        self.rows, self.n, self.ri = rows, comp.n, comp.report_index
        self.fmt: dict[str, str] = {}
        self.pct = comp.numerator is not None
        self.level = _is_level(ind, comp)
        self.keys = self._summary_keys()
        self.spos = {k: summary_first + j for j, k in enumerate(self.keys)}
        self.series: dict[str, Series] = {
            "actual": comp.actual,
            "actual_ly": comp.actual_last_year,
            "denominator": comp.denominator or [],
            "denominator_ly": comp.denominator_last_year or [],
            "den_value": comp.denominator_value,
            "ytd": comp.ytd,
            "ytd_ly": comp.ytd_last_year,
            "pct_ytd": comp.pct_ytd or [],
            "pct_ytd_ly": comp.pct_ytd_last_year or [],
            "pct_change": comp.pct_change,
            "r12": comp.r12,
            "r12_change": comp.r12_change,
            "rate": comp.rate,
            "target": comp.target,
            "variance": comp.variance,
        }
        self.series["numerator"] = comp.actual
        self.series["numerator_ly"] = comp.actual_last_year
        tgt = ind.grid.first("target") if ind.grid is not None else None
        self.series["target_input"] = tgt.values if tgt is not None else []

    # -- references
    def a(self, key: str, i: int, abs_row: bool = False, abs_col: bool = False) -> str:
        return cell(self.rows[key], FIRST + i, abs_row, abs_col)

    def rng(self, key: str, i0: int, i1: int) -> str:
        """A fill-right-friendly range: anchored start, relative end (or the reverse)."""
        if i0 == 0:
            return f"{self.a(key, 0, True, True)}:{self.a(key, i1)}"
        return f"{self.a(key, i0)}:{self.a(key, i1, True, True)}"

    def s(self, key: str, i: int) -> float | None:
        vals = self.series.get(key) or []
        return vals[i] if 0 <= i < len(vals) else None

    def has(self, *keys: str) -> bool:
        return all(k in self.rows for k in keys)

    def sref(self, key: str) -> str:
        return cell(self.spos[key], FIRST, True, True)

    @property
    def rep(self) -> str:
        return self.sref("rep")

    def _upto(self, i: int) -> bool:
        return self.ri is not None and i <= self.ri

    def _cum(self, key: str, i: int, guard: bool) -> Candidate:
        """SUM to i when every period to i is known (a gap breaks the cumulative)."""
        vals = [self.s(key, j) for j in range(i + 1)]
        ok = all(v is not None for v in vals) and (not guard or self._upto(i))
        cond = f"COUNT({self.rng(key, 0, i)})={i + 1}"
        if guard:
            cond = f"AND({i + 1}<={self.rep},{cond})"
        value = sum(v for v in vals if v is not None) if ok else None
        return Candidate(f'IF({cond},SUM({self.rng(key, 0, i)}),"")', value)

    def _ratio(self, num: float | None, den: float | None) -> float | None:
        return None if num is None or den is None or den == 0 else num / den

    # -- grid rows
    def candidates(self, key: str, i: int) -> list[Candidate]:
        fn = getattr(self, "_c_" + key, None)
        return fn(i) if fn is not None else []

    def _c_pct_month(self, i: int) -> list[Candidate]:
        if not self.has("numerator", "denominator"):
            return []
        nn, d = self.a("numerator", i), self.a("denominator", i)
        v = self._ratio(self.s("numerator", i), self.s("denominator", i))
        return [Candidate(f'IF(AND(ISNUMBER({nn}),ISNUMBER({d})),IF({d}=0,"",{nn}/{d}),"")', v)]

    def _c_den_value(self, i: int) -> list[Candidate]:
        names = self.srefs.denominators.get((self.ind.denominator_name or "").lower())
        if names is None or not self.has("period_end"):
            return []
        end = periods.period_end(self.comp.fy, i, self.comp.frequency)
        valid = [
            d
            for d in self.settings.denominator(self.ind.denominator_name)
            if d.effective_from <= end
        ]
        v = valid[-1].value if valid else None
        return [
            Candidate(
                f'IFERROR(LOOKUP({self.a("period_end", i, True)},{names[0]},{names[1]}),"")', v
            )
        ]

    def _c_ytd(self, i: int) -> list[Candidate]:
        return (
            [self._cum("actual", i, True), self._cum("actual", i, False)]
            if self.has("actual")
            else []
        )

    def _c_ytd_ly(self, i: int) -> list[Candidate]:
        return (
            [self._cum("actual_ly", i, False), self._cum("actual_ly", i, True)]
            if self.has("actual_ly")
            else []
        )

    def _change(self, a_key: str, b_key: str, i: int, guard: bool) -> Candidate:
        a, b = self.a(a_key, i), self.a(b_key, i)
        x, y = self.s(a_key, i), self.s(b_key, i)
        ok = x is not None and y is not None and y != 0 and (not guard or self._upto(i))
        cond = f"ISNUMBER({a}),ISNUMBER({b})" + (f",{i + 1}<={self.rep}" if guard else "")
        return Candidate(
            f'IF(AND({cond}),IF({b}=0,"",{a}/{b}-1),"")',
            x / y - 1 if ok and x is not None and y else None,
        )

    def _c_pct_change(self, i: int) -> list[Candidate]:
        out = []
        if self.has("ytd", "ytd_ly"):
            out.append(self._change("ytd", "ytd_ly", i, False))
        if self.has("actual", "actual_ly"):
            out.append(self._change("actual", "actual_ly", i, True))
        return out

    def _c_r12(self, i: int) -> list[Candidate]:
        n = self.n
        if not self.has("actual") or (i < n - 1 and not self.has("actual_ly")):
            return []
        parts = [self.rng("actual", 0, i)] + (
            [self.rng("actual_ly", i + 1, n - 1)] if i < n - 1 else []
        )
        window = [self.s("actual", j) for j in range(i + 1)] + [
            self.s("actual_ly", j) for j in range(i + 1, n)
        ]
        ok = self._upto(i) and all(v is not None for v in window)
        args = ",".join(parts)
        value = sum(v for v in window if v is not None) if ok else None
        return [Candidate(f'IF(AND({i + 1}<={self.rep},COUNT({args})={n}),SUM({args}),"")', value)]

    def _c_r12_change(self, i: int) -> list[Candidate]:
        n = self.n
        if i != n - 1 or not self.has("r12", "actual_ly"):
            return []
        r, ly = self.a("r12", i), self.rng("actual_ly", 0, n - 1)
        lys = [self.s("actual_ly", j) for j in range(n)]
        total = sum(v for v in lys if v is not None) if all(v is not None for v in lys) else None
        v = self._ratio(self.s("r12", i), total)
        return [
            Candidate(
                f'IF(AND(ISNUMBER({r}),COUNT({ly})={n}),IF(SUM({ly})=0,"",{r}/SUM({ly})-1),"")',
                None if v is None else v - 1,
            )
        ]

    def _c_rate(self, i: int) -> list[Candidate]:
        if not self.has("den_value"):
            return []
        d, per = self.a("den_value", i), self.sref("per")
        out = []
        for key, guard in (("r12", False), ("actual", True)):
            if not self.has(key):
                continue
            x, y = self.s(key, i), self.s("den_value", i)
            q = self._ratio(x, y) if (not guard or self._upto(i)) else None
            cond = f"ISNUMBER({self.a(key, i)}),ISNUMBER({d})" + (
                f",{i + 1}<={self.rep}" if guard else ""
            )
            out.append(
                Candidate(
                    f'IF(AND({cond}),IF({d}=0,"",{self.a(key, i)}/{d}*{per}),"")',
                    None if q is None else q * self.ind.per,
                )
            )
        return out

    def _pct_cum(self, nk: str, dk: str, i: int, guard: bool) -> Candidate:
        nums = [self.s(nk, j) for j in range(i + 1)]
        dens = [self.s(dk, j) for j in range(i + 1)]
        ok = all(v is not None for v in nums + dens) and (not guard or self._upto(i))
        sd = sum(v for v in dens if v is not None)
        value = sum(v for v in nums if v is not None) / sd if ok and sd else None
        cond = f"COUNT({self.rng(nk, 0, i)})={i + 1},COUNT({self.rng(dk, 0, i)})={i + 1}"
        if guard:
            cond = f"{i + 1}<={self.rep}," + cond
        f = f'IF(AND({cond}),IF(SUM({self.rng(dk, 0, i)})=0,"",SUM({self.rng(nk, 0, i)})/SUM({self.rng(dk, 0, i)})),"")'
        return Candidate(f, value)

    def _c_pct_ytd(self, i: int) -> list[Candidate]:
        return (
            [self._pct_cum("numerator", "denominator", i, True)]
            if self.has("numerator", "denominator")
            else []
        )

    def _c_pct_ytd_ly(self, i: int) -> list[Candidate]:
        if not self.has("numerator_ly", "denominator_ly"):
            return []
        return [self._pct_cum("numerator_ly", "denominator_ly", i, False)]

    def _base_key(self) -> str:
        if self.ind.kind == "snapshot":
            return "actual_ly"
        return "pct_ytd_ly" if self.level else "ytd_ly"

    def _factor(self) -> float:
        t = self.ind.target
        if t.kind == "reduction_pct" and t.value is not None:
            return 1.0 - t.value
        if t.kind == "increase" and t.value is not None:
            return 1.0 + t.value
        return 1.0

    def _c_target(self, i: int) -> list[Candidate]:
        n, out = self.n, []
        annual, av = self.sref("annual_target"), self.comp.annual_target
        if self.has("target_input"):
            t, tv = self.a("target_input", i), self.s("target_input", i)
            out.append(Candidate(f'IF(ISNUMBER({t}),{t},"")', tv))
            out.append(
                Candidate(f'IF(ISNUMBER({t}),{t}/100,"")', None if tv is None else tv / 100.0)
            )
            out.append(self._cum("target_input", i, False))
        base = self._base_key()
        if self.ind.target.kind in ("reduction_pct", "reduction", "increase") and self.has(base):
            f, b, bv = self._factor(), self.a(base, i), self.s(base, i)
            expr = b if f == 1.0 else f"{b}*{_lit(f)}"
            out.append(Candidate(f'IF(ISNUMBER({b}),{expr},"")', None if bv is None else bv * f))
        if av is not None:
            out.append(Candidate(f"{annual}*{i + 1}/{n}", av * (i + 1) / n))
            out.append(Candidate(f'IF(ISNUMBER({annual}),{annual},"")', av))
            if self.has("ytd_ly"):
                b, last = self.a("ytd_ly", i), self.a("ytd_ly", n - 1, True, True)
                bv, tot = self.s("ytd_ly", i), self.s("ytd_ly", n - 1)
                v = None if bv is None or not tot else av * bv / tot
                out.append(
                    Candidate(f'IF(AND(ISNUMBER({b}),ISNUMBER({last})),{annual}*{b}/{last},"")', v)
                )
        return out

    def _c_target_month(self, i: int) -> list[Candidate]:
        if not self.has("target"):
            return []
        t, tv = self.a("target", i), self.s("target", i)
        if i == 0:
            return [Candidate(f'IF(ISNUMBER({t}),{t},"")', tv)]
        p, pv = self.a("target", i - 1), self.s("target", i - 1)
        v = None if tv is None or pv is None else tv - pv
        return [Candidate(f'IF(AND(ISNUMBER({t}),ISNUMBER({p})),{t}-{p},"")', v)]

    def _basis_key(self) -> str:
        if self.ind.kind == "snapshot":
            return "actual"
        return "pct_ytd" if self.level and self.pct else "ytd"

    def _c_variance(self, i: int) -> list[Candidate]:
        key = self._basis_key()
        if not self.has(key, "target"):
            return []
        b, t = self.a(key, i), self.a("target", i)
        bv, tv = self.s(key, i), self.s("target", i)
        guard = key == "actual"
        ok = bv is not None and tv is not None and (not guard or self._upto(i))
        cond = f"ISNUMBER({b}),ISNUMBER({t})" + (f",{i + 1}<={self.rep}" if guard else "")
        return [
            Candidate(
                f'IF(AND({cond}),{b}-{t},"")',
                bv - tv if ok and bv is not None and tv is not None else None,
            )
        ]

    # -- summary block
    def _summary_keys(self) -> list[str]:
        keys = ["rep", "actual"]
        keys += ["ytd", "ytd_ly"] if self.ind.kind != "snapshot" else ["actual_ly"]
        keys += ["pct_change", "r12", "rate", "target", "annual_target", "variance", "forecast"]
        return keys + [
            "per",
            "tolerance",
            "rag",
            "typed_rag",
            "dot",
            "spc",
            "assurance",
            "target_text",
            "polarity",
        ]

    def _at(self, key: str) -> tuple[Any, list[Candidate] | None]:
        """The grid figure at the reporting period, by reference."""
        ri = self.ri
        if ri is None or key not in self.rows:
            return None, None
        x = self.a(key, ri)
        v = self._grid_value(key, ri)
        return v, [Candidate(f'IF(ISNUMBER({x}),{x},"")', v)]

    def _grid_value(self, key: str, i: int) -> Any:
        if key == "pct_month":
            c = self._c_pct_month(i)
            return c[0].value if c else None
        return self.s(key, i)

    def summary_items(self) -> list[tuple[str, str, Any, list[Candidate] | None, str, str]]:
        ind, comp = self.ind, self.comp
        ri = self.ri
        pct = self.pct
        out: list[tuple[str, str, Any, list[Candidate] | None, str, str]] = []
        period = (
            periods.period_name(comp.fy, ri, comp.frequency) if ri is not None else "no figures yet"
        )
        fmt = self.fmt.get
        for key in self.keys:
            if key == "rep":
                out.append(
                    (
                        key,
                        "Reporting period number",
                        None if ri is None else ri + 1,
                        None,
                        "0",
                        period,
                    )
                )
            elif key == "actual":
                src = "pct_month" if pct else "actual"
                v, c = self._at(src)
                label = "% in the latest period" if pct else "Latest period"
                out.append((key, label, v, c, fmt(src, FMT_COUNT), period))
            elif key in ("ytd", "ytd_ly", "actual_ly"):
                src = {"ytd": "pct_ytd", "ytd_ly": "pct_ytd_ly"}.get(key, key) if pct else key
                v, c = self._at(src)
                label = {
                    "ytd": "Year to date",
                    "ytd_ly": "Same period last year",
                    "actual_ly": "Same period last year",
                }[key]
                out.append(
                    (
                        key,
                        ("% " + label.lower()) if pct and key != "actual_ly" else label,
                        v,
                        c,
                        fmt(src, FMT_COUNT),
                        "",
                    )
                )
            elif key in ("pct_change", "r12", "rate", "target", "variance"):
                v, c = self._at(key)
                labels = {
                    "pct_change": "% change on last year",
                    "r12": "Rolling 12 months" if comp.n == 12 else "Rolling 4 quarters",
                    "rate": f"Rate per {ind.per:,.0f}",
                    "target": "Target" if self.level else "Target to date",
                    "variance": "Variance from target",
                }
                out.append((key, labels[key], v, c, fmt(key, FMT_COUNT), ""))
            elif key == "annual_target":
                out.append(self._annual())
            elif key == "forecast":
                note = ""
                if comp.forecast_low is not None and comp.forecast_high is not None:
                    note = f"likely between {comp.forecast_low:,.0f} and {comp.forecast_high:,.0f}"
                out.append(
                    (
                        key,
                        "Year-end forecast",
                        comp.forecast,
                        None,
                        FMT_PCT if pct else FMT_COUNT,
                        note,
                    )
                )
            elif key == "per":
                ref = self.srefs.per.get(self.sheet)
                c = [Candidate(ref, ind.per)] if ref else None
                out.append((key, "Rate per", ind.per, c, "#,##0", "set on the Settings sheet"))
            elif key == "tolerance":
                tol = ind.tolerance if ind.tolerance is not None else self.settings.rag_tolerance
                ref = self.srefs.tolerance.get(self.sheet)
                c = [Candidate(f'IF({ref}="",RAG_Tolerance,{ref})', tol)] if ref else None
                out.append(
                    (
                        key,
                        "RAG tolerance",
                        tol,
                        c,
                        "0%",
                        "partnership's unless set for this indicator",
                    )
                )
            elif key == "rag":
                out.append((key, "RAG rating", comp.rag, self._rag(), "", self._rag_note()))
            elif key == "typed_rag":
                out.append((key, "RAG typed in the return", ind.typed_rag, None, "", ""))
            elif key == "dot":
                out.append(
                    (
                        key,
                        "Direction of travel",
                        display_dot(ind, comp),
                        self._dot(),
                        "",
                        comp.dot or "",
                    )
                )
            elif key == "spc":
                out.append(
                    (key, "SPC signal", comp.spc.variation if comp.spc else None, None, "", "")
                )
            elif key == "assurance":
                out.append(
                    (key, "SPC assurance", comp.spc.assurance if comp.spc else None, None, "", "")
                )
            elif key == "target_text":
                src = f"from {ind.target.source}" if ind.target.source != "none" else ""
                out.append((key, "Target (as worded)", ind.target.text or "none", None, "", src))
            elif key == "polarity":
                pol = effective_polarity(ind)
                out.append(
                    (
                        key,
                        "What good looks like",
                        POLARITY_WORDS.get(pol, pol),
                        None,
                        "",
                        f"from {ind.polarity_source}",
                    )
                )
        return out

    def _annual(self) -> tuple[str, str, Any, list[Candidate] | None, str, str]:
        av, n = self.comp.annual_target, self.n
        fmt = FMT_PCT if self.level and self.pct else FMT_COUNT
        cands: list[Candidate] = []
        if self.has("target_input"):
            t = self.a("target_input", n - 1)
            tv = self.s("target_input", n - 1)
            cands.append(Candidate(f'IF(ISNUMBER({t}),{t},"")', tv))
            cands.append(self._cum("target_input", n - 1, False))
        base = self._base_key()
        if self.ind.target.kind in ("reduction_pct", "reduction", "increase") and self.has(base):
            f, b, bv = self._factor(), self.a(base, n - 1), self.s(base, n - 1)
            expr = b if f == 1.0 else f"{b}*{_lit(f)}"
            cands.append(Candidate(f'IF(ISNUMBER({b}),{expr},"")', None if bv is None else bv * f))
        chosen = [c for c in cands if same(c.value, av)]
        note = "change it to re-profile the target" if not chosen else ""
        return ("annual_target", "Annual target", av, chosen[:1] or None, fmt, note)

    def _rag(self) -> list[Candidate] | None:
        ri, ind = self.ri, self.ind
        pol = effective_polarity(ind)
        key = self._basis_key()
        if ri is None or pol not in ("lower", "higher", "range") or not self.has(key):
            return None
        y, yv, tol = self.a(key, ri), self.s(key, ri), self.sref("tolerance")
        tolv = ind.tolerance if ind.tolerance is not None else self.settings.rag_tolerance
        if pol == "range":
            lo, hi = ind.target.low, ind.target.high
            if lo is None or hi is None:
                return None
            f = (
                f'IF(NOT(ISNUMBER({y})),"None",IF(AND({y}>={_lit(lo)},{y}<={_lit(hi)}),"G",'
                f'IF({y}<{_lit(lo)},IF({_lit(lo)}-{y}<={tol}*{_lit(abs(lo))},"A","R"),'
                f'IF({y}-{_lit(hi)}<={tol}*{_lit(abs(hi))},"A","R"))))'
            )
            if yv is None:
                v = "None"
            elif lo <= yv <= hi:
                v = "G"
            elif yv < lo:
                v = "A" if lo - yv <= tolv * abs(lo) else "R"
            else:
                v = "A" if yv - hi <= tolv * abs(hi) else "R"
            return [Candidate(f, v)]
        if not self.has("target"):
            return None
        t, tv = self.a("target", ri), self.s("target", ri)
        short = f"{y}-{t}" if pol == "lower" else f"{t}-{y}"
        f = f'IF(OR(NOT(ISNUMBER({y})),NOT(ISNUMBER({t}))),"None",IF({short}<=0,"G",IF({short}<={tol}*ABS({t}),"A","R")))'
        if yv is None or tv is None:
            v = "None"
        else:
            sv = yv - tv if pol == "lower" else tv - yv
            v = "G" if sv <= 0 else "A" if sv <= tolv * abs(tv) else "R"
        return [Candidate(f, v)]

    def _rag_note(self) -> str:
        if self.comp.rag == "None":
            return "no judgement: monitoring only, no target or no figure"
        what = "% year to date" if self.level and self.pct else "year to date"
        return f"{what} against the target at the reporting period"

    def _dot(self) -> list[Candidate] | None:
        """Headline now vs the period before (at the first period: last year's closing figure)."""
        ri, ind, n = self.ri, self.ind, self.n
        if ri is None:
            return None
        if self.pct:
            hk, pk = "pct_ytd", ("pct_ytd", ri - 1) if ri > 0 else ("pct_ytd_ly", n - 1)
        elif ind.kind == "snapshot":
            hk, pk = "actual", ("actual", ri - 1) if ri > 0 else ("actual_ly", n - 1)
        elif self.s("r12", ri) is not None:
            hk, pk = "r12", ("r12", ri - 1) if ri > 0 else ("ytd_ly", n - 1)
        else:
            if ri == 0:
                return None
            hk, pk = "actual", ("actual", ri - 1)
        if not self.has(hk, pk[0]):
            return None
        h, p = self.a(hk, ri), self.a(pk[0], pk[1])
        hv, pv = self.s(hk, ri), self.s(pk[0], pk[1])
        pol = effective_polarity(ind)
        band = "Static_Band"
        bandv = self.settings.static_band
        if hk == "pct_ytd":
            static_f = f"ABS({h}-{p})<{band}"
        else:
            static_f = f"IF({p}=0,{h}=0,ABS({h}-{p})/ABS({p})<{band})"
        if pol == "range":
            lo, hi = ind.target.low, ind.target.high
            if lo is None or hi is None:
                return None
            dh = f"MAX({_lit(lo)}-{h},{h}-{_lit(hi)},0)"
            dp = f"MAX({_lit(lo)}-{p},{p}-{_lit(hi)},0)"
            judged = f'IF({dh}<{dp},"▲",IF({dh}>{dp},"▼","◀▶"))'
        elif pol == "lower":
            judged = f'IF({h}<{p},"▲","▼")'
        else:  # higher, or monitoring: the bare direction
            judged = f'IF({h}>{p},"▲","▼")'
        inner = f'IF({static_f},"◀▶",{judged})'
        if self.pct and pol == "higher":
            inner = f'IF({h}>=1,"★",{inner})'
        f = f'IF(OR(NOT(ISNUMBER({h})),NOT(ISNUMBER({p}))),"",{inner})'
        return [Candidate(f, _dot_value(hv, pv, pol, hk == "pct_ytd", self.pct, bandv, ind))]

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


def _dot_value(
    hv: float | None,
    pv: float | None,
    pol: str,
    absolute: bool,
    pct: bool,
    band: float,
    ind: Indicator,
) -> str:
    """What the direction-of-travel formula gives, worked out in Python."""
    if hv is None or pv is None:
        return ""
    if pct and pol == "higher" and hv >= 1:
        return "★"
    if absolute:
        static = abs(hv - pv) < band
    else:
        static = hv == 0 if pv == 0 else abs(hv - pv) / abs(pv) < band
    if static:
        return "◀▶"
    if pol == "range":
        lo, hi = ind.target.low or 0.0, ind.target.high or 0.0
        dh, dp = max(lo - hv, hv - hi, 0.0), max(lo - pv, pv - hi, 0.0)
        return "▲" if dh < dp else "▼" if dh > dp else "◀▶"
    if pol == "lower":
        return "▲" if hv < pv else "▼"
    return "▲" if hv > pv else "▼"
