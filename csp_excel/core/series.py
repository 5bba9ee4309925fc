"""Series arithmetic shared by calc, the targets and the rules: YTD, rolling 12, change, rate.

Missing figures are never guessed: a gap makes the figures that depend on it blank.
"""

from __future__ import annotations

from collections.abc import Sequence

from csp_excel.core.model import Series

Values = Sequence[float | None]


def fit(values: Values | None, n: int) -> Series:
    """Pad with None / cut to exactly n periods."""
    vals = list(values or [])[:n]
    return vals + [None] * (n - len(vals))


def ytd(values: Values, upto: int | None = None) -> Series:
    """Cumulative sums from April. Blank at and after a missing period (a gap breaks the
    cumulative) and after `upto` (never carried forward past the reporting period)."""
    out: Series = []
    total = 0.0
    broken = False
    for i, v in enumerate(values):
        if broken or v is None or (upto is not None and i > upto):
            broken = broken or v is None
            out.append(None)
            continue
        total += v
        out.append(total)
    return out


def cumulative(values: Values | None, n: int) -> Series:
    """Running totals over exactly n periods (padded/cut), blank from the first gap on: the
    YTD rule, for any series (numerators, denominators, last year's figures)."""
    return ytd(fit(values, n))


def per_period(to_date: Values | None) -> Series:
    """Each period's own figure from running totals (the inverse of ytd): this total less the
    one before; blank where either is missing."""
    values = list(to_date or [])
    out: Series = values[:1]
    for before, now in zip(values, values[1:], strict=False):
        out.append(None if before is None or now is None else now - before)
    return out


def rolling(values_ly: Values, values: Values, upto: int | None = None) -> Series:
    """R12 (R4 for quarters): this year's periods to i plus last year's after i.
    Blank unless every one of the n periods is known."""
    n = len(values)
    ly = fit(values_ly, n)
    out: Series = []
    for i in range(n):
        window = list(values[: i + 1]) + ly[i + 1 :]
        if (upto is not None and i > upto) or any(v is None for v in window):
            out.append(None)
        else:
            out.append(sum(v for v in window if v is not None))
    return out


def pct_change(a: float | None, b: float | None) -> float | None:
    """a / b - 1; None when either is missing or b is 0."""
    if a is None or b is None or b == 0:
        return None
    return a / b - 1.0


def ratio(num: float | None, den: float | None) -> float | None:
    if num is None or den is None or den == 0:
        return None
    return num / den


def rate(r12: Values, denominators: Values, per: float = 1000.0) -> Series:
    """R12 / population in force x per (1,000 or 100,000)."""
    out: Series = []
    for r, d in zip(r12, denominators, strict=False):
        q = ratio(r, d)
        out.append(None if q is None else q * per)
    return out
