"""The few distribution functions the funnel plot needs, without scipy.

The regularised lower incomplete gamma P(a, x) is the series / continued fraction pair of
Numerical Recipes (Press et al., 3rd ed., section 6.2: `gser` below a + 1, `gcf` above); its
inverse is a bisection, which is slow but safe at every shape the funnel asks for (expected
counts from a fraction of one to millions). The quantile is R's default (type 7), as used by
FunnelPlotR to Winsorise z-scores.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

# standard normal quantiles of the two funnel limits (two-sided 95% and 99.8%)
Z95 = 1.959963984540054  # qnorm(0.975)
Z998 = 3.090232306167813  # qnorm(0.999)

_EPS = 1e-15
_MAX_ITER = 100_000


def _gamma_series(a: float, x: float) -> float:
    term = total = 1.0 / a
    ap = a
    for _ in range(_MAX_ITER):
        ap += 1.0
        term *= x / ap
        total += term
        if abs(term) < abs(total) * _EPS:
            break
    return total * math.exp(-x + a * math.log(x) - math.lgamma(a))


def _gamma_fraction(a: float, x: float) -> float:
    """Q(a, x) = 1 - P(a, x) by the modified Lentz continued fraction."""
    tiny = 1e-300
    b = x + 1.0 - a
    c = 1.0 / tiny
    d = 1.0 / b
    h = d
    for i in range(1, _MAX_ITER):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _EPS:
            break
    return math.exp(-x + a * math.log(x) - math.lgamma(a)) * h


def gamma_p(a: float, x: float) -> float:
    """The regularised lower incomplete gamma P(a, x) (a > 0, x >= 0)."""
    if x <= 0.0:
        return 0.0
    if x < a + 1.0:
        return _gamma_series(a, x)
    return 1.0 - _gamma_fraction(a, x)


def _gamma_pdf(a: float, x: float) -> float:
    if x <= 0.0:
        return 0.0
    return math.exp(min(700.0, -x + (a - 1.0) * math.log(x) - math.lgamma(a)))


def _wilson_hilferty(p: float, a: float) -> float:
    """A first guess: the Wilson-Hilferty cube-root normal approximation to the chi-square."""
    z = normal_quantile(p)
    k = 2.0 * a
    c = 1.0 - 2.0 / (9.0 * k) + z * math.sqrt(2.0 / (9.0 * k))
    return max(k * c**3 / 2.0, 1e-300)


def gamma_quantile(p: float, a: float) -> float:
    """x with P(a, x) = p: the p quantile of a Gamma(a, 1), i.e. qchisq(p, 2a) / 2.

    Newton steps from the Wilson-Hilferty guess, kept inside a bracket that bisection narrows
    whenever a step would leave it, so it always converges.
    """
    small = math.exp((math.log(p) + math.lgamma(a + 1.0)) / a)  # P(a, x) ~ x^a / Gamma(a + 1)
    if small < 1e-250:
        return small  # below what a float can resolve any better
    lo, hi = 0.0, a + 10.0 * math.sqrt(a) + 50.0
    while gamma_p(a, hi) < p:
        lo, hi = hi, hi * 2.0
    x = min(max(_wilson_hilferty(p, a), lo), hi)
    for _ in range(2000):
        f = gamma_p(a, x) - p
        if f < 0.0:
            lo = x
        else:
            hi = x
        pdf = _gamma_pdf(a, x)
        step = x - f / pdf if pdf > 0.0 else lo - 1.0
        x_new = step if lo < step < hi else (lo + hi) / 2.0
        if abs(x_new - x) <= 1e-12 * x_new or hi - lo <= 1e-13 * hi:
            return x_new
        x = x_new
    return x


def normal_quantile(p: float) -> float:
    """The standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9,
    refined by one Halley step on math.erfc)."""
    a = (
        -3.969683028665376e01,
        2.209460984245205e02,
        -2.759285104469687e02,
        1.383577518672690e02,
        -3.066479806614716e01,
        2.506628277459239e00,
    )
    b = (
        -5.447609879822406e01,
        1.615858368580409e02,
        -1.556989798598866e02,
        6.680131188771972e01,
        -1.328068155288572e01,
    )
    c = (
        -7.784894002430293e-03,
        -3.223964580411365e-01,
        -2.400758277161838e00,
        -2.549732539343734e00,
        4.374664141464968e00,
        2.938163982698783e00,
    )
    d = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00,
         3.754408661907416e00)  # fmt: skip
    if p < 0.02425 or p > 0.97575:
        q = math.sqrt(-2.0 * math.log(min(p, 1.0 - p)))
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / (
            (((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0
        )
        x = x if p < 0.5 else -x
    else:
        q = p - 0.5
        r = q * q
        x = (
            (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5])
            * q
            / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0)
        )
    e = 0.5 * math.erfc(-x / math.sqrt(2.0)) - p
    u = e * math.sqrt(2.0 * math.pi) * math.exp(x * x / 2.0)
    return x - u / (1.0 + x * u / 2.0)


def quantile7(values: Sequence[float], p: float) -> float:
    """R's `quantile(x, p)` (type 7: linear between order statistics)."""
    xs = sorted(values)
    h = (len(xs) - 1) * p
    lo = math.floor(h)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (h - lo) * (xs[hi] - xs[lo])
