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

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..core.cells import parse_cell
from ..core.model import Finding, Grid
from ..core.periods import (
    fy_label,
    parse_fy_text,
    parse_month_label,
    parse_quarter_label,
    period_name,
)
from ..core.reading import BlockReading, ColumnReading, RowReading
from ..core.refs import col_letter
from .grid_cells import (
    Header,
    extra_columns,
    history_columns,
    label_left,
    name_above,
    out_of_order,
    show,
)
from .grid_fy import FY_SOURCE_WORDS, period_findings, resolve_fy
from .grid_header import find_headers
from .grid_rows import (
    COUNT_KINDS,
    MAX_GRID_ROWS,
    NON_NUMERIC_KINDS,
    PERCENT_KINDS,
    TEXT_BLOCK_LABELS,
    build_row,
    collect_rows,
    is_text_block_label,
    pair_ytd_rows,
)
from .grid_years import CURRENT_KINDS, FIGURE_KINDS, considered, place_rows, unrecognised
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


def _labels_below(sheet: SheetData, header_row: int, col: int) -> bool:
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


def _history_source(grid_rows: list[Any], sheet: SheetData, history: dict[int, str]) -> Any:
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
    hrow = sheet.rows[h.row - 1]
    h.labels = [hrow[c - 1] if c <= len(hrow) else None for c in h.cols]
    first = h.cols[0]
    left_others = [c for c in h.other_cols if c < first]  # last year's periods on the left
    history = {
        c: key
        for c, key in history_columns(hrow, first, left_others).items()
        if c >= h.first_label_col and not _labels_below(sheet, h.row, c)
    }  # a year typed in the label column's header cell ('2016/17' over 'Month') is not history
    label_limit = min([*history, *left_others, first]) - 1
    idx = same_row.index(h)
    if idx > 0:
        h.shared_label_col = same_row[0].shared_label_col
    header_label, header_label_col = label_left(hrow, label_limit, h.first_label_col)
    if header_label_col is not None and header_label_col in history:
        header_label, header_label_col = "", None
    if (
        idx == 0
        and header_label
        and parse_cell(hrow[header_label_col - 1] if header_label_col else None).status == "number"
    ):
        header_label, header_label_col = "", None
    ignored: list[str] = []
    rows = collect_rows(sheet, h, label_limit, header_label, header_label_col, row_synonyms,
                         ignored)  # fmt: skip
    if idx > 0 and h.shared_label_col and not any(x.kind != "unknown" for x in rows):
        h.first_label_col = first  # the column between the blocks is not labels: share them
        ignored = []
        rows = collect_rows(sheet, h, label_limit, "", None, row_synonyms, ignored)
    if next_header is not None:
        rows = [x for x in rows if x.row < next_header]
    if idx == 0:
        lcols = [x.label_col for x in rows if x.label_col is not None]
        h.shared_label_col = Counter(lcols).most_common(1)[0][0] if lcols else None
        for later in same_row[1:]:
            later.shared_label_col = h.shared_label_col
    label_col = Counter([x.label_col for x in rows if x.label_col]).most_common(1)
    letter = col_letter(label_col[0][0]) if label_col else col_letter(max(1, first - 1))
    last_row = max((x.row for x in rows), default=h.row)
    rng = f"{col_letter(min([*history, *h.cols]) if history else first)}{h.row}:" \
          f"{col_letter(max(h.cols))}{last_row}"  # fmt: skip
    reading = BlockReading(h.name, rng, h.row, letter, h.frequency)
    result = GridResult(None, list(h.findings), reading, name=h.name, header_row=h.row,
                        ignored=ignored)  # fmt: skip
    if title_fy is None and header_label and is_year_only(header_label):
        title_fy = parse_fy_text(header_label)  # '2014/15' typed in the header's label cell
        fy_hint_words = fy_hint_words or f"the header's label '{header_label}'"
    fy, source = resolve_fy(h, rows, fy_hint, fy_hint_source, title_fy)
    header_cell = a1(h.row, first)
    if fy is None:
        result.skip = (
            f"the {h.frequency} headers name no year and nothing else in the return says which "
            "financial year it is"
        )
        result.skip_cell, result.skip_why = header_cell, "no year"
        reading.rows = [RowReading(x.label, a1(x.label_row or x.row, x.label_col or 1), x.kind,
                                   None, x.how) for x in rows]  # fmt: skip
        return result
    words = fy_hint_words if source in (fy_hint_source, "title") and source != "header" else ""
    reading.fy, reading.fy_source = fy_label(fy), words or FY_SOURCE_WORDS.get(source, source)
    found, notes = place_rows(sheet.name, rows, fy)
    reading.notes += notes
    findings = result.findings
    findings += found
    if h.issues:
        findings.append(out_of_order(sheet.name, h.issues, "error", fy, h.frequency))
    if h.unreadable:
        findings.append(out_of_order(sheet.name, h.unreadable, "warning", fy, h.frequency))
    findings += period_findings(sheet.name, h, fy, source)
    limit = _block_end(h, same_row)
    extra_cols = {c: " ".join(show(hrow[c - 1]).split()) for c in left_others}
    extra_cols.update({c: v for c, v in extra_columns(hrow, h.cols[-1]).items() if c < limit})
    reading.columns = _columns(h, fy, history, extra_cols)
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
    if not any(gr.kind in FIGURE_KINDS for gr in grid_rows):
        result.skip = "no row under the header was recognised as figures"
        result.skip_cell = grid_rows[0].label_cell if grid_rows else header_cell
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
        src = _history_source(grid_rows, sheet, history)
        if src is not None:
            srow = sheet.rows[src.row - 1]
            for c, key in history.items():
                v = srow[c - 1] if c <= len(srow) else None
                p = parse_cell(v)
                if p.value is not None:
                    grid.annual_history[key] = p.value
            result.reading.notes.append(
                f"whole-year history columns read from row '{src.label}' ({src.label_cell})"
            )
    current = [gr for gr in grid_rows if gr.kind in CURRENT_KINDS]
    if not any(v is not None for gr in current for v in gr.values):
        at = current[0].cells[0] if current else header_cell
        findings.append(
            Finding(
                "NO_CURRENT_FIGURES",
                "warning",
                sheet.name,
                at,
                f"A grid was found at {header_cell} but it has no figures for {fy_label(fy)}, the "
                f"year the return reports (from {reading.fy_source}). If this year's figures are "
                "there, label their row with the year (for example 'Actual "
                f"{fy} - {fy + 1}') or add it to the Settings sheet's 'Row label | Kind' table.",
                fy_label(fy),
                None,
            )
        )
    result.grid = grid
    return result


def _block_end(h: Header, same_row: list[Header]) -> int:
    """The first column of the next block on the same header row (extras stop there)."""
    later = [x for x in same_row if x.cols[0] > h.cols[-1]]
    return min((x.cols[0] for x in later), default=10**6)


def _columns(h: Header, fy: int, history: dict[int, str],
             extra: dict[int, str]) -> list[ColumnReading]:  # fmt: skip
    cols = [ColumnReading(a1(h.row, c), key, f"history {key}") for c, key in history.items()]
    for i, (c, v) in enumerate(zip(h.cols, h.labels, strict=False)):
        cols.append(ColumnReading(a1(h.row, c), show(v), period_name(fy, i, h.frequency)))
    cols += [ColumnReading(a1(h.row, c), v, f"extra: {v}") for c, v in extra.items()]
    return cols


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
    return Finding(
        "GRID_NOT_FOUND",
        "warning",
        name,
        None,
        f"No row of 12 month (or 4 quarter) headers was found on sheet '{name}', "
        "so no figures could be read from it.",
    )


__all__ = [
    "COUNT_KINDS",
    "MAX_GRID_ROWS",
    "NON_NUMERIC_KINDS",
    "PERCENT_KINDS",
    "TEXT_BLOCK_LABELS",
    "GridResult",
    "find_grid",
    "grid_not_found",
    "is_text_block_label",
    "pair_ytd_rows",
    "read_grids",
    "show",
]
