"""Read the rows under a grid's header: their kinds, values and per-cell findings.

Rows run until the narrative block starts; every cell problem becomes a Finding at its cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..core.cells import parse_cell
from ..core.codes import finding
from ..core.model import Finding, GridRow
from ..core.periods import period_name
from .grid_cells import Header, label_left, months_in_row, quarters_in_row, show
from .sheets import SheetData, a1
from .synonyms import classify_row, norm_label, row_fy

PERCENT_KINDS = frozenset({"pct_change", "r12_change", "pct"})
NON_NUMERIC_KINDS = frozenset({"rank", "unknown"})
COUNT_KINDS = frozenset(
    {
        "actual",
        "actual_last_year",
        "numerator",
        "denominator",
        "numerator_last_year",
        "denominator_last_year",
        "snapshot",
        "ytd",
        "ytd_numerator",
        "ytd_denominator",
        "r12",
        "rate",
    }
)
# Labels that start the narrative block: the grid ends where one of these begins.
TEXT_BLOCK_LABELS = (
    "performance overview",
    "rag rating",
    "rag rate",
    "rag status",
    "rag:",
    "actions to sustain",
    "benchmarking",
    "definition",
    "how this indicator works",
    "what good looks like",
    "why this indicator",
    "history with this indicator",
    "history of this indicator",
    "any issues to consider",
    "commentary",
    "source:",
)
MAX_GRID_ROWS = 80


def is_text_block_label(label: Any) -> bool:
    key = norm_label(label)
    return bool(key) and any(key.startswith(t.rstrip(":")) for t in TEXT_BLOCK_LABELS)


@dataclass
class RawRow:
    label: str
    label_col: int | None
    row: int
    raw: list[Any]
    kind: str = "unknown"
    user_kind: bool = False
    fy: int | None = None
    label_row: int | None = None  # set when the label is the header's own first cell
    how: str = "label"  # what decided the kind (for the sheet's reading)
    note: str = ""
    used: bool = True
    derived: bool = False  # monthly figures made by differencing a cumulative row
    advice: str = ""  # what to do about an unused row, when the generic 'type | actual' is wrong


def has_values(raw: list[Any]) -> bool:
    return any(v is not None for v in raw)


def row_label(row: list[Any], h: Header, label_limit: int) -> tuple[str, int | None]:
    """A row's label: left of the periods (not into the block to the left), else the label
    column the blocks of one header row share."""
    label, lcol = label_left(row, label_limit, h.first_label_col)
    if not label and h.shared_label_col is not None:
        label, lcol = label_left(row, h.shared_label_col, h.shared_label_col)
    return label, lcol


def _is_header_row(row: list[Any]) -> bool:
    if sum(1 for v in row if v is not None and not isinstance(v, (int, float))) < 4:
        return False  # cheap: a header row holds at least four labels
    return len(months_in_row(row)) >= 10 or len(quarters_in_row(row)) >= 4


def collect_rows(sheet: SheetData, h: Header, label_limit: int,
                  header_label: str, header_label_col: int | None,
                  row_synonyms: dict[str, str] | None,
                  ignored: list[str] | None = None) -> list[RawRow]:  # fmt: skip
    """Rows under the header until the narrative (or the next header) starts. Blank, title and
    section rows inside the grid are passed over (and listed in `ignored`) when a known measure
    follows them."""
    user = {norm_label(k) for k in (row_synonyms or {})}
    out: list[RawRow] = []
    r = h.row + 1
    last = min(len(sheet.rows), h.row + MAX_GRID_ROWS)
    while r <= last:
        row = sheet.rows[r - 1]
        raw = [row[c - 1] if c <= len(row) else None for c in h.cols]
        label, lcol = row_label(row, h, label_limit)
        if not label and not has_values(raw):
            if _continues_after_blank(sheet, h, r, label_limit, row_synonyms):
                r += 1
                continue
            break
        if is_text_block_label(label) or _is_header_row(row):
            break
        rr = RawRow(label, lcol, r, raw)
        if not label and r == h.row + 1 and header_label:
            rr.label, rr.label_col, rr.label_row = header_label, header_label_col, h.row
        rr.kind = classify_row(rr.label, row_synonyms)
        rr.user_kind = norm_label(rr.label) in user
        if rr.user_kind:
            rr.how = "Settings Row label | Kind"
        rr.fy = row_fy(rr.label) if rr.label else None
        if not has_values(raw) and rr.kind == "unknown":
            if _continues_after_blank(sheet, h, r, label_limit, row_synonyms):
                if ignored is not None:
                    ignored.append(f"{a1(r, lcol or 1)} '{label}': a title or section row")
                r += 1
                continue
            break
        out.append(rr)
        r += 1
    return out


def _continues_after_blank(sheet: SheetData, h: Header, r: int, label_limit: int,
                           row_synonyms: dict[str, str] | None) -> bool:  # fmt: skip
    """After a blank (or title) row, is the next non-blank row still part of the grid (a known
    measure, or a row naming a year, with figures)?"""
    for nr in range(r + 1, min(r + 3, len(sheet.rows)) + 1):
        row = sheet.rows[nr - 1]
        raw = [row[c - 1] if c <= len(row) else None for c in h.cols]
        label, _ = row_label(row, h, label_limit)
        if not label and not has_values(raw):
            continue
        return (
            bool(label)
            and not is_text_block_label(label)
            and (classify_row(label, row_synonyms) != "unknown" or row_fy(label) is not None)
            and has_values(raw)
        )
    return False


def build_row(sheet: SheetData, x: RawRow, h: Header, fy: int,
               extra_cols: dict[int, str]) -> tuple[GridRow, list[Finding]]:  # fmt: skip
    percent = x.kind in PERCENT_KINDS
    values: list[float | None] = []
    cells = [a1(x.row, c) for c in h.cols]
    findings: list[Finding] = []
    placeholders: list[tuple[int, str]] = []
    name = sheet.name
    label = x.label or "(unlabelled row)"
    for i, v in enumerate(x.raw):
        p = parse_cell(v, percent=percent)
        values.append(p.value)
        when = period_name(fy, i, h.frequency)
        if p.status == "placeholder" and x.kind != "rank":
            placeholders.append((i, p.text or show(v)))
        elif p.status == "text" and x.kind not in NON_NUMERIC_KINDS:
            findings.append(finding("NOT_A_NUMBER", name, cells[i],
                f"'{label}' for {when} holds '{show(v)}', which is not a number; it was treated "
                "as missing.", "a number", show(v)))  # fmt: skip
        elif p.status == "number" and p.value is not None:
            if x.kind in COUNT_KINDS and p.value < 0:
                findings.append(finding("NEGATIVE_COUNT", name, cells[i],
                    f"'{label}' for {when} is negative ({show(v)}); counts cannot be below zero.",
                    ">= 0", p.value))  # fmt: skip
            elif x.kind == "pct" and not 0.0 <= p.value <= 1.0:
                hint = " (was a percentage typed as a whole number?)" if 1 < p.value <= 100 else ""
                findings.append(finding("PERCENT_OUT_OF_RANGE", name, cells[i],
                    f"'{label}' for {when} is {show(v)}, outside 0% to 100%{hint}.",
                    "0% to 100%", show(v)))  # fmt: skip
    if placeholders:
        where = ", ".join(
            f"{cells[i]} ({period_name(fy, i, h.frequency)})" for i, _ in placeholders
        )
        texts = sorted({t for _, t in placeholders})
        findings.append(finding("PLACEHOLDER", name, cells[placeholders[0][0]],
            f"'{label}' has {len(placeholders)} placeholder(s) ({', '.join(texts)}) treated as "
            f"missing: {where}.", None, ", ".join(texts)))  # fmt: skip
    extra: dict[str, Any] = {}
    if x.fy is not None:
        extra["fy"] = x.fy
    row = sheet.rows[x.row - 1]
    extra_cells: dict[str, str] = {}
    for c, head in extra_cols.items():
        v = row[c - 1] if c <= len(row) else None
        if v is None:
            continue
        p = parse_cell(v, percent=percent)
        extra[head] = p.value if p.status == "number" else v
        extra_cells[head] = a1(x.row, c)
    if extra_cells:
        extra["cells"] = extra_cells  # where each extra value was found
    label_cell = a1(x.label_row or x.row, x.label_col or max(1, h.cols[0] - 1))
    return GridRow(x.label, x.kind, values, list(x.raw), cells, x.row, label_cell, extra), findings


_YTD_WORDS = re.compile(
    r"\b(?:ytd|year to date|month|monthly|total|cumulative|accumulative|cum|in month)\b|[()%:]"
)


def _base(label: str) -> str:
    return " ".join(_YTD_WORDS.sub(" ", label.lower()).split())


def pair_ytd_rows(rows: list[GridRow]) -> None:
    """A YTD row named like the numerator/denominator row ('Repeat referrals YTD' beside
    'Repeat referrals (month)') is that row's YTD, not the indicator's headline YTD."""
    bases = {_base(r.label): r.kind for r in rows if r.kind in ("numerator", "denominator")}
    if not bases:
        return
    for r in rows:
        if r.kind == "ytd" and _base(r.label) in bases:
            r.kind = "ytd_" + bases[_base(r.label)]
