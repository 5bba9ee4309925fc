"""Every derived figure of SPEC section 5, as pure functions of the model.

`compute` turns one `Indicator` into a `Computed`: YTD, same period last year, % change, rolling
12 months and its change, rate per 1,000 with the denominator in force each period, YTD % for
percentage indicators, the target trajectory and variance, RAG and direction of travel.
Missing figures are never guessed: a gap makes the figures that depend on it blank.
"""

from __future__ import annotations

from dataclasses import dataclass

from csp_excel.core import periods
from csp_excel.core.model import Computed, GridRow, Indicator, Series, Settings
from csp_excel.core.rag import is_level, judge
from csp_excel.core.rows import Rows, resolve_rows
from csp_excel.core.series import (
    Values,
    cumulative,
    fit,
    pct_change,
    rate,
    ratio,
    rolling,
    ytd,
)
from csp_excel.core.trajectory import target_from_row, trajectory

# the series arithmetic is part of calc's API (tests and the rules use it from here)
__all__ = ["Rows", "compute", "cumulative", "denominator_series", "fit", "pct_change", "rate",
           "ratio", "reporting_index", "resolve_rows", "rolling", "ytd"]  # fmt: skip


def denominator_series(
    settings: Settings, name: str | None, fy: int, n: int, frequency: str = "monthly"
) -> tuple[Series, list[str]]:
    """The population in force at each period end: the latest effective_from on or before it."""
    dens = settings.denominator(name)
    if not name:
        return [None] * n, []
    if not dens:
        return [None] * n, [f"denominator '{name}' not found in settings: no rate"]
    out: Series = []
    for i in range(n):
        end = periods.period_end(fy, i, frequency)
        valid = [d for d in dens if d.effective_from <= end]
        out.append(valid[-1].value if valid else None)
    notes = []
    if any(v is None for v in out):
        notes.append(
            f"no '{name}' figure effective before {dens[0].effective_from.isoformat()}: "
            "rate blank for earlier periods"
        )
    return out, notes


def _values(row: GridRow | None, n: int) -> Series:
    return fit(row.values if row is not None else None, n)


# ---------------------------------------------------------------- reporting period


def reporting_index(ind: Indicator, settings: Settings, rows: Rows | None = None) -> int | None:
    """The settings' reporting month if it falls in the grid's FY (its quarter for quarterly
    grids), else the last period with a figure; None when there are no figures at all.
    Annual grids: the latest year with a figure (a month says nothing about years)."""
    grid = ind.grid
    if grid is None:
        return None
    if rows is None:
        rows = resolve_rows(ind)
    if grid.frequency == "annual":  # imported here: calc_annual uses us
        from csp_excel.core.calc_annual import annual_report_index

        return annual_report_index(ind, rows)
    n = grid.n
    series = [_values(rows.actual, n)]
    if ind.kind == "percentage":
        series.append(_values(rows.denominator, n))
    present = [i for i in range(n) if any(s[i] is not None for s in series)]
    if not present:
        return None
    rm = settings.reporting_month
    if rm is not None and periods.fy_of(rm) == grid.fy:
        idx = periods.month_index(rm)
        return idx // 3 if grid.frequency == "quarterly" else idx
    return present[-1]


# ---------------------------------------------------------------- compute


def _empty(ind: Indicator, settings: Settings, note: str) -> Computed:
    n = 12
    fy = periods.fy_of(settings.reporting_month) if settings.reporting_month else 0
    blank: Series = [None] * n
    return Computed(
        sheet=ind.sheet,
        block=ind.block,  # which grid of a sheet with several
        fy=fy,
        frequency="monthly",
        report_index=None,
        actual=list(blank),
        actual_last_year=list(blank),
        ytd=list(blank),
        ytd_last_year=list(blank),
        pct_change=list(blank),
        r12=list(blank),
        r12_change=list(blank),
        rate=list(blank),
        denominator_value=list(blank),
        target=list(blank),
        variance=list(blank),
        notes=[note],
    )


def _cut(values: Values, ri: int | None) -> Series:
    return [v if ri is not None and i <= ri else None for i, v in enumerate(values)]


@dataclass
class _Figures:
    """The period series of one monthly or quarterly indicator, before targets and RAG."""

    actual: Series
    actual_last_year: Series
    ytd: Series
    ytd_last_year: Series
    change: Series
    r12: Series
    r12_change: Series
    rate: Series
    headline: Series
    numerator: Series | None = None
    denominator: Series | None = None
    numerator_last_year: Series | None = None
    denominator_last_year: Series | None = None
    pct_ytd: Series | None = None
    pct_ytd_last_year: Series | None = None


def _figures(ind: Indicator, rows: Rows, n: int, ri: int | None, dens: Series) -> _Figures:
    """YTD, change, R12, rate and the headline (YTD % for percentages, the value for snapshots)."""
    upto = ri if ri is not None else -1
    no_data: Series = [None] * n
    actual, actual_ly = _values(rows.actual, n), _values(rows.actual_last_year, n)
    if ind.kind == "snapshot":
        current = _cut(actual, ri)
        change = [pct_change(a, b) for a, b in zip(current, actual_ly, strict=True)]
        blank = list(no_data)
        return _Figures(actual, actual_ly, blank, list(blank), change, list(blank), list(blank),
                        rate(current, dens, ind.per), current)  # fmt: skip
    ytd_s, ytd_ly = ytd(actual, upto), ytd(actual_ly)
    r12 = rolling(actual_ly, actual, upto)
    r12_prev = rolling(_values(rows.actual_year_before_last, n), actual_ly)
    fig = _Figures(
        actual=actual,
        actual_last_year=actual_ly,
        ytd=ytd_s,
        ytd_last_year=ytd_ly,
        change=[pct_change(a, b) for a, b in zip(ytd_s, ytd_ly, strict=True)],
        r12=r12,
        r12_change=[pct_change(a, b) for a, b in zip(r12, r12_prev, strict=True)],
        rate=rate(r12, dens, ind.per),
        headline=r12 if any(v is not None for v in r12) else ytd_s,
    )
    if ind.kind == "percentage":
        num, den = actual, _values(rows.denominator, n)
        num_ly, den_ly = actual_ly, _values(rows.denominator_last_year, n)
        fig.numerator, fig.denominator = num, den
        fig.numerator_last_year, fig.denominator_last_year = num_ly, den_ly
        fig.pct_ytd = [ratio(a, b) for a, b in zip(ytd(num, upto), ytd(den, upto), strict=True)]
        fig.pct_ytd_last_year = [ratio(a, b) for a, b in zip(ytd(num_ly), ytd(den_ly), strict=True)]
        fig.headline = fig.pct_ytd
    return fig


def _target_series(
    ind: Indicator, rows: Rows, fig: _Figures, n: int, notes: list[str]
) -> tuple[Series, float | None]:
    """The target trajectory: parsed text (or settings) first; a grid target row overrides it."""
    level = is_level(ind)
    if ind.kind == "snapshot":
        base = fig.actual_last_year
    elif level:
        base = fig.pct_ytd_last_year or [None] * n
    else:
        base = fig.ytd_last_year
    target_s, annual, t_notes = trajectory(ind.target, n, base, not level, ind.profile)
    notes += t_notes
    if rows.target is not None and ind.target.kind != "range":
        if ind.target.source == "settings" and ind.target.kind != "none":
            notes.append("target row ignored: the target set in settings wins")
        else:
            read = target_from_row(rows.target.values, n, annual, level)
            if read is not None:
                target_s, annual, note = read
                notes.append(note)
    return target_s, annual


def compute(ind: Indicator, settings: Settings, rows: Rows | None = None) -> Computed:
    """All derived series for one indicator, plus RAG and direction of travel.

    `rows` are the indicator's resolved rows (analysis resolves them once); None resolves here."""
    grid = ind.grid
    if grid is None:
        return _empty(ind, settings, "no period grid: nothing computed")
    if rows is None:
        rows = resolve_rows(ind)
    if grid.frequency == "annual":  # years as columns: see calc_annual (imported here: it uses us)
        from csp_excel.core.calc_annual import compute_annual

        return compute_annual(ind, settings, rows)
    n, fy, freq = grid.n, grid.fy, grid.frequency
    notes = list(rows.notes)
    ri = reporting_index(ind, settings, rows)
    dens, den_notes = denominator_series(settings, ind.denominator_name, fy, n, freq)
    notes += den_notes
    fig = _figures(ind, rows, n, ri, dens)
    if ind.kind == "percentage" and rows.denominator is None:
        notes.append("percentage indicator without a denominator row: no YTD %")
    target_s, annual = _target_series(ind, rows, fig, n, notes)
    comp = Computed(
        sheet=ind.sheet,
        block=ind.block,  # which grid of a sheet with several
        fy=fy,
        frequency=freq,
        report_index=ri,
        actual=fig.actual,
        actual_last_year=fig.actual_last_year,
        ytd=fig.ytd,
        ytd_last_year=fig.ytd_last_year,
        pct_change=fig.change,
        r12=fig.r12,
        r12_change=fig.r12_change,
        rate=fig.rate,
        denominator_value=dens,
        target=target_s,
        variance=[None] * n,
        numerator=fig.numerator,
        denominator=fig.denominator,
        numerator_last_year=fig.numerator_last_year,
        denominator_last_year=fig.denominator_last_year,
        pct_ytd=fig.pct_ytd,
        pct_ytd_last_year=fig.pct_ytd_last_year,
        actual_year_before_last=(
            _values(rows.actual_year_before_last, n)
            if ind.kind == "count" and rows.actual_year_before_last is not None
            else None
        ),
        headline=fig.headline,
        annual_target=annual,
        notes=notes,
    )
    return judge(ind, comp, target_s, settings)
