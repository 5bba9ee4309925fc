"""The table of the XmR block: one row per point, its value referring to the grid, the mean and
process limits as live formulas over those values, and the special-cause flags.

Why a table on the sheet: the SPC chart points at cells a user can read and audit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from csp_excel.core import periods
from csp_excel.core.model import Computed, Indicator, Series, SpcPhase, SpcResult
from csp_excel.core.spc import LIMIT_FACTOR
from csp_excel.writers import palette
from csp_excel.writers.indicator.layout import FIRST, LAB, SheetLayout, column_chars
from csp_excel.writers.print_setup import SMALL_LINE_PT, SMALL_RATIO, lines_needed
from csp_excel.writers.xl_formats import (
    FMT_PCT,
    Candidate,
    Formats,
    cell0,
    clip_text,
    write_derived,
    write_value,
)

from ..number_formats import FMT_COUNT_1DP

TABLE_COL = LAB + 6  # G: the table sits to the right of the chart
HEADERS = ["Period", "Value", "Mean", "Lower limit", "Upper limit"]
Limits = list[tuple[float | None, list[Candidate]]]  # (mean | lower | upper, its candidates)


def point_direction(rules: str) -> int:
    """+1 when the point's leading signal is high (above, rising), -1 when low, 0 if none."""
    first = rules.split(";")[0].strip().lower()
    if not first:
        return 0
    high = ("above", "(high)", "rising")
    return 1 if any(w in first for w in high) else -1


def point_sources(
    ind: Indicator, comp: Computed, lay: SheetLayout
) -> dict[str, tuple[list[str], float | None]]:
    """SPC period code -> (grid cells the value comes from, the value those cells give)."""
    rows, out = lay.rows, {}
    pct = comp.numerator is not None
    years: list[tuple[int, str, str, Series, Series | None]] = [
        (comp.fy - 1, "actual_last_year", "denominator_last_year", comp.actual_last_year, None),
        (comp.fy, "actual", "denominator", comp.actual, None),
    ]
    if pct:
        years = [
            (comp.fy - 1, "numerator_last_year", "denominator_last_year", comp.actual_last_year,
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


def write_table(
    ws: Worksheet,
    fm: Formats,
    comp: Computed,
    lay: SheetLayout,
    res: SpcResult,
    numfmt: str,
    top: int,
    side_headers: tuple[str, str],
) -> tuple[int, int]:
    """The points, one a row; returns (first, last) 0-based data rows."""
    c0 = TABLE_COL
    write_heads(ws, fm, top, HEADERS + list(side_headers) + ["Special-cause rule"])
    first, count = top + 1, len(res.values)
    last = first + count - 1
    border = {"border": 1, "border_color": palette.CELL_BORDER}
    num = fm.num(numfmt, **border)
    lim_fmt = FMT_PCT if numfmt == FMT_PCT else FMT_COUNT_1DP
    lim = fm.num(lim_fmt, **border, font_color=palette.NOTE_TEXT)
    text = fm.get(**border, font_size=8)
    wrapped = fm.get(**border, font_size=8, text_wrap=True, valign="top")
    sources = point_sources(lay.indicator, comp, lay)
    centred = fm.get(**border, align="center")
    chars = column_chars(lay.n, c0 + 7)
    for j, (code, v) in enumerate(zip(res.labels, res.values, strict=True)):
        r = first + j
        write_point(ws, lay, r, (code, v), sources, (centred, num))
        for k, (value, cands) in enumerate(row_limits(res, j, first)):
            write_derived(ws, r, c0 + 2 + k, value, cands, lim, lay.stats)
        _flags(ws, lay, res, j, r, num)
        rules = res.rules[j] if j < len(res.rules) else ""
        _rule_cell(ws, r, c0 + 7, clip_text(rules), chars, (text, wrapped))
    return first, last


def write_heads(ws: Worksheet, fm: Formats, top: int, heads: list[str]) -> None:
    """The header row of an SPC or run chart table, from TABLE_COL."""
    ws.set_row(top, 40)
    for k, h in enumerate(heads):
        ws.write_string(top, TABLE_COL + k, h, fm.header())


def write_point(
    ws: Worksheet,
    lay: SheetLayout,
    r: int,
    point: tuple[str, float | None],
    sources: dict[str, tuple[list[str], float | None]],
    fmts: tuple[Format, Format],
) -> None:
    """A point's period and its value, the value a reference to the grid where it has a cell
    (`fmts`: the period's and the value's formats)."""
    code, v = point
    ws.write_string(r, TABLE_COL, clip_text(periods.name_from_code(code)), fmts[0])
    refs, gv = sources.get(code, ([], None))
    write_derived(ws, r, TABLE_COL + 1, v, value_candidates(refs, gv), fmts[1], lay.stats)


def series_adder(chart: Any, lay: SheetLayout, rows: tuple[int, int, int]) -> Callable[..., None]:
    """`add(col, **opts)`: a chart series of table column `col`, named by its header and
    categorised by the period column (`rows`: the header row, the first and last data rows)."""
    top, first, last = rows
    name, c0 = lay.name, TABLE_COL

    def add(col: int, **opts: Any) -> None:
        chart.add_series(
            {
                "name": [name, top, col],
                "categories": [name, first, c0, last, c0],
                "values": [name, first, col, last, col],
                **opts,
            }
        )

    return add


def _rule_cell(
    ws: Worksheet, r: int, c: int, rules: str, chars: float, fmts: tuple[Format, Format]
) -> None:
    """A point's rule text; a long one (a conflict names both rules) wraps in a taller row,
    so nothing is cut off when printed."""
    lines = lines_needed(rules, chars / SMALL_RATIO)
    if lines > 1:
        ws.set_row(r, lines * SMALL_LINE_PT)
    write_value(ws, r, c, rules, fmts[lines > 1])


def value_candidates(refs: list[str], value: float | None) -> list[Candidate]:
    """A point's value as a reference to its grid cell (or numerator / denominator)."""
    if len(refs) == 1:
        return [Candidate(f"IF(ISNUMBER({refs[0]}),{refs[0]},NA())", value)]
    if len(refs) == 2:
        n, d = refs
        return [
            Candidate(f"IF(AND(ISNUMBER({n}),ISNUMBER({d})),IF({d}=0,NA(),{n}/{d}),NA())", value)
        ]
    return []


def phase_of(res: SpcResult, j: int) -> SpcPhase:
    """The period point j belongs to (the whole series when the chart was not rebased)."""
    for ph in res.phases:
        if ph.start <= j <= ph.end:
            return ph
    n = len(res.values)
    return SpcPhase(0, n - 1, res.mean or 0.0, res.lower or 0.0, res.upper or 0.0,
                    res.sigma or 0.0, n)  # fmt: skip


def row_limits(res: SpcResult, j: int, first: int) -> Limits:
    """Point j's mean and limits: formulas over its period's baseline values on the period's
    first row; every later row of the period refers to that row."""
    c0, ph = TABLE_COL, phase_of(res, j)
    top = first + ph.start
    if j != ph.start:
        cells = [cell0(top, c0 + k, True, True) for k in (2, 3, 4)]
        return [(v, [Candidate(c, v)]) for v, c in zip((ph.mean, ph.lower, ph.upper), cells, strict=True)]  # fmt: skip
    vcol, b = c0 + 1, ph.baseline
    vals = [float(v) for v in res.values[ph.start : ph.start + b] if v is not None]
    rng = f"{cell0(top, vcol, True, True)}:{cell0(top + b - 1, vcol, True, True)}"
    mr_a = f"{cell0(top + 1, vcol, True, True)}:{cell0(top + b - 1, vcol, True, True)}"
    mr_b = f"{cell0(top, vcol, True, True)}:{cell0(top + b - 2, vcol, True, True)}"
    mean_v = sum(vals) / len(vals)
    mr_v = sum(abs(vals[i] - vals[i - 1]) for i in range(1, len(vals))) / (len(vals) - 1)
    mr_f = f"SUMPRODUCT(ABS({mr_a}-{mr_b}))/{len(vals) - 1}"
    mean_ref = cell0(top, c0 + 2, True, True)
    return [
        (ph.mean, [Candidate(f"AVERAGE({rng})", mean_v)]),
        (ph.lower, [Candidate(f"{mean_ref}-{LIMIT_FACTOR}*{mr_f}", mean_v - LIMIT_FACTOR * mr_v)]),
        (ph.upper, [Candidate(f"{mean_ref}+{LIMIT_FACTOR}*{mr_f}", mean_v + LIMIT_FACTOR * mr_v)]),
    ]


def sides_of(res: SpcResult, j: int) -> set[int]:
    """The sides a point's flags go on: the winning one, and the other too when the point has
    signals both ways (a conflict is shown, not hidden by rule order)."""
    if j >= len(res.special) or not res.special[j]:
        return set()
    if j < len(res.direction):
        d = res.direction[j]
        return {1, -1} if j < len(res.both_ways) and res.both_ways[j] else {d}
    return {point_direction(res.rules[j] if j < len(res.rules) else "")}


def _flags(ws: Worksheet, lay: SheetLayout, res: SpcResult, j: int, r: int, num: object) -> None:
    """The two special-cause columns: the point's value on its side (high or low), else blank."""
    c0, v = TABLE_COL, res.values[j]
    sides = sides_of(res, j)
    for k, side in ((5, 1), (6, -1)):
        if side in sides and v is not None:
            val = cell0(r, c0 + 1)
            ws.write_formula(r, c0 + k, f"={val}", num, v)
            lay.stats.formulas += 1
        else:
            ws.write_blank(r, c0 + k, None, num)
