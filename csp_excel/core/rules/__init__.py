"""Consistency rules (SPEC section 6): where a return contradicts itself or the computed figures.

Pure: takes the model and the `Computed` figures, returns located `Finding`s. Every finding
names the exact grid cell. Figures typed by hand are compared at the precision they are shown
with: "88.10" may be anything from 88.095 to 88.105, "+3%" from 2.5% to 3.5%. A figure shown with
decimals may also be the computed one cut short ("70.3%" for 70.37%), as people copy digits off a
calculator. Only a difference beyond that is reported, so consistent returns raise no alarms.

The rules live by family: `consistency` (YTD, R12, rate, percentages, part and whole),
`reporting` (after the reporting month, missing months), `rag`, `dot`; the precision test is
`precision` and what they share is `context`.
"""

from __future__ import annotations

from collections.abc import Callable

from csp_excel.core.model import Computed, Finding, Indicator, Settings
from csp_excel.core.rows import Rows
from csp_excel.core.rules.consistency import (
    numerator_exceeds,
    pct_change_rows,
    pct_rows,
    r12_rows,
    rate_rows,
    ytd_rows,
)
from csp_excel.core.rules.context import RuleContext
from csp_excel.core.rules.dot import dot_typed
from csp_excel.core.rules.precision import consistent, displayed_unit
from csp_excel.core.rules.rag import normalise_rag, rag_typed
from csp_excel.core.rules.reporting import after_reporting, missing_months


def validate_indicator(
    ind: Indicator, comp: Computed, settings: Settings, rows: Rows | None = None
) -> list[Finding]:
    """Every model-level consistency finding for one indicator, in grid order within each code.

    `rows`: the rows calc used (None resolves them here, for callers outside analysis)."""
    if ind.grid is None:
        return []
    c = RuleContext(ind, comp, settings, rows)
    out: list[Finding] = []
    rules: tuple[Callable[[RuleContext], list[Finding]], ...] = (
        ytd_rows,
        r12_rows,
        rate_rows,
        pct_rows,
        pct_change_rows,
        numerator_exceeds,
        after_reporting,
        missing_months,
        rag_typed,
    )
    if ind.grid.frequency == "annual":  # years as columns: no cumulative or month rules apply
        rules = (pct_change_rows, numerator_exceeds, rag_typed)
    for rule in (*rules, dot_typed):
        out.extend(rule(c))
    return out


__all__ = ["consistent", "displayed_unit", "normalise_rag", "validate_indicator"]
