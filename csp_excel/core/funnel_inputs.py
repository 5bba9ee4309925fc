"""What a funnel plot needs from one indicator: the count and denominator behind its figure.

The comparison shows a rate per 1,000 (rolling 12 months, or the snapshot's value, over the
population in force) or a YTD % (numerator over denominator, summed from April); the funnel needs
the two numbers that figure was divided from, at the reporting period.
"""

from __future__ import annotations

from .computed import Computed
from .series import ytd


def funnel_inputs(comp: Computed, kind: str) -> dict[str, float | None]:
    """{'rate_count', 'rate_population', 'pct_numerator', 'pct_denominator'} at the report."""
    idx = comp.report_index
    count_series = comp.actual if kind == "snapshot" else comp.r12
    out: dict[str, float | None] = {
        "rate_count": comp.at_report(count_series),
        "rate_population": comp.at_report(comp.denominator_value),
        "pct_numerator": None,
        "pct_denominator": None,
    }
    if kind == "percentage" and comp.denominator is not None and idx is not None:
        out["pct_numerator"] = comp.at_report(comp.ytd)
        out["pct_denominator"] = ytd(comp.denominator, idx)[idx]
    return out
