"""Rows the grid lacks, added UNDER the grid (never by shifting the user's cells): where they go."""

from __future__ import annotations

from typing import Any

from ...core.model import Indicator
from ...core.refs import a1, parse_a1
from .interface import ADDED_NOTE, DERIVED, Sheet, Writer, is_empty


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


# an added row: (label, row kind or None for a single value, series or the single value)
Added = tuple[str, str | None, Any]


def grid_box(inds: list[Indicator]) -> tuple[int, int, int]:
    """(label column, last period column, bottom row) of the grids together."""
    grids = [ind.grid for ind in inds if ind.grid is not None]
    label_cols = [parse_a1(r.label_cell)[1] for g in grids for r in g.rows if r.label_cell]
    first = min(g.first_col for g in grids)
    label_col = min(label_cols) if label_cols else max(1, first - 1)
    last_col = max(g.first_col + g.n - 1 for g in grids)
    bottom = max(max([g.header_row] + [r.row for r in g.rows]) for g in grids)
    return label_col, last_col, bottom


def _write_added(w: Writer, grid_first: int, n: int, row: int, added: list[Added]) -> None:
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


def add_rows(
    w: Writer, entries: list[tuple[Indicator, Added]], note: str | None, table: bool = False
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
    label_col, last_col, bottom = grid_box(list({id(i): i for i, _ in entries}.values()))
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
