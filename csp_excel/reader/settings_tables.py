"""The tables of a Settings sheet, found by their header row anywhere on the sheet.

Why: users put the denominator table (`Denominator | Value | Effective from`) and the indicator
table (`Sheet | Polarity | Target | ...`) wherever they like; a table ends at a blank row or the
next table's header.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ..core.model import Denominator, Finding, IndicatorOverride, Settings
from .settings_spc import SPC_COLUMNS, read_spc_setting
from .settings_values import fraction, invalid_setting, lookup, number, override_target, parse_date
from .sheets import SheetData, a1
from .synonyms import norm_label

INDICATOR_COLUMNS = {
    "polarity": "polarity",
    "target": "target",
    "denominator": "denominator",
    "per": "per",
    "tolerance": "tolerance",
    "rag tolerance": "tolerance",
    "profile": "profile",
    "kind": "kind",
    "numerator row": "numerator_row",
    "denominator row": "denominator_row",
    **SPC_COLUMNS,
}


POLARITIES = {
    "lower": "lower",
    "low": "lower",
    "lower is better": "lower",
    "higher": "higher",
    "high": "higher",
    "higher is better": "higher",
    "range": "range",
    "monitor": "monitor",
    "monitoring": "monitor",
    "none": "monitor",
}


KINDS = {"count": "count", "percentage": "percentage", "percent": "percentage", "%": "percentage",
         "snapshot": "snapshot"}  # fmt: skip


PROFILES = {"linear": "linear", "seasonal": "seasonal"}


def nonblank_cells(row: list[Any]) -> list[tuple[int, Any]]:
    return [(c, v) for c, v in enumerate(row, start=1) if v is not None and str(v).strip()]


def table_header(cells: list[tuple[int, Any]]) -> str | None:
    """Which table a row heads: 'denominator', 'indicator', 'synonym', 'pairs' or None."""
    names = [norm_label(v) for _, v in cells]
    if not names:
        return None
    if names[0] == "denominator" and "value" in names:
        return "denominator"
    if names[0] in ("sheet", "indicator sheet") and any(n in INDICATOR_COLUMNS for n in names[1:]):
        return "indicator"
    if names[0] == "row label" and "kind" in names:
        return "synonym"
    if names[0] == "setting" and "value" in names:
        return "pairs"
    return None


def find_tables(sheet: SheetData) -> list[tuple[str, int, dict[str, int]]]:
    """(kind, header row, {column name: col}) for every table header on the sheet."""
    out = []
    for r, row in enumerate(sheet.rows, start=1):
        cells = nonblank_cells(row)
        kind = table_header(cells)
        if kind:
            out.append((kind, r, {norm_label(v): c for c, v in cells}))
    return out


def table_body(sheet: SheetData, header_row: int) -> list[tuple[int, list[Any]]]:
    """Rows under a table header until a blank row or the next table."""
    out = []
    for r in range(header_row + 1, len(sheet.rows) + 1):
        row = sheet.rows[r - 1]
        cells = nonblank_cells(row)
        if not cells or table_header(cells):
            break
        out.append((r, row))
    return out


def cell_at(row: list[Any], col: int | None) -> Any:
    if col is None or col > len(row):
        return None
    v = row[col - 1]
    return v.strip() if isinstance(v, str) else v


def read_denominators(sheet: SheetData, body: list[tuple[int, list[Any]]], cols: dict[str, int],
                       s: Settings, findings: list[Finding]) -> None:  # fmt: skip
    nc, vc = cols.get("denominator"), cols.get("value")
    ec = cols.get("effective from") or cols.get("effective") or cols.get("date")
    for r, row in body:
        name = cell_at(row, nc)
        if not name:
            continue
        value = number(cell_at(row, vc))
        if value is None or value <= 0:
            findings.append(invalid_setting(sheet.name, a1(r, vc or 2), f"value of denominator '{name}'",
                                     cell_at(row, vc), "a positive number"))  # fmt: skip
            continue
        raw_date = cell_at(row, ec)
        eff = parse_date(raw_date) if raw_date is not None else date(1900, 1, 1)
        if eff is None:
            findings.append(invalid_setting(sheet.name, a1(r, ec or 3), f"effective date of '{name}'",
                                     raw_date, "a date such as 2016-06-30"))  # fmt: skip
            continue
        label = " ".join(str(name).split())
        s.denominators.setdefault(label.lower(), []).append(Denominator(label, value, eff))
        s.cells[f"{label} ({eff.isoformat()})"] = a1(r, vc or 2)


def read_overrides(sheet: SheetData, body: list[tuple[int, list[Any]]], cols: dict[str, int],
                    s: Settings, findings: list[Finding]) -> None:  # fmt: skip
    sc = cols.get("sheet") or cols.get("indicator sheet")
    for r, row in body:
        name = cell_at(row, sc)
        if not name:
            continue
        o = IndicatorOverride()
        for head, c in cols.items():
            attr = INDICATOR_COLUMNS.get(head)
            v = cell_at(row, c)
            if attr is None or v is None or v == "":
                continue
            cell = a1(r, c)
            if attr == "polarity":
                o.polarity = lookup(sheet.name, cell, "polarity", v, POLARITIES, findings)
            elif attr == "kind":
                o.kind = lookup(sheet.name, cell, "kind", v, KINDS, findings)
            elif attr == "profile":
                o.profile = lookup(sheet.name, cell, "profile", v, PROFILES, findings)
            elif attr == "per":
                per = number(v)
                if per is None or per <= 0:
                    findings.append(invalid_setting(sheet.name, cell, "per", v, "1000 or 100000"))
                o.per = per if per and per > 0 else None
            elif attr == "tolerance":
                o.tolerance = fraction(sheet.name, cell, "tolerance", v, findings)
            elif attr == "target":
                o.target = override_target(sheet.name, cell, str(name).strip(), v, findings)
            elif attr.startswith("spc_"):
                read_spc_setting(sheet.name, cell, attr, v, o, findings)
            else:
                text = v.isoformat() if isinstance(v, (date, datetime)) else str(v)
                setattr(o, attr, " ".join(text.split()))
        s.indicators[" ".join(str(name).split()).lower()] = o
