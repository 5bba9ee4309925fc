"""Which grid rows an indicator's figures come from, resolved once per indicator.

Analysis resolves them before anything is computed and hands the same `Rows` to calc, the rules,
the SPC-outlier locator and the writers, so every part reads the figures from the same cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from csp_excel.core.model import Grid, GridRow, Indicator


@dataclass
class Rows:
    """The grid rows the calculations use, resolved once."""

    actual: GridRow | None = None
    actual_last_year: GridRow | None = None
    actual_year_before_last: GridRow | None = None  # the year before last, for R12 change
    numerator: GridRow | None = None
    denominator: GridRow | None = None
    numerator_last_year: GridRow | None = None
    denominator_last_year: GridRow | None = None
    target: GridRow | None = None
    notes: list[str] = field(default_factory=list)


def _fy_of_row(r: GridRow) -> int | None:
    fy = r.extra.get("fy")
    try:
        return None if fy is None else int(fy)
    except (TypeError, ValueError):
        return None


def _year_row(grid: Grid, kind: str, fy: int, exact: bool = False) -> GridRow | None:
    """A row of `kind` for FY `fy`: one that says so first, else (unless exact) one with no year."""
    rows = [r for r in grid.rows if r.kind == kind]
    for r in rows:
        if _fy_of_row(r) == fy:
            return r
    if exact:
        return None
    return next((r for r in rows if _fy_of_row(r) is None), None)


def resolve_rows(ind: Indicator) -> Rows:
    """The rows calc uses: Settings "Numerator row"/"Denominator row" first, then by kind."""
    grid = ind.grid
    out = Rows()
    if grid is None:
        return out
    fy = grid.fy
    if ind.kind == "percentage":
        out.numerator = (
            grid.find_label(ind.numerator_label) if ind.numerator_label else None
        ) or grid.first("numerator")
        out.denominator = (
            grid.find_label(ind.denominator_label) if ind.denominator_label else None
        ) or grid.first("denominator")
        if out.numerator is None and grid.first("actual") is not None:
            out.numerator = grid.first("actual")
            out.notes.append("no numerator row: the actual row is used as the numerator")
        out.numerator_last_year = _year_row(grid, "numerator_last_year", fy - 1)
        out.denominator_last_year = _year_row(grid, "denominator_last_year", fy - 1)
        out.actual = out.numerator
        out.actual_last_year = out.numerator_last_year
    else:
        first = ("snapshot", "actual") if ind.kind == "snapshot" else ("actual", "snapshot")
        out.actual = grid.first(first[0]) or grid.first(first[1])
        out.actual_last_year = _year_row(grid, "actual_last_year", fy - 1)
    ybl = _year_row(grid, "actual_last_year", fy - 2, exact=True)
    out.actual_year_before_last = ybl if ybl is not out.actual_last_year else None
    out.target = grid.first("target")
    return out
