"""`compute` for annual grids (years as columns): SPEC section 3 "annual grids".

The year's figure is its YTD; the same period last year is the previous column; % change is on
that column; no R12; a rate only with a denominator (the year's figure / population x per); the
target applies to the latest year as it is (no linear profiling), or a grid target row gives each
year its own; RAG and direction of travel are the monthly ones on these series (the arrow compares
the last two years). The reporting period is the latest year with a figure.
"""

from __future__ import annotations

from csp_excel.core import annual
from csp_excel.core.model import Computed, GridRow, Indicator, Series, Settings
from csp_excel.core.rag import compares_counts, judge
from csp_excel.core.rows import Rows, resolve_rows
from csp_excel.core.series import fit, pct_change, ratio

_RELATIVE = ("reduction_pct", "reduction", "increase")


def value_row(ind: Indicator, rows: Rows | None = None) -> tuple[str, GridRow | None]:
    """Which row holds an annual indicator's figures, and how to read it: "ratio" (numerator
    and denominator rows: the numerator row is returned), "pct" (a row of percentages) or
    "value" (counts or snapshots). The indicator sheet shows this row as the input."""
    grid = ind.grid
    assert grid is not None
    if rows is None:
        rows = resolve_rows(ind)
    if ind.kind == "percentage" and rows.denominator is not None and rows.numerator is not None:
        return "ratio", rows.numerator
    pct_row = grid.first("pct")
    if pct_row is not None and (ind.kind == "percentage" or rows.actual is None):
        return "pct", pct_row
    if ind.kind == "percentage" and rows.actual is not None:
        return "pct", rows.actual
    if ind.kind == "snapshot":
        return "value", annual.first_row(grid, "snapshot", "actual")
    if rows.actual is not None and _typed_as_percentages(rows.actual):
        return "pct", rows.actual
    return "value", rows.actual


def _typed_as_percentages(row: GridRow) -> bool:
    """Every figure in the row was typed with a % sign ("72%", "45%"): a row of percentages,
    whatever its label says (assessments put counts and percentages in one table)."""
    typed = [
        raw
        for raw, v in zip(row.raw, row.values, strict=False)
        if v is not None and raw is not None
    ]
    return bool(typed) and all(isinstance(t, str) and t.strip().endswith("%") for t in typed)


def _values_of(
    ind: Indicator, rows: Rows
) -> tuple[str, Series, Series | None, Series | None, list[str]]:
    """(mode, figures, numerator, denominator, notes); see `value_row`."""
    grid = ind.grid
    assert grid is not None
    n = grid.n
    mode, row = value_row(ind, rows)
    if mode == "ratio":
        assert rows.denominator is not None
        num, den = fit(row.values if row else None, n), fit(rows.denominator.values, n)
        return "ratio", num, num, den, list(rows.notes)
    if mode == "pct":
        vals, note = annual.as_fractions(fit(row.values if row else None, n))
        return "pct", vals, None, None, [note] if note else []
    return "value", fit(row.values if row else None, n), None, None, []


def _target(
    ind: Indicator, n: int, ri: int | None, level_pct: bool, prev_basis: Series
) -> tuple[Series, list[str]]:
    """Per-year targets from a grid target row, else the target for the latest year."""
    grid = ind.grid
    assert grid is not None
    t = ind.target
    out: Series = [None] * n
    notes: list[str] = []
    row = grid.first("target")
    if row is not None and t.kind != "range":
        if t.source == "settings" and t.kind != "none":
            notes.append("target row ignored: the target set in settings wins")
        elif any(v is not None for v in row.values):
            vals = fit(row.values, n)
            if level_pct:
                vals, pct_note = annual.as_fractions(vals)
                notes += [pct_note] if pct_note else []
            notes.append("target row read as each year's own target")
            return vals, notes
    if ri is None:
        return out, notes
    x = t.value
    if t.kind in ("cap", "floor") and x is not None:
        if level_pct and x > 1.0 and not compares_counts(ind):
            notes.append("a count target needs counts, not percentages: not applied")
        else:
            out[ri] = x
    elif t.kind in _RELATIVE:
        factor = 1.0 - (x or 0.0) if t.kind == "reduction_pct" else 1.0 + (x or 0.0)
        base = prev_basis[ri]
        if base is None:
            notes.append("target is relative to the previous year, but that year has no figure")
        else:
            out[ri] = base * factor
    elif t.kind == "rate" and x is not None:
        if level_pct:
            out[ri] = x
        else:
            notes.append("a percentage target needs a percentage indicator: not applied")
    if t.kind not in ("none", "range"):
        notes.append("the target applies to the latest year as it is (no profiling)")
    return out, notes


def _latest(vals: Series, den: Series | None) -> int | None:
    """The latest year with a figure (or a denominator); None when there is none."""
    present = [i for i, v in enumerate(vals) if v is not None or (den is not None and den[i])]
    return present[-1] if present else None


def annual_report_index(ind: Indicator, rows: Rows) -> int | None:
    """The reporting year of an annual grid, without computing its figures."""
    _mode, vals, _num, den, _notes = _values_of(ind, rows)
    return _latest(vals, den)


def compute_annual(ind: Indicator, settings: Settings, rows: Rows | None = None) -> Computed:
    """All derived series for one annual indicator, plus RAG and direction of travel."""
    grid = ind.grid
    assert grid is not None and annual.is_annual(grid.frequency)
    n = grid.n
    mode, vals, num, den, notes = _values_of(ind, rows if rows is not None else resolve_rows(ind))
    ri = _latest(vals, den)
    upto = -1 if ri is None else ri
    figures: Series = [v if i <= upto else None for i, v in enumerate(vals)]
    prev = annual.previous(figures)
    pct: Series | None = None
    if mode == "ratio" and num is not None and den is not None:
        pct = [
            ratio(a, b) if i <= upto else None
            for i, (a, b) in enumerate(zip(num, den, strict=True))
        ]
    elif mode == "pct":
        pct = list(figures)
    change = [pct_change(a, b) for a, b in zip(figures, prev, strict=True)]
    notes += annual.gaps_note(grid, figures)
    dens, den_notes = annual.denominators(settings, ind.denominator_name, grid)
    notes += den_notes
    rate: Series = [None] * n
    if mode == "value":
        rate = [None if q is None else q * ind.per for q in map(ratio, figures, dens)]
    level_pct = pct is not None
    prev_basis = annual.previous(pct) if pct is not None and not compares_counts(ind) else prev
    target_s, t_notes = _target(ind, n, ri, level_pct, prev_basis)
    notes += t_notes
    blank: Series = [None] * n
    comp = Computed(
        sheet=ind.sheet,
        block=ind.block,  # which grid of a sheet with several
        fy=grid.fy,
        frequency="annual",
        report_index=ri,
        actual=list(vals),
        actual_last_year=list(blank),
        ytd=figures,
        ytd_last_year=prev,
        pct_change=change,
        r12=list(blank),
        r12_change=list(blank),
        rate=rate,
        denominator_value=dens,
        target=target_s,
        variance=list(blank),
        numerator=num,
        denominator=den,
        pct_ytd=pct,
        pct_ytd_last_year=annual.previous(pct) if pct is not None else None,
        headline=pct if pct is not None else figures,
        annual_target=None if ri is None else target_s[ri],
        notes=notes,
        period_labels=list(grid.period_labels[:n]),
    )
    return judge(ind, comp, target_s, settings)
