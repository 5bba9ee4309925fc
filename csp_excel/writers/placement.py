"""Layout-preserving fill: write our figures into the user's own sheet, change nothing else.

Partnerships that must keep their house style get their own workbook back with the derived rows
filled in. One small `Sheet` interface, two adapters: `PackageSheet` (a copy of the file: the
user's own package with only the changed cells patched, see `placement_package.py`) and
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

from typing import Any, Protocol

from ..core.model import Computed, Indicator
from ..core.periods import parse_fy_text
from ..core.rag import is_level
from ..core.refs import a1, col_letter, parse_a1  # noqa: F401 - re-exported for callers
from ..core.text import neutralise_formula

# row kind -> (Computed attribute, number format)
DERIVED: dict[str, tuple[str, str]] = {
    "ytd": ("ytd", "#,##0"),
    "pct_change": ("pct_change", "+0%;-0%;0%"),
    "r12": ("r12", "#,##0"),
    "r12_change": ("r12_change", "+0%;-0%;0%"),
    "rate": ("rate", "0.00"),
    "pct": ("pct_ytd", "0.0%"),
}
# the same measure for last year, used when a derived row's label names the previous FY
LAST_YEAR: dict[str, str] = {"ytd": "ytd_last_year", "pct": "pct_ytd_last_year"}

DOT_TEXT: dict[str, str] = {
    "improved": "▲ improved",
    "static": "◀▶ static",
    "worse": "▼ worse",
    "peaked": "★ peaked",
}
# RAG fill colours (RGB hex): red, amber, green, grey for "None" (never a judgement)
RAG_COLOURS: dict[str, str] = {"R": "FF0000", "A": "FFC000", "G": "00B050", "None": "BFBFBF"}

PLAIN_FORMATS = ("General", "@")  # formats we may replace; any other is the user's choice
RAG_LABEL = "Computed RAG:"
ADDED_NOTE = "Figures added by csp-excel for the grid above"


class Sheet(Protocol):
    """The handful of operations placement needs; rows and columns are 1-based."""

    def get(self, row: int, col: int) -> Any: ...

    def set(self, row: int, col: int, value: Any) -> None: ...

    def set_format(self, row: int, col: int, number_format: str) -> None:
        """Set a number format, but never replace a format the user chose (only "General")."""
        ...

    def add_rag_conditional_format(self, ref: str) -> None:
        """Colour the cells of `ref` ("D30" or "D30:D31") by their R/A/G/None text."""
        ...

    def max_row(self) -> int: ...

    def writable(self, row: int, col: int) -> bool:
        """False for cells hidden inside a merged range (only its top-left cell takes a value)."""
        ...


# ---------------------------------------------------------------------------- helpers


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# ---------------------------------------------------------------------------- placement


class _Writer:
    """Writes through a Sheet and remembers every cell it touched."""

    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self.written: list[str] = []

    def put(self, row: int, col: int, value: Any, fmt: str | None = None) -> None:
        if not self.sheet.writable(row, col):
            # inside a merged range: skipped; a sheet that keeps a `not_written` list is told
            skipped = getattr(self.sheet, "not_written", None)
            if isinstance(skipped, list) and value is not None:
                skipped.append(a1(row, col))
            return
        if value is None and is_empty(self.sheet.get(row, col)):
            return  # nothing to clear: leave the cell exactly as it is
        self.sheet.set(row, col, value)
        if fmt and value is not None:
            self.sheet.set_format(row, col, fmt)
        self.written.append(a1(row, col))


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


def _fill_existing(w: _Writer, ind: Indicator, comp: Computed) -> None:
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
            fmt = "0%" if ind.kind == "percentage" and is_level(ind) else "#,##0"
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


def _row_empty(sheet: Sheet, row: int, c1: int, c2: int) -> bool:
    return all(is_empty(sheet.get(row, c)) and sheet.writable(row, c) for c in range(c1, c2 + 1))


def _free_block(sheet: Sheet, start: int, k: int, c1: int, c2: int) -> bool:
    """Rows start..start+k (k rows plus one spare) empty in columns c1..c2."""
    return all(_row_empty(sheet, r, c1, c2) for r in range(start, start + k + 1))


def _rows_start(sheet: Sheet, bottom: int, k: int, c1: int, c2: int) -> tuple[int, bool]:
    """First row for k added rows and whether a note row must go first (tier 3)."""
    if _free_block(sheet, bottom + 1, k, c1, c2):
        return bottom + 1, False
    last = bottom  # the used rows that run on straight from the grid (notes, ranks...)
    while last + 1 <= sheet.max_row() and not _row_empty(sheet, last + 1, c1, c2):
        last += 1
    if _free_block(sheet, last + 2, k, c1, c2):
        return last + 2, False
    return sheet.max_row() + 2, True


def _rag_beside_typed(w: _Writer, ind: Indicator, rag: str, dot: str | None) -> bool:
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


# an added row: (label, row kind or None for a single value, series or the single value)
Added = tuple[str, str | None, Any]


def _place_own(w: _Writer, ind: Indicator, comp: Computed) -> list[Added]:
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


def _grid_box(inds: list[Indicator]) -> tuple[int, int, int]:
    """(label column, last period column, bottom row) of the grids together."""
    grids = [ind.grid for ind in inds if ind.grid is not None]
    label_cols = [parse_a1(r.label_cell)[1] for g in grids for r in g.rows if r.label_cell]
    first = min(g.first_col for g in grids)
    label_col = min(label_cols) if label_cols else max(1, first - 1)
    last_col = max(g.first_col + g.n - 1 for g in grids)
    bottom = max(max([g.header_row] + [r.row for r in g.rows]) for g in grids)
    return label_col, last_col, bottom


def _write_added(w: _Writer, grid_first: int, n: int, row: int, added: list[Added]) -> None:
    """One added row's figures under the period columns starting at `grid_first`."""
    for _label, kind, payload in added:
        if kind is None:
            w.put(row, grid_first, payload)
            if _label.startswith("RAG"):
                w.sheet.add_rag_conditional_format(a1(row, grid_first))
        else:
            for i in range(min(n, len(payload))):
                w.put(row, grid_first + i, payload[i], DERIVED[kind][1])
        row += 1


def _table_start(sheet: Sheet, note: str, label_col: int, bottom: int) -> int:
    """Where a summary table's added block goes: over our own block of an earlier fill (its
    note names the table), else at the end of the sheet after TWO blank rows. The reader ends
    a table at two blank rows, so a second Fill (the button on the same workbook) never reads
    our rows as more indicators of the table."""
    for r in range(bottom + 1, sheet.max_row() + 1):
        if sheet.get(r, label_col) == note:
            return r
    return sheet.max_row() + 3


def _add_rows(
    w: _Writer, entries: list[tuple[Indicator, Added]], note: str | None, table: bool = False
) -> None:
    """Added rows under the grids of `entries`: right under, after the run-on rows, or at the
    end (a summary table: see `_table_start`). One sheet row per distinct label, in order; each
    entry's figures go under its own indicator's period columns (side-by-side districts share
    a row per measure)."""
    labels: list[str] = []
    for _ind, (label, _k, _p) in entries:
        if label not in labels:
            labels.append(label)
    if not labels:
        return
    label_col, last_col, bottom = _grid_box(list({id(i): i for i, _ in entries}.values()))
    k = len(labels) + (1 if note else 0)
    if table and note is not None:
        start, at_end = _table_start(w.sheet, note, label_col, bottom), False
    else:
        start, at_end = _rows_start(w.sheet, bottom, k, label_col, last_col + 1)
    if at_end and note is None:
        note = ADDED_NOTE
    if note is not None:
        w.put(start, label_col, note)
        start += 1
    for i, label in enumerate(labels):
        w.put(start + i, label_col, label)
    for ind, added in entries:
        grid = ind.grid
        assert grid is not None
        _write_added(w, grid.first_col, grid.n, start + labels.index(added[0]), [added])


def place_indicator(sheet: Sheet, ind: Indicator, comp: Computed) -> list[str]:
    """Fill one indicator's sheet; returns the A1 reference of every cell written."""
    return place_sheet(sheet, [(ind, comp)])


def _header_groups(
    pairs: list[tuple[Indicator, Computed]],
) -> list[list[tuple[Indicator, Computed]]]:
    """Indicators under one header row form one group: a summary table (one indicator per row)
    or side-by-side blocks (districts, each its own columns). Every other indicator (one grid,
    a stacked block) is a group of one."""
    groups: dict[int, list[tuple[Indicator, Computed]]] = {}
    for ind, comp in pairs:
        if ind.grid is not None:
            groups.setdefault(ind.grid.header_row, []).append((ind, comp))
    return list(groups.values())


def _shares_columns(group: list[tuple[Indicator, Computed]]) -> bool:
    """Two indicators of the group on the same period columns: one indicator per row."""
    cols = [(ind.grid.first_col, ind.grid.n) for ind, _ in group if ind.grid is not None]
    return len(set(cols)) < len(cols)


def place_sheet(sheet: Sheet, pairs: list[tuple[Indicator, Computed]]) -> list[str]:
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
    w = _Writer(sheet)
    for group in _header_groups(pairs):
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
            _label_col, _last_col, bottom = _grid_box([ind for ind, _ in group])
            top = min(ind.grid.header_row for ind, _ in group if ind.grid is not None)
            note: str | None = (
                f"Figures added by csp-excel for the table in rows {top} to {bottom} "
                "(one row per indicator)"
            )
            _add_rows(w, entries, note, table=True)
            continue
        entries = [(ind, row) for ind, added in placed for row in added]
        blocks = [ind.block for ind, _ in group if ind.block]
        note = None
        if blocks:
            note = f"Figures added by csp-excel for {group[0][0].sheet} ({', '.join(blocks)})"
        _add_rows(w, entries, note)
    return w.written


# ---------------------------------------------------------------------------- xlwings adapter


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return int(hex_colour[0:2], 16), int(hex_colour[2:4], 16), int(hex_colour[4:6], 16)


def _safe_text(value: Any) -> Any:
    """Text must never turn into a formula in Excel: a leading ' keeps it as text."""
    return neutralise_formula(value) if isinstance(value, str) else value


def _range_cells(ref: str) -> list[tuple[int, int]]:
    first, _, last = ref.partition(":")
    r1, c1 = parse_a1(first)
    r2, c2 = parse_a1(last) if last else (r1, c1)
    return [(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]


class XlwingsSheet:
    """Adapter over an xlwings `Sheet` (the open workbook, for the Excel button).

    Uses only `sheet.range((r, c)).value` / `.number_format` / `.color` and
    `sheet.used_range.last_cell.row`, so it also runs against the in-memory double in tests.
    `values` (the sheet's values from A1, as already pulled for the reader) saves one call to
    Excel per cell read: each call costs milliseconds on Windows.
    Conditional formats need the Windows-only COM api in xlwings, so RAG cells are given a plain
    fill colour matching the letter written now: if a user later types another letter by hand the
    colour does not follow it (pressing Fill again recolours it).
    """

    def __init__(self, sheet: Any, values: list[list[Any]] | None = None) -> None:
        self.sheet = sheet
        self._values = values
        self._max_row: int | None = None

    def get(self, row: int, col: int) -> Any:
        if self._values is None:
            return self.sheet.range((row, col)).value
        if row - 1 < len(self._values) and col - 1 < len(self._values[row - 1]):
            return self._values[row - 1][col - 1]
        return None

    def set(self, row: int, col: int, value: Any) -> None:
        self.sheet.range((row, col)).value = _safe_text(value)
        if self._values is not None:
            while len(self._values) < row:
                self._values.append([])
            line = self._values[row - 1]
            while len(line) < col:
                line.append(None)
            line[col - 1] = value
        if self._max_row is not None and value is not None:
            self._max_row = max(self._max_row, row)

    def set_format(self, row: int, col: int, number_format: str) -> None:
        rng = self.sheet.range((row, col))
        if str(rng.number_format or "General") in PLAIN_FORMATS:
            rng.number_format = number_format

    def add_rag_conditional_format(self, ref: str) -> None:
        for r, c in _range_cells(ref):
            colour = RAG_COLOURS.get(str(self.get(r, c)))
            if colour:
                self.sheet.range((r, c)).color = _rgb(colour)

    def max_row(self) -> int:
        if self._max_row is None:
            # Excel's last row is 1,048,576: keep room for rows appended at the end
            self._max_row = min(int(self.sheet.used_range.last_cell.row), 1_048_500)
        return self._max_row

    def writable(self, row: int, col: int) -> bool:
        return True


# ---------------------------------------------------------------------------- the copy
# Kept in placement_package.py so the Excel button does not load the patcher; re-exported here.


def fill_copy(src: Any, out: Any, ret: Any, results: Any, force: bool = False) -> Any:
    """See `placement_package.fill_copy` (returns its `KeptCopy`)."""
    from .placement_package import fill_copy as _fill_copy

    return _fill_copy(src, out, ret, results, force=force)
