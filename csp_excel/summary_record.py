"""One computed indicator of one file, as a bulk run keeps it for summary.xlsx and comparison.xlsx.

A bulk run's parent holds one of these per indicator per file until the reports are written, so it
is a slotted record of plain figures (about a fifth of the memory of the dict it replaces), never
the `Computed` series. Readers use `rec.get("rate")` / `rec["rate"]`, as they did with the dict, so
a hand-made dict (tests, older callers) still works wherever a record does.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, fields
from typing import Any

from .core.annual import period_label
from .core.funnel_inputs import funnel_inputs
from .core.periods import fy_label
from .core.result import IndicatorResult
from .core.titles import shared_title


@dataclass(slots=True)
class IndicatorSummary:
    """The figures at the reporting period and the labels the comparison matches and shows."""

    sheet: str
    title: str | None
    block: str | None
    district: str | None
    match: str  # the comparison's key: the sheet for a district block, else the block's key
    fy: str | None
    period: str | None
    frequency: str
    kind: str
    polarity: str | None
    per: float | None  # the rate's "per" (1,000 residents ...)
    denominator: str | None  # the denominator's name in the settings ("Residents")
    ytd: float | None
    r12: float | None
    rate: float | None
    pct_change: float | None
    pct_ytd: float | None
    rag: str | None
    dot: str | None
    partnership: str | None
    reporting_month: str | None = None
    # the counts behind the rate and the YTD % at the reporting period, for the comparison's
    # funnel plots (core/funnel_inputs); None when any part is unknown
    rate_count: float | None = None
    rate_population: float | None = None
    pct_numerator: float | None = None
    pct_denominator: float | None = None

    def get(self, key: str, default: Any = None) -> Any:
        """Dict-style read, so the report writers take a record or a plain dict alike."""
        return getattr(self, key, default) if key in _NAMES else default

    def __getitem__(self, key: str) -> Any:
        if key not in _NAMES:
            raise KeyError(key)
        return getattr(self, key)

    def to_dict(self) -> dict[str, Any]:
        return {n: getattr(self, n) for n in _NAMES}

    def __setstate__(self, state: Any) -> None:
        """Unpickled (from a worker, or from the bulk run's spill): the labels every file
        repeats (sheet, title, month, RAG ...) are interned, so a comparison of hundreds of
        partnerships holds each label once, not once per file."""
        slots = state[1] if isinstance(state, tuple) else state
        for name, value in slots.items():
            object.__setattr__(self, name, sys.intern(value) if type(value) is str else value)


_NAMES = frozenset(f.name for f in fields(IndicatorSummary))


def summarise(res: IndicatorResult, partnership: str | None) -> IndicatorSummary:
    """The record of one result; `partnership` is the file's (a district block names its own)."""
    ind, comp = res.indicator, res.computed
    idx = comp.report_index
    counts = funnel_inputs(comp, ind.kind)
    return IndicatorSummary(
        sheet=comp.sheet,
        title=shared_title(ind),
        block=comp.block,
        district=ind.district,
        # what the comparison matches across files: a district block is the sheet's indicator
        # for another partnership; any other block is an indicator of its own
        match=comp.sheet if ind.district else comp.key,
        fy=fy_label(comp.fy),
        period=period_label(comp, idx) if idx is not None else None,
        frequency=comp.frequency,
        kind=ind.kind,
        polarity=ind.polarity,
        per=ind.per,
        denominator=ind.denominator_name,
        ytd=comp.at_report(comp.ytd),
        r12=comp.at_report(comp.r12),
        rate=comp.at_report(comp.rate),
        pct_change=comp.at_report(comp.pct_change),
        pct_ytd=comp.at_report(comp.pct_ytd),
        rag=comp.rag,
        dot=comp.dot,
        partnership=ind.district or partnership,
        rate_count=counts["rate_count"],
        rate_population=counts["rate_population"],
        pct_numerator=counts["pct_numerator"],
        pct_denominator=counts["pct_denominator"],
    )
