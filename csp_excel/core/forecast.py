"""Year-end forecast: where the indicator will finish if this year follows last year's shape.

Why: a board meeting in December wants to know whether the year-end target is still in reach.
The central figure is the seasonal projection of SPEC section 5,
    YTD(m) + (total_last_year - YTD_last_year(m)) x YTD(m) / YTD_last_year(m),
and the range around it comes from two plainer projections so that a forecast is only called
"likely" when the methods agree:
    linear run rate       YTD(m) / (m + 1) x n
    last year's remainder YTD(m) + (total_last_year - YTD_last_year(m))   (unscaled)

Percentage indicators (numerator/denominator present on `Computed`) forecast the year-end
percentage: the numerator and the denominator are each projected the same three ways and divided,
so the linear projection is simply the current YTD percentage. Either series missing any part of
last year gives no forecast.
"""

from __future__ import annotations

from .model import Computed, Series
from .series import cumulative


def _cum(series: Series | None, upto: int) -> float | None:
    """Sum of periods 0..upto; None if any is missing (a full year's total with upto = n - 1)."""
    return cumulative(series, upto + 1)[upto]


def _projections(
    ytd: float, ytd_ly: float, total_ly: float, m: int, n: int
) -> tuple[float, float, float]:
    """(seasonal, linear run rate, last year's remainder unscaled)."""
    remainder = total_ly - ytd_ly
    seasonal = ytd + remainder * ytd / ytd_ly
    linear = ytd / (m + 1) * n
    return seasonal, linear, ytd + remainder


def forecast(comp: Computed) -> tuple[float, float, float] | None:
    """(mid, low, high) year-end forecast, or None when it cannot be made honestly.

    None when there is no reporting period, no YTD, last year is incomplete or last year's YTD
    at the reporting period is 0 (the seasonal scale is undefined).
    """
    m = comp.report_index
    if m is None or comp.frequency == "annual":  # a year is already the year's end
        return None
    n = comp.n
    if comp.numerator is not None and comp.denominator is not None:
        return _forecast_pct(comp, m, n)
    ytd = comp.ytd[m] if m < len(comp.ytd) else None
    ytd_ly = comp.ytd_last_year[m] if m < len(comp.ytd_last_year) else None
    total_ly = _cum(comp.actual_last_year, n - 1)
    if ytd is None or ytd_ly is None or total_ly is None or ytd_ly == 0:
        return None
    proj = _projections(ytd, ytd_ly, total_ly, m, n)
    return proj[0], min(proj), max(proj)


def _forecast_pct(comp: Computed, m: int, n: int) -> tuple[float, float, float] | None:
    num, den = _cum(comp.numerator, m), _cum(comp.denominator, m)
    num_ly, den_ly = _cum(comp.numerator_last_year, m), _cum(comp.denominator_last_year, m)
    tot_num_ly = _cum(comp.numerator_last_year, n - 1)
    tot_den_ly = _cum(comp.denominator_last_year, n - 1)
    if (
        num is None
        or den is None
        or num_ly is None
        or den_ly is None
        or tot_num_ly is None
        or tot_den_ly is None
    ):
        return None
    if num_ly == 0 or den_ly == 0 or den == 0:
        return None
    pn = _projections(num, num_ly, tot_num_ly, m, n)
    pd = _projections(den, den_ly, tot_den_ly, m, n)
    if any(d <= 0 for d in pd):
        return None
    pcts = [a / b for a, b in zip(pn, pd, strict=True)]
    return pcts[0], min(pcts), max(pcts)


def forecast_judgement(comp: Computed, polarity: str) -> str:
    """'likely to meet target' / 'likely to miss target' / 'too close to call', '' if no target.

    "Likely" only when the whole forecast range is on one side of the annual target; reaching
    the target exactly counts as meeting it.
    """
    target = comp.annual_target
    if target is None or comp.forecast is None or polarity not in ("lower", "higher"):
        return ""
    low = comp.forecast_low if comp.forecast_low is not None else comp.forecast
    high = comp.forecast_high if comp.forecast_high is not None else comp.forecast
    if polarity == "lower":
        if high <= target:
            return "likely to meet target"
        if low > target:
            return "likely to miss target"
    else:
        if low >= target:
            return "likely to meet target"
        if high < target:
            return "likely to miss target"
    return "too close to call"
