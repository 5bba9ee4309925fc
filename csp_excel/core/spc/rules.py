"""The four XmR special-cause rules of NHS England's "Making Data Count" (MDC), and how a point
that several rules flag in opposite directions is resolved.

Why a module of its own: the rules are the part users compare with the MDC Excel tool, the
NHS-R `NHSRplotthedots` package and PowerBI-SPC, so each rule is written once, plainly.

Conflicting signals (e.g. above the upper limit while a falling trend runs): the point takes
the direction of the first rule in this order, the order NHSRplotthedots uses to mimic the MDC
Excel tool: outside the limits > trend > 2 of 3 beyond 2 sigma > shift (source:
github.com/nhs-r-community/NHSRplotthedots, R/ptd_calculate_point_type.R, the `case_when` of
`ptd_special_cause_type`; the order is stated in its pull request #180, and
vignettes/deviations.Rmd lists where that package departs from the Excel tool, rule order not
among them; PowerBI-SPC asked the same question in NHSRplotthedots issue #200). Every signal is
still kept, so the sheet's SPC table shows both directions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

RUN_LENGTH = 7  # shift and trend length, in points

OUTSIDE = "outside limits"
TWO_OF_THREE = "2 of 3 beyond 2 sigma"
SHIFT = "run on one side of the mean"
TREND = "trend"
PRIORITY = {OUTSIDE: 0, TREND: 1, TWO_OF_THREE: 2, SHIFT: 3}


@dataclass(frozen=True)
class Signal:
    """One rule firing at one point: which rule, which side (+1 high, -1 low), in words."""

    rule: str
    direction: int
    text: str


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def side(x: float, centre: float) -> int:
    """+1 above, -1 below, 0 exactly on the centre line (which breaks a run)."""
    if close(x, centre):
        return 0
    return 1 if x > centre else -1


def step(a: float, b: float) -> int:
    """+1 rising, -1 falling, 0 equal (which breaks a trend)."""
    if close(a, b):
        return 0
    return 1 if b > a else -1


def runs(signs: list[int]) -> list[tuple[int, int, int]]:
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


def _beyond(x: float, mean: float, d: int, sigma: float) -> bool:
    """Beyond 2 sigma on side d (a point beyond 3 sigma is beyond 2 sigma too)."""
    return d * (x - mean) > 2 * sigma and not close(x - mean, d * 2 * sigma)


def two_of_three(pts: list[float], mean: float, sigma: float) -> list[list[Signal]]:
    """MDC "2 of 3": in a window of three consecutive points all on the same side of the mean,
    at least two beyond 2 sigma on that side; those two (or three) are flagged. A point on the
    other side, or on the mean, spoils the window (NHSRplotthedots issue #143, fixed in 0.2.2)."""
    sig: list[list[Signal]] = [[] for _ in pts]
    for start in range(len(pts) - 2):
        window = range(start, start + 3)
        sides = {side(pts[j], mean) for j in window}
        if len(sides) != 1 or 0 in sides:
            continue
        d = sides.pop()
        beyond = [j for j in window if _beyond(pts[j], mean, d, sigma)]
        if len(beyond) >= 2:
            text = "2 of 3 beyond 2 sigma " + ("(high)" if d > 0 else "(low)")
            for j in beyond:
                if not sig[j]:
                    sig[j].append(Signal(TWO_OF_THREE, d, text))
    return sig


def signals(
    pts: list[float], mean: float, lower: float, upper: float, sigma: float
) -> list[list[Signal]]:
    """Every special-cause signal each point takes part in, the winning one first."""
    sig = two_of_three(pts, mean, sigma)
    for i, x in enumerate(pts):  # a point outside the process limits
        if x > upper and not close(x, upper):
            sig[i].append(Signal(OUTSIDE, 1, "above upper limit"))
        elif x < lower and not close(x, lower):
            sig[i].append(Signal(OUTSIDE, -1, "below lower limit"))
    for a, b, d in runs([side(x, mean) for x in pts]):  # a shift: 7 or more on one side
        if b - a + 1 >= RUN_LENGTH:
            text = f"run of {b - a + 1} " + ("above the mean" if d > 0 else "below the mean")
            for j in range(a, b + 1):
                sig[j].append(Signal(SHIFT, d, text))
    steps = [step(pts[i - 1], pts[i]) for i in range(1, len(pts))]
    for a, b, d in runs(steps):  # a trend: 7 or more points each rising (or each falling)
        points = b - a + 2  # steps a..b join points a..b+1
        if points >= RUN_LENGTH:
            text = f"{points} points " + ("rising" if d > 0 else "falling")
            for j in range(a, b + 2):
                sig[j].append(Signal(TREND, d, text))
    for s in sig:
        s.sort(key=lambda x: PRIORITY[x.rule])
    return sig


def rule_text(point: list[Signal]) -> str:
    """The point's signals in words, the winning one first; a conflict says which one won."""
    text = "; ".join(x.text for x in point)
    if len({x.direction for x in point}) > 1:
        text += f" (conflicting signals: {point[0].text} takes precedence, as in MDC)"
    return text


def variation(latest: list[Signal], polarity: str) -> str:
    """The MDC variation of the latest point; neutral indicators keep the side."""
    if not latest:
        return "common cause"
    direction = latest[0].direction
    if polarity == "lower":
        return "special cause concerning" if direction > 0 else "special cause improving"
    if polarity == "higher":
        return "special cause improving" if direction > 0 else "special cause concerning"
    return "special cause neutral (high)" if direction > 0 else "special cause neutral (low)"
