"""The cells around a grid's header: its periods, the label left of it, the name above a block.

Why: the header finder (grid_header), the row reader (grid_rows) and the grid assembly (grid)
all need the same small readings of a header row, and `show` writes a cell as the user sees it,
so every finding quotes a cell the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ..core.codes import finding
from ..core.model import Finding
from ..core.periods import parse_fy_text, parse_month_label, parse_quarter_label, period_name
from .sheets import SheetData, a1


def _short_text(v: Any) -> bool:
    return isinstance(v, str) and len(v) <= 24


def months_in_row(row: list[Any]) -> list[tuple[int, int, int | None, Any]]:
    """(1-based col, calendar month, year or None, raw) for each month-label cell."""
    out = []
    for c, v in enumerate(row, start=1):
        if isinstance(v, (date, datetime)) or _short_text(v):
            m = parse_month_label(v)
            if m is not None:
                out.append((c, m[0], m[1], v))
    return out


def quarters_in_row(row: list[Any]) -> list[tuple[int, int, Any]]:
    out = []
    for c, v in enumerate(row, start=1):
        if isinstance(v, str) and len(v) <= 40:
            q = parse_quarter_label(v)
            if q is not None:
                out.append((c, q, v))
    return out


def show(v: Any) -> str:
    """A header or cell value as a user would read it: dates as 'Apr-16'."""
    if isinstance(v, (date, datetime)):
        return v.strftime("%b-%y")
    if isinstance(v, float) and v != v:  # NaN (a <v>NaN</v> some writers produce)
        return "NaN"
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:  # not 1e308 as 309 digits
        return str(int(v))
    return "" if v is None else str(v)


@dataclass
class Header:
    row: int
    frequency: str
    cols: list[int]  # 1-based column of each period
    fys: list[int | None]  # FY named by each period's label, None if the label has no year
    findings: list[Finding] = field(default_factory=list)
    issues: list[tuple[int, int, int, str]] = field(default_factory=list)  # misplaced labels
    unreadable: list[tuple[int, int, int, str]] = field(default_factory=list)  # not labels
    labels: list[Any] = field(default_factory=list)  # the header cell of each period, as found
    other_cols: list[int] = field(default_factory=list)  # another year's periods, side by side
    invalid: str = ""  # why these columns cannot be a grid (they would start left of A, ...)
    name: str | None = None  # the district or sub-title naming this block, when a sheet has several
    name_cell: str | None = None
    first_label_col: int = 1  # labels are looked for from here to the first period column
    shared_label_col: int | None = None  # side-by-side blocks share the first block's labels


def label_left(row: list[Any], limit: int, floor: int = 1) -> tuple[str, int | None]:
    """The nearest non-empty cell left of `limit` (inclusive), scanning leftwards to `floor`."""
    for c in range(min(limit, len(row)), max(floor, 1) - 1, -1):
        v = row[c - 1]
        if v is not None and str(v).strip():
            return " ".join(show(v).split()), c
    return "", None


def out_of_order(sheet: str, issues: list[tuple[int, int, int, str]], severity: str,
                  fy: int, frequency: str) -> Finding:  # fmt: skip
    """One finding for the first misplaced header cell, naming the others."""
    row, col, i, found = issues[0]
    expected = period_name(fy, i, frequency)
    others = [a1(r, c) for r, c, _, _ in issues[1:]]
    unit = "month" if frequency == "monthly" else "quarter"
    order = "April to March" if frequency == "monthly" else "Q1 to Q4"
    if not found:
        msg = (
            f"The {unit} header {a1(row, col)} is empty where '{expected}' was expected; the "
            f"values in that column were read as {expected}."
        )
    elif severity == "warning":
        msg = (
            f"The {unit} header {a1(row, col)} reads '{found}', which is not a {unit} label; from "
            f"its position it was read as {expected}."
        )
    else:
        msg = (
            f"The {unit} header {a1(row, col)} reads '{found}' where '{expected}' was expected: "
            f"{unit}s must run {order}, once each. Values were read by position."
        )
    if others:
        msg += f" {len(others)} more header cell(s) are also out of place: {', '.join(others)}."
    return finding(
        "MONTHS_OUT_OF_ORDER", sheet, a1(row, col), msg, expected, found, severity=severity
    )


def name_above(sheet: SheetData, r: int, c0: int, c1: int,
                floor: int = 0) -> tuple[str | None, str | None]:  # fmt: skip
    """A text cell in the three rows above a block (below row `floor`), over its columns: the
    block's name."""
    for rr in range(r - 1, max(floor, r - 4), -1):
        row = sheet.rows[rr - 1]
        for c in range(max(1, c0 - 1), min(c1, len(row)) + 1):
            v = row[c - 1]
            if isinstance(v, str) and v.strip() and len(v) <= 60:
                return " ".join(v.split()), a1(rr, c)
    return None, None


def history_columns(row: list[Any], first_col: int, skip: list[int]) -> dict[int, str]:
    """Header cells left of the first period that name a whole year ('12/13.', '2014/15'), but
    not another year's quarters ('Q4 2015/16', in `skip`)."""
    out = {}
    for c in range(1, first_col):
        v = row[c - 1] if c <= len(row) else None
        if c in skip:
            continue
        if isinstance(v, str) and len(v) <= 16:
            fy = parse_fy_text(v)
            if fy is not None:
                out[c] = f"{fy % 100:02d}/{(fy + 1) % 100:02d}"
    return out


def extra_columns(row: list[Any], last_col: int) -> dict[int, str]:
    """Header cells right of the last period ('YTD', 'Total'): read into GridRow.extra."""
    out = {}
    for c in range(last_col + 1, len(row) + 1):
        v = row[c - 1]
        if v is not None and str(v).strip():
            out[c] = " ".join(show(v).split())
    return out
