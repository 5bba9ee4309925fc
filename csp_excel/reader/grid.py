"""Find an indicator's period grids anywhere on a sheet and read their rows with located findings.

A grid is found by its header row (12 month labels, 4 quarter labels), not by position: returns
put it in different rows and columns, sometimes with whole-year history columns to the left and
a YTD column to the right, sometimes several grids on one sheet (stacked, or side by side under
one header row, one per district). Every cell problem becomes a Finding at its exact cell, and
every decision goes into the block's reading (core.reading).

Here: the evidence a grid needs, and putting it together. Headers are found in `grid_header`
(from the cells in `grid_cells`), rows read in `grid_rows`, the year chosen in `grid_fy`, and
rows placed in years in `grid_years`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..core.codes import finding
from ..core.model import Finding, Grid
from ..core.periods import (
    fy_label,
    parse_fy_text,
    parse_month_label,
    parse_quarter_label,
    period_name,
)
from ..core.reading import BlockReading, RowReading
from .grid_block import (
    block_columns,
    block_end,
    block_reading,
    block_rows,
    build_grid_rows,
    labels_below,
    no_current_figures,
    read_history,
)
from .grid_cells import (
    Header,
    extra_columns,
    history_columns,
    name_above,
    show,
)
from .grid_fy import FY_SOURCE_WORDS, resolve_fy
from .grid_header import find_headers
from .grid_rows import pair_ytd_rows
from .grid_years import FIGURE_KINDS
from .sheets import SheetData, a1
from .synonyms import is_year_only


@dataclass
class GridResult:
    """One block of a sheet: its grid (None when not read), findings and reading."""

    grid: Grid | None
    findings: list[Finding]
    reading: BlockReading
    skip: str = ""  # why the block was not read as an indicator
    skip_cell: str | None = None
    skip_why: str = ""  # "no year", "no figures", "columns": what the skip finding says
    name: str | None = None
    header_row: int = 0
    top_row: int = 0  # the first row above the header that belongs to the block (its title)
    ignored: list[str] = field(default_factory=list)


def _is_period(v: Any) -> bool:
    return parse_month_label(v) is not None or parse_quarter_label(v) is not None


def read_grids(
    sheet: SheetData,
    fy_hint: int | None,
    fy_hint_source: str = "reporting month",
    row_synonyms: dict[str, str] | None = None,
    title_fy: int | None = None,
    fy_hint_words: str = "",
) -> list[GridResult]:
    """Every block on the sheet, top to bottom and left to right."""
    headers = find_headers(sheet, fy_hint)
    rows_of = sorted({h.row for h in headers})
    out: list[GridResult] = []
    several = len(headers) > 1
    prev_bottom = 0
    for h in headers:
        nxt = next((r for r in rows_of if r > h.row), None)
        same_row = [x for x in headers if x.row == h.row]
        if h.invalid:
            hrow = sheet.rows[h.row - 1]
            col = next((c for c in h.cols if 1 <= c <= len(hrow) and _is_period(hrow[c - 1])), 1)
            cell = a1(h.row, col)  # the first header cell that is there
            br = BlockReading(None, cell, h.row, "", h.frequency)
            why = f"a row of period headers was found but {h.invalid}"
            out.append(GridResult(None, [], br, why, cell, "columns", header_row=h.row,
                                  top_row=h.row))  # fmt: skip
            continue
        res = _read_block(sheet, h, fy_hint, fy_hint_source, row_synonyms, title_fy,
                          fy_hint_words, nxt, same_row)  # fmt: skip
        if several and res.name is None:
            lo = min(h.cols) - 1 if h.first_label_col <= 1 else h.first_label_col
            name, _ = name_above(sheet, h.row, max(1, lo - 1), max(h.cols), prev_bottom)
            if name is not None and parse_fy_text(name) is None:
                res.name = name
            if res.name is None:
                res.name = f"grid at {a1(h.row, h.cols[0])}"
        res.reading.name = res.name
        res.top_row = max(prev_bottom + 1, h.row - 3)
        if same_row[-1] is h:
            prev_bottom = max(prev_bottom, max((r.row for r in res.grid.rows), default=h.row)
                              if res.grid else h.row)  # fmt: skip
        out.append(res)
    return out


def _read_block(sheet: SheetData, h: Header, fy_hint: int | None, fy_hint_source: str,
                row_synonyms: dict[str, str] | None, title_fy: int | None, fy_hint_words: str,
                next_header: int | None, same_row: list[Header]) -> GridResult:  # fmt: skip
    """One block under header `h`: its rows, its year, then its figures (or why it was skipped)."""
    hrow = sheet.rows[h.row - 1]
    h.labels = [hrow[c - 1] if c <= len(hrow) else None for c in h.cols]
    first = h.cols[0]
    left_others = [c for c in h.other_cols if c < first]  # last year's periods on the left
    history = {
        c: key
        for c, key in history_columns(hrow, first, left_others).items()
        if c >= h.first_label_col and not labels_below(sheet, h.row, c)
    }  # a year typed in the label column's header cell ('2016/17' over 'Month') is not history
    label_limit = min([*history, *left_others, first]) - 1
    header_label, rows, ignored = block_rows(sheet, h, label_limit, history, row_synonyms,
                                              next_header, same_row)  # fmt: skip
    reading = block_reading(h, rows, history)
    result = GridResult(None, list(h.findings), reading, name=h.name, header_row=h.row,
                        ignored=ignored)  # fmt: skip
    if title_fy is None and header_label and is_year_only(header_label):
        title_fy = parse_fy_text(header_label)  # '2014/15' typed in the header's label cell
        fy_hint_words = fy_hint_words or f"the header's label '{header_label}'"
    fy, source = resolve_fy(h, rows, fy_hint, fy_hint_source, title_fy)
    if fy is None:
        result.skip = (
            f"the {h.frequency} headers name no year and nothing else in the return says which "
            "financial year it is"
        )
        result.skip_cell, result.skip_why = a1(h.row, first), "no year"
        reading.rows = [RowReading(x.label, a1(x.label_row or x.row, x.label_col or 1), x.kind,
                                   None, x.how) for x in rows]  # fmt: skip
        return result
    words = fy_hint_words if source in (fy_hint_source, "title") and source != "header" else ""
    reading.fy, reading.fy_source = fy_label(fy), words or FY_SOURCE_WORDS.get(source, source)
    extra_cols = {c: " ".join(show(hrow[c - 1]).split()) for c in left_others}
    limit = block_end(h, same_row)
    extra_cols.update({c: v for c, v in extra_columns(hrow, h.cols[-1]).items() if c < limit})
    reading.columns = block_columns(h, fy, history, extra_cols)
    grid_rows = build_grid_rows(sheet, h, rows, fy, source, extra_cols, reading, result.findings)
    if not any(gr.kind in FIGURE_KINDS for gr in grid_rows):
        result.skip = "no row under the header was recognised as figures"
        result.skip_cell = grid_rows[0].label_cell if grid_rows else a1(h.row, first)
        result.skip_why = "no figures"
        return result
    grid = Grid(
        header_row=h.row,
        first_col=first,
        frequency=h.frequency,  # type: ignore[arg-type]
        fy=fy,
        period_labels=[period_name(fy, i, h.frequency) for i in range(len(h.cols))],
        rows=grid_rows,
        fy_source=source,
    )
    if history:
        read_history(sheet, grid, history, reading)
    result.findings += no_current_figures(sheet.name, grid, a1(h.row, first), reading)
    result.grid = grid
    return result


def find_grid(
    sheet: SheetData,
    fy_hint: int | None,
    fy_hint_source: str = "reporting month",
    row_synonyms: dict[str, str] | None = None,
) -> tuple[Grid | None, list[Finding]]:
    """The first grid on the sheet; (None, [GRID_NOT_FOUND]) if there is none.

    `fy_hint` is the FY of the return's reporting month: the grid is always read as that FY, and
    header months from another year are reported (PERIOD_MISMATCH).
    """
    results = [r for r in read_grids(sheet, fy_hint, fy_hint_source, row_synonyms)]
    if not results:
        return None, [grid_not_found(sheet.name)]
    r = results[0]
    return r.grid, r.findings


def grid_not_found(name: str) -> Finding:
    return finding(
        "GRID_NOT_FOUND",
        name,
        None,
        f"No row of 12 month (or 4 quarter) headers was found on sheet '{name}', "
        "so no figures could be read from it.",
    )


__all__ = [
    "GridResult",
    "find_grid",
    "grid_not_found",
    "pair_ytd_rows",
    "read_grids",
    "show",
]
