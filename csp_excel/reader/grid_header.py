"""Find a grid's header row: 12 month labels (or 4 quarter labels) anywhere on a sheet.

Returns put the header in different rows and columns, sometimes with whole-year history columns
to the left, another year's periods beside it and a YTD column to the right; misplaced or
unreadable header cells are kept so they can be reported at their exact cell.

The pieces a header is made of (`Header`, the month and quarter cells of a row, the label left
of it, the name above a block, history and extra columns) are in `grid_cells`.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from itertools import pairwise
from typing import Any

from ..core.codes import finding
from ..core.periods import (
    parse_fy_text,
    parse_month_label,
    parse_quarter_label,
    quarter_label_fy,
)
from .grid_cells import Header, months_in_row, name_above, quarters_in_row, show
from .sheets import SheetData, a1


def _monthly_header(sheet: SheetData, r: int, cells: list[tuple[int, int, int | None, Any]],
                    fy_hint: int | None) -> Header:  # fmt: skip
    """Columns of the 12 months; months out of order/duplicated/unreadable become findings."""
    all_cols = [c for c, _, _, _ in cells]
    if len(cells) > 12:
        # two years side by side: keep the report's year if named, else the first April onwards
        keep = [c for c in cells if c[2] is not None and _fy(c[1], c[2]) == fy_hint]
        if len(keep) < 10:
            start = next((i for i, c in enumerate(cells) if c[1] == 4), 0)
            keep = cells[start : start + 12]
        cells = keep
    idx = [(m - 4) % 12 for _, m, _, _ in cells]
    fy_by_col = {c: (_fy(m, y) if y is not None else None) for c, m, y, _ in cells}
    if len(cells) == 12 and idx == list(range(12)):
        cols = [c for c, _, _, _ in cells]
        others = [c for c in all_cols if c not in cols]
        return Header(r, "monthly", cols, [fy_by_col[c] for c in cols], other_cols=others)
    stride = _stride([c for c, _, _, _ in cells], idx)
    april = next((c for c, m, _, _ in cells if m == 4), None)
    if april is not None:
        base = april
    else:
        offsets = Counter(c - i * stride for (c, _, _, _), i in zip(cells, idx, strict=False))
        base = offsets.most_common(1)[0][0]
    cols = [base + i * stride for i in range(12)]
    issues: list[tuple[int, int, int, str]] = []
    unreadable: list[tuple[int, int, int, str]] = []
    row = sheet.rows[r - 1]
    fys: list[int | None] = []
    for i, c in enumerate(cols):
        v = row[c - 1] if 0 < c <= len(row) else None
        parsed = parse_month_label(v) if v is not None else None
        if parsed is None:
            fys.append(None)
            (unreadable if v is not None else issues).append((r, c, i, show(v)))
        else:
            fys.append(fy_by_col.get(c))
            if (parsed[0] - 4) % 12 != i:
                issues.append((r, c, i, show(v)))
    others = [c for c in all_cols if c not in cols]
    return Header(r, "monthly", cols, fys, issues=issues, unreadable=unreadable, other_cols=others)


def _stride(cols: list[int], idx: list[int]) -> int:
    """Columns per month, from the labels that could be read: 2 when each month label is merged
    across two columns. A missing label in between counts as the gap it leaves, not as a wider
    step."""
    steps = Counter(
        (b - a) // (j - i)
        for (a, i), (b, j) in pairwise(zip(cols, idx, strict=True))
        if j > i and (b - a) % (j - i) == 0
    )
    best = steps.most_common(1)[0][0] if steps else 1
    return best if best > 1 else 1


def _fy(month: int, year: int) -> int:
    return year if month >= 4 else year - 1


def _label_fy(v: Any) -> int | None:
    return quarter_label_fy(v)


def _this_years_quarters(cells: list[tuple[int, int, Any]],
                         fy_hint: int | None) -> list[tuple[int, int, Any]]:  # fmt: skip
    """With two years of quarters side by side, the four of the report's year.

    Labels naming a year ('Q1 2016/17') pick the report's year (else the latest named); only
    when no label names a year is the first run of Q1..Q4 taken."""
    named = {f for _, _, v in cells if (f := _label_fy(v)) is not None}
    if named:
        fy = fy_hint if fy_hint in named else max(named)
        return [x for x in cells if _label_fy(x[2]) == fy]
    for i in range(len(cells) - 3):
        if [q for _, q, _ in cells[i : i + 4]] == [1, 2, 3, 4]:
            return cells[i : i + 4]
    return cells


def _quarterly_header(sheet: SheetData, r: int, cells: list[tuple[int, int, Any]],
                      fy_hint: int | None) -> Header:  # fmt: skip
    all_cols = [c for c, _, _ in cells]
    if len(cells) > 4:
        cells = _this_years_quarters(cells, fy_hint)
    first = next((c for c, q, _ in cells if q == 1), cells[0][0] - (cells[0][1] - 1))
    ordered = len(cells) == 4 and [q for _, q, _ in cells] == [1, 2, 3, 4]
    cols = [c for c, _, _ in cells] if ordered else [first + i for i in range(4)]
    row = sheet.rows[r - 1]
    issues = []
    fys: list[int | None] = []
    for i, c in enumerate(cols):
        v = row[c - 1] if 0 < c <= len(row) else None
        q = parse_quarter_label(v)
        fys.append(_label_fy(v))
        if q != i + 1:
            issues.append((r, c, i, show(v)))
    others = [c for c in all_cols if c not in cols]
    return Header(r, "quarterly", cols, fys, issues=issues, other_cols=others)


def find_headers(sheet: SheetData, fy_hint: int | None) -> list[Header]:
    """Every period header on the sheet, top to bottom; side-by-side blocks one header each.

    Headers whose columns would fall outside the sheet are returned with `invalid` set, so the
    caller can say why they were not read."""
    out: list[Header] = []
    for r, row in enumerate(sheet.rows, start=1):
        if len(row) < 4 or sum(1 for v in row if isinstance(v, (str, date))) < 4:
            continue  # a header row holds at least four labels
        months = months_in_row(row)
        quarters = quarters_in_row(row) if len(months) < 10 else []
        if len(months) < 10 and len(quarters) < 4:
            continue
        runs = _block_runs(sheet, r, months, quarters, fy_hint)
        if runs:
            out += [_checked(sheet, h) for h in runs]
            continue
        h = _row_header(sheet, r, row, months, quarters, fy_hint)
        out.append(_checked(sheet, h))
    return out


def _row_header(sheet: SheetData, r: int, row: list[Any], months: list[Any], quarters: list[Any],
                fy_hint: int | None) -> Header:  # fmt: skip
    if len(months) >= 10:
        h = _monthly_header(sheet, r, months, fy_hint)
        for c, _q, v in quarters_in_row(row):
            h.findings.append(
                finding(
                    "MONTHS_OUT_OF_ORDER",
                    sheet.name,
                    a1(r, c),
                    f"Quarter label '{v}' sits among monthly headers: a grid must be all "
                    "months or all quarters. This column was not read as a month.",
                    "a month label",
                    show(v),
                )
            )
        return h
    h = _quarterly_header(sheet, r, quarters, fy_hint)
    if months:
        c = months[0][0]
        h.findings.append(
            finding(
                "MONTHS_OUT_OF_ORDER",
                sheet.name,
                a1(r, c),
                f"Month label '{show(months[0][3])}' sits among quarterly headers: a grid "
                "must be all months or all quarters.",
                "a quarter label",
                show(months[0][3]),
            )
        )
    return h


def _checked(sheet: SheetData, h: Header) -> Header:
    """Column arithmetic that cannot wrap: no period column before A or past the sheet's extent."""
    if not h.cols:
        h.invalid = "the header has no period columns"
    elif min(h.cols) < 1:
        h.invalid = (
            f"its {'months' if h.frequency == 'monthly' else 'quarters'} do not start at April "
            "(Q1), so the first period would fall left of column A"
        )
    elif max(h.cols) > max(sheet.width, 1):
        h.invalid = "its periods would run past the last used column of the sheet"
    return h


def _runs(keys: list[int], first: int, size: int) -> list[tuple[int, int]]:
    """(start, end) index ranges where `keys` run first, first+1, ... once each."""
    out, i = [], 0
    while i + size <= len(keys):
        if keys[i : i + size] == list(range(first, first + size)):
            out.append((i, i + size))
            i += size
        else:
            i += 1
    return out


def _block_runs(sheet: SheetData, r: int, months: list[Any], quarters: list[Any],
                fy_hint: int | None) -> list[Header]:  # fmt: skip
    """Several complete April..March (or Q1..Q4) runs of one year on one header row, each named
    by a text cell above it (a district): one header per block. Runs of different years (last
    year beside this year) are not blocks; [] then."""
    if len(months) >= 24:
        cells = [(c, (m - 4) % 12, y, v) for c, m, y, v in months]
        spans = _runs([k for _, k, _, _ in cells], 0, 12)
        freq = "monthly"
    elif len(months) < 10 and len(quarters) >= 8:
        cells = [(c, q - 1, None, v) for c, q, v in quarters]
        spans = _runs([k for _, k, _, _ in cells], 0, 4)
        freq = "quarterly"
    else:
        return []
    if len(spans) < 2:
        return []
    out: list[Header] = []
    years: set[int | None] = set()
    prev_end = 0
    for a, b in spans:
        run = cells[a:b]
        cols = [c for c, _, _, _ in run]
        if freq == "monthly":
            fys = [(_fy(4 + k if k < 9 else k - 8, y) if y is not None else None)
                   for _, k, y, _ in run]  # fmt: skip
        else:
            fys = [_label_fy(v) for _, _, _, v in run]
        years.add(next((f for f in fys if f is not None), None))
        name, cell = name_above(sheet, r, cols[0], cols[-1])
        if name is None or parse_fy_text(name) is not None:
            return []  # unnamed, or named by a year: two years side by side, not blocks
        h = Header(r, freq, cols, fys, name=name, name_cell=cell)
        h.first_label_col = prev_end + 1
        prev_end = cols[-1]
        out.append(h)
    if len(years) > 1:
        return []
    return out
