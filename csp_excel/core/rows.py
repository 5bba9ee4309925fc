"""Which grid rows an indicator's figures come from, resolved once per indicator.

Analysis resolves them before anything is computed and hands the same `Rows` to calc, the rules,
the SPC-outlier locator and the writers, so every part reads the figures from the same cells.
"""

from __future__ import annotations

from dataclasses import dataclass

from csp_excel.core.model import Grid, GridRow, Indicator


@dataclass(frozen=True)
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
    notes: tuple[str, ...] = ()


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
    if grid is None:
        return Rows()
    fy = grid.fy
    ybl_row = _year_row(grid, "actual_last_year", fy - 2, exact=True)
    if ind.kind != "percentage":
        first = ("snapshot", "actual") if ind.kind == "snapshot" else ("actual", "snapshot")
        actual = grid.first(first[0]) or grid.first(first[1])
        last_year = _year_row(grid, "actual_last_year", fy - 1)
        ybl = ybl_row if ybl_row is not last_year else None
        return Rows(actual, last_year, ybl, target=grid.first("target"))
    numerator = (
        grid.find_label(ind.numerator_label) if ind.numerator_label else None
    ) or grid.first("numerator")
    denominator = (
        grid.find_label(ind.denominator_label) if ind.denominator_label else None
    ) or grid.first("denominator")
    notes: tuple[str, ...] = ()
    if numerator is None and grid.first("actual") is not None:
        numerator = grid.first("actual")
        notes = ("no numerator row: the actual row is used as the numerator",)
    num_ly = _year_row(grid, "numerator_last_year", fy - 1)
    return Rows(
        actual=numerator,
        actual_last_year=num_ly,
        actual_year_before_last=ybl_row if ybl_row is not num_ly else None,
        numerator=numerator,
        denominator=denominator,
        numerator_last_year=num_ly,
        denominator_last_year=_year_row(grid, "denominator_last_year", fy - 1),
        target=grid.first("target"),
        notes=notes,
    )
