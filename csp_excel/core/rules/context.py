"""What every consistency rule shares: the indicator's context, cell access and number wording.

Messages are for Excel users, so numbers are worded as a return shows them ('13,207', '88.10%').
"""

from __future__ import annotations

from csp_excel.core import periods
from csp_excel.core.codes import finding
from csp_excel.core.model import (
    Computed,
    Finding,
    GridRow,
    Indicator,
    Series,
    Settings,
)
from csp_excel.core.rows import Rows, resolve_rows
from csp_excel.core.rules.precision import EPS, consistent, displayed_unit


class RuleContext:
    """What every rule needs: the indicator, its figures, names of periods, the grid rows, and
    `resolved`: the rows calc used (resolved once, by analysis)."""

    def __init__(
        self, ind: Indicator, comp: Computed, settings: Settings, rows: Rows | None = None
    ) -> None:
        assert ind.grid is not None
        self.ind, self.comp, self.settings = ind, comp, settings
        self.resolved = rows if rows is not None else resolve_rows(ind)
        self.grid = ind.grid
        self.n = self.grid.n
        self.ri = comp.report_index
        self.fy = comp.fy or self.grid.fy

    def name(self, i: int) -> str:
        if self.grid.frequency == "annual":  # the year as the return writes it
            labels = self.grid.period_labels
            return labels[i] if 0 <= i < len(labels) else f"year {i + 1}"
        return periods.period_name(self.fy, i, self.grid.frequency)

    def rows(self, *kinds: str) -> list[GridRow]:
        return [r for r in self.grid.rows if r.kind in kinds]

    def row_year(self, row: GridRow) -> str:
        """'current', 'last' (the previous FY, by the row's label) or 'other'."""
        fy = row.extra.get("fy")
        if fy is None:
            fy = periods.parse_fy_text(row.label)
        try:
            fy = None if fy is None else int(fy)
        except (TypeError, ValueError):
            fy = None
        if fy is None or fy == self.fy:
            return "current"
        return "last" if fy == self.fy - 1 else "other"

    def checked(self, row: GridRow, year: str) -> range:
        """Periods to compare: up to the report this year (later ones are another rule's), all
        of last year."""
        if year == "last":
            return range(self.n)
        return range(0 if self.ri is None else self.ri + 1)

    def finding(
        self, code: str, row: GridRow, i: int, message: str, expected: object, found: object
    ) -> Finding:
        cell = row.cells[i] if i < len(row.cells) else row.label_cell
        return finding(code, self.ind.sheet, cell, message, expected, found)


def value_at(series: Series | None, i: int) -> float | None:
    if series is None or i >= len(series):
        return None
    return series[i]


def cell_raw(row: GridRow, i: int) -> object:
    return row.raw[i] if i < len(row.raw) else row.values[i]


def fmt_num(v: float, decimals: int | None = None) -> str:
    """13207 -> '13,207'; 88.1 with decimals 2 -> '88.10'."""
    if decimals is None:
        decimals = 0 if abs(v - round(v)) < EPS else 2
    return f"{v:,.{decimals}f}"


def fmt_pct(v: float, decimals: int = 1, sign: bool = False) -> str:
    return f"{v * 100:{'+' if sign else ''}.{decimals}f}%"


def shown_text(row: GridRow, i: int) -> str:
    raw = cell_raw(row, i)
    if isinstance(raw, str) and raw.strip():
        return raw.strip()
    v = row.values[i]
    return "" if v is None else fmt_num(v)


def cell_agrees(row: GridRow, i: int, computed: float | None, percent: bool = False) -> bool | None:
    """None when there is nothing to compare; else whether the cell agrees with `computed`."""
    shown = row.values[i] if i < len(row.values) else None
    if shown is None or computed is None:
        return None
    unit, decimals = displayed_unit(cell_raw(row, i), shown, percent)
    return consistent(shown, computed, unit, decimals)
