"""Statistical process control: XmR charts as in NHS England's "Making Data Count".

Why: a board reacting to one Red month needs to know whether the change is a signal or noise.
The XmR (individuals and moving range) chart gives a centre line, natural process limits and four
special-cause rules; assurance says whether a target can be met by the process as it runs.

Pure functions: values in, `SpcResult` out. No outlier screening of moving ranges by default.

Conflicting signals at the latest point (e.g. a run below the mean that ends in a point above the
upper limit) are resolved by the rule that is most specific to the latest point itself, in this
order: outside the limits > 2 of 3 beyond 2 sigma > shift (run on one side) > trend.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .annual import spc_note
from .model import Computed, Indicator, Series, SpcResult
from .periods import period_code
from .rag import effective_polarity

MIN_POINTS = 13  # fewer points: no limits, variation "not enough data"
RUN_LENGTH = 7  # shift and trend length, in points
LIMIT_FACTOR = 2.66  # mean +/- 2.66 x mean moving range
D2 = 1.128  # sigma = mean moving range / d2

# Rule names and their priority when the latest point is in signals of both directions.
OUTSIDE = "outside limits"
TWO_OF_THREE = "2 of 3 beyond 2 sigma"
SHIFT = "run on one side of the mean"
TREND = "trend"
_PRIORITY = {OUTSIDE: 0, TWO_OF_THREE: 1, SHIFT: 2, TREND: 3}


@dataclass(frozen=True)
class _Signal:
    rule: str
    direction: int  # +1 high, -1 low
    text: str


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _side(x: float, mean: float) -> int:
    """+1 above, -1 below, 0 exactly on the mean (which breaks a run)."""
    if _close(x, mean):
        return 0
    return 1 if x > mean else -1


def _step(a: float, b: float) -> int:
    """+1 rising, -1 falling, 0 equal (which breaks a trend)."""
    if _close(a, b):
        return 0
    return 1 if b > a else -1


def _latest_target(target: Series | float | None, last_used: int) -> float | None:
    """The target in force at the latest point: a number, or the series entry (last known)."""
    if target is None:
        return None
    if isinstance(target, (int, float)):
        return float(target)
    upto = target[: last_used + 1] if last_used < len(target) else target
    for v in reversed(upto):
        if v is not None:
            return float(v)
    return None


def _signals(
    pts: list[float], mean: float, lower: float, upper: float, sigma: float
) -> list[list[_Signal]]:
    """Every special-cause signal each point takes part in."""
    n = len(pts)
    sig: list[list[_Signal]] = [[] for _ in range(n)]
    # Rule 1: a point outside the process limits.
    for i, x in enumerate(pts):
        if x > upper and not _close(x, upper):
            sig[i].append(_Signal(OUTSIDE, 1, "above upper limit"))
        elif x < lower and not _close(x, lower):
            sig[i].append(_Signal(OUTSIDE, -1, "below lower limit"))
    # Rule 4: 2 of 3 consecutive points beyond 2 sigma on the same side (beyond 3 sigma counts).
    for start in range(n - 2):
        window = range(start, start + 3)
        for d in (1, -1):
            beyond = [
                j
                for j in window
                if d * (pts[j] - mean) > 2 * sigma and not _close(pts[j] - mean, d * 2 * sigma)
            ]
            if len(beyond) >= 2:
                text = "2 of 3 beyond 2 sigma " + ("(high)" if d > 0 else "(low)")
                for j in beyond:
                    if not any(s.rule == TWO_OF_THREE for s in sig[j]):
                        sig[j].append(_Signal(TWO_OF_THREE, d, text))
    # Rule 2: a shift, 7 or more consecutive points on one side of the mean.
    sides = [_side(x, mean) for x in pts]
    for a, b, d in _runs(sides):
        if b - a + 1 >= RUN_LENGTH:
            text = f"run of {b - a + 1} " + ("above the mean" if d > 0 else "below the mean")
            for j in range(a, b + 1):
                sig[j].append(_Signal(SHIFT, d, text))
    # Rule 3: a trend, 7 or more consecutive points each rising (or each falling).
    steps = [_step(pts[i - 1], pts[i]) for i in range(1, n)]
    for a, b, d in _runs(steps):
        points = b - a + 2  # steps a..b join points a..b+1
        if points >= RUN_LENGTH:
            text = f"{points} points " + ("rising" if d > 0 else "falling")
            for j in range(a, b + 2):
                sig[j].append(_Signal(TREND, d, text))
    for s in sig:
        s.sort(key=lambda x: _PRIORITY[x.rule])
    return sig


def _runs(signs: list[int]) -> list[tuple[int, int, int]]:
    """Maximal runs of equal non-zero signs as (first index, last index, sign)."""
    out: list[tuple[int, int, int]] = []
    i = 0
    while i < len(signs):
        if signs[i] == 0:
            i += 1
            continue
        j = i
        while j + 1 < len(signs) and signs[j + 1] == signs[i]:
            j += 1
        out.append((i, j, signs[i]))
        i = j + 1
    return out


def _variation(latest: list[_Signal], polarity: str) -> str:
    if not latest:
        return "common cause"
    direction = latest[0].direction  # highest-priority rule at the latest point wins
    if polarity == "lower":
        return "special cause concerning" if direction > 0 else "special cause improving"
    if polarity == "higher":
        return "special cause improving" if direction > 0 else "special cause concerning"
    return "special cause neutral"


def _assurance(target: float | None, polarity: str, lower: float, upper: float) -> str | None:
    """Can the process as it runs meet the target? Only for lower/higher-is-better."""
    if target is None or polarity not in ("lower", "higher"):
        return None
    above = target > upper and not _close(target, upper)
    below = target < lower and not _close(target, lower)
    if polarity == "lower":
        return "always met" if above else "always missed" if below else "hit and miss"
    return "always met" if below else "always missed" if above else "hit and miss"


def xmr(
    values: Series,
    labels: list[str],
    polarity: str,
    target: Series | float | None = None,
    baseline: int | None = None,
) -> SpcResult:
    """XmR analysis of the known values (None skipped) with special-cause rules and assurance.

    `labels` run alongside `values`; the result keeps only the labels of points used.
    `target` is one number or a series alongside `values`; the latest known entry is used.
    `baseline=k` (12-20) fixes the mean and limits on the first k points.
    """
    if len(labels) != len(values):
        raise ValueError("labels and values must be the same length")
    if baseline is not None and not 12 <= baseline <= 20:
        raise ValueError("baseline must be between 12 and 20 points")
    used = [i for i, v in enumerate(values) if v is not None]
    pts = [float(v) for v in values if v is not None]
    labels_used = [labels[i] for i in used]
    if len(pts) < MIN_POINTS:
        return SpcResult(
            values=list(pts),
            labels=labels_used,
            special=[False] * len(pts),
            rules=[""] * len(pts),
        )
    base = pts[: min(baseline, len(pts))] if baseline else pts
    mean = sum(base) / len(base)
    mrs = [abs(base[i] - base[i - 1]) for i in range(1, len(base))]
    mr_bar = sum(mrs) / len(mrs)
    lower, upper, sigma = mean - LIMIT_FACTOR * mr_bar, mean + LIMIT_FACTOR * mr_bar, mr_bar / D2
    sig = _signals(pts, mean, lower, upper, sigma)
    return SpcResult(
        values=list(pts),
        labels=labels_used,
        mean=mean,
        lower=lower,
        upper=upper,
        sigma=sigma,
        special=[bool(s) for s in sig],
        rules=["; ".join(x.text for x in s) for s in sig],
        variation=_variation(sig[-1], polarity),
        assurance=_assurance(_latest_target(target, used[-1]), polarity, lower, upper),
        enough_data=True,
    )


def _ratio_points(num: Series | None, den: Series | None, upto: int) -> Series:
    """Monthly numerator/denominator, None where either is missing or the denominator is 0."""
    out: Series = []
    for i in range(upto):
        a = num[i] if num is not None and i < len(num) else None
        b = den[i] if den is not None and i < len(den) else None
        out.append(a / b if a is not None and b else None)
    return out


def spc_for(ind: Indicator, comp: Computed) -> SpcResult | None:
    """The XmR chart for one indicator: last year's periods then this year's to the report.

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
    values: Series = last + this
    if all(v is None for v in values):
        return None
    labels = [period_code(comp.fy - 1, i, comp.frequency) for i in range(len(last))]
    labels += [period_code(comp.fy, i, comp.frequency) for i in range(len(this))]
    target: float | None = None
    if ind.kind == "percentage":
        if ind.target.kind == "rate" and ind.target.value is not None:
            target = ind.target.value
    elif ind.kind == "count":
        target = _monthly_target(comp, m)
        if target is None and ind.target.kind in ("cap", "floor") and comp.annual_target:
            target = comp.annual_target / n
    return xmr(values, labels, effective_polarity(ind), target)


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
    if not result.enough_data:
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


def outliers(result: SpcResult) -> list[int]:
    """Points far outside the limits (beyond a limit by more than one sigma): likely keying errors.

    A point just over a limit happens by chance about once in 370; one a further sigma out is
    rare enough to ask whether it was typed correctly (SPC_OUTLIER).
    """
    if not result.enough_data or result.lower is None or result.upper is None:
        return []
    sigma = result.sigma or 0.0
    out = []
    for i, v in enumerate(result.values):
        if v is None:
            continue
        if v > result.upper + sigma and not _close(v, result.upper + sigma):
            out.append(i)
        elif v < result.lower - sigma and not _close(v, result.lower - sigma):
            out.append(i)
    return out
