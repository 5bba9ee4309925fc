"""A run chart when there are too few points for XmR limits: the median and two rules only.

Why: with fewer than 13 points the limits are not trustworthy, but a board can still be told
whether a run of points is unusual. The rules are the MDC / NHS Improvement run chart rules
(Perla, Provost and Murray, "The run chart", BMJ Qual Saf 2011;20:46-51, as used in NHS
Improvement's "Making Data Count" run chart guide):
- a shift: 6 or more consecutive points on one side of the median; points on the median
  neither add to nor break a shift;
- a trend: 5 or more consecutive points all going up (or all down); a point equal to the one
  before neither adds to nor breaks a trend.
No astronomical-point or number-of-runs rule, and no assurance (there are no limits).
"""

from __future__ import annotations

import statistics

from csp_excel.core.model import SpcResult

from .rules import Signal, runs, side, step, variation

SHIFT_POINTS = 6
TREND_POINTS = 5
MIN_RUN_CHART = SHIFT_POINTS  # fewer points: neither rule could fire; "not enough data"


def _shift(pts: list[float], median: float) -> list[list[Signal]]:
    """Points in a run of 6 or more on one side of the median (points on it skipped)."""
    sig: list[list[Signal]] = [[] for _ in pts]
    off = [i for i, x in enumerate(pts) if side(x, median) != 0]
    for a, b, d in runs([side(pts[i], median) for i in off]):
        if b - a + 1 >= SHIFT_POINTS:
            text = f"run of {b - a + 1} " + ("above the median" if d > 0 else "below the median")
            for i in off[a : b + 1]:
                sig[i].append(Signal("shift", d, text))
    return sig


def _trend(pts: list[float], sig: list[list[Signal]]) -> None:
    """Points in 5 or more each rising (or falling); repeats of a value skipped."""
    keep = [i for i in range(len(pts)) if i == 0 or step(pts[i - 1], pts[i]) != 0]
    steps = [step(pts[keep[k - 1]], pts[keep[k]]) for k in range(1, len(keep))]
    for a, b, d in runs(steps):
        if b - a + 2 >= TREND_POINTS:
            text = f"{b - a + 2} points " + ("rising" if d > 0 else "falling")
            for i in range(keep[a], keep[b + 1] + 1):
                sig[i].insert(0, Signal("trend", d, text))


def run_chart(pts: list[float], labels: list[str], polarity: str) -> SpcResult:
    """The run chart of the points (none missing); below MIN_RUN_CHART, "not enough data"."""
    n = len(pts)
    if n < MIN_RUN_CHART:
        return SpcResult(values=list(pts), labels=labels, special=[False] * n, rules=[""] * n)
    median = statistics.median(pts)
    sig = _shift(pts, median)
    _trend(pts, sig)
    return SpcResult(
        values=list(pts),
        labels=labels,
        special=[bool(s) for s in sig],
        rules=["; ".join(x.text for x in s) for s in sig],
        variation=variation(sig[-1], polarity),
        kind="run",
        median=median,
        direction=[s[0].direction if s else 0 for s in sig],
        both_ways=[len({x.direction for x in s}) > 1 for s in sig],
    )
