"""One indicator from model to every figure and finding: compute, SPC, forecast, rules, narrative.

This is the single place the core pieces are put together, so the CLI, the Excel button and bulk
conversion all judge a return the same way. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import replace

from . import calc, calc_annual, forecast, narrative, rules, spc
from .codes import finding
from .model import Computed, Finding, GridRow, Indicator, Return, Settings
from .periods import name_from_code, period_code
from .rag import reads_percent
from .result import Analysis, IndicatorResult
from .rows import Rows

__all__ = ["Analysis", "IndicatorResult", "analyse_indicator", "analyse_return"]


def _figures(ind: Indicator, settings: Settings, rows: Rows) -> Computed:
    """The computed figures, complete: SPC and the year-end forecast are part of the build."""
    comp = calc.compute(ind, settings, rows)
    comp = replace(comp, spc=spc.spc_for(ind, comp))
    fc = forecast.forecast(comp)
    if fc is None:
        return comp
    return replace(comp, forecast=fc[0], forecast_low=fc[1], forecast_high=fc[2])


def analyse_indicator(ind: Indicator, settings: Settings) -> IndicatorResult:
    """Compute one indicator and judge it; its rows are resolved here, once, for every part."""
    rows = calc.resolve_rows(ind)
    comp = _figures(ind, settings, rows)
    found: list[Finding] = []
    found += rules.validate_indicator(ind, comp, settings, rows)
    found += narrative.check_narrative(ind, comp)
    found += _spc_outliers(ind, comp, rows)
    draft = narrative.draft_overview(ind, comp, settings.partnership)
    return IndicatorResult(ind, rows, comp, tuple(found), draft or "")


def _spc_outliers(ind: Indicator, comp: Computed, rows: Rows) -> list[Finding]:
    """A single month far outside the process limits: possibly a keying error (SPEC section 6).

    The points are what SPC charted: period ratios for percentage indicators (shown as %), the
    figures themselves otherwise. Each is located at the cell of the row calc actually used (a
    Settings "Numerator row", a snapshot row), this year's or last year's.
    """
    result = comp.spc
    if result is None or not result.enough_data or result.lower is None or result.upper is None:
        return []
    pct = reads_percent(ind, comp)

    def show(v: float) -> str:
        return f"{v:.1%}" if pct else f"{v:,.0f}"

    # SPC labels are tidy period codes ("2016-07"); both years' points map back to grid cells
    cell_of: dict[str, str] = {}
    if comp.frequency == "annual" and ind.grid is not None:  # SPC labels are the year labels
        row = calc_annual.value_row(ind, rows)[1]
        if row is not None:
            cell_of = dict(zip(comp.period_labels, row.cells, strict=False))
    years = ((comp.fy - 2, rows.actual_year_before_last), (comp.fy - 1, rows.actual_last_year),
             (comp.fy, rows.actual))  # fmt: skip
    for fy, row in years:
        if comp.frequency != "annual":
            cell_of.update(_cells_by_code(row, fy, comp))
    out: list[Finding] = []
    for idx in spc.outliers(result):
        code, value = result.labels[idx], result.values[idx]
        low, high, _ = spc.point_limits(result, idx)  # its own period's, when rebased
        limits = f"{low:.1%} to {high:.1%}" if pct else f"{low:,.1f} to {high:,.1f}"
        shown = show(value) if value is not None else "blank"
        out.append(
            finding(
                code="SPC_OUTLIER",
                sheet=ind.sheet,
                cell=cell_of.get(code),
                message=(
                    f"The figure for {name_from_code(code)} ({shown}) is far outside the usual "
                    f"range ({limits}); check it was keyed correctly."
                ),
                expected=limits,
                found=value,
            )
        )
    return out


def _cells_by_code(row: GridRow | None, fy: int, comp: Computed) -> dict[str, str]:
    if row is None:
        return {}
    n = min(comp.n, len(row.cells))
    return {period_code(fy, i, comp.frequency): row.cells[i] for i in range(n)}


def analyse_return(ret: Return) -> Analysis:
    """Every indicator of a return; one indicator failing never stops the others.

    The findings are merged here, once: the reader's, then each indicator's in sheet order (an
    indicator whose computation failed contributes its INTERNAL_ERROR in its place)."""
    results: list[IndicatorResult] = []
    findings: list[Finding] = list(ret.findings)
    for ind in ret.indicators:
        if ind.grid is None:
            continue
        try:
            result = analyse_indicator(ind, ret.settings)
        except Exception:  # noqa: BLE001 - a bug in one indicator must not lose the file
            # plain words only: a Python error means nothing to the person reading the list
            findings.append(_internal_error(ind))
            continue
        results.append(result)
        findings.extend(result.findings)
    return Analysis(tuple(results), tuple(findings))


def _internal_error(ind: Indicator) -> Finding:
    return finding(
        code="INTERNAL_ERROR",
        sheet=ind.sheet,
        cell=None,
        message="csp-excel could not compute this indicator; please report it with the file.",
    )
