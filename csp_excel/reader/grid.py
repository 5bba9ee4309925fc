"""Find an indicator's period grid anywhere on a sheet and read its rows with located findings.

The grid is found by its header row (12 month labels, or 4 quarter labels), not by position:
returns put it in different rows and columns, sometimes with whole-year history columns to the
left and a YTD column to the right. Every cell problem becomes a Finding at its exact cell.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import pairwise
from typing import Any

from ..core.cells import parse_cell
from ..core.model import Finding, Grid, GridRow
from ..core.periods import (
    fy_label,
    fy_of,
    parse_fy_text,
    parse_month_label,
    parse_quarter_label,
    period_name,
)
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


def _short_text(v: Any) -> bool:
    return isinstance(v, str) and len(v) <= 24


def _months_in_row(row: list[Any]) -> list[tuple[int, int, int | None, Any]]:
    """(1-based col, calendar month, year or None, raw) for each month-label cell."""
    out = []
    for c, v in enumerate(row, start=1):
        if isinstance(v, (date, datetime)) or _short_text(v):
            m = parse_month_label(v)
            if m is not None:
                out.append((c, m[0], m[1], v))
    return out


def _quarters_in_row(row: list[Any]) -> list[tuple[int, int, Any]]:
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
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return "" if v is None else str(v)


@dataclass
class _Header:
    row: int
    frequency: str
    cols: list[int]  # 1-based column of each period
    fys: list[int | None]  # FY named by each period's label, None if the label has no year
    findings: list[Finding] = field(default_factory=list)
    issues: list[tuple[int, int, int, str]] = field(default_factory=list)  # misplaced labels
    unreadable: list[tuple[int, int, int, str]] = field(default_factory=list)  # not labels
    labels: list[Any] = field(default_factory=list)  # the header cell of each period, as found
    other_cols: list[int] = field(default_factory=list)  # another year's periods, side by side


def _label_left(row: list[Any], limit: int) -> tuple[str, int | None]:
    """The nearest non-empty cell left of `limit` (inclusive), scanning leftwards."""
    for c in range(min(limit, len(row)), 0, -1):
        v = row[c - 1]
        if v is not None and str(v).strip():
            return " ".join(show(v).split()), c
    return "", None


def _out_of_order(sheet: str, issues: list[tuple[int, int, int, str]], severity: str,
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
    return Finding("MONTHS_OUT_OF_ORDER", severity, sheet, a1(row, col), msg, expected, found)  # type: ignore[arg-type]


def _monthly_header(sheet: SheetData, r: int, cells: list[tuple[int, int, int | None, Any]],
                    fy_hint: int | None) -> _Header:  # fmt: skip
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
        return _Header(r, "monthly", cols, [fy_by_col[c] for c in cols], other_cols=others)
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
    return _Header(r, "monthly", cols, fys, issues=issues, unreadable=unreadable, other_cols=others)


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
    return parse_fy_text(v) if isinstance(v, str) else None


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
                      fy_hint: int | None) -> _Header:  # fmt: skip
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
    return _Header(r, "quarterly", cols, fys, issues=issues, other_cols=others)


def _find_header(sheet: SheetData, fy_hint: int | None) -> _Header | None:
    for r, row in enumerate(sheet.rows, start=1):
        if len(row) < 4:
            continue
        months = _months_in_row(row)
        if len(months) >= 10:
            h = _monthly_header(sheet, r, months, fy_hint)
            for c, _q, v in _quarters_in_row(row):
                h.findings.append(
                    Finding(
                        "MONTHS_OUT_OF_ORDER",
                        "error",
                        sheet.name,
                        a1(r, c),
                        f"Quarter label '{v}' sits among monthly headers: a grid must be all "
                        "months or all quarters. This column was not read as a month.",
                        "a month label",
                        show(v),
                    )
                )
            return h
        quarters = _quarters_in_row(row)
        if len(quarters) >= 4:
            h = _quarterly_header(sheet, r, quarters, fy_hint)
            if months:
                c = months[0][0]
                h.findings.append(
                    Finding(
                        "MONTHS_OUT_OF_ORDER",
                        "error",
                        sheet.name,
                        a1(r, c),
                        f"Month label '{show(months[0][3])}' sits among quarterly headers: a grid "
                        "must be all months or all quarters.",
                        "a quarter label",
                        show(months[0][3]),
                    )
                )
            return h
    return None


@dataclass
class _RawRow:
    label: str
    label_col: int | None
    row: int
    raw: list[Any]
    kind: str = "unknown"
    user_kind: bool = False
    fy: int | None = None
    label_row: int | None = None  # set when the label is the header's own first cell


def _has_values(raw: list[Any]) -> bool:
    return any(v is not None for v in raw)


def _collect_rows(sheet: SheetData, h: _Header, label_limit: int,
                  header_label: str, header_label_col: int | None,
                  row_synonyms: dict[str, str] | None) -> list[_RawRow]:  # fmt: skip
    """Rows under the header until the narrative starts; one blank row is allowed inside."""
    user = {norm_label(k) for k in (row_synonyms or {})}
    out: list[_RawRow] = []
    r = h.row + 1
    last = min(len(sheet.rows), h.row + MAX_GRID_ROWS)
    while r <= last:
        row = sheet.rows[r - 1]
        raw = [row[c - 1] if c <= len(row) else None for c in h.cols]
        label, lcol = _label_left(row, label_limit)
        if not label and not _has_values(raw):
            if _continues_after_blank(sheet, h, r, label_limit, row_synonyms):
                r += 1
                continue
            break
        if is_text_block_label(label) or len(_months_in_row(row)) >= 10:
            break
        rr = _RawRow(label, lcol, r, raw)
        if not label and r == h.row + 1 and header_label:
            rr.label, rr.label_col, rr.label_row = header_label, header_label_col, h.row
        rr.kind = classify_row(rr.label, row_synonyms)
        rr.user_kind = norm_label(rr.label) in user
        if rr.kind == "unknown" and not _has_values(raw):
            break
        rr.fy = row_fy(rr.label) if rr.label else None
        out.append(rr)
        r += 1
    return out


def _continues_after_blank(sheet: SheetData, h: _Header, r: int, label_limit: int,
                           row_synonyms: dict[str, str] | None) -> bool:  # fmt: skip
    """After a blank row, is the next non-blank row still part of the grid (a known measure)?"""
    for nr in range(r + 1, min(r + 3, len(sheet.rows)) + 1):
        row = sheet.rows[nr - 1]
        raw = [row[c - 1] if c <= len(row) else None for c in h.cols]
        label, _ = _label_left(row, label_limit)
        if not label and not _has_values(raw):
            continue
        return (
            bool(label)
            and not is_text_block_label(label)
            and classify_row(label, row_synonyms) != "unknown"
            and _has_values(raw)
        )
    return False


def _resolve_fy(h: _Header, rows: list[_RawRow], fy_hint: int | None,
                fy_hint_source: str) -> tuple[int, str]:  # fmt: skip
    """The FY the grid is read as: report's FY, else header years, else row labels, else today."""
    named = [f for f in h.fys if f is not None]
    header_fy = Counter(named).most_common(1)[0][0] if named else None
    if fy_hint is not None:
        return fy_hint, ("header" if header_fy == fy_hint else fy_hint_source)
    if header_fy is not None:
        return header_fy, "header"
    actual_like = [x for x in rows if x.fy is not None and x.kind in ("actual", "actual_last_year")]
    if actual_like:
        fys = {x.fy for x in actual_like if x.fy is not None}
        plain_actual = any(x.kind == "actual" and x.fy is None for x in rows)
        if len(fys) >= 2:
            return max(fys), "row label"
        (only,) = fys
        return (only + 1 if plain_actual else only), "row label"
    target_fys = [x.fy for x in rows if x.fy is not None and x.kind == "target"]
    if target_fys:
        return target_fys[0], "row label"
    return fy_of(date.today()), "assumed"


def _remap_by_fy(rows: list[_RawRow], fy: int) -> None:
    """Rows labelled with a year ('Actual 2015 - 2016') become this year's or last year's."""
    for x in rows:
        if x.fy is None or x.user_kind:
            continue
        if x.kind in ("actual", "actual_last_year"):
            x.kind = "actual" if x.fy == fy else "actual_last_year" if x.fy == fy - 1 else "unknown"
        elif x.kind in ("ytd", "target") and x.fy != fy:
            x.kind = "unknown"  # last year's YTD/target must not be checked as this year's
    kinds = {x.kind for x in rows}
    if "numerator" in kinds and "denominator" not in kinds:
        for x in rows:
            key = norm_label(x.label)
            if (
                x.kind == "actual"
                and not x.user_kind
                and any(w in key for w in ("terminat", "discharg", "total", "sent out"))
            ):
                x.kind = "denominator"
                break
    if rows and not kinds & {"actual", "numerator", "denominator", "snapshot"}:
        if not rows[0].label:
            rows[0].kind = "actual"


def _period_findings(sheet: str, h: _Header, fy: int, source: str) -> list[Finding]:
    """PERIOD_MISMATCH for header months that belong to another FY than the one read."""
    bad = [
        (i, c, f)
        for i, (c, f) in enumerate(zip(h.cols, h.fys, strict=False))
        if f is not None and f != fy
    ]
    if not bad:
        return []
    row = h.row
    if len(bad) == sum(1 for f in h.fys if f is not None):
        i, c, f = bad[0]
        found = show(h.labels[i])
        return [
            Finding(
                "PERIOD_MISMATCH",
                "error",
                sheet,
                a1(row, c),
                f"The month headers are for {fy_label(f)} but the return reports {fy_label(fy)} "
                f"(from the {source}); the grid was read as {fy_label(fy)}.",
                period_name(fy, i, h.frequency),
                found,
            )
        ]
    out = []
    for i, c, f in bad:
        out.append(
            Finding(
                "PERIOD_MISMATCH",
                "error",
                sheet,
                a1(row, c),
                f"Header {a1(row, c)} names a month of {fy_label(f)} inside a {fy_label(fy)} grid; "
                f"it was read as {period_name(fy, i, h.frequency)}.",
                period_name(fy, i, h.frequency),
                show(h.labels[i]),
            )
        )
    return out


def _history_cols(row: list[Any], first_col: int, skip: list[int]) -> dict[int, str]:
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


def _extra_cols(row: list[Any], last_col: int) -> dict[int, str]:
    """Header cells right of the last period ('YTD', 'Total'): read into GridRow.extra."""
    out = {}
    for c in range(last_col + 1, len(row) + 1):
        v = row[c - 1]
        if v is not None and str(v).strip():
            out[c] = " ".join(show(v).split())
    return out


def _build_row(sheet: SheetData, x: _RawRow, h: _Header, fy: int,
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
            findings.append(Finding("NOT_A_NUMBER", "warning", name, cells[i],
                f"'{label}' for {when} holds '{show(v)}', which is not a number; it was treated "
                "as missing.", "a number", show(v)))  # fmt: skip
        elif p.status == "number" and p.value is not None:
            if x.kind in COUNT_KINDS and p.value < 0:
                findings.append(Finding("NEGATIVE_COUNT", "warning", name, cells[i],
                    f"'{label}' for {when} is negative ({show(v)}); counts cannot be below zero.",
                    ">= 0", p.value))  # fmt: skip
            elif x.kind == "pct" and not 0.0 <= p.value <= 1.0:
                hint = " (was a percentage typed as a whole number?)" if 1 < p.value <= 100 else ""
                findings.append(Finding("PERCENT_OUT_OF_RANGE", "warning", name, cells[i],
                    f"'{label}' for {when} is {show(v)}, outside 0% to 100%{hint}.",
                    "0% to 100%", show(v)))  # fmt: skip
    if placeholders:
        where = ", ".join(
            f"{cells[i]} ({period_name(fy, i, h.frequency)})" for i, _ in placeholders
        )
        texts = sorted({t for _, t in placeholders})
        findings.append(Finding("PLACEHOLDER", "info", name, cells[placeholders[0][0]],
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


def find_grid(
    sheet: SheetData,
    fy_hint: int | None,
    fy_hint_source: str = "reporting month",
    row_synonyms: dict[str, str] | None = None,
) -> tuple[Grid | None, list[Finding]]:
    """Locate the header row and read the grid beneath it; (None, [GRID_NOT_FOUND]) if none.

    `fy_hint` is the FY of the return's reporting month: the grid is always read as that FY, and
    header months from another year are reported (PERIOD_MISMATCH).
    """
    h = _find_header(sheet, fy_hint)
    if h is None:
        return None, [
            Finding(
                "GRID_NOT_FOUND",
                "warning",
                sheet.name,
                None,
                f"No row of 12 month (or 4 quarter) headers was found on sheet '{sheet.name}', "
                "so no figures could be read from it.",
            )  # fmt: skip
        ]
    hrow = sheet.rows[h.row - 1]
    h.labels = [hrow[c - 1] if c <= len(hrow) else None for c in h.cols]
    first = h.cols[0]
    left_others = [c for c in h.other_cols if c < first]  # last year's periods on the left
    history = _history_cols(hrow, first, left_others)
    label_limit = min([*history, *left_others, first]) - 1
    header_label, header_label_col = _label_left(hrow, label_limit)
    if header_label_col is not None and header_label_col in history:
        header_label, header_label_col = "", None
    rows = _collect_rows(sheet, h, label_limit, header_label, header_label_col, row_synonyms)
    fy, source = _resolve_fy(h, rows, fy_hint, fy_hint_source)
    _remap_by_fy(rows, fy)
    findings = list(h.findings)
    if h.issues:
        findings.append(_out_of_order(sheet.name, h.issues, "error", fy, h.frequency))
    if h.unreadable:
        findings.append(_out_of_order(sheet.name, h.unreadable, "warning", fy, h.frequency))
    findings += _period_findings(sheet.name, h, fy, source)
    extra_cols = {c: " ".join(show(hrow[c - 1]).split()) for c in left_others}
    extra_cols.update(_extra_cols(hrow, h.cols[-1]))
    grid_rows = []
    for x in rows:
        gr, f = _build_row(sheet, x, h, fy, extra_cols)
        grid_rows.append(gr)
        findings.extend(f)
    pair_ytd_rows(grid_rows)
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
        src = grid.first("actual") or (grid_rows[0] if grid_rows else None)
        if src is not None:
            srow = sheet.rows[src.row - 1]
            for c, key in history.items():
                v = srow[c - 1] if c <= len(srow) else None
                p = parse_cell(v)
                if p.value is not None:
                    grid.annual_history[key] = p.value
    return grid, findings
