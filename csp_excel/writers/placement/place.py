"""Layout-preserving fill: write our figures into the user's own sheet, change nothing else.

Partnerships that must keep their house style get their own workbook back with the derived rows
filled in. One small `Sheet` interface, two adapters: `PackageSheet` (a copy of the file: the
user's own package with only the changed cells patched, see `package.py`) and
`XlwingsSheet` (the open workbook, for the Excel button).

Rules (`place_indicator`):
- the user's EXISTING derived rows (YTD, % change, R12, R12 change, rate, % YTD, and a target row
  left blank for us) get our computed VALUES at exactly their cells (`GridRow.cells`); the cells'
  fonts, borders and fills stay, and a number format is only set where the cell had none
  ("General"). Figures after the reporting month are cleared (e.g. a YTD carried forward); a
  month or a whole row we could not compute (say, R12 change without two years of data) is left
  as the user typed it;
- rows the grid lacks are added UNDER the grid, never by shifting the user's cells. Where they go:
    1. the rows right under the grid, if they (plus one spare row) are empty;
    2. else after the block of used rows that follows the grid, leaving one blank row, if those
       rows (plus one spare row) are empty;
    3. else at the end of the sheet (one blank row after the last used row), under a note saying
       which grid they belong to;
  a sheet with several indicators is placed as a whole (`place_sheet`): the indicators under
  one header row share one added block (districts side by side: a row per measure, each in its
  own columns; a summary table, one indicator per row: a row per indicator and measure, named),
  stacked blocks each get their own under a note naming the block; nothing lands twice;
- the computed RAG letter and DoT arrow go to the right of the typed RAG cell, in the first three
  empty cells of that row ("Computed RAG:", letter, arrow); if there is no typed RAG cell or no room,
  they become two more added rows. The RAG cell is coloured by conditional formatting (the copy) or
  by a plain fill (xlwings, see `XlwingsSheet`).
Every cell written is returned as an A1 reference, so tests can prove nothing else changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ...core.model import Computed, Indicator, Return
from ...core.periods import parse_fy_text
from ...core.rag import is_level
from ...core.refs import a1, parse_a1
from ...core.result import IndicatorResult, by_key
from ..number_formats import FMT_COUNT, FMT_PCT_WHOLE
from ..palette import ARROWS, RAG_COLOURS
from .added import Added, add_rows, grid_box
from .interface import DERIVED, RAG_LABEL, Sheet, Writer, is_empty

# the same measure for last year, used when a derived row's label names the previous FY
LAST_YEAR: dict[str, str] = {"ytd": "ytd_last_year", "pct": "pct_ytd_last_year"}

DOT_TEXT: dict[str, str] = {dot: f"{arrow} {dot}" for dot, arrow in ARROWS.items()}  # "▲ improved"


def _series_for(row_kind: str, label: str, fy: int, comp: Computed) -> list[float | None] | None:
    attr = DERIVED[row_kind][0]
    label_fy = parse_fy_text(label)
    if label_fy is not None and label_fy != fy:
        if label_fy == fy - 1 and row_kind in LAST_YEAR:
            attr = LAST_YEAR[row_kind]
        else:
            return None  # a derived row for some other year: not ours to fill
    series = getattr(comp, attr, None)
    return list(series) if series is not None else None


def _has_values(series: list[float | None] | None) -> bool:
    return series is not None and any(v is not None for v in series)


def _rate_label(ind: Indicator) -> str:
    per = f"{ind.per:,.0f}"
    return f"Per {per} {ind.denominator_name or 'residents'}"


def _missing_rows(ind: Indicator, comp: Computed) -> list[tuple[str, str, list[float | None]]]:
    """(label, row kind, series) for each derived measure the grid does not have."""
    assert ind.grid is not None
    present = {r.kind for r in ind.grid.rows}
    if ind.kind == "percentage":
        wanted = [("% (YTD)", "pct"), ("% change from previous year", "pct_change")]
    elif ind.kind == "snapshot":
        wanted = []
    else:
        wanted = [
            ("Year to date", "ytd"),
            ("% change from previous year", "pct_change"),
            ("Rolling 12 months", "r12"),
            (_rate_label(ind), "rate"),
        ]
    out = []
    for label, kind in wanted:
        series = getattr(comp, DERIVED[kind][0], None)
        if kind not in present and series is not None and _has_values(series):
            out.append((label, kind, list(series)))
    return out


def _fill_existing(w: Writer, ind: Indicator, comp: Computed) -> None:
    """Our figures into the user's derived rows.

    A row we could not compute at all (no values) is left exactly as typed. A month we could not
    compute is left alone too, except after the reporting month, where a figure is an error
    (e.g. a YTD carried forward) and is cleared.
    """
    grid = ind.grid
    assert grid is not None
    for row in grid.rows:
        if row.kind in DERIVED:
            series = _series_for(row.kind, row.label, grid.fy, comp)
            fmt = DERIVED[row.kind][1]
            last_year = series is not None and parse_fy_text(row.label) == grid.fy - 1
        elif row.kind == "target" and all(v is None for v in row.values):
            # a target row left blank for us: fill the trajectory
            series = list(comp.target)
            # a YTD % target is a ratio; a count target ("24 individuals") is a running count
            fmt = FMT_PCT_WHOLE if ind.kind == "percentage" and is_level(ind) else FMT_COUNT
            last_year = False
        else:
            continue
        if series is None or not _has_values(series):
            continue
        for i, ref in enumerate(row.cells[: len(series)]):
            value = series[i]
            future = comp.report_index is not None and i > comp.report_index
            if value is None and (last_year or not future):
                continue
            r, c = parse_a1(ref)
            w.put(r, c, value, fmt)


def _rag_beside_typed(w: Writer, ind: Indicator, rag: str, dot: str | None) -> bool:
    """Write 'Computed RAG:', the letter and the arrow right of the typed RAG cell, if room."""
    if not ind.typed_rag_cell:
        return False
    try:
        r, c = parse_a1(ind.typed_rag_cell)
    except ValueError:
        return False
    sheet = w.sheet
    for start in range(c + 1, c + 13):
        cols = range(start, start + 3)
        if all(is_empty(sheet.get(r, cc)) and sheet.writable(r, cc) for cc in cols):
            w.put(r, start, RAG_LABEL)
            w.put(r, start + 1, rag)
            sheet.add_rag_conditional_format(a1(r, start + 1))
            if dot:
                w.put(r, start + 2, dot)
            return True
    return False


def _place_own(w: Writer, ind: Indicator, comp: Computed) -> list[Added]:
    """The user's own derived rows and the RAG beside the typed one; the rows still to add."""
    _fill_existing(w, ind, comp)
    rag = comp.rag if comp.rag in RAG_COLOURS else "None"
    dot = DOT_TEXT.get(comp.dot) if comp.dot else None
    rows: list[Added] = [(label, kind, series) for label, kind, series in _missing_rows(ind, comp)]
    if not _rag_beside_typed(w, ind, rag, dot):
        rows.append(("RAG (computed)", None, rag))
        if dot:
            rows.append(("Direction of travel", None, dot))
    return rows


def results_by_sheet(
    ret: Return, results: Iterable[IndicatorResult]
) -> dict[str, list[IndicatorResult]]:
    """Each sheet's results with a grid, in the return's sheet order (joined by key)."""
    joined = by_key(results)
    by_sheet: dict[str, list[IndicatorResult]] = {}
    for ind in ret.indicators:
        result = joined.get(ind.key)
        if result is not None and ind.grid is not None:
            by_sheet.setdefault(ind.sheet, []).append(result)
    return by_sheet


def place_indicator(sheet: Sheet, result: IndicatorResult) -> list[str]:
    """Fill one indicator's sheet; returns the A1 reference of every cell written."""
    return place_sheet(sheet, [result])


def _header_groups(
    results: Sequence[IndicatorResult],
) -> list[list[tuple[Indicator, Computed]]]:
    """Indicators under one header row form one group: a summary table (one indicator per row)
    or side-by-side blocks (districts, each its own columns). Every other indicator (one grid,
    a stacked block) is a group of one."""
    groups: dict[int, list[tuple[Indicator, Computed]]] = {}
    for result in results:
        ind, comp = result.indicator, result.computed
        if ind.grid is not None:
            groups.setdefault(ind.grid.header_row, []).append((ind, comp))
    return list(groups.values())


def _shares_columns(group: list[tuple[Indicator, Computed]]) -> bool:
    """Two indicators of the group on the same period columns: one indicator per row."""
    cols = [(ind.grid.first_col, ind.grid.n) for ind, _ in group if ind.grid is not None]
    return len(set(cols)) < len(cols)


def place_sheet(sheet: Sheet, results: Sequence[IndicatorResult]) -> list[str]:
    """Fill every indicator of one sheet; returns the A1 reference of every cell written.

    Each group of indicators under one header row gets ONE added block under it, so no
    indicator's rows can land on another's:
    - one grid, or side-by-side districts: one row per measure, each district's figures in its
      own columns (as the districts' own rows are); the note names the blocks;
    - a summary table (one indicator per row): one row per indicator and measure ("Robbery: %
      change from previous year"), grouped by measure, under the table's own period columns,
      so each year or month is read from the table's header, below the table after two blank
      rows (`_table_start`). Columns beside each row would need a copy of every period column
      per measure; rows below keep the table's shape and every year's figure.
    """
    w = Writer(sheet)
    for group in _header_groups(results):
        placed = [(ind, _place_own(w, ind, comp)) for ind, comp in group]
        entries: list[tuple[Indicator, Added]]
        if _shares_columns(group):
            titles = [ind.title for ind, _ in group]
            order: dict[str, int] = {}  # measure -> its place: the rows grouped by measure
            ranked: list[tuple[int, Indicator, Added]] = []
            for ind, added in placed:
                name = ind.title if ind.title and titles.count(ind.title) == 1 else ind.key
                for label, kind, payload in added:
                    rank = order.setdefault(label, len(order))
                    ranked.append((rank, ind, (f"{name}: {label}", kind, payload)))
            ranked.sort(key=lambda e: e[0])  # stable: the table's order within a measure
            entries = [(ind, row) for _rank, ind, row in ranked]
            _label_col, _last_col, bottom = grid_box([ind for ind, _ in group])
            top = min(ind.grid.header_row for ind, _ in group if ind.grid is not None)
            note: str | None = (
                f"Figures added by csp-excel for the table in rows {top} to {bottom} "
                "(one row per indicator)"
            )
            add_rows(w, entries, note, table=True)
            continue
        entries = [(ind, row) for ind, added in placed for row in added]
        blocks = [ind.block for ind, _ in group if ind.block]
        note = None
        if blocks:
            note = f"Figures added by csp-excel for {group[0][0].sheet} ({', '.join(blocks)})"
        add_rows(w, entries, note)
    return w.written
