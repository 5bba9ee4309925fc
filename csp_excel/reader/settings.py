"""Read the optional Settings sheet of a return (SPEC section 10).

Three things live there, in any order and position: `Setting | Value` pairs, a denominator table
(`Denominator | Value | Effective from`, several rows per name when the population changed) and an
indicator table (`Sheet | Polarity | Target | ...`) whose non-blank cells override what the reader
infers from an indicator's own words. A `Row label | Kind` table extends the row synonym table.
Bad entries are reported as findings at their cell and otherwise ignored.

Here the sheet is read as a whole; its tables are found and read in `settings_tables`, and each
cell is understood (percentages, dates, targets) in `settings_values`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..core.model import Finding, Settings
from .settings_tables import (
    cell_at,
    find_tables,
    nonblank_cells,
    read_denominators,
    read_overrides,
    table_body,
)
from .settings_values import fraction, invalid_setting, parse_date
from .sheets import SheetData, a1
from .synonyms import norm_label, parse_kind

SETTING_NAMES = {
    "partnership": "Partnership",
    "partnership name": "Partnership",
    "csp": "Partnership",
    "reporting month": "Reporting month",
    "report month": "Reporting month",
    "rag tolerance": "RAG tolerance",
    "tolerance": "RAG tolerance",
    "static band": "Static band",
    "dot static band": "Static band",
    "history folder": "History folder",
    "revision threshold": "Revision threshold",
}


def read_settings(sheet: SheetData) -> tuple[Settings, list[Finding]]:
    """The Settings sheet as a `Settings` (source "sheet") and findings for entries not understood."""
    s = Settings(source="sheet")
    findings: list[Finding] = []
    in_table: set[int] = set()
    for kind, hr, cols in find_tables(sheet):
        body = table_body(sheet, hr)
        if kind != "pairs":
            in_table.add(hr)
            in_table.update(r for r, _ in body)
        if kind == "denominator":
            read_denominators(sheet, body, cols, s, findings)
        elif kind == "indicator":
            read_overrides(sheet, body, cols, s, findings)
    for r, row in enumerate(sheet.rows, start=1):
        if r in in_table:
            continue
        cells = nonblank_cells(row)
        if len(cells) < 2:
            continue
        (_, label), (vc, value) = cells[0], cells[1]
        name = SETTING_NAMES.get(norm_label(label))
        if name is None:
            continue
        cell = a1(r, vc)
        _apply_pair(sheet.name, s, name, value, cell, findings)
    return s, findings


def _apply_pair(sheet: str, s: Settings, name: str, value: Any, cell: str,
                findings: list[Finding]) -> None:  # fmt: skip
    if name == "Partnership":
        s.partnership = " ".join(str(value).split())
    elif name == "History folder":
        s.history_folder = str(value).strip() or None
    elif name == "Reporting month":
        d = parse_date(value)
        if d is None:
            findings.append(
                invalid_setting(sheet, cell, "reporting month", value, "a date or 'Dec-16'")
            )
            return
        s.reporting_month = date(d.year, d.month, 1)
    else:
        f = fraction(sheet, cell, name, value, findings)
        if f is None:
            return
        if name == "RAG tolerance":
            s.rag_tolerance = f
        elif name == "Revision threshold":
            s.revision_threshold = f
        else:
            s.static_band = f
    s.cells[name] = cell


def read_row_synonyms(sheet: SheetData) -> dict[str, str]:
    """The `Row label | Kind` table: user labels -> RowKind (unknown kinds are skipped)."""
    out: dict[str, str] = {}
    for kind, hr, cols in find_tables(sheet):
        if kind != "synonym":
            continue
        lc, kc = cols.get("row label"), cols.get("kind")
        for _, row in table_body(sheet, hr):
            label, k = cell_at(row, lc), parse_kind(cell_at(row, kc))
            if label and k:
                out[" ".join(str(label).split())] = k
    return out
