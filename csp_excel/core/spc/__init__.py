"""Statistical process control: XmR charts as in NHS England's "Making Data Count".

Why: a board reacting to one Red month needs to know whether the change is a signal or noise.
The XmR (individuals and moving range) chart gives a centre line, natural process limits and four
special-cause rules; assurance says whether a target can be met by the process as it runs.

The package: `rules` (the four rules and how conflicts are resolved), `phases` (baseline and
rebasing), `xmr` (the chart), `run_chart` (under 13 points); here, the indicator's series.
"""

from __future__ import annotations

from csp_excel.core.annual import spc_note
from csp_excel.core.model import Computed, Indicator, Series, SpcResult
from csp_excel.core.periods import period_code
from csp_excel.core.rag import effective_polarity

from .phases import D2, LIMIT_FACTOR
from .rules import OUTSIDE, RUN_LENGTH, SHIFT, TREND, TWO_OF_THREE, close
from .run_chart import MIN_RUN_CHART
from .xmr import MIN_POINTS, xmr

__all__ = [
    "D2",
    "LIMIT_FACTOR",
    "MIN_POINTS",
    "MIN_RUN_CHART",
    "OUTSIDE",
    "RUN_LENGTH",
    "SHIFT",
    "TREND",
    "TWO_OF_THREE",
    "outliers",
    "point_limits",
    "spc_for",
    "xmr",
]


def _ratio_points(num: Series | None, den: Series | None, upto: int) -> Series:
    """Monthly numerator/denominator, None where either is missing or the denominator is 0."""
    out: Series = []
    for i in range(upto):
        a = num[i] if num is not None and i < len(num) else None
        b = den[i] if den is not None and i < len(den) else None
        out.append(a / b if a is not None and b else None)
    return out


def _year_before_last(comp: Computed) -> Series:
    """A count's year before last (from the return or its history: SPEC "earlier returns"),
    from its first period with a figure, so the chart has up to three years (36 months) of
    points; empty when there is none, or when its last period or last year's first is blank
    (the chart would join points a gap apart)."""
    ybl, n = comp.actual_year_before_last, comp.n
    last = comp.actual_last_year
    # joined only where the two years meet: its last period and last year's first both known
    if not ybl or len(ybl) < n or ybl[n - 1] is None or not last or last[0] is None:
        return []
    first = next(i for i, v in enumerate(ybl) if v is not None)
    return list(ybl[first:n])


def spc_for(ind: Indicator, comp: Computed) -> SpcResult | None:
    """The XmR chart for one indicator: the year before last's periods (counts, when known),
    last year's, then this year's to the report.

    Percentage indicators chart the period ratio numerator/denominator (zero denominators
    skipped). Count indicators with a target get assurance against the profiled target for the
    reporting period (see _monthly_target); percentage indicators with a rate target against that rate.
    """
    m = comp.report_index
    if m is None:
        return None
    if comp.frequency == "annual":
        return _annual_spc(ind, comp, m)
    n = comp.n
    if ind.kind == "percentage":
        last = _ratio_points(comp.numerator_last_year, comp.denominator_last_year, n)
        this = _ratio_points(comp.numerator, comp.denominator, m + 1)
    else:
        last = list(comp.actual_last_year[:n])
        this = list(comp.actual[: m + 1])
    earlier = _year_before_last(comp)
    values: Series = earlier + last + this
    if all(v is None for v in values):
        return None
    start = n - len(earlier)  # the year before last from its first period with a figure
    labels = [period_code(comp.fy - 2, start + i, comp.frequency) for i in range(len(earlier))]
    labels += [period_code(comp.fy - 1, i, comp.frequency) for i in range(len(last))]
    labels += [period_code(comp.fy, i, comp.frequency) for i in range(len(this))]
    target: float | None = None
    if ind.kind == "percentage":
        if ind.target.kind == "rate" and ind.target.value is not None:
            target = ind.target.value
    elif ind.kind == "count":
        target = _monthly_target(comp, m)
        if target is None and ind.target.kind in ("cap", "floor") and comp.annual_target:
            target = comp.annual_target / n
    skipped: list[str] = []
    result = xmr(
        values,
        labels,
        effective_polarity(ind),
        target,
        baseline=ind.spc_baseline,
        rebase=rebase_codes(ind.spc_rebase, comp.frequency),
        skipped=skipped,
    )
    comp.notes.extend(skipped)
    return result


def rebase_codes(rebase: tuple[tuple[str, str], ...], frequency: str) -> list[tuple[str, str]]:
    """Settings rebase months ('2017-04') as the chart's period codes: a quarterly chart
    rebases from the financial-year quarter holding that month."""
    if frequency != "quarterly":
        return list(rebase)
    out = []
    for code, reason in rebase:
        year, month = (int(x) for x in code.split("-"))
        fy = year if month >= 4 else year - 1
        out.append((period_code(fy, ((month - 4) % 12) // 3, "quarterly"), reason))
    return out


def _annual_spc(ind: Indicator, comp: Computed, m: int) -> SpcResult | None:
    """The years' figures (percentages for percentage indicators) up to the latest; with fewer
    than MIN_POINTS years, as is usual, "not enough data", and the notes say why."""
    series = comp.pct_ytd if comp.pct_ytd is not None else comp.actual
    values: Series = list(series[: m + 1])
    if all(v is None for v in values):
        return None
    labels = list(comp.period_labels[: m + 1])
    labels += [f"year {i + 1}" for i in range(len(labels), len(values))]
    result = xmr(values, labels, effective_polarity(ind), comp.annual_target)
    if ind.spc_baseline is not None or ind.spc_rebase:  # years, not months: said, not silent
        comp.notes.append("SPC baseline and rebase settings apply to monthly and quarterly "
                          "charts; this annual indicator's chart does not use them")  # fmt: skip
    if result.kind == "none":
        comp.notes.append(spc_note(len(result.values), MIN_POINTS))
    return result


def _monthly_target(comp: Computed, m: int) -> float | None:
    """The profiled target for the reporting period itself: the step of the cumulative
    trajectory (annual/12 for a linear cap; last year's month, less any % reduction, for
    'reduction on last year'; last year's share for a seasonal profile)."""
    traj = comp.target or []
    now = traj[m] if m < len(traj) else None
    before = traj[m - 1] if m > 0 else 0.0
    if now is None or before is None:
        return None
    return now - before


def point_limits(result: SpcResult, i: int) -> tuple[float, float, float]:
    """(lower, upper, sigma) in force at point i: its own period's, when the chart was rebased."""
    for ph in result.phases:
        if ph.start <= i <= ph.end:
            return ph.lower, ph.upper, ph.sigma
    return result.lower or 0.0, result.upper or 0.0, result.sigma or 0.0


def outliers(result: SpcResult) -> list[int]:
    """Points far outside the limits (beyond a limit by more than one sigma): likely keying errors.

    A point just over a limit happens by chance about once in 370; one a further sigma out is
    rare enough to ask whether it was typed correctly (SPC_OUTLIER). Each point is judged
    against its own period's limits.
    """
    if not result.enough_data or result.lower is None or result.upper is None:
        return []
    out = []
    for i, v in enumerate(result.values):
        if v is None:
            continue
        lower, upper, sigma = point_limits(result, i)
        if v > upper + sigma and not close(v, upper + sigma):
            out.append(i)
        elif v < lower - sigma and not close(v, lower - sigma):
            out.append(i)
    return out
