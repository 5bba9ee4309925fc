"""One indicator from model to every figure and finding: compute, SPC, forecast, rules, narrative.

This is the single place the core pieces are put together, so the CLI, the Excel button and bulk
conversion all judge a return the same way. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from . import calc, forecast, narrative, rules, spc
from .model import Computed, Finding, Indicator, Return, Settings
from .periods import fy_of, period_code, period_name


@dataclass
class Analysis:
    """What the core concluded about a whole return."""

    computed: list[Computed] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    drafts: dict[str, str] = field(default_factory=dict)  # sheet -> drafted Performance Overview


def analyse_indicator(ind: Indicator, settings: Settings) -> tuple[Computed, list[Finding], str]:
    """Compute one indicator and judge it. Returns (computed, findings, drafted overview)."""
    comp = calc.compute(ind, settings)
    comp.spc = spc.spc_for(ind, comp)
    fc = forecast.forecast(comp)
    if fc is not None:
        comp.forecast, comp.forecast_low, comp.forecast_high = fc
    found: list[Finding] = []
    found += rules.validate_indicator(ind, comp, settings)
    found += narrative.check_narrative(ind, comp)
    found += _spc_outliers(ind, comp)
    draft = narrative.draft_overview(ind, comp, settings.partnership)
    return comp, found, draft


def _spc_outliers(ind: Indicator, comp: Computed) -> list[Finding]:
    """A single month far outside the process limits: possibly a keying error (SPEC section 6)."""
    result = comp.spc
    if result is None or not result.enough_data or result.lower is None or result.upper is None:
        return []
    row = None
    if ind.grid is not None:
        row = ind.grid.first("actual") or ind.grid.first("numerator")
    # SPC labels are tidy period codes ("2016-07"); this FY's points map back to grid cells
    cell_of = {}
    if row is not None:
        cell_of = {period_code(comp.fy, i, comp.frequency): row.cells[i] for i in range(comp.n)}
    limits = f"{result.lower:,.1f} to {result.upper:,.1f}"
    out: list[Finding] = []
    for idx in spc.outliers(result):
        code, value = result.labels[idx], result.values[idx]
        label = _month_name(code)
        shown = f"{value:,.0f}" if value is not None else "blank"
        out.append(
            Finding(
                code="SPC_OUTLIER",
                severity="warning",
                sheet=ind.sheet,
                cell=cell_of.get(code),
                message=(
                    f"The figure for {label} ({shown}) is far outside the usual range "
                    f"({limits}); check it was keyed correctly."
                ),
                expected=limits,
                found=value,
            )
        )
    return out


def _month_name(code: str) -> str:
    """Tidy period code '2016-08' -> 'Aug-16', as every other finding names a month."""
    try:
        year, month = (int(x) for x in code.split("-"))
    except ValueError:
        return code
    return period_name(fy_of(date(year, month, 1)), (month - 4) % 12)


def analyse_return(ret: Return) -> Analysis:
    """Every indicator of a return; one indicator failing never stops the others."""
    result = Analysis()
    for ind in ret.indicators:
        if ind.grid is None:
            continue
        try:
            comp, found, draft = analyse_indicator(ind, ret.settings)
        except Exception as e:  # noqa: BLE001 - a bug in one indicator must not lose the file
            result.findings.append(
                Finding(
                    code="INTERNAL_ERROR",
                    severity="error",
                    sheet=ind.sheet,
                    cell=None,
                    message=f"csp-excel could not compute this indicator ({type(e).__name__}: {e}). "
                    "Please report it with the file.",
                )
            )
            continue
        result.computed.append(comp)
        result.findings.extend(found)
        if draft:
            result.drafts[ind.sheet] = draft
    return result
