"""The parts of one block under a header: its label column and rows, its reading, its rows read
as figures in a year, its whole-year history, and the warning when the year has no figures.

Why: `grid._read_block` reads a block in a fixed order (rows, year, figures); each step is here
as a function that returns what it found, so the order of the findings is the reading order.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..core.cells import parse_cell
from ..core.codes import finding
from ..core.model import Finding, Grid, GridRow
from ..core.periods import fy_label, period_name
from ..core.reading import BlockReading, ColumnReading, RowReading
from ..core.refs import col_letter
from .grid_cells import Header, label_left, out_of_order, show
from .grid_fy import period_findings
from .grid_rows import RawRow, build_row, collect_rows, pair_ytd_rows
from .grid_years import CURRENT_KINDS, considered, place_rows, unrecognised
from .sheets import SheetData, a1


def labels_below(sheet: SheetData, header_row: int, col: int) -> bool:
    """The column holds row labels (text, no numbers) under the header."""
    text = False
    for r in range(header_row + 1, min(len(sheet.rows), header_row + 30) + 1):
        row = sheet.rows[r - 1]
        v = row[col - 1] if col <= len(row) else None
        if v is None:
            continue
        if parse_cell(v).status == "number":
            return False
        text = text or isinstance(v, str)
    return text


def history_source(grid_rows: list[Any], sheet: SheetData, history: dict[int, str]) -> Any:
    """The row whose history cells are read: this year's actuals, else last year's, else the
    first row with figures there."""

    def has(r: Any) -> bool:
        row = sheet.rows[r.row - 1]
        return any(c <= len(row) and parse_cell(row[c - 1]).value is not None for c in history)

    for kind in ("actual", "actual_last_year"):
        for r in grid_rows:
            if r.kind == kind and has(r):
                return r
    return next((r for r in grid_rows if has(r)), None)


def block_header_label(hrow: list[Any], h: Header, label_limit: int, history: dict[int, str],
                  first_block: bool) -> tuple[str, int | None]:  # fmt: skip
    """The label cell left of the header row ('Month', '2014/15'), unless it is a history
    column or (in the first block) a number."""
    label, col = label_left(hrow, label_limit, h.first_label_col)
    if col is not None and col in history:
        return "", None
    if first_block and label and parse_cell(hrow[col - 1] if col else None).status == "number":
        return "", None
    return label, col


def block_rows(sheet: SheetData, h: Header, label_limit: int, history: dict[int, str],
                row_synonyms: dict[str, str] | None, next_header: int | None,
                same_row: list[Header]) -> tuple[str, list[RawRow], list[str]]:  # fmt: skip
    """(header label, rows, ignored labels) of a block. Side-by-side blocks share the first
    block's label column when the column between them holds no labels."""
    idx = same_row.index(h)
    if idx > 0:
        h.shared_label_col = same_row[0].shared_label_col
    hrow = sheet.rows[h.row - 1]
    header_label, header_label_col = block_header_label(hrow, h, label_limit, history, idx == 0)
    ignored: list[str] = []
    rows = collect_rows(sheet, h, label_limit, header_label, header_label_col, row_synonyms,
                        ignored)  # fmt: skip
    if idx > 0 and h.shared_label_col and not any(x.kind != "unknown" for x in rows):
        h.first_label_col = h.cols[0]  # the column between the blocks is not labels: share them
        ignored = []
        rows = collect_rows(sheet, h, label_limit, "", None, row_synonyms, ignored)
    if next_header is not None:
        rows = [x for x in rows if x.row < next_header]
    if idx == 0:
        lcols = [x.label_col for x in rows if x.label_col is not None]
        h.shared_label_col = Counter(lcols).most_common(1)[0][0] if lcols else None
        for later in same_row[1:]:
            later.shared_label_col = h.shared_label_col
    return header_label, rows, ignored


def block_reading(h: Header, rows: list[RawRow], history: dict[int, str]) -> BlockReading:
    """The block's reading: its range and the column its labels are in."""
    first = h.cols[0]
    label_col = Counter([x.label_col for x in rows if x.label_col]).most_common(1)
    letter = col_letter(label_col[0][0]) if label_col else col_letter(max(1, first - 1))
    last_row = max((x.row for x in rows), default=h.row)
    rng = f"{col_letter(min([*history, *h.cols]) if history else first)}{h.row}:" \
          f"{col_letter(max(h.cols))}{last_row}"  # fmt: skip
    return BlockReading(h.name, rng, h.row, letter, h.frequency)


def build_grid_rows(sheet: SheetData, h: Header, rows: list[RawRow], fy: int, source: str,
               extra_cols: dict[int, str], reading: BlockReading,
               findings: list[Finding]) -> list[GridRow]:  # fmt: skip
    """The block's rows placed in year `fy` and read as grid rows; their findings (in reading
    order: years, header order, periods, cells, unrecognised labels) go to `findings`."""
    found, notes = place_rows(sheet.name, rows, fy)
    reading.notes += notes
    findings += found
    if h.issues:
        findings.append(out_of_order(sheet.name, h.issues, "error", fy, h.frequency))
    if h.unreadable:
        findings.append(out_of_order(sheet.name, h.unreadable, "warning", fy, h.frequency))
    findings += period_findings(sheet.name, h, fy, source)
    grid_rows = []
    for x in rows:
        gr, f = build_row(sheet, x, h, fy, extra_cols)
        grid_rows.append(gr)
        findings.extend(f)
    pair_ytd_rows(grid_rows)
    findings += unrecognised(sheet.name, rows)
    reading.rows = [
        RowReading(x.label, gr.label_cell, gr.kind,
                   fy_label(x.fy) if x.fy is not None else None, x.how, considered(x, fy),
                   x.used, x.note)
        for x, gr in zip(rows, grid_rows, strict=True)
    ]  # fmt: skip
    return grid_rows


def read_history(sheet: SheetData, grid: Grid, history: dict[int, str],
                  reading: BlockReading) -> None:  # fmt: skip
    """Whole-year history columns ('12/13', '2014/15') into `grid.annual_history`."""
    src = history_source(grid.rows, sheet, history)
    if src is None:
        return
    srow = sheet.rows[src.row - 1]
    for c, key in history.items():
        v = srow[c - 1] if c <= len(srow) else None
        p = parse_cell(v)
        if p.value is not None:
            grid.annual_history[key] = p.value
    reading.notes.append(
        f"whole-year history columns read from row '{src.label}' ({src.label_cell})"
    )


def no_current_figures(sheet: str, grid: Grid, header_cell: str,
                        reading: BlockReading) -> list[Finding]:  # fmt: skip
    """NO_CURRENT_FIGURES when the year read has no figures at all (they may be mislabelled)."""
    current = [gr for gr in grid.rows if gr.kind in CURRENT_KINDS]
    if any(v is not None for gr in current for v in gr.values):
        return []
    fy = grid.fy
    at = current[0].cells[0] if current else header_cell
    return [
        finding(
            "NO_CURRENT_FIGURES",
            sheet,
            at,
            f"A grid was found at {header_cell} but it has no figures for {fy_label(fy)}, the "
            f"year the return reports (from {reading.fy_source}). If this year's figures are "
            "there, label their row with the year (for example 'Actual "
            f"{fy} - {fy + 1}') or add it to the Settings sheet's 'Row label | Kind' table.",
            fy_label(fy),
            None,
        )
    ]


def block_end(h: Header, same_row: list[Header]) -> int:
    """The first column of the next block on the same header row (extras stop there)."""
    later = [x for x in same_row if x.cols[0] > h.cols[-1]]
    return min((x.cols[0] for x in later), default=10**6)


def block_columns(h: Header, fy: int, history: dict[int, str],
             extra: dict[int, str]) -> list[ColumnReading]:  # fmt: skip
    cols = [ColumnReading(a1(h.row, c), key, f"history {key}") for c, key in history.items()]
    for i, (c, v) in enumerate(zip(h.cols, h.labels, strict=False)):
        cols.append(ColumnReading(a1(h.row, c), show(v), period_name(fy, i, h.frequency)))
    cols += [ColumnReading(a1(h.row, c), v, f"extra: {v}") for c, v in extra.items()]
    return cols
