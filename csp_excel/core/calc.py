"""Every derived figure of SPEC section 5, as pure functions of the model.

`compute` turns one `Indicator` into a `Computed`: YTD, same period last year, % change, rolling
12 months and its change, rate per 1,000 with the denominator in force each period, YTD % for
percentage indicators, the target trajectory and variance, RAG and direction of travel.
Missing figures are never guessed: a gap makes the figures that depend on it blank.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from csp_excel.core import periods
from csp_excel.core.model import Computed, Grid, GridRow, Indicator, Series, Settings, Target
from csp_excel.core.rag import is_level, judge

Values = Sequence[float | None]


# ---------------------------------------------------------------- small pure helpers


def fit(values: Values | None, n: int) -> Series:
    """Pad with None / cut to exactly n periods."""
    vals = list(values or [])[:n]
    return vals + [None] * (n - len(vals))


def ytd(values: Values, upto: int | None = None) -> Series:
    """Cumulative sums from April. Blank at and after a missing period (a gap breaks the
    cumulative) and after `upto` (never carried forward past the reporting period)."""
    out: Series = []
    total = 0.0
    broken = False
    for i, v in enumerate(values):
        if broken or v is None or (upto is not None and i > upto):
            broken = broken or v is None
            out.append(None)
            continue
        total += v
        out.append(total)
    return out


def cumulative(values: Values | None, n: int) -> Series:
    """Running totals over exactly n periods (padded/cut), blank from the first gap on: the
    YTD rule, for any series (numerators, denominators, last year's figures)."""
    return ytd(fit(values, n))


def rolling(values_ly: Values, values: Values, upto: int | None = None) -> Series:
    """R12 (R4 for quarters): this year's periods to i plus last year's after i.
    Blank unless every one of the n periods is known."""
    n = len(values)
    ly = fit(values_ly, n)
    out: Series = []
    for i in range(n):
        window = list(values[: i + 1]) + ly[i + 1 :]
        if (upto is not None and i > upto) or any(v is None for v in window):
            out.append(None)
        else:
            out.append(sum(v for v in window if v is not None))
    return out


def pct_change(a: float | None, b: float | None) -> float | None:
    """a / b - 1; None when either is missing or b is 0."""
    if a is None or b is None or b == 0:
        return None
    return a / b - 1.0


def ratio(num: float | None, den: float | None) -> float | None:
    if num is None or den is None or den == 0:
        return None
    return num / den


def rate(r12: Values, denominators: Values, per: float = 1000.0) -> Series:
    """R12 / population in force x per (1,000 or 100,000)."""
    out: Series = []
    for r, d in zip(r12, denominators, strict=False):
        q = ratio(r, d)
        out.append(None if q is None else q * per)
    return out


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


def trajectory(
    target: Target, n: int, base: Values, cumulative: bool, profile: str = "linear"
) -> tuple[Series, float | None, list[str]]:
    """Target per period and the annual target.

    cumulative=True (counts): `base` is last year's YTD; caps/floors are profiled over the year.
    cumulative=False (YTD %, snapshots): `base` is last year's value per period; the target
    applies to each period's figure as it is.
    """
    notes: list[str] = []
    base = fit(base, n)
    total = base[n - 1]
    kind, x = target.kind, target.value
    if kind in ("cap", "floor") and x is not None:
        if not cumulative:
            return [x] * n, x, notes
        if profile == "seasonal":
            if total:
                return [None if b is None else x * b / total for b in base], x, notes
            notes.append("seasonal profile needs last year's full year: profiled linearly")
        return [x * (i + 1) / n for i in range(n)], x, notes
    if kind in ("reduction_pct", "reduction", "increase"):
        factor = 1.0
        if kind == "reduction_pct" and x is not None:
            factor = 1.0 - x
        elif kind == "increase" and x is not None:
            factor = 1.0 + x
        if all(b is None for b in base):
            notes.append("target is relative to last year, but last year's figures are missing")
        series: Series = [None if b is None else b * factor for b in base]
        return series, (None if total is None else total * factor), notes
    if kind == "rate" and x is not None:
        if cumulative:
            notes.append("a percentage target needs a percentage indicator: not applied")
            return [None] * n, None, notes
        return [x] * n, x, notes
    return [None] * n, None, notes


def target_from_row(
    values: Values, n: int, annual: float | None, level: bool
) -> tuple[Series, float | None, str] | None:
    """Read a grid target row: cumulative (ends near the annual target or rises every period)
    or per-period (then cumulated). `level` rows (YTD % or snapshot targets) are used as they are.
    Returns (series, annual, note), or None when the row holds no figures."""
    vals = fit(values, n)
    known = [(i, v) for i, v in enumerate(vals) if v is not None]
    if not known:
        return None
    if level:
        note = "target row read as the target for each period"
        if all(v <= 100 for _, v in known) and any(v > 1.5 for _, v in known):
            vals = [None if v is None else v / 100.0 for v in vals]
            note += " (whole numbers read as percentages)"
        return vals, known[-1][1], note
    last_i, last = known[-1]
    summed = sum(v for _, v in known)
    cumulative: bool
    if annual and last_i == n - 1 and abs(last - annual) <= 0.1 * abs(annual):
        cumulative = True
    elif annual and len(known) == n and abs(summed - annual) <= 0.1 * abs(annual):
        cumulative = False
    else:
        steps = [b - a for (_, a), (_, b) in zip(known, known[1:], strict=False)]
        cumulative = len(steps) > 0 and all(s > 0 for s in steps)
    if cumulative:
        return vals, vals[n - 1], "target row read as cumulative"
    cum = ytd(vals)
    return cum, cum[n - 1], "target row read as per-period targets and cumulated"


# ---------------------------------------------------------------- rows


@dataclass
class Rows:
    """The grid rows the calculations use, resolved once."""

    actual: GridRow | None = None
    actual_ly: GridRow | None = None
    actual_ybl: GridRow | None = None  # the year before last, for R12 change
    numerator: GridRow | None = None
    denominator: GridRow | None = None
    numerator_ly: GridRow | None = None
    denominator_ly: GridRow | None = None
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
        out.numerator_ly = _year_row(grid, "numerator_last_year", fy - 1)
        out.denominator_ly = _year_row(grid, "denominator_last_year", fy - 1)
        out.actual = out.numerator
        out.actual_ly = out.numerator_ly
    else:
        first = ("snapshot", "actual") if ind.kind == "snapshot" else ("actual", "snapshot")
        out.actual = grid.first(first[0]) or grid.first(first[1])
        out.actual_ly = _year_row(grid, "actual_last_year", fy - 1)
    ybl = _year_row(grid, "actual_last_year", fy - 2, exact=True)
    out.actual_ybl = ybl if ybl is not out.actual_ly else None
    out.target = grid.first("target")
    return out


def _values(row: GridRow | None, n: int) -> Series:
    return fit(row.values if row is not None else None, n)


# ---------------------------------------------------------------- reporting period


def reporting_index(ind: Indicator, settings: Settings) -> int | None:
    """The settings' reporting month if it falls in the grid's FY (its quarter for quarterly
    grids), else the last period with a figure; None when there are no figures at all.
    Annual grids: the latest year with a figure (a month says nothing about years)."""
    grid = ind.grid
    if grid is None:
        return None
    if grid.frequency == "annual":
        return compute(ind, settings).report_index
    rows = resolve_rows(ind)
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


def compute(ind: Indicator, settings: Settings) -> Computed:
    """All derived series for one indicator, plus RAG and direction of travel."""
    grid = ind.grid
    if grid is None:
        return _empty(ind, settings, "no period grid: nothing computed")
    if grid.frequency == "annual":  # years as columns: see calc_annual (imported here: it uses us)
        from csp_excel.core.calc_annual import compute_annual

        return compute_annual(ind, settings)
    n, fy, freq = grid.n, grid.fy, grid.frequency
    rows = resolve_rows(ind)
    notes = list(rows.notes)
    ri = reporting_index(ind, settings)
    no_data: Series = [None] * n
    upto = ri if ri is not None else -1

    actual = _values(rows.actual, n)
    actual_ly = _values(rows.actual_ly, n)
    ybl = _values(rows.actual_ybl, n)
    dens, den_notes = denominator_series(settings, ind.denominator_name, fy, n, freq)
    notes += den_notes

    numerator = denominator = num_ly = den_ly = pct_ytd = pct_ytd_ly = None
    if ind.kind == "snapshot":
        current = _cut(actual, ri)
        ytd_s, ytd_ly = list(no_data), list(no_data)
        change = [pct_change(a, b) for a, b in zip(current, actual_ly, strict=True)]
        r12, r12_change = list(no_data), list(no_data)
        rate_s = rate(current, dens, ind.per)
        headline: Series = current
    else:
        ytd_s = ytd(actual, upto)
        ytd_ly = ytd(actual_ly)
        change = [pct_change(a, b) for a, b in zip(ytd_s, ytd_ly, strict=True)]
        r12 = rolling(actual_ly, actual, upto)
        r12_prev = rolling(ybl, actual_ly)
        r12_change = [pct_change(a, b) for a, b in zip(r12, r12_prev, strict=True)]
        rate_s = rate(r12, dens, ind.per)
        headline = r12 if any(v is not None for v in r12) else ytd_s
        if ind.kind == "percentage":
            numerator, num_ly = actual, actual_ly
            denominator = _values(rows.denominator, n)
            den_ly = _values(rows.denominator_ly, n)
            pct_ytd = [
                ratio(a, b)
                for a, b in zip(ytd(numerator, upto), ytd(denominator, upto), strict=True)
            ]
            pct_ytd_ly = [ratio(a, b) for a, b in zip(ytd(num_ly), ytd(den_ly), strict=True)]
            headline = pct_ytd
            if rows.denominator is None:
                notes.append("percentage indicator without a denominator row: no YTD %")

    # Target trajectory: parsed text (or settings) first; a grid target row overrides it.
    level = is_level(ind)
    if ind.kind == "snapshot":
        base = actual_ly
    elif level:
        base = pct_ytd_ly or list(no_data)
    else:
        base = ytd_ly
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

    comp = Computed(
        sheet=ind.sheet,
        block=ind.block,  # which grid of a sheet with several
        fy=fy,
        frequency=freq,
        report_index=ri,
        actual=actual,
        actual_last_year=actual_ly,
        ytd=ytd_s,
        ytd_last_year=ytd_ly,
        pct_change=change,
        r12=r12,
        r12_change=r12_change,
        rate=rate_s,
        denominator_value=dens,
        target=target_s,
        variance=list(no_data),
        numerator=numerator,
        denominator=denominator,
        numerator_last_year=num_ly,
        denominator_last_year=den_ly,
        pct_ytd=pct_ytd,
        pct_ytd_last_year=pct_ytd_ly,
        headline=headline,
        annual_target=annual,
        notes=notes,
    )
    return judge(ind, comp, target_s, settings)
