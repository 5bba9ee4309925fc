"""Consistency rules (SPEC section 6): where a return contradicts itself or the computed figures.

Pure: takes the model and the `Computed` figures, returns located `Finding`s. Every finding
names the exact grid cell. Figures typed by hand are compared at the precision they are shown
with: "88.10" may be anything from 88.095 to 88.105, "+3%" from 2.5% to 3.5%. A figure shown with
decimals may also be the computed one cut short ("70.3%" for 70.37%), as people copy digits off a
calculator. Only a difference beyond that is reported, so consistent returns raise no alarms.

The rules live by family: `rules_consistency` (YTD, R12, rate, percentages, part and whole),
`rules_reporting` (after the reporting month, missing months), `rules_rag`; the precision test is
`rules_precision` and what they share is `rules_context`.
"""

from __future__ import annotations

from collections.abc import Callable

from csp_excel.core.model import Computed, Finding, Indicator, Settings
from csp_excel.core.rules.consistency import (
    _numerator_exceeds,
    _pct_change_rows,
    _pct_rows,
    _r12_rows,
    _rate_rows,
    _ytd_rows,
)
from csp_excel.core.rules.context import _Ctx
from csp_excel.core.rules.dot import _dot_typed
from csp_excel.core.rules.precision import consistent, displayed_unit
from csp_excel.core.rules.rag import _rag, normalise_rag
from csp_excel.core.rules.reporting import _after_reporting, _missing_months


def validate_indicator(ind: Indicator, comp: Computed, settings: Settings) -> list[Finding]:
    """Every model-level consistency finding for one indicator, in grid order within each code."""
    if ind.grid is None:
        return []
    c = _Ctx(ind, comp, settings)
    out: list[Finding] = []
    rules: tuple[Callable[[_Ctx], list[Finding]], ...] = (
        _ytd_rows,
        _r12_rows,
        _rate_rows,
        _pct_rows,
        _pct_change_rows,
        _numerator_exceeds,
        _after_reporting,
        _missing_months,
        _rag,
    )
    if ind.grid.frequency == "annual":  # years as columns: no cumulative or month rules apply
        rules = (_pct_change_rows, _numerator_exceeds, _rag)
    for rule in (*rules, _dot_typed):
        out.extend(rule(c))
    return out


__all__ = ["consistent", "displayed_unit", "normalise_rag", "validate_indicator"]
