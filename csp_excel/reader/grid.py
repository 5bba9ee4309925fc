"""Find an indicator's period grid anywhere on a sheet and read its rows with located findings.

The grid is found by its header row (12 month labels, or 4 quarter labels), not by position:
returns put it in different rows and columns, sometimes with whole-year history columns to the
left and a YTD column to the right. Every cell problem becomes a Finding at its exact cell.

Here: which financial year the grid is read as, and putting it together. The header is found in
`grid_header`, the rows beneath it are read in `grid_rows`.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from ..core.cells import parse_cell
from ..core.model import Finding, Grid
from ..core.periods import fy_label, fy_of, period_name
from .grid_header import (
    _extra_cols,
    _find_header,
    _Header,
    _history_cols,
    _label_left,
    _out_of_order,
    show,
)
from .grid_rows import (
    COUNT_KINDS,
    MAX_GRID_ROWS,
    NON_NUMERIC_KINDS,
    PERCENT_KINDS,
    TEXT_BLOCK_LABELS,
    _build_row,
    _collect_rows,
    _RawRow,
    is_text_block_label,
    pair_ytd_rows,
)
from .sheets import SheetData, a1
from .synonyms import norm_label


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


__all__ = [
    "COUNT_KINDS",
    "MAX_GRID_ROWS",
    "NON_NUMERIC_KINDS",
    "PERCENT_KINDS",
    "TEXT_BLOCK_LABELS",
    "find_grid",
    "is_text_block_label",
    "pair_ytd_rows",
    "show",
]
