"""Annual tables: years as columns (`2002` ... `2006/07`), one indicator per row (a summary
sheet such as a partnership assessment), or one indicator whose rows are measures.

Why a stated rule: a row of years over numbers is also what a profit table looks like, so an
annual table is read only with evidence that it is about financial years: a header or a cell
that names a financial year (`2005/06`, `1029 (2003/04)`), or a typed direction-of-travel
column (▲ ▼ ◀▶ ★, SPEC section 2). Typed arrows are kept on the indicator.
"""

from __future__ import annotations

import re
from typing import Any

from ..core.cells import parse_cell
from ..core.model import Finding, Grid, GridRow, Indicator, Settings
from ..core.periods import fy_label, parse_fy_text
from ..core.reading import BlockReading, ColumnReading, RowReading
from ..core.refs import col_letter
from ..core.rules.dot import normalise_dot
from .grid_header import show
from .grid_rows import is_text_block_label
from .sheets import SheetData, a1
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
    cols = [c for c, _, _, _ in header]
    first, last = cols[0], cols[-1]
    hrow = sheet.rows[hr - 1]
    arrow_col = next(
        (c for c in range(last + 1, len(hrow) + 1)
         if re.search(r"trajector|direction|\bdot\b|trend", str(hrow[c - 1] or "").lower())),
        None,
    )  # fmt: skip
    rows: list[tuple[int, str, int]] = []
    r = hr + 1
    blank = 0
    while r <= len(sheet.rows):
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
            r += 1
            continue
        blank = 0
        if is_text_block_label(label):
            break
        if label and any(v is not None for v in vals):
            rows.append((r, label, lc))
        r += 1
    end = rows[-1][0] if rows else hr
    labels = [lab for _, _, lab, _ in header]
    cell_fys: dict[int, str] = {}
    arrows: dict[int, tuple[str, str]] = {}
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
    labels = [cell_fys.get(i, lab) for i, lab in enumerate(labels)]
    named = [parse_fy_text(lab) if "/" in lab else None for lab in labels]
    fys: list[int] = [f if f is not None else h[1] for f, h in zip(named, header, strict=True)]
    fy_form = any(h[3] for h in header) or bool(cell_fys)
    rng = f"{col_letter(min([lc for _, _, lc in rows], default=first))}{hr}:{col_letter(last)}{end}"
    block = BlockReading(None, rng, hr, col_letter(rows[0][2]) if rows else "", "annual")
    block.columns = [ColumnReading(a1(hr, c), show(hrow[c - 1]), lab)
                     for c, lab in zip(cols, labels, strict=True)]  # fmt: skip
    if not (fy_form or arrows) or not rows:
        why = (
            "no row with figures under it"
            if not rows
            else (
                "its years are plain years with no financial year (2005/06) named and no "
                "direction-of-travel arrows, so it was not taken for a return's figures"
            )
        )
        f = Finding("SHEET_SKIPPED", "info", sheet.name, a1(hr, first),
                    f"The table of years at {a1(hr, first)} was not read: {why}.")  # fmt: skip
        block.notes.append(f"not read: {why}")
        return end, [], [f], block
    fy = fys[-1]
    block.fy, block.fy_source = fy_label(fy), "the year headers"
    plain = not fy_form and all(n is None for n in named)  # bare calendar years: shown as written
    latest = labels[-1] if plain else fy_label(fy)
    if plain:
        block.fy = None
        block.years = f"Years {labels[0]} to {labels[-1]}, as the headers name them"
    kinds = [classify_row(x[1]) for x in rows]
    inputs = [k for k in kinds if k in ("actual", "actual_last_year", "numerator", "denominator")]
    inds: list[Indicator] = []
    findings: list[Finding] = []
    per_row = not inputs or 2 * sum(k != "unknown" for k in kinds) < len(kinds)
    good_col = _good_column(hrow, rows, first, sheet)
    groups = [[x] for x in rows] if per_row else [rows]
    for g in groups:
        grid_rows = []
        for rr, label, lc in g:
            row = sheet.rows[rr - 1]
            values = []
            for i, c in enumerate(cols):
                v = row[c - 1] if c <= len(row) else None
                n, _, status = _value(v)
                values.append(n)
                if status == "text":
                    findings.append(Finding(
                        "NOT_A_NUMBER", "warning", sheet.name, a1(rr, c),
                        f"'{label}' for {labels[i]} holds '{show(v)}', which is not a number; it "
                        "was treated as missing.", "a number", show(v)))  # fmt: skip
            kind = "actual" if per_row else classify_row(label)
            grid_rows.append(GridRow(label, kind, values,
                                     [row[c - 1] if c <= len(row) else None for c in cols],
                                     [a1(rr, c) for c in cols], rr, a1(rr, lc)))  # fmt: skip
            block.rows.append(RowReading(label, a1(rr, lc), kind, None,
                                         "one indicator per row" if per_row else "label"))  # fmt: skip
        grid = Grid(hr, first, "annual", fy, list(labels), grid_rows, fy_source="header")
        name = g[0][1] if per_row else None
        ind = Indicator(sheet=sheet.name, title=name or sheet.name, grid=grid)
        if per_row:
            key = name or ""
            while key in used:
                key = f"{name} (row {g[0][0]})"
            used.add(key)
            ind.block = key
        if per_row and good_col is not None:
            findings += _polarity_from_column(sheet, ind, g[0][0], good_col)
        if per_row and g[0][0] in arrows and ind.polarity_source == "default":
            ind.typed_dot, ind.typed_dot_cell = arrows[g[0][0]]
            findings += _polarity_from_arrow(sheet.name, ind, grid_rows[0].values)
        inds.append(ind)
        block.indicators.append(ind.key)
    block.notes.append(f"{len(inds)} annual indicator(s); the latest year is {latest}")
    return end, inds, findings, block


def _polarity_from_arrow(sheet: str, ind: Indicator, values: list[float | None]) -> list[Finding]:
    """A typed ▲ (improved) or ▼ (worse) with the last two years' change says which way is good."""
    known = [v for v in values if v is not None]
    if ind.typed_dot not in ("improved", "worse") or len(known) < 2 or known[-1] == known[-2]:
        return []
    up = known[-1] > known[-2]
    higher = up == (ind.typed_dot == "improved")
    ind.polarity, ind.polarity_source = ("higher" if higher else "lower"), "sheet"
    word = "higher is better" if higher else "lower is better"
    return [
        Finding(
            "POLARITY_INFERRED",
            "info",
            sheet,
            ind.typed_dot_cell,
            f"Polarity of '{ind.title}' read as '{word}' from its typed arrow ({ind.typed_dot}) "
            f"and the change from {known[-2]:g} to {known[-1]:g}. Set Polarity in the Settings "
            "sheet to override.",
            None,
            ind.typed_dot,
        )
    ]


_GOOD_HEAD = re.compile(r"good to be|polarity|what good looks like|better if", re.I)


def _good_column(hrow: list[Any], rows: list[tuple[int, str, int]], first: int,
                 sheet: SheetData) -> int | None:  # fmt: skip
    """A 'Good to be' column between the labels and the years (on the header row or above)."""
    for c in range(1, first):
        v = hrow[c - 1] if c <= len(hrow) else None
        if isinstance(v, str) and _GOOD_HEAD.search(v):
            return c
    return None


def _polarity_from_column(sheet: SheetData, ind: Indicator, r: int, c: int) -> list[Finding]:
    from ..core.targets import parse_polarity

    v = sheet.value(r, c)
    if not isinstance(v, str) or not v.strip():
        return []
    word = v.strip().lower()
    pol = {"low": "lower", "lower": "lower", "high": "higher", "higher": "higher"}.get(word)
    pol = pol or parse_polarity(f"good to be {word}")
    if pol is None:
        return []
    ind.polarity, ind.polarity_source = pol, "sheet"
    return [
        Finding(
            "POLARITY_INFERRED",
            "info",
            sheet.name,
            a1(r, c),
            f"Polarity of '{ind.title}' read as '{pol}' from '{v.strip()}' in its 'Good to be' "
            "column. Set Polarity in the Settings sheet to override.",
            None,
            v.strip(),
        )
    ]
