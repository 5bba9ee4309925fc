"""Annual tables: years as columns (`2002` ... `2006/07`), one indicator per row (a summary
sheet such as a partnership assessment), or one indicator whose rows are measures.

Why a stated rule: a row of years over numbers is also what a profit table looks like, so an
annual table is read only with evidence that it is about financial years: a header or a cell
that names a financial year (`2005/06`, `1029 (2003/04)`), or a typed direction-of-travel
column (▲ ▼ ◀▶ ★, SPEC section 2). Typed arrows are kept on the indicator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..core.cells import parse_cell
from ..core.codes import finding
from ..core.model import Finding, Grid, GridRow, Indicator, Settings
from ..core.periods import fy_label, parse_fy_text
from ..core.reading import BlockReading, ColumnReading, RowReading
from ..core.refs import col_letter
from ..core.rules.dot import normalise_dot
from .grid_cells import show
from .grid_rows import is_text_block_label
from .sheets import SheetData, a1
from .summary_polarity import good_column, polarity_from_arrow, polarity_from_column
from .synonyms import classify_row

ARROWS = {"▲": "improved", "▼": "worse", "◀▶": "static", "◄►": "static", "★": "peaked"}
_CELL_FY = re.compile(r"^\s*([+\-−]?[\d,]*\.?\d+\s*%?)\s*\(\s*((?:19|20)\d\d\s*/\s*\d\d)\s*\)\s*$")
_PLAIN_YEAR = re.compile(r"^\s*((?:19|20)\d\d)\s*$")


def _year_of(v: Any) -> tuple[int, str, bool] | None:
    """A header cell naming a year -> (FY start, label, names a financial year)."""
    if isinstance(v, (int, float)) and not isinstance(v, bool) and float(v).is_integer():
        if 1990 <= v <= 2099:
            return int(v), str(int(v)), False
        return None
    if not isinstance(v, str) or len(v) > 12:
        return None
    m = _PLAIN_YEAR.match(v)
    if m:
        return int(m.group(1)), m.group(1), False
    fy = parse_fy_text(v)
    if fy is not None and re.fullmatch(r"[\d\s/\-–.]+", v.strip()):
        return fy, fy_label(fy), True
    return None


def _year_header(row: list[Any]) -> list[tuple[int, int, str, bool]] | None:
    """(col, FY, label, is-FY-form) for a row of at least 3 ascending years, else None."""
    cells = [(c, *y) for c, v in enumerate(row, start=1) if (y := _year_of(v)) is not None]
    if len(cells) < 3:
        return None
    fys = [f for _, f, _, _ in cells]
    if fys != sorted(set(fys)) or fys[-1] - fys[0] > 3 * len(fys):
        return None
    return cells


def _value(v: Any) -> tuple[float | None, str | None, str]:
    """A cell -> (number, FY label it names, status): '1029 (2003/04)' -> (1029, '2003/04')."""
    if isinstance(v, str):
        m = _CELL_FY.match(v)
        if m:
            p = parse_cell(m.group(1).replace(" ", ""), percent="%" in m.group(1))
            fy = parse_fy_text(m.group(2))
            return p.value, (fy_label(fy) if fy is not None else None), p.status
        p = parse_cell(v, percent="%" in v)
        return p.value, None, p.status
    p = parse_cell(v)
    return p.value, None, p.status


def _arrow(v: Any) -> str | None:
    """A typed arrow (▲ ▼ ◀▶ ★ and their look-alikes) -> its DoT word; words are not arrows."""
    if not isinstance(v, str):
        return None
    t = "".join(v.split())
    if t in ARROWS:
        return ARROWS[t]
    return normalise_dot(t) if 0 < len(t) <= 2 and not t.isalnum() else None


def read_annual_tables(
    sheet: SheetData, settings: Settings, title: str | None
) -> tuple[list[Indicator], list[Finding], list[BlockReading]]:
    """Every annual table on the sheet -> indicators, findings, readings."""
    inds: list[Indicator] = []
    findings: list[Finding] = []
    blocks: list[BlockReading] = []
    used: set[str] = set()
    r = 1
    while r <= len(sheet.rows):
        header = _year_header(sheet.rows[r - 1])
        if header is None:
            r += 1
            continue
        end, got, found, block = _table(sheet, r, header, used)
        inds += got
        findings += found
        blocks.append(block)
        r = max(end, r) + 1
    return inds, findings, blocks


def _table(sheet: SheetData, hr: int, header: list[tuple[int, int, str, bool]],
           used: set[str]) -> tuple[int, list[Indicator], list[Finding], BlockReading]:  # fmt: skip
    """One table of years under header row `hr` -> (its last row, indicators, findings, reading)."""
    cols = [c for c, _, _, _ in header]
    first, last = cols[0], cols[-1]
    hrow = sheet.rows[hr - 1]
    rows = _table_rows(sheet, hr, first, cols)
    end = rows[-1][0] if rows else hr
    cell_fys, arrows = _years_and_arrows(sheet, rows, cols, _arrow_col(hrow, last))
    labels = [cell_fys.get(i, lab) for i, (_, _, lab, _) in enumerate(header)]
    named = [parse_fy_text(lab) if "/" in lab else None for lab in labels]
    fys: list[int] = [f if f is not None else h[1] for f, h in zip(named, header, strict=True)]
    fy_form = any(h[3] for h in header) or bool(cell_fys)
    rng = f"{col_letter(min([lc for _, _, lc in rows], default=first))}{hr}:{col_letter(last)}{end}"
    block = BlockReading(None, rng, hr, col_letter(rows[0][2]) if rows else "", "annual")
    block.columns = [ColumnReading(a1(hr, c), show(hrow[c - 1]), lab)
                     for c, lab in zip(cols, labels, strict=True)]  # fmt: skip
    if not (fy_form or arrows) or not rows:
        return end, [], [_not_read(sheet.name, a1(hr, first), bool(rows), block)], block
    fy = fys[-1]
    block.fy, block.fy_source = fy_label(fy), "the year headers"
    plain = not fy_form and all(n is None for n in named)  # bare calendar years: shown as written
    latest = labels[-1] if plain else fy_label(fy)
    if plain:
        block.fy = None
        block.years = f"Years {labels[0]} to {labels[-1]}, as the headers name them"
    table = _Table(sheet, hr, cols, labels, fy, arrows, block)
    inds, findings = _indicators(table, rows, good_column(hrow, rows, first, sheet), used)
    block.notes.append(f"{len(inds)} annual indicator(s); the latest year is {latest}")
    return end, inds, findings, block


def _arrow_col(hrow: list[Any], last: int) -> int | None:
    """A 'Direction of travel' / 'Trajectory' column right of the years, if headed so."""
    return next(
        (c for c in range(last + 1, len(hrow) + 1)
         if re.search(r"trajector|direction|\bdot\b|trend", str(hrow[c - 1] or "").lower())),
        None,
    )  # fmt: skip


def _table_rows(
    sheet: SheetData, hr: int, first: int, cols: list[int]
) -> list[tuple[int, str, int]]:
    """(row, label, label column) of each labelled row with figures, until two blank rows, a
    text block label or the next row of years."""
    rows: list[tuple[int, str, int]] = []
    blank = 0
    for r in range(hr + 1, len(sheet.rows) + 1):
        row = sheet.rows[r - 1]
        if _year_header(row) is not None:
            break
        label, lc = "", 0
        for c in range(min(first - 1, len(row)), 0, -1):
            if isinstance(row[c - 1], str) and row[c - 1].strip():
                label, lc = " ".join(show(row[c - 1]).split()), c
        vals = [row[c - 1] if c <= len(row) else None for c in cols]
        if not label and all(v is None for v in vals):
            blank += 1
            if blank >= 2:
                break
            continue
        blank = 0
        if is_text_block_label(label):
            break
        if label and any(v is not None for v in vals):
            rows.append((r, label, lc))
    return rows


def _years_and_arrows(sheet: SheetData, rows: list[tuple[int, str, int]], cols: list[int],
                      arrow_col: int | None) -> tuple[dict[int, str], dict[int, tuple[str, str]]]:  # fmt: skip
    """The FY each column's cells name ('1029 (2003/04)'), and each row's typed arrow and cell."""
    cell_fys: dict[int, str] = {}
    arrows: dict[int, tuple[str, str]] = {}
    last = cols[-1]
    for rr, _, _ in rows:
        row = sheet.rows[rr - 1]
        for i, c in enumerate(cols):
            _, fyl, _ = _value(row[c - 1] if c <= len(row) else None)
            if fyl is not None:
                cell_fys.setdefault(i, fyl)
        for c in [arrow_col] if arrow_col else range(last + 1, len(row) + 1):
            a = _arrow(row[c - 1] if c <= len(row) else None)
            if a is not None:
                arrows[rr] = (a, a1(rr, c))
                break
    return cell_fys, arrows


def _not_read(sheet: str, cell: str, has_rows: bool, block: BlockReading) -> Finding:
    """SHEET_SKIPPED (info) for a table of years that is not a return's figures."""
    why = (
        "no row with figures under it"
        if not has_rows
        else (
            "its years are plain years with no financial year (2005/06) named and no "
            "direction-of-travel arrows, so it was not taken for a return's figures"
        )
    )
    block.notes.append(f"not read: {why}")
    return finding(
        "SHEET_SKIPPED", sheet, cell, f"The table of years at {cell} was not read: {why}."
    )


@dataclass(frozen=True)
class _Table:
    """What every indicator of one annual table shares."""

    sheet: SheetData
    header_row: int
    cols: list[int]
    labels: list[str]
    fy: int
    arrows: dict[int, tuple[str, str]]
    block: BlockReading


def _indicators(t: _Table, rows: list[tuple[int, str, int]], good_col: int | None,
                used: set[str]) -> tuple[list[Indicator], list[Finding]]:  # fmt: skip
    """One indicator per row (a summary sheet), or one whose rows are its measures."""
    kinds = [classify_row(x[1]) for x in rows]
    inputs = [k for k in kinds if k in ("actual", "actual_last_year", "numerator", "denominator")]
    per_row = not inputs or 2 * sum(k != "unknown" for k in kinds) < len(kinds)
    inds: list[Indicator] = []
    findings: list[Finding] = []
    for g in [[x] for x in rows] if per_row else [rows]:
        grid_rows = [_grid_row(t, rr, label, lc, per_row, findings) for rr, label, lc in g]
        grid = Grid(t.header_row, t.cols[0], "annual", t.fy, list(t.labels), grid_rows,
                    fy_source="header")  # fmt: skip
        name = g[0][1] if per_row else None
        ind = Indicator(sheet=t.sheet.name, title=name or t.sheet.name, grid=grid)
        if per_row:
            key = name or ""
            while key in used:
                key = f"{name} (row {g[0][0]})"
            used.add(key)
            ind.block = key
        if per_row and good_col is not None:
            findings += polarity_from_column(t.sheet, ind, g[0][0], good_col)
        if per_row and g[0][0] in t.arrows and ind.polarity_source == "default":
            ind.typed_dot, ind.typed_dot_cell = t.arrows[g[0][0]]
            findings += polarity_from_arrow(t.sheet.name, ind, grid_rows[0].values)
        inds.append(ind)
        t.block.indicators.append(ind.key)
    return inds, findings


def _grid_row(t: _Table, rr: int, label: str, lc: int, per_row: bool,
              findings: list[Finding]) -> GridRow:  # fmt: skip
    """One row of the table as a grid row; a cell that is not a number is reported and missing."""
    row = t.sheet.rows[rr - 1]
    values = []
    for i, c in enumerate(t.cols):
        v = row[c - 1] if c <= len(row) else None
        n, _, status = _value(v)
        values.append(n)
        if status == "text":
            findings.append(finding(
                "NOT_A_NUMBER", t.sheet.name, a1(rr, c),
                f"'{label}' for {t.labels[i]} holds '{show(v)}', which is not a number; it "
                "was treated as missing.", "a number", show(v)))  # fmt: skip
    kind = "actual" if per_row else classify_row(label)
    t.block.rows.append(RowReading(label, a1(rr, lc), kind, None,
                                   "one indicator per row" if per_row else "label"))  # fmt: skip
    return GridRow(label, kind, values, [row[c - 1] if c <= len(row) else None for c in t.cols],
                   [a1(rr, c) for c in t.cols], rr, a1(rr, lc))  # fmt: skip
