"""RAG rating and direction of travel (SPEC section 5), from a `Computed` and its `Indicator`.

The rating compares the YTD figure (YTD % for percentage indicators, the value itself for
snapshots) with the target trajectory at the reporting period. Both functions are pure apart from
`dot_for` recording a monitoring indicator's direction in `comp.notes` (see there).
"""

from __future__ import annotations

from dataclasses import replace

from csp_excel.core.model import Computed, Indicator, Series, Settings
from csp_excel.core.targets import polarity_for_target

_EPS = 1e-9
# the rating letters in words, one table for the drafted text, the rule messages and the
# comparison; "None" (no rating) is worded by each user, as its sentence needs (or left out)
RAG_WORDS: dict[str, str] = {"R": "Red", "A": "Amber", "G": "Green"}


def effective_polarity(ind: Indicator) -> str:
    """The polarity judged by: a range target implies "range"; a default polarity yields to
    what the target implies ("No more than 257" means lower is better)."""
    pol = ind.polarity
    explicit = ind.polarity_source not in ("default", "", None)
    if ind.target.kind == "range" and not (explicit and pol == "monitor"):
        return "range"
    if not explicit and pol == "monitor":
        return polarity_for_target(ind.target) or "monitor"
    return pol


def compares_counts(ind: Indicator) -> bool:
    """True when a percentage indicator's target is a count ("24 individuals"): then the
    cumulative numerator, not the YTD %, is compared with the target."""
    return (
        ind.kind == "percentage"
        and ind.target.kind in ("cap", "floor")
        and (ind.target.value or 0.0) > 1.0
    )


def is_level(ind: Indicator) -> bool:
    """True when the target applies to each period's figure as it is (a YTD % or a snapshot),
    False when it is a running total profiled over the year (counts, and percentage indicators
    whose target is a count). Calculation, the indicator sheet and keep-layout fill all ask here.
    Annual indicators are always level: a year's figure is judged against its target as it is."""
    if ind.grid is not None and ind.grid.frequency == "annual":
        return True
    return ind.kind == "snapshot" or (ind.kind == "percentage" and not compares_counts(ind))


def reads_percent(ind: Indicator, comp: Computed) -> bool:
    """True when the headline is a percentage: percentage indicators, and annual indicators
    read from a row of percentages (their kind may say count)."""
    return ind.kind == "percentage" or (comp.frequency == "annual" and comp.pct_ytd is not None)


def basis_series(ind: Indicator, comp: Computed) -> Series:
    """The figures compared with the target, period by period (None after the report)."""
    if ind.kind == "snapshot":
        ri = comp.report_index
        return [v if ri is not None and i <= ri else None for i, v in enumerate(comp.actual)]
    if reads_percent(ind, comp) and comp.pct_ytd is not None and not compares_counts(ind):
        return comp.pct_ytd
    return comp.ytd


def rag_value(value: float, target: float, polarity: str, tolerance: float) -> str:
    """One-sided rating: 'worse' is above target for lower-is-better, below for higher.

    The one place a value is judged G/A/R against a target, so the reason given for a rating
    (rules) can never disagree with the rating itself."""
    shortfall = value - target if polarity == "lower" else target - value
    if shortfall <= _EPS * max(1.0, abs(target)):
        return "G"
    if shortfall <= tolerance * abs(target) + _EPS * max(1.0, abs(target)):
        return "A"
    return "R"


def rag_range(value: float, low: float, high: float, tolerance: float) -> str:
    """Green inside [low, high]; Amber within tolerance x the nearer edge; Red beyond."""
    if low - _EPS <= value <= high + _EPS:
        return "G"
    if value < low:
        return rag_value(value, low, "higher", tolerance)
    return rag_value(value, high, "lower", tolerance)


def rag_for(ind: Indicator, comp: Computed, tolerance: float) -> str:
    """'R', 'A', 'G' or 'None' (monitoring only, no target, or no figure at the report)."""
    ri = comp.report_index
    if ri is None:
        return "None"
    polarity = effective_polarity(ind)
    if polarity == "monitor" or ind.target.kind == "none" and comp.at_report(comp.target) is None:
        return "None"
    value = basis_series(ind, comp)[ri]
    if value is None:
        return "None"
    if polarity == "range":
        low, high = ind.target.low, ind.target.high
        if low is None or high is None:
            return "None"
        return rag_range(value, low, high, tolerance)
    target = comp.target[ri]
    if target is None or polarity not in ("lower", "higher"):
        return "None"
    return rag_value(value, target, polarity, tolerance)


def _previous(ind: Indicator, comp: Computed, series: Series, kind: str) -> float | None:
    """The value one period before the report; at April, last year's closing figure."""
    ri = comp.report_index
    assert ri is not None
    if ri > 0:
        return series[ri - 1]
    if comp.frequency == "annual":
        return None  # the oldest year has no year before it
    n = comp.n
    if kind == "r12":
        return comp.ytd_last_year[n - 1] if len(comp.ytd_last_year) >= n else None
    if kind == "pct" and comp.pct_ytd_last_year is not None:
        return comp.pct_ytd_last_year[n - 1]
    if kind == "value":
        return comp.actual_last_year[n - 1] if len(comp.actual_last_year) >= n else None
    return None


def _headline_pair(ind: Indicator, comp: Computed) -> tuple[float | None, float | None, str]:
    ri = comp.report_index
    assert ri is not None
    if reads_percent(ind, comp):
        s = comp.pct_ytd or []
        return (s[ri] if s else None), _previous(ind, comp, s, "pct"), "pct"
    if ind.kind == "snapshot":
        return comp.actual[ri], _previous(ind, comp, comp.actual, "value"), "value"
    if comp.r12[ri] is not None:
        return comp.r12[ri], _previous(ind, comp, comp.r12, "r12"), "r12"
    # No rolling 12 months: a rising YTD says nothing, so compare the monthly actuals.
    return comp.actual[ri], _previous(ind, comp, comp.actual, "value"), "actual"


def _distance(v: float, low: float, high: float) -> float:
    return low - v if v < low else v - high if v > high else 0.0


def monitor_direction(comp: Computed) -> str | None:
    """'up' / 'down' / 'static' recorded by `dot_for` for a monitoring indicator, else None."""
    for note in comp.notes:
        if note.startswith("direction: "):
            return note.removeprefix("direction: ")
    return None


def dot_for(ind: Indicator, comp: Computed, static_band: float) -> str | None:
    """'improved' / 'worse' / 'static' / 'peaked', or None when not computable.

    Monitoring-only indicators get no judgement: the direction is recorded in `comp.notes` as
    "direction: up" / "direction: down" / "direction: static" (read it with
    `monitor_direction`), and the result is "static" when static, otherwise None.
    """
    comp.notes[:] = [x for x in comp.notes if not x.startswith("direction: ")]
    if comp.report_index is None:
        return None
    cur, prev, basis = _headline_pair(ind, comp)
    if cur is None or prev is None:
        return None
    polarity = effective_polarity(ind)
    if reads_percent(ind, comp) and polarity == "higher" and cur >= 1.0 - _EPS:
        return "peaked"
    if basis == "pct":
        static = abs(cur - prev) < static_band - _EPS
    elif prev == 0:
        static = cur == 0
    else:
        static = abs(cur - prev) / abs(prev) < static_band - _EPS
    if polarity == "monitor" or polarity not in ("lower", "higher", "range"):
        direction = "static" if static else ("up" if cur > prev else "down")
        comp.notes.append(f"direction: {direction}")
        return "static" if static else None
    if static:
        return "static"
    if polarity == "range":
        low, high = ind.target.low, ind.target.high
        if low is None or high is None:
            return None
        d_cur, d_prev = _distance(cur, low, high), _distance(prev, low, high)
        if d_cur < d_prev:
            return "improved"
        if d_cur > d_prev:
            return "worse"
        return "static"
    better = cur < prev if polarity == "lower" else cur > prev
    return "improved" if better else "worse"


def judge(ind: Indicator, comp: Computed, target: Series, settings: Settings) -> Computed:
    """The judgement every frequency ends with: variance from the target trajectory, RAG with
    the indicator's (or partnership's) tolerance, direction of travel with the static band."""
    basis = basis_series(ind, comp)
    variance = [
        None if b is None or t is None else b - t for b, t in zip(basis, target, strict=True)
    ]
    comp = replace(comp, variance=variance)  # RAG reads the variance
    tolerance = ind.tolerance if ind.tolerance is not None else settings.rag_tolerance
    return replace(
        comp, rag=rag_for(ind, comp, tolerance), dot=dot_for(ind, comp, settings.static_band)
    )
